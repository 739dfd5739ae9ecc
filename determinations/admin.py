"""Staff views of the archive: browse, correct and review cases; follow every uploaded file."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_valid_filename

from determinations import ingest, tasks
from determinations.engine import keep
from determinations.models import Case, DisputedItem, Guideline, GuidelineCitation, Reviewer, SourceDocument
from determinations.privacy import MASK
from determinations.sources import ACCEPTED_EXTENSIONS, extension
from determinations.staff import audit, progress
from determinations.staff import queue as staff_queue
from determinations.staff import views as staff_views


class DisputedItemInline(admin.StackedInline):
    model = DisputedItem
    extra = 0
    fields = ("position", "description", "decision", "category", "is_opioid", "rationale", "request_note")


def audit_table(entries) -> SafeString:
    """The audit trail of one decision, for its change page."""
    return render_to_string("admin/staff/audit_table.html", {"rows": list(audit.rows(entries[:200]))})


class CaseForm(forms.ModelForm):
    audit_note = forms.CharField(required=False, label="Why (for the audit trail)",
                                 widget=forms.TextInput(attrs={"size": 60}))

    class Meta:
        model = Case
        fields = "__all__"  # noqa: DJ007 - the admin narrows it to its own fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    form = CaseForm
    list_display = (
        "public_id", "decision_date", "outcome", "layout", "reviewer", "review_status", "has_conflict",
    )
    list_filter = ("outcome", "review_status", "has_conflict", "layout", "patient_sex", "decision_date")
    search_fields = ("=public_id", "=case_number")  # exact: an index lookup, even over millions of cases
    date_hierarchy = "decision_date"
    list_select_related = ("reviewer",)
    raw_id_fields = ("reviewer", "source_document")
    readonly_fields = ("created_at", "updated_at", "warnings", "conflict_note", "audit_trail")
    inlines = [DisputedItemInline]
    actions = ["mark_reviewed"]
    show_full_result_count = False

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        ingest.remask_case(form.instance)  # staff corrections are masked, then reach the outcome, facets and search

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        keep.after_commit()  # a deleted letter leaves the search indexes

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        keep.after_commit()

    def construct_change_message(self, request, form, formsets, add=False):
        """The admin's own message plus the before and after of each changed field and the editor's note."""
        message = super().construct_change_message(request, form, formsets, add)
        if add:
            return message
        changed = [f for f in form.changed_data if f != "audit_note"]
        before = {f: form.initial.get(f) for f in changed}
        after = {f: form.cleaned_data.get(f) for f in changed}
        for formset in formsets:
            for obj, fields in formset.changed_objects:
                after[f"{obj._meta.model_name} {obj.pk}"] = {f: getattr(obj, f, None) for f in fields}
        note = form.cleaned_data.get("audit_note", "")
        return [*message, {"staff": {"action": "edit", "note": note, "before": before, "after": after}}]

    def log_change(self, request, obj, message):
        import json

        return super().log_change(request, obj, json.loads(json.dumps(message, default=str)))

    @admin.display(description="Audit trail")
    def audit_trail(self, case: Case) -> SafeString:
        return audit_table(audit.for_case(case)) if case.pk else mark_safe("")

    @admin.action(description="Mark selected cases as reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset) -> None:
        cases = list(queryset.exclude(review_status=Case.ReviewStatus.REVIEWED))
        before = {c.pk: c.review_status for c in cases}
        updated = queryset.filter(pk__in=[c.pk for c in cases]).update(review_status=Case.ReviewStatus.REVIEWED)
        audit.record_many(request.user, [(c, {"review_status": before[c.pk]}, {"review_status": "reviewed"})
                                         for c in cases], "accept")
        self.message_user(request, f"{updated} case(s) marked reviewed.")


class GuidelineCitationInline(admin.TabularInline):
    model = GuidelineCitation
    extra = 0
    fields = ("position", "cited_by", "guideline", "topic", "pages", "text")


class RefreshesCases:
    """An admin of rows a case derives its columns from (outcome, facet arrays, search texts): after an edit the
    case it belongs to is re-masked and re-derived, and so is the case it left; after a delete, the cases it
    belonged to are re-derived."""

    case_path: str  # from this model to its case's id

    def _case_ids(self, queryset) -> set[int]:
        return set(queryset.values_list(self.case_path, flat=True))

    def save_model(self, request, obj, form, change) -> None:
        obj._left_case_ids = self._case_ids(self.model.objects.filter(pk=obj.pk)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        now = self._case_ids(self.model.objects.filter(pk=form.instance.pk))
        for case in Case.objects.filter(pk__in=now):
            ingest.remask_case(case)  # what staff typed is masked like parsed text, then re-derived
        _refresh(getattr(form.instance, "_left_case_ids", set()) - now)

    def delete_model(self, request, obj) -> None:
        ids = self._case_ids(self.model.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        _refresh(ids)

    def delete_queryset(self, request, queryset) -> None:
        ids = self._case_ids(queryset)
        super().delete_queryset(request, queryset)
        _refresh(ids)


def _refresh(case_ids: set[int]) -> None:
    for case in Case.objects.filter(pk__in=case_ids):
        ingest.refresh_case(case)


@admin.register(DisputedItem)
class DisputedItemAdmin(RefreshesCases, admin.ModelAdmin):
    list_display = ("description", "case", "decision", "category", "is_opioid")
    list_filter = ("decision", "category", "is_opioid")
    search_fields = ("description", "case__public_id")
    list_select_related = ("case",)
    raw_id_fields = ("case",)
    inlines = [GuidelineCitationInline]
    show_full_result_count = False
    case_path = "case_id"


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ("slug", "specialty", "subspecialty", "licensed_states")
    list_filter = ("specialty",)
    search_fields = ("slug", "specialty", "subspecialty")


@admin.register(Guideline)
class GuidelineAdmin(admin.ModelAdmin):
    list_display = ("slug", "family", "chapter", "title")
    list_filter = ("family",)
    search_fields = ("slug", "title")


@admin.register(GuidelineCitation)
class GuidelineCitationAdmin(RefreshesCases, admin.ModelAdmin):
    list_display = ("guideline", "cited_by", "item", "topic", "pages")
    list_filter = ("cited_by", "guideline__family")
    search_fields = ("text", "topic")
    list_select_related = ("guideline", "item")
    raw_id_fields = ("item",)
    show_full_result_count = False
    case_path = "item__case_id"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked for type and size with a message that names it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        if not files:
            raise forms.ValidationError("Choose at least one .pdf, .txt or .zip file.")
        errors = []
        for upload in files:
            if extension(upload.name) not in ACCEPTED_EXTENSIONS:
                errors.append(f"{upload.name}: only .pdf, .txt and .zip files are accepted.")
            elif error := ingest.size_error(upload.size, upload.name):
                errors.append(f"{upload.name}: {error}")
        if errors:
            raise forms.ValidationError(errors)
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Letters",
        help_text="PDF or text letters, or zip archives of them. Several files at once are fine.",
    )


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("filename", "status", "short_error", "size", "uploaded_at", "case_link")
    list_filter = ("status", "media_type")
    search_fields = ("filename", "sha256")
    list_select_related = ("case",)
    # The stored file is the record of what was uploaded: never replaced here (a new original is a new upload).
    readonly_fields = ("file", "sha256", "size", "media_type", "uploaded_at", "processed_at", "attempts", "status",
                       "error", "privacy_review", "privacy_version", "audit_trail")
    fields = ("filename", "file", "original_publishable", "status", "error", "privacy_review", "case", "sha256",
              "size", "media_type", "uploaded_at", "processed_at", "attempts", "privacy_version", "audit_trail")
    raw_id_fields = ("case",)
    show_full_result_count = False
    actions = ["publish", "mark_original_publishable", "retry", "reparse"]
    change_list_template = "admin/determinations/sourcedocument/change_list.html"

    @admin.display(description="Error")
    def short_error(self, document: SourceDocument) -> str:
        return document.error[:120]

    @admin.display(description="Case", ordering="case__public_id")
    def case_link(self, document: SourceDocument) -> str:
        if not document.case_id:
            return "-"
        return format_html('<a href="{}">{}</a>', document.case.get_absolute_url(), document.case.public_id)

    @admin.display(description="Privacy review")
    def privacy_review(self, document: SourceDocument) -> SafeString:
        """The letter's public text with each mask and each doubt highlighted, for staff deciding to publish."""
        if document.held_record:
            text = document.held_record.get("public_text") or ""
        elif document.case_id and document.case.source_document_id == document.pk:
            text = document.case.full_text
        else:
            return mark_safe("<p>No public text: this document writes no case.</p>")
        html = MASK.sub(lambda m: f'<mark style="background:#cde">{m.group(0)}</mark>', escape(text))
        for doubt in sorted(document.privacy_doubts, key=len, reverse=True):
            html = html.replace(escape(doubt), f'<mark style="background:#fc9" title="doubt">{escape(doubt)}</mark>')
        listed = "".join(f"<li>{escape(d)}</li>" for d in document.privacy_doubts) or "<li>none</li>"
        return mark_safe(  # noqa: S308 - every piece of text is escaped above
            f"<p>Doubts (orange; masks are blue):</p><ul>{listed}</ul>"
            f'<pre style="white-space:pre-wrap;max-height:40em;overflow:auto">{html}</pre>'
        )

    @admin.display(description="Audit trail")
    def audit_trail(self, document: SourceDocument) -> SafeString:
        return audit_table(audit.for_document(document)) if document.pk else mark_safe("")

    @admin.action(description="Publish selected held letters (their doubts are not personal)", permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        ids = list(queryset.filter(status=SourceDocument.Status.HELD).values_list("pk", flat=True))
        outcome = staff_queue.act(request.user, staff_queue.HELD, "publish", ids)
        self.message_user(request, outcome.message)

    @admin.action(description="Mark selected originals publishable (served with PDF metadata stripped)",
                  permissions=["change"])
    def mark_original_publishable(self, request: HttpRequest, queryset) -> None:
        documents = list(queryset.filter(original_publishable=False))
        updated = queryset.filter(pk__in=[d.pk for d in documents]).update(original_publishable=True)
        audit.record_many(request.user, [(d, {"original_publishable": False}, {"original_publishable": True})
                                         for d in documents], "original publishable")
        self.message_user(request, f"{updated} original(s) marked publishable.")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # files come in through the upload page, which stores them before anything reads them

    def can_upload(self, request: HttpRequest) -> bool:
        """Uploaders, reviewers and administrators: the add permission is the right to upload."""
        return request.user.has_perm("determinations.add_sourcedocument")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "can_upload": self.can_upload(request)})

    def get_urls(self):
        def staff(view):
            return self.admin_site.admin_view(lambda request, **kw: view(request, self.admin_site, **kw))

        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="determinations_upload"),
            path("queue/", staff(staff_views.review_queue), name="determinations_review_queue"),
            path("audit/", staff(staff_views.audit_trail), name="determinations_audit"),
            path("batches/<int:pk>/", staff(staff_views.batch_progress), name="determinations_batch_progress"),
            path("<int:pk>/original/", staff(staff_views.original), name="determinations_original"),
            *super().get_urls(),
        ]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.can_upload(request):
            return HttpResponse("Only uploaders, reviewers and administrators may upload.", status=403)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            stored, kept = [], []
            for upload in form.cleaned_data["files"]:
                document, created = ingest.store_uploaded_file(upload, get_valid_filename(upload.name))
                kept.append((document, created))
                if created or document.status in (SourceDocument.Status.PENDING, SourceDocument.Status.FAILED):
                    stored.append(document.pk)
            batch = progress.start_batch(request.user, kept)
            for pk in stored:
                transaction.on_commit(lambda pk=pk: tasks.process_document.enqueue(pk))
            self.message_user(request, f"{len(stored)} file(s) stored and queued for reading in the background.")
            if already := len(kept) - len(stored):
                self.message_user(request, f"{already} file(s) were already in the archive: nothing to do.",
                                  messages.WARNING)
            return HttpResponseRedirect(reverse("admin:determinations_batch_progress", args=[batch.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Upload letters",
            "max_letter": settings.IMR_MAX_LETTER_BYTES,
            "max_upload": settings.IMR_MAX_UPLOAD_BYTES,
        }
        return TemplateResponse(request, "admin/determinations/upload.html", context)

    @admin.action(description="Retry selected failed or pending documents", permissions=["change"])
    def retry(self, request: HttpRequest, queryset) -> None:
        """Pending ones too: a document whose task was lost is read again (reading twice duplicates nothing)."""
        statuses = (SourceDocument.Status.FAILED, SourceDocument.Status.PENDING)
        ids = list(queryset.filter(status__in=statuses).values_list("pk", flat=True))
        if ids:
            tasks.process_documents.enqueue(ids)
        self.message_user(request, f"{len(ids)} failed or pending document(s) queued for another try.")

    @admin.action(description="Re-parse selected documents with the current parser", permissions=["change"])
    def reparse(self, request: HttpRequest, queryset) -> None:
        documents = list(queryset.select_related(None).only("pk", "filename", "sha256", "status"))
        ids = [d.pk for d in documents]
        audit.record_many(request.user, [(d, {"status": d.status}, {"status": "re-parse queued"}) for d in documents],
                          "reparse")
        tasks.process_documents.enqueue(ids, reparse=True)
        self.message_user(request, f"{len(ids)} document(s) queued for re-parsing. "
                                   "To re-parse the whole archive: manage.py reparse --all")
