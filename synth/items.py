"""Disputed treatment items: description, category, opioid flag, and the clinical context that
drives which guidelines a letter would cite for them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from . import vocab

# Category weights: pharmaceuticals about 35 % of requests, the rest spread like DWC's reports.
CATEGORY_WEIGHTS: dict[str, float] = {
    "pharmaceuticals": 35,
    "imaging": 11,
    "physical-therapy": 10,
    "injections": 7,
    "dme": 7,
    "surgery": 5,
    "evaluation-management": 5,
    "electrodiagnostics": 4,
    "chiropractic": 3,
    "acupuncture": 3,
    "psychological": 3,
    "labs": 2.5,
    "programs": 1.5,
    "home-health": 1,
    "other": 2,
}
OPIOID_SHARE = 0.29  # of pharmaceutical requests


@dataclass
class Item:
    description: str
    category: str
    is_opioid: bool
    kind: str  # guideline-topic key in vocab.ODG_TOPICS / CHRONIC_PAIN_SECTIONS
    region: str
    drug_class: str | None = None
    postsurgical: bool = False
    # partly authorised request: (original, authorised) descriptions
    partial: tuple[str, str] | None = None
    decision: str = "upheld"
    extra: dict = field(default_factory=dict)


def _body(rng: random.Random, region: str) -> str:
    return rng.choice(vocab.REGIONS[region][0])


def _freq(rng: random.Random) -> str:
    n = rng.choice((1, 2, 2, 3, 3))
    w = rng.choice((2, 3, 4, 4, 6, 6, 8))
    word = {1: "one", 2: "two", 3: "three", 4: "four", 6: "six", 8: "eight"}
    return rng.choice(
        (
            f"{n} times a week for {w} weeks",
            f"{n}x{w}",
            f"{word[n]} times a week for {word[w]} weeks",
            f"{n} times per week for {w} weeks",
            f"{n}-{n + 1} times a week for {w} weeks",
        )
    )


def _sessions(rng: random.Random) -> int:
    return rng.choice((6, 6, 8, 12, 12, 18, 24, 4, 10))


def _spell(n: int) -> str:
    words = {
        4: "four",
        6: "six",
        8: "eight",
        10: "ten",
        12: "twelve",
        18: "eighteen",
        24: "twenty-four",
        2: "two",
        3: "three",
        9: "nine",
    }
    return words.get(n, str(n))


def _dos(rng: random.Random, year: int) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    yy = rng.choice((f"{year % 100:02d}", str(year)))
    return f"{m}/{d}/{yy}" if rng.random() < 0.6 else f"{m:02d}/{d:02d}/{yy}"


def pick_category(rng: random.Random) -> str:
    cats = list(CATEGORY_WEIGHTS)
    return rng.choices(cats, weights=[CATEGORY_WEIGHTS[c] for c in cats])[0]


def make_item(rng: random.Random, category: str, region: str, year: int) -> Item:
    """One disputed item of `category` for the patient's injured `region`."""
    body = _body(rng, region)
    retro = rng.random() < 0.08
    if category == "pharmaceuticals":
        opioid = rng.random() < OPIOID_SHARE
        pool = [d for d in vocab.DRUGS if d[2] == opioid]
        name, klass, is_op, strengths = rng.choice(pool)
        strength = rng.choice(strengths)
        qty = rng.choice((30, 60, 90, 120, 20, 40, 180))
        form = rng.random()
        if form < 0.35:
            desc = f"{name} {strength} #{qty}"
        elif form < 0.55:
            desc = f"{name} {strength}, {rng.choice(vocab.DOSING)} #{qty}"
        elif form < 0.65:
            desc = f"{name} {strength} #{qty} with {rng.choice(('one', 'two', '1', '3'))} refill"
        elif form < 0.75:
            desc = f"Prescription of {name} {strength}"
        elif form < 0.85:
            desc = f"{name} {strength}, quantity {qty}"
        elif form < 0.92:
            desc = f"{name} {strength} tab #{qty} DOS: {_dos(rng, year)}"
            retro = True
        else:
            desc = f"{name}"
        if retro and not desc.startswith("Retro"):
            desc = "Retrospective " + desc
        if rng.random() < 0.04 and opioid:
            desc = rng.choice(("Opioids", "Unknown opioid prescription"))
        return Item(desc, category, is_op, "pharma", region, drug_class=klass)
    if category == "imaging":
        mod = rng.choice(("mri", "mri", "mri", "xray", "xray", "ct", "other"))
        if mod == "mri":
            desc = rng.choice(
                (
                    f"MRI of the {body} without contrast",
                    f"MRI of the {body}",
                    f"Magnetic resonance imaging (MRI) of the {body}",
                    f"Open MRI of the {body}",
                    f"Repeat MRI of the {body} with and without contrast",
                    f"MRI {body}",
                )
            )
            kind = "imaging_mri"
        elif mod == "xray":
            desc = rng.choice(
                (
                    f"X-ray of the {body}",
                    f"X-rays of the {body}",
                    f"Radiographs of the {body}, 3 views",
                    f"X-Ray of the {body}",
                    f"Flexion/extension x-rays of the {body}",
                )
            )
            kind = "imaging_xray"
        elif mod == "ct":
            desc = rng.choice(
                (
                    f"CT scan of the {body}",
                    f"Computed tomography of the {body}",
                    f"CT of the {body} without contrast",
                )
            )
            kind = "imaging_ct"
        else:
            desc = rng.choice(
                (
                    f"Bone scan of the {body}",
                    f"Diagnostic ultrasound of the {body}",
                    f"Ultrasound of the {body}",
                    "Whole body bone scan",
                )
            )
            kind = "imaging_other"
        if retro:
            desc = f"Retrospective {desc[0].lower()}{desc[1:]} (DOS {_dos(rng, year)})"
        return Item(desc, category, False, kind, region)
    if category == "electrodiagnostics":
        limbs = rng.choice(
            (
                "bilateral upper extremities",
                "bilateral lower extremities",
                "right upper extremity",
                "left lower extremity",
                "upper extremities",
            )
        )
        desc = rng.choice(
            (
                f"EMG/NCV of the {limbs}",
                f"EMG/NCS of the {limbs}",
                f"NCV of the {limbs}",
                f"Electromyography (EMG) of the {limbs}",
                f"Nerve conduction study of the {limbs}",
                f"Electrodiagnostic studies of the {limbs}",
            )
        )
        return Item(desc, category, False, "eds", region)
    if category == "physical-therapy":
        n = _sessions(rng)
        post = rng.random() < 0.2
        desc = rng.choice(
            (
                f"Physical therapy {_freq(rng)} for the {body}",
                f"{_spell(n).capitalize()} sessions of physical therapy for the {body}",
                f"Additional physical therapy {_freq(rng)}",
                f"Physical therapy {n} sessions",
                f"Occupational therapy {_freq(rng)} for the {body}",
                f"Work hardening program {_freq(rng)}",
                f"Aquatic therapy {n} sessions",
                f"PT {_freq(rng)} {body}",
                f"Work conditioning {n} visits",
            )
        )
        if post:
            desc = rng.choice(
                (
                    f"Post-operative physical therapy {n} sessions for the {body}",
                    f"Postoperative physical therapy {_freq(rng)}",
                    f"Post-op PT x {n} sessions",
                )
            )
        item = Item(desc, category, False, "pt", region, postsurgical=post)
        if rng.random() < 0.12:
            auth = rng.choice((2, 3, 4, 6))
            total = n + auth
            therapy = "Occupational therapy" if "Occupational" in desc else "Physical therapy"
            item.description = f"{therapy} for {_spell(n)} sessions"
            item.partial = (
                f"{therapy} for {_spell(total)} sessions",
                f"{therapy} for {_spell(auth)} sessions",
            )
        return item
    if category == "chiropractic":
        desc = rng.choice(
            (
                f"Chiropractic treatment {_freq(rng)} for the {body}",
                f"Chiro with modalities {_freq(rng)} for {body}",
                f"Chiropractic manipulation {_sessions(rng)} sessions",
                f"Additional chiropractic therapy {_freq(rng)}",
                "Chiropractic care x 6 visits",
            )
        )
        return Item(desc, category, False, "chiro", region)
    if category == "acupuncture":
        n = _sessions(rng)
        desc = rng.choice(
            (
                f"Acupuncture {_freq(rng)} for the {body}",
                f"Initial acupuncture, 1 to 2 times per week for 4 weeks, for the {body}",
                f"Acupuncture {n} sessions",
                f"Additional acupuncture {_freq(rng)}",
                f"Electro-acupuncture {n} sessions",
            )
        )
        item = Item(desc, category, False, "acupuncture", region)
        if rng.random() < 0.1:
            auth = rng.choice((2, 3, 4))
            item.description = f"Acupuncture {n} sessions"
            item.partial = (f"Acupuncture {n + auth} sessions", f"Acupuncture {auth} sessions")
        return item
    if category == "injections":
        level = rng.choice(("L4-L5", "L5-S1", "L3-L4", "C5-C6", "C6-C7", "L4-5", "L5-S1 and L4-L5"))
        side = rng.choice(("right", "left", "bilateral"))
        desc = rng.choice(
            (
                f"Lumbar epidural steroid injection at {level}",
                f"Transforaminal epidural steroid injection {side} {level}",
                f"Cervical epidural steroid injection at {level}",
                f"{side.capitalize()} {level} medial branch blocks",
                f"Facet joint injection {level}",
                f"Trigger point injections x {rng.choice((2, 3, 4, 6))}",
                f"Cortisone injection to the {body}",
                f"Synvisc injection to the {body}",
                f"Radiofrequency ablation {side} {level}",
                f"Platelet-rich plasma injection to the {body}",
                f"{side.capitalize()} sacroiliac joint injection",
                f"Ultrasound guided corticosteroid injection {body}",
                "Thoracic palpation directed facet injection",
                f"Intra-articular injection of the {body}",
            )
        )
        return Item(desc, category, False, "injection", region)
    if category == "surgery":
        desc = rng.choice(
            (
                f"Arthroscopy of the {body}",
                f"{body.capitalize()} arthroscopic subacromial decompression",
                f"Rotator cuff repair of the {body}",
                f"Partial meniscectomy of the {body}",
                f"{side_word(rng)} carpal tunnel release",
                f"Lumbar decompression and fusion at {rng.choice(('L4-5', 'L5-S1'))}",
                f"Anterior cervical discectomy and fusion at {rng.choice(('C5-6', 'C6-7', 'C5-C7'))}",
                f"Total knee arthroplasty, {side_word(rng).lower()}",
                "Lumbar microdiscectomy",
                f"Trigger finger release, {side_word(rng).lower()} ring finger",
                f"Open reduction internal fixation of the {body}",
                "Inguinal hernia repair",
                f"Lateral epicondyle release, {side_word(rng).lower()} elbow",
            )
        )
        item = Item(desc, category, False, "surgery", region)
        return item
    if category == "dme":
        desc = rng.choice(
            (
                "TENS unit",
                "TENS unit rental for 30 days",
                "Interferential unit",
                "Lumbar brace",
                "Knee brace",
                "Cold therapy unit",
                "Associated surgical service: Cold therapy unit",
                "Associated surgical service: Continuous passive motion device",
                "Front wheeled walker",
                "Hospital bed",
                "Cervical traction unit",
                "Hot/cold therapy unit, purchase",
                "Shower chair",
                "Large gloves",
                "Hygiene wipes",
                "Wrist splint",
                "Ergonomic chair",
                "H-wave unit, purchase",
                "Cane",
                "Orthopedic mattress",
                "Custom orthotics",
                "Associated surgical service: Sling",
                "Electric wheelchair",
                "Lumbar support (LSO)",
            )
        )
        return Item(desc, category, False, "dme", region)
    if category == "psychological":
        desc = rng.choice(
            (
                f"Cognitive behavioral therapy {_sessions(rng)} sessions",
                "Psychiatric evaluation",
                f"Psychotherapy {_freq(rng)}",
                "Psychological evaluation",
                f"Individual psychotherapy x {_sessions(rng)}",
                "Psychological testing",
                "Hypnotherapy 6 sessions",
            )
        )
        return Item(desc, category, False, "psych", "psych")
    if category == "programs":
        desc = rng.choice(
            (
                "Functional restoration program 80 hours",
                "Functional restoration program evaluation",
                "Chronic pain management program x 10 days",
                "Weight loss program",
                "Brain injury program",
                "HELP interdisciplinary pain program, 160 hours",
                "Detoxification program",
                "Multidisciplinary pain program evaluation",
            )
        )
        return Item(desc, category, False, "program", region)
    if category == "home-health":
        desc = rng.choice(
            (
                "Home health aide 4 hours per day, 5 days per week for 6 weeks",
                "Home health care",
                "Home health nursing evaluation",
                "Home health services 8 hours a day",
                "Home care assistance 3 hours a day, 7 days a week",
            )
        )
        return Item(desc, category, False, "home", region)
    if category == "labs":
        desc = rng.choice(
            (
                "Urine drug screen",
                "Urine toxicology screen",
                f"Retrospective request for urine drug screen, DOS: {_dos(rng, year)}",
                "CBC, CMP",
                "Comprehensive metabolic panel",
                "Pre-operative labs",
                "Genetic testing for opioid risk",
                "Serum drug level testing",
                "Hepatic and renal function panel",
            )
        )
        return Item(desc, category, False, "lab", region)
    if category == "evaluation-management":
        desc = rng.choice(
            (
                "Follow-up visit with pain management",
                "Orthopedic surgeon consultation",
                "Spine surgery evaluation for the lumbar",
                "Referral to a neurologist",
                "Pain management consultation",
                "Pre-op Clearance",
                "Follow-up office visit in 4 weeks",
                "Consultation with an internal medicine specialist",
                f"Hand surgeon consultation for the {body}",
                "Podiatry consultation",
            )
        )
        return Item(desc, category, False, "em", region)
    desc = rng.choice(
        (
            "Gym membership for 6 months",
            "Transportation to and from medical appointments",
            "Translation services",
            "Pool membership for 3 months",
            "Gym and pool membership",
            "Interpreter services for medical visits",
        )
    )
    return Item(desc, "other", False, "other", region)


