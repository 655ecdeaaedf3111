"""Who took part in the article's operation or gathering."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from casegraph.extract.rules.context import Context, FoundLink, T


def participants_from(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Experts from A, B ... and C worked", "98 participants from 54 countries"."""
    event = ctx.main_event
    if event is None:
        return
    for tok in doc:
        if tok.lower_ == "from" and tok.head.lower_ in ctx.know.participant_nouns:
            for o in (c for c in tok.children if c.dep_ == "pobj"):
                for m in ctx.expand(o):
                    if m.label_ in (T.PLACE, T.ORGANIZATION) and m != event:
                        yield ctx.link("participant", event, m, "participants-from")


RULES = (participants_from,)
