"""Build one synthetic letter (layout A, B or C) as tagged blocks plus its spec."""

from __future__ import annotations

import datetime as dt
import random

from . import citations as C
from . import prose, vocab
from .document import Block, Spec, norm
from .items import (
    SUBSPECIALTIES_BY_SPECIALTY,
    Item,
    fit_region,
    lead_item,
    make_item,
    pick_category,
    regional_description,
    specialties_for,
)

PSYCH_CATEGORIES = ("psychological", "pharmaceuticals", "evaluation-management", "programs")

HOW = "HOW THE IMR FINAL DETERMINATION WAS MADE"
SPECIALTY_OVER_FOOTER_RATE = 0.03
PROCESS_A = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no affiliation "
    "with the employer, employee, providers or the claims administrator.",
    "The expert reviewer was selected based on his/her clinical experience, education, background, and "
    "expertise in the same or similar specialties that evaluate and/or treat the medical condition and "
    "disputed items/Service. He/she is familiar with governing laws and regulations, including the strength "
    "of evidence hierarchy that applies to Independent Medical Review determinations.",
)


def _normalise_specialty(s: str) -> str:
    s = s.replace("PM&R", "Physical Medicine and Rehabilitation")
    if s == "PMR":
        s = "Physical Medicine and Rehabilitation"
    return s.replace("&", "and").replace("Orthopaedic", "Orthopedic")


