"""Limits that keep one anonymous request from hurting the service.

Bodies are refused from their declared length before anything reads them (only staff may send a large one,
and only to the upload page); query strings are capped in length and in values per parameter; and every
database connection a web request opens gets a statement timeout, so a slow query is cancelled (503)
instead of holding a connection. The worker, migrations and commands never pass through here and keep
no timeout.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Iterator
from urllib.parse import parse_qsl

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from imr_archive import replicas

logger = logging.getLogger(__name__)
_in_web_request: contextvars.ContextVar[bool] = contextvars.ContextVar("in_web_request", default=False)


@receiver(connection_created)
def _web_statement_timeout(sender, connection, **kwargs) -> None:
    """A connection opened while serving a request is a web connection: it gets the timeout for life."""
    if _in_web_request.get() and connection.vendor == "postgresql" and settings.IMR_WEB_STATEMENT_TIMEOUT_MS:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)",
                           [str(settings.IMR_WEB_STATEMENT_TIMEOUT_MS)])


def _refuse(status: int, message: str) -> HttpResponse:
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


class RequestLimitsMiddleware:
    """Placed right after the session middleware: it needs the session to know staff, and runs before CSRF
    (which would read the body) and before any view parses the query string."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self.refusal(request)
        if refused is not None:
            return refused
        public = is_public_read(request)
        token, read_token = _in_web_request.set(True), replicas.public_reads(public)
        try:
            response = self.get_response(request)
        finally:
            _in_web_request.reset(token)
            replicas.end_public_reads(read_token)
        if response.streaming:  # the rows of an export are read after this returns: keep the flags on
            response.streaming_content = _flagged(response.streaming_content, public)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_query_timeout(exception):
            return _refuse(503, "This request took too long and was stopped; try a narrower search.")
        if isinstance(exception, OperationalError | InterfaceError):  # the database is restarting or failing over
            logger.error("database unavailable: %s", exception)
            response = _refuse(503, "The database is unavailable for a moment; try again in a few seconds.")
            response["Retry-After"] = "5"
            return response
        return None

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        query = request.META.get("QUERY_STRING", "")
        if len(query) > settings.IMR_MAX_QUERY_STRING:
            return _refuse(414, f"The query string is longer than {settings.IMR_MAX_QUERY_STRING:,} characters.")
        if query.count("&") >= settings.IMR_MAX_PARAM_VALUES:
            counts: dict[str, int] = {}
            for key, _ in parse_qsl(query, keep_blank_values=True):
                counts[key] = counts.get(key, 0) + 1
                if counts[key] > settings.IMR_MAX_PARAM_VALUES:
                    return _refuse(400, f"Too many values for {key!r}: at most {settings.IMR_MAX_PARAM_VALUES}.")
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(400, "Content-Length is not a number.")
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if length <= settings.IMR_MAX_BODY_BYTES and not chunked:
            return None
        if request.path != settings.IMR_UPLOAD_PATH:
            return _refuse(413, f"Request bodies are limited to {settings.IMR_MAX_BODY_BYTES:,} bytes.")
        if chunked:
            return _refuse(411, "Uploads need a Content-Length.")
        if length > settings.IMR_MAX_UPLOAD_BYTES + 1024 * 1024:  # room for the form's other fields
            return _refuse(413, f"Uploads are limited to {settings.IMR_MAX_UPLOAD_BYTES:,} bytes.")
        from django.contrib.auth import get_user

        user = get_user(request)
        if not (user.is_active and user.is_staff):
            return _refuse(403, "Only signed-in staff may upload.")
        return None


def is_public_read(request: HttpRequest) -> bool:
    """An anonymous read of a public page: the only kind of request a read replica may answer."""
    return (request.method in ("GET", "HEAD") and not request.path.startswith(("/admin/", "/healthz", "/readyz"))
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)


def _flagged(chunks: Iterator, public: bool) -> Iterator:
    token, read_token = _in_web_request.set(True), replicas.public_reads(public)
    try:
        yield from chunks
    finally:
        with contextlib.suppress(ValueError):  # closed from another context (garbage collection)
            _in_web_request.reset(token)
            replicas.end_public_reads(read_token)


def is_query_timeout(exc: BaseException) -> bool:
    """A statement cancelled by the web timeout (psycopg's QueryCanceled, wrapped by Django)."""
    cause = exc.__cause__
    return isinstance(exc, OperationalError) and cause is not None and type(cause).__name__ == "QueryCanceled"
