"""PostgreSQL's text-search queries as a tree the search index can answer.

The words a person types are turned into a `tsquery` by PostgreSQL itself (`websearch_to_tsquery`, the same
call the archive's own search makes), so stemming, stop words, phrases, `OR` and `-word` mean exactly what
they mean in PostgreSQL. This module reads that query's text form (`'epidur' <-> 'steroid' & !'surgeri'`) into
a tree; the index was written from PostgreSQL's own lexemes at PostgreSQL's positions, so the tree matches the
same letters. Pure Python: no Django, no tantivy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class Unsupported(ValueError):
    """A query form the index cannot answer exactly (the caller asks PostgreSQL instead)."""


@dataclass(frozen=True)
class Term:
    lexeme: str


@dataclass(frozen=True)
class Phrase:
    """Lexemes at fixed distances: `(offset, lexeme)`, the first at 0 (`a <2> b`: b two places after a)."""

    words: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Term | Phrase | And | Or | Not

_TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'(:\*?[A-D]*)?|(<->|<\d+>)|([&|!()]))")


def parse(text: str) -> Node | None:
    """The tree of a tsquery's text (None: the empty query, which matches nothing)."""
    tokens = _tokens(text)
    if not tokens:
        return None
    node, rest = _or(tokens)
    if rest:
        raise Unsupported(f"unexpected {rest[0]!r} in {text!r}")
    return node


def lexemes(node: Node | None, negated: bool = False) -> list[str]:
    """The lexemes a match is ranked by: those it must or may contain, not those it must not."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [] if negated else [node.lexeme]
    if isinstance(node, Phrase):
        return [] if negated else [w for _, w in node.words]
    if isinstance(node, Not):
        return lexemes(node.part, not negated)
    return [w for part in node.parts for w in lexemes(part, negated)]


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise Unsupported(f"cannot read {text[position:]!r}")
        lexeme, flags, distance, operator = match.groups()
        if lexeme is not None:
            if flags:  # prefix (:*) or weight (:A) conditions: never made by websearch_to_tsquery
                raise Unsupported(f"{flags!r} on {lexeme!r}")
            tokens.append(("term", lexeme.replace("''", "'")))
        elif distance:
            tokens.append(("phrase", "1" if distance == "<->" else distance[1:-1]))
        else:
            tokens.append(("op", operator))
        position = match.end()
    return tokens


# Precedence, loosest first: | then & then <N> then !.
def _or(tokens):
    node, tokens = _and(tokens)
    parts = [node]
    while tokens and tokens[0] == ("op", "|"):
        node, tokens = _and(tokens[1:])
        parts.append(node)
    return (parts[0] if len(parts) == 1 else Or(tuple(parts))), tokens


def _and(tokens):
    node, tokens = _phrase(tokens)
    parts = [node]
    while tokens and tokens[0] == ("op", "&"):
        node, tokens = _phrase(tokens[1:])
        parts.append(node)
    return (parts[0] if len(parts) == 1 else And(tuple(parts))), tokens


def _phrase(tokens):
    node, tokens = _unary(tokens)
    while tokens and tokens[0][0] == "phrase":
        distance = int(tokens[0][1])
        right, tokens = _unary(tokens[1:])
        node = Phrase(_words(node) + tuple((_last(node) + distance + offset, w) for offset, w in _words(right)))
    return node, tokens


def _unary(tokens):
    if not tokens:
        raise Unsupported("the query ends early")
    kind, value = tokens[0]
    if (kind, value) == ("op", "!"):
        node, tokens = _unary(tokens[1:])
        return Not(node), tokens
    if (kind, value) == ("op", "("):
        node, tokens = _or(tokens[1:])
        if not tokens or tokens[0] != ("op", ")"):
            raise Unsupported("unbalanced parentheses")
        return node, tokens[1:]
    if kind == "term":
        return Term(value), tokens[1:]
    raise Unsupported(f"unexpected {value!r}")


def _words(node: Node) -> tuple[tuple[int, str], ...]:
    """A phrase's operand as lexemes at offsets (only lexemes and phrases can be one)."""
    if isinstance(node, Term):
        return ((0, node.lexeme),)
    if isinstance(node, Phrase):
        return node.words
    raise Unsupported("a phrase of anything but words")


def _last(node: Node) -> int:
    return _words(node)[-1][0]
