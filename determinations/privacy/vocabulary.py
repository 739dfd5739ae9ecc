"""Words that are not names: medical vocabulary, guideline titles, drug names and the letters' own prose.

A capitalised pair of words the scanner cannot place is doubtful unless its words are known here, so this
list decides what is held for review. It is built from the archive's own vocabularies (the guideline
registry, the parser's drug and category lists, the synthetic letters' medical vocabulary) plus
`known_words.txt` beside this file, and never holds a person's name.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from types import ModuleType

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def _strings(value: object, depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if depth > 4:
        return []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k, depth + 1) + _strings(v, depth + 1)]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for v in value for s in _strings(v, depth + 1)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for name in value.__dataclass_fields__ for s in _strings(getattr(value, name), depth + 1)]
    return []


def _module_words(module: ModuleType) -> set[str]:
    words: set[str] = set()
    for name, value in vars(module).items():
        if name.isupper():
            for text in _strings(value):
                words.update(w.lower() for w in _WORD.findall(text))
    return words


def _synth_vocabulary() -> ModuleType:
    """The synthetic letters' medical vocabulary, loaded on its own (the synth package imports PDF tooling)."""
    path = Path(__file__).parents[2] / "synth" / "vocab.py"
    spec = importlib.util.spec_from_file_location("determinations_privacy_synth_vocab", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def known_words() -> frozenset[str]:
    from determinations.parsing import category_vocabulary, registry, vocabulary

    vocab = _synth_vocabulary()
    words: set[str] = set()
    for module in (registry, vocabulary, category_vocabulary, vocab):
        words |= _module_words(module)
    listed = (Path(__file__).with_name("known_words.txt")).read_text()
    words.update(w.lower() for line in listed.splitlines() if not line.startswith("#") for w in _WORD.findall(line))
    return frozenset(words)


def is_known(word: str) -> bool:
    """Medical, legal or ordinary vocabulary (so not, by itself, a sign of a name)."""
    word = word.strip(".,;:'()\"").lower()
    if word.endswith("'s"):
        word = word[:-2]
    return len(word) < 2 or word in known_words() or word.rstrip("s") in known_words()
