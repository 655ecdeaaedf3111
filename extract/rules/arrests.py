"""Arrests: "Operation X led to the arrest of Y", "the arrest of Y by the Federal Police"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from casegraph.extract.rules.context import Context, FoundLink, T


def arrest_of(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """The person arrested, and who arrested them: "by X", else the operation the sentence is
    about."""
    for tok in doc:
        if tok.lemma_.lower() not in ctx.know.arrest_nouns or tok.pos_ != "NOUN":
            continue
        people, doers = [], []
        for prep in tok.children:
            if prep.dep_ != "prep":
                continue
            for o in (c for c in prep.children if c.dep_ == "pobj"):
                if prep.lower_ == "of":
                    people += [m for m in ctx.expand(o) if m.label_ == T.PERSON]
                elif prep.lower_ == "by":
                    doers += [m for m in ctx.expand(o) if m.label_ in (T.ORGANIZATION, T.OPERATION)]
        if not people:
            continue
        if not doers:
            target = ctx.about(tok)
            doers = [target] if target is not None and target.label_ == T.OPERATION else []
        for person in people:
            for doer in doers:
                yield ctx.link("arrested", person, doer, "arrest-of")


RULES = (arrest_of,)
