"""Vocabularies as data: US states, specialty spellings, ODG chapters, MTUS guideline names."""

from __future__ import annotations

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia", "PR": "Puerto Rico",
}

# Specialty spellings, applied in order to each comma-separated entry (regex -> replacement).
SPECIALTY_REWRITES: tuple[tuple[str, str], ...] = (
    (r"\bPM\s*&\s*R\b|\bPMR\b|\bPM\s*and\s*R\b", "Physical Medicine and Rehabilitation"),
    (r"\s*&\s*", " and "),
    (r"\bOrthopaedic", "Orthopedic"),
    (r"\borthopaedic", "orthopedic"),
)

# ODG chapters: (pattern at a word boundary, slug). More specific first; "" slug = ODG without chapter.
ODG_CHAPTERS: tuple[tuple[str, str], ...] = (
    (r"carpal\s+tunnel(?:\s+syndrome)?", "odg-carpal-tunnel"),
    (r"low(?:er)?\s*back(?:\s*[-\u2013\u2014,]?\s*lumbar\s*(?:&|and)\s*thoracic)?|lumbar(?:\s+spine)?", "odg-low-back"),
    (r"neck\s*(?:&|and|/)\s*upper\s+back|neck|cervical(?:\s+spine)?", "odg-neck"),
    (r"knee(?:\s*(?:&|and|/)\s*leg)?", "odg-knee"),
    (r"shoulder", "odg-shoulder"),
    (r"mental\s+(?:illness\s*)?(?:&|and)\s*stress|mental\s+illness|mental\s+health|stress", "odg-mental-stress"),
    (r"hips?\s*(?:&|and|/)\s*pelvis|hips?|pelvis", "odg-hip-pelvis"),
    (r"ankle\s*(?:&|and|/)\s*foot|ankle|foot", "odg-ankle-foot"),
    (
        r"forearm\s*,?\s*wrist\s*,?\s*(?:&|and)?\s*hand|wrist\s*(?:&|and|/)\s*hand|forearm|wrist|hand",
        "odg-forearm-wrist-hand",
    ),
    (r"elbow", "odg-elbow"),
    (r"head", "odg-head"),
    (r"fitness\s+for\s+duty", "odg-fitness-for-duty"),
    (r"hernia", "odg-hernia"),
    (r"pain(?:\s*\(\s*chronic\s*\))?|chronic\s+pain", "odg-pain"),
    (r"preface", "odg"),
)

# MTUS guideline names (without the "MTUS" prefix): (pattern, slug). "ch:N" marks an ACOEM chapter.
MTUS_NAMES: tuple[tuple[str, str], ...] = (
    (r"Chronic\s+Pain\s+(?:Medical\s+)?Treatment(?:\s+Guidelines?)?", "mtus-chronic-pain"),
    (r"Opioids?\s+Treatment(?:\s+Guidelines?)?", "mtus-opioids"),
    (r"Post-?\s?surgical\s+(?:Medical\s+)?Treatment(?:\s+Guidelines?)?", "mtus-postsurgical"),
    (r"Acupuncture\s+(?:Medical\s+)?Treatment(?:\s+Guidelines?)?", "mtus-acupuncture"),
    (r"Neck\s+(?:and|&)\s+Upper\s+Back\s+Complaints", "ch:8"),
    (r"Shoulder\s+Complaints", "ch:9"),
    (r"Elbow\s+(?:Complaints|Disorders)", "ch:10"),
    (r"Forearm,?\s+Wrist,?\s+(?:and\s+|&\s+)?Hand\s+Complaints", "ch:11"),
    (r"Low(?:er)?\s+Back\s+Complaints", "ch:12"),
    (r"Knee\s+Complaints", "ch:13"),
    (r"Ankle\s+(?:and|&)\s+Foot\s+Complaints", "ch:14"),
    (r"Stress[-\s]Related\s+Conditions", "ch:15"),
    (r"General\s+Approach(?:es)?", "ch:general"),
)

# Titles of the general ACOEM chapters 1-7 that a `General Approaches ... Section(s):` names.
GENERAL_CHAPTER_TITLES: tuple[tuple[str, int], ...] = (
    (r"General\s+Approach\s+to\s+Initial\s+Assessment", 2),
    (r"Initial\s+Assessment", 2),
    (r"Initial\s+Approaches\s+to\s+Treatment", 3),
    (r"Work[-\s]Relatedness", 4),
    (r"Cornerstones\s+of\s+Disability", 5),
    (r"Pain,?\s+Suffering", 6),
    (r"Independent\s+Medical\s+Examinations", 7),
    (r"Prevention", 1),  # last: "Cornerstones of Disability Prevention" is chapter 5
)

# "<citation>, and the <source>" joins a second source, except where "and the" belongs to a title:
# these patterns, right after "and the", keep the text in the citation it follows.
CITATION_JOIN_CONTINUATIONS: tuple[str, ...] = (
    r"Restoration\s+of\s+Function",
)

# A second guideline that can follow a citation's topic without a sentence break ("..., Intra-operative
# monitoring and Other Medical Treatment Guidelines http://..."): after " and ", these start a new citation.
SECOND_GUIDELINE_STARTS: tuple[str, ...] = (
    r"Other\s+Medical\s+Treatment\s+Guidelines?\b",
)

# Words inside the parenthesis after an ODG chapter name that belong to the chapter, not the topic:
# "Low Back (Thoracic and Lumbar, Acute and Chronic) Chapter", "Neck and Upper Back (Acute & Chronic)".
ODG_CHAPTER_QUALIFIERS: tuple[str, ...] = (
    "acute", "chronic", "thoracic", "lumbar", "cervical", "lumbosacral", "spine", "and", "&",
)
