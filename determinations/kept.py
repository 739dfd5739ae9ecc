"""What a process keeps for one state of the archive: read again only after a write.

The archive's token changes with every statement that writes letters, items, citations or reviewers (migrations
0021 and 0023), so a figure computed under one token stands until the next write. A figure is kept only if the
token read before computing it is still the token after (nothing committed in between); a new token drops
everything kept for the old one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")

_kept: dict[Hashable, object] = {}
_token: list[str | None] = [None]


def archive_token() -> str | None:
    """The archive's current token: every statement writing letters, items, citations or reviewers sets a new one
    (migrations 0021 and 0023)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token::text FROM determinations_archivetoken")
        row = cursor.fetchone()
    return row[0] if row else None


def kept(key: Hashable, compute: Callable[[], T | None]) -> T | None:
    """`compute()`'s value for this state of the archive, computed at most once per state in this process (a
    None, "not computed now", is not kept)."""
    token = archive_token()
    if token is not None and token == _token[0] and key in _kept:
        return _kept[key]  # type: ignore[return-value]
    value = compute()
    if value is not None and token is not None and archive_token() == token:
        if token != _token[0]:
            _kept.clear()
            _token[0] = token
        _kept[key] = value
    return value


def forget() -> None:
    """Drop everything kept (benchmarks time a page as first seen after a write)."""
    _kept.clear()
    _token[0] = None
