"""Verbs of relations.toml [verbs]: active, passive, relative and participle clauses."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from casegraph.extract.rules.context import Context, FoundLink, T, verb_phrase


def verb_link(
    ctx: Context, doer: Span, thing: Span, verb: Token, rule: str | None = None, **kw
) -> FoundLink | None:
    """The relation the verb's sense states between ``doer`` and ``thing``, by their types
    (the first matching row of relations.toml [[verb_senses]]), or None."""
    sense = sense_of(ctx, verb)
    if sense is None or doer == thing:
        return None
    d, t = doer.label_, thing.label_
    for row in ctx.know.senses:
        if row["sense"] != sense:
            continue
        if row.get("doer", "*") != "*" and d not in row["doer"]:
            continue
        if row.get("thing", "*") != "*" and t not in row["thing"]:
            continue
        if row.get("same_type") and d != t:
            continue
        subject, obj = (thing, doer) if row["subject"] == "thing" else (doer, thing)
        if rule is None:
            return ctx.link(
                row["kind"],
                subject,
                obj,
                f"verb:{verb_phrase(verb)}",
                confidence=row["confidence"],
                **kw,
            )
        return ctx.link(row["kind"], subject, obj, rule, **kw)
    return None


def sense_of(ctx: Context, verb: Token) -> str | None:
    """The sense of ``verb`` in relations.toml [verbs], by its phrase ("carry out") or lemma."""
    verbs = ctx.know.verbs
    return verbs.get(verb_phrase(verb)) or verbs.get(verb.lemma_.lower())


def verb_relations(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """Active, passive and relative clauses of the verbs in relations.toml [verbs]."""
    for verb in ctx.tokens:
        if sense_of(ctx, verb) is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        modality = ctx.modality(verb)
        if modality is None:
            continue
        doers, things = _arguments(ctx, verb)
        if doers and not things and _passive(verb) and sense_of(ctx, verb) in _ABOUT_SENSES:
            # "The action was coordinated by Europol": about the article's operation
            target = ctx.about(verb)
            things = [target] if target is not None and target not in doers else []
        for doer in doers:
            for thing in things:
                link = verb_link(ctx, doer, thing, verb, modality=modality)
                if link is not None:
                    yield link


# Senses whose passive, without a named object, is about the article's operation or gathering.
_ABOUT_SENSES = frozenset({"organise", "participate", "lead", "fund", "sponsor", "operate"})


def _passive(verb: Token) -> bool:
    """A finite passive clause whose subject names nothing: "The action was coordinated by".
    (Fronted participles, "Backed by the G8, ICSE was launched", have their own rule.)"""
    return any(c.dep_ == "auxpass" for c in verb.children) and any(
        c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PRON") for c in verb.children
    )


def _arguments(ctx: Context, verb: Token) -> tuple[list[Span], list[Span]]:
    doers, things = [], []
    for c in verb.children:
        if c.dep_ == "nsubj":
            doers += ctx.examples(c)
        elif c.dep_ == "prep" and c.lower_ in ("along", "together"):
            doers += [
                m
                for w in c.children
                if w.lower_ == "with"
                for o in w.children
                if o.dep_ == "pobj"
                for m in ctx.expand(o)
            ]
        elif c.dep_ in ("dobj", "nsubjpass"):
            things += ctx.expand(c)
            # "led the development of X"
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    things += [m for o in p.children if o.dep_ == "pobj" for m in ctx.expand(o)]
        elif c.dep_ == "agent":
            doers += [m for o in c.children if o.dep_ == "pobj" for m in ctx.expand(o)]
        elif c.dep_ == "prep" and c.lower_ in ("in", "to") and sense_of(ctx, verb) == "participate":
            # "took part in X", "contributed to the database"
            things += [m for o in c.children if o.dep_ == "pobj" for m in ctx.expand(o)]
    if not doers and any(c.dep_ == "auxpass" for c in verb.children):
        # "It was coordinated at the European level by Europol": the parser hangs the agent
        # on the noun before it
        for by in (t for t in verb.subtree if t.lower_ == "by" and t.dep_ == "prep"):
            if _clause_verb(by).i == verb.i and by.head.pos_ == "NOUN":
                doers += [m for o in by.children if o.dep_ == "pobj" for m in ctx.expand(o)]
    if verb.dep_ == "conj" and not (doers and things):
        # "X was carried out by Y and supported by Z": the second verb shares the subject
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        for c in verb.head.children:
            if c.dep_ == "nsubj" and not doers and verb.tag_ != "VBN":
                doers += ctx.examples(c)
            elif c.dep_ == "nsubj" and not things and passive:
                # "X brought together agencies from 14 countries and was supported by Y"
                things += ctx.expand(c)
            elif c.dep_ == "nsubjpass" and not things:
                things += ctx.expand(c)
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and not things:
        things += ctx.expand(verb.head)  # "its General Assembly, hosted by the UK"
    if verb.dep_ == "relcl":  # "Interpol - which hosts X", "Persson who has led X"
        antecedent = ctx.expand(verb.head)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in ("which", "who", "that"):
            (doers if subject.dep_ == "nsubj" else things).extend(antecedent)
    return doers, things


def _clause_verb(tok: Token) -> Token:
    """The nearest verb above ``tok``."""
    node = tok.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def verb_surface(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "INTERPOL recently coordinated Operation X", "X was hosted by Y": the same verbs
    read from word order, for sentences the parser gets wrong."""
    for verb in ctx.tokens:
        if sense_of(ctx, verb) is None or verb.tag_ not in (
            "VBD",
            "VBN",
            "VBZ",
            "VBP",
        ):
            continue
        modality = ctx.modality(verb)
        if modality is None:
            continue
        i = verb.i - 1
        while i >= 0 and doc[i].pos_ in ("ADV", "AUX", "PART"):
            i -= 1
        left = ctx.mention(doc[i]) if i >= 0 else None
        j = verb.i + 1
        passive = j < len(doc) and doc[j].lower_ == "by"
        while j < len(doc) and (doc[j].pos_ in ("DET", "ADJ") or doc[j].lower_ == "by"):
            j += 1
        right = (ctx.event_at.get(j) or ctx.mention(doc[j])) if j < len(doc) else None
        if left is None or right is None or left.end > verb.i or right.start < verb.i:
            continue
        doer, thing = (right, left) if passive else (left, right)
        link = verb_link(ctx, doer, thing, verb, "verb-order", modality=modality)
        if link is not None:
            yield link


