"""What every relation rule reads: the mentions of one document, and the rules' knowledge."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from casegraph.extract import knowledge
from casegraph.extract.names import name_key
from casegraph.extract.records import EntityType

T = EntityType
# What a unit, database, operation or event is to the organisation that owns it.
OWNED = {
    T.ORGANIZATION: "parentOrganization",
    T.DATABASE: "operatedBy",
    T.OPERATION: "organizer",
    T.EVENT: "organizer",
}
# What a person can hold a role in.
HOLDERS = (T.ORGANIZATION, T.PLACE)
# What can be coordinated, joined, supported: operations and gatherings.
ACTIONS = (T.OPERATION, T.EVENT)


# What Context.members does not look into: the clauses and appositions of a phrase.
_CLAUSES = ("relcl", "acl", "advcl", "ccomp", "appos")


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A relation found between two mentions of one document (token offsets, no spaCy
    objects): ``object`` is a mention's ``(start, end)`` or a gazetteer id."""

    kind: str
    subject: tuple[int, int]
    object: tuple[int, int] | str
    rule: str
    confidence: float
    modality: str = "asserted"
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The relation rules' word lists and weights (patterns/relations.toml, lexicon.toml)."""

    verbs: dict[str, str]  # lemma -> sense
    senses: tuple[dict, ...]  # sense, doer types, thing types, kind, subject side
    modal_aux: frozenset[str]
    modal_heads: frozenset[str]
    participant_nouns: frozenset[str]
    participation_nouns: frozenset[str]  # "with the support of", "in cooperation with"
    participation_verbs: frozenset[str]  # "worked together", "took part", "joined"
    gathering_verbs: frozenset[str]  # "comprises A and B"; with "together": "brings together"
    together_words: frozenset[str]  # "worked closely / together / jointly"
    with_verbs: frozenset[str]  # "worked closely with X", "cooperated with Y"
    compounds: dict[str, str]  # "-led" -> organizer, "-supported" -> participant
    umbrella_nouns: frozenset[str]  # "under the umbrella / auspices of"
    action_nouns: frozenset[str]  # "the Europol operation", "an INTERPOL meeting"
    based_words: frozenset[str]  # "based in", "headquartered in", "headquarters in"
    arrest_verbs: frozenset[str]  # "arrested in", "detained at"
    country_words: dict[str, str]  # country names and demonyms as written -> ISO code
    unit_heads: frozenset[str]  # "unit", "centre", "division": the last word of a unit's name
    body_heads: frozenset[str]  # "college", "board": bodies named "X of <Org>"
    public_heads: frozenset[str]  # "police", "ministry", "court": the last word of a public body
    action_verbs: frozenset[str]  # "seized in X", "servers taken down in Y": an operation's
    stative_words: frozenset[str]  # "was in Paris", "held in", "active in"
    place_kinds: frozenset[str]  # "a suburb of", "the Westend district of"
    role_verbs: dict[str, str]  # "serve" -> serve, "elect" -> appoint, "be" -> be
    affiliation_words: frozenset[str]  # "linked to", "connected to", "affiliated with"
    member_nouns: frozenset[str]  # "member countries", "member states", "member agencies"
    agreement_nouns: frozenset[str]  # "agreement", "memorandum", "MoU"
    agreement_verbs: frozenset[str]  # "sign", "conclude"
    arrest_nouns: frozenset[str]  # "the arrest of X"
    arrest_bodies: frozenset[str]  # "Essex Police", "Hamburg Customs": bodies that arrest
    enforcing_ids: frozenset[str]  # gazetteer ids of bodies so named ("FBI": Federal Bureau ...)
    connectors: frozenset[str]
    roles: frozenset[str]
    titles: frozenset[str]
    owners: dict[str, str]  # institution name as written -> gazetteer id
    local_places: dict[str, str]  # name_key of a city or state -> gazetteer id ("city:hamburg")
    confidence: dict[str, float]

    def weight(self, rule: str, kind: str | None = None) -> float:
        """The confidence of ``rule`` (``"rule:kind"`` overrides ``"rule"``)."""
        if kind is not None and f"{rule}:{kind}" in self.confidence:
            return self.confidence[f"{rule}:{kind}"]
        return self.confidence[rule]


