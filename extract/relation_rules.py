"""spaCy factory that finds typed relations and figures between the mentions of a sentence.

Writes ``doc._.casegraph_links``: ``(kind, subject Span, object Span or gazetteer id, role,
rule, confidence, modality)`` and ``doc._.casegraph_figures``: ``(subject Span, measure, value,
qualifier, rule)``, found by :mod:`casegraph.extract.figures`. Subjects and objects are mention
spans of ``doc.spans["casegraph"]`` or ``doc.spans["casegraph_events"]``; the caller turns them
into records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from casegraph.extract import knowledge
from casegraph.extract.components import ENTITIES
from casegraph.extract.events import EVENTS
from casegraph.extract.figures import FigureRules
from casegraph.extract.records import EntityType

T = EntityType
OWNED = {
    T.ORGANIZATION: "parentOrganization",
    T.DATABASE: "operatedBy",
    T.OPERATION: "operatedBy",
    T.EVENT: "organizer",
}
HOLDERS = (T.ORGANIZATION, T.PLACE)

for _ext in ("casegraph_links", "casegraph_figures"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


@dataclass(frozen=True, slots=True)
class FoundLink:
    kind: str
    subject: Span
    object: Span | str  # a mention, or a gazetteer id when the owner is only part of a name
    rule: str
    confidence: float
    modality: str = "asserted"
    role: str | None = None


@Language.factory(
    "casegraph_relations",
    requires=["doc.spans", "token.dep"],
    assigns=["doc._.casegraph_links", "doc._.casegraph_figures"],
)
def make_relations(nlp: Language, name: str) -> RelationRules:
    return RelationRules()


class RelationRules:
    """Rules over the parse and the order of mentions; each is a method named after its rule."""

    def __init__(self):
        lex = knowledge.relation_lexicon()
        self.verbs = lex["verbs"]
        self.modal_aux = frozenset(lex["verbs_hypothetical"]["auxiliaries"])
        self.modal_heads = frozenset(lex["verbs_hypothetical"]["heads"])
        self.participant_nouns = frozenset(lex["participants"]["nouns"])
        self.connectors = frozenset(lex["roles"]["connectors"])
        self.roles = knowledge.words("titles", "roles")
        self.titles = knowledge.words("titles", "words")
        self.owners = {
            e.form: e.canonical
            for e in knowledge.gazetteer()
            if e.canonical.startswith("institution:")
        }
        self.figure_rules = FigureRules()

    def __call__(self, doc: Doc) -> Doc:
        mentions = sorted(doc.spans[ENTITIES], key=lambda s: s.start)
        events = list(doc.spans[EVENTS]) if EVENTS in doc.spans else []
        self.at, self.event_at = {}, {}
        for span in events + mentions:  # entity mentions win a shared token
            for i in range(span.start, span.end):
                self.at[i] = span
        for span in events:
            for i in range(span.start, span.end):
                self.event_at[i] = span
        main_event = (
            events[0] if events else next((s for s in mentions if s.label_ == T.EVENT), None)
        )
        links: list[FoundLink] = []
        for rule in (
            self.role_apposition,
            self.role_before_name,
            self.possessive_owner,
            self.led_by_compound,
            self.owner_in_name,
            self.unit_at_owner,
            self.verb_relations,
            self.verb_surface,
            self.participial_front,
            self.successor,
            self.place_in_place,
            self.located_in,
            self.gathering_owner,
        ):
            links.extend(rule(doc, mentions))
        if main_event is not None:
            links.extend(self.participants(doc, main_event))
            links.extend(self.dates_subject(doc, main_event))
            links.extend(self.dateline_place(doc, main_event, links))
        doc._.casegraph_links = _dedupe(links)
        doc._.casegraph_figures = list(self.figure_rules.figures(doc, mentions, main_event))
        return doc

    # -- helpers ---------------------------------------------------------------------

    def mention(self, tok: Token | None) -> Span | None:
        return None if tok is None else self.at.get(tok.i)

    def expand(self, tok: Token) -> list[Span]:
        """The mentions of ``tok`` and of every word coordinated with it ("A, B and C")."""
        out = []
        for t in [tok, *tok.conjuncts]:
            m = self.mention(t)
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

    def mention_type(self, tok: Token) -> str | None:
        m = self.mention(tok)
        return m.label_ if m is not None else None

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
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in self.modal_aux for c in verb.children):
            return "hypothetical"
        if verb.dep_ == "xcomp" and verb.head.lemma_ in self.modal_heads:
            return "hypothetical"
        return "asserted"

    # -- people and their roles ------------------------------------------------------

    def role_apposition(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "Michael Moran, Head of INTERPOL's X unit" / "Ilana de Wild, Director, Y,"."""
        for person in (m for m in mentions if m.label_ == T.PERSON):
            i = person.end
            if i >= len(doc) or doc[i].text != ",":
                continue
            role_words, j = [], i + 1
            while j < len(doc) and j < i + 10:
                m = self.mention(doc[j])
                if m is not None and m.label_ in HOLDERS:
                    break
                if doc[j].text == "," and role_words and doc[j + 1 : j + 2].text[:1].isupper():
                    j += 1
                    continue
                if not (
                    doc[j].lower_ in self.titles
                    or doc[j].lower_ in self.connectors
                    or doc[j].tag_ == "POS"
                    or doc[j].lower_ in self.roles
                    or doc[j].pos_ in ("NOUN", "ADJ")
                ):
                    break
                role_words.append(doc[j])
                j += 1
            holder = self.mention(doc[j]) if j < len(doc) else None
            if holder is None or holder.label_ not in HOLDERS:
                continue
            if holder.end + 1 < len(doc) and doc[holder.end].tag_ == "POS":
                owned = self.mention(doc[holder.end + 1])  # "Head of INTERPOL's X unit"
                if owned is not None and owned.label_ in HOLDERS:
                    holder = owned
                elif not role_words:  # "X, Brazil's Director of International Cooperation"
                    role_words = list(doc[holder.end + 1 : min(holder.end + 6, len(doc))])
                    role_words = role_words[
                        : next((n for n, t in enumerate(role_words) if t.is_punct), len(role_words))
                    ]
            if not any(t.lower_ in self.roles for t in role_words):
                continue
            yield FoundLink(
                "worksFor",
                person,
                holder,
                "role-apposition",
                0.9,
                role=_role_text(role_words, self.connectors),
            )

    def role_before_name(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "Bermuda Police Commissioner Michael DeSilva", "INTERPOL Executive Director of
        Police Services Stephen Kavanagh"."""
        for a, b in pairwise(mentions):
            if a.label_ not in (*HOLDERS, T.OPERATION) or b.label_ != T.PERSON:
                continue
            between = doc[a.end : b.start]
            if not 0 < len(between) <= 8 or a.sent.start != b.sent.start:
                continue
            words = [t for t in between if t.tag_ != "POS"]  # "INTERPOL's chief executive X"
            if all(
                t.lower_ in self.titles or t.lower_ in self.connectors or t.lower_ in self.roles
                for t in words
            ) and any(
                t.lower_ in self.roles or t.lower_.replace("-", "") in self.roles for t in words
            ):
                role = " ".join(t.text for t in words)
                if a.label_ == T.OPERATION:  # "Operation X co-ordinator Martin Cox"
                    yield FoundLink("ledBy", a, b, "role-before-name", 0.8, role=role)
                else:
                    yield FoundLink("worksFor", b, a, "role-before-name", 0.85, role=role)

    # -- units, owners, operators ----------------------------------------------------

    def possessive_owner(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "INTERPOL's Crimes Against Children unit", "INTERPOL's Baseline project"."""
        for owner in mentions:
            i = owner.end
            if owner.label_ not in HOLDERS or i >= len(doc) or doc[i].tag_ != "POS":
                continue
            k = i + 1
            while k < len(doc) and doc[k].is_quote:  # "INTERPOL's 'Operation X'"
                k += 1
            owned = self.mention(doc[k]) if k < len(doc) else None
            if owned is None or owned.start != k or owned.label_ not in OWNED:
                continue
            if owner.label_ == T.ORGANIZATION:
                yield FoundLink(OWNED[owned.label_], owned, owner, "possessive", 0.9)
            elif owned.label_ == T.ORGANIZATION:  # "Brazil's Federal Police"
                yield FoundLink("location", owned, owner, "possessive", 0.8)

    def led_by_compound(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "the INTERPOL-led Operation X", "a Europol-coordinated action"."""
        for owner in mentions:
            i = owner.end
            if owner.label_ != T.ORGANIZATION or i + 2 >= len(doc):
                continue
            if doc[i].text != "-" or doc[i + 1].lower_ not in ("led", "coordinated", "run"):
                continue
            target = next(
                (self.mention(t) for t in doc[i + 2 : i + 5] if self.mention(t) is not None), None
            )
            if target is not None and target.label_ in (T.OPERATION, T.EVENT):
                yield FoundLink("organizer", target, owner, "led-compound", 0.85)

    def owner_in_name(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "INTERPOL General Secretariat", "INTERPOL Child Abuse Image Database"."""
        for m in mentions:
            if m.label_ not in OWNED or m.kb_id_ or len(m) < 2:
                continue
            for n in (3, 2, 1):
                if len(m) > n and m[:n].text in self.owners:
                    yield FoundLink(
                        OWNED[m.label_], m, self.owners[m[:n].text], "owner-in-name", 0.8
                    )
                    break

    def unit_at_owner(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """A unit's owner or place: "the European Cybercrime Centre (EC3) at Europol", "the
        Public Prosecution Office of Traunstein", "the Operational Co-Ordination Unit in Skopje"."""
        for a, b in pairwise(mentions):
            if a.label_ != T.ORGANIZATION or b.label_ not in (T.ORGANIZATION, T.PLACE):
                continue
            between = [t.lower_ for t in doc[a.end : b.start]]
            if b.label_ == T.ORGANIZATION and between in (
                ["at"],
                ["within"],
                ["of"],
                ["of", "the"],
                ["within", "the"],
            ):
                yield FoundLink("parentOrganization", a, b, "unit-at", 0.8)
            elif b.label_ == T.PLACE and between in (["of"], ["in"], ["of", "the"], ["in", "the"]):
                yield FoundLink("location", a, b, "unit-in-place", 0.75)

    def gathering_owner(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "INTERPOL Specialists Group ... meeting": the group organises the meeting."""
        for event in doc.spans[EVENTS] if EVENTS in doc.spans else []:
            owner = self.at.get(event.start)
            if owner is not None and owner.label_ == T.ORGANIZATION and owner.end < event.end:
                yield FoundLink("organizer", event, owner, "gathering-owner", 0.85)

    # -- verbs -----------------------------------------------------------------------

    def verb_relations(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """Active, passive and relative clauses of the verbs in relations.toml [verbs]."""
        for verb in doc:
            sense = self.verbs.get(verb.lemma_.lower())
            if sense is None or verb.pos_ not in ("VERB", "AUX"):
                continue
            modality = self.modality(verb)
            if modality is None:
                continue
            doers, things = self._arguments(verb)
            for doer in doers:
                for thing in things:
                    link = self._verb_link(sense, doer, thing, verb)
                    if link is not None:
                        yield FoundLink(*link, modality=modality)

    def _arguments(self, verb: Token) -> tuple[list[Span], list[Span]]:
        doers, things = [], []
        for c in verb.children:
            if c.dep_ == "nsubj":
                doers += self.examples(c)
            elif c.dep_ == "prep" and c.lower_ in ("along", "together"):
                doers += [
                    m
                    for w in c.children
                    if w.lower_ == "with"
                    for o in w.children
                    if o.dep_ == "pobj"
                    for m in self.expand(o)
                ]
            elif c.dep_ in ("dobj", "nsubjpass"):
                things += self.expand(c)
                # "led the development of X"
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ == "of":
                        things += [
                            m for o in p.children if o.dep_ == "pobj" for m in self.expand(o)
                        ]
            elif c.dep_ == "agent":
                doers += [m for o in c.children if o.dep_ == "pobj" for m in self.expand(o)]
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not things:
            things += self.expand(verb.head)  # "its General Assembly, hosted by the UK"
        if verb.dep_ == "relcl":  # "Interpol - which hosts X", "Persson who has led X"
            antecedent = self.expand(verb.head)
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in ("which", "who", "that"):
                (doers if subject.dep_ == "nsubj" else things).extend(antecedent)
        return doers, things

    @staticmethod
    def _verb_link(sense: str, doer: Span, thing: Span, verb: Token):
        d, t = doer.label_, thing.label_
        if doer == thing:
            return None
        if sense == "operate" and d in (T.ORGANIZATION, T.PLACE):
            if t in (T.DATABASE, T.OPERATION):
                return "operatedBy", thing, doer, f"verb:{verb.lemma_}", 0.85
            if t == T.EVENT:
                return "organizer", thing, doer, f"verb:{verb.lemma_}", 0.85
        if sense == "organise" and d in (T.ORGANIZATION, T.PLACE, T.PERSON):
            if t in (T.EVENT, T.OPERATION):
                return "organizer", thing, doer, f"verb:{verb.lemma_}", 0.85
            if t == T.DATABASE:
                return "operatedBy", thing, doer, f"verb:{verb.lemma_}", 0.8
        if sense in ("fund", "sponsor") and d in (T.ORGANIZATION, T.PLACE):
            kind = "funder" if sense == "fund" else "sponsor"
            return kind, thing, doer, f"verb:{verb.lemma_}", 0.85
        if sense == "lead" and d == T.PERSON and t != T.PERSON:
            return "ledBy", thing, doer, f"verb:{verb.lemma_}", 0.8
        if sense == "succeed" and d == t:
            return "successorOf", doer, thing, f"verb:{verb.lemma_}", 0.8
        if sense in ("attend", "open") and t in (T.EVENT, T.OPERATION):
            return "participant", thing, doer, f"verb:{verb.lemma_}", 0.8
        return None

    def verb_surface(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "INTERPOL recently coordinated Operation X", "X was hosted by Y": the same verbs
        read from word order, for sentences the parser gets wrong."""
        for verb in doc:
            sense = self.verbs.get(verb.lemma_.lower())
            if sense is None or verb.tag_ not in ("VBD", "VBN", "VBZ", "VBP"):
                continue
            modality = self.modality(verb)
            if modality is None:
                continue
            i = verb.i - 1
            while i >= 0 and doc[i].pos_ in ("ADV", "AUX", "PART"):
                i -= 1
            left = self.mention(doc[i]) if i >= 0 else None
            j = verb.i + 1
            passive = j < len(doc) and doc[j].lower_ == "by"
            while j < len(doc) and (doc[j].pos_ in ("DET", "ADJ") or doc[j].lower_ == "by"):
                j += 1
            right = (self.event_at.get(j) or self.mention(doc[j])) if j < len(doc) else None
            if left is None or right is None or left.end > verb.i or right.start < verb.i:
                continue
            doer, thing = (right, left) if passive else (left, right)
            link = self._verb_link(sense, doer, thing, verb)
            if link is not None:
                yield FoundLink(*link[:3], "verb-order", 0.75, modality=modality)

    def participial_front(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "Backed by the G8 and funded by the European Commission, ICSE was launched";
        "Administered by INTERPOL's X unit, the ICSE database ...": the parse of such fronted
        clauses is unreliable, so this reads the order of words."""
        for sent in doc.sents:
            toks = [t for t in sent if not t.is_space]
            if len(toks) < 4 or toks[0].tag_ != "VBN" or toks[1].lower_ != "by":
                continue
            comma = next((t for t in toks if t.text == ","), None)
            if comma is None:
                continue
            after = self.mention(doc[comma.i + 1]) or self.mention(doc[comma.i + 2])
            if after is None:
                continue
            for verb in (t for t in doc[toks[0].i : comma.i] if t.tag_ == "VBN"):
                sense = self.verbs.get(verb.lemma_.lower())
                by = doc[verb.i + 1] if verb.i + 1 < comma.i else None
                if sense is None or by is None or by.lower_ != "by":
                    continue
                k = by.i + 1
                while k < comma.i and self.mention(doc[k]) is None:
                    k += 1
                doer = self.mention(doc[k]) if k < comma.i else None
                # "INTERPOL's X unit": the owner's possessive leads to the unit itself
                if doer is not None and doc[doer.end].tag_ == "POS":
                    doer = self.mention(doc[doer.end + 1]) or doer
                if doer is None:
                    continue
                link = self._verb_link(sense, doer, after, verb)
                if link is not None:
                    yield FoundLink(*link[:3], "participial-front", 0.85)

    def successor(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "X was launched ... as the successor to Y"."""
        for tok in doc:
            if tok.lower_ not in ("successor", "replacement") or tok.i + 1 >= len(doc):
                continue
            if doc[tok.i + 1].lower_ not in ("to", "of"):
                continue
            older = next(
                (
                    self.mention(t)
                    for t in doc[tok.i + 2 : tok.i + 6]
                    if self.mention(t) is not None
                ),
                None,
            )
            if older is None:
                continue
            before = [
                m
                for m in mentions
                if m.sent.start == tok.sent.start and m.end <= tok.i and m.label_ == older.label_
            ]
            if before:
                yield FoundLink("successorOf", before[-1], older, "successor", 0.85)

    # -- places ----------------------------------------------------------------------

    def place_in_place(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """ "LYON, France", "Hamilton, Bermuda": a city or state, then its country."""
        for a, b in pairwise(mentions):
            if (
                a.label_ == b.label_ == T.PLACE
                and doc[a.end : b.start].text == ","
                and b.kb_id_.startswith("country:")
                and a.kb_id_.split(":")[0] in ("city", "us-state", "")
            ):
                yield FoundLink("containedInPlace", a, b, "place-comma-place", 0.8)

    def located_in(self, doc: Doc, mentions: list[Span]) -> Iterator[FoundLink]:
        """An event or operation whose clause says "in <Place>"."""
        for place in (m for m in mentions if m.label_ == T.PLACE):
            prep = place.root.head
            if place.root.dep_ != "pobj" or prep.lower_ not in ("in", "at"):
                continue
            tok, hops = prep.head, 0
            while hops < 10:
                m = self.mention(tok)
                if m is not None and m.label_ in (T.EVENT, T.OPERATION):
                    yield FoundLink("location", m, place, "located-in", 0.7)
                    break
                for c in tok.children:  # "INTERPOL coordinated Operation X, ... in Y"
                    cm = self.mention(c) if c.dep_ in ("dobj", "nsubj", "appos") else None
                    if cm is not None and cm.label_ in (T.EVENT, T.OPERATION):
                        yield FoundLink("location", cm, place, "located-in", 0.7)
                        hops = 10
                        break
                if tok.head.i == tok.i:
                    break
                tok, hops = tok.head, hops + 1

    # -- events ----------------------------------------------------------------------

    def participants(self, doc: Doc, event: Span) -> Iterator[FoundLink]:
        """ "Experts from A, B ... and C worked", "opened by X and Y"."""
        for tok in doc:
            if tok.lower_ == "from" and tok.head.lower_ in self.participant_nouns:
                for o in (c for c in tok.children if c.dep_ == "pobj"):
                    for m in self.expand(o):
                        if m.label_ in (T.PLACE, T.ORGANIZATION) and m != event:
                            yield FoundLink("participant", event, m, "participants-from", 0.7)

    def dateline_place(self, doc: Doc, event: Span, found: list[FoundLink]):
        """Without an explicit place, the event is where the release is datelined."""
        if any(f.kind == "location" and f.subject.label_ == T.EVENT for f in found):
            return
        dateline = next(
            (f for f in found if f.rule == "place-comma-place" and f.subject.start < 60), None
        )
        if dateline is not None:
            yield FoundLink("location", event, dateline.subject, "dateline", 0.6)

    def dates_subject(self, doc: Doc, event: Span) -> Iterator[FoundLink]:
        """ "Over four days (14 - 17 March), the INTERPOL Specialists Group ... will engage":
        the organisation the dated sentence is about runs the event."""
        found = doc._.casegraph_event_dates
        if found is None or event.sent.start == found[2].start:
            return
        for tok in found[2]:
            m = self.mention(tok)
            if tok.dep_ == "nsubj" and m is not None and m.label_ == T.ORGANIZATION:
                yield FoundLink("organizer", event, m, "event-dates-subject", 0.7)
                return


def _role_text(words: list[Token], connectors: frozenset[str]) -> str:
    """The role as written, without a trailing "of"/"with" or possessive owner."""
    while words and (words[-1].lower_ in connectors or words[-1].tag_ == "POS"):
        words = words[:-1]
    if words and words[-1].i + 1 < len(words[-1].doc) and words[-1].nbor().tag_ == "POS":
        words = words[:-1]
    return " ".join(t.text for t in words).strip(" ,")


def _dedupe(links: list[FoundLink]) -> list[FoundLink]:
    seen, out = set(), []
    for link in links:
        obj = link.object if isinstance(link.object, str) else (link.object.start, link.object.end)
        key = (link.kind, link.subject.start, link.subject.end, obj)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out
