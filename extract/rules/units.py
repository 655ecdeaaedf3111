"""Units and their owners: "X's Y unit", "the X Y Database", "Y at X", "Y of Z (a place)"."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc, Span

from casegraph.extract.candidates import is_version
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
            if len(m) == n + 1 and is_version(m[-1].text):
                break  # "EL PACCTO 2.0": an edition of the programme, not a part of it
            if prefix in owners:
                yield ctx.link(OWNED[m.label_], m, owners[prefix], "owner-in-name")
                break
            owner = named.get(prefix)
            if owner is not None and m[-1].lower_ in ctx.know.unit_heads:
                yield ctx.link(OWNED[m.label_], m, owner, "owner-in-name")
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
            ["at", "the"],
            ["within"],
            ["of"],
            ["of", "the"],
            ["within", "the"],
        ):
            yield ctx.link("parentOrganization", a, b, "unit-at")
        elif b.label_ == T.PLACE and between in (["of"], ["in"], ["of", "the"], ["in", "the"]):
            yield ctx.link("location", a, b, "unit-in-place")


def part_of(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Border Force and Immigration Enforcement are part of the Home Office", "the Cyber Unit,
    part of the Federal Police", "X, a division of Y", "X, which is part of Y"."""
    heads = ctx.know.unit_heads
    for tok in ctx.tokens:
        if tok.lower_ != "part" and tok.lower_ not in heads:
            continue
        if tok.lower_ != "part" and ctx.mention(tok) is not None:
            continue  # "the Cyber Unit" names a unit; "a unit of Y" describes one
        owners = ctx.prep_objects(tok, ("of", "within", "inside", "at"), (T.ORGANIZATION,))
        if not owners:
            continue
        units: list[Span] = []
        if tok.dep_ == "appos":  # "X, part of Y"
            units = ctx.expand(tok.head)
        elif tok.dep_ in ("attr", "dobj", "pobj"):  # "X and Y are part of Z", "acted as part of"
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            for c in subjects:
                if c.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                    units += ctx.expand(verb.head)
                else:
                    units += ctx.expand(c)
        for unit in units:
            for owner in owners:
                if unit.label_ == T.ORGANIZATION and unit != owner:
                    yield ctx.link("parentOrganization", unit, owner, "part-of")


def appos_owner(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Eurojust, the EU's agency for criminal justice cooperation", "the EPRS, the European
    Parliament's in-house research department": a description that names the owner."""
    for tok in ctx.tokens:
        if tok.dep_ != "appos" or tok.pos_ != "NOUN":
            continue
        unit = ctx.mention(tok.head)
        if unit is None or unit.label_ != T.ORGANIZATION or ctx.mention(tok) is not None:
            continue
        for c in tok.children:
            owner = ctx.mention(c) if c.dep_ == "poss" else None
            if owner is not None and owner.label_ == T.ORGANIZATION and owner != unit:
                yield ctx.link("parentOrganization", unit, owner, "appos-owner")


def of_owner_in_name(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "the College of Eurojust", "the Executive Committee of INTERPOL", "the Secretariat of
    AFRIPOL": a body named after the organisation it belongs to."""
    owners = ctx.know.owners
    for m in ctx.mentions:
        if m.label_ not in OWNED or m.id_ == ANAPHOR or len(m) < 3:
            continue
        of = next((t.i for t in m if t.lower_ == "of"), None)
        if of is None or m[0].lower_ not in ctx.know.unit_heads | ctx.know.body_heads:
            continue
        rest = doc[of + 1 : m.end]
        if rest[:1].text.lower() == "the":
            rest = rest[1:]
        if rest.text in owners:
            yield ctx.link(OWNED[m.label_], m, owners[rest.text], "of-owner-in-name")


RULES = (possessive_owner, owner_in_name, unit_at_owner, part_of, appos_owner, of_owner_in_name)
