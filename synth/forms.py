"""The citation, hyphen and credential forms of docs/FORMATS.md layouts A and B that a reader gets wrong most
easily, as tests on a generated letter's truth (and text): which letters show which form."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_FFFE_INSIDE_WORD = re.compile(r"[A-Za-z][\ufffe\u00ad][A-Za-z]")
_COMPOUND = re.compile(r"\b[A-Za-z]+-[A-Za-z]+\b")


def _guidelines(truth: dict[str, Any]) -> list[dict[str, Any]]:
    return [g for item in truth.get("items") or [] for g in item["guidelines"]]


def _two_chapters(truth: dict[str, Any], _text: str | None) -> bool:
    return any(
        a["text"] == b["text"] and a["slug"] != b["slug"] and a["slug"].startswith("odg-")
        for item in truth.get("items") or []
        for a, b in zip(item["guidelines"], item["guidelines"][1:], strict=False)
    )


def _compound_at_mark(truth: dict[str, Any], text: str | None) -> bool:
    return text is not None and bool(_FFFE_INSIDE_WORD.search(text)) and any(
        _COMPOUND.search(item["rationale"] or "") for item in truth.get("items") or []
    )


FORMS: dict[str, Callable[[dict[str, Any], str | None], bool]] = {
    "acoem edition, part of the MTUS": lambda truth, _text: any(
        g["slug"].startswith("mtus-acoem-ch") and "Edition" in g["text"] for g in _guidelines(truth)
    ),
    "acoem edition, outside the MTUS": lambda truth, _text: any(
        g["slug"] == "acoem" and "2nd Edition" in g["text"] for g in _guidelines(truth)
    ),
    "two ODG chapters": _two_chapters,
    "second guideline after a topic": lambda truth, _text: any(
        g["text"].startswith("Other Medical Treatment Guidelines") for g in _guidelines(truth)
    ),
    "ODG chapter words in a parenthesis": lambda truth, _text: any(
        "(Thoracic and Lumbar, Acute and Chronic) Chapter" in g["text"] for g in _guidelines(truth)
    ),
    "specialty over a page footer": lambda truth, _text: "specialty_over_footer"
    in truth.get("_synth", {}).get("artefacts", []),
    "compound broken at its hyphen (text letters)": _compound_at_mark,
}
