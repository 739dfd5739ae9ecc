"""Disputed items: description, decision, guideline fields and rationale, in every layout's phrasing.

Layout A: `<item>: Upheld` lines (colons inside the item, wraps, partly authorised requests), then
labelled fields. Layout B: sentences `<item> is (not) medically necessary and appropriate` (2013: a
decision list, maybe printed twice, then `1) Regarding the request for <item>:` blocks). Layout C:
`ISSUE AT DISPUTE:` lists the items; the rationale heading and guideline section hold the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .categories import categorise, is_opioid
from .citations import parse_field
from .record import Citation, Item
from .text import collapse

ICASE = re.IGNORECASE

_DECISION_LINE = re.compile(
    r"^(?P<pre>.*?)(?:\s*[:\u2013\u2014]|\s+-|\s+is)\s*(?P<dec>Upheld|Overturned)\s*\.?$", ICASE
)
_DECISION_ALONE = re.compile(r"^(?P<dec>Upheld|Overturned)\s*\.?$", ICASE)
_TERMINATED = re.compile(r"[.:;!?][\"'\u201d\u2019)\]]*$")
_NUMBERING = re.compile(r"^\s*(?:#\s*)?\d{1,2}\s*[.)]\s+")
_PARTIAL = re.compile(
    r"(?:The\s+remaining\s+IMR[-\s]+eligible\s+portion\s+of\s+the\s+original\s+request|"
    r"(?-i:The)\s+(?:IMR[-\s]+eligible\s+portion\s+of\s+the\s+)?original\s+request\s*,)\s*,?\s*(?:is\s*:?\s*)?(?P<z>.+)$",
    ICASE,
)
_ORIGINAL_REQUEST = re.compile(r"was\s+the\s+original\s+request", ICASE)
_TRAILING_IS = re.compile(r"\s+(?:is|are)\s*$", ICASE)

# Field labels inside an item block, as data: (kind, pattern, label is a "based ... decision on" lead-in).
FIELD_LABELS: tuple[tuple[str, str, bool], ...] = (
    ("claims_administrator", r"Claims\s+Administrator(?:'s)?\s+guidelines?\s*:", False),
    (
        "claims_administrator",
        r"The\s+Claims\s+Administrator\s+based\s+(?:its|their|his/her|his|her)\s+decision\s+on"
        r"(?!\s+recommendation)",
        True,
    ),
    ("reviewer", r"(?:MAXIMUS|Expert\s+Reviewer(?:'s)?|Reviewer)\s+guidelines?\s*:", False),
    (
        "reviewer",
        r"The\s+(?:Expert|Professional)\s+Reviewer\s+based\s+(?:his/her|his|her|their|its)\s+decision\s+on"
        r"(?!\s+recommendation)",
        True,
    ),
    ("rationale", r"Decision\s+rationale\s*:|Rationale\s+Used\s+in\s+(?:the\s+)?Determination\s*:?", False),
    ("ignore", r"Rationale\s+for\s+the\s+Decision\s*:", False),
    (
        "ignore",
        r"The\s+(?:Claims\s+Administrator|Expert\s+Reviewer|Professional\s+Reviewer)\s+did\s+not\s+cite",
        False,
    ),
    ("stop", r"(?m:^)\s*(?:State\(?s?\)?\s+of\s+Licen[sc]ure|Certification\(?s?\)?\s*/\s*Specialty)\s*:", False),
)
_FIELD_ALTERNATION = "|".join(f"(?P<f{i}>{pattern})" for i, (_k, pattern, _lead) in enumerate(FIELD_LABELS))
# The lookahead skips, cheaply, every position where no label can start: how the labels begin ("Claims", "The",
# "MAXIMUS", "Expert", "Reviewer", "Decision", "Rationale"), or a line start for the "stop" labels. A new label
# needs its first two letters here.
_FIELD_STARTS = ("cl", "th", "ma", "ex", "re", "de", "ra")
_FIELD_RE = re.compile(rf"(?=(?:{'|'.join(_FIELD_STARTS)})|(?m:^))(?:{_FIELD_ALTERNATION})", ICASE)

_B_STATEMENT = re.compile(
    r"(?m)^[ \t]*(?=\d{1,2}\s*(?:\.\s|\))|MAXIMUS\s+Federal\s+Services,?\s+Inc\.?,?\s+has\s)"
    r"(?:(?P<num>\d{1,2})\s*(?:\.\s|\))\s*)?"
    r"(?P<lead>MAXIMUS\s+Federal\s+Services,?\s+Inc\.?,?\s+has\s+determined\s+(?:that\s+)?the\s+requests?\s+for\s+)?"
    r"(?P<desc>(?:(?!\n[ \t]*\d{1,2}\s*[.)]\s)[^\n]|\n){1,400}?)"
    r"\s+(?:is|are|was|were)\s*(?P<not>not\s*)?medically\s*necessary(?:\s+and\s+appropriate)?",
    ICASE,
)
_B_REGARDING = re.compile(
    r"(?m)^[ \t]*(?:(?P<num>\d{1,2})\s*[.)]\s*)?Regarding\s+the\s+requests?\s+for\s+(?P<desc>(?:.|\n){1,400}?)"
    r"\s*:[ \t]*$",
    ICASE,
)
_C_DECISION_PHRASE = re.compile(
    r"(?P<pre>.*?)(?:\s*[:\u2013\u2014]|\s+-)\s*(?P<dec>Upheld|Overturned|Denied|Non-?certified|Certified|"
    r"Approved)\s*\.?$",
    ICASE,
)
_C_NECESSITY = re.compile(r"\b(?:is|are|was|were|be)\s*(?P<not>not\s*)?medically\s*necessary", ICASE)
_C_DECISION_WORDS = {
    "upheld": "upheld", "denied": "upheld", "noncertified": "upheld", "non-certified": "upheld",
    "overturned": "overturned", "certified": "overturned", "approved": "overturned",
}


@dataclass(slots=True)
class _RawItem:
    description: str
    decision: str
    fields: list[tuple[str, str, bool]] = field(default_factory=list)  # (kind, text, lead-in)
    rationale: str | None = None
    request_note: str | None = None


def clean_description(text: str) -> str:
    """Collapsed, without numbering and without a final period or colon."""
    text = collapse(text)
    text = _NUMBERING.sub("", text)
    text = _TRAILING_IS.sub("", text)
    return text.rstrip(" .:;,")


_RATIONALE_LABEL = re.compile(FIELD_LABELS[4][1], ICASE)
# A rationale ends at reviewer credentials, or at the next item's `N) Regarding the request for` line (which,
# cut off in a truncated letter, may lack its closing colon).
_STOP_LABEL = re.compile(
    FIELD_LABELS[7][1] + r"|(?m:^)[ \t]*\d{1,2}\s*[.)]\s*Regarding\s+the\s+requests?\s+for\b", ICASE
)


def _read_fields(block: str) -> tuple[list[tuple[str, str, bool]], str | None]:
    """Split an item's block into guideline fields and the rationale, by the labels in it."""
    # Labels are looked for before the rationale only: the rationale is most of the text and is prose.
    rationale_label = _RATIONALE_LABEL.search(block)
    head_end = rationale_label.end() if rationale_label else len(block)
    matches = list(_FIELD_RE.finditer(block, 0, head_end))
    fields: list[tuple[str, str, bool]] = []
    rationale: str | None = None
    for index, m in enumerate(matches):
        label_index = int((m.lastgroup or "f0")[1:])
        kind, _pattern, lead = FIELD_LABELS[label_index]
        if kind == "stop":
            break
        end = matches[index + 1].start() if index + 1 < len(matches) else len(block)
        if kind == "rationale":
            # The rationale runs to the end of the block (guideline-like phrases inside it are prose),
            # unless reviewer credentials follow.
            stop = _STOP_LABEL.search(block, m.end())
            text = collapse(block[m.end(): stop.start() if stop else len(block)])
            if text:
                rationale = text if rationale is None else rationale + " " + text
            break
        if kind == "ignore":
            continue
        fields.append((kind, block[m.end():end], lead))
    return fields, rationale


