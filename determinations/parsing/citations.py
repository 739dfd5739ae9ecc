"""Guideline citations: split a guideline field into citations and give each its slug, topic and pages.

A field holds zero or more "Decision based on ..." segments; a segment names one or more guidelines
("MTUS Low Back Complaints 2004, Section(s): Physical Methods, and Chronic Pain Medical Treatment
2016, ..."). Each guideline *mention* (a name from the vocabularies) starts a citation that runs to the
next mention or the end of its sentence.
"""

from __future__ import annotations

import re

from .needles import folded, needles
from .record import Citation
from .registry import ACOEM_TOPICS, GUIDELINES_BY_SLUG
from .text import collapse
from .vocabulary import (
    CITATION_JOIN_CONTINUATIONS,
    GENERAL_CHAPTER_TITLES,
    MTUS_NAMES,
    ODG_CHAPTER_QUALIFIERS,
    ODG_CHAPTERS,
    SECOND_GUIDELINE_STARTS,
)

ICASE = re.IGNORECASE

_CITED_NOTHING = re.compile(
    r"(?:The\s+)?(?:Claims\s+Administrator|(?:Expert|Professional)\s+Reviewer|Reviewer)\s+did\s+not\s+cite\s+"
    r"any\s+(?:medical\s+)?evidence(?:\s+for\s+(?:its|their|his/her|his|her)\s+decision)?\s*\.?",
    ICASE,
)
_BOILERPLATE = re.compile(
    r"(?:The\s+)?(?:Claims\s+Administrator|Expert\s+Reviewer)\s+based\s+(?:its|their|his/her|his|her)\s+"
    r"decision\s+on\s+recommendation\(?s?\)?\s+outside\s+(?:of\s+)?the\s+MTUS(?:\s+Guidelines?)?\s*\.?"
    r"|The\s+Expert\s+Reviewer\s+found\s+that\s+no\s+section\s+of\s+the\s+MTUS\s+was\s+applicable\s*\.?"
    r"|Per\s+the\s+Strength\s+of\s+Evidence\s+hierarchy[^.]*?,\s*(?=the\s+Expert\s+Reviewer\s+based)",
    ICASE,
)
_LEAD = re.compile(
    r"Decision\s+based\s+on|(?:The\s+)?(?:Claims\s+Administrator|Expert\s+Reviewer|Professional\s+Reviewer|"
    r"Reviewer)?\s*based\s+(?:its|their|his/her|his|her)\s+decision\s+on",
    ICASE,
)
_CITED_NOTHING_NEEDLES = needles(_CITED_NOTHING)
_BOILERPLATE_NEEDLES = needles(_BOILERPLATE)
_LEAD_NEEDLES = needles(_LEAD)
_NON_MTUS = re.compile(r"^(?:the\s+)?Non[-\s]?MTUS(?:\s+Citations?)?\s*:?\s*", ICASE)
_LEADING_THE = re.compile(r"^(?:the|a)\s+", ICASE)

_MTUS_NAME_ALTERNATION = "|".join(f"(?:{pattern})" for pattern, _ in MTUS_NAMES)
_MTUS_NAME_SLUGS = tuple((re.compile(pattern, ICASE), slug) for pattern, slug in MTUS_NAMES)
_ACOEM_TOPIC_ALTERNATION = "|".join(
    title.replace(",", ",?").replace(" ", r"\s+") for title in sorted(ACOEM_TOPICS.values(), key=len, reverse=True)
)
_ACOEM_TOPIC_BY_TITLE = {collapse(t).lower().replace(",", ""): slug for slug, t in ACOEM_TOPICS.items()}

