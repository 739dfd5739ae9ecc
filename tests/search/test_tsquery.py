"""Reading PostgreSQL's tsquery text (what websearch_to_tsquery makes of the words typed) into the tree the
search index answers."""

from __future__ import annotations

import pytest

from determinations.engine.tsquery import And, Not, Or, Phrase, Term, Unsupported, lexemes, parse


@pytest.mark.parametrize(("text", "tree"), [
    ("'facet' & 'inject'", And((Term("facet"), Term("inject")))),
    ("'epidur' <-> 'steroid' <-> 'inject'", Phrase(((0, "epidur"), (1, "steroid"), (2, "inject")))),
    ("'pain' <3> 'back'", Phrase(((0, "pain"), (3, "back")))),
    ("'lumbar' | 'cervic'", Or((Term("lumbar"), Term("cervic")))),
    ("'knee' & !'surgeri'", And((Term("knee"), Not(Term("surgeri"))))),
    ("!( 'facet' <-> 'inject' ) & 'knee'", And((Not(Phrase(((0, "facet"), (1, "inject")))), Term("knee")))),
    ("'l4' <-> '-5' & 'disc'", And((Phrase(((0, "l4"), (1, "-5"))), Term("disc")))),
    ("'a' <-> 'b' | 'c' & 'd'", Or((Phrase(((0, "a"), (1, "b"))), And((Term("c"), Term("d")))))),
    ("'don''t'", Term("don't")),
    ("", None),
])
def test_parse(text, tree):
    assert parse(text) == tree


def test_ranked_by_the_lexemes_a_match_contains_not_those_it_must_not():
    assert lexemes(parse("'knee' & !'surgeri' | 'mri' <-> 'scan'")) == ["knee", "mri", "scan"]


@pytest.mark.parametrize("text", ["'mri':*", "'mri':AB", "( 'a' | 'b' ) <-> 'c'", "'a' &", "( 'a'", "'a' ? 'b'"])
def test_what_the_index_cannot_answer_exactly_is_refused(text):
    with pytest.raises(Unsupported):
        parse(text)
