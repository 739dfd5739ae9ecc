"""A table of authorities, as DOCX (python-docx) and PDF (fpdf2, already the archive's PDF writer).

One entry per decision, sorted by case number as a brief lists them: the citation line, the holding, each
disputed item with its decision and the guidelines the reviewer cited, the user's note, and optionally the
first sentences of the rationale. Built from one list of `Authority` so the two formats cannot disagree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.text import slugify

from determinations.citing import citation_line, holding, reviewer_guidelines
from determinations.models import Case, DisputedItem, GuidelineCitation
from determinations.privacy import mask

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
EXCERPT_WORDS = 60


@dataclass
class Authority:
    citation: str
    url: str
    holding: str
    items: list[str]
    note: str
    excerpt: str


def load(case_ids: list[int], notes: dict[int, str], base: str, excerpts: bool) -> list[Authority]:
    """Everything the document shows, in four queries whatever the number of decisions."""
    citations = GuidelineCitation.objects.select_related("guideline").order_by("position")
    items = DisputedItem.objects.order_by("position").prefetch_related(Prefetch("citations", queryset=citations))
    cases = (Case.objects.filter(pk__in=case_ids)
             .only("pk", "public_id", "case_number", "decision_date", "outcome", "rationale_text")
             .prefetch_related(Prefetch("items", queryset=items)).order_by("public_id"))
    authorities = []
    for case in cases:
        lines = []
        for item in case.items.all():
            guidelines = reviewer_guidelines(item)
            lines.append(f"{item.description}: {item.get_decision_display()}"
                         + (f" (guidelines: {'; '.join(guidelines)})" if guidelines else ""))
        words = mask(case.rationale_text or "").split()
        excerpt = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "") if excerpts else ""
        authorities.append(Authority(citation_line(case), base + case.get_absolute_url(), holding(case.items.all()),
                                     lines, notes.get(case.pk, ""), excerpt))
    return authorities


def docx_bytes(title: str, authorities: list[Authority]) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(f"Table of Authorities: {title}", level=1)
    document.add_paragraph("California Independent Medical Review determinations (IMR Archive).")
    for authority in authorities:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(authority.citation)
        run.bold = True
        document.add_paragraph(f"Holding: {authority.holding}")
        for line in authority.items:
            document.add_paragraph(line, style="List Bullet")
        if authority.note:
            document.add_paragraph(f"Note: {authority.note}").runs[0].italic = True
        if authority.excerpt:
            quote = document.add_paragraph(f"Rationale (excerpt): {authority.excerpt}")
            quote.runs[0].font.size = Pt(9)
        document.add_paragraph(authority.url)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_LATIN1 = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-"})


def _latin1(text: str) -> str:
    """The PDF core fonts are latin-1: straighten quotes and dashes, replace what is left."""
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def pdf_bytes(title: str, authorities: list[Authority]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_margins(72, 72, 72)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 18, _latin1(f"Table of Authorities: {title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 14, "California Independent Medical Review determinations (IMR Archive).",
                   new_x="LMARGIN", new_y="NEXT")
    for authority in authorities:
        pdf.ln(8)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 14, _latin1(authority.citation), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 13, _latin1(f"Holding: {authority.holding}"), new_x="LMARGIN", new_y="NEXT")
        for line in authority.items:
            pdf.multi_cell(0, 13, _latin1(f"- {line}"), new_x="LMARGIN", new_y="NEXT")
        if authority.note:
            pdf.set_font("Helvetica", "I", 10)
            pdf.multi_cell(0, 13, _latin1(f"Note: {authority.note}"), new_x="LMARGIN", new_y="NEXT")
        if authority.excerpt:
            pdf.set_font("Helvetica", "", 9)
            pdf.multi_cell(0, 12, _latin1(f"Rationale (excerpt): {authority.excerpt}"), new_x="LMARGIN",
                           new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 12, authority.url, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def response(fmt: str, title: str, case_ids: list[int], notes: dict[int, str], base: str, *,
             excerpts: bool = False) -> HttpResponse:
    authorities = load(case_ids, notes, base, excerpts)
    body = docx_bytes(title, authorities) if fmt == "docx" else pdf_bytes(title, authorities)
    reply = HttpResponse(body, content_type=FORMATS[fmt])
    reply["Content-Disposition"] = f'attachment; filename="authorities-{slugify(title) or "imr"}.{fmt}"'
    return reply
