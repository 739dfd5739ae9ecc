"""The detectors: each finds spans of personal data in a text and says what kind they are.

Well-kept libraries where they exist (`phonenumbers` for phone and fax numbers, `usaddress` for street and
PO-box addresses, `nameparser`'s lists of degrees and suffixes after a name), patterns for the rest. What is
public by FORMATS.md (IMR case numbers `CM13-0051177`, dates of injury, ages, sexes) is never a span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
import usaddress
from nameparser.config import CONSTANTS


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # the mask's word: "name", "phone", "claim number"...


NAME = "name"
PHONE = "phone"
EMAIL = "email"
SSN = "ssn"
ADDRESS = "address"
CLAIM = "claim number"
POLICY = "policy number"
CASE = "case number"
BIRTH = "date of birth"
EMPLOYER = "employer"

_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
_WORD = r"(?:[A-Z][A-Za-z'\-]+|[A-Z]\.)"  # a capitalised word or an initial
# A name after an honorific or a role: capitalised words or initials (any case), not across a line.
_NAME_WORDS = r"(?:[A-Z][A-Za-z'\-]*\.?)(?:[ \t]+(?:[A-Z][A-Za-z'\-]*\.?)){0,3}"

# Labels whose value is personal, on the same line or, when the line ends at the colon, on the next one.
LABELS: tuple[tuple[str, str], ...] = (
    (r"applicant(?:'s)?\s+attorney|defense\s+attorney|attorney(?:\s+for\s+\w+)?", NAME),
    (r"employee(?:\s+name)?|claimant(?:\s+name)?|applicant(?:\s+name)?|patient(?:'s)?\s+name|injured\s+worker"
     r"(?:\s+name)?|worker(?:'s)?\s+name|name|adjuster|claims?\s+adjuster|examiner|treating\s+physician|"
     r"requesting\s+(?:provider|physician)|primary\s+treating\s+physician|ptp|spouse|guardian|"
     r"(?:applicant|employee|patient)\s+representative|representative|contact", NAME),
    (r"employer(?:\s+name)?|insured|insurer|carrier|insurance\s+(?:company|carrier)|third\s+party\s+administrator"
     r"|tpa", EMPLOYER),
    (r"claim\s*(?:number|no\.?|num\.?|#)|claim|carrier\s+claim\s*(?:number|no\.?|#)?"
     r"|wcab\s*(?:number|no\.?|#)?", CLAIM),
    (r"policy\s*(?:number|no\.?|#)?", POLICY),
    (r"eams\s*(?:number|no\.?|#|case\s*(?:number|no\.?|#)?)?|adj\s*(?:number|no\.?|#)|wcab\s+case\s*(?:number|no\.?|#)?",
     CASE),
    (r"dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthdate", BIRTH),
    (r"ssn|s\.s\.n\.?|social\s+security(?:\s+(?:number|no\.?|#))?|ss\s*#", SSN),
    (r"(?:home\s+|mailing\s+|street\s+)?address|residence", ADDRESS),
    (r"phone|telephone|tel\.?|fax|cell|mobile|phone\s+number", PHONE),
    (r"e-?mail(?:\s+address)?", EMAIL),
)
_LABEL_KIND = [(re.compile(rf"(?i)^(?:{pattern})$"), kind) for pattern, kind in LABELS]
_ANY_LABEL = "|".join(f"(?:{p})" for p, _ in LABELS)
# "Employee: John Smith", "DOB: 01/02/1970"; the value runs to the end of the line or the next "Label:".
_LABEL_BEFORE = re.compile(rf"(?i)(?<![\w/])({_ANY_LABEL})[ \t]*$")  # a label ending where a colon follows
_ANY_LABEL_RE = re.compile(rf"(?i)(?:{_ANY_LABEL})")

_PHONE_LIKE = re.compile(r"\d{3}\D{0,4}\d{3}\D{0,3}\d{4}")
_EMAIL = re.compile(r"(?i)\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+\b")
_SSN = re.compile(r"(?<![\w/-])(?!000|666|9\d\d)\d{3}([ .\-]{1,2})(?!00)\d{2}\1(?!0000)\d{4}(?![\w/-])")
_EAMS = re.compile(r"(?i)\b(?:ADJ|EAMS|WCAB)[ \t#:-]{0,3}\d{6,9}\b")
# Claim and policy numbers in prose: "claim no. 2019-WC-558812", "under claim number 05-123456".
_PROSE_NUMBER = re.compile(
    r"(?i)\b(?=[cpfr])(claim|policy|file|reference|ref\.?)(?:\s*(?:number|no\.?|num\.?|#|id))?\s*"
    r"(?:is\s+|was\s+|of\s+)?[:#]?\s*"
    r"(?=[A-Z0-9\-]*\d)([A-Z0-9][A-Z0-9\-/]{4,}[A-Z0-9])\b"
)
# A bare identifier: eight or more digits, or a mix of digits and letters joined by dashes ("2019-WC-558812").
_BARE_NUMBER = re.compile(
    r"(?<![\w/.-])(?:\d{8,}|(?=[A-Z0-9-]*[A-Z])(?=(?:[A-Z-]*\d){6})[A-Z0-9]+(?:-[A-Z0-9]+){1,3})(?![\w/.-])"
)
# (its first character before the look-behind, which then reads the one before it: the engine can skip ahead)
_IDENTIFIER_LIKE = re.compile(r"[A-Z0-9](?<![\w/.-][A-Z0-9])[A-Z0-9-]{5,}(?![\w/.-])")
# Cheap hints, searched first: a detector whose pattern cannot match without its hint skips the text. Each
# hint is implied by the pattern it guards (a hint that could miss a match would let personal data through).
_EAMS_HINT = re.compile(r"adj|eams|wcab")  # in the case-folded text (as the pattern's (?i) folds "ſ" to "s")
_SSN_HINT = re.compile(r"\d{3}[ .\-]{1,2}\d{2}[ .\-]")
_BIRTH_HINT = re.compile(r"born|birth|d\.?o\.?b")  # in the case-folded text (as the pattern's (?i) folds "ſ" to "s")
_CITY_ZIP_HINT = re.compile(r"(?:CA|Calif\.?|California)[ \t]+\d{5}")
_PUBLIC_NUMBER = re.compile(r"^(?:CM\d{2}-\d{7}|\d{1,2}-\d{1,2}-\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z]\d{1,2}(?:-\w+)*)$")
_BIRTH = re.compile(rf"(?i)\b(?:born(?:\s+on)?|birth\s*date|date\s+of\s+birth|d\.?o\.?b\.?)\s*[:\-]?\s*({_DATE})")
_HONORIFIC = re.compile(
    r"\b(?=[DdMmS])"  # (every alternative starts so: the engine skips other positions at once)
    r"(?:[Dd]ear[ \t]+)?(?:(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Sr|Sra|Srta|mr|mrs|ms|dr)(?P<dot>\.?)[ \t]+"
    r"(?P<name>[A-Z][A-Za-z'\-]*\.?(?:[ \t]+[A-Z][A-Za-z'\-]*\.?){0,3})"
    r"|(?P<caps>MR|MRS|MS|MISS|DR)(?P<capsdot>\.?)[ \t]+"
    r"(?P<capsname>[A-Z][A-Z'\-]*\.?(?:[ \t]+[A-Z][A-Z'\-]*\.?){0,3})\b)"
)
# "Jane Roe, Esq." / "Anand Patel, M.D.": capitalised words, then a degree or suffix nameparser knows.
_SUFFIX = re.compile(r",[ \t]*(?P<suffix>[A-Za-z][A-Za-z.\-/]{0,10})")  # found first: few per letter
_NAME_BEFORE = re.compile(rf"(?<![\w'])({_WORD}(?:[ \t]+{_WORD}){{1,3}})$")
_SUFFIXES = frozenset(
    s for s in CONSTANTS.suffix_acronyms | CONSTANTS.suffix_not_acronyms if s.isascii() and len(s) > 1
) - {"cm", "ca", "cts", "emt-b", "ii", "iii", "iv"}  # (CM: the IMR case prefix; CA: the state)
# "the applicant, John Smith," / "claimant Maria Lopez": a role, then a name that is no medical word.
_ROLE_NAME = re.compile(
    r"(?i)\b(?=[pcaewhsd])(?:patient|claimant|applicant|employee|injured\s+worker|worker|husband|wife|spouse|son|"
    r"daughter|"
    r"attorney|adjuster)\b(?:'s)?,?[ \t]+(?-i:(?P<name>[A-Z][a-z'\-]+(?:[ \t]+(?:[A-Z]\.[ \t]*)?[A-Z][a-z'\-]+){1,2}))"
)
_CITY_ZIP = re.compile(
    r"\b[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2},?[ \t]+(?:CA|Calif\.?|California)[ \t]+\d{5}(?:-\d{4})?\b"
)
_ADDRESS_START = re.compile(r"(?i)(?<![\w/.-])(?:\d{1,6}[A-Z]?[ \t]+(?=[A-Z0-9NSEW])|p\.?[ \t]?o\.?[ \t]?box\b)")
_STREET_WORDS = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|circle|cir|parkway|pkwy|"
    r"highway|hwy|terrace|ter|trail|trl|plaza|plz|square|sq|loop|alley|row|crescent|pike|expressway|fwy|freeway"
)
_STREET_TYPE = re.compile(rf"(?i)^(?:{_STREET_WORDS})\.?,?$")
# House number, optional direction, one to four capitalised (or ordinal) words, then the street type.
_STREET_LINE = re.compile(
    r"^\d{1,6}[A-Z]?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:(?:[A-Z][A-Za-z'.\-]*|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,4}"
    r"[A-Za-z]+\.?,?$"
)
_STREET_OR_BOX = re.compile(rf"(?i)\b(?:{_STREET_WORDS}|box)\b")
_ADDRESS_PARTS = {
    "AddressNumber", "AddressNumberPrefix", "AddressNumberSuffix", "StreetNamePreDirectional",
    "StreetNamePreModifier", "StreetNamePreType", "StreetName", "StreetNamePostType", "StreetNamePostDirectional",
    "OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier", "PlaceName", "StateName",
    "ZipCode", "USPSBoxType", "USPSBoxID", "USPSBoxGroupType", "USPSBoxGroupID",
}


# The IMR organisation's own letterhead (MAXIMUS Federal Services, Sacramento): public, not a person's.
PUBLIC_CONTACTS = re.compile(
    r"(?i)p\.?\s?o\.?\s?box\s+138009|sacramento,?\s+ca\s+95813(?:-8009)?|\(?916\)?[\s.-]*605[\s.-]*4270"
)


def _label_kind(label: str) -> str:
    label = " ".join(label.split())
    for pattern, kind in _LABEL_KIND:
        if pattern.match(label):
            return kind
    return NAME


def _labels(text: str) -> Iterator[tuple[str, int, str]]:
    """(label, where its value starts, the delimiter) for each known label followed by ':' or '#'.

    Found from the delimiters backwards: a handful of short searches instead of the whole text's.
    """
    for delimiter in re.finditer(r"[:#]", text):
        at = delimiter.start()
        if delimiter.group() == "#" and re.compile(r"[ \t]*:").match(text, at + 1):
            continue  # "Claim #:": the label is "Claim #"
        label = _LABEL_BEFORE.search(text, max(0, at - 48), at)
        if label:
            value = re.compile(r"[ \t]*").match(text, at + 1)
            yield label.group(1), value.end(), delimiter.group()


def _value_end(value: str) -> int:
    """Where a label's value stops: at the next label on the line, a known one or one of ordinary words."""
    from determinations.privacy.vocabulary import is_known

    for colon in re.finditer(r":(?=\s|$)", value):
        words = list(re.finditer(r"[A-Za-z][\w'()/\-]*", value[:colon.start()]))[-4:]
        for n, word in enumerate(words):
            phrase = value[word.start():colon.start()]
            if not word.group()[0].isupper():
                continue
            if _ANY_LABEL_RE.fullmatch(phrase) or all(is_known(w.group()) for w in words[n:]):
                return len(value[:word.start()].rstrip())
    return len(value.rstrip())