def participial_front(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Backed by the G8 and funded by the European Commission, ICSE was launched";
    "Administered by INTERPOL's X unit, the ICSE database ...": the parse of such fronted
    clauses is unreliable, so this reads the order of words."""
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if len(toks) < 4 or toks[0].tag_ != "VBN" or toks[1].lower_ != "by":
            continue
        # the clause ends at the comma before the main clause's subject ("Led by X and
        # supported by A, B and C, the operation ran ..."), else at the first comma
        after, comma = None, None
        for c in (t for t in toks if t.text == "," and t.i + 2 < len(doc)):
            m = ctx.mention(doc[c.i + 1]) or ctx.mention(doc[c.i + 2])
            if m is not None and after is None:
                after, comma = m, c
            if m is not None and m.root.dep_ in ("nsubj", "nsubjpass"):
                after, comma = m, c
                break
        if after is None:
            continue
        for verb in (t for t in doc[toks[0].i : comma.i] if t.tag_ == "VBN"):
            by = doc[verb.i + 1] if verb.i + 1 < comma.i else None
            if sense_of(ctx, verb) is None or by is None or by.lower_ != "by":
                continue
            k = by.i + 1
            while k < comma.i and ctx.mention(doc[k]) is None:
                k += 1
            first = ctx.mention(doc[k]) if k < comma.i else None
            if first is None:
                continue
            # "INTERPOL's X unit": the owner's possessive leads to the unit itself
            if doc[first.end].tag_ == "POS":
                doers = [ctx.mention(doc[first.end + 1]) or first]
            else:
                doers = [m for m in ctx.listed(k, _DOERS) if m.end <= comma.i] or [first]
            for doer in doers:
                link = verb_link(ctx, doer, after, verb, "participial-front")
                if link is not None:
                    yield link


_DOERS = (T.PLACE, T.ORGANIZATION, T.PERSON)


def successor(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "X was launched ... as the successor to Y"."""
    for tok in ctx.tokens:
        if tok.lower_ not in ("successor", "replacement") or tok.i + 1 >= len(doc):
            continue
        if doc[tok.i + 1].lower_ not in ("to", "of"):
            continue
        older = next(
            (ctx.mention(t) for t in doc[tok.i + 2 : tok.i + 6] if ctx.mention(t) is not None),
            None,
        )
        if older is None:
            continue
        start = tok.sent.start
        before = [
            m
            for m in ctx.mentions
            if start <= m.start and m.end <= tok.i and m.label_ == older.label_
        ]
        if before:
            yield ctx.link("successorOf", before[-1], older, "successor")


RULES = (verb_relations, verb_surface, participial_front, successor)
