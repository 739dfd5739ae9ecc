"""The citation, hyphen and credential forms of docs/FORMATS.md layouts A and B that used to read wrong: each as
text, and each as a letter (text and PDF) made by the generator, whose truth follows docs/FORMATS.md."""

from __future__ import annotations

import random
from functools import cache

import pytest

from determinations.parsing import extract_pdf_text, parse_text
from determinations.parsing.citations import parse_field, tidy_topic, topic_problems
from determinations.parsing.hyphens import keep_hyphen, line_end_breaks
from determinations.parsing.text import clean_lines, collapse
from synth import generate_letter, generate_pdf
from synth.forms import FORMS
from tests.parsing.helpers import PDFS, SAMPLE_TEXT, parsed, pdf_text


def _cites(text: str, who: str = "reviewer") -> list[tuple[str, str | None, str | None]]:
    return [(c.slug, c.topic, c.pages) for c in parse_field(text, who)]


# --- ACOEM by edition inside the MTUS ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Expert Reviewer based his/her decision on the American College of Occupational and Environmental "
        "Medicine (ACOEM), 2nd Edition, (2004), Chapter 9, page(s) 209-211, which is part of the MTUS.",
        "The Expert Reviewer based his/her decision on the American College of Occupational and\nEnvironmental "
        "Medicine (ACOEM\n), 2nd Edition, (2004), Chapter 9, page(s) 209-211, which are part\nof the MTUS.",
    ],
)
def test_acoem_edition_part_of_the_mtus_is_the_mtus_chapter(sentence):
    [citation] = parse_field(sentence, "reviewer")
    assert (citation.slug, citation.topic, citation.pages) == ("mtus-acoem-ch9", None, "209-211")
    assert citation.text.startswith("American College of Occupational and Environmental Medicine (ACOEM")


@pytest.mark.parametrize(
    "sentence",
    [
        "The Claims Administrator based its decision on the ACOEM Practice Guidelines, 2nd Edition (2004), "
        "Chapter 12, pages 303-305.",
        "The Expert Reviewer based his/her decision on the American College of Occupational and Environmental "
        "Medicine (ACOEM), 3rd Edition, Low Back Disorders, page 607.",
        "The Expert Reviewer based his/her decision on the American College of Occupational and Environmental "
        "Medicine (ACOEM), 2nd Edition, (2004), Chapter 12, page(s) 303, which is not part of the MTUS.",
    ],
)
def test_acoem_edition_without_part_of_the_mtus_stays_acoem(sentence):
    [citation] = parse_field(sentence, "reviewer")
    assert citation.slug == "acoem"
    assert citation.pages in ("303-305", "607", "303")
    assert citation.topic is None or not topic_problems(citation.topic)


# --- ODG: two chapters, chapter words, a second guideline ---------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "slugs", "topic"),
    [
        ("Official Disability Guidelines (ODG) Low Back and neck Chapter, Physical Therapy",
         ["odg-low-back", "odg-neck"], "Physical Therapy"),
        ("ODG Knee and ankle Chapter: Knee brace", ["odg-knee", "odg-ankle-foot"], "Knee brace"),
        ("Official Disability Guidelines (ODG) Shoulder Chapter, Physical therapy", ["odg-shoulder"],
         "Physical therapy"),
    ],
)
def test_odg_chapters_named_together(phrase, slugs, topic):
    cites = parse_field(f"Decision based on Non-MTUS Citation {phrase}.", "reviewer")
    assert [c.slug for c in cites] == slugs
    assert {c.topic for c in cites} == {topic}
    assert {c.text for c in cites} == {phrase}


@pytest.mark.parametrize(
    ("phrase", "slug", "topic"),
    [
        ("Official Disability Guidelines (ODG) Low Back (Thoracic and Lumbar, Acute and Chronic) Chapter, "
         "Epidural Steroid Injection", "odg-low-back", "Epidural Steroid Injection"),
        ("ODG Neck and Upper Back (Acute and Chronic) Chapter, MRI", "odg-neck", "MRI"),
        ("ODG Low Back - Lumbar & Thoracic (Acute & Chronic) Chapter: Discography", "odg-low-back", "Discography"),
    ],
)
def test_odg_chapter_words_belong_to_the_chapter(phrase, slug, topic):
    assert _cites(f"Decision based on Non-MTUS Citation {phrase}.") == [(slug, topic, None)]


