"""Field-by-field comparison of a parser's JSON against ground truth (pure Python).

Every field *instance* counts once in the headline: each top-level scalar, each reviewer sub-field,
five fields per item position plus its guideline (slug, cited_by) multiset and its topic/pages
multiset, the section key set plus one field per expected section, and the warnings. Missing or extra
items count as wrong for every field of that position, so dropping an item cannot raise the score.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SCALARS = (
    "is_imr_letter",
    "layout",
    "case_number",
    "decision_date",
    "injury_date",
    "ur_denial_date",
    "assigned_date",
    "application_received_date",
    "priority",
    "patient_age",
    "patient_sex",
    "outcome",
)
REVIEWER = ("specialty", "subspecialty", "licensed_states", "experience")
ITEM = ("description", "decision", "category", "is_opioid", "rationale")

_WS = re.compile(r"\s+")
_HY = re.compile("[\ufffe\u00ad]")


def _n(v: Any) -> Any:
    """Normalise strings for comparison: hyphen marks dropped, whitespace collapsed, trailing period."""
    if isinstance(v, str):
        s = _WS.sub(" ", _HY.sub("", v)).strip()
        return s or None
    return v


def _ci(v: Any) -> Any:
    v = _n(v)
    return v.lower().rstrip(".,;: ") if isinstance(v, str) else v


@dataclass
class Check:
    field: str
    ok: bool
    expected: Any
    got: Any


@dataclass
class FileResult:
    name: str
    checks: list[Check] = field(default_factory=list)
    truncated: bool = False
    layout: str | None = None
    error: str | None = None

    @property
    def right(self) -> int:
        return sum(c.ok for c in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)


def _gl_pairs(gls: list[dict] | None) -> Counter:
    return Counter((g.get("slug"), g.get("cited_by")) for g in gls or [])


def _gl_details(gls: list[dict] | None) -> Counter:
    return Counter(
        (g.get("slug"), g.get("cited_by"), _ci(g.get("topic")), _ci(g.get("pages"))) for g in gls or []
    )


def _section_ok(exp: dict, got: Any) -> bool:
    if isinstance(got, dict):  # another truth file (same shape): compare the ends directly
        return _n(got.get("starts_with")) == _n(exp.get("starts_with")) and _n(
            got.get("ends_with")
        ) == _n(exp.get("ends_with"))
    if not isinstance(got, str):
        return False
    g = _n(got) or ""
    s, e = _n(exp.get("starts_with")) or "", _n(exp.get("ends_with")) or ""
    return g.startswith(s) and g.endswith(e)


def _warning_ok(expected: list[str], got: list[str] | None) -> bool:
    """Each expected warning must be matched by some warning the parser gave (by its key words)."""
    got_l = [w.lower() for w in got or []]
    for w in expected:
        keys = [
            k for k in re.findall(r"[a-z0-9]+", w.lower()) if k not in ("no", "has", "appears", "found")
        ]
        if not any(all(k in g for k in keys) for g in got_l):
            return False
    return True


def compare(expected: dict, got: dict | None, name: str = "") -> FileResult:
    """Compare one parsed letter with its truth. `got` None means the parser failed on the file."""
    res = FileResult(name, truncated=bool(expected.get("_truncated")), layout=expected.get("layout"))
    got = got or {}
    add = res.checks.append
    for f in SCALARS:
        e, g = expected.get(f), got.get(f)
        add(Check(f, _n(e) == _n(g), e, g))
    er, gr = expected.get("reviewer") or {}, got.get("reviewer") or {}
    for f in REVIEWER:
        e, g = er.get(f), gr.get(f)
        if f == "licensed_states":
            ok = sorted(e or []) == sorted(g or [])
        else:
            ok = _n(e) == _n(g)
        add(Check(f"reviewer.{f}", ok, e, g))
    ei, gi = expected.get("items") or [], got.get("items") or []
    for k in range(max(len(ei), len(gi))):
        e = ei[k] if k < len(ei) else {}
        g = gi[k] if k < len(gi) else {}
        for f in ITEM:
            ev, gv = e.get(f), g.get(f)
            add(Check(f"items.{f}", bool(e) and bool(g) and _n(ev) == _n(gv), ev, gv))
        eg, gg = e.get("guidelines"), g.get("guidelines")
        add(
            Check(
                "items.guidelines",
                bool(e) and bool(g) and _gl_pairs(eg) == _gl_pairs(gg),
                sorted(_gl_pairs(eg).elements()),
                sorted(_gl_pairs(gg).elements()),
            )
        )
        add(
            Check(
                "items.guideline_topics_pages",
                bool(e) and bool(g) and _gl_details(eg) == _gl_details(gg),
                sorted(map(str, _gl_details(eg).elements())),
                sorted(map(str, _gl_details(gg).elements())),
            )
        )
    es, gs = expected.get("sections") or {}, got.get("sections") or {}
    add(Check("sections.keys", set(es) == set(gs), sorted(es), sorted(gs)))
    for key, exp in es.items():
        gv = gs.get(key)
        add(
            Check(
                f"sections.{key}",
                _section_ok(exp, gv),
                exp,
                (gv[:60] + " ... " + gv[-60:]) if isinstance(gv, str) and len(gv) > 130 else gv,
            )
        )
    ew, gw = expected.get("warnings") or [], got.get("warnings")
    add(Check("warnings", _warning_ok(ew, gw), ew, gw))
    return res


@dataclass
class Report:
    files: list[FileResult]

    def totals(self, pred=lambda r: True) -> tuple[int, int]:
        sel = [r for r in self.files if pred(r)]
        return sum(r.right for r in sel), sum(r.total for r in sel)

    def per_field(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for r in self.files:
            for c in r.checks:
                key = (
                    c.field
                    if not c.field.startswith("sections.") or c.field == "sections.keys"
                    else "sections.<each>"
                )
                t = out.setdefault(key, [0, 0])
                t[0] += c.ok
                t[1] += 1
        return {k: (v[0], v[1]) for k, v in out.items()}

    def worst(self, n: int) -> list[tuple[str, Check]]:
        """Misses from the worst-scoring files first (so a file that went badly wrong is visible)."""
        ranked = sorted(self.files, key=lambda r: (r.right / r.total if r.total else 0, r.name))
        out: list[tuple[str, Check]] = []
        seen_fields: set[str] = set()
        # first pass: one miss per field kind, from the worst files; then fill up, 3 per file at most
        for first in (True, False):
            for r in ranked:
                taken = 0
                for c in r.checks:
                    if c.ok or taken >= 3 or any(c is x[1] for x in out):
                        continue
                    if first and c.field in seen_fields:
                        continue
                    seen_fields.add(c.field)
                    out.append((r.name, c))
                    taken += 1
                    if len(out) >= n:
                        return out
        return out


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.2f}%" if b else "n/a"


def format_report(rep: Report, worst: int = 20) -> str:
    lines = []
    fields = rep.per_field()
    lines.append(f"{'field':40} {'right':>8} {'total':>8} {'accuracy':>9}")
    for k, (a, b) in sorted(fields.items(), key=lambda kv: kv[1][0] / max(kv[1][1], 1)):
        lines.append(f"{k:40} {a:8d} {b:8d} {pct(a, b):>9}")
    lines.append("")
    for label, pred in (
        ("complete letters", lambda r: not r.truncated),
        ("truncated letters", lambda r: r.truncated),
    ):
        a, b = rep.totals(pred)
        n = sum(1 for r in rep.files if pred(r))
        lines.append(f"{label}: {n} files, {a}/{b} fields right ({pct(a, b)})")
    for lay in ("A", "B", "C", None):
        a, b = rep.totals(lambda r, lay=lay: r.layout == lay)
        if b:
            lines.append(f"layout {lay or 'non-letter'}: {a}/{b} fields right ({pct(a, b)})")
    errors = [r for r in rep.files if r.error]
    if errors:
        lines.append(f"parser errors: {len(errors)} files (e.g. {errors[0].name}: {errors[0].error})")
    a, b = rep.totals()
    lines.append("")
    lines.append(f"FIELDS RIGHT: {a}/{b} = {pct(a, b)} over {len(rep.files)} files")
    if worst:
        lines.append("")
        lines.append(f"worst misses (up to {worst}):")
        for name, c in rep.worst(worst):
            lines.append(
                f"  {name}  {c.field}\n      expected: {_short(c.expected)}\n      got:      {_short(c.got)}"
            )
    return "\n".join(lines)


def _short(v: Any, n: int = 200) -> str:
    s = repr(v)
    return s if len(s) <= n else s[:n] + "..."
