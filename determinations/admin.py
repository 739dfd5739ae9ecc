"""Staff views of the archive: browse, correct and review cases; follow every uploaded file."""

from __future__ import annotations

from django.contrib import admin

from determinations.models import Case, DisputedItem, Guideline, GuidelineCitation, Reviewer, SourceDocument


class DisputedItemInline(admin.StackedInline):
    model = DisputedItem
    extra = 0
    fields = ("position", "description", "decision", "category", "is_opioid", "rationale", "request_note")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = (
        "public_id", "decision_date", "outcome", "layout", "reviewer", "review_status", "has_conflict",
    )
    list_filter = ("outcome", "review_status", "has_conflict", "layout", "patient_sex", "decision_date")
    search_fields = ("public_id", "case_number", "items_text")
    date_hierarchy = "decision_date"
    list_select_related = ("reviewer",)
    raw_id_fields = ("reviewer", "source_document")
    readonly_fields = ("created_at", "updated_at", "warnings", "conflict_note")
    inlines = [DisputedItemInline]
    actions = ["mark_reviewed"]
    show_full_result_count = False

    @admin.action(description="Mark selected cases as reviewed")
    def mark_reviewed(self, request, queryset) -> None:
        updated = queryset.update(review_status=Case.ReviewStatus.REVIEWED)
        self.message_user(request, f"{updated} case(s) marked reviewed.")


class GuidelineCitationInline(admin.TabularInline):
    model = GuidelineCitation
    extra = 0
    fields = ("position", "cited_by", "guideline", "topic", "pages", "text")


@admin.register(DisputedItem)
class DisputedItemAdmin(admin.ModelAdmin):
    list_display = ("description", "case", "decision", "category", "is_opioid")
    list_filter = ("decision", "category", "is_opioid")
    search_fields = ("description", "case__public_id")
    list_select_related = ("case",)
    raw_id_fields = ("case",)
    inlines = [GuidelineCitationInline]
    show_full_result_count = False


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
class GuidelineCitationAdmin(admin.ModelAdmin):
    list_display = ("guideline", "cited_by", "item", "topic", "pages")
    list_filter = ("cited_by", "guideline__family")
    search_fields = ("text", "topic")
    list_select_related = ("guideline", "item")
    raw_id_fields = ("item",)
    show_full_result_count = False


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("filename", "status", "error", "size", "uploaded_at", "case")
    list_filter = ("status",)
    search_fields = ("filename", "sha256")
    list_select_related = ("case",)
    readonly_fields = ("sha256", "size", "media_type", "uploaded_at", "processed_at", "attempts")
    raw_id_fields = ("case",)
    show_full_result_count = False
