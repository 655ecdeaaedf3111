"""Units and their owners: "X's Y unit", "the X Y Database", "Y at X", "Y of Z (a place)"."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc

from casegraph.extract.rules.context import HOLDERS, OWNED, Context, FoundLink, T


def possessive_owner(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "INTERPOL's Crimes Against Children unit", "INTERPOL's Baseline project"."""
    for owner in ctx.mentions:
        i = owner.end
        if owner.label_ not in HOLDERS or i >= len(doc) or doc[i].tag_ != "POS":
            continue
        k = i + 1
        while k < len(doc) and doc[k].is_quote:  # "INTERPOL's 'Operation X'"
            k += 1
        owned = ctx.mention(doc[k]) if k < len(doc) else None
        if owned is None or owned.start != k or owned.label_ not in OWNED:
            continue
        if owner.label_ == T.ORGANIZATION:
            yield ctx.link(OWNED[owned.label_], owned, owner, "possessive")
        elif owned.label_ == T.ORGANIZATION:  # "Brazil's Federal Police"
            yield ctx.link("location", owned, owner, "possessive")


def owner_in_name(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "INTERPOL General Secretariat", "INTERPOL Child Abuse Image Database"."""
    owners = ctx.know.owners
    for m in ctx.mentions:
        if m.label_ not in OWNED or m.kb_id_ or len(m) < 2:
            continue
        for n in (3, 2, 1):
            if len(m) > n and m[:n].text in owners:
                yield ctx.link(OWNED[m.label_], m, owners[m[:n].text], "owner-in-name")
                break


def unit_at_owner(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """A unit's owner or place: "the European Cybercrime Centre (EC3) at Europol", "the
    Public Prosecution Office of Traunstein", "the Operational Co-Ordination Unit in Skopje"."""
    for a, b in pairwise(ctx.mentions):
        if a.label_ != T.ORGANIZATION or b.label_ not in (T.ORGANIZATION, T.PLACE):
            continue
        between = [t.lower_ for t in doc[a.end : b.start]]
        if b.label_ == T.ORGANIZATION and between in (
            ["at"],
            ["within"],
            ["of"],
            ["of", "the"],
            ["within", "the"],
        ):
            yield ctx.link("parentOrganization", a, b, "unit-at")
        elif b.label_ == T.PLACE and between in (["of"], ["in"], ["of", "the"], ["in", "the"]):
            yield ctx.link("location", a, b, "unit-in-place")


RULES = (possessive_owner, owner_in_name, unit_at_owner)
