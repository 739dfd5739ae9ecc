"""Template helpers of the staff desk: the admin index's work summary and a letter's masks highlighted."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from determinations.privacy import MASK

register = template.Library()


@register.filter
def highlight_masks(text: str | None) -> SafeString:
    """The masked text, escaped, with each mask marked."""
    return mark_safe(MASK.sub(lambda m: f"<mark>{m.group(0)}</mark>", escape(text or "")))  # noqa: S308


@register.inclusion_tag("admin/staff/desk_summary.html", takes_context=True)
def staff_desk_summary(context) -> dict:
    from determinations.staff import desk, queue
    from determinations.staff.models import UploadBatch

    user = context["request"].user
    if not user.has_perm("determinations.view_sourcedocument"):
        return {"show": False}
    return {"show": True, "work": desk.summary(), "queue": queue.counts() if user.has_perm(
        "determinations.change_case") else None, "batches": UploadBatch.objects.all()[:5]}
