"""Synthetic IMR determination letters with exact ground truth.

Pure Python (no Django). The generator is an independent reading of docs/FORMATS.md: it never looks at the
parser, so the parser's accuracy on these letters is a measurement, not a tautology.

    text, truth = generate_letter(random.Random(7))
    pdf_bytes, truth = generate_pdf(random.Random(7))
"""

from __future__ import annotations

import random
from typing import Any

from fpdf import FPDF

from .document import not_letter_truth, truth_from_blocks
from .generator import LetterBuilder
from .nonletters import make_nonletter
from .render_pdf import render_pdf
from .render_text import block_level_artefacts, render_text

NONLETTER_RATE = 0.02

__all__ = ["generate_letter", "generate_pdf", "NONLETTER_RATE"]


def generate_letter(
    rng: random.Random,
    *,
    layout: str | None = None,
    variant: str | None = None,
    nonletter: bool | None = None,
) -> tuple[str, dict[str, Any]]:
    """One text letter (as a PDF extractor would deliver it) and its contract-shaped truth."""
    if nonletter if nonletter is not None else (layout is None and rng.random() < NONLETTER_RATE):
        kind, text, why = make_nonletter(rng)
        return text, not_letter_truth(why, kind)
    spec, blocks = LetterBuilder(rng, layout, variant).build()
    block_level_artefacts(rng, spec, blocks, pdf=False)
    text, kept, truncated = render_text(rng, spec, blocks)
    return text, truth_from_blocks(spec, kept, truncated)


def generate_pdf(
    rng: random.Random,
    *,
    layout: str | None = None,
    variant: str | None = None,
    nonletter: bool | None = None,
) -> tuple[bytes, dict[str, Any]]:
    """One PDF letter (2-4 pages typical, `Page N of M` footers) and its truth."""
    if nonletter if nonletter is not None else (layout is None and rng.random() < NONLETTER_RATE):
        kind, text, why = make_nonletter(rng)
        pdf = FPDF(unit="pt", format="letter")
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        y = 72.0
        for line in text.replace("\f", "").split("\n"):
            pdf.text(72, y, line[:110].encode("latin-1", "replace").decode("latin-1"))
            y += 13
            if y > 720:
                pdf.add_page()
                y = 72.0
        return bytes(pdf.output()), not_letter_truth(why, kind)
    spec, blocks = LetterBuilder(rng, layout, variant).build()
    block_level_artefacts(rng, spec, blocks, pdf=True)
    data, kept, truncated = render_pdf(rng, spec, blocks)
    return data, truth_from_blocks(spec, kept, truncated)