def side_word(rng: random.Random) -> str:
    return rng.choice(("Right", "Left", "Bilateral"))


# --- plausibility: treatment, body part, guideline chapter and reviewer specialty agree ---------------------

# Words in a description that name its body region (first match wins): the item's region follows them, so the
# chapter cited for it (by region) is the one a reviewer would cite for that treatment.
_REGION_WORDS: tuple[tuple[str, str], ...] = (
    ("carpal tunnel", "carpal"), ("hernia", "hernia"), ("sacroiliac", "lumbar"), ("microdiscectomy", "lumbar"),
    ("lumbar", "lumbar"), ("lumbosacral", "lumbar"), ("low back", "lumbar"), ("lower back", "lumbar"),
    ("l4", "lumbar"), ("l5", "lumbar"), ("l3", "lumbar"), ("lso", "lumbar"),
    ("cervical", "cervical"), ("neck", "cervical"), ("c5", "cervical"), ("c6", "cervical"),
    ("thoracic", "thoracic"), ("knee", "knee"), ("menisc", "knee"), ("synvisc", "knee"),
    ("shoulder", "shoulder"), ("rotator cuff", "shoulder"), ("subacromial", "shoulder"),
    ("elbow", "elbow"), ("epicondyl", "elbow"), ("wrist", "wrist"), ("hand", "wrist"), ("finger", "wrist"),
    ("thumb", "wrist"), ("forearm", "wrist"), ("hip", "hip"), ("pelvis", "hip"), ("ankle", "ankle"),
    ("foot", "ankle"), ("feet", "ankle"), ("orthotic", "ankle"),
)