def labelled(text: str) -> Iterator[Span]:
    """Values beside a label, including a label at the end of a line whose value is the next line."""
    from determinations.privacy.vocabulary import is_known

    for label, start, delimiter in _labels(text):
        kind = _label_kind(label)
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        value = text[start:line_end]
        if value.strip():
            if value.lstrip().startswith("["):  # already masked
                continue
            end = start + _value_end(value)
            if kind == BIRTH:  # "DOB: 01/02/1970, age 45": only the date
                date = re.match(rf"\s*{_DATE}", text[start:end])
                end = start + date.end() if date else end
            if end > start:
                yield Span(start, end, kind)
            continue
        if delimiter == "#":
            continue
        # the label ends its line: the value is the next non-blank line (up to a label), unless it is a heading
        nxt = re.match(r"\n[ \t]*\n?[ \t]*(\S[^\n]*)", text[line_end:])
        if not nxt:
            continue
        line = nxt.group(1)
        line = line[:_value_end(line)].rstrip()
        words = re.findall(r"[A-Za-z'\-]+", line)
        if not line or line.startswith("[") or len(words) > 8 or (words and all(is_known(w) for w in words)):
            continue
        begin = line_end + nxt.start(1)
        yield Span(begin, begin + len(line), kind)


def emails(text: str) -> Iterator[Span]:
    if "@" not in text:
        return
    for m in _EMAIL.finditer(text):
        yield Span(m.start(), m.end(), EMAIL)


