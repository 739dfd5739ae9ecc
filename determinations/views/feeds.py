"""Atom feeds of searches: `/decisions/feed/?<a search's query string>`.

A subscriber's reader polls the feed of a saved search and sees new decisions as they are archived. Entry
ids are the decisions' permanent absolute URLs (Django's default for an item without a guid), so an entry
never reappears as new; `updated` is when the archive last wrote the decision.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from determinations import links, stats
from determinations.forms import SearchForm
from determinations.models import Case
from determinations.views.pages import latest
from determinations.views.search import bad_request, chips

FEED_SIZE = 50


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> stats.Scope:
        return stats.scope_for(request.GET)

    def title(self, scope: stats.Scope) -> str:
        return "IMR Archive: new decisions" + (f" matching {describe(scope)}" if scope.is_filtered else "")

    def subtitle(self, scope: stats.Scope) -> str:
        return "The newest California IMR determination letters" + (
            " matching a saved search." if scope.is_filtered else " in the archive.")

    def link(self, scope: stats.Scope) -> str:
        return links.search(scope.params)

    def feed_url(self, scope: stats.Scope) -> str:
        return links.feed(scope.params)

    def items(self, scope: stats.Scope) -> list[Case]:
        return latest(scope.query, FEED_SIZE)

    def item_title(self, case: Case) -> str:
        items = list(case.items.all())
        treatments = "; ".join(i.description for i in items[:3]) + ("; …" if len(items) > 3 else "")
        sample = "[Sample data, not a real decision] " if getattr(case, "is_sample", False) else ""
        return f"{sample}{case.public_id}: {case.get_outcome_display() or 'no decision'}: {treatments}"

    def item_description(self, case: Case) -> str:
        """HTML (Atom's summary type="html"): the letter's words are escaped, so none becomes markup."""
        lines = [f"{i.description}: {i.get_decision_display()}" for i in case.items.all()]
        if case.reviewer:
            lines.append(f"Reviewer: {case.reviewer.specialty}")
        return "<br>".join(escape(line) for line in lines)

    def item_link(self, case: Case) -> str:
        return case.get_absolute_url()

    def item_pubdate(self, case: Case):
        return case.created_at

    def item_updateddate(self, case: Case):
        return case.updated_at

    def item_categories(self, case: Case) -> list[str]:
        return list(case.categories)  # the stored facet array (derive.case_derived)


def describe(scope: stats.Scope) -> str:
    """The search's conditions in words, for the feed's title: labels and names, as the search page shows them."""
    return "; ".join(f"{chip.label}: {chip.value}" for chip in chips(scope.params, scope.query))


_feed = SearchFeed()


def search_feed(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The feed of a search; 400 with the reasons when its filters cannot be used (never the whole archive)."""
    form = SearchForm(request.GET)
    if request.GET and not form.is_valid():
        return bad_request(form)
    return _feed(request, *args, **kwargs)
