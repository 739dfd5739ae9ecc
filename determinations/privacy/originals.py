"""What the public download of a letter is: a rendering of its masked text, or a cleaned original.

The uploaded bytes are never served as they are: a letter staff marked publishable (a DWC posting) is served
with its PDF metadata removed (DWC's PDFs name a person as their author), and every other letter as a PDF
rendered from its masked text. Pure Python (fpdf2, pikepdf).
"""

from __future__ import annotations

import io

import pikepdf
from fpdf import FPDF

# fpdf2's core fonts are Latin-1: typographic marks become their plain forms, anything else a '?'.
_PLAIN = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-",
                        "\u2022": "*", "\u00ad": "", "\ufffd": "?", "\u2026": "..."})


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", errors="replace").decode("latin-1")


def render_masked_pdf(title: str, text: str) -> bytes:
    """A plain PDF of the masked letter text, with a line saying what it is; no metadata but the title."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_title(_latin1(title))
    pdf.set_creator("IMR Archive")
    pdf.set_producer("IMR Archive")
    pdf.set_margins(60, 56, 60)
    pdf.set_auto_page_break(True, 56)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 14, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(0, 11, "Published by the IMR Archive from the letter's text, with personal details masked "
                          "(shown in brackets, e.g. [name]). Layout and page breaks are not the original's.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 9.5)
    for paragraph in _latin1(text).split("\n"):
        pdf.multi_cell(0, 12, paragraph.rstrip() or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def strip_pdf_metadata(data: bytes) -> bytes:
    """The PDF without its document information, XMP metadata or page-level metadata (and without encryption)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        for page in pdf.pages:
            for key in ("/Metadata", "/PieceInfo"):
                if key in page.obj:
                    del page.obj[key]
        out = io.BytesIO()
        pdf.save(out, encryption=False, static_id=True)
    return out.getvalue()