@cache
def rule_knowledge() -> Knowledge:
    lex = knowledge.relation_lexicon()
    return Knowledge(
        verbs=dict(lex["verbs"]),
        senses=tuple(lex["verb_senses"]),
        modal_aux=frozenset(lex["verbs_hypothetical"]["auxiliaries"]),
        modal_heads=frozenset(lex["verbs_hypothetical"]["heads"]),
        participant_nouns=frozenset(lex["participants"]["nouns"]),
        participation_nouns=frozenset(lex["participants"]["support_nouns"]),
        participation_verbs=frozenset(lex["participants"]["verbs"]),
        gathering_verbs=frozenset(lex["participants"]["gathering_verbs"]),
        together_words=frozenset(lex["participants"]["together_words"]),
        with_verbs=frozenset(lex["participants"]["with_verbs"]),
        compounds=dict(lex["coordination"]["compounds"]),
        umbrella_nouns=frozenset(lex["coordination"]["umbrella_nouns"]),
        action_nouns=frozenset(lex["coordination"]["action_nouns"]),
        based_words=frozenset(lex["places"]["based_words"]),
        arrest_verbs=frozenset(lex["places"]["arrest_verbs"]),
        country_words=knowledge.country_words(),
        unit_heads=frozenset(lex["units"]["heads"]),
        public_heads=frozenset(lex["places"]["public_heads"]),
        body_heads=frozenset(lex["units"]["body_heads"]),
        action_verbs=frozenset(lex["places"]["action_verbs"]),
        stative_words=frozenset(lex["places"]["stative_words"]),
        place_kinds=frozenset(lex["places"]["kinds"]),
        role_verbs=dict(lex["roles"]["verbs"]),
        affiliation_words=frozenset(lex["roles"]["affiliation"]),
        member_nouns=frozenset(lex["agreements"]["member_nouns"]),
        agreement_nouns=frozenset(lex["agreements"]["nouns"]),
        agreement_verbs=frozenset(lex["agreements"]["verbs"]),
        arrest_nouns=frozenset(lex["arrests"]["nouns"]),
        arrest_bodies=frozenset(lex["arrests"]["bodies"]),
        enforcing_ids=frozenset(
            e.canonical
            for e in knowledge.gazetteer()
            if e.canonical.startswith("institution:")
            and not _coordinator(e.canonical.removeprefix("institution:"), lex)
            and any(w in lex["arrests"]["bodies"] for w in e.form.lower().split())
        ),
        connectors=frozenset(lex["roles"]["connectors"]),
        roles=knowledge.words("titles", "roles"),
        titles=knowledge.words("titles", "words"),
        owners={
            e.form: e.canonical
            for e in knowledge.gazetteer()
            if e.canonical.startswith("institution:")
        },
        local_places={
            name_key(e.form): e.canonical
            for e in knowledge.gazetteer()
            if e.canonical.startswith(("city:", "us-state:"))
        },
        confidence=dict(lex["confidence"]),
    )


def _coordinator(ident: str, lex: dict) -> bool:
    return any(
        ident == c or (c.endswith("-") and ident.startswith(c))
        for c in lex["arrests"]["coordinators"]
    )


