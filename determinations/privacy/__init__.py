"""Find and mask personal data in letter text; say what still looks personal. Pure Python, no Django.

`scan(text)` returns the masked text, the masks it applied and its doubts: what still looks like a name
after masking (a capitalised pair of words that is neither medical vocabulary nor a guideline title). The
pipeline masks every text a public surface can show and holds a letter with doubts for staff, so an
unplaced name fails closed. `RULES_VERSION` changes whenever this package does, so a re-scan of the
archive knows which letters the current rules have not yet seen.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from determinations.privacy.rules import DETECTORS, PUBLIC_CONTACTS, Span
from determinations.privacy.vocabulary import is_known

__all__ = ["RULES_VERSION", "Mask", "Scan", "doubts", "mask", "scan"]

MASK = re.compile(r"\[(?:name|phone|email|ssn|address|claim number|policy number|case number|date of birth|"
                  r"employer)\]")


@dataclass(frozen=True, slots=True)
class Mask:
    kind: str
    original: str


@dataclass(slots=True)
class Scan:
    text: str  # masked
    masks: list[Mask] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def _spans(text: str) -> list[Span]:
    found = [span for detector in DETECTORS for span in detector(text)]
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in found:
        if span.end <= span.start or PUBLIC_CONTACTS.fullmatch(text[span.start:span.end].strip()):
            continue
        if kept and span.start < kept[-1].end:  # overlapping: the earlier, longer one wins and grows
            last = kept[-1]
            if span.end > last.end:
                kept[-1] = Span(last.start, span.end, last.kind)
            continue
        kept.append(span)
    return kept


def _masked(text: str) -> tuple[str, list[Mask]]:
    pieces: list[str] = []
    masks: list[Mask] = []
    at = 0
    for span in _spans(text):
        original = text[span.start:span.end]
        if MASK.fullmatch(original.strip()):
            continue
        pieces += [text[at:span.start], f"[{span.kind}]"]
        masks.append(Mask(span.kind, original))
        at = span.end
    pieces.append(text[at:])
    return "".join(pieces), masks


def mask(text: str) -> str:
    """The text with every personal detail the rules can place replaced by a typed mask; idempotent."""
    if not text:
        return text
    return _masked(text)[0]


# Two or more capitalised words (or words in capitals) in a row, on one line.
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'\-]+(?:[ \t]+(?:[A-Z]\.[ \t]+)?[A-Z][A-Za-z'\-]+)+")


_LOWER_WORD = re.compile(r"\b[a-z][a-z'\-]+")  # a word in lower case (already its own .lower())


def doubts(text: str) -> list[str]:
    """What still looks like a personal name in masked text: capitalised words in a row, two of them unknown.

    A word the same text also writes in lower case is ordinary vocabulary, not a name.
    """
    if not text:
        return []
    lower = set(_LOWER_WORD.findall(text))
    found: list[str] = []
    for match in _CAPITALISED.finditer(text):
        words = [w for w in re.findall(r"[A-Za-z'\-]+", match.group(0)) if len(w) > 1]
        unknown = [w for w in words if w.lower() not in lower and not is_known(w)]
        if len(unknown) >= 2 and match.group(0) not in found:
            found.append(match.group(0))
    return found


def scan(text: str) -> Scan:
    """Mask the text and list what still looks personal in it."""
    masked, masks = _masked(text or "")
    return Scan(masked, masks, doubts(masked))


def _version() -> str:
    """A hash of what decides the masks and doubts: the rules, the vocabulary and the word lists it reads."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    parsing, synth = here.parent / "parsing", here.parents[1] / "synth"
    for path in (here / "__init__.py", here / "rules.py", here / "vocabulary.py", here / "known_words.txt",
                 parsing / "registry.py", parsing / "vocabulary.py", parsing / "category_vocabulary.py",
                 synth / "vocab.py"):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


RULES_VERSION = _version()