# Every mention starts with one of these letters (the lookahead skips, cheaply, every other position).
_MENTION_FIRST = sorted(
    set("CMAPO" + "".join(p[0] for p, _ in MTUS_NAMES) + "".join(t[0] for t in ACOEM_TOPICS.values()))
)
_MENTION_LOOKAHEAD = "(?=[" + "".join(_MENTION_FIRST) + "])" if all(c.isalpha() for c in _MENTION_FIRST) else ""
_MENTION = re.compile(
    _MENTION_LOOKAHEAD +
    r"(?P<mtus>(?:(?:CA|California)\s+)?MTUS\b(?:\s*/\s*|\s*\(\s*|\s+)(?:ACOEM\b\s*\)?\s*,?\s*)?"
    r"(?:(?:Practice\s+)?Guidelines?\s*,?\s*)?)?"
    r"(?:(?P<adopted>ACOEM\s+Practice\s+Guidelines?\s*[:,]\s*"
    rf"(?P<adtopic>{_ACOEM_TOPIC_ALTERNATION})\b)"
    r"|(?P<chapter>(?:ACOEM\s+)?(?:Practice\s+Guidelines?,?\s+)?Chapter\s+(?P<chn>\d{1,2})\b)"
    rf"|(?P<name>{_MTUS_NAME_ALTERNATION})"
    rf"|(?P<acoemtopic>(?<=\s)(?:{_ACOEM_TOPIC_ALTERNATION})\b)"
    r"|(?P<odg>Official\s+Disability\s+Guidelines?(?:\s*\(\s*ODG\s*\))?|\bODG\b)"
    r"|(?P<acoem>American\s+College\s+of\s+Occupational\s+(?:and|&)\s+Environmental\s+Medicine"
    r"(?:\s*\(\s*ACOEM\s*\))?|\bACOEM\b))",
    ICASE,
)
_NAME_CONFIRMED = re.compile(r"\s*,?\s*(?:(?:19|20)\d\d\b|Guidelines?\b|Chapter\b|\(MTUS\)|,?\s*which\s+is)", ICASE)
_BOUNDARY_BEFORE = re.compile(r"(?:[,;:(/.\u2013\u2014-]|\b(?:and|the|on|in|per|of|from|by))\s*$", ICASE)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z(\"\u201c])")
_ABBREVIATIONS = frozenset(
    "ed pg pgs p pp no vol dr st inc jr sr al e.g i.e u.s etc fig approx rev ch sec".split()
)
_LAST_WORD = re.compile(r"([\w.]+)$")
# What `_strip_trailing_junk` removes (the regex, for reference): punctuation, spaces and the words below.
_TRAILING_JUNK = re.compile(r"(?:[\s,;.:]|\band\b|\bthe\b|\bor\b)+$", ICASE)
_JUNK_CHARS = ",;.:"
_JUNK_WORDS = ("and", "the", "or")
_LEADING_JUNK = re.compile(r"^[\s,;:./\u2013\u2014-]+")
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;:.]?\s*\)")
_DOUBLED_COMMAS = re.compile(r"\s*,(?:\s*,)+\s*")
# A half word at the end ("..., Non-"), a dangling dash or an opening bracket.
_TRAILING_FRAGMENT = re.compile(r"(?:\s*\b\w+-|\s+[-\u2013\u2014(]|\s*\bNon)\s*$", ICASE)
_FRAGMENT_ENDS = ("-", "(", "\u2013", "\u2014")
_NOT_A_TOPIC = re.compile(r"(?:Chapter|Section)s?(?:\s+\d{1,2})?", ICASE)
_PAGES = re.compile(
    r"(?:Page\s*\(s\)|pages?|pgs?\.?|pp\.|p\.)\s*:?\s*(?P<p>\d+(?:\s*[-\u2013]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-\u2013]\s*\d+)?)*)",
    ICASE,
)
_SECTIONS_LABEL = re.compile(r"Sections?\s*(?:\(s\))?\s*:", ICASE)
_YEAR = re.compile(r"^\s*,?\s*(?:\(\s*)?(?:19|20)\d\d\b(?:\s*\))?", ICASE)
_GUIDELINES_WORD = re.compile(r"^\s*,?\s*(?:Guidelines?|Practice\s+Guidelines?)\b", ICASE)
_PART_OF_MTUS = re.compile(
    r",?\s*(?:which\s+(?:is|are)\s+(?:not\s+)?(?:a\s+)?part\s+of\s+(?:the\s+)?MTUS|\(MTUS\))", ICASE
)
# "ACOEM, 2nd Edition, (2004), Chapter 9, ..., which is part of the MTUS": the MTUS chapter, not ACOEM outside it.
_IS_PART_OF_MTUS = re.compile(r"which\s+(?:is|are)\s+(?:a\s+)?part\s+of\s+(?:the\s+)?MTUS", ICASE)
_UPDATED = re.compile(r"\(\s*(?:updated|revised|last\s+updated)[^)]*\)", ICASE)
_PART_OF_MTUS_NEEDLES = needles(_PART_OF_MTUS) or ("",)
_UPDATED_NEEDLES = needles(_UPDATED) or ("",)
_EDITION = re.compile(
    r"\b\d+(?:st|nd|rd|th)\s+ed(?:ition|\.)?,?|\bOccupational\s+Medicine\s+Practice\s+Guidelines?,?|"
    r"\bPractice\s+Guidelines?,?",
    ICASE,
)

