"""Documents that are not IMR determination letters but land in the same folders: a reader must say so
rather than half-parse them into a fake case."""

from __future__ import annotations

import random

from . import vocab


def invoice(rng: random.Random) -> str:
    lines = [
        rng.choice(("INVOICE", "STATEMENT OF ACCOUNT", "Billing Statement")),
        f"Invoice No. {rng.randint(10000, 99999)}",
        f"Date: {rng.randint(1, 12)}/{rng.randint(1, 28)}/20{rng.randint(13, 25)}",
        "Bill To: Claims Department",
        "",
    ]
    total = 0.0
    for _ in range(rng.randint(2, 8)):
        amt = round(rng.uniform(20, 900), 2)
        total += amt
        lines.append(
            f"{rng.choice(('Office visit', 'Physical therapy session', 'X-ray, 2 views', 'Supplies', 'Report preparation', 'Copy service'))}"  # noqa: E501
            f"    ${amt:,.2f}"
        )
    lines += [
        "",
        f"TOTAL DUE: ${total:,.2f}",
        "Payment is due within 30 days. Thank you for your business.",
    ]
    return "\n".join(lines)


def medical_report(rng: random.Random) -> str:
    region = rng.choice(list(vocab.DIAGNOSES))
    dx = rng.choice(vocab.DIAGNOSES[region])
    age = rng.randint(20, 70)
    sex = rng.choice(("male", "female"))
    return "\n".join(
        [
            rng.choice(
                (
                    "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)",
                    "ORTHOPEDIC CONSULTATION",
                    "QUALIFIED MEDICAL EVALUATION",
                )
            ),
            f"Date of exam: {rng.randint(1, 12)}/{rng.randint(1, 28)}/20{rng.randint(13, 25)}",
            "",
            "SUBJECTIVE COMPLAINTS:",
            f"The patient is a {age} year old {sex} who presents with {rng.choice(vocab.SYMPTOMS)} "
            f"related to {dx}.",
            "OBJECTIVE FINDINGS:",
            f"There is {rng.choice(vocab.FINDINGS)}.",
            "DIAGNOSIS:",
            dx,
            "TREATMENT PLAN:",
            f"Request authorization for {rng.choice(vocab.PRIOR_TREATMENTS)}. Return in 4 weeks.",
            "Work status: modified duty.",
        ]
    )


def random_prose(rng: random.Random) -> str:
    words = (
        "the",
        "committee",
        "reviewed",
        "budget",
        "for",
        "next",
        "year",
        "and",
        "agreed",
        "to",
        "meet",
        "again",
        "garden",
        "weather",
        "project",
        "schedule",
        "report",
        "members",
        "volunteers",
        "city",
    )
    paras = []
    for _ in range(rng.randint(1, 5)):
        paras.append(" ".join(rng.choice(words) for _ in range(rng.randint(20, 80))).capitalize() + ".")
    return "\n\n".join(paras)


def empty(rng: random.Random) -> str:
    return rng.choice(("", " \n", "\n\n\f\n", "Page 1 of 1\n"))


KINDS = {
    "invoice": invoice,
    "medical_report": medical_report,
    "random_prose": random_prose,
    "empty": empty,
}


def make_nonletter(rng: random.Random) -> tuple[str, str, str]:
    """(kind, text, why)."""
    kind = rng.choice(list(KINDS))
    why = "document is empty" if kind == "empty" else "not an IMR determination letter"
    return kind, KINDS[kind](rng), why
