"""Units and their owners: "X's Y unit", "the X Y Database", "Y at X", "Y of Z (a place)"."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc

from casegraph.extract.discourse import ANAPHOR
from casegraph.extract.rules.context import HOLDERS, OWNED, Context, FoundLink, T


def possessive_owner(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "INTERPOL's Crimes Against Children unit", "INTERPOL's Baseline project"."""
    for owner in ctx.mentions:
        i = owner.end
        if owner.label_ not in HOLDERS or i >= len(doc):
            continue
        if doc[i].tag_ == "POS":
            k = i + 1
        elif owner.id_ == ANAPHOR and owner[-1].dep_ == "poss":  # "its Cyber Unit"
            k = i
        else:
            continue
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
    """ "INTERPOL General Secretariat", "INTERPOL Child Abuse Image Database", "the NCA's
    National Cyber Crime Unit" written "NCA National Cyber Crime Unit": a known institution,
    or an organisation the article names, at the start of a unit's name."""
    owners = ctx.know.owners
    named = {
        m.text: m
        for m in ctx.mentions
        if m.label_ == T.ORGANIZATION and m.id_ != ANAPHOR and len(m) <= 3
    }
    for m in ctx.mentions:
        if m.label_ not in OWNED or m.kb_id_ or len(m) < 2 or m.id_ == ANAPHOR:
            continue
        for n in (3, 2, 1):
            if len(m) <= n:
                continue
            prefix = m[:n].text
            if prefix in owners:
                yield ctx.link(OWNED[m.label_], m, owners[prefix], "owner-in-name")
                break
            owner = named.get(prefix)
            if owner is not None and m[-1].lower_ in ctx.know.unit_heads:
                yield ctx.link(OWNED[m.label_], m, owner, "owner-in-name")
                break


def part_of(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "the Cyber Unit, part of the Federal Police", "X, a division of Y", "X, which is part
    of Y", "X, a unit within Y"."""
    heads = ctx.know.unit_heads
    for a in (m for m in ctx.mentions if m.label_ == T.ORGANIZATION):
        window = doc[a.end : min(a.end + 8, a.sent.end)]
        words = [t.lower_ for t in window]
        for k in range(len(words) - 1):
            if (words[k] == "part" and words[k + 1] == "of") or (
                words[k] in heads and words[k + 1] in ("of", "within", "at", "inside")
            ):
                j = k + 2
                while j < len(words) and words[j] in ("the", "a", "an"):
                    j += 1
                b = ctx.mention(window[j]) if j < len(window) else None
                ok = all(
                    w in (",", "which", "is", "was", "a", "an", "the", "-", "–") for w in words[:k]
                )
                if b is not None and b.label_ == T.ORGANIZATION and b != a and ok:
                    yield ctx.link("parentOrganization", a, b, "part-of")
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


RULES = (possessive_owner, owner_in_name, unit_at_owner, part_of)
