"""An upload (one submission of the upload page) and the files it brought, for its progress page."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UploadBatch(models.Model):
    """One submission of the upload page: its letters, and the zips whose letters it brought."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expected = models.PositiveIntegerField(
        default=0, help_text="Letters expected: plain files plus the letters counted in each zip at upload.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Upload {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class BatchFile(models.Model):
    """A file of a batch. Its status is the document's, unless this batch's copy was a duplicate or refused."""

    batch = models.ForeignKey(UploadBatch, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey("determinations.SourceDocument", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=255)
    is_archive = models.BooleanField(default=False, help_text="A zip: a container, not counted as a letter.")
    outcome = models.CharField(max_length=10, blank=True,
                               help_text="'duplicate' or 'failed' when this copy wrote nothing of its own.")
    error = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["batch", "is_archive"], name="batchfile_batch")]

    def __str__(self) -> str:
        return self.filename