def _citations(fields: list[tuple[str, str, bool]]) -> list[Citation]:
    claims: list[Citation] = []
    reviewer: list[Citation] = []
    for kind, text, lead in fields:
        target = claims if kind == "claims_administrator" else reviewer
        if lead:
            text = "Decision based on " + text
        target.extend(parse_field(text, kind))
    return claims + reviewer


def _finish(raw: _RawItem) -> Item:
    description = raw.description
    return Item(
        description=description,
        decision=raw.decision,
        category=categorise(description),
        is_opioid=is_opioid(description),
        rationale=raw.rationale,
        guidelines=_citations(raw.fields),
        request_note=raw.request_note,
    )


# ---------------------------------------------------------------------------------------------- layout A

def _merge_lonely_decisions(lines: list[str]) -> list[str]:
    """`<item>:` on one line and `Upheld` alone on the next: join them."""
    out: list[str] = []
    for line in lines:
        if out and _DECISION_ALONE.match(line) and out[-1].rstrip().endswith(":"):
            out[-1] = out[-1].rstrip() + " " + line
        else:
            out.append(line)
    return out


def _is_boundary(line: str) -> bool:
    """A line that cannot be the first part of a wrapped item line. An item name may contain colons
    (`3. Associated surgical service:` / `Continuous passive motion device: Upheld`), so a colon at the end
    is a boundary only on a field label."""
    if not line or _FIELD_RE.match(line):
        return True
    if line.endswith(":"):
        return not _NUMBERING.match(line) and bool(_SENTENCE_COLON.search(line))
    return bool(_TERMINATED.search(line))


