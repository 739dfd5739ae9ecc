"""The ingestion pipeline end to end on real PostgreSQL, real PDFs and real zips, bad input included."""

from __future__ import annotations

import io
import zipfile

import pytest
from fpdf import FPDF

from determinations.ingest import ingest_bytes, ingest_files
from determinations.models import Case, DisputedItem, SourceDocument
from tests.conftest import LETTERS

pytestmark = pytest.mark.django_db

REAL_PDF = LETTERS / "CM16-0213037.pdf"


def pdf_bytes(text: str | None = None, *, user_password: str | None = None, image_only: bool = False) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    if user_password:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    if image_only:
        pdf.rect(20, 20, 100, 60, style="F")
    else:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 5, text or "hello")
    return bytes(pdf.output())


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_real_pdf_is_stored_then_parsed_into_a_case():
    result = ingest_bytes(REAL_PDF.read_bytes(), REAL_PDF.name)
    assert result.status == "parsed", result.error
    case = Case.objects.get(public_id="CM16-0213037")
    assert case.case_number == "CM16-0213037"
    assert case.items.count() == 2 and case.outcome == "upheld"
    document = case.documents.get()
    assert document.status == "parsed" and document.sha256 == SourceDocument.hash_bytes(REAL_PDF.read_bytes())
    assert document.file.read() == REAL_PDF.read_bytes()  # kept whole


def test_same_bytes_again_is_a_duplicate_and_changes_nothing():
    first = ingest_bytes(REAL_PDF.read_bytes(), REAL_PDF.name)
    again = ingest_bytes(REAL_PDF.read_bytes(), "renamed.pdf")
    assert (first.status, again.status, again.created) == ("parsed", "duplicate", False)
    assert (SourceDocument.objects.count(), Case.objects.count(), DisputedItem.objects.count()) == (1, 1, 2)


def test_text_letter_without_case_number_gets_a_stable_identifier(sample_text_letter):
    result = ingest_bytes(sample_text_letter.encode(), "letter.txt")
    assert result.status == "parsed"
    assert result.case_public_id.startswith("imr-")
    # the same letter with other line ends is the same case
    again = ingest_bytes(sample_text_letter.replace("\n", "\r\n").encode(), "letter-crlf.txt")
    assert again.case_public_id == result.case_public_id
    assert Case.objects.count() == 1


def test_letter_parsed_with_warnings_is_marked_for_review(sample_text_letter):
    ingest_bytes(sample_text_letter.encode(), "letter.txt")
    case = Case.objects.get()
    assert case.warnings and case.review_status == "needs_review"


def test_non_utf8_text_is_read(sample_text_letter):
    data = sample_text_letter.replace("year old", "year old\u2019s").encode("cp1252")
    assert ingest_bytes(data, "cp1252.txt").status == "parsed"


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.pdf", "empty"),
        (b"", "empty.txt", "empty"),
        (b"Thoracic facet injection: Upheld", "renamed.pdf", "not a PDF"),
        (b"%PDF-1.7\n garbage that is not a pdf \x00\x01", "corrupt.pdf", "PDF"),
        (b"\x00\x01\x02\x03" * 400, "binary.txt", "binary"),
    ],
)
def test_bad_files_fail_with_a_clear_error_and_are_kept(data, name, words):
    result = ingest_bytes(data, name)
    assert result.status == "failed"
    assert words.lower() in result.error.lower()
    if data:
        document = SourceDocument.objects.get(pk=result.document_id)
        assert document.status == "failed" and document.error == result.error
    assert Case.objects.count() == 0


def test_pdf_locked_with_a_real_password_fails_clearly():
    result = ingest_bytes(pdf_bytes("Case Number: CM16-0000001", user_password="secret"), "locked.pdf")
    assert result.status == "failed"
    assert "password" in result.error.lower()


def test_image_only_pdf_fails_clearly():
    result = ingest_bytes(pdf_bytes(image_only=True), "scan.pdf")
    assert result.status == "failed"
    assert "text" in result.error.lower()


def test_text_that_is_not_a_letter_is_rejected():
    result = ingest_bytes(b"Invoice 2231\nTotal due: $120.00\nThank you for your business.", "invoice.txt")
    assert result.status == "rejected"
    assert Case.objects.count() == 0
    assert SourceDocument.objects.get().status == "rejected"


def test_file_over_the_size_limit_is_refused(settings):
    settings.IMR_MAX_LETTER_BYTES = 1000
    result = ingest_bytes(REAL_PDF.read_bytes(), REAL_PDF.name)
    assert result.status == "failed" and "limit" in result.error


