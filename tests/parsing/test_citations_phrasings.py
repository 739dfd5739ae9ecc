"""Citation phrasings of docs/FORMATS.md: joined sources, ODG chapters and topic-first ODG, adopted ACOEM topics."""

import pytest

from determinations.parsing.citations import parse_field


def cites(text, cited_by="reviewer"):
    return [(c.slug, c.topic, c.pages, c.text) for c in parse_field(text, cited_by)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Decision based on Non-MTUS Citation ODG guidelines, Pain (Chronic), Anti-epilepsy drugs (AEDs) for pain, "
            "and the Journal of Bone and Joint Surgery, 2012;94(3):e21.",
            [
                ("odg-pain", "Anti-epilepsy drugs (AEDs) for pain", None,
                 "ODG guidelines, Pain (Chronic), Anti-epilepsy drugs (AEDs) for pain"),
                ("other", None, None, "Journal of Bone and Joint Surgery, 2012;94(3):e21"),
            ],
        ),
        (
            "The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical Treatment Guidelines "
            "Antispasmodics Page(s): 74-96 and the Spine (Phila Pa 1976). 2009;34(10):1066-77.",
            [
                ("mtus-chronic-pain", "Antispasmodics", "74-96",
                 "MTUS Chronic Pain Medical Treatment Guidelines Antispasmodics Page(s): 74-96"),
                ("other", None, None, "Spine (Phila Pa 1976). 2009;34(10):1066-77"),
            ],
        ),
        (
            "Decision based on Non-MTUS Citation Drugs.com, Cyclobenzaprine, and the Medscape, "
            "http://emedicine.medscape.com/article/1250037-overview",
            [
                ("other", None, None, "Drugs.com, Cyclobenzaprine"),
                ("other", None, None, "Medscape, http://emedicine.medscape.com/article/1250037-overview"),
            ],
        ),
        (
            "Decision based on Non-MTUS Citation Merck Manual Professional Version, and the FDA prescribing "
            "information, Lyrica (pregabalin). These guidelines address the requested service directly.",
            [
                ("other", None, None, "Merck Manual Professional Version"),
                ("other", None, None, "FDA prescribing information, Lyrica (pregabalin)"),
            ],
        ),
        (
            "Decision based on MTUS General Approaches 2004, Section(s): Pain, Suffering, and the Restoration of "
            "Function",
            [
                ("mtus-acoem-ch6", "Pain, Suffering, and the Restoration of Function", None,
                 "MTUS General Approaches 2004, Section(s): Pain, Suffering, and the Restoration of Function"),
            ],
        ),
    ],
)
def test_sources_joined_by_and_the(text, expected):
    assert cites(text) == expected


@pytest.mark.parametrize(
    ("text", "slug", "topic"),
    [
        ("Official Disability Guidelines, Low Back, Chronic pain programs", "odg-low-back", "Chronic pain programs"),
        ("Official Disability Guidelines: Low Back - Lumbar & Thoracic; Knee brace", "odg-low-back", "Knee brace"),
        ("Official Disability Guidelines (ODG) Elbow (Acute & Chronic), Knee brace", "odg-elbow", "Knee brace"),
        ("ODG Neck Chapter, Knee brace", "odg-neck", "Knee brace"),
        ("Official Disability Guidelines (ODG), Fitness for Duty - Knee brace", "odg-fitness-for-duty", "Knee brace"),
        ("ODG Home health services low back", "odg-low-back", "Home health services"),
        ("ODG Antidepressants for chronic pain hip", "odg-hip-pelvis", "Antidepressants for chronic pain"),
        ("ODG Surgery for rotator cuff repair knee", "odg-knee", "Surgery for rotator cuff repair"),
        ("ODG MRI shoulder", "odg-shoulder", "MRI"),
        ("Official Disability Guidelines (ODG), Antidepressants for chronic pain", "odg",
         "Antidepressants for chronic pain"),
        ("Official Disability Guidelines (ODG) Anti-epilepsy drugs (AEDs) for pain", "odg",
         "Anti-epilepsy drugs (AEDs) for pain"),
        ("ODG Knee brace", "odg", "Knee brace"),
        ("Official Disability Guidelines: Fitness for Duty", "odg-fitness-for-duty", None),
        ("Official Disability Guidelines (ODG) Carpal Tunnel Syndrome", "odg-carpal-tunnel", None),
        ("Official Disability Guidelines: Forearm, Wrist, & Hand", "odg-forearm-wrist-hand", None),
        ("Official Disability Guidelines (ODG) Low Back - Lumbar & Thoracic", "odg-low-back", None),
        ("ODG Chronic Pain Chapter (Antidepressants for chronic pain)", "odg-pain", "Antidepressants for chronic pain"),
        ("ODG Shoulder section (Antidepressants for chronic pain)", "odg-shoulder",
         "Antidepressants for chronic pain"),
        ("Official Disability Guidelines (ODG) Pain (Chronic)", "odg-pain", None),
    ],
)
def test_odg_one_chapter_and_its_topic(text, slug, topic):
    assert [(c.slug, c.topic) for c in parse_field("Decision based on Non-MTUS Citation " + text, "reviewer")] == [
        (slug, topic)
    ]


