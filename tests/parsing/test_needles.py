"""The regex prefilter's needles: read from the pattern with public tools, and never wrong."""

from __future__ import annotations

import json
import re

import pytest

from determinations.parsing import categories, citations
from determinations.parsing.needles import folded, needles
from tests.conftest import LETTERS


@pytest.mark.parametrize("pattern, expected", [
    (r"\bMRI\b|magnetic\s+resonance", ("mri", "resonance")),
    (r"(?:The\s+)?Expert\s+Reviewer\s+based", ("reviewer",)),  # the longest mandatory run
    (r"x-?\s?rays?\b", ("ray",)),  # "x" alone is too short to filter on; "ray" is in every match
    (r"work\s+(?:hardening|conditioning)", ("conditioning", "hardening")),
    (r"(?<![a-z])facet(?P<n>s)?(?=\s)", ("facet",)),
    (r"colou?r|[abc]+tion", ("colo", "tion")),
    (r"(?i)trigger\s+point{1,2}", ("trigger",)),
    (r"(unbalanced", None),
])
def test_needles_of_a_pattern(pattern, expected):
    assert needles(pattern) == expected


def test_every_rule_that_matches_a_real_description_has_its_needle_in_it():
    texts = [item["description"] for path in LETTERS.glob("*.expected.json")
             for item in json.loads(path.read_text())["items"]]
    texts += ["Lumbar MRI", "x-ray of the knee", "Cervical ESI", "Home health aide 4 hrs", "ODG (updated 2015)",
              "The Expert Reviewer based his/her decision on the MTUS", "which is part of the MTUS"]
    rules = [pattern for _, pattern, _ in categories._RULES]
    rules += [citations._CITED_NOTHING, citations._BOILERPLATE, citations._LEAD, citations._PART_OF_MTUS,
              citations._UPDATED]
    checked = 0
    for pattern in rules:
        found = needles(pattern)
        for text in texts:
            if found and pattern.search(text):
                assert any(n in folded(text) for n in found), (pattern.pattern, text)
                checked += 1
    assert checked > 20
    assert all(isinstance(p, re.Pattern) for p in rules)
