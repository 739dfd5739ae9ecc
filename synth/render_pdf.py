"""Render a block letter as a PDF (fpdf2, core Helvetica), laid out line by line so that the truth
knows exactly what each page holds (for truncated last pages and line-end hyphens)."""

from __future__ import annotations

import random

from fpdf import FPDF

from .document import Block, Line, Spec, wrap_text
from .render_text import JOINED_SPELLINGS_IN_USE, truncate

_LATIN1 = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\ufffe": "",
        "\u00ad": "",
        "\ue000": "-",
        "\ue001": "-",
    }
)

PAGE_W, PAGE_H = 612.0, 792.0
LEFT, RIGHT, TOP, BOTTOM = 72.0, 72.0, 64.0, 70.0
BODY = 11.0
LEAD = 13.8

_WIDTHS: dict[str, dict[str, int]] = {}


def _cw(style: str) -> dict[str, int]:
    if style not in _WIDTHS:
        pdf = FPDF(unit="pt")
        pdf.set_font("Helvetica", style, BODY)
        _WIDTHS[style] = dict(pdf.current_font.cw)
    return _WIDTHS[style]


def text_width(s: str, style: str = "", size: float = BODY) -> float:
    cw = _cw(style)
    return sum(cw.get(ch, 500) for ch in s) * size / 1000.0


def sanitize(blocks: list[Block]) -> None:
    """Core fonts are latin-1: straighten quotes and dashes, drop hyphen marks (truth follows)."""
    for b in blocks:
        b.text = b.text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")
        if b.table:
            b.table = [[c.translate(_LATIN1) for c in row] for row in b.table]


class _Placed:
    __slots__ = ("line", "page", "y", "style", "align", "size")

    def __init__(self, line: Line, page: int, y: float, style: str, align: str, size: float):
        self.line, self.page, self.y, self.style, self.align, self.size = (
            line,
            page,
            y,
            style,
            align,
            size,
        )


def _layout(
    rng: random.Random, blocks: list[Block], hyphens: bool
) -> tuple[list[_Placed], list[tuple], int]:
    avail = PAGE_W - LEFT - RIGHT
    placed: list[_Placed] = []
    tables: list[tuple] = []  # (page, y, rows)
    page, y = 1, TOP
    gap = rng.choice((6.0, 8.0, 11.0))

    def hyph(line: str, word: str):
        head, _, tail = word.partition("-")
        if head.isalpha() and tail.isalpha() and word.lower() not in JOINED_SPELLINGS_IN_USE:
            # a compound breaks at its own hyphen (the extractor marks it; the truth keeps the hyphen)
            room = avail - text_width(line + " ")
            return (head + "-", tail) if text_width(head + "-") <= room else None
        if not word.isalpha() or len(word) < 8:
            return None
        room = avail - text_width(line + " ")
        for k in range(len(word) - 3, 2, -1):
            if text_width(word[:k] + "-") <= room:
                return word[:k] + "-", word[k:]
        return None

    for bi, b in enumerate(blocks):
        if b.kind == "table":
            h = LEAD * 5 + 4
            if y + h > PAGE_H - BOTTOM:
                page, y = page + 1, TOP
            tables.append((page, y, b.table, bi))
            y += h + gap * 2
            continue
        style = "B" if b.bold else ""
        size = BODY + (1.5 if b.kind == "title" and b.bold else 0)
        use_h = hyphens and b.kind == "para" and not b.atomic
        wrapped = wrap_text(
            b.text, lambda s, st=style, sz=size: text_width(s, st, sz) <= avail, hyph if use_h else None
        )
        if b.kind == "heading":
            y += gap
            if y + LEAD * 3 > PAGE_H - BOTTOM:
                page, y = page + 1, TOP
        for k, (t, end) in enumerate(wrapped):
            if y + LEAD > PAGE_H - BOTTOM or (k and k == b.page_break_line):
                page, y = page + 1, TOP
            placed.append(_Placed(Line(t, bi, end), page, y, style, b.align, size))
            y += LEAD
        y += gap if b.kind != "title" else 1.0
    return placed, tables, page


def render_pdf(rng: random.Random, spec: Spec, blocks: list[Block]) -> tuple[bytes, list[Block], bool]:
    """PDF bytes, the surviving blocks, and whether the last page was truncated."""
    sanitize(blocks)
    hyphens = rng.random() < 0.25
    placed, tables, n_pages = _layout(rng, blocks, hyphens)
    if hyphens and any(p.line.text.endswith("-") and p.line.text[-2:-1].isalpha() for p in placed):
        spec.artefacts.append("pdf_hyphens")
    kept_blocks, truncated = blocks, False
    if rng.random() < 0.06:
        res = truncate(rng, blocks, [p.line for p in placed])
        if res:
            kept_blocks, n = res
            placed = placed[:n]
            truncated = True
            spec.artefacts.append("truncated")
    last_page = max([p.page for p in placed] + [t[0] for t in tables] + [1])
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_creator("Acrobat PDFMaker 15 for Word")
    pdf.set_producer("Adobe PDF Library 15.0")
    if rng.random() < 0.5:
        pdf.set_encryption(owner_password=f"{rng.getrandbits(64):x}", user_password="")
        spec.artefacts.append("encrypted")
    by_page: dict[int, list[_Placed]] = {}
    for p in placed:
        by_page.setdefault(p.page, []).append(p)
    for pg in range(1, last_page + 1):
        pdf.add_page()
        for tpage, ty, rows, _bi in tables:
            if tpage == pg:
                _table(pdf, ty, rows)
        cur = None
        for p in by_page.get(pg, []):
            if cur != (p.style, p.size):
                pdf.set_font("Helvetica", p.style, p.size)
                cur = (p.style, p.size)
            x = LEFT
            if p.align == "C":
                x = (PAGE_W - text_width(p.line.text, p.style, p.size)) / 2
            pdf.text(x, p.y + p.size, p.line.text)
        pdf.set_font("Helvetica", "", 8.5)
        cur = None
        footer = f"Page {pg} of {n_pages}"
        pdf.text((PAGE_W - text_width(footer, "", 8.5)) / 2, PAGE_H - 40, footer)
    spec.artefacts.append("page_footers")
    return bytes(pdf.output()), kept_blocks, truncated


def _table(pdf: FPDF, y: float, rows: list[list[str]]) -> None:
    """The 2016-17 header: a bordered four-column table, labels in bold."""
    widths = (118.0, 114.0, 118.0, 118.0)
    pdf.set_draw_color(0, 0, 0)
    x0 = LEFT
    for r, row in enumerate(rows):
        h = LEAD * (2 if r == 3 else 1)
        x = x0
        for c, cell in enumerate(row):
            if r == 0 and c >= 2:
                pdf.set_fill_color(230, 230, 230)
                pdf.rect(x, y, widths[c], h, style="DF")
            else:
                pdf.rect(x, y, widths[c], h)
            pdf.set_font("Helvetica", "B" if c % 2 == 0 else "", 9.5)
            if cell == "Application Received:":
                pdf.text(x + 2, y + 9.5, "Application")
                pdf.text(x + 2, y + 9.5 + LEAD, "Received:")
            elif cell:
                pdf.text(x + 2, y + 9.5, cell)
            x += widths[c]
        y += h
