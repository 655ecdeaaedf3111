"""People and their roles: "Jane Roe, Head of X's Y unit", "X Police Commissioner Jane Roe"."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from casegraph.extract.rules.context import HOLDERS, Context, FoundLink, T


def role_apposition(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Michael Moran, Head of INTERPOL's X unit" / "Ilana de Wild, Director, Y,"."""
    know = ctx.know
    for person in (m for m in ctx.mentions if m.label_ == T.PERSON):
        i = person.end
        if i >= len(doc) or doc[i].text != ",":
            continue
        role_words, j = [], i + 1
        while j < len(doc) and j < i + 10:
            m = ctx.mention(doc[j])
            if m is not None and m.label_ in HOLDERS:
                break
            if doc[j].text == "," and role_words and doc[j + 1 : j + 2].text[:1].isupper():
                j += 1
                continue
            ahead = doc[j + 1 : j + 4]
            if not (
                doc[j].lower_ in know.titles
                or doc[j].lower_ in know.connectors
                or doc[j].tag_ == "POS"
                or _role(know, doc[j])
                or doc[j].pos_ in ("NOUN", "ADJ", "NUM")
                # "Senior Programme Coordinator": a capitalised word of a role still to come
                or (doc[j].pos_ == "PROPN" and any(_role(know, t) for t in ahead))
            ):
                break
            role_words.append(doc[j])
            j += 1
        holder = ctx.mention(doc[j]) if j < len(doc) else None
        if holder is None or holder.label_ not in HOLDERS:
            continue
        if holder.end + 1 < len(doc) and doc[holder.end].tag_ == "POS":
            owned = ctx.mention(doc[holder.end + 1])  # "Head of INTERPOL's X unit"
            if owned is not None and owned.label_ in HOLDERS:
                holder = owned
            elif not role_words:  # "X, Brazil's Director of International Cooperation"
                role_words = list(doc[holder.end + 1 : min(holder.end + 6, len(doc))])
                role_words = role_words[
                    : next((n for n, t in enumerate(role_words) if t.is_punct), len(role_words))
                ]
        if not any(_role(know, t) for t in role_words):
            # "John Durham, the acting U.S. attorney for ...": the role after the holder
            after = list(doc[holder.end : min(holder.end + 3, holder.sent.end)])
            after = after[: next((n for n, t in enumerate(after) if t.is_punct), len(after))]
            if not any(t.lower_ in know.roles for t in after):
                continue
            role_words = [*role_words, *after]
        role = role_text(role_words, know.connectors)
        yield ctx.link("worksFor", person, holder, "role-apposition", role=role)


