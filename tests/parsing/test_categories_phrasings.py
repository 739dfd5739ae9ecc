"""Treatment categories and opioid flags for phrasings beyond the first vocabulary."""

import pytest

from determinations.parsing.categories import categorise, is_opioid


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("Work hardening program 3 times per week for 4 weeks", "physical-therapy"),
        ("Work conditioning 2x4", "physical-therapy"),
        ("Interpreter services for medical visits", "other"),
        ("Transportation to and from medical appointments", "other"),
        ("Gym membership for 6 months", "other"),
        ("Serum drug level testing", "labs"),
        ("Ultrasound guided corticosteroid injection right knee", "injections"),
        ("Fluoroscopically guided lumbar epidural steroid injection", "injections"),
        ("Ultrasound of the right shoulder", "imaging"),
        ("Open reduction internal fixation of the left wrist", "surgery"),
        ("Fioricet", "pharmaceuticals"),
        ("Fluriflex", "pharmaceuticals"),
        ("Functional restoration program", "programs"),
    ],
)
def test_category(description, category):
    assert categorise(description) == category


@pytest.mark.parametrize(
    ("description", "opioid"),
    [
        ("Genetic testing for opioid risk", False),
        ("Opioid risk assessment", False),
        ("Norco 10/325mg #90", True),
        ("Tramadol ER 150mg #30", True),
    ],
)
def test_opioid_flag(description, opioid):
    assert bool(is_opioid(description)) is opioid
