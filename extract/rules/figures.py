"""Figures: numbers of things stated about a database, operation or event ("149 experts")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from casegraph.extract import knowledge
from casegraph.extract.records import EntityType
from casegraph.extract.rules.context import Context

__all__ = ["FoundFigure", "figures"]

T = EntityType


@dataclass(frozen=True, slots=True)
class FoundFigure:
    subject: tuple[int, int]  # token offsets of the mention the figure is about
    measure: str
    value: int
    qualifier: str | None
    rule: str


@dataclass(frozen=True, slots=True)
class _Words:
    people: frozenset[str]
    participant_nouns: frozenset[str]
    fig: dict
    qualifiers: tuple[str, ...]


@cache
def _words() -> _Words:
    lex = knowledge.relation_lexicon()
    return _Words(
        frozenset(lex["figures"]["people"]),
        frozenset(lex["participants"]["nouns"]),
        lex["figures"],
        tuple(sorted(lex["figures"]["qualifiers"], key=len, reverse=True)),
    )


def figures(doc: Doc, ctx: Context) -> Iterator[FoundFigure]:
    """Numbers of things stated about a database, operation or event in the same sentence."""
    w, event = _words(), ctx.main_event
    for tok in ctx.tokens:
        value = _number(w, tok)
        if value is None or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
            continue
        noun = tok.head if tok.dep_ == "nummod" else None
        if noun is None or noun.lower_ in w.fig["not_counted"] or noun.pos_ != "NOUN":
            continue
        measure = _measure(w, noun)
        sent = tok.sent
        if event is not None and _attends(w, noun):
            subject = event  # "149 experts from 38 countries"
        else:
            subject = _nearest(
                tok,
                [
                    m
                    for m in ctx.mentions
                    if m.sent.start == sent.start and m.label_ in (T.DATABASE, T.OPERATION)
                ],
            )
        if subject is not None:
            yield FoundFigure(
                (subject.start, subject.end), measure, value, _qualifier(w, tok), "figure"
            )


def _attends(w: _Words, noun: Token) -> bool:
    """People taking part, or where they come from ("experts from 38 countries")."""
    if noun.lower_ in w.people:
        return True
    # "experts ... from 11 police agencies in nine countries": read from word order, the
    # parser attaches these prepositions anywhere.
    before = noun.doc[max(noun.sent.start, noun.i - 10) : noun.i]
    return noun.lower_ in w.participant_nouns and any(t.lower_ in w.people for t in before)


def _number(w: _Words, tok: Token) -> int | None:
    text = tok.lower_.replace(",", "")
    if re.fullmatch(r"\d+", text) and not re.fullmatch(r"(19|20)\d\d", text):
        return int(text)
    return w.fig["numbers"].get(text) if tok.pos_ == "NUM" else None


def _measure(w: _Words, noun: Token) -> str:
    plural = noun.lower_
    for c in noun.children:
        if c.dep_ == "amod" and c.tag_ in ("VBN", "JJ") and c.lower_ not in ("more", "other"):
            return f"{c.lower_} {plural}"  # "2,345 identified victims", "new collections"
    while noun.dep_ == "conj" and noun.head.pos_ == "NOUN":  # "27,000 victims and ..."
        noun = noun.head
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_ in w.fig["action_nouns"]:
        return f"{w.fig['action_nouns'][head.head.lemma_]} {plural}"  # "arrest of 58 ..."
    if noun.dep_ in ("nsubjpass", "dobj") and head.lemma_ in w.fig["action_verbs"]:
        verb = head.text.lower() if head.tag_ == "VBN" else f"{head.lemma_}ed"
        return f"{verb} {plural}"
    for t in noun.doc[noun.i + 1 : min(noun.i + 12, noun.sent.end)]:  # "... have been rescued"
        if t.text in (".", ";", ":", ",") or t.dep_ == "relcl":
            break
        if t.tag_ == "VBN" and t.lemma_ in w.fig["action_verbs"]:
            return f"{t.lower_} {plural}"
    return plural


def _qualifier(w: _Words, tok: Token) -> str | None:
    before = tok.doc[max(0, tok.i - 3) : tok.i].text.lower()
    return next((q for q in w.qualifiers if before.endswith(q)), None)


def _nearest(tok: Token, spans: list[Span]) -> Span | None:
    return min(spans, key=lambda s: min(abs(s.start - tok.i), abs(s.end - tok.i)), default=None)
