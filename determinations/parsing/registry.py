"""The canonical guideline registry of FORMATS.md, as data.

The slugs are a public contract (URLs, JSON). The database's Guideline table is synced from this list by
a data migration, so every database has every slug the parser can emit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GuidelineEntry:
    slug: str
    family: str  # "mtus-acoem", "mtus", "odg", "acoem", "other": what a family filter matches
    title: str
    chapter: int | None = None


ACOEM_CHAPTERS: dict[int, str] = {
    1: "Prevention",
    2: "General Approach to Initial Assessment and Documentation",
    3: "Initial Approaches to Treatment",
    4: "Work-Relatedness",
    5: "Cornerstones of Disability Prevention and Management",
    6: "Pain, Suffering, and the Restoration of Function",
    7: "Independent Medical Examinations and Consultations",
    8: "Neck and Upper Back Complaints",
    9: "Shoulder Complaints",
    10: "Elbow Disorders",
    11: "Forearm, Wrist, and Hand Complaints",
    12: "Low Back Complaints",
    13: "Knee Complaints",
    14: "Ankle and Foot Complaints",
    15: "Stress Related Conditions",
}

# ACOEM clinical-topic guidelines adopted by the MTUS for services from 1 December 2017.
ACOEM_TOPICS: dict[str, str] = {
    "low-back-disorders": "Low Back Disorders",
    "cervical-and-thoracic-spine-disorders": "Cervical and Thoracic Spine Disorders",
    "shoulder-disorders": "Shoulder Disorders",
    "elbow-disorders": "Elbow Disorders",
    "hand-wrist-and-forearm-disorders": "Hand, Wrist, and Forearm Disorders",
    "knee-disorders": "Knee Disorders",
    "ankle-and-foot-disorders": "Ankle and Foot Disorders",
    "hip-and-groin-disorders": "Hip and Groin Disorders",
    "chronic-pain": "Chronic Pain",
    "opioids": "Opioids",
    "eye": "Eye",
    "occupational-interstitial-lung-disease": "Occupational Interstitial Lung Disease",
    "workplace-mental-health": "Workplace Mental Health",
    "traumatic-brain-injury": "Traumatic Brain Injury",
    "initial-approaches-to-treatment": "Initial Approaches to Treatment",
}

# The topic guideline of the same body region as a 2004-era chapter (a chapter page links to it).
CHAPTER_SUCCESSOR_TOPIC: dict[int, str] = {
    8: "cervical-and-thoracic-spine-disorders",
    9: "shoulder-disorders",
    10: "elbow-disorders",
    11: "hand-wrist-and-forearm-disorders",
    12: "low-back-disorders",
    13: "knee-disorders",
    14: "ankle-and-foot-disorders",
    15: "workplace-mental-health",
}

ODG_CHAPTERS: dict[str, str] = {
    "low-back": "Low Back - Lumbar & Thoracic",
    "neck": "Neck and Upper Back",
    "knee": "Knee & Leg",
    "shoulder": "Shoulder",
    "pain": "Pain (Chronic)",
    "mental-stress": "Mental Illness & Stress",
    "hip-pelvis": "Hip & Pelvis",
    "ankle-foot": "Ankle & Foot",
    "forearm-wrist-hand": "Forearm, Wrist, & Hand",
    "elbow": "Elbow",
    "head": "Head",
    "carpal-tunnel": "Carpal Tunnel Syndrome",
    "fitness-for-duty": "Fitness for Duty",
    "hernia": "Hernia",
}


def _build() -> tuple[GuidelineEntry, ...]:
    entries = [
        GuidelineEntry(f"mtus-acoem-ch{n}", "mtus-acoem", f"MTUS ACOEM Chapter {n}: {title}", n)
        for n, title in ACOEM_CHAPTERS.items()
    ]
    entries += [
        GuidelineEntry(f"mtus-acoem-{slug}", "mtus-acoem", f"MTUS ACOEM {title} Guideline")
        for slug, title in ACOEM_TOPICS.items()
    ]
    entries += [
        GuidelineEntry("mtus-opioids", "mtus", "MTUS Opioid Treatment Guidelines"),
        GuidelineEntry("mtus-chronic-pain", "mtus", "MTUS Chronic Pain Medical Treatment Guidelines"),
        GuidelineEntry("mtus-postsurgical", "mtus", "MTUS Postsurgical Treatment Guidelines"),
        GuidelineEntry("mtus-acupuncture", "mtus", "MTUS Acupuncture Medical Treatment Guidelines"),
        GuidelineEntry("odg", "odg", "Official Disability Guidelines (ODG)"),
    ]
    entries += [
        GuidelineEntry(f"odg-{slug}", "odg", f"ODG {title}") for slug, title in ODG_CHAPTERS.items()
    ]
    entries += [
        GuidelineEntry("acoem", "acoem", "ACOEM Practice Guidelines (outside the MTUS)"),
        GuidelineEntry("other", "other", "Other medical evidence"),
    ]
    return tuple(entries)


GUIDELINES: tuple[GuidelineEntry, ...] = _build()
GUIDELINES_BY_SLUG: dict[str, GuidelineEntry] = {g.slug: g for g in GUIDELINES}
FAMILIES: tuple[str, ...] = ("mtus-acoem", "mtus", "odg", "acoem", "other")

TREATMENT_CATEGORIES: dict[str, str] = {
    "pharmaceuticals": "Pharmaceuticals",
    "injections": "Injections",
    "physical-therapy": "Physical therapy",
    "chiropractic": "Chiropractic",
    "acupuncture": "Acupuncture",
    "imaging": "Imaging",
    "electrodiagnostics": "Electrodiagnostics",
    "surgery": "Surgery",
    "dme": "Durable medical equipment",
    "psychological": "Psychological",
    "programs": "Programs",
    "home-health": "Home health",
    "labs": "Labs",
    "evaluation-management": "Evaluation and management",
    "other": "Other",
}
