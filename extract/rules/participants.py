"""Who took part in an operation or gathering: "police from A, B and C", "involving X", "with
the support of Y", "in cooperation with Z", "A and B worked together", "countries taking part
included ...". Taking part is not coordinating: organisers are coordination.py's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span

from casegraph.extract.rules.context import Context, FoundLink, T, verb_phrase


def _links(
    ctx: Context, target: Span | None, members: list[Span], rule: str, kind: str = "participant"
):
    if target is None:
        return
    for m in members:
        if (m.start, m.end) != (target.start, target.end):
            yield ctx.link(kind, target, m, rule)


def participants_from(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Experts from A, B and C", "98 participants from 54 countries", "officers from X"."""
    for tok in ctx.tokens:
        if tok.lower_ == "from" and tok.head.lower_ in ctx.know.participant_nouns:
            members = [m for o in tok.children if o.dep_ == "pobj" for m in ctx.members(o)]
            yield from _links(ctx, ctx.about(tok), members, "participants-from")


def involving(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "an operation involving police from A and B", "the action involved X"."""
    for tok in ctx.tokens:
        if tok.lemma_ != "involve" or tok.pos_ != "VERB":
            continue
        if (modality := ctx.modality(tok)) is None:
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "pobj")]
        members = [m for o in objects for m in ctx.members(o)]
        target = ctx.about(tok.head if tok.dep_ == "acl" else tok)
        for link in _links(ctx, target, members, "involving"):
            yield _with(link, modality)


def with_support_of(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "with the participation / support / assistance of X", "in cooperation with Y"."""
    nouns = ctx.know.participation_nouns
    for tok in ctx.tokens:
        members: list[Span] = []
        if tok.lower_ in nouns and tok.pos_ == "NOUN":
            members = ctx.prep_objects(tok, ("of", "from", "with"))
        if members:
            # "with coordination from Eurojust": who coordinates organises
            leads = tok.lower_ in ctx.know.umbrella_nouns
            kind = "organizer" if leads else "participant"
            yield from _links(ctx, ctx.about(tok), members, "with-support-of", kind)


def worked_together(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "A, B and C worked together", "X took part in Y", "Z joined the investigation"."""
    verbs = ctx.know.participation_verbs
    for tok in ctx.tokens:
        phrase = verb_phrase(tok)
        if tok.pos_ not in ("VERB", "AUX") or phrase not in verbs:
            continue
        if phrase == "work" and not any(c.lower_ in ctx.know.together_words for c in tok.children):
            continue  # "LockBit worked as a business"
        if (modality := ctx.modality(tok)) is None:
            continue
        members = [m for c in tok.children if c.dep_ == "nsubj" for m in ctx.members(c)]
        if phrase in ctx.know.with_verbs:  # "the NCA, which worked closely with the FBI"
            members += ctx.prep_objects(tok, ("with", "alongside"))
        for link in _links(ctx, ctx.about(tok), members, "worked-together"):
            yield _with(link, modality)


def taking_part_included(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Countries taking part included A, B and C", "participating agencies were X and Y"."""
    nouns = ctx.know.participant_nouns
    for tok in ctx.tokens:
        if tok.lemma_ not in ("include", "be") or tok.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in nouns:
            continue
        taking_part = any(
            (c.dep_ == "acl" and verb_phrase(c) in ctx.know.participation_verbs)
            or (c.dep_ in ("amod", "compound") and c.lower_ in ("participating", "partner"))
            for c in subject.children
        )
        if not taking_part:
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "attr")]
        members = [m for o in objects for m in ctx.members(o)]
        yield from _links(ctx, ctx.about(subject), members, "taking-part-included")


