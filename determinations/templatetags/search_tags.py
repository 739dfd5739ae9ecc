"""Template filters for the search and decision pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from determinations.parsing.registry import TREATMENT_CATEGORIES
from determinations.privacy import mask as redact_text

register = template.Library()


@register.filter
def redact(text: str) -> str:
    """Render-time safety net: stored text is masked at ingest, and once more here before it is shown."""
    return redact_text(str(text or ""))


@register.filter
def snippet(snippets: dict[int, str], case_id: int) -> SafeString:
    """The page's prepared snippet for a case: built by escaping first, then adding <mark>, so it is safe."""
    return mark_safe(snippets.get(case_id, ""))  # noqa: S308 - escaped in determinations.search.mark


@register.filter
def category_label(slug: str) -> str:
    """A treatment category's name from the registry (FORMATS.md), the slug if unknown."""
    return TREATMENT_CATEGORIES.get(slug, slug)
