"""Arrests: "Operation X led to the arrest of Y", "the arrest of Y by the Federal Police"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from casegraph.extract.rules.context import Context, FoundLink, T, verb_phrase


def arrest_of(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """The person arrested, and who arrested them: "by X", else the operation the sentence is
    about."""
    for tok in ctx.tokens:
        if tok.lemma_.lower() not in ctx.know.arrest_nouns or tok.pos_ != "NOUN":
            continue
        # "Hassan's arrest by the DCI"
        people = [m for c in tok.children if c.dep_ == "poss" for m in ctx.expand(c)]
        people, doers = [m for m in people if m.label_ == T.PERSON], []
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
        rule = "arrest-of"
        if not doers:
            target = ctx.about(tok)
            doers = [target] if target is not None and target.label_ == T.OPERATION else []
        if not doers:  # "following the arrest of X": the force the article names
            doers, rule = _force_near(ctx, tok), "arrested-by-context"
        for person in people:
            for doer in doers:
                yield ctx.link("arrested", person, doer, rule)


def arrested_by(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "The Guardia Civil arrested X", "X was arrested by officers of the Hellenic Police",
    "Hawks officers detained the suspect, X", "the police said it had arrested X"; when no named
    body made the arrest, the operation the clause is about ("During Operation Y, police
    arrested X")."""
    for verb in ctx.tokens:
        if verb.pos_ != "VERB" or ctx.know.verbs.get(verb_phrase(verb)) != "arrest":
            continue
        if ctx.modality(verb) is None:
            continue
        people = [
            m
            for c in verb.children
            # "arrested the suspect, John Smith, on Monday" is read as an adverbial
            if c.dep_ in ("dobj", "nsubjpass", "npadvmod")
            # with its appositions and "identified as" clauses, not its relative clauses;
            # "X, who was arrested by Y": the person the clause is about
            for m in ctx.members(_antecedent(verb, c), (T.PERSON,), closed=_NOT_PEOPLE)
        ] + [
            m  # "arrested X on Tuesday, together with his wife, Y, and their son, Z"
            for o in _along_with(verb)
            for m in ctx.members(o, (T.PERSON,), closed=_NOT_PEOPLE)
        ]
        for c in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            after = c.right_edge.i + 1  # "arrested two men: X and Y"
            if not people and after < len(doc) and doc[after].text in (":", "–", "-", "—"):
                people = ctx.listed(after + 1, (T.PERSON,))
        if not people:
            continue
        doers: list[Span] = []
        # "police arrested X", "X was detained by customs officers", "they arrested X",
        # "X was arrested on Monday": the body is not named in the clause
        unnamed = not any(c.dep_ in ("nsubj", "agent") for c in verb.children)
        pronoun = generic = False  # "they detained X", "police arrested X"
        for c in verb.children:
            if c.dep_ not in ("nsubj", "agent"):
                continue
            for o in [c] if c.dep_ == "nsubj" else [o for o in c.children if o.dep_ == "pobj"]:
                doers += ctx.members(o, (T.ORGANIZATION,))
                pronoun |= o.pos_ == "PRON" and ctx.mention(o) is None
                generic |= o.lower_ in ctx.know.participant_nouns and o.pos_ == "NOUN"
        if not doers and (pronoun or generic or unnamed):
            doers = _speaker(ctx, verb, pronoun)
        rule = "arrested-by"
        if not doers:
            target = ctx.about(verb)
            doers = [target] if target is not None and target.label_ == T.OPERATION else []
        if not doers and (pronoun or generic or unnamed):
            doers, rule = _force_near(ctx, verb), "arrested-by-context"
        for person in people:
            for doer in doers:
                yield ctx.link("arrested", person, doer, rule)