def test_a_second_guideline_after_the_topic_is_its_own_citation():
    field = (
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, Intra-operative "
        "monitoring and Other Medical Treatment Guidelines http://www.aetna.com/cpb/medical/data/900_999/0940.html."
    )
    odg, other = parse_field(field, "claims_administrator")
    assert (odg.slug, odg.topic, odg.text) == (
        "odg-low-back", "Intra-operative monitoring", "Official Disability Guidelines (ODG) Low Back, Intra-operative "
        "monitoring",
    )
    assert (other.slug, other.topic) == ("other", None)
    assert other.text == "Other Medical Treatment Guidelines http://www.aetna.com/cpb/medical/data/900_999/0940.html"


def test_a_second_guideline_then_another_source():
    field = ("The Claims Administrator based its decision on the ODG Pain, Antidepressants for chronic pain and "
             "Other Medical Treatment Guidelines, and the Drugs.com, Cyclobenzaprine.")
    assert [(c.slug, c.topic, c.text) for c in parse_field(field, "claims_administrator")] == [
        ("odg-pain", "Antidepressants for chronic pain", "ODG Pain, Antidepressants for chronic pain"),
        ("other", None, "Other Medical Treatment Guidelines"),
        ("other", None, "Drugs.com, Cyclobenzaprine"),
    ]


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("( ), Chapter 12, , Non-", None),
        ("Opioids, , criteria for use", "Opioids, criteria for use"),
        ("TENS (transcutaneous", "TENS transcutaneous"),
        ("MRI), knee", "MRI, knee"),
        ("Physical therapy ( )", "Physical therapy"),
        ("NSAIDs (non-steroidal anti-inflammatory drugs)", "NSAIDs (non-steroidal anti-inflammatory drugs)"),
    ],
)
def test_tidy_topic(raw, tidy):
    assert tidy_topic(raw) == tidy
    if tidy:
        assert topic_problems(tidy) == []


def test_topic_problems_names_each_flaw():
    assert topic_problems("MRI (knee") == ["unbalanced brackets"]
    assert topic_problems("a, , b") == ["doubled commas"]
    assert topic_problems("Chapter 12, Non-") == ["trailing fragment"]
    assert topic_problems("Opioids") == []


# --- line-end hyphens ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "tail", "kept"),
    [
        ("evidence", "based", True),  # a compound the letters write whole with its hyphen
        ("non", "certified", True),
        ("x", "ray", True),
        ("four", "week", True),  # two words, not one
        ("anti", "inflammatories", True),  # a compound's head and a word (plural of one)
        ("documen", "tation", False),  # a syllable break
        ("Electro", "diagnostic", False),
        ("guide", "lines", False),  # the joined word is a word
        ("Post", "surgical", False),  # "Postsurgical Treatment Guidelines": the letters write it joined
        ("consid", "ered", False),
    ],
)
def test_keep_hyphen(head, tail, kept):
    assert keep_hyphen(head, tail, set()) is kept


def test_the_letter_itself_decides_first():
    assert keep_hyphen("radio", "frequency", {"radiofrequency"}) is False
    assert keep_hyphen("foo", "bar", {"foo-bar"}) is True
    assert keep_hyphen("foo", "bar", set()) is False  # unknown: joined, as docs/FORMATS.md says


def test_clean_lines_keeps_a_compound_hyphen_across_a_footer():
    raw = "a program of evidence\ufffe\nPage 2 of 3\n\fbased care and documen\u00ad\ntation"
    assert clean_lines(raw) == ["a program of evidence-based care and documentation"]
    assert line_end_breaks(raw) == [("evidence", "based", True), ("documen", "tation", False)]


