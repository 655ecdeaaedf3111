"""Agreements and membership: "A signed an agreement with B", "an MoU between A and B", "X is a
member of Y", "Y's member countries include A and B"."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from spacy.tokens import Doc, Span

from casegraph.extract.rules.context import Context, FoundLink, T

PARTIES = (T.ORGANIZATION, T.PLACE)


def agreement(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """The parties of an agreement, memorandum or arrangement: the subjects of the verb that
    signs it, "with X", "between A and B"."""
    nouns, verbs = ctx.know.agreement_nouns, ctx.know.agreement_verbs
    for tok in ctx.tokens:
        if tok.lower_ not in nouns or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        parties: list[Span] = []
        for prep in tok.subtree:  # "memorandum of understanding between A and B"
            if prep.dep_ == "prep" and prep.lower_ in ("between", "with", "among"):
                parties += [m for o in prep.children for m in ctx.members(o, PARTIES)]
                parties += ctx.listed(prep.i + 1, PARTIES)
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        if verb is not None and verb.lemma_.lower() in verbs:
            if (modality := ctx.modality(verb)) is None:
                continue
            for c in verb.children:
                if c.dep_ in ("nsubj", "agent"):
                    parties = [*ctx.members(c, PARTIES), *parties]
                elif c.dep_ == "prep" and c.lower_ in ("with", "between"):
                    parties += [m for o in c.children for m in ctx.members(o, PARTIES)]
        else:
            modality = "asserted"
        unique = list({(m.start, m.end): m for m in parties}.values())
        for a, b in combinations(unique, 2):
            yield ctx.link("agreementWith", a, b, "agreement", modality=modality)


def member_of(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "X is a member of Y", "X, a member of Y", "Y's member countries include A and B",
    "the members of Y: A, B and C"."""
    for tok in ctx.tokens:
        if tok.lemma_.lower() not in ("member", "members") or tok.pos_ != "NOUN":
            continue
        group = _owner(ctx, tok)
        if group is None:
            continue
        members: list[Span] = []
        if tok.dep_ in ("attr", "appos"):  # "X is a member of Y", "X, a member of Y"
            head = tok.head
            if tok.dep_ == "appos":
                members = ctx.expand(head) if ctx.mention(head) else []
            else:
                members = [m for c in head.children if c.dep_ == "nsubj" for m in ctx.expand(c)]
        elif tok.dep_ == "nsubj" and tok.head.lemma_ in ("include", "be", "comprise"):
            members = [
                m
                for c in tok.head.children
                if c.dep_ in ("dobj", "attr")
                for m in ctx.members(c, (*PARTIES, T.PERSON))
            ]
        for m in members:
            if m != group:
                yield ctx.link("memberOf", m, group, "member-of")


def member_lists(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "the member countries – A, B and C", "INTERPOL's member countries include A and B",
    "its member states: A, B": a list of the members of an organisation."""
    for tok in ctx.tokens:
        if tok.lower_ != "member" or tok.dep_ not in ("compound", "amod", "nmod"):
            continue
        group_noun = tok.head
        if group_noun.lower_ not in ctx.know.member_nouns:
            continue
        group = _owner(ctx, group_noun) or _recent_organisation(ctx, group_noun)
        if group is None:
            continue
        members = [m for c in group_noun.children if c.dep_ == "appos" for m in ctx.expand(c)]
        if not members and group_noun.i + 1 < len(doc) and doc[group_noun.i + 1].text in "–—-:":
            members = ctx.listed(group_noun.i + 2, PARTIES)
        if not members and group_noun.dep_ == "nsubj" and group_noun.head.lemma_ == "include":
            members = [
                m
                for c in group_noun.head.children
                if c.dep_ in ("dobj", "attr")
                for m in ctx.members(c, PARTIES)
            ]
        for m in members:
            if m != group:
                yield ctx.link("memberOf", m, group, "member-list")


def _recent_organisation(ctx: Context, tok) -> Span | None:
    """The organisation named last before ``tok``, in its sentence or the one before."""
    sents = [s for s in tok.doc.sents if s.start <= tok.i][-2:]
    since = sents[0].start if sents else 0
    return next(
        (
            m
            for m in reversed(ctx.mentions)
            if since <= m.start and m.end <= tok.i and m.label_ == T.ORGANIZATION
        ),
        None,
    )


def _owner(ctx: Context, tok) -> Span | None:
    """Y in "members of Y", "Y's members", "Y member countries"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for o in c.children:
                m = ctx.mention(o)
                if o.dep_ == "pobj" and m is not None and m.label_ in (T.ORGANIZATION, T.EVENT):
                    return m
        if c.dep_ in ("poss", "compound"):
            m = ctx.mention(c)
            if m is not None and m.label_ == T.ORGANIZATION:
                return m
    return None


RULES = (agreement, member_of, member_lists)
