"""Arrests: "Operation X led to the arrest of Y", "the arrest of Y by the Federal Police"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

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


def arrested_by(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "The Guardia Civil arrested X", "X was arrested by officers of the Hellenic Police",
    "Hawks officers detained the suspect, X", "the police said it had arrested X"; when no named
    body made the arrest, the operation the clause is about ("During Operation Y, police
    arrested X")."""
    for verb in doc:
        if verb.pos_ != "VERB" or ctx.know.verbs.get(verb.lemma_.lower()) != "arrest":
            continue
        if ctx.modality(verb) is None:
            continue
        people = [
            m
            for c in verb.children
            # "arrested the suspect, John Smith, on Monday" is read as an adverbial
            if c.dep_ in ("dobj", "nsubjpass", "npadvmod")
            # with its appositions and "identified as" clauses, not its relative clauses
            for m in ctx.members(c, (T.PERSON,), closed=("relcl", "advcl", "ccomp"))
        ]
        if not people:
            continue
        doers: list[Span] = []
        generic = None  # "police arrested X", "X was detained by customs officers"
        for c in verb.children:
            if c.dep_ not in ("nsubj", "agent"):
                continue
            for o in [c] if c.dep_ == "nsubj" else [o for o in c.children if o.dep_ == "pobj"]:
                doers += ctx.members(o, (T.ORGANIZATION,))
                if o.lower_ in ctx.know.participant_nouns and o.pos_ == "NOUN":
                    generic = o
        if not doers and verb.dep_ == "ccomp":  # "the Guardia Civil said it had arrested X"
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            pronoun = any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children)
            if subject is not None and pronoun:
                doers = ctx.members(subject, (T.ORGANIZATION,))
        if not doers:
            target = ctx.about(verb)
            doers = [target] if target is not None and target.label_ == T.OPERATION else []
        if not doers and generic is not None:
            # the police force the article last named
            doers = [
                m
                for m in reversed(ctx.mentions)
                if m.end <= verb.i and m.label_ == T.ORGANIZATION and _enforces(ctx, m)
            ][:1]
        for person in people:
            for doer in doers:
                yield ctx.link("arrested", person, doer, "arrested-by")


def _enforces(ctx: Context, m: Span) -> bool:
    """Is ``m`` named as a police, customs or other public body ("Essex Police", "Hamburg
    Customs" are; "Europol" and "Reuters" are not, by their names)?"""
    words = [t for t in m if t.text not in "()"]
    return any(t.lower_ in ctx.know.arrest_bodies for t in words)


RULES = (arrest_of, arrested_by)
