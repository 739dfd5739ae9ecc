"""The desk's data: saved searches and their alert outbox, folders of decisions.

A decision is announced to a user at most once (Announcement is unique per user and case); the message that
announces it is written in the same transaction as the Announcement rows (an outbox), so a run that dies
after that commit leaves the message pending for the next run to send instead of losing or repeating it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.urls import reverse


def new_token() -> str:
    """Unguessable (256 bits), URL-safe: unsubscribe and share links work without signing in."""
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class SavedSearch(models.Model):
    """A results URL's query string kept under a name; new matches are e-mailed at the chosen frequency."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    querystring = models.CharField(max_length=2000, blank=True, help_text="The search's parameters, as in its URL.")
    frequency = models.CharField(max_length=6, choices=Frequency.choices, default=Frequency.DAILY)
    alerts = models.BooleanField(default=True, help_text="Off once unsubscribed.")
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Decisions archived up to this moment have been considered for this search (no backlog on saving).
    checked_through = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["frequency", "user"], name="desk_search_due",
                                condition=models.Q(alerts=True))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("decision-list") + (f"?{self.querystring}" if self.querystring else "")

    @property
    def params(self) -> QueryDict:
        return QueryDict(self.querystring)


class Announcement(models.Model):
    """This decision has been put in an alert message to this user: never again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("determinations.Case", on_delete=models.CASCADE, related_name="+")
    search = models.ForeignKey(SavedSearch, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.ForeignKey("AlertMessage", on_delete=models.CASCADE, related_name="announcements")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="desk_announced_once")]


class AlertMessage(models.Model):
    """One alert e-mail, written before it is sent (the outbox) and marked when it has been."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    unsubscribe_url = models.CharField(max_length=300, blank=True, help_text="For the List-Unsubscribe header.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    refused = models.CharField(max_length=500, blank=True, help_text="The SMTP server's permanent refusal.")

    class Meta:
        indexes = [models.Index(fields=["id"], name="desk_message_pending",
                                condition=models.Q(sent_at=None, refused=""))]


class ApiToken(models.Model):
    """An account holder's key to the JSON API. Only its SHA-256 is stored: the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user) -> str:
        key = new_token()
        cls.objects.create(user=user, digest=cls.digest_of(key))
        return key


class Folder(models.Model):
    """A user's named set of decisions with a note each, shareable read-only by an unguessable link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=200)
    share_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("desk:folder", args=[self.pk])


class FolderEntry(models.Model):
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey("determinations.Case", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["folder", "case"], name="desk_folder_case_once")]
