import pytest

from determinations.privacy import mask as redact


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Employee: John Q. Smith\nDate of Injury: 1/2/2014", "John Q. Smith"),
        ("Claim Number: 12345-ABC\n", "12345-ABC"),
        ("Claim #: 0099887766 was opened", "0099887766"),
        ("Dear Mr. Gonzalez,", "Gonzalez"),
        ("She saw Dr. Alvarez on 3/4/14.", "Alvarez"),
        ("Patient Name: Mary Jones", "Mary Jones"),
        ("lives at 1234 Main Street, Apt 5 in town", "1234 Main Street"),
        ("Sacramento, CA 95814", "95814"),
        ("SSN 123-45-6789", "123-45-6789"),
    ],
)
def test_identifying_text_is_removed(text, gone):
    assert gone not in redact(text)


def test_letter_text_is_otherwise_untouched(sample_text_letter):
    assert redact(sample_text_letter) == sample_text_letter


def test_case_numbers_and_dates_stay():
    text = "Case Number: CM16-0213037 Date of Injury: 10/13/2016 Decision Date: 12/09/2016"
    assert redact(text) == text


@pytest.mark.django_db
def test_archived_case_keeps_no_name_or_claim_number():
    from tests.factories import archive, item, letter_record

    case = archive(
        letter_record(
            sections={"case_summary": "Employee: John Q. Smith\nClaim Number: 12345-ABC\nThe patient is 50."},
            items=[item(rationale="Mr. Smith was seen by Dr. Alvarez.")],
        ),
        text="Employee: John Q. Smith\nClaim Number: 12345-ABC\nbody",
    )
    stored = " ".join([*case.sections.values(), case.full_text, case.items.get().rationale, case.summary_text,
                       case.rationale_text])
    for secret in ("John", "Smith", "12345-ABC", "Alvarez"):
        assert secret not in stored
    assert "John Q. Smith" in case.documents.get().file.read().decode()  # the original is kept whole for staff