def ssns(text: str) -> Iterator[Span]:
    if not _SSN_HINT.search(text):
        return
    for m in _SSN.finditer(text):
        yield Span(m.start(), m.end(), SSN)


def phones(text: str) -> Iterator[Span]:
    """Every dialable US (or international) number, by Google's libphonenumber rules."""
    if not _PHONE_LIKE.search(text):  # the matcher is thorough but slow: only where ten digits could be
        return
    for m in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = m.raw_string
        if re.fullmatch(r"CM\d{2}-\d{7}", raw) or re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", raw):
            continue
        digits = re.sub(r"\D", "", raw)
        if len(digits) < 10:
            continue
        yield Span(m.start, m.end, PHONE)


def case_numbers(text: str) -> Iterator[Span]:
    if not _EAMS_HINT.search(text.casefold()):
        return
    for m in _EAMS.finditer(text):
        yield Span(m.start(), m.end(), CASE)


def prose_numbers(text: str) -> Iterator[Span]:
    for m in _PROSE_NUMBER.finditer(text):
        kind = POLICY if m.group(1).lower() == "policy" else CLAIM
        if not _PUBLIC_NUMBER.match(m.group(2)):
            yield Span(m.start(2), m.end(2), kind)
    for m in _IDENTIFIER_LIKE.finditer(text):  # cheap candidates first, then the full test
        if _BARE_NUMBER.fullmatch(m.group(0)) and not _PUBLIC_NUMBER.match(m.group(0)):
            yield Span(m.start(), m.end(), CLAIM)


