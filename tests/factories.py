"""Build archived cases through the real ingestion writer, from records in the parser's JSON contract."""

from __future__ import annotations

import copy
import hashlib
import itertools

from determinations.ingest import Prepared, write_prepared
from determinations.models import Case

_counter = itertools.count(1)


def citation(slug: str, cited_by: str = "reviewer", topic: str | None = None, pages: str | None = None,
             text: str | None = None) -> dict:
    return {"slug": slug, "cited_by": cited_by, "topic": topic, "pages": pages, "text": text or slug}


def item(description: str = "MRI of the lumbar spine", decision: str = "upheld", category: str = "imaging",
         is_opioid: bool = False, rationale: str = "The guidelines do not support this request.",
         guidelines: list[dict] | None = None) -> dict:
    return {
        "description": description, "decision": decision, "category": category, "is_opioid": is_opioid,
        "rationale": rationale,
        "guidelines": guidelines if guidelines is not None else [citation("mtus-acoem-ch12")],
    }


def letter_record(**overrides) -> dict:
    """A complete, valid record; override any key. `items` decides the outcome."""
    n = next(_counter)
    record = {
        "is_imr_letter": True, "layout": "A", "case_number": f"CM15-{n:07d}",
        "decision_date": "2015-06-01", "injury_date": "2012-03-04", "ur_denial_date": "2015-04-01",
        "assigned_date": "2015-04-20", "application_received_date": "2015-04-10", "priority": "Standard",
        "patient_age": 45, "patient_sex": "female", "outcome": None,
        "reviewer": {"specialty": "Family Practice", "subspecialty": None,
                     "licensed_states": ["California"], "experience": "more than five years"},
        "items": [item()],
        "sections": {"case_summary": "The injured worker is a 45 year old female with low back pain."},
        "warnings": [],
    }
    record.update(copy.deepcopy(overrides))
    return record


def archive(record: dict, text: str | None = None, filename: str | None = None) -> Case:
    """Write one record as the pipeline would after parsing a file; returns the case."""
    body = text or f"{record.get('case_number')} {record['items']!r} {next(_counter)}"
    public_id = record.get("case_number") or "imr-" + hashlib.sha256(body.encode()).hexdigest()[:16]
    prepared = Prepared(
        sha256=hashlib.sha256(body.encode()).hexdigest(), filename=filename or f"{public_id}.txt",
        size=len(body), media_type="text/plain", data=body.encode(), text=body, record=record,
        public_id=public_id,
    )
    result = write_prepared([prepared])[0]
    return Case.objects.get(public_id=result.case_public_id)