# "<citation>, and the <next source>": a second source (a journal, a web page) joined to a citation.
# Also "<topic> and Other Medical Treatment Guidelines ...": a second guideline named right after a topic.
_JOINED = re.compile(
    r",?\s+and\s+(?:(?:the\s+)?(?=" + "|".join(f"(?:{c})" for c in SECOND_GUIDELINE_STARTS) + r")"
    r"|the\s+(?!" + "|".join(f"(?:{c})" for c in CITATION_JOIN_CONTINUATIONS) + r"))",
    ICASE,
)
# A parenthesis of chapter words only: "(Thoracic and Lumbar, Acute and Chronic)".
_QUALIFIERS_ONLY = (
    r"(?:\s*(?:" + "|".join(re.escape(w) for w in ODG_CHAPTER_QUALIFIERS) + r")(?![A-Za-z])\s*[,/]?)+\s*\)"
)
_ODG_CHAPTER_AT = tuple((re.compile(rf"(?:{p})\b", ICASE), slug) for p, slug in ODG_CHAPTERS)
_ODG_SKIP = re.compile(
    r"(?:[\s,:;/\u2013\u2014-]+|\band\b|\bguidelines?\b|\bchapters?\b|\bsections?\b|\bODG\b|"
    r"(?:19|20)\d\d\b|\((?=\s*(?:(?:acute\s*(?:&|and)\s*)?chronic\s*\)|acute\s*\)|updated|revised|last|online|version|"
    r"trauma|\d|" + _QUALIFIERS_ONLY + r"))[^()]*"
    r"(?:\([^()]*\)[^()]*)*\))",
    ICASE,
)
# After a chapter named first: a separator, a parenthesis, "Chapter"/"section", or the end.
_ODG_CHAPTER_DONE = re.compile(r"\s*(?:[\s.]*$|[,;:/(\u2013\u2014-]|\s-|chapters?\b|sections?\b)", ICASE)
_ODG_NOT_A_CHAPTER_BEFORE = re.compile(r"\b(?:for|of|in|on|with|to|and|or|the|chronic|acute)\s+$", ICASE)
_ACUTE_CHRONIC = r"\(\s*(?:acute\s*(?:&|and)\s*)?chronic\s*\)\s*"
_CHAPTER_WORD = re.compile(rf"\s*(?:{_ACUTE_CHRONIC})?chapter(?P<plural>s)?\b", ICASE)
_CHAPTER_LIST_SEP = re.compile(
    rf"\s*(?:{_ACUTE_CHRONIC})?(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*/\s*)", ICASE
)
_ODG_TAIL_JUNK = re.compile(r"(?:[\s,;.:]|\b(?:chapters?|sections?)\b)+$", ICASE)
_CHAPTER_AFTER = re.compile(r"\s*(?:chapters?|sections?)\b", ICASE)
# Body region words -> ACOEM chapter, for "MTUS ACOEM" / "ACOEM" mentions without a chapter number.
_ACOEM_REGIONS = tuple(
    (re.compile(p, ICASE), n)
    for p, n in (
        (r"\bneck|cervical", 8), (r"\bshoulder", 9), (r"\belbow", 10), (r"\bforearm|wrist|\bhand\b", 11),
        (r"\blow(?:er)?\s+back|lumbar", 12), (r"\bknee", 13), (r"\bankle|\bfoot", 14), (r"\bstress", 15),
    )
)
_GENERAL_TITLES = tuple((re.compile(p, ICASE), n) for p, n in GENERAL_CHAPTER_TITLES)