def test_failed_document_can_be_retried_after_the_cause_is_fixed(settings):
    settings.IMR_MAX_LETTER_BYTES = 1000
    failed = ingest_bytes(REAL_PDF.read_bytes(), REAL_PDF.name)
    settings.IMR_MAX_LETTER_BYTES = 20 * 1024 * 1024
    from determinations.ingest import process_document

    retried = process_document(SourceDocument.objects.get(pk=failed.document_id))
    assert retried.status == "parsed"
    assert SourceDocument.objects.count() == 1 and Case.objects.count() == 1


def test_zip_is_expanded_and_its_bad_members_reported_without_stopping(sample_text_letter):
    data = zip_bytes({
        "letters/CM16-0213037.pdf": REAL_PDF.read_bytes(),
        "letters/sample.txt": sample_text_letter.encode(),
        "../../etc/passwd.txt": b"root:x:0:0",
        "inner.zip": zip_bytes({"a.txt": b"x"}),
        "notes.docx": b"PK..",
        "bomb.txt": b"\x00" * (5 * 1024 * 1024),
    })
    result = ingest_bytes(data, "batch.zip")
    assert result.status == "expanded"
    assert Case.objects.count() == 2
    assert "Unsafe path" in result.error and "Nested zip" in result.error
    assert "ratio" in result.error and "Unsupported file type" in result.error
    zip_document = SourceDocument.objects.get(pk=result.document_id)
    assert zip_document.media_type == "application/zip" and zip_document.status == "expanded"


def test_zip_bomb_by_total_size_is_refused(settings):
    settings.IMR_MAX_ZIP_UNCOMPRESSED_BYTES = 100_000
    data = zip_bytes({f"{n}.txt": b"a letter " * 2000 for n in range(10)})
    result = ingest_bytes(data, "big.zip")
    assert result.status == "failed" and "inflate" in result.error
    assert Case.objects.count() == 0


def test_corrupt_zip_fails_clearly():
    result = ingest_bytes(b"PK\x03\x04 this is not really a zip", "broken.zip")
    assert result.status == "failed" and "corrupt" in result.error.lower()


def test_same_case_number_from_another_file_is_linked_not_overwritten():
    ingest_bytes(REAL_PDF.read_bytes(), REAL_PDF.name)
    from determinations.parsing import extract_pdf_text

    text = extract_pdf_text(REAL_PDF.read_bytes())
    copy = ingest_bytes(text.encode(), "CM16-0213037-as-text.txt")
    assert copy.status == "duplicate" and copy.case_public_id == "CM16-0213037"
    conflicting = ingest_bytes(text.replace(": Upheld", ": Overturned", 1).encode(), "CM16-0213037-edited.txt")
    assert conflicting.case_public_id == "CM16-0213037"
    case = Case.objects.get()
    assert case.has_conflict and case.review_status == "needs_review"
    assert "CM16-0213037-edited.txt" in case.conflict_note
    assert case.outcome == "upheld"  # the archived decision is not silently overwritten
    assert case.documents.count() == 3


def test_reparse_rewrites_the_case_in_place():
    ingest_bytes(REAL_PDF.read_bytes(), REAL_PDF.name)
    case = Case.objects.get()
    DisputedItem.objects.filter(case=case).update(description="damaged by an old parser")
    from determinations.ingest import process_document

    process_document(case.source_document, reparse=True)
    assert Case.objects.count() == 1 and Case.objects.get().pk == case.pk
    assert "damaged" not in " ".join(case.items.values_list("description", flat=True))
    assert DisputedItem.objects.count() == 2


def test_ingest_files_batches_all_real_letters(real_pdf_paths):
    results = ingest_files([(p.name, p.read_bytes()) for p in real_pdf_paths], batch_size=10)
    assert [r.status for r in results] == ["parsed"] * len(real_pdf_paths)
    assert Case.objects.count() == len(real_pdf_paths)
    assert set(Case.objects.values_list("public_id", flat=True)) == {p.stem for p in real_pdf_paths}


def test_reparse_keeps_a_case_that_staff_reviewed_and_corrected():
    ingest_bytes(REAL_PDF.read_bytes(), REAL_PDF.name)
    Case.objects.update(patient_age=49, review_status="reviewed")
    from determinations.ingest import process_document

    result = process_document(Case.objects.get().source_document, reparse=True)
    assert result.status == "parsed" and "Reviewed by staff" in result.error
    assert Case.objects.get().patient_age == 49