def role_before_name(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Bermuda Police Commissioner Michael DeSilva", "INTERPOL Executive Director of
    Police Services Stephen Kavanagh"."""
    know = ctx.know

    def role_of(between: Span) -> str | None:
        words = [t for t in between if t.tag_ != "POS"]  # "INTERPOL's chief executive X"
        if all(
            t.lower_ in know.titles or t.lower_ in know.connectors or t.lower_ in know.roles
            for t in words
        ) and any(t.lower_ in know.roles or t.lower_.replace("-", "") in know.roles for t in words):
            return " ".join(t.text for t in words)
        return None

    mentions = ctx.mentions
    for n, (a, b) in enumerate(pairwise(mentions)):
        if a.label_ not in (*HOLDERS, T.OPERATION) or b.label_ != T.PERSON:
            continue
        between = doc[a.end : b.start]
        if not 0 < len(between) <= 8 or a.sent.start != b.sent.start:
            continue
        role = role_of(between)
        if role is None:
            continue
        if a.label_ == T.OPERATION:  # "Operation X co-ordinator Martin Cox"
            yield ctx.link("ledBy", a, b, "role-before-name", role=role)
            continue
        yield ctx.link("worksFor", b, a, "role-before-name", role=role)
        if a.end >= len(doc) or doc[a.end].tag_ != "POS":
            continue
        # "Mexico's Attorney General A and Security Secretary B": the owner holds both
        for c in mentions[n + 2 :]:
            gap = doc[b.end : c.start]
            if c.label_ != T.PERSON or not 1 < len(gap) <= 8 or gap[0].lower_ not in (",", "and"):
                break
            words = doc[gap.start + 1 : gap.end]
            # a capitalised role of its own: "Security Secretary", "Interior Minister"
            if not all(t.is_title or t.lower_ in know.titles for t in words):
                break
            if words[-1].lower_ not in know.roles:
                break
            yield ctx.link("worksFor", c, a, "role-before-name", role=words.text)
            b = c


def name_of_org(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Detective Inspector Jane Roe of the Metropolitan Police", "Europol's Jane Roe",
    "Jane Roe (Europol)": the person and the body they speak for."""
    for person in (m for m in ctx.mentions if m.label_ == T.PERSON):
        i = person.end
        words = [t.lower_ for t in doc[i : min(i + 3, len(doc))]]
        holder, rule = None, None
        if words[:1] == ["of"]:
            j = i + 2 if words[1:2] == ["the"] else i + 1
            holder, rule = ctx.mention(doc[j]) if j < len(doc) else None, "name-of"
            if holder is not None and holder.start != j:
                holder = None
        elif words[:1] == ["("]:
            holder, rule = ctx.mention(doc[i + 1]) if i + 1 < len(doc) else None, "name-paren"
            if holder is not None and (holder.end >= len(doc) or doc[holder.end].text != ")"):
                holder = None
        if holder is not None and holder.label_ == T.ORGANIZATION:
            yield ctx.link("worksFor", person, holder, rule)
        j = person.start - 1
        if j >= 1 and doc[j].tag_ == "POS":
            owner = ctx.mention(doc[j - 1])
            if owner is not None and owner.label_ == T.ORGANIZATION:
                yield ctx.link("worksFor", person, owner, "org-possessive")


def role_then_name(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Europol's Executive Director, Catherine De Bolle," / "the head of the unit, Jane
    Roe,": the role and its holder come before the person's name."""
    know = ctx.know

    def role_word(t: Token) -> bool:
        return (
            t.lower_ in know.titles or _role(know, t) or t.lower_ in know.connectors or t.like_num
        )

    for person in (m for m in ctx.mentions if m.label_ == T.PERSON):
        i = person.start - 1
        if i < 2 or doc[i].text != ",":
            continue
        before = ctx.mention(doc[i - 1])
        if before is not None and before.label_ in HOLDERS:
            # "the head of Europol, X": role words, then "of (the)", then the holder
            holder, j, words = before, before.start - 1, []
            while j >= 0 and j >= before.start - 8 and role_word(doc[j]):
                words.insert(0, doc[j])
                j -= 1
            if not words or words[-1].lower_ not in ("of", "the", "at", "for"):
                continue
        else:
            # "Europol's Executive Director, X": the holder, "'s", then role words
            j, words = i - 1, []
            while j >= max(0, i - 8) and ctx.mention(doc[j]) is None:
                if not (role_word(doc[j]) or doc[j].tag_ == "POS"):
                    break
                words.insert(0, doc[j])
                j -= 1
            holder = ctx.mention(doc[j]) if j >= 0 else None
            if holder is None or holder.label_ not in HOLDERS or not words:
                continue
            if holder.end != words[0].i:
                continue
        words = [t for t in words if t.tag_ != "POS"]
        if any(_role(know, t) for t in words):
            role = role_text(words, know.connectors)
            yield ctx.link("worksFor", person, holder, "role-then-name", role=role)


def role_in_clause(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "He was Director General of the NECC", "she serves as head of X", "X has worked for the
    FBI", "X joined Europol in 2015", "X held senior posts at the Ministry of Defence", "X was
    elected President of Y", "the board appointed X as Director of Y"."""
    know = ctx.know
    for verb in ctx.tokens:
        lemma = verb.lemma_.lower()
        if lemma not in know.role_verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        if ctx.modality(verb) is None:
            continue
        kind = know.role_verbs[lemma]
        people: list[Span] = []
        children = list(verb.children)
        if verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in children):
            # "She owns a restaurant and is secretary general of X": the first verb's subject
            children += [c for c in verb.head.children if c.dep_ == "nsubj"]
        for c in children:
            if c.dep_ == "nsubj" and kind != "appoint":
                people += [m for m in ctx.expand(c) if m.label_ == T.PERSON]
            elif c.dep_ in ("nsubjpass", "dobj") and kind == "appoint":
                people += [m for m in ctx.expand(c) if m.label_ == T.PERSON]
            elif c.dep_ == "nsubj" and kind == "appoint" and verb.tag_ in ("VBN", "VBD"):
                # headlines: "Khoo Boon Hui elected INTERPOL President"
                if not any(d.dep_ == "dobj" and ctx.mention(d) for d in verb.children):
                    people += [m for m in ctx.expand(c) if m.label_ == T.PERSON]
        if not people:
            continue
        holders, role = _holders_of_role(ctx, verb, kind)
        for person in people:
            for holder in holders:
                if holder != person:
                    yield ctx.link("worksFor", person, holder, f"role-{kind}", role=role)


def _holders_of_role(ctx: Context, verb: Token, kind: str) -> tuple[list[Span], str | None]:
    """The organisations a role clause names: "(Director) of X", "at X", "for X", the object
    of "joined X", an organisation inside the role ("INTERPOL President")."""
    know = ctx.know
    holders: list[Span] = []
    role_tokens: list[Token] = []
    stack = [c for c in verb.children if c.dep_ in ("attr", "dobj", "prep", "oprd", "acomp")]
    while stack:
        t = stack.pop()
        if t.dep_ in ("relcl", "advcl", "ccomp", "conj") and t.head == verb:
            continue
        m = ctx.mention(t)
        if m is not None and m.label_ in HOLDERS:
            if m not in holders:
                holders.append(m)
            continue
        if t.lower_ in know.roles:
            role_tokens.append(t)
        if t.dep_ == "prep" and t.lower_ not in ("of", "at", "for", "with", "in", "as", "within"):
            continue
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "advcl", "acl"))
    if kind in ("be", "appoint", "serve") and not role_tokens:
        return [], None
    if kind == "be" and not any(t.dep_ in ("attr", "dobj") for t in role_tokens):
        if not any(t.head.dep_ in ("attr", "prep") for t in role_tokens):
            return [], None
    role = " ".join(t.text for t in sorted(role_tokens, key=lambda t: t.i)) or None
    return holders, role