# A colon line that introduces a list rather than naming an item: "... is set forth below:".
_SENTENCE_COLON = re.compile(r"(?:\b(?:below|following|follows?|dispute|as|are|is|were|was)|\.\s.*)\s*:$", ICASE)


def items_layout_a(lines: list[str]) -> list[_RawItem]:
    lines = _merge_lonely_decisions([ln for ln in lines if ln])
    decision_rows = [
        i for i, line in enumerate(lines)
        if line.rstrip(" .").lower().endswith(("upheld", "overturned")) and _DECISION_LINE.match(line)
    ]
    starts: list[int] = []
    previous_end = 0
    for row in decision_rows:
        start = row
        while start - 1 >= previous_end and not _is_boundary(lines[start - 1]) and row - start < 6:
            start -= 1
        block = " ".join(lines[start:row + 1])
        if _PARTIAL.search(block) and not _ORIGINAL_REQUEST.search(block):
            probe = start
            while probe - 1 >= previous_end and row - probe < 8:
                probe -= 1
                if _ORIGINAL_REQUEST.search(" ".join(lines[probe:row + 1])):
                    while probe - 1 >= previous_end and not _is_boundary(lines[probe - 1]):
                        probe -= 1
                    start = probe
                    break
        starts.append(start)
        previous_end = row + 1
    items: list[_RawItem] = []
    for index, row in enumerate(decision_rows):
        start = starts[index]
        head = " ".join(lines[start:row + 1])
        m = _DECISION_LINE.match(collapse(head))
        if not m:
            continue
        pre = m.group("pre")
        note = None
        partial = _PARTIAL.search(pre)
        if partial:
            note = collapse(head)
            pre = partial.group("z")
        description = clean_description(pre)
        if not description:
            continue
        end = starts[index + 1] if index + 1 < len(decision_rows) else len(lines)
        fields, rationale = _read_fields("\n".join(lines[row + 1:end]))
        items.append(_RawItem(description, m.group("dec").lower(), fields, rationale, note))
    return items


# ---------------------------------------------------------------------------------------------- layout B

def _b_statements(text: str) -> list[tuple[re.Match[str], str, str]]:
    found: list[tuple[re.Match[str], str, str]] = []
    seen: set[tuple[str, str]] = set()
    last = 0
    for m in _B_STATEMENT.finditer(text):
        if not (m.group("num") or m.group("lead")):
            continue
        if m.group("num"):
            # Numbers run 1, 2, 3 (restarting when the list is printed twice); "60. On August 27, ..." of a
            # wrapped sentence is no item.
            number = int(m.group("num"))
            if number not in (1, last + 1):
                continue
            last = number
        description = clean_description(m.group("desc"))
        if not description or len(description) > 350 or _FIELD_RE.search(description):
            continue
        if re.match(r"Regarding\s+the\s+request", description, ICASE):
            continue
        key = (m.group("num") or "", description.lower())
        if key in seen:
            continue  # the decision list printed twice
        seen.add(key)
        decision = "upheld" if m.group("not") else "overturned"
        found.append((m, description, decision))
    return found


