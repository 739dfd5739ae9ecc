"""Prose templates: clinical case summaries and decision rationales, several per paragraph."""

from __future__ import annotations

import datetime as dt
import random

from . import vocab
from .items import Item


def fmt_date(d: dt.date, style: str) -> str:
    """Dates as letters write them: M/D/YY, M/D/YYYY, MM/DD/YYYY, dashes, or Month D, YYYY."""
    if style == "MM/DD/YYYY":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "M/D/YYYY":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "M/D/YY":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "M-D-YY":
        return f"{d.month}-{d.day}-{d.year % 100:02d}"
    if style == "MM-DD-YYYY":
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    if style == "M-D-YYYY":
        return f"{d.month}-{d.day}-{d.year}"
    if style == "Month D, YYYY":
        return f"{d.strftime('%B')} {d.day}, {d.year}"
    raise ValueError(style)


PROSE_DATE_STYLES = (
    "M/D/YY",
    "M/D/YYYY",
    "MM/DD/YYYY",
    "M-D-YY",
    "MM-DD-YYYY",
    "M-D-YYYY",
    "Month D, YYYY",
)


def _between(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    span = max(0, (b - a).days)
    return a + dt.timedelta(days=rng.randint(0, span))


def patient_sentence(
    rng: random.Random, age: int | None, sex: str | None, injury: str | None, redact: bool
) -> str:
    """The summary's opening sentence; `injury` (formatted) must follow 'industrial injury on'."""
    gap = "  " if redact else " "
    if age is None or sex is None:
        subj = rng.choice(("The injured worker", "The applicant", "This patient", "The claimant"))
        if injury:
            return f"{subj} sustained an industrial injury on {injury}."
        return f"{subj} reports a work-related injury."
    word = {
        "male": ("male", "male", "male", "man", "gentleman"),
        "female": ("female", "female", "female", "woman", "lady"),
    }[sex]
    w = rng.choice(word)
    form = rng.choice((f"{age} year old {w}", f"{age}-year-old {w}", f"{age} year-old {w}"))
    occ = f" {rng.choice(vocab.OCCUPATIONS)}" if rng.random() < 0.3 and w in ("male", "female") else ""
    inj = f" industrial injury on {injury}" if injury else " work-related injury"
    mech = f" while {rng.choice(vocab.MECHANISMS)}" if rng.random() < 0.3 else ""
    t = rng.randrange(6)
    if t == 0:
        return f"The injured worker is a {form}{occ}, who sustained an{inj}{mech}."
    if t == 1:
        return f"The patient is a {form}{occ}{gap}sustained an{inj}{mech}."
    if t == 2:
        return f"This is a {form}{occ} who sustained an{inj}{mech}."
    if t == 3:
        return f"The applicant is a {form}{occ} who reported an{inj}{mech}."
    if t == 4:
        return f"The claimant is a {form}{occ}{gap}who sustained an{inj}{mech}."
    return f"The injured worker is a {form} who sustained an{inj}{mech}."


def summary_paragraphs(
    rng: random.Random,
    *,
    age: int | None,
    sex: str | None,
    injury_text: str | None,
    region: str,
    items: list[Item],
    injury: dt.date,
    ur: dt.date,
    redact: bool,
    date_style: str,
) -> tuple[str, list[str]]:
    """(opening paragraph with the age/sex/injury phrase, further paragraphs)."""
    diag = rng.sample(vocab.DIAGNOSES[region], min(len(vocab.DIAGNOSES[region]), rng.randint(1, 3)))
    other_region = rng.choice(list(vocab.DIAGNOSES))
    if rng.random() < 0.4 and other_region != region:
        diag.append(rng.choice(vocab.DIAGNOSES[other_region]))
    pron = {"male": "he", "female": "she"}.get(sex or "", "the patient")
    first = [patient_sentence(rng, age, sex, injury_text, redact)]
    first.append(
        rng.choice(
            (
                f"The injured worker was being treated for the diagnoses of {', '.join(diag)}.",
                f"Diagnoses include {', '.join(diag)}.",
                f"The diagnoses have included {', '.join(diag)}.",
                f"Current diagnoses are {', '.join(diag)}.",
            )
        )
    )
    tx = rng.sample(vocab.PRIOR_TREATMENTS, rng.randint(2, 5))
    first.append(
        rng.choice(
            (
                f"Treatment to date has included {', '.join(tx[:-1])} and {tx[-1]}.",
                f"Treatments to date include {', '.join(tx)}.",
                f"Prior treatment has consisted of {', '.join(tx[:-1])}, and {tx[-1]}.",
            )
        )
    )
    paras = []
    n_visits = rng.randint(1, 3)
    visit_dates = sorted(_between(rng, injury, ur) for _ in range(n_visits))
    body = rng.choice(vocab.REGIONS[region][0])
    for vd in visit_dates:
        vtxt = fmt_date(vd, date_style)
        s = [
            rng.choice(
                (
                    f"On {vtxt}, {pron} complained of {rng.choice(vocab.SYMPTOMS)} in the {body}.",
                    f"The {rng.choice(vocab.PROVIDER_ROLES)} evaluated the patient on {vtxt} for complaints "
                    "of "
                    f"{rng.choice(vocab.SYMPTOMS)} and {rng.choice(vocab.SYMPTOMS)}.",
                    f"According to the progress report dated {vtxt}, the injured worker reported ongoing "
                    f"{rng.choice(vocab.SYMPTOMS)} rated {rng.randint(3, 8)} out of 10.",
                    f"A progress note of {vtxt} documents persistent {rng.choice(vocab.SYMPTOMS)}.",
                )
            )
        ]
        s.append(
            rng.choice(
                (
                    f"Pain was rated {rng.randint(3, 9)}/10 on the visual analog scale.",
                    f"The pain was rated {rng.randint(2, 6)}-{rng.randint(7, 10)} on a 10-point scale.",
                    "Pain was described as constant and aching, worse with prolonged sitting and standing.",
                    "The injured worker reported that medications allow for improved activities of daily "
                    "living.",
                )
            )
        )
        f = rng.sample(vocab.FINDINGS, 2)
        s.append(
            rng.choice(
                (
                    f"Objective findings included {f[0]} and {f[1]}.",
                    f"Physical examination revealed {f[0]}; there was also {f[1]}.",
                    f"On examination, there was {f[0]}. The examiner noted {f[1]}.",
                )
            )
        )
        if rng.random() < 0.25:
            s.append(
                rng.choice(
                    (
                        'The "evidence-based" recommendations were discussed with the patient, who is not '
                        "interested in surgery at this time.",
                        "The provider noted that the patient's symptoms - although improved - persist.",
                        'The patient stated that the medication "helps a lot" with the pain.',
                    )
                )
            )
        paras.append(" ".join(s))
    names = [i.description for i in items]
    req = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    plan = rng.choice(
        (
            f"The treatment plan included a request for {req}.",
            f"The plan of care included {req}.",
            f"The treating provider requested authorization for {req}.",
        )
    )
    urtxt = fmt_date(ur, date_style)
    ur_s = rng.choice(
        (
            f"On {urtxt}, utilization review non-certified the request.",
            f"The Utilization Review dated {urtxt} denied the request.",
            f"On {urtxt}, utilization review determined the request was not medically necessary.",
            f"A utilization review dated {urtxt} modified or denied the requests.",
        )
    )
    paras.append(f"{plan} {ur_s}")
    if rng.random() < 0.4:
        # keep the opening short and put the rest in its own paragraph sometimes
        return " ".join(first[:1]), [" ".join(first[1:])] + paras
    return " ".join(first), paras


_GL_QUOTES = (
    "guidelines state that unequivocal objective findings that identify specific nerve compromise on the "
    "neurologic exam are sufficient evidence to warrant imaging in patients who do not respond to treatment",
    "guidelines recommend ongoing review and documentation of pain relief, functional status, appropriate "
    "medication use, and side effects",
    "guidelines recommend a short course of therapy, and state that the effect is greatest in the first four "
    "days of treatment",
    "guidelines allow for fading of treatment frequency plus active self-directed home physical medicine",
    "guidelines indicate that the requested modality is not recommended as a primary treatment modality, "
    "but a one-month home-based trial may be considered as a noninvasive conservative option",
    "guidelines support this intervention when there is documentation of objective functional improvement",
    "guidelines recommend an initial trial of 3 to 6 treatments with a frequency of 1 to 3 times per week",
    "guidelines state that the procedure is recommended for patients with documented radiculopathy that is "
    "corroborated by imaging studies and/or electrodiagnostic testing",
    "guidelines recommend proton pump inhibitors for patients at intermediate or high risk for "
    "gastrointestinal events",
    "guidelines support a consultation when the diagnosis is uncertain or extremely complex, or when "
    "psychosocial factors are present",
)
_GL_NAMES = (
    "CA MTUS/ACOEM",
    "The California MTUS",
    "The MTUS Chronic Pain Medical Treatment",
    "ODG",
    "The Official Disability",
    "CA MTUS",
    "The ACOEM",
    "MTUS",
)


def rationale(rng: random.Random, item: Item, overturned: bool) -> list[str]:
    """One to three rationale paragraphs ending in the decision on `item`."""
    desc = item.description
    low = desc[0].lower() + desc[1:] if not desc[:2].isupper() else desc
    s = [f"{rng.choice(_GL_NAMES)} {rng.choice(_GL_QUOTES)}."]
    if rng.random() < 0.4:
        s.append(
            rng.choice(
                (
                    'Guidelines further state that "continued treatment requires evidence of objective '
                    "functional "
                    'improvement."',
                    "The ODG notes that the evidence-based literature does not support routine use of this "
                    "treatment.",
                    "It is also stated that the lowest possible dose should be prescribed to improve pain "
                    "and function.",
                )
            )
        )
    if overturned:
        s.append(
            rng.choice(
                (
                    "In this case, the medical records document objective findings consistent with the "
                    "guideline "
                    "criteria and a failure of conservative care.",
                    "The documentation provided supports that the injured worker meets the criteria, with "
                    "significant "
                    "functional deficits noted on examination.",
                    "The submitted records describe a clear rationale for this request, including "
                    "progressive "
                    "neurological findings.",
                )
            )
        )
        s.append(
            rng.choice(
                (
                    f"Therefore, the request for {low} is medically necessary.",
                    f"As such, the request for {low} is medically necessary and appropriate.",
                    "Given the above, the request is medically necessary.",
                    f"The request for {low} is therefore medically necessary.",
                )
            )
        )
    else:
        s.append(
            rng.choice(
                (
                    "In this case, there is no documentation of objective functional improvement with "
                    "prior treatment.",
                    "The medical records do not document red flag findings or a failure of conservative "
                    "care.",
                    "However, there was a lack of documentation of the frequency and duration of prior "
                    "treatment, and "
                    "the request as submitted failed to specify a body part.",
                    "The very limited medical record provides no documentation of failed conservative care "
                    "prior to "
                    "this request.",
                    "There is no indication that the patient is a surgical candidate or that the results "
                    "would change "
                    "the treatment plan.",
                )
            )
        )
        s.append(
            rng.choice(
                (
                    f"Therefore, the request for {low} is not medically necessary.",
                    f"As such, the request for {low} is not medically necessary.",
                    "Given the above, the request is not medically necessary.",
                    "Based on the above, the request is not medically necessary.",
                    f"The request for {low} is not medically necessary and is non-certified.",
                )
            )
        )
    if rng.random() < 0.3 and len(s) > 2:
        return [" ".join(s[:-2]), " ".join(s[-2:])]
    return [" ".join(s)]
