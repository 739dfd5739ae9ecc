"""The synthetic-letter generator and the accuracy comparison (pure Python, no database)."""

from __future__ import annotations

import copy
import io
import random
from collections import Counter

import pypdfium2 as pdfium
import pytest

from determinations.parsing.registry import GUIDELINES_BY_SLUG, TREATMENT_CATEGORIES
from synth import generate_letter, generate_pdf
from synth.accuracy import Report, compare, format_report

KEYS = {
    "is_imr_letter",
    "layout",
    "case_number",
    "decision_date",
    "injury_date",
    "ur_denial_date",
    "assigned_date",
    "application_received_date",
    "priority",
    "patient_age",
    "patient_sex",
    "outcome",
    "reviewer",
    "items",
    "sections",
    "warnings",
}
SECTION_KEYS = {
    "determination_process",
    "documents_reviewed",
    "case_summary",
    "issue_at_dispute",
    "guidelines_relied_upon",
    "decisions_and_rationales",
    "reviewer_qualifications",
}


@pytest.fixture(scope="module")
def sample() -> list[tuple[str, dict]]:
    return [generate_letter(random.Random(f"t:{i}")) for i in range(600)]


def test_same_seed_same_letter():
    a = generate_letter(random.Random(42))
    b = generate_letter(random.Random(42))
    assert a == b
    assert generate_letter(random.Random(43)) != a
    pa, ta = generate_pdf(random.Random(5))
    pb, tb = generate_pdf(random.Random(5))
    assert ta == tb
    assert _pdf_text(pa) == _pdf_text(pb)


def _check_contract(t: dict) -> None:
    assert KEYS <= set(t), KEYS - set(t)
    assert not (set(t) - KEYS - {"_truncated", "_synth"})
    if not t["is_imr_letter"]:
        assert t["layout"] is None and t["items"] == [] and t["sections"] == {} and t["reviewer"] is None
        assert t["warnings"]
        return
    assert t["layout"] in ("A", "B", "C")
    for f in (
        "decision_date",
        "injury_date",
        "ur_denial_date",
        "assigned_date",
        "application_received_date",
    ):
        assert t[f] is None or (len(t[f]) == 10 and t[f][4] == "-"), (f, t[f])
    if t["case_number"]:
        assert t["case_number"][:2] == "CM" and len(t["case_number"]) == 12
        if t["assigned_date"]:
            assert t["case_number"][2:4] == t["assigned_date"][2:4]
    assert t["priority"] in (None, "Standard", "Expedited")
    assert t["patient_sex"] in (None, "male", "female")
    assert t["patient_age"] is None or 18 <= t["patient_age"] <= 75
    r = t["reviewer"]
    if r is not None:
        assert set(r) == {"specialty", "subspecialty", "licensed_states", "experience"}
        assert r["licensed_states"] == sorted(set(r["licensed_states"]))
        assert all(len(s) > 2 for s in r["licensed_states"])
        for v in (r["specialty"], r["subspecialty"]):
            assert v is None or ("&" not in v and "Orthopaedic" not in v and "PM&R" not in v)
    for it in t["items"]:
        assert set(it) == {"description", "decision", "category", "is_opioid", "rationale", "guidelines"}
        assert it["decision"] in ("upheld", "overturned")
        assert it["category"] in TREATMENT_CATEGORIES
        assert not it["description"].endswith(".") and "  " not in it["description"]
        for g in it["guidelines"]:
            assert set(g) == {"slug", "cited_by", "topic", "pages", "text"}
            assert g["slug"] in GUIDELINES_BY_SLUG, g
            assert g["cited_by"] in ("claims_administrator", "reviewer")
            assert not g["text"].startswith("Decision based on") and not g["text"].endswith((".", ","))
    decisions = {it["decision"] for it in t["items"]}
    expected = (
        None
        if not decisions
        else "partial"
        if len(decisions) == 2
        else ("upheld" if decisions == {"upheld"} else "overturned")
    )
    assert t["outcome"] == expected
    assert set(t["sections"]) <= SECTION_KEYS
    for v in t["sections"].values():
        assert (
            set(v) == {"starts_with", "ends_with"} and v["starts_with"] and len(v["starts_with"]) <= 60
        )
    if t.get("_truncated"):
        assert "letter appears truncated" in t["warnings"]


def test_truth_follows_the_contract(sample):
    for _, t in sample:
        _check_contract(t)


