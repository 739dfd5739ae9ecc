"""Figures a process keeps for one state of the archive: read again only after a write.

The archive's token (`search.archive_token`) changes with every statement that writes letters, items, citations
or reviewers, so a figure computed under one token stands until the next write. A figure is kept only if the
token read before computing it is still the token after (nothing committed in between); a new token drops
everything kept for the old one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

_kept: dict[Hashable, object] = {}
_token: list[str | None] = [None]


def kept(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`'s value for this state of the archive, computed at most once per state in this process."""
    from determinations.search import archive_token

    token = archive_token()
    if token is not None and token == _token[0] and key in _kept:
        return _kept[key]  # type: ignore[return-value]
    value = compute()
    if token is not None and archive_token() == token:
        if token != _token[0]:
            _kept.clear()
            _token[0] = token
        _kept[key] = value
    return value


def forget() -> None:
    """Drop everything kept (benchmarks time a page as first seen after a write)."""
    _kept.clear()
    _token[0] = None