def brings_together(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "The investigation brought together the A, the B and the C": they took part; "the
    taskforce, which brings together the AFP and the Queensland Police Service": they are its
    members."""
    for verb in ctx.tokens:
        together = any(c.lower_ == "together" for c in verb.children)  # an adverb, not a particle
        phrase = f"{verb.lemma_} together" if together else verb.lemma_
        if verb.pos_ != "VERB" or phrase not in ctx.know.gathering_verbs:
            continue
        if (modality := ctx.modality(verb)) is None:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        whole = ctx.mention(subject)
        if subject is not None and subject.lower_ in ("which", "that") and verb.dep_ == "relcl":
            # "... of the Queensland Joint Organised Crime Taskforce (QJOCTF), which brings":
            # the name right before the pronoun, wherever the parser hung the clause
            before = [m for m in ctx.mentions if subject.i - 4 <= m.end <= subject.i]
            whole = before[-1] if before else ctx.mention(verb.head)
        elif whole is None and subject is not None:
            whole = ctx.about(verb)  # "the investigation brought together .."
        members = [m for c in verb.children if c.dep_ == "dobj" for m in ctx.members(c)]
        if whole is None or not members:
            continue
        for m in (m for m in members if m != whole):
            if whole.label_ == T.ORGANIZATION:
                yield ctx.link("memberOf", m, whole, "brings-together", modality=modality)
            elif whole.label_ in (T.OPERATION, T.EVENT):
                yield ctx.link("participant", whole, m, "brings-together", modality=modality)


def results_by_country(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "In Albania, officials averted a spill", "In Mexico, police seized a tiger cub": a
    country's results in an operation's report, where its own officers acted."""
    for sent in doc.sents:
        if len(sent) < 5 or sent[0].lower_ != "in":
            continue
        place = ctx.mention(sent[1])
        if place is None or place.label_ != T.PLACE or not place.kb_id_.startswith("country:"):
            continue
        if place.end >= sent.end or doc[place.end].text != ",":
            continue
        root = sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i < place.end:
            continue
        acting = subject.lower_ in ctx.know.participant_nouns or (
            subject.dep_ == "nsubj" and ctx.mention(subject) is not None
        )
        target = ctx.about(root)
        if not acting or target is None or target.label_ != T.OPERATION:
            continue
        if (modality := ctx.modality(root)) is not None:
            for link in _links(ctx, target, [place], "results-by-country"):
                yield _with(link, modality)


def were_represented(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Antigua and Barbuda, the Bahamas and Belize were represented": at the gathering or
    operation the clause is about."""
    for tok in ctx.tokens:
        if tok.lemma_ != "represent" or not any(c.dep_ == "auxpass" for c in tok.children):
            continue
        if (modality := ctx.modality(tok)) is None:
            continue
        subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subject is None:
            continue
        members = ctx.members(subject) or ctx.listed(subject.left_edge.i)
        for link in _links(ctx, ctx.about(tok), members, "were-represented"):
            yield _with(link, modality)


def _with(link: FoundLink, modality: str) -> FoundLink:
    return link if modality == "asserted" else replace(link, modality=modality)


def listed_after_colon(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Countries taking part in the operation: A, B and C.", "EU Member States: Austria,
    Belgium, ...", "They came from 16 countries: A, B ...": a list introduced by who takes part."""
    nouns, verbs = ctx.know.participant_nouns, ctx.know.participation_verbs
    sents = list(doc.sents)
    for n, sent in enumerate(sents):
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None:
            continue
        lead = doc[sent.start : colon.i]
        introduced = any(
            t.lower_ in nouns or verb_phrase(t) in verbs or t.lower_ in ("participating", "from")
            for t in lead
        )
        if not introduced:
            continue
        end = sent.end
        if all(t.is_space or t.is_punct for t in doc[colon.i + 1 : sent.end]) and n + 1 < len(
            sents
        ):
            end = sents[n + 1].end  # the parser ended the sentence at the colon
        target = ctx.about(colon.head)
        # people attend a meeting; an operation's list names countries and agencies
        types = (
            (T.PLACE, T.ORGANIZATION, T.PERSON)
            if target is not None and target.label_ == T.EVENT
            else (T.PLACE, T.ORGANIZATION)
        )
        members = [
            m
            for m in ctx.mentions
            if colon.i < m.start < end and m.label_ in types and m.root.pos_ != "PRON"
        ]
        if len(members) >= 2:
            yield from _links(ctx, target, members, "listed-after-colon")


def sent_delegates(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Europol and the European Commission sent delegates", "X deployed officers"."""
    nouns = ctx.know.participant_nouns
    for tok in ctx.tokens:
        if tok.lemma_.lower() not in ("send", "dispatch", "deploy", "second", "delegate"):
            continue
        if not any(c.dep_ == "dobj" and c.lower_ in nouns for c in tok.children):
            continue
        members = [m for c in tok.children if c.dep_ == "nsubj" for m in ctx.members(c)]
        yield from _links(ctx, ctx.about(tok), members, "sent-delegates")


RULES = (
    participants_from,
    involving,
    with_support_of,
    worked_together,
    taking_part_included,
    brings_together,
    were_represented,
    results_by_country,
    listed_after_colon,
    sent_delegates,
)
