"""Who coordinated, led or organised an operation or gathering."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from casegraph.extract.rules.context import ACTIONS, Context, FoundLink, T


def led_by_compound(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "the INTERPOL-led Operation X", "a Europol-coordinated action", "the Europol-supported
    operation": the compound's verb decides organizer or participant (relations.toml)."""
    compounds = ctx.know.compounds
    for owner in ctx.mentions:
        i = owner.end
        if owner.label_ not in (T.ORGANIZATION, T.PLACE) or i + 2 >= len(doc):
            continue
        if doc[i].text != "-" or doc[i + 1].lower_ not in compounds:
            continue
        kind = compounds[doc[i + 1].lower_]
        end = min(i + 10, doc[i].sent.end)
        target = next(
            (
                m
                for t in doc[i + 2 : end]
                if (m := ctx.mention(t)) is not None and m.label_ in ACTIONS
            ),
            None,
        )
        if target is None and doc[i + 1].dep_ == "amod":
            target = ctx.about(doc[i + 1].head)  # "an INTERPOL-led operation"
        if target is not None:
            yield ctx.link(kind, target, owner, "led-compound")


def under_umbrella(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "under the umbrella / auspices / leadership / coordination of X"."""
    nouns = ctx.know.umbrella_nouns
    for tok in ctx.tokens:
        if tok.lower_ != "under" or tok.dep_ != "prep":
            continue
        for noun in (c for c in tok.children if c.dep_ == "pobj" and c.lower_ in nouns):
            owners = ctx.prep_objects(noun, ("of",))
            target = ctx.about(tok)
            for owner in owners:
                if target is not None and owner != target:
                    yield ctx.link("organizer", target, owner, "under-umbrella")


def owner_of_description(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "the Europol operation", "a joint INTERPOL-AFRIPOL operation, codenamed X": an
    organisation named inside the phrase that describes an operation or gathering."""
    actions = ctx.know.action_nouns
    for tok in ctx.tokens:
        if tok.lower_ not in actions or tok.pos_ != "NOUN" or tok.dep_ == "compound":
            continue
        owners = [
            m
            for c in tok.children
            if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < tok.i
            for m in [ctx.mention(c)]
            if m is not None and m.label_ == T.ORGANIZATION and m.end <= tok.i
        ]
        if not owners:
            continue
        target = ctx.mention(tok)
        if target is None or target.label_ not in ACTIONS:
            named = [
                m
                for t in doc[tok.i + 1 : min(tok.i + 5, tok.sent.end)]
                if (m := ctx.mention(t)) is not None and m.label_ in ACTIONS
            ]
            target = named[0] if named else None
        for owner in owners if target is not None else ():
            yield ctx.link("organizer", target, owner, "owner-of-description")


def gathering_owner(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "INTERPOL Specialists Group ... meeting": the group organises the meeting."""
    for event in ctx.events:
        owner = ctx.at.get(event.start)
        if owner is not None and owner.label_ == T.ORGANIZATION and owner.end < event.end:
            yield ctx.link("organizer", event, owner, "gathering-owner")


def dates_subject(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Over four days (14 - 17 March), the INTERPOL Specialists Group ... will engage":
    the organisation the dated sentence is about runs the event."""
    event, found = ctx.main_event, doc._.casegraph_event_dates
    if event is None or found is None or event.sent.start == found[2].start:
        return
    for tok in found[2]:
        m = ctx.mention(tok)
        if tok.dep_ == "nsubj" and m is not None and m.label_ == T.ORGANIZATION:
            yield ctx.link("organizer", event, m, "event-dates-subject")
            return


RULES = (led_by_compound, under_umbrella, owner_of_description, gathering_owner, dates_subject)
