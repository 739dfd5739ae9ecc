"""Render a block letter as text the way PDF extractors deliver it, with extraction artefacts."""

from __future__ import annotations

import random
import re

from .document import RENDER_REAL_HYPHENS, Block, Line, Spec, wrap_text

# Compounds whose joined spelling is in use too (`non-invasive`/`noninvasive`): a break at their hyphen is
# ambiguous (the reader joins them), so the generator does not break them there.
JOINED_SPELLINGS_IN_USE: frozenset[str] = frozenset(
    ("multi-disciplinary", "non-invasive", "post-operative", "pre-operative", "x-ray", "x-rays")
)

ARTEFACT_RATES: dict[str, float] = {
    "blank_between_lines": 0.12,
    "trailing_spaces": 0.25,
    "crlf": 0.15,
    "nbsp": 0.12,
    "form_feeds": 0.15,
    "page_footers": 0.3,
    "fffe_hyphens": 0.15,
    "curly": 0.15,
    "leading_space": 0.08,
    "truncated": 0.06,
    "header_blocks": 0.4,
}


def block_level_artefacts(rng: random.Random, spec: Spec, blocks: list[Block], *, pdf: bool) -> None:
    """Artefacts that change what the text says (the truth follows them): curly quotes/dashes and
    U+FFFE line-end hyphen marks inside prose words (text letters only; PDFs get real line-end hyphens)."""
    if not pdf and rng.random() < ARTEFACT_RATES["curly"]:
        spec.artefacts.append("curly")
        for b in blocks:
            if (
                b.kind == "para"
                and any(r[0] == "rationale" for r in b.roles)
                or b.section == "case_summary"
            ):
                t = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", b.text)
                t = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", t)
                b.text = t.replace(" - ", " \u2013 ")
    if not pdf and rng.random() < ARTEFACT_RATES["fffe_hyphens"]:
        spec.artefacts.append("fffe_hyphens")
        mark = "\ufffe" if rng.random() < 0.8 else "\u00ad"
        real = "\ue000" if mark == "\ufffe" else "\ue001"
        for b in blocks:
            if b.kind != "para" or b.section not in ("case_summary", "decisions_and_rationales"):
                continue
            if not b.roles or any(r[0] != "rationale" for r in b.roles):
                if b.section != "case_summary" or b.roles or b.text.startswith("The expert reviewer"):
                    continue

            def split(m: re.Match) -> str:
                w = m.group()
                if "-" in w and rng.random() < 0.5 and w.lower() not in JOINED_SPELLINGS_IN_USE:
                    return w.replace("-", real, 1)  # "four-week" -> "four\ufffeweek" (truth: "four-week")
                if len(w) >= 9 and rng.random() < 0.15:
                    k = rng.randint(3, len(w) - 3)
                    return w[:k] + mark + w[k:]
                return w

            b.text = re.sub(r"[A-Za-z]+(?:-[A-Za-z]+)?", split, b.text)


def _header_lines(rows: list[list[str]], blocks_style: bool) -> list[str]:
    if not blocks_style:
        # pypdfium2's reading of the two-column table
        out = [f"{rows[0][0]} {rows[0][1]}"]
        for r in rows[1:3]:
            out.append(f"{r[0]} {r[1]} {r[2]} {r[3]}")
        out += [f"{rows[3][0]} {rows[3][1]} Application ", "Received: ", rows[3][3]]
        return out
    left = [r[0] for r in rows] + [r[1] for r in rows]
    lab3 = ["Date of Injury:", "UR Denial Date:", "Application Received:"]
    if len(rows[3][2]) > 12:
        lab3 = ["Date of Injury:", "UR Denial Date:", "Application", "Received:"]
    right = lab3 + [r[3] for r in rows[1:]]
    return left + right


def layout_lines(
    rng: random.Random, blocks: list[Block], width: int, header_blocks: bool, para_gap: bool
) -> list[Line]:
    lines: list[Line] = []
    for bi, b in enumerate(blocks):
        if b.kind == "table":
            for t in _header_lines(b.table or [], header_blocks):
                lines.append(Line(t, bi, 0))
            continue
        wrapped = wrap_text(b.text, lambda s: len(s) <= width)
        for k, (t, end) in enumerate(wrapped):
            trail = " " if k < len(wrapped) - 1 and b.kind == "para" else ""
            lines.append(Line(t + trail, bi, end, page_break=k == b.page_break_line))
        if para_gap and b.kind in ("para", "heading"):
            lines.append(Line(" ", -1, 0))
    return lines


