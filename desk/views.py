"""The desk's pages: thin views; the alert run is in alerts.py, the documents in authorities.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from desk import authorities
from desk.forms import AddToFolderForm, SaveSearchForm
from desk.models import ApiToken, Folder, FolderEntry, Frequency, SavedSearch, new_token
from determinations import links
from determinations.forms import SearchForm
from determinations.models import Case
from determinations.privacy.display import shown
from determinations.search import filtered, ranked_ids

SEARCH_EXPORT_LIMIT = 200  # decisions in a table of authorities made from a results page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/home.html", {
        "searches": SavedSearch.objects.filter(user=request.user),
        "folders": Folder.objects.filter(user=request.user).annotate(size=Count("entries")),
        "frequencies": Frequency.choices,
    })


@login_required
@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The search was not saved: give it a name.")
        return redirect(links.search(QueryDict(request.POST.get("querystring", "").lstrip("?"))))
    SavedSearch.objects.create(user=request.user, checked_through=timezone.now(), **form.cleaned_data)
    messages.success(request, f"Saved “{form.cleaned_data['name']}”.")
    return redirect("desk:home")


@login_required
@require_POST
def edit_search(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if request.POST.get("delete"):
        search.delete()
    else:
        if request.POST.get("frequency") in Frequency.values:
            search.frequency = request.POST["frequency"]
        search.alerts = bool(request.POST.get("alerts"))
        search.save(update_fields=["frequency", "alerts"])
    return redirect("desk:home")


@csrf_exempt  # the token is the credential: mail clients' one-click unsubscribe (RFC 8058) posts without a form
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without signing in. GET asks (link scanners follow links); POST unsubscribes."""
    search = get_object_or_404(SavedSearch, unsubscribe_token=token)
    if request.method == "POST":
        search.alerts = False
        search.save(update_fields=["alerts"])
    return render(request, "desk/unsubscribe.html", {"search": search, "done": not search.alerts})


@login_required
@require_POST
def api_token(request: HttpRequest) -> HttpResponse:
    """A new API key, shown once; or every key of the account revoked."""
    if request.POST.get("revoke"):
        ApiToken.objects.filter(user=request.user).delete()
        messages.success(request, "Every API token of this account is revoked.")
    else:
        messages.success(request, f"Your new API token (shown only now): {ApiToken.issue(request.user)}")
    return redirect("desk:home")


@login_required
@require_POST
def add_to_folder(request: HttpRequest) -> HttpResponse:
    form = AddToFolderForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not added: choose a folder or name a new one.")
        return redirect(request.POST.get("next") or "desk:home")
    case = get_object_or_404(Case, public_id=form.cleaned_data["case"])
    if form.cleaned_data.get("folder"):
        folder = get_object_or_404(Folder, pk=form.cleaned_data["folder"], user=request.user)
    else:
        folder, _ = Folder.objects.get_or_create(user=request.user, name=form.cleaned_data["new_folder"].strip())
    FolderEntry.objects.update_or_create(folder=folder, case=case, defaults={"note": form.cleaned_data["note"]})
    messages.success(request, f"Added {case.public_id} to “{folder.name}”.")
    return redirect(folder)


def _entries(folder: Folder, *, shared: bool = False) -> list[FolderEntry]:
    """The folder's decisions with their notes. Shared, others read it: the owner's notes and the folder's name
    are masked like every public text (an attorney may write a client's name or a claim number there)."""
    entries = list(folder.entries.select_related("case"))
    if shared:
        folder.name = shown(folder.name)
        for entry in entries:
            entry.note = shown(entry.note)
    return entries


@login_required
def folder_page(request: HttpRequest, pk: int) -> HttpResponse:
    folder = get_object_or_404(Folder, pk=pk, user=request.user)
    if request.method == "POST":
        entry = get_object_or_404(FolderEntry, pk=request.POST.get("entry"), folder=folder)
        if request.POST.get("remove"):
            entry.delete()
        else:
            entry.note = request.POST.get("note", "")
            entry.save(update_fields=["note"])
        return redirect(folder)
    return render(request, "desk/folder.html", {"folder": folder, "entries": _entries(folder), "owner": True})


@login_required
@require_POST
def share_folder(request: HttpRequest, pk: int) -> HttpResponse:
    folder = get_object_or_404(Folder, pk=pk, user=request.user)
    folder.share_token = None if request.POST.get("stop") else (folder.share_token or new_token())
    folder.save(update_fields=["share_token"])
    return redirect(folder)


def shared_folder(request: HttpRequest, token: str) -> HttpResponse:
    folder = get_object_or_404(Folder, share_token=token)
    entries = _entries(folder, shared=True)
    return render(request, "desk/folder.html", {"folder": folder, "entries": entries, "owner": False})


@login_required
def folder_authorities(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    folder = get_object_or_404(Folder, pk=pk, user=request.user)
    return _folder_document(folder, fmt, request)


def shared_authorities(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    return _folder_document(get_object_or_404(Folder, share_token=token), fmt, request, shared=True)


def _folder_document(folder: Folder, fmt: str, request: HttpRequest, *, shared: bool = False) -> HttpResponse:
    if fmt not in authorities.FORMATS:
        raise Http404("No such format")
    entries = _entries(folder, shared=shared)
    return authorities.response(fmt, folder.name, [e.case_id for e in entries],
                                {e.case_id: e.note for e in entries}, request.build_absolute_uri("/")[:-1],
                                excerpts=request.GET.get("excerpts") == "1")


def search_authorities(request: HttpRequest, fmt: str) -> HttpResponse:
    """Any results page as a table of authorities: its first SEARCH_EXPORT_LIMIT decisions, in its order."""
    if fmt not in authorities.FORMATS:
        raise Http404("No such format")
    query = SearchForm(request.GET).to_query()
    ranked = ranked_ids(query, 0, SEARCH_EXPORT_LIMIT)  # the results page's order, when the search index answers
    ids = ranked[1] if ranked else list(filtered(query).values_list("pk", flat=True)[:SEARCH_EXPORT_LIMIT])
    return authorities.response(fmt, "Search results", ids, {}, request.build_absolute_uri("/")[:-1],
                                excerpts=request.GET.get("excerpts") == "1")
