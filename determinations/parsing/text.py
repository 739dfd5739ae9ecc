"""Text normalisation: turn extracted letter text into clean lines, and lines into paragraphs.

PDF extractors leave artefacts (CRLF, NBSP, form feeds, U+FFFE line-end hyphens, a blank line between
every line, `Page N of M` footers). Everything downstream reads the output of `clean_lines`, so the
artefacts are handled once, here.
"""

from __future__ import annotations

import re

from .hyphens import has_marks, rejoin_words

_ODD_SPACES = {ord(c): " " for c in "\t\u00a0\u2007\u2009\u202f\u200b\u3000\x0b"}
_ODD_SPACE_CHARS = tuple(map(chr, _ODD_SPACES))
_MULTIPLE_SPACES = re.compile(r"  +")
_PAGE_BREAK = "\ue0ff"  # a form feed, while lines are cleaned
_FOOTER = re.compile(
    r"^\s*(?:page\s*\d+\s*(?:of\s*\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-)\s*$", re.IGNORECASE
)
# Lines a page header repeats at the top of each page: kept the first time, dropped afterwards.
_PAGE_HEADER = re.compile(
    r"^(?:(?:IMR\s+|MAXIMUS\s+)?Case\s+Number:?\s*CM\d\d-\d{7}|CM\d\d-\d{7}|MAXIMUS FEDERAL SERVICES,? INC\.?"
    r"|Independent Medical Review Final Determination Letter)$",
    re.IGNORECASE,
)
_MARGIN_FIRST_CHARS = frozenset("0123456789-pcmi\ue0ff")
# A line that ends a sentence or a label: a paragraph may end after it.
_TERMINATED = re.compile(r"[.:;!?][\"'\u201d\u2019)\]]*$")
_TERMINATED_LAST = frozenset(".:;!?\"'\u201d\u2019)]")  # the characters _TERMINATED can end on
# Lines that always start a new paragraph (field labels of every layout).
PARAGRAPH_STARTERS = re.compile(
    r"^(?:\d+[.)]\s|Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:|"
    r"State\(?s?\)? of Licensure|Certification\(?s?\)?\s*/\s*Specialty|The Claims Administrator based|"
    r"The Expert Reviewer based|Rationale Used in Determination|Rationale for the Decision|"
    r"The Expert Reviewer has the following|Regarding the request)",
    re.IGNORECASE,
)

# The first characters a PARAGRAPH_STARTERS line can have besides other decimal digits (U+017F matches "s" under
# IGNORECASE).
_STARTER_FIRST = frozenset("0123456789CcMmDdSsTtRr\u017f")


def collapse(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends (the contract's rule for values)."""
    return " ".join(text.split())


def clean_lines(raw: str) -> list[str]:
    """Return the letter's lines, artefacts removed; "" marks a paragraph break (a run of blank lines)."""
    # A form feed is a page break, not a paragraph break: pages often break mid-sentence.
    # It is kept as a line of its own (`_PAGE_BREAK`) until footers go, then dropped like one.
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        text = text.replace("\n\f", "\f").replace("\f", "\n" + _PAGE_BREAK + "\n")
    text = text.replace("\ufeff", "")
    if has_marks(text):  # a line-end hyphen mark: the word joined, or a compound's hyphen kept
        text = rejoin_words(text)
    if any(map(text.__contains__, _ODD_SPACE_CHARS)):
        text = text.translate(_ODD_SPACES)
    if "  " in text:
        text = _MULTIPLE_SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    lines = _drop_footers_and_headers(lines)
    if _blank_between_every_line(lines):
        lines = _undouble(lines)
    # Collapse blank runs to a single "" and trim them at both ends.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _drop_footers_and_headers(lines: list[str]) -> list[str]:
    """Drop footers and repeated page headers. A page break inside an unfinished line (a sentence or a
    field value running on: `Certification(s)/Specialty: Orthopedic` / `Page 3 of 4` / `Surgery`) is no
    paragraph break: the blank lines around such a footer go with it."""
    seen_headers: set[str] = set()
    kept: list[str] = []
    skip_blanks = False
    for line in lines:
        if not line:
            if not skip_blanks:
                kept.append(line)
            continue
        skip_blanks = False
        first = line[0].lower()
        if first not in _MARGIN_FIRST_CHARS:
            kept.append(line)
            continue
        if line == _PAGE_BREAK or _FOOTER.match(line):
            end = len(kept)
            while end and not kept[end - 1]:
                end -= 1
            if end and not (kept[end - 1][-1] in _TERMINATED_LAST and _TERMINATED.search(kept[end - 1])):
                del kept[end:]
                skip_blanks = True
            continue
        if _PAGE_HEADER.match(line):
            key = line.lower()
            if key in seen_headers:
                continue
            seen_headers.add(key)
        kept.append(line)
    return kept


def _blank_between_every_line(lines: list[str]) -> bool:
    """True when most text lines are followed by a blank line (an extractor artefact)."""
    text_lines = 0
    followed_by_blank = 0
    for i, line in enumerate(lines[:-1]):
        if line:
            text_lines += 1
            if not lines[i + 1]:
                followed_by_blank += 1
    return text_lines >= 4 and followed_by_blank >= 0.8 * text_lines


def _undouble(lines: list[str]) -> list[str]:
    """Drop the single blank line after each text line; longer blank runs stay a paragraph break."""
    out: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line:
            out.append(line)
            i += 1
            continue
        run = 0
        while i < n and not lines[i]:
            run += 1
            i += 1
        if run >= 2:
            out.append("")
    return out


def paragraphs(lines: list[str]) -> str:
    """Join lines into paragraphs: one `\\n` between paragraphs, whitespace collapsed inside.

    A paragraph ends at a blank run after a finished sentence, before a field label, or after a
    finished sentence on a visibly short line (the text did not run to the right margin).
    """
    content = [line for line in lines if line]
    if not content:
        return ""
    wide = max(len(line) for line in content)
    short = 0.8 * wide if wide > 60 else 0
    paras: list[list[str]] = [[]]
    pending_blank = False
    for line in lines:
        if not line:
            pending_blank = True
            continue
        current = paras[-1]
        if current:
            previous = current[-1]
            ends = previous[-1] in _TERMINATED_LAST and bool(_TERMINATED.search(previous))
            if (
                ((line[0] in _STARTER_FIRST or line[0].isdecimal()) and PARAGRAPH_STARTERS.match(line))
                or (ends and pending_blank)
                or (ends and len(previous) < short)
            ):
                paras.append([])
        paras[-1].append(line)
        pending_blank = False
    return "\n".join(collapse(" ".join(p)) for p in paras if p)
