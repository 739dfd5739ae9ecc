"""The letter as a list of tagged blocks, and the ground truth read off those tags.

Truth comes from what the generator *put* in the letter (tags on each block), never from parsing the
rendered text, so a truncated letter's truth is simply the truth of the blocks that survive the cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_WS = re.compile(r"\s+")
_HY = re.compile("[\ufffe\u00ad]")
# A compound broken at its own hyphen (`evidence-based` at a line end): rendered as the extractor's mark
# (U+FFFE or U+00AD), read as the hyphen it is (docs/FORMATS.md: the hyphen stays when the joined word is no
# word). Private-use characters in the block text, so the truth knows which breaks were real hyphens.
REAL_HYPHEN_MARKS = {"\ue000": "\ufffe", "\ue001": "\u00ad"}
_REAL_HY = re.compile("[\ue000\ue001]")
RENDER_REAL_HYPHENS = str.maketrans(REAL_HYPHEN_MARKS)


def norm(s: str) -> str:
    """The contract's normalisation: drop line-end hyphen marks (a compound's keeps its hyphen), collapse
    whitespace, strip."""
    return _WS.sub(" ", _HY.sub("", _REAL_HY.sub("-", s))).strip()


@dataclass
class Block:
    text: str  # may hold "\n" = a hard line break inside the paragraph
    kind: str = "para"  # "title" | "heading" | "para" | "table"
    section: str | None = None
    roles: list[tuple] = field(default_factory=list)
    align: str = "L"
    bold: bool = False
    table: list[list[str]] | None = None  # header table rows (label, value, label, value)
    page_break_line: int | None = None  # a new page starts at this line of the block (after a footer)

    @property
    def atomic(self) -> bool:
        """A truncation may not cut inside blocks whose meaning needs the whole text."""
        if self.kind != "para":
            return True
        return any(r[0] != "rationale" for r in self.roles)


@dataclass
class Spec:
    """Everything the letter states, before rendering (truth values, already normalised)."""

    layout: str
    variant: str
    case_number: str | None = None
    decision_date: str | None = None
    injury_date: str | None = None
    ur_denial_date: str | None = None
    assigned_date: str | None = None
    application_received_date: str | None = None
    priority: str | None = None
    patient_age: int | None = None
    patient_sex: str | None = None
    specialty: str | None = None
    subspecialty: str | None = None
    licensed_states: list[str] | None = None
    experience: str | None = None
    items: list[dict] = field(default_factory=list)  # description, decision, category, is_opioid
    ca_cites: list[list[dict]] = field(default_factory=list)
    rev_cites: list[list[dict]] = field(default_factory=list)
    artefacts: list[str] = field(default_factory=list)


def truth_from_blocks(spec: Spec, blocks: list[Block], truncated: bool) -> dict[str, Any]:
    roles: dict[tuple, bool] = {}
    for b in blocks:
        for r in b.roles:
            roles[r[:2]] = True

    def has(*r: Any) -> bool:
        return tuple(r) in roles

    out: dict[str, Any] = {"is_imr_letter": True, "layout": spec.layout}
    for f in (
        "case_number",
        "decision_date",
        "ur_denial_date",
        "assigned_date",
        "application_received_date",
        "priority",
    ):
        out[f] = getattr(spec, f) if has("hdr", f) else None
    out["injury_date"] = (
        spec.injury_date if (has("hdr", "injury_date") or has("injury_prose", 0)) else None
    )
    if has("prose", "application_received_date") and out["application_received_date"] is None:
        out["application_received_date"] = spec.application_received_date
    if has("prose", "ur_denial_date") and out["ur_denial_date"] is None:
        out["ur_denial_date"] = spec.ur_denial_date
    pat = has("patient", 0)
    out["patient_age"] = spec.patient_age if pat else None
    out["patient_sex"] = spec.patient_sex if pat else None

    items = []
    for i, it in enumerate(spec.items):
        if not has("item", i):
            continue
        rat_parts = []
        for b in blocks:
            for r in b.roles:
                if r[0] == "rationale" and r[1] == i:
                    rat_parts.append(norm(b.text[r[2] :]))
        rat = " ".join(p for p in rat_parts if p) or None
        gls = []
        if has("ca", i):
            gls += [dict(c) for c in spec.ca_cites[i]]
        if has("rev", i):
            gls += [dict(c) for c in spec.rev_cites[i]]
        items.append(
            {
                "description": it["description"],
                "decision": it["decision"],
                "category": it["category"],
                "is_opioid": it["is_opioid"],
                "rationale": rat,
                "guidelines": gls,
            }
        )
    rev = {
        "specialty": spec.specialty if has("reviewer", "specialty") else None,
        "subspecialty": spec.subspecialty if has("reviewer", "specialty") else None,
        "licensed_states": list(spec.licensed_states or []) if has("reviewer", "states") else [],
        "experience": spec.experience if has("reviewer", "experience") else None,
    }
    known = rev["specialty"] or rev["licensed_states"] or rev["experience"]
    decisions = {it["decision"] for it in items}
    outcome = (
        None
        if not items
        else (
            "partial" if len(decisions) > 1 else ("upheld" if decisions == {"upheld"} else "overturned")
        )
    )
    out.update({"outcome": outcome, "reviewer": rev if known else None, "items": items})

    sections: dict[str, list[str]] = {}
    for b in blocks:
        if b.section and b.kind == "para":
            t = norm(b.text)
            if t:
                sections.setdefault(b.section, []).append(t)
    full = {k: "\n".join(v) for k, v in sections.items()}
    out["sections"] = {k: {"starts_with": v[:60], "ends_with": v[-60:]} for k, v in full.items()}

    warnings = []
    if out["case_number"] is None:
        warnings.append("no case number")
    if out["decision_date"] is None:
        warnings.append("no decision date")
    if out["patient_age"] is None:
        warnings.append("no patient age")
    if not items:
        warnings.append("no disputed items found")
    for n, it in enumerate(items, 1):
        if it["rationale"] is None:
            warnings.append(f"item {n} has no rationale")
    if truncated:
        warnings.append("letter appears truncated")
    out["warnings"] = warnings
    if truncated:
        out["_truncated"] = True
    out["_synth"] = {"variant": spec.variant, "artefacts": sorted(set(spec.artefacts))}
    return out


def not_letter_truth(why: str, kind: str) -> dict[str, Any]:
    return {
        "is_imr_letter": False,
        "layout": None,
        "case_number": None,
        "decision_date": None,
        "injury_date": None,
        "ur_denial_date": None,
        "assigned_date": None,
        "application_received_date": None,
        "priority": None,
        "patient_age": None,
        "patient_sex": None,
        "outcome": None,
        "reviewer": None,
        "items": [],
        "sections": {},
        "warnings": [why],
        "_synth": {"variant": f"nonletter-{kind}", "artefacts": []},
    }


@dataclass
class Line:
    text: str
    block: int  # index into blocks, -1 for footers and blank lines
    end: int  # offset in the block text where this line ends
    page_break: bool = False  # a new page starts with this line


def wrap_text(text: str, fits, hyphenate=None) -> list[tuple[str, int]]:
    """Greedy word wrap at spaces, honouring hard breaks. Returns (line, end offset) pairs.

    `fits(s)` says whether a line fits; `hyphenate(word, room)` may split a long word, returning
    the head (ending in '-') and the tail, or None."""
    out: list[tuple[str, int]] = []
    pos = 0
    for hard in text.split("\n"):
        words = [(m.group(), m.start() + pos, m.end() + pos) for m in re.finditer(r"\S+", hard)]
        line = ""
        line_end = pos
        i = 0
        while i < len(words):
            w, s, e = words[i]
            cand = w if not line else f"{line} {w}"
            if fits(cand) or not line:
                if not line and not fits(cand) and hyphenate is None:
                    pass
                line, line_end = cand, e
                i += 1
                continue
            if hyphenate is not None:
                split = hyphenate(line, w)
                if split:
                    head, tail = split
                    out.append((f"{line} {head}", s + len(head) - 1))
                    words[i] = (tail, s + len(head) - 1, e)
                    line = ""
                    continue
            out.append((line, line_end))
            line = ""
        if line:
            out.append((line, line_end))
        pos += len(hard) + 1
    return out
