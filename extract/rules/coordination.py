"""Who coordinated, led or organised an operation or gathering."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from casegraph.extract.rules.context import Context, FoundLink, T


def led_by_compound(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "the INTERPOL-led Operation X", "a Europol-coordinated action"."""
    for owner in ctx.mentions:
        i = owner.end
        if owner.label_ != T.ORGANIZATION or i + 2 >= len(doc):
            continue
        if doc[i].text != "-" or doc[i + 1].lower_ not in ("led", "coordinated", "run"):
            continue
        target = next(
            (ctx.mention(t) for t in doc[i + 2 : i + 5] if ctx.mention(t) is not None), None
        )
        if target is not None and target.label_ in (T.OPERATION, T.EVENT):
            yield ctx.link("organizer", target, owner, "led-compound")


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


RULES = (led_by_compound, gathering_owner, dates_subject)
