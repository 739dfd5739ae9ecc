"""A small archive whose every figure is computed by hand in the tests.

A 2015-06-01, Family Practice (California): imaging upheld [odg-low-back];
  opioid pharmaceutical overturned [reviewer mtus-chronic-pain "Opioids" p. 74-96; administrator mtus-acoem-ch12]
B 2015-06-20, Orthopedic Surgery (Texas): surgery overturned [odg-low-back "Discectomy"];
  physical therapy upheld [mtus-postsurgical]
C 2016-03-05, Family Practice (California): pharmaceutical upheld [mtus-chronic-pain "Opioids" p. 74-96];
  imaging upheld [odg-low-back, also by the administrator]; injections upheld [no citation]
D no decision date, Orthopedic Surgery (Texas): DME overturned [odg-knee]

Totals: 4 decisions, 8 items, 3 overturned (37.5 %).
"""

from __future__ import annotations

from tests.factories import archive, citation, item, letter_record

FAMILY = {"specialty": "Family Practice", "subspecialty": None, "licensed_states": ["California"],
          "experience": "more than five years"}
ORTHO = {"specialty": "Orthopedic Surgery", "subspecialty": None, "licensed_states": ["Texas"], "experience": None}
OPIOIDS = citation("mtus-chronic-pain", topic="Opioids", pages="74-96")


def build() -> dict:
    a = archive(letter_record(case_number="CM15-0000001", decision_date="2015-06-01", reviewer=FAMILY, items=[
        item("MRI of the lumbar spine", "upheld", "imaging", guidelines=[citation("odg-low-back")]),
        item("Norco 10/325mg #60", "overturned", "pharmaceuticals", is_opioid=True,
             guidelines=[citation("mtus-acoem-ch12", cited_by="claims_administrator"), OPIOIDS]),
    ]))
    b = archive(letter_record(case_number="CM15-0000002", decision_date="2015-06-20", reviewer=ORTHO, items=[
        item("Lumbar discectomy L4-5", "overturned", "surgery",
             guidelines=[citation("odg-low-back", topic="Discectomy")]),
        item("Postoperative physical therapy x12", "upheld", "physical-therapy",
             guidelines=[citation("mtus-postsurgical")]),
    ]))
    c = archive(letter_record(case_number="CM16-0000003", decision_date="2016-03-05", reviewer=FAMILY, items=[
        item("Naproxen 550mg #60", "upheld", "pharmaceuticals", guidelines=[OPIOIDS]),
        item("X-ray of the lumbar spine", "upheld", "imaging",
             guidelines=[citation("odg-low-back", cited_by="claims_administrator"), citation("odg-low-back")]),
        item("Lumbar epidural steroid injection", "upheld", "injections", guidelines=[]),
    ]))
    d = archive(letter_record(case_number="CM16-0000004", decision_date=None, reviewer=ORTHO, items=[
        item("Knee brace", "overturned", "dme", guidelines=[citation("odg-knee")]),
    ]))
    return {"a": a, "b": b, "c": c, "d": d}
