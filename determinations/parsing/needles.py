"""Cheap prefilters for big regexes: the literal words ("needles") a pattern cannot match without.

`needles(pattern)` reads a pattern (with a small reader of its own: the standard library's regex parser is
private) and returns lower-case strings such that every match contains at least
one of them, or None when it cannot tell (the regex must then always run). `folded(text)` is the text
to look for them in: lower case, with the non-ASCII letters that IGNORECASE matches to ASCII ones
(U+0130, U+0131, U+017F, U+212A) mapped first, so a needle is never missed where the regex would match.
"""

from __future__ import annotations

import re

_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


def folded(text: str) -> str:
    """`text` lower-cased for needle lookups (see the module docstring)."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def _ascii_lower(code: int) -> str | None:
    ch = chr(code)
    return ch.lower() if ch.isascii() else None


# The reader turns a pattern into items: ("lit", char), ("at",) a zero-width position (\\b, ^, $, inline flags),
# ("assert",) a lookaround, ("sub", alternatives) a group, ("repeat", min, items), ("other",) anything else
# (classes, ".", \\s, back-references). Anything it does not know is "other": fewer needles, never a wrong one.
_AT_ESCAPES = frozenset("bBAZ")
_ESCAPE_WIDTHS = {"x": 2, "u": 4, "U": 8}
_QUANTIFIER = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")


def _read(src: str, i: int = 0) -> tuple[list[list[tuple]], int]:
    """The alternatives from `src[i]` to the closing parenthesis of this level (or the end), and where it stopped."""
    alternatives: list[list[tuple]] = [[]]
    while i < len(src) and src[i] != ")":
        if src[i] == "|":
            alternatives.append([])
            i += 1
            continue
        atom, i = _atom(src, i)
        low = None
        if i < len(src) and src[i] in "*+?":
            low, i = (1 if src[i] == "+" else 0), i + 1
        elif i < len(src) and src[i] == "{" and (q := _QUANTIFIER.match(src, i)):
            low, i = int(q.group(1) or 0), q.end()
        if low is not None:
            if i < len(src) and src[i] in "?+":  # lazy or possessive
                i += 1
            atom = ("repeat", low, [atom])
        alternatives[-1].append(atom)
    return alternatives, i


def _atom(src: str, i: int) -> tuple[tuple, int]:
    char = src[i]
    if char == "(":
        return _group(src, i)
    if char == "[":
        j = i + 1 + (src[i + 1:i + 2] == "^")
        j += src[j:j + 1] == "]"
        while j < len(src) and src[j] != "]":
            j += 2 if src[j] == "\\" else 1
        return ("other",), j + 1
    if char in "^$":
        return ("at",), i + 1
    if char == ".":
        return ("other",), i + 1
    if char == "\\":
        escaped = src[i + 1:i + 2]
        if escaped in _AT_ESCAPES:
            return ("at",), i + 2
        if escaped in _ESCAPE_WIDTHS:
            return ("other",), i + 2 + _ESCAPE_WIDTHS[escaped]
        if escaped == "N":
            return ("other",), src.index("}", i) + 1
        if escaped.isalnum():
            return ("other",), i + 2
        return ("lit", escaped), i + 2
    return ("lit", char), i + 1


def _group(src: str, i: int) -> tuple[tuple, int]:
    if src.startswith("(?#", i) or src.startswith("(?P=", i):  # a comment, a back-reference
        return ("other",), src.index(")", i) + 1
    kind, start = "sub", i + 1
    if src.startswith("(?P<", i):
        start = src.index(">", i) + 1
    elif src.startswith("(?", i):
        for prefix, found in (("(?:", "sub"), ("(?>", "sub"), ("(?=", "assert"), ("(?!", "assert"),
                              ("(?<=", "assert"), ("(?<!", "assert")):
            if src.startswith(prefix, i):
                kind, start = found, i + len(prefix)
                break
        else:  # inline flags: (?i) alone, or (?i:...) scoping a group
            j = i + 2
            while j < len(src) and src[j] not in ":)":
                j += 1
            if src[j:j + 1] == ")":
                return ("at",), j + 1
            start = j + 1
    alternatives, j = _read(src, start)
    if j >= len(src):
        raise ValueError("unbalanced parenthesis")
    return ((kind,) if kind == "assert" else ("sub", alternatives)), j + 1


def _sequence(items) -> frozenset[str] | None:
    """Needles of a sequence of items: the best of its literal runs and mandatory sub-parts."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for item in items:
        op = item[0]
        if op == "lit":
            if item[1].isascii():
                run.append(item[1].lower())
            else:
                flush()
            continue
        if op == "at":  # zero-width: the literals on either side are still adjacent in the text
            continue
        flush()
        sub: frozenset[str] | None = None
        if op == "sub":
            sub = _branch(item[1])
        elif op == "repeat" and item[1] >= 1:
            sub = _sequence(item[2])
        if sub:
            candidates.append(sub)
    flush()
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(len(n) for n in s), -len(s)))


def _branch(alternatives) -> frozenset[str] | None:
    if len(alternatives) == 1:
        return _sequence(alternatives[0])
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
    if flags & re.VERBOSE:
        return None  # white space and comments in the pattern: not read here
    try:
        alternatives, end = _read(source)
        found = _branch(alternatives) if end == len(source) else None
    except (ValueError, IndexError):  # an unreadable pattern just gets no prefilter
        return None
    if not found or min(len(n) for n in found) < min_length:
        return None
    return tuple(sorted(found))