def parse_field(text: str, cited_by: str, *, prose: bool = False) -> list[Citation]:
    """Citations of one guideline field. `prose`: free text (layout C) where only named guidelines count."""
    text = collapse(text)
    if not text:
        return []
    fold = folded(text)
    if _CITED_NOTHING_NEEDLES is None or any(map(fold.__contains__, _CITED_NOTHING_NEEDLES)):
        text = _CITED_NOTHING.sub(" ", text)
    if _BOILERPLATE_NEEDLES is None or any(map(fold.__contains__, _BOILERPLATE_NEEDLES)):
        text = _BOILERPLATE.sub(" ", text)
    citations: list[Citation] = []
    pieces = _LEAD.split(text) if _LEAD_NEEDLES is None or any(map(fold.__contains__, _LEAD_NEEDLES)) else [text]
    for index, piece in enumerate(pieces):
        explicit = index > 0 and not prose
        citations.extend(_parse_segment(piece.strip(), cited_by, explicit=explicit))
    return citations


def _parse_segment(segment: str, cited_by: str, *, explicit: bool) -> list[Citation]:
    segment = _LEADING_THE.sub("", segment)
    non_mtus = False
    m = _NON_MTUS.match(segment)
    if m:
        non_mtus = True
        segment = segment[m.end():]
    segment = _LEADING_THE.sub("", segment)
    if not segment.strip(" .,;:"):
        return []
    mentions = _mentions(segment)
    out: list[Citation] = []
    first_start = mentions[0].start() if mentions else len(segment)
    prefix = _strip_trailing_junk(segment[:first_start]).strip()
    if prefix and (explicit or non_mtus):
        unnamed = prefix if mentions else _strip_trailing_junk(_cut_sentence(segment))
        for source in _split_joined(unnamed):
            out.extend(_unnamed(source, cited_by, non_mtus))
    mtus_context = False
    for index, mention in enumerate(mentions):
        end = mentions[index + 1].start() if index + 1 < len(mentions) else len(segment)
        span = _cut_sentence(segment[mention.start():end])
        joined = _JOINED.search(span, mention.end() - mention.start())
        extra = ""
        if joined:
            span, extra = span[: joined.start()], span[joined.end():]
        out.extend(_from_mention(mention, span, cited_by, non_mtus, mtus_context=mtus_context))
        if extra.strip(" .,;:"):
            for source in _split_joined(extra):
                out.extend(_unnamed(source, cited_by, False))
        if mention.group("mtus") or mention.group("name") or mention.group("chapter"):
            mtus_context = not non_mtus
    return out


def _split_joined(text: str) -> list[str]:
    """Sources joined by ", and the" / "and the" (not inside a title such as "..., and the Restoration of Function")."""
    parts = [p for p in _JOINED.split(text) if p.strip(" .,;:")]
    return parts or [text]