# Surgery and injections by region: what is done there (a facet injection is a spine procedure).
SURGERY_BY_REGION: dict[str, tuple[str, ...]] = {
    "lumbar": ("Lumbar microdiscectomy", "Lumbar decompression and fusion at L4-5", "Lumbar laminectomy at L5-S1"),
    "thoracic": ("Thoracic laminectomy at T11-12",),
    "cervical": ("Anterior cervical discectomy and fusion at C5-6", "Cervical foraminotomy at C6-7"),
    "shoulder": ("Arthroscopy of the {body}", "{Body} arthroscopic subacromial decompression",
                 "Rotator cuff repair of the {body}"),
    "knee": ("Arthroscopy of the {body}", "Partial meniscectomy of the {body}", "Total knee arthroplasty, {side}"),
    "wrist": ("Trigger finger release, {side} ring finger", "Open reduction internal fixation of the {body}"),
    "carpal": ("{Side} carpal tunnel release",),
    "elbow": ("Lateral epicondyle release, {side} elbow",),
    "ankle": ("Arthroscopy of the {body}", "Open reduction internal fixation of the {body}"),
    "hip": ("Arthroscopy of the {body}", "Total hip arthroplasty, {side}"),
    "hernia": ("Inguinal hernia repair",),
    "head": ("Occipital nerve decompression",),
}
INJECTIONS_BY_REGION: dict[str, tuple[str, ...]] = {
    "lumbar": ("Lumbar epidural steroid injection at L4-L5", "Transforaminal epidural steroid injection {side} L5-S1",
               "Lumbar facet injection at L4-5", "{Side} L4-L5 medial branch blocks",
               "{Side} sacroiliac joint injection", "Radiofrequency ablation {side} L4-L5"),
    "thoracic": ("Thoracic palpation directed facet injection", "Trigger point injections x 3"),
    "cervical": ("Cervical epidural steroid injection at C5-C6", "Cervical facet injection at C6-C7",
                 "{Side} C5-C6 medial branch blocks"),
    "shoulder": ("Cortisone injection to the {body}", "Ultrasound guided corticosteroid injection {body}"),
    "knee": ("Synvisc injection to the {body}", "Cortisone injection to the {body}",
             "Platelet-rich plasma injection to the {body}"),
    "hip": ("Intra-articular injection of the {body}",),
    "elbow": ("Cortisone injection to the {body}", "Platelet-rich plasma injection to the {body}"),
    "wrist": ("Cortisone injection to the {body}",), "carpal": ("Cortisone injection to the {body}",),
    "ankle": ("Cortisone injection to the {body}",),
    "head": ("Occipital nerve block", "Trigger point injections x 4"),
    "hernia": ("Trigger point injections x 2",),
}