@dataclass(slots=True)
class Context:
    """One document's mentions, indexed by token, and the helpers rules share."""

    doc: Doc
    mentions: list[Span]  # entity mentions, in text order
    events: list[Span]  # mentions of the article's main gathering
    know: Knowledge
    at: dict[int, Span] = field(default_factory=dict)  # token -> mention (entities win)
    event_at: dict[int, Span] = field(default_factory=dict)  # token -> event mention
    spans: dict[tuple[int, int], Span] = field(default_factory=dict)  # offsets -> mention
    # the document's tokens, made once: every rule walks them, and spaCy makes a new Token
    # object at each step of iterating a Doc
    tokens: list[Token] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)  # where each sentence begins

    def __post_init__(self) -> None:
        self.tokens = list(self.doc)
        self.sent_starts = [s.start for s in self.doc.sents]
        for span in self.events + self.mentions:  # entity mentions win a shared token
            self.spans[(span.start, span.end)] = span
            for i in range(span.start, span.end):
                self.at[i] = span
        for span in self.events:
            for i in range(span.start, span.end):
                self.event_at[i] = span

    @property
    def main_event(self) -> Span | None:
        if self.events:
            return self.events[0]
        return next((s for s in self.mentions if s.label_ == T.EVENT), None)

    @property
    def salient(self) -> Span | None:
        """What the article is about when a sentence does not say: its only named operation,
        else its main gathering."""
        named = [m for m in self.mentions if m.label_ == T.OPERATION and m.id_ != "anaphor"]
        if len({_core(m) for m in named}) != 1:
            return None if named else self.main_event
        # named in passing ("his role surfaced in an investigation known as Operation King"),
        # it is not what the article reports: it must open the article or come back
        again = len(named) > 1 or any(
            m.label_ == T.OPERATION and m.id_ == "anaphor" for m in self.mentions
        )
        opening = bisect_right(self.sent_starts, named[0].start) <= 5
        return named[0] if again or opening else None

    def about(self, tok: Token) -> Span | None:
        """The operation or gathering the clause of ``tok`` is about: one named in the clause
        (its subject, object, or what it modifies), else in the sentence, else the article's
        salient one."""
        node, hops = tok, 0
        while hops < 8:
            m = self.mention(node)
            if m is not None and m.label_ in ACTIONS:
                return m
            for c in node.children:
                if c.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"):
                    m = self.mention(c)
                    if m is not None and m.label_ in ACTIONS:
                        return m
            if node.head.i == node.i:
                break
            node, hops = node.head, hops + 1
        sent = tok.sent
        near = [
            m for m in self.mentions if m.label_ in ACTIONS and sent.start <= m.start < sent.end
        ]
        if near:
            return min(near, key=lambda m: abs(m.start - tok.i))
        return self.salient

    def listed(self, i: int, types=(T.PLACE, T.ORGANIZATION)) -> list[Span]:
        """The mentions of ``types`` listed from token ``i`` on ("A, B and the C"), read from
        word order where the parse of a long list goes wrong."""
        out: list[Span] = []
        doc = self.doc
        while i < len(doc):
            m = self.mention(doc[i])
            if m is not None and m.start == i and m.label_ in types:
                out.append(m)
                i = m.end
            elif doc[i].lower_ in (",", "and", "the", "&", "as", "well") and out:
                i += 1
            elif doc[i].lower_ == "the" and not out:
                i += 1
            else:
                break
        return out

    def prep_objects(
        self, tok: Token, preps: tuple[str, ...], types=(T.PLACE, T.ORGANIZATION)
    ) -> list[Span]:
        """The mentions of ``types`` in the objects of ``tok``'s prepositions ``preps``: for
        "based in The Hague and Lyon", ``prep_objects(based, ("in",), (PLACE,))``."""
        return [
            m
            for prep in tok.children
            if prep.dep_ == "prep" and prep.lower_ in preps
            for o in prep.children
            if o.dep_ == "pobj"
            for m in self.members(o, types)
        ]

    def members(self, tok: Token, types=(T.PLACE, T.ORGANIZATION), closed=_CLAUSES) -> list[Span]:
        """The mentions of ``types`` in the phrase headed by ``tok`` ("police from A, B and
        C", "the support of X and Y"), not looking below the dependencies ``closed`` (by
        default the clauses and appositions attached to it)."""
        out: list[Span] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            m = self.mention(t)
            # "India's Central Bureau of Investigation" names one member, not two
            owner = m is not None and m.root.dep_ == "poss" and self.mention(m.root.head)
            if m is not None and m.label_ in types and m not in out and not owner:
                out.append(m)
            stack.extend(c for c in t.children if c.dep_ not in closed)
        return sorted(out, key=lambda m: m.start)

    def link(
        self,
        kind: str,
        subject: Span,
        obj: Span | str,
        rule: str,
        *,
        modality: str = "asserted",
        role: str | None = None,
        confidence: float | None = None,
    ) -> FoundLink:
        """A :class:`FoundLink` weighted as ``relations.toml [confidence]`` says."""
        return FoundLink(
            kind,
            (subject.start, subject.end),
            obj if isinstance(obj, str) else (obj.start, obj.end),
            rule,
            self.know.weight(rule, kind) if confidence is None else confidence,
            modality,
            role,
        )

    def mention(self, tok: Token | None) -> Span | None:
        return None if tok is None else self.at.get(tok.i)

    def mention_type(self, tok: Token) -> str | None:
        m = self.mention(tok)
        return m.label_ if m is not None else None

    def expand(self, tok: Token) -> list[Span]:
        """The mentions of ``tok`` and of every word coordinated with it ("A, B and C")."""
        out = []
        for t in [tok, *tok.conjuncts]:
            m = self.mention(t)
            if m is None and t.dep_ == "appos":  # "Europol, the EU's police agency, which ..."
                m = self.mention(t.head)
            if m is None and t is not tok:  # "X and Premier and Minister of Y Michael Z"
                m = next(
                    (
                        self.mention(d)
                        for d in t.subtree
                        if self.mention(d) is not None
                        and self.mention(d).label_ == self.mention_type(tok)
                    ),
                    None,
                )
            if m is not None and m not in out:
                out.append(m)
        return out

    def examples(self, tok: Token) -> list[Span]:
        """The mentions a plain noun stands for: "partners such as A and B, along with C"."""
        out = self.expand(tok)
        if out:
            return out
        for prep in tok.children:
            if prep.lower_ in ("as", "including", "like") and prep.dep_ == "prep":
                out += [m for o in prep.children if o.dep_ == "pobj" for m in self.expand(o)]
        return out

    def modality(self, verb: Token) -> str | None:
        """None for a negated statement, else "asserted" or "hypothetical"."""
        for t in [verb, verb.head]:
            if any(c.dep_ == "neg" for c in t.children):
                return None
        if any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in self.know.modal_aux for c in verb.children
        ):
            return "hypothetical"
        if verb.dep_ == "xcomp" and verb.head.lemma_ in self.know.modal_heads:
            return "hypothetical"
        return "asserted"


def _core(m: Span) -> str:
    words = m.text.lower().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] == "operation" else words)


def verb_phrase(verb: Token) -> str:
    """A verb's lemma with its particle or fixed object: "take part", "carry out", "team up".

    The verb lexicons are keyed by these phrases."""
    lemma = verb.lemma_.lower()
    for c in verb.children:
        if c.dep_ == "prt":
            return f"{lemma} {c.lower_}"
        if c.dep_ == "dobj" and c.lower_ in ("part", "forces", "hands"):
            return f"{lemma} {c.lower_}"
        if c.dep_ == "prep" and any(o.lower_ == "custody" for o in c.children):
            return f"{lemma} {c.lower_} custody"  # "taken into custody"
        if c.dep_ == "prep" and c.lower_ == "off" and lemma == "take":
            return "take off"  # "took X off a flight"
    return lemma