def items_layout_b(full_text: str, decisions_text: str) -> list[_RawItem]:
    regarding = list(_B_REGARDING.finditer(decisions_text))
    statements = _b_statements(full_text)
    items: list[_RawItem] = []
    if regarding:
        by_number = {m.group("num"): (d, dec) for m, d, dec in statements if m.group("num")}
        for index, r in enumerate(regarding):
            end = regarding[index + 1].start() if index + 1 < len(regarding) else len(decisions_text)
            block = decisions_text[r.end():end]
            fields, rationale = _read_fields(block)
            description = clean_description(r.group("desc"))
            decision = None
            if r.group("num") and r.group("num") in by_number:
                listed, decision = by_number[r.group("num")]
                # `Regarding the request for X DOS:` / `5/8/2013:` stops at the first colon: the decision list
                # has the whole name.
                if len(listed) > len(description) and listed.lower().startswith(description.lower()):
                    description = listed
            elif index < len(statements):
                decision = statements[index][2]
            if decision is None:
                decision = _decision_from_prose(rationale or block)
            if decision is None:
                continue
            items.append(_RawItem(description, decision, fields, rationale))
        # Decided items whose `Regarding` block is missing (a truncated letter): kept, without a rationale.
        covered = {r.group("num") for r in regarding if r.group("num")}
        if covered:
            for m, description, decision in statements:
                num = m.group("num")
                if num and num not in covered and int(num) > len(regarding):
                    covered.add(num)
                    items.append(_RawItem(description, decision))
        return items
    in_section = [s for s in _b_statements(decisions_text)] if decisions_text else []
    source, pool = (decisions_text, in_section) if in_section else (full_text, statements)
    for index, (m, description, decision) in enumerate(pool):
        end = pool[index + 1][0].start() if index + 1 < len(pool) else len(source)
        fields, rationale = _read_fields(source[m.end():end])
        items.append(_RawItem(description, decision, fields, rationale))
    return items


def _decision_from_prose(text: str) -> str | None:
    last = None
    for m in _C_NECESSITY.finditer(text):
        last = m
    if last is None:
        return None
    return "upheld" if last.group("not") else "overturned"


# ---------------------------------------------------------------------------------------------- layout C

_C_REGARDING = re.compile(
    r"(?:(?:(?<=\n)|^)[ \t]*(?:\d{1,2}\s*[.)]\s*)?|(?<=[.:]\s))Regarding\s+the\s+requests?\s+for\s+", ICASE
)
_C_REGARDING_END = re.compile(r":\s+(?=(?:The|This|These|No|Non|MTUS|ODG|Per|Based|Decision|Guideline)\b)|:\s*\n")
_UNNUMBERED_STATEMENT = re.compile(
    r"^\s*(?P<desc>[^\n](?:.|\n){0,400}?)\s+(?:is|are|was|were)\s*(?P<not>not\s*)?medically\s*necessary"
    r"(?:\s+and\s+appropriate)?\s*\.",
    ICASE,
)


def _c_issue_entries(issue_lines: list[str]) -> list[tuple[str, str | None]]:
    """ISSUE AT DISPUTE: (description, decision or None) per listed item."""
    content = [ln for ln in issue_lines if ln]
    if not content:
        return []
    entries: list[str] = []
    if any(_NUMBERING.match(ln) for ln in content):
        for line in content:
            if _NUMBERING.match(line) or not entries:
                entries.append(line)
            else:
                entries[-1] += " " + line
    elif len(content) > 1 and all(_C_DECISION_PHRASE.match(ln) for ln in content):
        entries = content
    else:
        entries = [" ".join(content)]
    out: list[tuple[str, str | None]] = []
    for entry in entries:
        entry = collapse(entry)
        decision = None
        m = _C_DECISION_PHRASE.match(entry)
        if m:
            decision = _C_DECISION_WORDS.get(m.group("dec").lower().replace(" ", ""))
            entry = m.group("pre")
        else:
            necessity = _C_NECESSITY.search(entry)
            if necessity:
                decision = "upheld" if necessity.group("not") else "overturned"
                entry = entry[: necessity.start()]
        entry = re.sub(r"^(?:(?:the\s+)?requested\s+(?:treatment|service)s?\s*:?|request(?:\s+for)?\s*:?)\s*", "",
                       clean_description(entry), flags=ICASE)
        description = clean_description(entry)
        if description:
            out.append((description, decision))
    return out


