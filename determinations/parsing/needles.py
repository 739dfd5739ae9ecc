"""Cheap prefilters for big regexes: the literal words ("needles") a pattern cannot match without.

`needles(pattern)` reads a pattern and returns lower-case strings such that every match contains at least
one of them, or None when it cannot tell (the regex must then always run). `folded(text)` is the text
to look for them in: lower case, with the non-ASCII letters that IGNORECASE matches to ASCII ones
(U+0130, U+0131, U+017F, U+212A) mapped first, so a needle is never missed where the regex would match.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


def folded(text: str) -> str:
    """`text` lower-cased for needle lookups (see the module docstring)."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def _ascii_lower(code: int) -> str | None:
    ch = chr(code)
    return ch.lower() if ch.isascii() else None


def _sequence(items) -> frozenset[str] | None:
    """Needles of a sequence of parsed items: the best of its literal runs and mandatory sub-parts."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            ch = _ascii_lower(av)
            if ch is None:
                flush()
            else:
                run.append(ch)
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            # Zero-width: the literals on either side are still adjacent in the text only for AT.
            if op is not _c.AT:
                flush()
            continue
        flush()
        sub: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            sub = _sequence(av[-1])
        elif op is _c.BRANCH:
            sub = _branch(av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            sub = _sequence(av[2])
        if sub:
            candidates.append(sub)
    flush()
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(len(n) for n in s), -len(s)))


def _branch(alternatives) -> frozenset[str] | None:
    out: set[str] = set()
    for alternative in alternatives:
        sub = _sequence(alternative)
        if not sub:
            return None
        out |= sub
    return frozenset(out)


def needles(pattern: str | re.Pattern[str], *, min_length: int = 2) -> tuple[str, ...] | None:
    """Lower-case strings of which every match of `pattern` contains one, or None (no usable prefilter)."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    try:
        found = _sequence(_parser.parse(source, flags))
    except Exception:  # noqa: BLE001 - an unreadable pattern just gets no prefilter
        return None
    if not found or min(len(n) for n in found) < min_length:
        return None
    return tuple(sorted(found))