def births(text: str) -> Iterator[Span]:
    if not _BIRTH_HINT.search(text.casefold()):
        return
    for m in _BIRTH.finditer(text):
        yield Span(m.start(1), m.end(1), BIRTH)


def names(text: str) -> Iterator[Span]:
    """Names the text marks as names: after an honorific (any case), before a degree, after a role."""
    from determinations.privacy.vocabulary import is_known

    for m in _HONORIFIC.finditer(text):
        dotted = m.group("dot") or m.group("capsdot")
        words = re.findall(r"[A-Za-z'\-]+", m.group("name") or m.group("capsname"))
        if dotted or not all(is_known(w) for w in words):  # "MS Contin" is a drug, "Ms. Contin" a person
            yield Span(m.start(), m.end(), NAME)
    for m in _SUFFIX.finditer(text):
        suffix = m.group("suffix").rstrip(".")
        if suffix.replace(".", "").lower() not in _SUFFIXES or (suffix.islower() and "." not in suffix):
            continue
        before = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if before and not all(is_known(w) for w in re.findall(r"[A-Za-z']+", before.group(1))):
            yield Span(before.start(1), m.start("suffix") + len(m.group("suffix")), NAME)
    for m in _ROLE_NAME.finditer(text):
        words = m.group("name").split()
        if not any(is_known(w) for w in words):
            yield Span(m.start("name"), m.end("name"), NAME)


def addresses(text: str) -> Iterator[Span]:
    """Street and PO-box addresses, read by usaddress from a window after each house number or box."""
    for m in _CITY_ZIP.finditer(text) if _CITY_ZIP_HINT.search(text) else ():
        yield Span(m.start(), m.end(), ADDRESS)
    for m in _ADDRESS_START.finditer(text):
        window_end = text.find("\n", m.start())
        window_end = len(text) if window_end < 0 else window_end
        window = text[m.start():min(window_end, m.start() + 120)]
        if not _STREET_OR_BOX.search(window):  # the CRF only where a street type or a box could be
            continue
        words = list(re.finditer(r"\S+", window))
        window = window[:words[13].end()] if len(words) > 14 else window
        try:
            tagged = usaddress.parse(window)
        except Exception:  # noqa: BLE001 - the CRF can refuse odd input; then it is no address
            continue
        tokens, cursor = [], 0
        for token, _ in tagged:  # usaddress splits off commas: place each of its tokens in the window
            found = window.find(token, cursor)
            if found < 0:
                break
            tokens.append((token, found))
            cursor = found + len(token)
        tagged = tagged[:len(tokens)]
        labels = [label for _, label in tagged]
        n = 0
        while n < len(labels) and labels[n] in _ADDRESS_PARTS:
            n += 1
        parts = labels[:n]
        is_box = "USPSBoxID" in parts and re.match(r"(?i)p\.?\s?o\.?\s?box", window)
        typed = [i for i, label in enumerate(parts) if label == "StreetNamePostType"
                 and _STREET_TYPE.match(tokens[i][0])]
        if not (is_box or (typed and _STREET_LINE.match(window[:tokens[typed[0]][1] + len(tokens[typed[0]][0])]))):
            continue
        # keep a place name only when a state or ZIP follows it; stop after the last solid part
        last = typed[-1] if typed else parts.index("USPSBoxID")
        for i in range(last + 1, n):
            if parts[i] in ("StateName", "ZipCode", "OccupancyIdentifier", "SubaddressIdentifier",
                            "StreetNamePostDirectional"):
                last = i
        token, offset = tokens[last]
        yield Span(m.start(), m.start() + offset + len(token.rstrip(",.;")), ADDRESS)


DETECTORS = (labelled, emails, case_numbers, births, ssns, phones, addresses, prose_numbers, names)
