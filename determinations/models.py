"""The archive's data model: one Case per determination letter, built from a stored SourceDocument.

Everything a public page filters or sorts on is a column with an index; the full-text vector is a
generated column, so PostgreSQL keeps it current on every write and no job can leave it stale.
"""

from __future__ import annotations

import hashlib

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Reverse, Substr
from django.urls import reverse

from determinations.derive import SEARCH_CONFIG
from determinations.parsing.registry import TREATMENT_CATEGORIES
from determinations.querysets import CaseQuerySet, DisputedItemQuerySet


class Decision(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    OVERTURNED = "overturned", "Overturned"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    OVERTURNED = "overturned", "Overturned"
    PARTIAL = "partial", "Partially overturned"


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"


class Layout(models.TextChoices):
    A = "A", "A: DWC posting"
    B = "B", "B: letterhead"
    C = "C", "C: professional review"


class CitedBy(models.TextChoices):
    CLAIMS_ADMINISTRATOR = "claims_administrator", "Claims administrator"
    REVIEWER = "reviewer", "Expert reviewer"


Category = models.TextChoices(
    "Category", {slug.replace("-", "_").upper(): (slug, label) for slug, label in TREATMENT_CATEGORIES.items()}
)


def storage_name(sha256: str) -> str:
    """Content-addressed, so the same bytes always land in the same place and names never clash."""
    return f"letters/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def source_upload_path(document: SourceDocument, filename: str) -> str:
    return storage_name(document.sha256)


class SourceDocument(models.Model):
    """Every file ever uploaded, kept whole before anything reads it, so nothing is ever lost."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PARSED = "parsed", "Parsed"
        FAILED = "failed", "Failed"
        REJECTED = "rejected", "Rejected (not an IMR letter)"
        DUPLICATE = "duplicate", "Duplicate of an archived letter"
        EXPANDED = "expanded", "Zip expanded"
        HELD = "held", "Held for privacy review"

    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(upload_to=source_upload_path, max_length=200)
    filename = models.CharField(max_length=255)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    text = models.TextField(blank=True, help_text="Text extracted from the file.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    case = models.ForeignKey(
        "Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Privacy: a letter whose masked text still looks personal is held here, never written as a public case,
    # until staff publish it (which runs the pipeline's writer on `held_record`).
    held_record = models.JSONField(
        null=True, blank=True, editable=False,
        help_text="A held letter's masked record, public text and request notes, as the writer takes them.",
    )
    privacy_doubts = models.JSONField(
        default=list, blank=True, editable=False, help_text="What still looked personal after masking."
    )
    privacy_cleared = models.JSONField(
        default=list, blank=True, editable=False, help_text="Doubts staff saw and published the letter with."
    )
    privacy_version = models.CharField(
        max_length=16, blank=True, editable=False, help_text="The privacy rules that last scanned this document."
    )
    original_publishable = models.BooleanField(
        default=False,
        help_text="Serve the uploaded file itself (its PDF metadata stripped) as the public original, e.g. a DWC "
                  "letter as posted. Otherwise the public original is a rendering of the masked letter.",
    )

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [
            models.Index(fields=["status", "-uploaded_at"], name="doc_status_uploaded"),
            models.Index(fields=["-uploaded_at"], name="doc_uploaded"),
            models.Index(fields=["privacy_version", "id"], name="doc_privacy_version"),
            models.Index(fields=["processed_at"], name="doc_processed"),  # the staff desk's hourly throughput
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class ReviewerQuerySet(models.QuerySet):
    def specialty_names(self) -> dict[str, str]:
        """Specialty slug -> name, one row a specialty (unordered: the profiles' ordering would make DISTINCT
        keep every profile, 11,554 rows at 1,000,000 letters instead of 38)."""
        return dict(self.order_by().values_list("specialty_slug", "specialty").distinct())


class Reviewer(models.Model):
    """An anonymous reviewer profile: a specialty and a set of licensure states, never a person."""

    slug = models.SlugField(max_length=200, unique=True)
    specialty = models.CharField(max_length=200)
    specialty_slug = models.SlugField(max_length=200)
    subspecialty = models.CharField(max_length=300, blank=True)
    licensed_states = ArrayField(models.CharField(max_length=40), default=list, blank=True)

    objects = ReviewerQuerySet.as_manager()

    class Meta:
        ordering = ["specialty", "subspecialty", "slug"]
        indexes = [
            models.Index(fields=["specialty_slug"], name="reviewer_specialty"),
            GinIndex(fields=["licensed_states"], name="reviewer_states_gin"),
        ]

    def __str__(self) -> str:
        states = ", ".join(self.licensed_states) or "no state given"
        sub = f" ({self.subspecialty})" if self.subspecialty else ""
        return f"{self.specialty}{sub}: {states}"

    def get_absolute_url(self) -> str:
        return reverse("reviewer-detail", args=[self.slug])


class Guideline(models.Model):
    """The canonical guideline registry of docs/FORMATS.md, loaded by a data migration."""

    slug = models.SlugField(max_length=80, unique=True)
    family = models.CharField(max_length=20, db_index=True)
    chapter = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["family", "chapter", "slug"]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("guideline-detail", args=[self.slug])


class Case(models.Model):
    """One determination letter."""

    class ReviewStatus(models.TextChoices):
        OK = "ok", "Parsed cleanly"
        NEEDS_REVIEW = "needs_review", "Needs review"
        REVIEWED = "reviewed", "Reviewed by staff"

    public_id = models.SlugField(
        max_length=40, unique=True, help_text="The case number, or a stable id derived from the letter's text."
    )
    case_number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    decision_date = models.DateField(null=True, blank=True)
    injury_date = models.DateField(null=True, blank=True)
    ur_denial_date = models.DateField(null=True, blank=True)
    assigned_date = models.DateField(null=True, blank=True)
    application_received_date = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=20, blank=True)
    patient_age = models.PositiveSmallIntegerField(null=True, blank=True)
    patient_sex = models.CharField(max_length=6, choices=Sex.choices, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    layout = models.CharField(max_length=1, choices=Layout.choices, blank=True)
    reviewer = models.ForeignKey(Reviewer, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    reviewer_experience = models.CharField(max_length=200, blank=True)
    source_document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sections = models.JSONField(default=dict, blank=True)
    full_text = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    review_status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OK)
    has_conflict = models.BooleanField(
        default=False, help_text="Another file with this case number parsed to different content."
    )
    conflict_note = models.TextField(blank=True)
    record_digest = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of the parsed decision, to tell a copy from a conflict."
    )

    # Denormalised text the search vector is built from, written by the ingestion pipeline.
    items_text = models.TextField(blank=True)
    guidelines_text = models.TextField(blank=True)
    summary_text = models.TextField(blank=True)
    rationale_text = models.TextField(blank=True)
    # Denormalised from the items, so search facets count one array per case instead of joining items.
    categories = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    reviewer_guidelines = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    # Stored inline (migration 0006: STORAGE MAIN, wide texts pushed to TOAST): a recheck reads one heap row.
    search_vector = models.GeneratedField(
        expression=SearchVector("items_text", weight="A", config=SEARCH_CONFIG)
        + SearchVector("guidelines_text", weight="B", config=SEARCH_CONFIG)
        + SearchVector("summary_text", weight="C", config=SEARCH_CONFIG)
        + SearchVector("rationale_text", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="case_search_gin"),
            GinIndex(fields=["categories"], name="case_categories_gin"),
            GinIndex(fields=["reviewer_guidelines"], name="case_guidelines_gin"),
            models.Index(fields=["-decision_date", "-id"], name="case_decided"),
            # newest() sorts NULLS LAST, which case_decided (DESC = NULLS FIRST) cannot serve. The included
            # columns make it a narrow copy of what filters and facets read: index-only scans, no heap.
            models.Index(F("decision_date").desc(nulls_last=True), F("id").desc(), name="case_newest",
                         include=["outcome", "reviewer", "injury_date", "patient_age", "patient_sex",
                                  "categories", "reviewer_guidelines"]),
            models.Index(fields=["injury_date"], name="case_injured"),
            models.Index(fields=["outcome", "-decision_date"], name="case_outcome_decided"),
            models.Index(fields=["patient_age"], name="case_age"),
            models.Index(fields=["patient_sex"], name="case_sex"),
            models.Index(fields=["reviewer", "-decision_date"], name="case_reviewer_decided"),
            models.Index(fields=["created_at"], name="case_created"),  # the alert run reads the new letters
            # The results page's count-and-facets statement reads the first matches in id order (the order they
            # were archived) from this narrow copy: an index-only scan instead of the wide heap rows.
            models.Index(fields=["id"], name="case_facet_scan",
                         include=["outcome", "decision_date", "reviewer", "categories", "reviewer_guidelines",
                                  "injury_date", "patient_age", "patient_sex"]),
            # Partial case numbers (search words like "CM16-02130" or "0213037"): a prefix of the whole number
            # (the unique column's own varchar_pattern_ops index), a prefix of its serial part, or a suffix
            # (reversed), each answered by an index range scan.
            models.Index(OpClass(Substr("case_number", 6), name="text_pattern_ops"), name="case_serial_prefix"),
            models.Index(OpClass(Reverse("case_number"), name="text_pattern_ops"), name="case_number_suffix"),
            models.Index(
                fields=["review_status"],
                name="case_needs_review",
                condition=~Q(review_status="ok"),
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    def get_absolute_url(self) -> str:
        return reverse("decision-detail", args=[self.public_id])



class DisputedItem(models.Model):
    """A treatment in dispute, with the reviewer's decision on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    description = models.TextField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    category = models.CharField(max_length=30, choices=Category.choices, default="other")
    is_opioid = models.BooleanField(default=False)
    rationale = models.TextField(blank=True)
    request_note = models.TextField(blank=True, help_text="The partly-authorised request sentence, as written.")
    # The slugs of the guidelines the expert reviewer cited for this item, sorted, once each: written by the
    # ingestion writer with the citations and kept exact by a trigger on citations (migration 0009), so the
    # guideline filter and chart read the item row instead of joining citations and de-duplicating.
    reviewer_guidelines = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    description_vector = models.GeneratedField(
        expression=SearchVector("description", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = DisputedItemQuerySet.as_manager()

    class Meta:
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="item_unique_position"),
        ]
        indexes = [
            models.Index(fields=["category", "decision"], name="item_category_decision"),
            models.Index(fields=["decision"], name="item_decision"),
            # Opioid searches read every opioid item's decision and category (and guidelines) from this alone.
            models.Index(fields=["case"], include=["decision", "category", "reviewer_guidelines"], name="item_opioid",
                         condition=Q(is_opioid=True)),
            # The same-item EXISTS of CaseQuerySet.with_item() answered from the index alone (no items heap); with
            # the guideline array included, the statistics' live item pass is index-only too.
            models.Index(fields=["case", "decision", "category"], include=["is_opioid", "reviewer_guidelines"],
                         name="item_case_covering"),
            GinIndex(fields=["reviewer_guidelines"], name="item_guidelines_gin"),
            GinIndex(fields=["description_vector"], name="item_description_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.get_decision_display()}"


class GuidelineCitation(models.Model):
    """An item cites a guideline: who cited it, which part, as written."""

    item = models.ForeignKey(DisputedItem, on_delete=models.CASCADE, related_name="citations")
    # (no index of its own: citation_guideline_item leads with it)
    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="citations", db_index=False)
    cited_by = models.CharField(max_length=22, choices=CitedBy.choices)
    position = models.PositiveSmallIntegerField(default=0)
    topic = models.TextField(blank=True)
    pages = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["item", "position"]
        indexes = [
            models.Index(fields=["guideline", "cited_by", "item"], name="citation_guideline_item"),
        ]  # (`item` has its foreign key's index)

    def __str__(self) -> str:
        return f"{self.guideline.slug} ({self.get_cited_by_display()})"


# The statistics' summary tables, kept current by database triggers; see stats/models.py.
from determinations.stats.models import (  # noqa: E402, F401, I001
    GuidelineCaseStat, GuidelineCitedStat, GuidelineStat, GuidelineTermItemStat, GuidelineTermMonthStat,
    GuidelineTermPairStat, ItemStat, MonthStat, ReviewerCaseStat, ReviewerItemStat,
)

# The worker's heartbeat (leases of background tasks); see ops_models.py.
from determinations.ops_models import WorkerHeartbeat  # noqa: E402, F401, I001
# The staff desk's upload batches (progress pages); see staff/models.py.
from determinations.staff.models import BatchFile, UploadBatch  # noqa: E402, F401, I001
