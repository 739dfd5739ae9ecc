"""Line-end hyphens: join a word the PDF broke, keep the hyphen of a compound it broke at its hyphen.

pypdfium2 returns a hyphen that ended a line as U+FFFE (others as U+00AD or U+0002). It may have been a
syllable break (`documen|tation`) or the hyphen of a real compound (`evidence|based`). The mark does not
say which, so the words decide: the joined word wins when it is a word; else the hyphenated form when it
is one (seen whole, or two words such as `four`|`week`, or a compound's head such as `x`|`ray`); else the
join.

"A word" means a word the archive's letters write whole: `data/letter_words.txt`, built from the
archive's own letters by `build_vocabulary` (medical words, drug names and compounds that no general
English list has), plus the words of the letter being read. The list is loaded once per process.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("data") / "letter_words.txt"
# A mark, and what separates the word's halves: the line end, blank lines, a `Page N of M` footer.
_MARK_AND_GAP = re.compile(
    r"[\ufffe\u00ad\u0002](?:[ \t]*\n?[ \t]*Page[ \t]*\d+(?:[ \t]+of[ \t]+\d+)?(?=[ \t]*(?:\n|$)))*[ \t]*"
    r"(?:\n[ \t]*(?:[\ue0ff\f][ \t]*)?)*",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# A token touching a mark is a fragment ("documen"), not a word: masked before counting.
_AT_MARK = re.compile(r"[A-Za-z-]*\ufffe[A-Za-z-]*")
_BROKEN = re.compile(r"([A-Za-z]*)\ufffe([A-Za-z]*)")


def has_marks(text: str) -> bool:
    return "\ufffe" in text or "\u00ad" in text or "\u0002" in text


def rejoin_words(text: str) -> str:
    """Remove every line-end mark: join the word, or keep the compound's hyphen (see the module doc)."""
    text = _MARK_AND_GAP.sub("\ufffe", text)
    archive = archive_vocabulary()
    words: set[str] | None = None  # the letter's own words: only read when the archive's do not decide

    def rejoin(m: re.Match[str]) -> str:
        nonlocal words
        head, tail = m.group(1), m.group(2)
        if archive.knows((head + tail).lower()):
            return head + tail
        if words is None:
            words = letter_tokens(text)
        return head + ("-" if keep_hyphen(head, tail, words) else "") + tail

    return _BROKEN.sub(rejoin, text)


class Vocabulary:
    """Words and hyphenated compounds (lower case), and the heads of those compounds (`anti`, `x`)."""

    __slots__ = ("words", "heads")

    def __init__(self, tokens: Iterable[str]) -> None:
        self.words = frozenset(tokens)
        self.heads = frozenset(w.split("-", 1)[0] for w in self.words if "-" in w)

    def knows(self, word: str) -> bool:
        return _known(word, self.words)


def _known(word: str, words: frozenset[str] | set[str]) -> bool:
    if word in words:
        return True
    if word.endswith("ies") and word[:-3] + "y" in words:
        return True
    if word.endswith("es") and word[:-2] in words:
        return True
    return word.endswith("s") and word[:-1] in words


@cache
def archive_vocabulary() -> Vocabulary:
    """The shipped vocabulary (once per process; a missing file means an empty one)."""
    try:
        lines = VOCABULARY_FILE.read_text(encoding="utf-8").split("\n")
    except OSError:
        lines = []
    return Vocabulary(line for line in lines if line and not line.startswith("#"))


def line_end_breaks(text: str) -> list[tuple[str, str, bool]]:
    """Every word broken at a line-end mark in `text`: (head, tail, hyphen kept). For reports."""
    text = _MARK_AND_GAP.sub("\ufffe", text)
    words = letter_tokens(text)
    return [(m.group(1), m.group(2), keep_hyphen(m.group(1), m.group(2), words)) for m in _BROKEN.finditer(text)]


def letter_tokens(text: str) -> set[str]:
    """The whole words of one letter (fragments at a line-end mark left out), lower case. `text` has its
    marks normalised (`_MARK_AND_GAP`)."""
    return {t.lower() for t in _TOKEN.findall(_AT_MARK.sub(" ", text))}


def keep_hyphen(head: str, tail: str, letter_words: set[str]) -> bool:
    """True when `head`|`tail`, broken at a line end, is the compound `head-tail` rather than one word."""
    if not (head.isalpha() and tail.isalpha()):
        return False
    h, t = head.lower(), tail.lower()
    archive = archive_vocabulary()
    joined = h + t
    if _known(joined, letter_words) or archive.knows(joined):
        return False
    compound = f"{h}-{t}"
    if _known(compound, letter_words) or archive.knows(compound):
        return True
    # Two words (or a compound's head such as `x`, `anti`, `non`, and a word) that are not one word.
    head_known = h in archive.heads or (len(h) > 1 and (h in letter_words or h in archive.words))
    return head_known and (_known(t, letter_words) or archive.knows(t))


def build_vocabulary(texts: Iterable[str], *, min_count: int = 2) -> list[str]:
    """The vocabulary of a body of letters: every word or compound written whole in at least `min_count`
    letters, except a compound whose joined spelling more letters write (both in use: the join is the word)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(letter_tokens(_MARK_AND_GAP.sub("\ufffe", text)))
    kept = []
    for word, n in counts.items():
        if n < min_count or len(word) > 40:
            continue
        if "-" in word and counts.get(word.replace("-", ""), 0) > n:
            continue
        kept.append(word)
    return sorted(kept)


def main(argv: list[str] | None = None) -> int:
    """`python -m determinations.parsing.hyphens OUT PATH...`: build the vocabulary from letter files
    (.txt and .pdf, directories searched recursively) and write it to OUT."""
    import argparse

    from . import decode_text, extract_pdf_text
    from .errors import LetterError

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args(argv)

    def texts() -> Iterable[str]:
        for root in args.paths:
            files = sorted(root.rglob("*")) if root.is_dir() else [root]
            for file in files:
                if file.suffix.lower() == ".txt":
                    yield decode_text(file.read_bytes())
                elif file.suffix.lower() == ".pdf":
                    try:
                        yield extract_pdf_text(file.read_bytes())
                    except LetterError:
                        continue

    words = build_vocabulary(texts(), min_count=args.min_count)
    header = "# Words the archive's letters write whole (built by determinations/parsing/hyphens.py)\n"
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