def _ordinal_choice(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


class LetterBuilder:
    """Holds the random choices for one letter and emits its blocks."""

    def __init__(self, rng: random.Random, layout: str | None = None, variant: str | None = None):
        self.rng = rng
        r = rng.random()
        self.layout = layout or ("A" if r < 0.6 else "B" if r < 0.85 else "C")
        self._dates()
        if variant is None:
            if self.layout == "A":
                variant = "A2016" if self.assigned.year >= 2015 or rng.random() < 0.4 else "Aold"
            elif self.layout == "B":
                if self.assigned.year <= 2014 and rng.random() < 0.55:
                    variant = "B2013"
                else:
                    variant = rng.choice(("B", "Bhybrid"))
            else:
                variant = "C"
        self.variant = variant
        if variant == "B2013" and self.assigned.year > 2014:
            self._dates(year=rng.choice((2013, 2014)))
        self.spec = Spec(layout=self.layout, variant=variant)
        self.blocks: list[Block] = []
        self._people()
        self._items()

    # --- random facts ----------------------------------------------------------------------
    def _dates(self, year: int | None = None) -> None:
        rng = self.rng
        y = (
            year
            or rng.choices(range(2013, 2026), weights=[6, 10, 11, 11, 11, 10, 10, 9, 9, 9, 9, 9, 6])[0]
        )
        start = dt.date(y, 1, 1) if y > 2013 else dt.date(2013, 2, 1)
        end = dt.date(y, 12, 31) if y < 2025 else dt.date(2025, 10, 31)
        self.assigned = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        self.received = self.assigned - dt.timedelta(days=rng.randint(0, 20))
        self.ur = self.received - dt.timedelta(days=rng.randint(1, 40))
        self.decision = min(self.assigned + dt.timedelta(days=rng.randint(5, 45)), dt.date(2025, 12, 31))
        back = rng.choice((30, 120, 365, 800, 1500, 3000, 6000))
        self.injury = self.ur - dt.timedelta(days=rng.randint(20, back))
        self.case_number = f"CM{self.assigned.year % 100:02d}-{rng.randint(1, 9999999):07d}"

    def _people(self) -> None:
        rng = self.rng
        self.age = rng.randint(18, 75) if rng.random() < 0.96 else None
        self.sex = rng.choice(("male", "female")) if self.age is not None else None
        region_weights = {
            "lumbar": 30,
            "cervical": 14,
            "shoulder": 14,
            "knee": 12,
            "wrist": 6,
            "carpal": 4,
            "elbow": 3,
            "ankle": 5,
            "hip": 4,
            "thoracic": 3,
            "head": 2,
            "psych": 2,
            "hernia": 1,
        }
        self.region = _ordinal_choice(rng, region_weights)
        spec = rng.choice(vocab.SPECIALTIES)
        subs = rng.sample(vocab.SUBSPECIALTIES, rng.choice((0, 0, 1, 1, 2)))
        subs = [s for s in subs if s != spec]
        self.spec_written = [spec] + subs
        n = rng.choice((1, 1, 1, 2, 2, 3))
        weights = {s: vocab.STATE_WEIGHTS.get(s, 1) for s in vocab.STATES.values()}
        states: list[str] = []
        while len(states) < n:
            s = _ordinal_choice(rng, weights)
            if s not in states:
                states.append(s)
        self.states = states
        self.experience = rng.choice(vocab.EXPERIENCE) if rng.random() < 0.93 else None

    def _items(self) -> None:
        rng = self.rng
        n = rng.choices(
            (1, 2, 3, 4, 5, 6, 8, 11, 15, 21), weights=(38, 25, 15, 9, 6, 3, 2, 1, 0.5, 0.3)
        )[0]
        self.items: list[Item] = []
        regions = [self.region] + [r for r in vocab.REGIONS if r not in ("psych", "hernia", "head")]
        for _ in range(n):
            cat = pick_category(rng)
            region = self.region if rng.random() < 0.7 else rng.choice(regions)
            if region == "psych" and cat not in PSYCH_CATEGORIES:  # no "MRI of the psyche"
                cat = rng.choice(PSYCH_CATEGORIES)
            it = make_item(rng, cat, region, self.assigned.year)
            regional = regional_description(rng, cat, region)
            if regional and not it.partial:
                it.description = regional
            fit_region(it)  # the chapter cited follows the body part the treatment names
            it.decision = "overturned" if rng.random() < 0.105 else "upheld"
            self.items.append(it)
        # The reviewer is of a specialty that reviews the main treatment, with a fitting subspecialty.
        spec = rng.choice(specialties_for(lead_item(self.items)))
        subs = SUBSPECIALTIES_BY_SPECIALTY.get(_normalise_specialty(spec), ())
        wanted = min(len(self.spec_written) - 1, len(subs))
        self.spec_written = [spec] + rng.sample(subs, wanted)

    # --- helpers ---------------------------------------------------------------------------
    def date(self, d: dt.date, style: str) -> str:
        return prose.fmt_date(d, style)

    def add(
        self, text: str, section: str | None = None, *roles: tuple, kind: str = "para", **kw
    ) -> Block:
        b = Block(text, kind=kind, section=section, roles=list(roles), **kw)
        self.blocks.append(b)
        return b

    def heading(self, text: str, **kw) -> None:
        self.add(text, None, kind="heading", bold=True, **kw)

    def specialty_written(self) -> str:
        return ", ".join(self.spec_written)

    def states_written(self, label: bool) -> str:
        rng = self.rng
        names = list(self.states)
        if label and rng.random() < 0.15:
            abbr = {v: k for k, v in vocab.STATES.items()}
            names = [abbr[s] for s in names]
        if label:
            return (", " if rng.random() < 0.5 else ",").join(names)
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + rng.choice((" and ", ", and ")) + names[-1]

    def experience_sentence(self) -> str:
        return (
            f"He/she has been in active clinical practice for {self.experience} and is currently working "
            "at least 24 hours a week in active practice."
        )

    def fill_spec(self, cite_style: str) -> None:
        """Choose citations per item and record the truth values of the spec."""
        sp = self.spec
        sp.case_number = self.case_number
        sp.decision_date = self.decision.isoformat()
        sp.injury_date = self.injury.isoformat()
        sp.ur_denial_date = self.ur.isoformat()
        sp.assigned_date = self.assigned.isoformat()
        sp.application_received_date = self.received.isoformat()
        sp.priority = "Expedited" if self.rng.random() < 0.05 else "Standard"
        sp.patient_age, sp.patient_sex = self.age, self.sex
        sp.specialty = _normalise_specialty(self.spec_written[0])
        subs = [_normalise_specialty(s) for s in self.spec_written[1:]]
        sp.subspecialty = ", ".join(subs) or None
        sp.licensed_states = sorted(set(self.states))
        sp.experience = self.experience
        year = self.decision.year
        self.ca: list[list[C.Cite]] = []
        self.rev: list[list[C.Cite]] = []
        for it in self.items:
            ca = C.pick_cites(self.rng, it, year, cite_style, "claims_administrator")
            rv = C.pick_cites(self.rng, it, year, cite_style, "reviewer")
            if cite_style == "b":
                ca, rv = ca[:2], rv[:2]
            self.ca.append(ca)
            self.rev.append(rv)

    def finish_spec(self) -> None:
        """Record citations after phrasing (phrasing can change the written text)."""
        sp = self.spec
        sp.items = [
            {
                "description": norm(it.description),
                "decision": it.decision,
                "category": it.category,
                "is_opioid": it.is_opioid,
            }
            for it in self.items
        ]
        sp.ca_cites = [
            [c.truth("claims_administrator") | {"text": norm(c.text)} for c in cs] for cs in self.ca
        ]
        sp.rev_cites = [[c.truth("reviewer") | {"text": norm(c.text)} for c in cs] for cs in self.rev]

    def summary(self, section: str, date_style: str, injury_in_prose: bool) -> None:
        redact = self.rng.random() < 0.25
        if redact:
            self.spec.artefacts.append("redaction_spaces")
        inj_text = self.date(self.injury, date_style) if injury_in_prose else None
        first, rest = prose.summary_paragraphs(
            self.rng,
            age=self.age,
            sex=self.sex,
            injury_text=inj_text,
            region=self.region,
            items=self.items,
            injury=self.injury,
            ur=self.ur,
            redact=redact,
            date_style=date_style,
        )
        roles = [("patient", 0)] if self.age is not None else []
        if inj_text:
            roles.append(("injury_prose", 0))
        self.add(first, section, *roles)
        for p in rest:
            self.add(p, section)

    # --- layout A ---------------------------------------------------------------------------
    def build_a(self) -> None:
        rng = self.rng
        old = self.variant == "Aold"
        self.fill_spec("old" if old else "a2016")
        header = rng.random() < (0.85 if not old else 0.6)
        if header:
            d = "MM/DD/YYYY" if not old or rng.random() < 0.5 else "M/D/YYYY"
            rows = [
                ["Case Number:", self.case_number, "", ""],
                [
                    "Date Assigned:",
                    self.date(self.assigned, d),
                    "Date of Injury:",
                    self.date(self.injury, d),
                ],
                [
                    "Decision Date:",
                    self.date(self.decision, d),
                    "UR Denial Date:",
                    self.date(self.ur, d),
                ],
                [
                    "Priority:",
                    self.spec.priority or "",
                    "Application Received:",
                    self.date(self.received, d),
                ],
            ]
            self.add(
                "",
                None,
                *[
                    ("hdr", f)
                    for f in (
                        "case_number",
                        "assigned_date",
                        "injury_date",
                        "decision_date",
                        "ur_denial_date",
                        "priority",
                        "application_received_date",
                    )
                ],
                kind="table",
                table=rows,
            )
        cred_pos = rng.choices(
            ("prose", "mid", "end"), weights=(25, 50, 25) if not old else (70, 10, 20)
        )[0]
        self.spec.artefacts.append(f"credentials_{cred_pos}")
        self.heading(HOW, align="C")
        proc = PROCESS_A[0]
        roles: list[tuple] = []
        if cred_pos == "prose":
            proc += (
                f" The expert reviewer is Board Certified in {self.spec_written[0]} and is licensed to "
                f"practice in {self.states_written(False)}."
            )
            self.spec.subspecialty = None
            roles += [("reviewer", "specialty"), ("reviewer", "states")]
        if self.experience:
            proc += " " + self.experience_sentence()
            roles.append(("reviewer", "experience"))
        proc += " " + PROCESS_A[1]
        self.add(proc, "determination_process", *roles)
        if cred_pos == "mid":
            self.credentials_a()
        self.heading("CLINICAL CASE SUMMARY", align="C")
        self.add(
            "The expert reviewer developed the following clinical case summary based on a review of the "
            "case file, including all medical records:",
            "case_summary",
        )
        style = rng.choice(prose.PROSE_DATE_STYLES[:6])
        self.summary("case_summary", style, injury_in_prose=True)
        self.heading("IMR ISSUES, DECISIONS AND RATIONALES", align="C")
        sec = "decisions_and_rationales"
        self.add(
            "The Final Determination was based on decisions for the disputed items/services set forth "
            "below:",
            sec,
        )
        numbered = rng.random() < 0.2
        for i, it in enumerate(self.items):
            word = "Upheld" if it.decision == "upheld" else "Overturned"
            desc = it.description
            if rng.random() < 0.05 and len(desc) > 20:
                cut = desc.rfind(" ", 0, len(desc) // 2 + 5)
                if cut > 0:
                    desc = desc[:cut] + "\n" + desc[cut + 1 :]
                    self.spec.artefacts.append("wrapped_item")
            num = f"{i + 1}. " if numbered else ""
            sep = ":  " if rng.random() < 0.3 else ": "
            if it.partial:
                orig, auth = it.partial
                tail = rng.choice(
                    (
                        "The remaining IMR eligible portion of the original request, {z}{sep}{w}",
                        "The original request, {z} is{sep}{w}",
                    )
                )
                text = (
                    f"{num}{orig} was the original request. {auth} was authorized by the Claims "
                    f"Administrator. " + tail.format(z=desc, sep=sep.rstrip() + " ", w=word)
                )
                self.spec.artefacts.append("partial_authorisation")
            else:
                text = f"{num}{desc}{sep}{word}"
            self.add(text, sec, ("item", i))
            self.add(
                "Claims Administrator guideline: " + C.field_a(rng, self.ca[i], "claims_administrator"),
                sec,
                ("ca", i),
            )
            self.add("MAXIMUS guideline: " + C.field_a(rng, self.rev[i], "reviewer"), sec, ("rev", i))
            paras = prose.rationale(rng, it, it.decision == "overturned")
            lab = "Decision rationale: "
            self.add(lab + paras[0], sec, ("rationale", i, len(lab)))
            for p in paras[1:]:
                self.add(p, sec, ("rationale", i, 0))
        if cred_pos == "end":
            self.credentials_a()
        if numbered:
            self.spec.artefacts.append("numbered_items")

    def credentials_a(self) -> None:
        sec = "reviewer_qualifications"
        # a lead-in line, not content: like B's "Medical Qualifications of the Expert Reviewer:" heading
        self.add("The Expert Reviewer has the following credentials:", None, kind="heading")
        self.add("State(s) of Licensure: " + self.states_written(True), sec, ("reviewer", "states"))
        spec = self.specialty_written()
        if len(spec) > 45 and self.rng.random() < 0.5:
            cut = spec.find(", ", 20)
            if cut > 0:
                spec = spec[: cut + 1] + "\n" + spec[cut + 2 :]
                self.spec.artefacts.append("wrapped_specialty")
        page_break = None
        if "\n" not in spec and " " in spec.split(",")[0] and self.rng.random() < SPECIALTY_OVER_FOOTER_RATE:
            # docs/FORMATS.md: footers fall in the middle of sections; the value wraps over the page's end
            # ("Certification(s)/Specialty: Orthopedic" / "Page 3 of 4" / "Surgery").
            cut = spec.find(" ")
            spec, page_break = spec[:cut] + "\n" + spec[cut + 1 :], 1
            self.spec.artefacts.append("specialty_over_footer")
        self.add("Certification(s)/Specialty: " + spec, sec, ("reviewer", "specialty"), page_break_line=page_break)

    # --- layout B ---------------------------------------------------------------------------
    def letterhead_b(self) -> None:
        self.add("MAXIMUS FEDERAL SERVICES, INC.", None, kind="title", bold=True, align="C")
        self.add("Independent Medical Review", None, kind="title", align="C")
        self.add(
            "P.O. Box 138009\nSacramento, CA 95813-8009\nFax: (916) 605-4270",
            None,
            kind="title",
            align="C",
        )

    def build_b(self) -> None:
        rng = self.rng
        v = self.variant
        self.fill_spec("b")
        if v == "B2013":
            return self.build_b2013()
        ds = rng.choice(("M/D/YYYY", "MM/DD/YYYY", "M/D/YY"))
        self.letterhead_b()
        self.heading("Notice of Independent Medical Review Determination", align="C")
        self.add(f"Dated: {self.date(self.decision, ds)}", None, ("hdr", "decision_date"), kind="title")
        lab = rng.choice(("IMR Case Number:", "Case Number:", "MAXIMUS Case Number:"))
        ur_lab = "UR Denial Date:" if v == "Bhybrid" else "Date of UR Decision:"
        app_lab = rng.choice(("Application Received:", "IMR Application Received:"))
        lines = [
            (f"{lab} {self.case_number}", "case_number"),
            (f"Date of Injury: {self.date(self.injury, ds)}", "injury_date"),
            (f"{ur_lab} {self.date(self.ur, ds)}", "ur_denial_date"),
            (f"{app_lab} {self.date(self.received, ds)}", "application_received_date"),
        ]
        if rng.random() < 0.5:
            lines.append((f"Priority: {self.spec.priority}", "priority"))
        for t, f in lines:
            self.add(t, None, ("hdr", f), kind="title")
        self.final_determination(partial_word=False)
        self.heading(HOW, align="C")
        proc = (
            PROCESS_A[0] + f" The expert reviewer is Board Certified in {self.spec_written[0]} and is "
            f"licensed to practice in {self.states_written(False)}."
        )
        self.spec.subspecialty = None
        roles = [("reviewer", "specialty"), ("reviewer", "states")]
        if self.experience:
            proc += " " + self.experience_sentence()
            roles.append(("reviewer", "experience"))
        self.add(proc + " " + PROCESS_A[1], "determination_process", *roles)
        self.documents("DOCUMENTS REVIEWED", "documents_reviewed")
        self.heading("CLINICAL CASE SUMMARY", align="C")
        self.add(
            "The expert reviewer developed the following clinical case summary based on a review of the "
            "case file, including all medical records:",
            "case_summary",
        )
        self.summary("case_summary", rng.choice(prose.PROSE_DATE_STYLES), injury_in_prose=True)
        self.heading("IMR DECISION(S) AND RATIONALE(S)", align="C")
        sec = "decisions_and_rationales"
        for i, it in enumerate(self.items):
            self.add(f"{i + 1}. {self.necessity(it)}", sec, ("item", i))
            self.reasons_b(i, it, sec)

    def necessity(self, it: Item) -> str:
        if it.decision == "overturned":
            return f"{it.description} is medically necessary and appropriate."
        if self.rng.random() < 0.15:
            self.spec.artefacts.append("notmedically")
            return f"{it.description} is notmedically necessary and appropriate."
        return f"{it.description} is not medically necessary and appropriate."

    def reasons_b(self, i: int, it: Item, sec: str) -> None:
        rng = self.rng
        year = self.decision.year
        self.add(C.field_b(rng, self.ca[i], "claims_administrator", year), sec, ("ca", i))
        self.add(C.field_b(rng, self.rev[i], "reviewer", year), sec, ("rev", i))
        self.add("Rationale Used in Determination:", sec)
        for p in prose.rationale(rng, it, it.decision == "overturned"):
            self.add(p, sec, ("rationale", i, 0))

    def final_determination(self, partial_word: bool) -> None:
        ds = {it.decision for it in self.items}
        if ds == {"upheld"}:
            word, expl = "UPHOLD", "none of the disputed items/services are"
        elif ds == {"overturned"}:
            word, expl = "OVERTURN", "all of the disputed items/services are"
        else:
            word = "OVERTURN (partially)" if partial_word else "OVERTURN"
            expl = "some of the disputed items/services are"
        self.add(f"Final Determination: {word}", None, kind="heading", bold=True)
        self.add(
            f"This means we decided that {expl} medically necessary and appropriate. A detailed "
            "explanation of the decision for each of the disputed items/services is provided later in "
            "this letter.",
            None,
        )

    def documents(self, heading: str, sec: str) -> None:
        rng = self.rng
        self.heading(heading, align="C" if heading.isupper() and not heading.endswith(":") else "L")
        docs = rng.sample(vocab.DOCUMENT_TYPES, rng.randint(2, 5))
        for d in docs:
            self.add(f"{d}", sec)

    def build_b2013(self) -> None:
        rng = self.rng
        if len(self.items) > 1 and rng.random() < 0.1:  # let "OVERTURN (partially)" be seen now and then
            self.items[-1].decision = "overturned"
        ds = "M/D/YYYY"
        self.letterhead_b()
        self.add(
            f"Notice of Independent Medical Review Determination    Dated: {self.date(self.decision, ds)}",
            None,
            ("hdr", "decision_date"),
            kind="heading",
            bold=True,
        )
        self.add("Employee:", None, kind="title")
        self.add("Claim Number:", None, kind="title")
        self.add(
            f"Date of UR Decision: {self.date(self.ur, ds)}",
            None,
            ("hdr", "ur_denial_date"),
            kind="title",
        )
        self.add(
            f"Date of Injury: {self.date(self.injury, ds)}", None, ("hdr", "injury_date"), kind="title"
        )
        self.add(f"IMR Case Number: {self.case_number}", None, ("hdr", "case_number"), kind="title")
        self.final_determination(partial_word=True)
        twice = rng.random() < 0.3
        for rep in range(2 if twice else 1):
            self.add(
                "A decision has been made for each of the treatment and/or services that were in dispute:",
                None,
            )
            for i, it in enumerate(self.items):
                self.add(
                    f"{i + 1}) MAXIMUS Federal Services, Inc. has determined the request for "
                    f"{self.necessity(it)}",
                    None,
                    ("item", i),
                )
            if twice and rep == 0:
                self.spec.artefacts.append("decision_list_twice")
                self.add(
                    "This decision is final and binding. A copy of this letter is being sent to the "
                    "parties listed below.",
                    None,
                )
                self.heading(f"Final Determination Letter for IMR Case Number {self.case_number}")
        self.heading(HOW)
        filed = self.date(self.received, ds)
        urd = self.date(self.ur, ds)
        self.add(
            f"The Application for Independent Medical Review (IMR) was filed on {filed} disputing the "
            f"Utilization Review Denial dated {urd}. " + PROCESS_A[0],
            "determination_process",
            ("prose", "application_received_date"),
        )
        self.heading("Medical Qualifications of the Expert Reviewer:")
        sub = ""
        if len(self.spec_written) > 1:
            sub = f", has a subspecialty in {self.spec_written[1]}"
            self.spec.subspecialty = _normalise_specialty(self.spec_written[1])
        q = (
            f"The expert reviewer is Board Certified in {self.spec_written[0]}{sub} and is licensed to "
            f"practice in {self.states_written(False)}."
        )
        roles = [("reviewer", "specialty"), ("reviewer", "states")]
        if self.experience:
            q += (
                f" The expert reviewer has been in active clinical practice for {self.experience} and is "
                "currently working at least 24 hours a week in active practice."
            )
            roles.append(("reviewer", "experience"))
        self.add(q, "reviewer_qualifications", *roles)
        self.heading("Case Summary:")
        asof = self.date(self.received + dt.timedelta(days=rng.randint(1, 20)), "Month D, YYYY")
        self.add(
            f"Disclaimer: The following case summary was taken from the medical records provided, "
            f"received as of {asof}. It may not reflect the entirety of the medical records.",
            "case_summary",
        )
        self.summary(
            "case_summary", rng.choice(("M/D/YYYY", "M/D/YY", "Month D, YYYY")), injury_in_prose=True
        )
        sec = "decisions_and_rationales"
        for i, it in enumerate(self.items):
            self.add(f"{i + 1}) Regarding the request for {it.description}:", sec)
            self.add("Medical Treatment Guideline(s) Relied Upon:", sec)
            self.reasons_b(i, it, sec)

    # --- layout C ---------------------------------------------------------------------------
    def build_c(self) -> None:
        rng = self.rng
        self.fill_spec("b")
        self.add("MEDICAL PROFESSIONAL REVIEW", None, kind="title", bold=True, align="C")
        ds = rng.choice(("M/D/YYYY", "MM/DD/YYYY", "M/D/YY"))
        if rng.random() < 0.7:
            self.add(f"IMR Case Number: {self.case_number}", None, ("hdr", "case_number"), kind="title")
            self.add(
                f"Date of Injury: {self.date(self.injury, ds)}",
                None,
                ("hdr", "injury_date"),
                kind="title",
            )
            self.add(
                f"Decision Date: {self.date(self.decision, ds)}",
                None,
                ("hdr", "decision_date"),
                kind="title",
            )
        self.heading("ISSUE AT DISPUTE:")
        for i, it in enumerate(self.items):
            self.add(
                f"{i + 1}. {it.description}" if len(self.items) > 1 else it.description,
                "issue_at_dispute",
            )
        self.heading("CASE SUMMARY:")
        self.summary("case_summary", rng.choice(prose.PROSE_DATE_STYLES), injury_in_prose=True)
        self.documents("DOCUMENTS REVIEWED FOR DETERMINATION:", "documents_reviewed")
        wrap = rng.random() < 0.5
        if wrap:
            self.spec.artefacts.append("wrapped_heading")
        self.heading(
            "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY"
            + ("\n" if wrap else " ")
            + "PROFESSIONAL REVIEWER AND WHY:"
        )
        sec = "guidelines_relied_upon"
        for i, it in enumerate(self.items):
            lead = f"Regarding the request for {it.description}: " if len(self.items) > 1 else ""
            self.add(lead + C.field_b(rng, self.ca[i], "claims_administrator"), sec, ("ca", i))
            why = rng.choice(
                (
                    "This guideline was used because it is the most relevant to the requested "
                    "treatment.",
                    "These guidelines address the requested service directly.",
                    "",
                )
            )
            self.add((C.field_b(rng, self.rev[i], "reviewer") + " " + why).strip(), sec, ("rev", i))
        self.heading(
            "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT"
            + ("\n" if wrap else " ")
            + "MEDICALLY NECESSARY:"
        )
        sec = "decisions_and_rationales"
        for i, it in enumerate(self.items):
            self.add(f"{i + 1}. {self.necessity(it)}", sec, ("item", i))
            for p in prose.rationale(rng, it, it.decision == "overturned"):
                self.add(p, sec, ("rationale", i, 0))
        self.heading("MEDICAL REVIEWER QUALIFICATIONS:")
        q = (
            f"The reviewer is board certified in {self.spec_written[0]}, licensed in "
            f"{self.states_written(False)}"
        )
        self.spec.subspecialty = None
        roles = [("reviewer", "specialty"), ("reviewer", "states")]
        if self.experience:
            q += f", and has been in active clinical practice for {self.experience}"
            roles.append(("reviewer", "experience"))
        self.add(q + ".", "reviewer_qualifications", *roles)

    def build(self) -> tuple[Spec, list[Block]]:
        {"A": self.build_a, "B": self.build_b, "C": self.build_c}[self.layout]()
        self.finish_spec()
        return self.spec, self.blocks
