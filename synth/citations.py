"""Guideline citations in every written form docs/FORMATS.md lists, each with the truth it stands for.

A `Cite` carries the citation as written (`text`) and what the contract says a reader should get
from it (slug, topic, pages). Fields are then assembled into the layout's sentence form.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from determinations.parsing.registry import ACOEM_TOPICS

from . import vocab
from .items import Item


@dataclass
class Cite:
    text: str  # as written, without "Decision based on" / "Non-MTUS Citation"
    slug: str
    topic: str | None = None
    pages: str | None = None
    mtus: bool = False  # belongs to the "Decision based on MTUS ..." group of layout A
    body: str = ""  # for MTUS cites: text without the leading "MTUS " (second and later in a group)
    old: bool = False  # pre-2016 form ("Page(s): ..."), joined by commas in one sentence
    twin: str | None = None  # a second slug named in the same phrase ("ODG Low Back and neck Chapter")
    tail: str = ""  # written right after `text` in the same phrase, not part of this citation
    shared: bool = False  # named inside the previous citation's phrase: not written again

    def truth(self, cited_by: str) -> dict:
        return {
            "slug": self.slug,
            "cited_by": cited_by,
            "topic": self.topic,
            "pages": self.pages,
            "text": self.text,
        }


def _mtus(body: str, slug: str, topic: str | None = None, pages: str | None = None) -> Cite:
    return Cite("MTUS " + body, slug, topic, pages, mtus=True, body=body)


def _sections(rng: random.Random, pool: tuple[str, ...], k_max: int = 2) -> str:
    k = 1 if rng.random() < 0.8 else min(k_max, len(pool))
    return ", ".join(rng.sample(pool, k))


def acoem_chapter(rng: random.Random, ch: int) -> Cite:
    name, year = vocab.ACOEM_CHAPTER_NAMES[ch]
    gl = " Guidelines" if rng.random() < 0.1 else ""
    if rng.random() < 0.7:
        sec = _sections(rng, vocab.ACOEM_SECTIONS)
        return _mtus(f"{name} {year}{gl}, Section(s): {sec}", f"mtus-acoem-ch{ch}", sec)
    return _mtus(f"{name} {year}{gl}", f"mtus-acoem-ch{ch}")


def acoem_chapter_old(rng: random.Random, ch: int) -> Cite:
    from determinations.parsing.registry import ACOEM_CHAPTERS

    pages = rng.choice(vocab.ACOEM_CHAPTER_PAGES[ch])
    if rng.random() < 0.5:
        text = f"MTUS ACOEM Chapter {ch} {ACOEM_CHAPTERS[ch]} Page(s): {pages}"
    else:
        text = f"MTUS ACOEM Chapter {ch}, {ACOEM_CHAPTERS[ch]}, Page(s): {pages}"
    return Cite(text, f"mtus-acoem-ch{ch}", None, pages, old=True)


def acoem_topic(rng: random.Random, topic_slug: str) -> Cite:
    title = ACOEM_TOPICS[topic_slug]
    sec = _sections(rng, vocab.ACOEM_SECTIONS, 1) if rng.random() < 0.5 else None
    body = f"ACOEM Practice Guidelines: {title}" + (f", Section(s): {sec}" if sec else "")
    return _mtus(body, f"mtus-acoem-{topic_slug}", sec)


def general_approaches(rng: random.Random) -> Cite:
    if rng.random() < 0.85:
        ch = rng.choice(list(vocab.GENERAL_APPROACH_CHAPTERS))
        title = vocab.GENERAL_APPROACH_CHAPTERS[ch]
        return _mtus(f"General Approaches 2004, Section(s): {title}", f"mtus-acoem-ch{ch}", title)
    return _mtus("General Approaches 2004", "mtus-acoem-ch1")


def chronic_pain(rng: random.Random, key: str) -> Cite:
    pool = vocab.CHRONIC_PAIN_SECTIONS.get(key, vocab.CHRONIC_PAIN_SECTIONS["other"])
    gl = " Guidelines" if rng.random() < 0.08 else ""
    if rng.random() < 0.9:
        sec = _sections(rng, pool)
        return _mtus(
            f"Chronic Pain Medical Treatment 2016{gl}, Section(s): {sec}", "mtus-chronic-pain", sec
        )
    return _mtus(f"Chronic Pain Medical Treatment 2016{gl}", "mtus-chronic-pain")


def chronic_pain_old(rng: random.Random, key: str) -> Cite:
    pool = vocab.CHRONIC_PAIN_SECTIONS.get(key, vocab.CHRONIC_PAIN_SECTIONS["other"])
    r = rng.random()
    if r < 0.2:
        return Cite("Chronic Pain Treatment Guidelines", "mtus-chronic-pain", old=True)
    topic = rng.choice(pool).split(" (")[0].split(",")[0]
    pages = rng.choice(vocab.CHRONIC_PAIN_PAGES)
    return Cite(
        f"MTUS Chronic Pain Medical Treatment Guidelines {topic} Page(s): {pages}",
        "mtus-chronic-pain",
        topic,
        pages,
        old=True,
    )


def opioid_guideline(rng: random.Random) -> Cite:
    k = rng.choice((1, 1, 2))
    sec = ", ".join(sorted(rng.sample(vocab.OPIOID_GUIDELINE_SECTIONS, k)))
    return _mtus(f"Opioid Treatment 2016, Section(s): {sec}", "mtus-opioids", sec)


def acupuncture(rng: random.Random) -> Cite:
    body = rng.choice(
        (
            "Acupuncture Treatment 2007",
            "Acupuncture Treatment 2007",
            "Acupuncture Medical Treatment 2007",
        )
    )
    return _mtus(body, "mtus-acupuncture")


def postsurgical(rng: random.Random, region: str) -> Cite:
    if rng.random() < 0.6:
        sec = {
            "shoulder": "Shoulder",
            "knee": "Knee",
            "carpal": "Carpal Tunnel Syndrome",
            "lumbar": "Low Back",
            "elbow": "Elbow & Upper Arm",
            "wrist": "Forearm, Wrist, & Hand",
            "ankle": "Ankle & Foot",
        }.get(region, rng.choice(vocab.POSTSURGICAL_SECTIONS))
        return _mtus(f"Postsurgical Treatment 2009, Section(s): {sec}", "mtus-postsurgical", sec)
    return _mtus("Postsurgical Treatment 2009", "mtus-postsurgical")


_ODG_NAMES = (
    "Official Disability Guidelines (ODG) ",
    "Official Disability Guidelines (ODG), ",
    "Official Disability Guidelines, ",
    "Official Disability Guidelines: ",
    "ODG ",
    "Official Disability Guidelines (ODG) ",
)


# docs/FORMATS.md: chapter words in a parenthesis belong to the chapter, not to the topic.
EXTRA_ODG_FORMS: dict[str, tuple[str, ...]] = {
    "low-back": ("Low Back (Thoracic and Lumbar, Acute and Chronic) Chapter",),
    "neck": ("Neck and Upper Back (Acute and Chronic) Chapter",),
}
# Two chapters in one phrase ("ODG Low Back and neck Chapter, Physical Therapy"): the first chapter as
# written, and the second chapter's slug and word.
ODG_CHAPTER_PAIRS: dict[str, tuple[str, str, str]] = {
    "low-back": ("Low Back", "neck", "neck"),
    "neck": ("Neck", "low-back", "low back"),
    "shoulder": ("Shoulder", "elbow", "elbow"),
    "knee": ("Knee", "ankle-foot", "ankle"),
    "hip-pelvis": ("Hip", "knee", "knee"),
    "elbow": ("Elbow", "forearm-wrist-hand", "wrist"),
}
TWO_CHAPTERS_RATE = 0.05
# A second guideline right after an ODG topic, without a sentence break (docs/FORMATS.md).
SECOND_GUIDELINES = (
    "Other Medical Treatment Guidelines http://www.aetna.com/cpb/medical/data/900_999/0940.html",
    "Other Medical Treatment Guidelines http://www.aetna.com/cpb/medical/data/1_99/0016.html",
    "Other Medical Treatment Guidelines",
)
SECOND_GUIDELINE_RATE = 0.04


def odg(rng: random.Random, chapter: str | None, topic: str | None) -> Cite:
    """ODG citation; `chapter` None means no chapter named (slug `odg`)."""
    slug = f"odg-{chapter}" if chapter else "odg"
    cite = _odg(rng, chapter, topic, slug)
    if topic and cite.topic and rng.random() < SECOND_GUIDELINE_RATE:
        cite.tail = " and " + rng.choice(SECOND_GUIDELINES)
    return cite


def _odg(rng: random.Random, chapter: str | None, topic: str | None, slug: str) -> Cite:
    if chapter in ODG_CHAPTER_PAIRS and topic and rng.random() < TWO_CHAPTERS_RATE:
        first, second, word = ODG_CHAPTER_PAIRS[chapter]
        sep = rng.choice((", ", ": ", " - "))
        name = rng.choice(_ODG_NAMES)
        return Cite(f"{name}{first} and {word} Chapter{sep}{topic}", slug, topic, twin=f"odg-{second}")
    r = rng.random()
    if chapter and topic and r < 0.08:
        # topic first: "ODG MRI shoulder"
        word = {
            "low-back": "low back",
            "neck": "neck",
            "knee": "knee",
            "shoulder": "shoulder",
            "hip-pelvis": "hip",
            "ankle-foot": "ankle",
            "elbow": "elbow",
            "head": "head",
        }.get(chapter)
        if word:
            short = topic.split(" (")[0]
            return Cite(f"ODG {short} {word}", slug, short)
    if chapter and topic and r < 0.14:
        form = vocab.ODG_CHAPTER_FORMS[chapter][0].rstrip("/")
        return Cite(f"ODG guidelines, {form}, {topic}", slug, topic)
    name = rng.choice(_ODG_NAMES)
    if chapter is None:
        if rng.random() < 0.5 or not topic:
            text = f"{name}Preface" + (f", {topic}" if topic else "")
        else:
            text = f"{name}{topic}"
        return Cite(text.strip(), slug, topic)
    form = rng.choice(vocab.ODG_CHAPTER_FORMS[chapter] + EXTRA_ODG_FORMS.get(chapter, ()))
    if not topic:
        return Cite(f"{name}{form.rstrip('/')}", slug, None)
    if form.endswith("/"):
        sep = rng.choice(("", " "))
    elif " - " in form or "(" in form:
        sep = rng.choice((", ", ": ", "; "))
    else:
        sep = rng.choice((", ", ", ", ": ", "/ ", " - ", "; ", "("))
    if sep == "(":
        return Cite(f"{name}{form} ({topic})", slug, topic)
    return Cite(f"{name}{form}{sep}{topic}", slug, topic)


def acoem_edition(rng: random.Random, cite: Cite) -> None:
    """2013-2014 letterhead letters name an MTUS ACOEM chapter by its edition (docs/FORMATS.md, layout B):
    `the American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition, (2004),
    Chapter 9, page(s) 209-211, which is part of the MTUS` is `mtus-acoem-ch9`; without the last words,
    `acoem`. Rewrites `cite` (an MTUS ACOEM chapter citation) in place."""
    ch = int(cite.slug.removeprefix("mtus-acoem-ch"))
    pages = cite.pages or rng.choice(vocab.ACOEM_CHAPTER_PAGES[ch])
    name = rng.choice(
        (
            "American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition, (2004)",
            "American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition (2004)",
            "ACOEM Practice Guidelines, 2nd Edition (2004)",
        )
    )
    page_word = rng.choice(("page(s)", "pages", "page"))
    text = f"{name}, Chapter {ch}, {page_word} {pages}"
    r = rng.random()
    if r < 0.75:
        text += rng.choice((", which is part of the MTUS",) * 2 + (", which are part of the MTUS",))
        cite.slug = f"mtus-acoem-ch{ch}"
    else:
        cite.slug = "acoem"
    cite.text, cite.pages, cite.topic, cite.mtus, cite.old, cite.body = text, pages, None, False, True, text


EDITION_FORM_RATE = 0.8


def acoem_3rd(rng: random.Random) -> Cite:
    topic = rng.choice(
        (
            "Low Back Disorders",
            "Shoulder Disorders",
            "Knee Disorders",
            "Chronic Pain",
            "Cervical and Thoracic Spine Disorders",
            "Opioids",
        )
    )
    if rng.random() < 0.6:
        page = str(rng.randint(40, 900))
        return Cite(
            f"ACOEM Occupational Medicine Practice Guidelines, 3rd ed., {topic}, pg. {page}",
            "acoem",
            topic,
            page,
        )
    return Cite(f"ACOEM: {topic[0]}{topic[1:].lower()}", "acoem", f"{topic[0]}{topic[1:].lower()}")


def other(rng: random.Random) -> Cite:
    return Cite(rng.choice(vocab.OTHER_REFERENCES), "other")


# --- choosing citations for an item -------------------------------------------------------------

_KIND_TO_CP = {
    "pharma": None,
    "injection": "injection",
    "pt": "pt",
    "chiro": "chiro",
    "dme": "dme",
    "psych": "psych",
    "program": "program",
    "home": "home",
    "lab": "lab",
    "em": "em",
    "other": "other",
}


def pick_cites(rng: random.Random, item: Item, year: int, style: str, who: str) -> list[Cite]:
    """Citations one party plausibly gives for `item`. `style`: "a2016" (2016+ Section(s) form),
    "old" (Page(s) form, 2013-15 letters) or "b" (sentence form). Empty list = cited nothing."""
    if rng.random() < (0.22 if who == "claims_administrator" else 0.03):
        return []
    region = item.region
    ch = vocab.REGIONS[region][1]
    odg_ch = vocab.REGIONS[region][2]
    odg_topic_key = item.kind if item.kind in vocab.ODG_TOPICS else "other"
    cites: list[Cite] = []

    def primary() -> Cite:
        if item.kind == "pharma":
            key = item.drug_class or "other_drug"
            if item.is_opioid and year >= 2016 and rng.random() < 0.35 and style != "old":
                return opioid_guideline(rng)
            if style == "old" or (style == "b" and rng.random() < 0.4):
                return chronic_pain_old(rng, key)
            return chronic_pain(rng, key)
        if item.kind == "acupuncture":
            return acupuncture(rng)
        if item.postsurgical or (item.kind == "surgery" and rng.random() < 0.1):
            return postsurgical(rng, region)
        if (
            item.kind in ("imaging_mri", "imaging_xray", "imaging_ct", "imaging_other", "eds", "surgery")
            and ch
        ):
            if style == "old" or (style == "b" and rng.random() < 0.3):
                return acoem_chapter_old(rng, ch)
            if year >= 2018 and rng.random() < 0.3:
                from determinations.parsing.registry import CHAPTER_SUCCESSOR_TOPIC

                return acoem_topic(rng, CHAPTER_SUCCESSOR_TOPIC[ch])
            return acoem_chapter(rng, ch)
        if item.kind == "em" and rng.random() < 0.5:
            return general_approaches(rng)
        if item.kind == "psych" and rng.random() < 0.4:
            return acoem_chapter(rng, 15)
        if style == "old":
            return chronic_pain_old(rng, _KIND_TO_CP.get(item.kind) or "other")
        if ch and rng.random() < 0.25:
            return acoem_chapter(rng, ch)
        return chronic_pain(rng, _KIND_TO_CP.get(item.kind) or "other")

    r = rng.random()
    if r < 0.62:
        cites.append(primary())
        if rng.random() < 0.2:
            second = primary()
            if second.slug != cites[0].slug and second.old == cites[0].old:
                cites.append(second)
    if r >= 0.45 or not cites:
        r2 = rng.random()
        if r2 < 0.72:
            chapter = odg_ch if item.kind != "pharma" or rng.random() < 0.3 else "pain"
            if rng.random() < 0.05:
                chapter = rng.choice(("fitness-for-duty", None))
            topic = rng.choice(vocab.ODG_TOPICS[odg_topic_key]) if rng.random() < 0.9 else None
            cites.append(odg(rng, chapter, topic))
        elif r2 < 0.86:
            cites.append(other(rng))
        else:
            cites.append(acoem_3rd(rng))
        if rng.random() < 0.06:
            cites.append(other(rng))
    return cites


# --- field phrasing ---------------------------------------------------------------------------


def _phrase_forms(cites: list[Cite]) -> None:
    """Add the citations that a phrase names inside another one (a twin chapter, a second guideline after
    the topic) right after it, in place: the truth lists them, the letter does not write them again."""
    index = 0
    while index < len(cites):
        c = cites[index]
        extra: list[Cite] = []
        if c.twin and not any(x.shared and x.slug == c.twin for x in cites[index + 1 : index + 2]):
            extra.append(Cite(c.text, c.twin, c.topic, c.pages, shared=True))
        if c.tail and not any(x.shared and x.slug == "other" for x in cites[index + 1 : index + 3]):
            extra.append(Cite(c.tail.removeprefix(" and "), "other", shared=True))
        cites[index + 1 : index + 1] = extra
        index += 1 + len(extra)


def field_a(rng: random.Random, cites: list[Cite], who: str) -> str:
    """The value of a layout-A `Claims Administrator guideline:` / `MAXIMUS guideline:` field."""
    party = "The Claims Administrator" if who == "claims_administrator" else "The Expert Reviewer"
    _phrase_forms(cites)
    written = [c for c in cites if not c.shared]
    if not cites:
        return f"{party} did not cite any medical evidence for its decision."
    if all(c.old for c in written):
        sep = rng.choice((",", ", "))
        return "Decision based on " + sep.join(c.text + c.tail for c in written) + "."
    parts: list[str] = []
    mtus = [c for c in written if c.mtus or c.old]
    rest = [c for c in written if not (c.mtus or c.old)]
    if mtus:
        texts = [mtus[0].text] + [", and " + (c.body if c.mtus else c.text) for c in mtus[1:]]
        for c in mtus[1:]:
            if c.mtus:
                c.text = c.body  # named without "MTUS" in the letter
        parts.append("Decision based on " + "".join(texts) + ".")
    elif rng.random() < 0.6:
        parts.append(
            f"{party} based their decision on recommendation(s) outside of the MTUS Guidelines."
        )
    for c in rest:
        parts.append(f"Decision based on Non-MTUS Citation {c.text}{c.tail}.")
    return " ".join(parts)


def field_b(rng: random.Random, cites: list[Cite], who: str, year: int | None = None) -> str:
    """Layout-B sentence: `The Claims Administrator based its decision on ...`. Letters of `year` 2013-2014
    may name an MTUS ACOEM chapter by its edition."""
    if year is not None and year <= 2014:
        for c in cites:
            chapter = c.slug.removeprefix("mtus-acoem-ch")
            if chapter.isdigit() and int(chapter) in vocab.ACOEM_CHAPTER_PAGES and rng.random() < EDITION_FORM_RATE:
                acoem_edition(rng, c)
    _phrase_forms(cites)
    if who == "claims_administrator":
        lead = "The Claims Administrator based its decision on"
        none = "The Claims Administrator did not cite any medical evidence for its decision."
    else:
        pron = rng.choice(("his/her", "his/her", "his", "her", "their"))
        lead = f"The Expert Reviewer based {pron} decision on"
        none = "The Expert Reviewer did not cite any medical evidence for its decision."
    if not cites:
        return none
    texts = []
    for c in cites:
        if c.shared:
            continue
        if c.mtus and rng.random() < 0.3 and c.pages is None:
            c.text = f"{c.text}, which is part of the MTUS"
        texts.append(f"the {c.text}{c.tail}")
    if len(texts) == 1:
        joined = texts[0]
    else:
        joined = ", ".join(texts[:-1]) + rng.choice((", and ", " and ")) + texts[-1]
    return f"{lead} {joined}."