# Reviewer specialties (as letters write them) by what the letter's first item is and where.
_SPINE_SURGEONS = ("Orthopedic Surgery", "Orthopaedic Surgery", "Neurological Surgery")
_ORTHOPEDISTS = ("Orthopedic Surgery", "Orthopaedic Surgery")
_PAIN = ("Anesthesiology", "Pain Medicine", "Physical Medicine & Rehabilitation", "PM&R",
         "Physical Medicine and Rehabilitation")
_GENERAL = ("Family Practice", "Family Medicine", "Internal Medicine", "Occupational Medicine", "Preventive Medicine",
            "Physical Medicine and Rehabilitation", "PMR", "Orthopedic Surgery", "Emergency Medicine")
SUBSPECIALTIES_BY_SPECIALTY: dict[str, tuple[str, ...]] = {
    "Orthopedic Surgery": ("Spine Surgery", "Hand Surgery", "Sports Medicine", "Surgery of the Hand"),
    "Orthopaedic Surgery": ("Spine Surgery", "Hand Surgery", "Sports Medicine"),
    "Neurological Surgery": ("Spine Surgery",),
    "Anesthesiology": ("Pain Medicine", "Pain Management"),
    "Physical Medicine and Rehabilitation": ("Pain Medicine", "Spinal Cord Injury Medicine", "Brain Injury Medicine",
                                             "Sports Medicine"),
    "Psychiatry": ("Forensic Psychiatry", "Addiction Medicine"),
    "Neurology": ("Clinical Neurophysiology", "Pain Medicine"),
    "Family Practice": ("Sports Medicine", "Geriatric Medicine"),
    "Internal Medicine": ("Rheumatology", "Geriatric Medicine"),
    "Occupational Medicine": ("Medical Toxicology", "Public Health & General Preventive Medicine"),
    "Preventive Medicine": ("Occupational Medicine", "Public Health & General Preventive Medicine"),
}