# --- a field wrapped over a page footer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "gap",
    ["\nPage 3 of 4\n", "\n\nPage 3 of 4\n\n", "\n\n\fPage 3 of 4\n\n\n", "\n\n\f\n", "\r\n\r\nPage 3 of 4\r\n\r\n"],
)
def test_specialty_wrapped_over_a_page_footer(gap):
    text = (SAMPLE_TEXT.read_text(encoding="utf-8") + "\nThe Expert Reviewer has the following credentials:\n"
            f"State(s) of Licensure: California\nCertification(s)/Specialty: Orthopedic{gap}Surgery\n")
    reviewer = parse_text(text).reviewer
    assert reviewer.specialty == "Orthopedic Surgery"
    assert reviewer.licensed_states == ["California"]


def test_a_finished_sentence_before_a_footer_still_ends_its_paragraph():
    lines = clean_lines("First paragraph ends here.\n\nPage 1 of 2\n\nSecond paragraph.")
    assert lines == ["First paragraph ends here.", "", "Second paragraph."]


# --- the same forms in generated letters, text and PDF ------------------------------------------------------

@cache
def _seeds() -> dict[str, int]:
    """The first seed whose generated letter shows each form (the generator's own rates decide where)."""
    found: dict[str, int] = {}
    for seed in range(4000):
        text, truth = generate_letter(random.Random(seed), layout=None)
        if not truth["is_imr_letter"] or truth.get("_truncated"):
            continue
        for name, shows in FORMS.items():
            if name not in found and shows(truth, text):
                found[name] = seed
        if len(found) == len(FORMS):
            break
    return found


def _assert_reads_as_truth(record: dict, truth: dict) -> None:
    def citations(item: dict) -> list[tuple]:
        return [(g["slug"], g["cited_by"], g["topic"], g["pages"], collapse(g["text"])) for g in item["guidelines"]]

    assert [citations(i) for i in record["items"]] == [citations(i) for i in truth["items"]]
    assert [i["rationale"] for i in record["items"]] == [i["rationale"] for i in truth["items"]]
    assert record["reviewer"] == truth["reviewer"]


@pytest.mark.parametrize("form", list(FORMS))
def test_generated_text_letter_with_the_form(form):
    seed = _seeds().get(form)
    assert seed is not None, f"the generator never wrote {form!r}"
    text, truth = generate_letter(random.Random(seed))
    assert FORMS[form](truth, text)
    _assert_reads_as_truth(parse_text(text).to_json(), truth)


@pytest.mark.parametrize("form", [f for f in FORMS if f != "compound broken at its hyphen (text letters)"])
def test_generated_pdf_letter_with_the_form(form):
    seed = _seeds()[form]
    data, truth = generate_pdf(random.Random(seed))
    if truth.get("_truncated") or not FORMS[form](truth, None):
        pytest.skip("the PDF of this seed was cut before the form")  # truncation draws differ from text's
    _assert_reads_as_truth(parse_text(extract_pdf_text(data)).to_json(), truth)


# --- the real letters ----------------------------------------------------------------------------------------


def test_real_letters_topics_are_clean():
    """What `bench/real_letters_report.py` prints as a table: no topic with a flaw."""
    topics = [
        g["topic"] for path in [*PDFS, SAMPLE_TEXT] for item in parsed(path.name)["items"]
        for g in item["guidelines"] if g["topic"]
    ]
    assert len(topics) > 100
    assert {t: topic_problems(t) for t in topics if topic_problems(t)} == {}


def test_real_letters_line_end_hyphens():
    """Every word a line-end mark breaks in the real PDFs, hand-checked against the letters' own spelling."""
    found = sorted(
        (f"{head}-{tail}" if kept else f"{head}{tail}")
        for path in PDFS for head, tail, kept in line_end_breaks(pdf_text(path.name))
    )
    assert found == sorted([
        "Postsurgical", "anti-inflammatories", "documentation", "electromyography", "evidence-based",
        "evidence-based", "four-week", "four-week", "guidelines", "non-certified", "non-certified", "x-ray",
    ])


def test_generated_letters_topics_are_clean():
    flawed = {}
    for seed in range(300):
        text, _truth = generate_letter(random.Random(10_000 + seed))
        for item in parse_text(text).items:
            for citation in item.guidelines:
                if citation.topic and topic_problems(citation.topic):
                    flawed[citation.topic] = topic_problems(citation.topic)
    assert flawed == {}
