"""Step 3 of ingestion, the writer: the plan for each document of a batch, decided without the database."""

from __future__ import annotations

import pytest

from determinations.ingest import Prepared, Step, plan
from determinations.models import Case, SourceDocument
from tests.factories import letter_record

REVIEWED = Case.ReviewStatus.REVIEWED


def letter(**kwargs) -> Prepared:
    return Prepared(sha256="0" * 64, filename="letter.txt", size=1, record=letter_record(), public_id="CM15-0000001",
                    public_text="", **kwargs)


def document(pk: int | None = 7, cleared: list[str] | None = None) -> SourceDocument:
    return SourceDocument(pk=pk, sha256="0" * 64, privacy_cleared=cleared or [])


def case(pk: int | None = 1, source: int | None = 7, status: str = "ok") -> Case:
    return Case(pk=pk, public_id="CM15-0000001", source_document_id=source, review_status=status)


@pytest.mark.parametrize("prepared, doc, primary, named, rewritten, step", [
    (letter(error="The file is empty (0 bytes)."), document(None), None, None, (), Step.FAIL),
    (Prepared(sha256="0" * 64, filename="x.txt", size=1, record={"is_imr_letter": False}), document(), None, None,
     (), Step.REJECT),
    (letter(doubts=["Jane Roe"]), document(), None, None, (), Step.HOLD),
    (letter(doubts=["Jane Roe"]), document(), case(), case(), (), Step.HOLD),  # its public case is withdrawn
    (letter(doubts=["Jane Roe"]), document(), case(status=REVIEWED), case(status=REVIEWED), (), Step.KEEP_DOUBTED),
    (letter(doubts=["Jane Roe"]), document(cleared=["Jane Roe"]), None, None, (), Step.CREATE),  # staff published
    (letter(), document(None), None, None, (), Step.CREATE),
    (letter(), document(None), None, case(pk=None, source=None), (), Step.LINK),  # twice in one batch
    (letter(), document(8), None, case(source=7), (), Step.LINK),  # another file's case
    (letter(), document(), case(), case(), (1,), Step.LINK),  # already rewritten by this batch
    (letter(), document(), case(status=REVIEWED), case(status=REVIEWED), (), Step.KEEP_REVIEWED),
    (letter(), document(), case(), case(), (), Step.REWRITE),
    (letter(), document(), case(), None, (), Step.REWRITE),  # re-parsed into a new identifier: the case follows
])
def test_each_document_gets_one_plan(prepared, doc, primary, named, rewritten, step):
    assert plan(prepared, doc, primary, named, set(rewritten)) is step