def in_custody(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Also in custody is X", "X and Y remain in custody", "Among those held is X": people
    the article reports arrested, by the body it says made the arrests."""
    for verb in ctx.tokens:
        if verb.lemma_.lower() not in ("be", "remain", "stay"):
            continue
        preps = [c for c in verb.children if c.dep_ == "prep"]
        custody = any(
            p.lower_ == "in" and any(o.lower_ == "custody" for o in p.children) for p in preps
        )
        among = any(
            p.lower_ == "among"
            and any(
                a.dep_ == "acl"
                and (ctx.know.verbs.get(a.lemma_.lower()) == "arrest" or a.lemma_.lower() == "hold")
                for o in p.children
                for a in o.children
            )
            for p in preps
        )
        if not (custody or among) or ctx.modality(verb) is None:
            continue
        people = [
            m
            for c in verb.children
            if c.dep_ in ("nsubj", "attr")
            for m in ctx.members(c, (T.PERSON,), closed=_NOT_PEOPLE)
        ]
        for person in people:
            for doer in _speaker(ctx, verb, False) or _force_near(ctx, verb):
                yield ctx.link("arrested", person, doer, "arrested-by-context")


_NOT_PEOPLE = ("relcl", "advcl", "ccomp")


def _along_with(verb: Token) -> list[Token]:
    """The objects of "(together/along) with" on ``verb``."""
    heads = [verb, *(c for c in verb.children if c.lower_ in ("together", "along"))]
    return [
        o
        for h in heads
        for p in h.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for o in p.children
        if o.dep_ == "pobj"
    ]


def _antecedent(verb: Token, tok: Token) -> Token:
    """The noun a relative pronoun stands for ("X, who was detained ..." -> X), else ``tok``."""
    if tok.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head
    return tok


def _speaker(ctx: Context, verb: Token, pronoun: bool) -> list[Span]:
    """Who says the arrest was made, when that is who made it: "the Guardia Civil said it had
    arrested X", "Essex Police said X was arrested" (not "Reuters reported that police
    arrested X", nor "Europol said X was arrested": a speaker that makes no arrests)."""
    if verb.dep_ != "ccomp":
        return []
    subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return []
    return [m for m in ctx.members(subject, (T.ORGANIZATION,)) if pronoun or _enforces(ctx, m)]


def _force_near(ctx: Context, tok: Token) -> list[Span]:
    """The body the article says made arrests ("the arrests were carried out by X", "X
    detained 25 people"), else the police force (or customs, or other enforcing body) it
    names: the last before ``tok``, else the next, a few sentences on at most."""
    forces = _makers(ctx) or [
        m for m in ctx.mentions if m.label_ == T.ORGANIZATION and _enforces(ctx, m)
    ]
    before = [m for m in forces if m.end <= tok.i]
    after = [m for m in forces if m.start > tok.i and m.sent.start - tok.sent.end < 80]
    return before[-1:] or after[:1]


def _makers(ctx: Context) -> list[Span]:
    """The bodies named as making an arrest anywhere in the document, in text order."""
    found: list[Span] = []
    for tok in ctx.tokens:
        sense = ctx.know.verbs.get(verb_phrase(tok)) if tok.pos_ == "VERB" else None
        arrest_noun = tok.pos_ == "NOUN" and tok.lemma_.lower() in ctx.know.arrest_nouns
        if sense == "arrest":
            nodes = [c for c in tok.children if c.dep_ in ("nsubj", "agent")]
        elif arrest_noun and tok.head.lemma_.lower() in ("carry", "make", "conduct"):
            # "the arrests were carried out by X", "X made the arrests"
            nodes = [c for c in tok.head.children if c.dep_ in ("nsubj", "agent")]
        elif arrest_noun:
            nodes = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"]
        else:
            continue
        for n in nodes:
            objs = [n] if n.dep_ == "nsubj" else [o for o in n.children if o.dep_ == "pobj"]
            found += [m for o in objs for m in ctx.members(o, (T.ORGANIZATION,))]
    return sorted(set(found), key=lambda m: m.start)


def _enforces(ctx: Context, m: Span) -> bool:
    """Is ``m`` named as a police, customs or other public body ("Essex Police", "Hamburg
    Customs" are; "Europol" and "Reuters" are not, by their names)?"""
    if m.kb_id_.startswith("institution:"):  # "FBI" is; "Europol" coordinates, no more
        return m.kb_id_ in ctx.know.enforcing_ids
    longs = [long for short, long in ctx.doc._.casegraph_acronyms or () if short == m.text]
    words = [w.lower() for w in (m.text, *longs) for w in w.split() if w not in "()"]
    return any(w in ctx.know.arrest_bodies for w in words)


RULES = (arrest_of, arrested_by, in_custody)
