"""Where things are: "LYON, France", "Operation X ... in Colombia", the dateline."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc

from casegraph.extract.rules.context import Context, FoundLink, T


def place_in_place(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "LYON, France", "Hamilton, Bermuda": a city or state, then its country."""
    for a, b in pairwise(ctx.mentions):
        if (
            a.label_ == b.label_ == T.PLACE
            and doc[a.end : b.start].text == ","
            and b.kb_id_.startswith("country:")
            and a.kb_id_.split(":")[0] in ("city", "us-state", "")
        ):
            yield ctx.link("containedInPlace", a, b, "place-comma-place")


def located_in(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """An event or operation whose clause says "in <Place>"."""
    for place in (m for m in ctx.mentions if m.label_ == T.PLACE):
        prep = place.root.head
        if place.root.dep_ != "pobj" or prep.lower_ not in ("in", "at"):
            continue
        tok, hops = prep.head, 0
        while hops < 10:
            m = ctx.mention(tok)
            if m is not None and m.label_ in (T.EVENT, T.OPERATION):
                yield ctx.link("location", m, place, "located-in")
                break
            for c in tok.children:  # "INTERPOL coordinated Operation X, ... in Y"
                cm = ctx.mention(c) if c.dep_ in ("dobj", "nsubj", "appos") else None
                if cm is not None and cm.label_ in (T.EVENT, T.OPERATION):
                    yield ctx.link("location", cm, place, "located-in")
                    hops = 10
                    break
            if tok.head.i == tok.i:
                break
            tok, hops = tok.head, hops + 1


def dateline_place(doc: Doc, ctx: Context, found: list[FoundLink]) -> Iterator[FoundLink]:
    """Without an explicit place, the event is where the release is datelined."""
    event = ctx.main_event
    if event is None:
        return
    if any(f.kind == "location" and ctx.spans[f.subject].label_ == T.EVENT for f in found):
        return
    dateline = next((f for f in found if f.rule == "place-comma-place" and f.subject[0] < 60), None)
    if dateline is not None:
        yield ctx.link("location", event, ctx.spans[dateline.subject], "dateline")


RULES = (place_in_place, located_in)