def truncate(
    rng: random.Random, blocks: list[Block], lines: list[Line]
) -> tuple[list[Block], int] | None:
    """Cut the letter at a line in its last part. Returns (surviving blocks, lines kept) or None."""
    content = [k for k, ln in enumerate(lines) if ln.block >= 0]
    if len(content) < 20:
        return None
    k = content[rng.randint(int(len(content) * 0.55), len(content) - 2)]
    bi = lines[k].block
    b = blocks[bi]
    first = next(j for j, ln in enumerate(lines) if ln.block == bi)
    last = max(j for j, ln in enumerate(lines) if ln.block == bi)
    if k == last:
        return blocks[: bi + 1], k + 1
    if b.atomic:
        return blocks[:bi], first
    cut = Block(
        b.text[: lines[k].end],
        kind=b.kind,
        section=b.section,
        roles=list(b.roles),
        align=b.align,
        bold=b.bold,
    )
    return blocks[:bi] + [cut], k + 1


def render_text(rng: random.Random, spec: Spec, blocks: list[Block]) -> tuple[str, list[Block], bool]:
    """Text of the letter plus the blocks that survived (for the truth) and whether it was truncated."""
    arts = {a for a, p in ARTEFACT_RATES.items() if rng.random() < p}
    width = rng.randint(84, 100)
    para_gap = rng.random() < 0.2
    lines = layout_lines(rng, blocks, width, "header_blocks" in arts, para_gap)
    if any(b.kind == "table" for b in blocks):
        spec.artefacts.append("header_blocks" if "header_blocks" in arts else "header_pdfium")
    kept = blocks
    truncated = False
    if "truncated" in arts:
        res = truncate(rng, blocks, lines)
        if res:
            kept, n = res
            lines = lines[:n]
            truncated = True
            spec.artefacts.append("truncated")
    if para_gap:
        spec.artefacts.append("paragraph_gaps")
    per_page = rng.randint(44, 56)
    pages: list[list[str]] = [[]]
    forced = any(ln.page_break for ln in lines)
    for ln in lines:
        if len(pages[-1]) >= per_page or (ln.page_break and pages[-1]):
            pages.append([])
        pages[-1].append(ln.text)
    total = len(pages) + (rng.randint(1, 2) if truncated else 0)
    if forced:  # a value wrapped over a page's end: the footer between its lines is the point
        arts.add("page_footers")
    gap = forced and rng.random() < 0.5  # some extractors put blank lines around a footer
    out: list[str] = []
    for n, page in enumerate(pages, 1):
        out += page
        if n == len(pages) and truncated:
            break
        if "page_footers" in arts:
            out += ["", f"Page {n} of {total}", ""] if gap else [f"Page {n} of {total}"]
        if "form_feeds" in arts and n < len(pages):
            out.append("\f")
    for a in ("page_footers", "form_feeds"):
        if a in arts and len(pages) > 1:
            spec.artefacts.append(a)
    if "leading_space" in arts:
        out = [" " + t if t and rng.random() < 0.3 else t for t in out]
        spec.artefacts.append("leading_space")
    if "trailing_spaces" in arts:
        out = [t + " " * rng.randint(1, 3) if rng.random() < 0.5 else t for t in out]
        spec.artefacts.append("trailing_spaces")
    if "nbsp" in arts:
        out = [re.sub(" ", lambda m: "\u00a0" if rng.random() < 0.05 else " ", t) for t in out]
        spec.artefacts.append("nbsp")
    if "blank_between_lines" in arts:
        spaced: list[str] = []
        for t in out:
            spaced += [t, ""]
        out = spaced
        spec.artefacts.append("blank_between_lines")
    out = [t.translate(RENDER_REAL_HYPHENS) for t in out]
    nl = "\r\n" if "crlf" in arts else "\n"
    if "crlf" in arts:
        spec.artefacts.append("crlf")
    text = nl.join(out) + nl
    text = text.replace(nl + "\f" + nl, nl + "\f")
    return text, kept, truncated