def _key(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(" .:")


def _c_guideline_blocks(text: str, descriptions: list[str]) -> list[tuple[str | None, str]]:
    """The guideline section cut into `Regarding the request for <item>:` blocks: (description key, text)."""
    starts = list(_C_REGARDING.finditer(text))
    if not starts:
        return [(None, text)] if text.strip() else []
    blocks: list[tuple[str | None, str]] = []
    keys = [_key(d) for d in descriptions]
    for index, m in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[m.end():end]
        flat = " ".join(body.split())
        lowered = flat.lower()
        matched = None
        for key in sorted(keys, key=len, reverse=True):
            if lowered.startswith(key) and lowered[len(key):len(key) + 2].lstrip().startswith(":"):
                matched = key
                break
        if matched is not None:
            rest = flat[len(matched):].lstrip()[1:]
        else:
            cut = _C_REGARDING_END.search(body)
            if cut:
                matched, rest = _key(body[:cut.start()]), body[cut.end():]
            else:
                rest = body
        blocks.append((matched, rest))
    return blocks


def _c_statements(rationale_text: str, issue_keys: set[str]) -> list[tuple[str, str, str]]:
    """The rationale section's `N. <item> is (not) medically necessary ...` statements: (description, decision,
    the text that follows up to the next statement)."""
    found = _b_statements(rationale_text)
    out: list[tuple[str, str, str]] = []
    if found:
        for index, (m, description, decision) in enumerate(found):
            end = found[index + 1][0].start() if index + 1 < len(found) else len(rationale_text)
            out.append((description, decision, rationale_text[m.end():end]))
        return out
    # One item: an unnumbered statement, taken only when it names the issue or has the statement's form.
    m = _UNNUMBERED_STATEMENT.match(rationale_text)
    if m:
        description = clean_description(m.group("desc"))
        decision = "upheld" if m.group("not") else "overturned"
        formal = m.group(0).rstrip(" .").lower().endswith("appropriate") and ". " not in description
        if description and len(description) < 350 and (formal or _key(description) in issue_keys):
            out.append((description, decision, rationale_text[m.end():]))
    return out


def _c_rationale(tail: str) -> tuple[list[tuple[str, str, bool]], str | None]:
    """What follows a statement: labelled fields if any, else prose (the rationale)."""
    tail = re.sub(r"^\s*(?:and\s+appropriate)?\s*[.;:]?", "", tail, flags=ICASE)
    if _RATIONALE_LABEL.search(tail):
        return _read_fields(tail)
    stop = _STOP_LABEL.search(tail)
    return [], collapse(tail[: stop.start()] if stop else tail) or None


def items_layout_c(issue_lines: list[str], rationale_text: str, guideline_text: str,
                   rationale_heading_says_not: bool) -> list[_RawItem]:
    """Items from the rationale section's statements (each with its decision and rationale), guideline
    sentences from the guideline section (per `Regarding the request for` block when there are several);
    ISSUE AT DISPUTE only when the rationale section has no statements."""
    issues = _c_issue_entries(issue_lines)
    statements = _c_statements(rationale_text, {_key(d) for d, _dec in issues})
    items: list[_RawItem] = []
    if statements:
        issue_by_key = {_key(d): d for d, _dec in issues}
        for index, (description, decision, tail) in enumerate(statements):
            fields, rationale = _c_rationale(tail)
            if _key(description) not in issue_by_key and len(issues) == len(statements):
                description = issues[index][0] if _key(issues[index][0]) in _key(description) else description
            items.append(_RawItem(description, decision, fields, rationale))
    else:
        if not issues:
            return []
        text = collapse(rationale_text) or None
        for description, decision in issues:
            if decision is None and len(issues) == 1:
                decision = _decision_from_prose(rationale_text)
            if decision is None:
                if not text:
                    continue  # no decision anywhere: a truncated letter
                decision = "upheld" if rationale_heading_says_not else "overturned"
            items.append(_RawItem(description, decision, [], text if len(issues) == 1 else None))
    blocks = _c_guideline_blocks(guideline_text, [it.description for it in items])
    if not blocks:
        return items
    unused = list(range(len(blocks)))
    for index, item in enumerate(items):
        body = None
        key = _key(item.description)
        # The first block not yet taken with this item's name (two items can share a name).
        for position, block_index in enumerate(unused):
            if blocks[block_index][0] == key:
                body = blocks[block_index][1]
                del unused[position]
                break
        if body is None:
            if len(blocks) == 1 and blocks[0][0] is None:
                body = blocks[0][1]
            elif len(blocks) == len(items):
                body = blocks[index][1]
            else:
                continue
        fields, _rationale = _read_fields(body)
        fields = [f for f in fields if f[0] in ("claims_administrator", "reviewer")]
        if fields:
            item.fields = fields + item.fields
        else:
            item.fields = [("prose", body, False)] + item.fields
    return items


def finish_items(raw_items: list[_RawItem]) -> list[Item]:
    out: list[Item] = []
    for raw in raw_items:
        prose = [text for kind, text, _lead in raw.fields if kind == "prose"]
        raw.fields = [f for f in raw.fields if f[0] != "prose"]
        item = _finish(raw)
        for text in prose:
            item.guidelines.extend(parse_field(text, "reviewer", prose=True))
        out.append(item)
    return out