def test_distributions(sample):
    letters = [t for _, t in sample if t["is_imr_letter"]]
    layouts = Counter(t["layout"] for t in letters)
    n = len(letters)
    assert (
        0.5 < layouts["A"] / n < 0.7
        and 0.17 < layouts["B"] / n < 0.33
        and 0.08 < layouts["C"] / n < 0.22
    )
    items = [it for t in letters if not t.get("_truncated") for it in t["items"]]
    overturned = sum(it["decision"] == "overturned" for it in items) / len(items)
    assert 0.06 < overturned < 0.15
    pharma = [it for it in items if it["category"] == "pharmaceuticals"]
    assert 0.28 < len(pharma) / len(items) < 0.42
    assert 0.2 < sum(it["is_opioid"] for it in pharma) / len(pharma) < 0.38
    assert not any(it["is_opioid"] for it in items if it["category"] != "pharmaceuticals")
    counts = Counter(len(t["items"]) for t in letters if not t.get("_truncated"))
    assert sum(counts[k] for k in range(1, 6)) / sum(counts.values()) > 0.9
    assert max(counts) <= 21
    assert {t["patient_sex"] for t in letters} >= {"male", "female"}
    years = {t["decision_date"][:4] for t in letters if t["decision_date"]}
    assert {"2013", "2016", "2020", "2025"} <= years
    slugs = {g["slug"] for it in items for g in it["guidelines"]}
    for s in (
        "mtus-acoem-ch12",
        "mtus-chronic-pain",
        "mtus-opioids",
        "mtus-acupuncture",
        "mtus-postsurgical",
        "odg-low-back",
        "odg-knee",
        "odg",
        "acoem",
        "other",
    ):
        assert s in slugs, s
    assert 0.005 < sum(not t["is_imr_letter"] for _, t in sample) / len(sample) < 0.05


def test_dates_are_in_order(sample):
    for _, t in sample:
        if t["is_imr_letter"] and t["injury_date"] and t["ur_denial_date"] and t["decision_date"]:
            assert (
                t["injury_date"]
                < t["ur_denial_date"]
                <= (t["application_received_date"] or "9")
                <= (t["assigned_date"] or "9")
            )
            assert t["ur_denial_date"] < t["decision_date"]


def test_every_layout_variant_and_artefact_appears(sample):
    variants = Counter(t["_synth"]["variant"] for _, t in sample)
    for v in ("A2016", "Aold", "B", "Bhybrid", "B2013", "C"):
        assert variants[v], v
    assert any(v.startswith("nonletter") for v in variants)
    arts = Counter(a for _, t in sample for a in t["_synth"]["artefacts"])
    for a in (
        "blank_between_lines",
        "trailing_spaces",
        "crlf",
        "nbsp",
        "form_feeds",
        "page_footers",
        "fffe_hyphens",
        "curly",
        "redaction_spaces",
        "truncated",
        "header_blocks",
        "header_pdfium",
        "credentials_mid",
        "credentials_end",
        "credentials_prose",
        "numbered_items",
        "notmedically",
        "decision_list_twice",
        "wrapped_heading",
        "partial_authorisation",
        "leading_space",
    ):
        assert arts[a], a
    texts = "".join(text for text, _ in sample)
    for mark in (
        "\r\n",
        "\u00a0",
        "\f",
        "\ufffe",
        "\u201c",
        "Page 2 of",
        "is notmedically",
        "OVERTURN (partially)",
        "The remaining IMR eligible portion",
        "did not cite any medical evidence",
        "Non-MTUS Citation",
        "Opioid Treatment 2016, Section(s): ",
        "Acupuncture Treatment 2007",
        "Postsurgical Treatment 2009",
        "General Approaches 2004",
        "3rd ed.",
        "Page(s): ",
        "State(s) of Licensure:",
        "MEDICAL PROFESSIONAL REVIEW",
        "Medical Qualifications of the Expert",
    ):
        assert mark in texts, mark


def test_truncated_letters_keep_what_remains(sample):
    trunc = [(x, t) for x, t in sample if t.get("_truncated")]
    assert trunc
    for text, t in trunc:
        for it in t["items"]:
            assert it["description"].split()[0] in text


def _pdf_text(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(io.BytesIO(data))
    return [page.get_textpage().get_text_range() for page in doc]


def test_pdfs_open_and_carry_footers():
    pages_seen = Counter()
    for i in range(40):
        data, truth = generate_pdf(random.Random(f"pdf:{i}"))
        _check_contract(truth)
        pages = _pdf_text(data)
        pages_seen[len(pages)] += 1
        if not truth["is_imr_letter"]:
            continue
        for n, text in enumerate(pages, 1):
            assert f"Page {n} of " in text
        if truth["case_number"] and truth["layout"] == "A":
            assert truth["case_number"] in pages[0]
        for it in truth["items"]:
            assert it["description"].split()[0] in "".join(pages)
    assert sum(v for k, v in pages_seen.items() if 2 <= k <= 5) >= 25


def test_accuracy_perfect_and_broken(sample):
    truths = [t for _, t in sample[:50]]
    perfect = Report([compare(t, copy.deepcopy(t), f"f{i}") for i, t in enumerate(truths)])
    a, b = perfect.totals()
    assert a == b and b > 50 * 20
    broken = []
    for i, t in enumerate(truths):
        g = copy.deepcopy(t)
        g["case_number"] = "CM99-0000000"
        if g["items"]:
            g["items"][0]["decision"] = (
                "overturned" if g["items"][0]["decision"] == "upheld" else "upheld"
            )
            g["items"] = g["items"][:-1] if len(g["items"]) > 1 else g["items"]
        broken.append(compare(t, g, f"f{i}"))
    rep = Report(broken)
    a2, b2 = rep.totals()
    assert a2 < b2 and b2 == b
    out = format_report(rep, worst=5)
    assert "FIELDS RIGHT" in out and "case_number" in out
    # the parser failing outright scores zero on the letter's fields except those that are rightly null
    assert compare(truths[0], None).right < compare(truths[0], truths[0]).right