def affiliated(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "a Brazilian national said to be connected to the PCC", "allegedly linked to the Tren
    de Aragua crime group", "an associate of the Sinaloa Cartel"."""
    words = ctx.know.affiliation_words
    for tok in ctx.tokens:
        if tok.lower_ not in words:
            continue
        groups = ctx.prep_objects(tok, ("to", "with", "of"), (T.ORGANIZATION,))
        if not groups:
            continue
        node, people = tok, []
        for _ in range(6):  # up to the person the phrase describes
            m = ctx.mention(node)
            if m is not None and m.label_ == T.PERSON:
                people = [m]
                break
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                people = [m for m in ctx.expand(subj[0]) if m.label_ == T.PERSON]
                if subj[0].lower_ in ("who", "that") and node.dep_ == "relcl":
                    people = [m for m in ctx.expand(node.head) if m.label_ == T.PERSON]
                break
            if node.head.i == node.i:
                break
            node = node.head
        for person in people:
            for group in groups:
                yield ctx.link("worksFor", person, group, "affiliated", role="member")


def _role(know, tok: Token) -> bool:
    """A role word, also in the plural ("Eurojust's two Vice-Presidents")."""
    word = tok.lower_
    return word in know.roles or word.rstrip("s") in know.roles or tok.lemma_.lower() in know.roles


def role_text(words: list[Token], connectors: frozenset[str]) -> str:
    """The role as written, without a trailing "of"/"with" or possessive owner."""
    while words and (words[-1].lower_ in connectors or words[-1].tag_ == "POS"):
        words = words[:-1]
    if words and words[-1].i + 1 < len(words[-1].doc) and words[-1].nbor().tag_ == "POS":
        words = words[:-1]
    return " ".join(t.text for t in words).strip(" ,")


RULES = (
    role_apposition,
    role_before_name,
    name_of_org,
    role_then_name,
    role_in_clause,
    affiliated,
)