def _mentions(segment: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    for m in _MENTION.finditer(segment):
        if m.group("mtus"):
            found.append(m)
            continue
        if m.group("name") or m.group("chapter"):
            before = segment[: m.start()]
            if m.start() > 0 and not _BOUNDARY_BEFORE.search(before):
                continue
            named_guidelines = m.group(0).lower().endswith(("guideline", "guidelines"))
            if m.start() > 0 and not named_guidelines and not _NAME_CONFIRMED.match(segment, m.end()):
                continue
            found.append(m)
        elif m.group("acoemtopic"):
            continue  # an ACOEM topic title counts only after "MTUS ACOEM"
        else:
            found.append(m)
    return found


def _strip_trailing_junk(text: str) -> str:
    """`_TRAILING_JUNK.sub("", text)` without a regex search from every position: strip the junk tokens
    off the end one by one (the last character decides the token, so this finds the regex's match)."""
    end = len(text)
    while end:
        last = text[end - 1]
        if last in _JUNK_CHARS or last.isspace():
            end -= 1
            continue
        for word in _JUNK_WORDS:
            start = end - len(word)
            if start >= 0 and text[start:end].lower() == word and (
                start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")
            ):
                end = start
                break
        else:
            break
    return text[:end]


def _cut_sentence(span: str) -> str:
    for m in _SENTENCE_END.finditer(span):
        word = _LAST_WORD.search(span, 0, m.start())
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and len(word.group(1)) == 1 and word.group(1).isalpha():
            continue  # an initial
        return span[: m.start()]
    return span


def _clean_text(span: str) -> str:
    return _strip_trailing_junk(collapse(span)).strip()


def _pages(text: str) -> tuple[str | None, str]:
    m = _PAGES.search(text)
    if not m:
        return None, text
    pages = collapse(m.group("p"))
    return pages, text[: m.start()] + " " + text[m.end():]


def _clean_topic(topic: str) -> str | None:
    fold = folded(topic)
    if any(map(fold.__contains__, _PART_OF_MTUS_NEEDLES)):
        topic = _PART_OF_MTUS.sub(" ", topic)
    if any(map(fold.__contains__, _UPDATED_NEEDLES)):
        topic = _UPDATED.sub(" ", topic)
    return tidy_topic(topic)


def tidy_topic(topic: str) -> str | None:
    """A topic as the guideline pages list it: no empty or unmatched brackets, no doubled commas, no
    trailing fragment (`Non-`), no leading or trailing punctuation; None when nothing is left."""
    topic = collapse(topic)
    if "(" in topic or ")" in topic:
        topic = _EMPTY_BRACKETS.sub(" ", topic)
        if not _balanced(topic):
            topic = _unmatched_brackets_removed(topic)
    if ",," in topic.replace(" ", ""):
        topic = _DOUBLED_COMMAS.sub(", ", topic)
    topic = _LEADING_JUNK.sub("", collapse(topic))
    topic = _strip_trailing_junk(topic).strip()
    while topic.endswith(_FRAGMENT_ENDS) or topic[-3:].lower() == "non":
        shorter = _strip_trailing_junk(_TRAILING_FRAGMENT.sub("", topic)).strip()
        if shorter == topic:
            break
        topic = shorter
    while topic.startswith("(") and topic.endswith(")") and _balanced(topic[1:-1]):
        topic = topic[1:-1].strip()
    if not topic or _NOT_A_TOPIC.fullmatch(topic):
        return None
    return topic


def topic_problems(topic: str) -> list[str]:
    """What would make `topic` unfit for a "topics cited most" list (empty when it is clean)."""
    problems = []
    if not _balanced(topic):
        problems.append("unbalanced brackets")
    if _EMPTY_BRACKETS.search(topic):
        problems.append("empty brackets")
    if ",," in topic.replace(" ", ""):
        problems.append("doubled commas")
    if _TRAILING_FRAGMENT.search(topic) or topic.rstrip()[-1:] in (",", ";", ":", "-", "/"):
        problems.append("trailing fragment")
    if _LEADING_JUNK.match(topic):
        problems.append("leading punctuation")
    return problems


def _unmatched_brackets_removed(text: str) -> str:
    keep = [True] * len(text)
    opened: list[int] = []
    for index, ch in enumerate(text):
        if ch == "(":
            opened.append(index)
        elif ch == ")":
            if opened:
                opened.pop()
            else:
                keep[index] = False
    for index in opened:
        keep[index] = False
    return collapse("".join(ch for ch, k in zip(text, keep, strict=True) if k))


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def _from_mention(
    m: re.Match[str], span: str, cited_by: str, non_mtus: bool, *, mtus_context: bool = False
) -> list[Citation]:
    text = _clean_text(span)
    if not text:
        return []
    rest = span[m.end() - m.start():]
    pages, rest = _pages(rest)
    if m.group("adopted"):
        # "MTUS ACOEM Practice Guidelines: Low Back Disorders", or after an MTUS guideline without "MTUS".
        key = collapse(m.group("adtopic")).lower().replace(",", "")
        slug = "mtus-acoem-" + _ACOEM_TOPIC_BY_TITLE.get(key, "")
        if non_mtus or not (m.group("mtus") or mtus_context) or slug not in GUIDELINES_BY_SLUG:
            return [Citation("acoem", cited_by, text, _acoem_topic(m.group("adtopic") + rest, "acoem"), pages)]
        return [Citation(slug, cited_by, text, _sections_topic(rest), pages)]
    if m.group("odg"):
        slugs, topic = _odg(rest)
        return [Citation(slug, cited_by, text, topic, pages) for slug in slugs]
    if m.group("acoem") and not m.group("mtus"):
        part_of_mtus = not non_mtus and _IS_PART_OF_MTUS.search(rest) is not None
        slug = _acoem_outside_or_chapter(rest, non_mtus, inside_mtus=part_of_mtus)
        return [Citation(slug, cited_by, text, _acoem_topic(rest, slug), pages)]
    if m.group("chapter"):
        number = int(m.group("chn"))
        slug = f"mtus-acoem-ch{number}" if not non_mtus else "acoem"
        if slug not in GUIDELINES_BY_SLUG:
            slug = "acoem"
        return [Citation(slug, cited_by, text, _mtus_topic(rest, strip_name=True), pages)]
    if m.group("name"):
        slug = _mtus_name_slug(m.group("name"), rest)
        if non_mtus and slug.startswith("mtus-acoem"):
            slug = "acoem"
        return [Citation(slug, cited_by, text, _mtus_topic(rest, strip_name=False), pages)]
    if m.group("acoemtopic"):
        key = collapse(m.group("acoemtopic")).lower().replace(",", "")
        slug = "mtus-acoem-" + _ACOEM_TOPIC_BY_TITLE.get(key, "")
        if slug not in GUIDELINES_BY_SLUG:
            slug = "acoem"
        return [Citation(slug, cited_by, text, _mtus_topic(rest, strip_name=False), pages)]
    if m.group("acoem"):  # "MTUS ACOEM" / "MTUS/ACOEM" without a chapter: the body region names it
        slug = _acoem_outside_or_chapter(rest, non_mtus, inside_mtus=True)
        return [Citation(slug, cited_by, text, _acoem_topic(rest, slug), pages)]
    return []


def _mtus_name_slug(name: str, rest: str) -> str:
    for pattern, slug in _MTUS_NAME_SLUGS:
        if pattern.fullmatch(collapse(name)):
            if slug == "ch:general":
                section = _SECTIONS_LABEL.split(rest, maxsplit=1)
                titles = section[1] if len(section) > 1 else ""
                for title, number in _GENERAL_TITLES:
                    if title.search(titles):
                        return f"mtus-acoem-ch{number}"
                return "mtus-acoem-ch1"
            if slug.startswith("ch:"):
                return f"mtus-acoem-ch{slug[3:]}"
            return slug
    return "other"


def _mtus_topic(rest: str, *, strip_name: bool) -> str | None:
    parts = _SECTIONS_LABEL.split(rest, maxsplit=1)
    if len(parts) > 1:
        return _clean_topic(parts[1])
    rest = _YEAR.sub("", rest)
    rest = _GUIDELINES_WORD.sub("", rest)
    rest = _YEAR.sub("", rest)
    if strip_name:
        rest = re.sub(r"^\s*[,:\-]?\s*(?:" + _MTUS_NAME_ALTERNATION + r")", "", rest, flags=ICASE)
        rest = _YEAR.sub("", rest)
    return _clean_topic(rest)


def _sections_topic(rest: str) -> str | None:
    parts = _SECTIONS_LABEL.split(rest, maxsplit=1)
    return _clean_topic(parts[1]) if len(parts) > 1 else None


def _acoem_outside_or_chapter(rest: str, non_mtus: bool, *, inside_mtus: bool = False) -> str:
    if non_mtus:
        return "acoem"
    if not inside_mtus:
        if _EDITION.search(rest) or re.search(r"\b(?:20(?:0[8-9]|[1-9]\d))\b", rest):
            return "acoem"
    chapter = re.search(r"Chapter\s+(\d{1,2})\b", rest, ICASE)
    if chapter and f"mtus-acoem-ch{chapter.group(1)}" in GUIDELINES_BY_SLUG:
        return f"mtus-acoem-ch{int(chapter.group(1))}"
    if inside_mtus:
        topic = re.search(_ACOEM_TOPIC_ALTERNATION, rest, ICASE)
        if topic:
            key = collapse(topic.group(0)).lower().replace(",", "")
            if key in _ACOEM_TOPIC_BY_TITLE and "complaints" not in rest.lower():
                return "mtus-acoem-" + _ACOEM_TOPIC_BY_TITLE[key]
        for pattern, number in _ACOEM_REGIONS:
            if pattern.search(rest[:80]):
                return f"mtus-acoem-ch{number}"
    return "acoem"


def _acoem_topic(rest: str, slug: str) -> str | None:
    rest = re.sub(r"\s+Chapter\s*[.,;]?\s*$", "", rest, flags=ICASE)
    rest = _EDITION.sub(" ", rest)
    rest = re.sub(r"\b(?:19|20)\d\d\b", " ", rest)
    rest = _EMPTY_BRACKETS.sub(" ", rest)  # "(2004)" without its year
    rest = re.sub(r"^[\s,:;\-]*Chapter\s+\d{1,2}\b", "", rest, flags=ICASE)
    if slug.startswith("mtus-acoem-ch"):
        rest = re.sub(r"^\s*[,:\-]?\s*(?:" + _MTUS_NAME_ALTERNATION + r")", "", rest, flags=ICASE)
        parts = _SECTIONS_LABEL.split(rest, maxsplit=1)
        if len(parts) > 1:
            rest = parts[1]
    return _clean_topic(rest)


def _odg(rest: str) -> tuple[list[str], str | None]:
    """Chapter slug and topic of an ODG citation's text after the name (one citation names one chapter)."""
    pos = 0
    n = len(rest)
    while pos < n:
        skip = _ODG_SKIP.match(rest, pos)
        if not skip or skip.end() == pos:
            break
        pos = skip.end()
    first = None
    for pattern, chapter_slug in _ODG_CHAPTER_AT:
        m = pattern.match(rest, pos)
        if m:
            first = (chapter_slug, m.end())
            break
    several = _odg_chapter_list(rest, pos) if first else None
    if several:
        return several[0], _clean_topic(rest[several[1]:])
    if first and _ODG_CHAPTER_DONE.match(rest, first[1]):
        slug, at = first
        while at < n:  # "(Acute & Chronic)", "Chapter", the separator before the topic
            skip = _ODG_SKIP.match(rest, at)
            if not skip or skip.end() == at:
                break
            at = skip.end()
        return [slug], _clean_topic(rest[at:])
    # The topic first: "ODG MRI shoulder", "ODG Home health services low back", "ODG physical therapy, elbow chapter".
    at_end = _odg_at_end(rest)
    if at_end:
        slug, start = at_end
        return [slug], _clean_topic(rest[:start])
    for pattern, chapter_slug in _ODG_CHAPTER_AT:
        for m in pattern.finditer(rest):
            if m.start() and rest[m.start() - 1].isalnum():
                continue
            after = _CHAPTER_AFTER.match(rest, m.end())
            if after:
                return [chapter_slug], _clean_topic(rest[: m.start()] + " " + rest[after.end():])
    return ["odg"], _clean_topic(rest)


def _odg_chapter_at(rest: str, pos: int) -> tuple[str, re.Match[str]] | None:
    for pattern, chapter_slug in _ODG_CHAPTER_AT:
        m = pattern.match(rest, pos)
        if m:
            return chapter_slug, m
    return None


def _odg_chapter_list(rest: str, pos: int) -> tuple[list[str], int] | None:
    """Chapters named together: "Shoulder Chapter, Hand Chapter, <topic>" (each with "Chapter"),
    "Neck & Upper Back, Low Back and Forearm, Wrist and Hand chapters: <topic>" (a list ending "chapters")
    or "Low Back and neck Chapter, <topic>" (one "Chapter" after the last).
    Their slugs and where the topic starts; None unless two or more chapters are named so."""
    named: list[tuple[str, bool, int]] = []  # (slug, followed by "Chapter", end)
    while True:
        found = _odg_chapter_at(rest, pos)
        if not found:
            break
        chapter_slug, m = found
        word = _CHAPTER_WORD.match(rest, m.end())
        end = word.end() if word else m.end()
        named.append((chapter_slug, bool(word), end))
        if word and word.group("plural"):
            slugs = list(dict.fromkeys(slug for slug, _, _ in named))
            return (slugs, end) if len(slugs) > 1 else None
        sep = _CHAPTER_LIST_SEP.match(rest, end)
        if not sep:
            break
        pos = sep.end()
    first_word = next((i for i, (_, word, _) in enumerate(named) if word), None)
    if first_word:
        # "Low Back and neck Chapter, <topic>": chapters listed, "Chapter" after the last (the topic may
        # start with a chapter's word: "..., Knee brace")
        slugs = list(dict.fromkeys(slug for slug, _, _ in named[: first_word + 1]))
        return (slugs, named[first_word][2]) if len(slugs) > 1 else None
    accepted = named[:1]
    for entry in named[1:]:
        if not entry[1]:
            break
        accepted.append(entry)
    slugs = list(dict.fromkeys(slug for slug, _, _ in accepted))
    if len(slugs) < 2 or not accepted[0][1]:
        return None
    return slugs, accepted[-1][2]


def _odg_at_end(rest: str) -> tuple[str, int] | None:
    """The chapter that ends an ODG citation written topic first ("... low back", "... knee chapter")."""
    tail = _ODG_TAIL_JUNK.sub("", rest)
    best: tuple[str, int] | None = None
    for pattern, chapter_slug in _ODG_CHAPTER_AT:
        for m in pattern.finditer(tail):
            if m.end() != len(tail) or (m.start() and tail[m.start() - 1].isalnum()):
                continue
            if _ODG_NOT_A_CHAPTER_BEFORE.search(tail, 0, m.start()):
                continue  # "Anti-epilepsy drugs (AEDs) for pain": the topic's own words
            if best is None or m.start() < best[1]:
                best = (chapter_slug, m.start())
    if best and not rest[: best[1]].strip(" ,;:/-"):
        return None  # the chapter is all there is
    return best


def _unnamed(text: str, cited_by: str, non_mtus: bool) -> list[Citation]:
    """A cited source without a known guideline name: an ODG chapter named alone, or `other`."""
    cleaned = _clean_text(text)
    if non_mtus:
        for pattern, _chapter_slug in _ODG_CHAPTER_AT:
            m = pattern.match(cleaned)
            if m:
                slugs, topic = _odg(cleaned)
                pages, _ = _pages(cleaned)
                return [Citation(slug, cited_by, cleaned, topic, pages) for slug in slugs]
    pages, _ = _pages(cleaned)
    return [Citation("other", cited_by, cleaned, None, pages)]
