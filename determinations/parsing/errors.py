"""The one exception family the letter reader raises (text parsing itself never raises)."""

from __future__ import annotations


class LetterError(Exception):
    """A document could not be read as a letter (unreadable file, bad PDF...)."""


class PdfError(LetterError):
    """A PDF that cannot be read: corrupt, locked by a real password, or without a text layer."""


class PdfNoTextError(PdfError):
    """A PDF that opens but has no text at all (a scanned image, or blank pages)."""
