"""Template filters for the search and decision pages."""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from determinations import names
from determinations.privacy.display import shown

register = template.Library()


@register.filter
def redact(text: str) -> str:
    """Render-time safety net: stored text is masked at ingest, and once more here before it is shown (each
    distinct clean text is read by the scanner once per process: determinations.privacy.display)."""
    return shown(str(text or ""))


@register.filter
def snippet(snippets: dict[int, str], case_id: int) -> SafeString:
    """The page's prepared snippet for a case: built by escaping first, then adding <mark>, so it is safe."""
    return mark_safe(snippets.get(case_id, ""))  # noqa: S308 - escaped in determinations.search.mark


@register.filter
def guideline_url(guideline) -> str:
    """A guideline's page (what get_absolute_url says), worked out once per slug: a result page links dozens."""
    return _guideline_path(guideline.slug)


@lru_cache(maxsize=1024)
def _guideline_path(slug: str) -> str:
    return reverse("guideline-detail", args=[slug])


@register.filter
def category_label(slug: str) -> str:
    """A treatment category's name from the registry (docs/FORMATS.md), the slug if unknown."""
    return names.category_label(slug)


@register.filter
def lookup(mapping: dict, key):
    """`mapping[key]` in a template (a view's per-row values, keyed by id)."""
    return mapping.get(key, "")


@register.filter
def highlight(text: str, terms: list[str]) -> SafeString:
    """The text escaped, then each word starting with a search term wrapped in <mark>."""
    escaped = str(conditional_escape(text or ""))
    words = [re.escape(t) for t in terms or () if t.isalnum()]
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(r"(?<![&#\w])(?:" + "|".join(words) + r")\w*", re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308 - escaped above


@register.filter
def family_label(family: str) -> str:
    """A guideline family's name ("mtus-acoem" -> "MTUS ACOEM (chapters and topic guidelines)")."""
    return names.FAMILY_LABELS.get(family, family)


# Badges and dates: a result page shows dozens, and an include per badge costs more than the badge. Each is worked
# out once per value (a few values; a date per day of the archive).

_DECISIONS = {"upheld": "Upheld"}
_OUTCOMES = {"upheld": "Upheld", "overturned": "Overturned", "partial": "Partially overturned"}


@register.simple_tag
def decision_badge(decision: str) -> SafeString:
    """An item's decision: Upheld, or Overturned."""
    return _badge("decision", decision or "", _DECISIONS.get(decision, "Overturned"))


@register.simple_tag
def outcome_badge(outcome: str) -> SafeString:
    """A letter's outcome; "No decision" when it states none."""
    return _badge("outcome", outcome or "unknown", _OUTCOMES.get(outcome, "No decision"))


@lru_cache(maxsize=64)
def _badge(kind: str, value: str, label: str) -> SafeString:
    return format_html('<span class="badge {}-{}">{}</span>', kind, value, label)


@register.filter
@lru_cache(maxsize=8192)
def decision_date(day) -> SafeString:
    """A decision date as a <time> element ("Date not stated" when the letter gives none)."""
    if not day:
        return mark_safe("Date not stated")
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), format_date(day, "M j, Y"))