def fit_region(item: Item) -> Item:
    """The item's region follows the body part its description names, so its chapter agrees with it."""
    text = item.description.lower()
    for word, region in _REGION_WORDS:
        if re.search(r"\b" + re.escape(word), text):
            item.region = region
            break
    return item


def regional_description(rng: random.Random, category: str, region: str) -> str | None:
    """A surgery or injection done at `region`, or None if the category is not one of them (or none fits)."""
    pool = {"surgery": SURGERY_BY_REGION, "injections": INJECTIONS_BY_REGION}.get(category, {}).get(region)
    if not pool:
        return None
    body, side = _body(rng, region), rng.choice(("right", "left", "bilateral"))
    text = rng.choice(pool)
    return text.format(body=body, Body=body.capitalize(), side=side, Side=side.capitalize())


def lead_item(items: list[Item]) -> Item:
    """The item that decides who reviews a letter: a surgery, else psychological care, else the first."""
    for category in ("surgery", "psychological"):
        for item in items:
            if item.category == category:
                return item
    return items[0]


def specialties_for(item: Item) -> tuple[str, ...]:
    """The specialties that review such an item: a microdiscectomy goes to a spine surgeon, therapy to a
    psychologist or psychiatrist, and so on."""
    spine = item.region in ("lumbar", "cervical", "thoracic")
    if item.category == "surgery":
        if item.region == "hernia":
            return ("General Surgery",)
        if item.region in ("wrist", "carpal"):
            return ("Orthopedic Surgery", "Hand Surgery", "Plastic Surgery")
        if item.region == "ankle":
            return ("Orthopedic Surgery", "Podiatric Surgery")
        return _SPINE_SURGEONS if spine else _ORTHOPEDISTS
    if item.category == "psychological" or item.region == "psych":
        return ("Psychiatry", "Psychology", "Clinical Psychology")
    if item.category == "chiropractic":
        return ("Chiropractic Medicine", "Family Practice", "Physical Medicine and Rehabilitation")
    if item.category == "acupuncture":
        return ("Acupuncture", "Family Medicine", "Physical Medicine & Rehabilitation", "Occupational Medicine")
    if item.category == "injections":
        return _PAIN + (("Orthopedic Surgery",) if not spine else ())
    if item.region == "head":
        return ("Neurology", "Psychiatry & Neurology")
    if item.category == "electrodiagnostics":
        return ("Neurology", "Physical Medicine and Rehabilitation", "PM&R", "Orthopedic Surgery")
    if item.category == "pharmaceuticals":
        return _PAIN + ("Family Practice", "Family Medicine", "Internal Medicine", "Occupational Medicine")
    return _GENERAL