def test_odg_several_chapters_each_with_chapter_word():
    got = parse_field("Decision based on Non-MTUS Citation Official Disability Guidelines, Shoulder Chapter, "
                      "Hand Chapter, Physical therapy", "claims_administrator")
    assert [(c.slug, c.topic) for c in got] == [
        ("odg-shoulder", "Physical therapy"), ("odg-forearm-wrist-hand", "Physical therapy")]


def test_acoem_topic_guideline_after_an_mtus_guideline_is_adopted_by_the_mtus():
    got = cites("Decision based on MTUS Low Back Complaints 2004 Guidelines, Section(s): Medications, and ACOEM "
                "Practice Guidelines: Low Back Disorders, Section(s): Special Studies.")
    assert [(slug, topic) for slug, topic, _, _ in got] == [
        ("mtus-acoem-ch12", "Medications"), ("mtus-acoem-low-back-disorders", "Special Studies")]
    got = cites("Decision based on MTUS ACOEM Practice Guidelines: Elbow Disorders, which is part of the MTUS.")
    assert [(slug, topic) for slug, topic, _, _ in got] == [("mtus-acoem-elbow-disorders", None)]


@pytest.mark.parametrize(
    "text",
    [
        "The Claims Administrator based its decision on the ACOEM: Shoulder disorders.",
        "Decision based on Non-MTUS Citation ACOEM Practice Guidelines: Shoulder Disorders",
    ],
)
def test_acoem_outside_the_mtus(text):
    assert [(c.slug, c.topic) for c in parse_field(text, "claims_administrator")] == [
        ("acoem", "Shoulder disorders" if "ACOEM:" in text else "Shoulder Disorders")]


def test_acoem_third_edition_with_pg_then_a_joined_drug_reference():
    got = cites("Decision based on Non-MTUS Citation ACOEM Occupational Medicine Practice Guidelines, 3rd ed., "
                "Chronic Pain, pg. 576, and the Goodman and Gilman's The Pharmacological Basis of Therapeutics, "
                "13th edition")
    assert got == [
        ("acoem", "Chronic Pain", "576",
         "ACOEM Occupational Medicine Practice Guidelines, 3rd ed., Chronic Pain, pg. 576"),
        ("other", None, None, "Goodman and Gilman's The Pharmacological Basis of Therapeutics, 13th edition"),
    ]


def test_page_number_then_a_sentence():
    got = cites("The Expert Reviewer based his decision on the MTUS Chronic Pain Medical Treatment Guidelines "
                "Lidoderm Page(s): 9. These guidelines address the requested service directly.")
    assert got == [("mtus-chronic-pain", "Lidoderm", "9",
                    "MTUS Chronic Pain Medical Treatment Guidelines Lidoderm Page(s): 9")]


@pytest.mark.parametrize(
    ("text", "slug", "topic"),
    [
        ("ODG Lower Back (Chronic pain programs)", "odg-low-back", "Chronic pain programs"),
        ("Official Disability Guidelines, Carpal Tunnel Syndrome Chapter (Chronic pain programs)", "odg-carpal-tunnel",
         "Chronic pain programs"),
        ("ODG Head (trauma, headaches, etc., not including stress & mental disorders), MRI", "odg-head", "MRI"),
    ],
)
def test_odg_topic_in_parentheses_is_not_a_chapter_qualifier(text, slug, topic):
    got = parse_field("Decision based on Non-MTUS Citation " + text, "reviewer")
    assert [(c.slug, c.topic) for c in got] == [(slug, topic)]
