"""spaCy factory that resolves definite descriptions and possessive pronouns to entities.

"the three-month operation", "this database", "the unit", "its" point back to an entity the
article (headline included) named earlier. ``casegraph_discourse`` writes each such phrase to
``doc.spans["casegraph_refs"]`` (``label_``: the antecedent's type, ``kb_id_``: its gazetteer
id, ``id_``: ``"anaphor"``) and ``doc._.casegraph_antecedents``: ``[((start, end), (start,
end))]`` token offsets of each phrase and the named mention it refers to. Relation rules read
the phrases as mentions; resolution merges them into the antecedent's entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from casegraph.extract import knowledge
from casegraph.extract.candidates import make_span
from casegraph.extract.components import ENTITIES
from casegraph.extract.events import EVENTS
from casegraph.extract.records import EntityType

REFS = "casegraph_refs"
ANAPHOR = "anaphor"
_DETERMINERS = frozenset({"the", "this", "that"})
_POSSESSIVES = frozenset({"its", "their"})
_PERSONAL = frozenset({"he", "she"})
_PERSONAL_OTHER = frozenset({"him", "his", "her"})
# Words allowed between the determiner and the noun: "the joint three-month police operation".
_MODIFIER_POS = frozenset({"ADJ", "NUM", "NOUN", "PROPN", "VERB", "ADV", "PUNCT"})

if not Doc.has_extension("casegraph_antecedents"):
    Doc.set_extension("casegraph_antecedents", default=None)


@dataclass(frozen=True, slots=True)
class _Nouns:
    any_of_type: dict[str, EntityType]  # noun -> type; any earlier mention of it
    named: dict[str, EntityType]  # noun -> type; the antecedent's name must end in the noun


@cache
def _nouns() -> _Nouns:
    lex = knowledge.lexicon()

    def table(section: str) -> dict[str, EntityType]:
        return {w: EntityType(t) for t, ws in lex[section].items() for w in ws}

    return _Nouns(table("descriptions"), table("descriptions_named"))


@Language.factory(
    "casegraph_discourse",
    requires=["doc.spans", "token.dep"],
    assigns=["doc.spans", "doc._.casegraph_antecedents"],
)
def make_discourse(nlp: Language, name: str) -> Discourse:
    return Discourse()


class Discourse:
    """Definite descriptions and "its"/"their" -> the most recent compatible named mention."""

    def __init__(self):
        self.nouns = _nouns()

    def __call__(self, doc: Doc) -> Doc:
        named = sorted(doc.spans[ENTITIES], key=lambda s: s.start)
        taken = {i for s in named for i in range(s.start, s.end)}
        events = doc.spans[EVENTS] if EVENTS in doc.spans else ()
        taken |= {i for s in events for i in range(s.start, s.end)}
        refs: list[Span] = []
        links: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for tok in doc:
            if tok.i in taken:
                continue
            found = (
                self._description(tok, named, taken)
                or self._possessive(tok, named)
                or self._personal(tok, named)
            )
            if found is None:
                continue
            phrase, antecedent = found
            refs.append(
                make_span(doc, phrase[0], phrase[1], antecedent.label_, ANAPHOR, antecedent.kb_id_)
            )
            links.append((phrase, (antecedent.start, antecedent.end)))
        doc.spans[REFS] = refs
        doc._.casegraph_antecedents = links
        return doc

    def _description(self, tok: Token, named: list[Span], taken: set[int]):
        noun = tok.lower_
        type_ = self.nouns.any_of_type.get(noun) or self.nouns.named.get(noun)
        if type_ is None or tok.tag_ not in ("NN", "NNP") or tok.pos_ not in ("NOUN", "PROPN"):
            return None
        if tok.dep_ == "compound":  # "the operation team" is a team
            return None
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        if det is None or det.lower_ not in _DETERMINERS or det.i > tok.i:
            return None
        for i in range(det.i + 1, tok.i):
            # "the Europol operation": an owner or a place may stand between; anything else
            # named there makes the phrase a name of its own
            m = _mention_at(named, i) if i in taken else None
            if m is not None and m.label_ not in (EntityType.ORGANIZATION, EntityType.PLACE):
                return None
        if any(t.pos_ not in _MODIFIER_POS for t in tok.doc[det.i + 1 : tok.i]):
            return None
        # "the operation, codenamed Trojan Shield": the name follows, nothing to resolve
        following = tok.doc[tok.i + 1 : min(tok.i + 5, len(tok.doc))]
        owner = len(following) > 0 and following[0].tag_ == "POS"  # "the department's X unit"
        # (a following token may be taken by an event, which is not among ``named``)
        if not owner and any(
            (m := _mention_at(named, t.i)) is not None and m.label_ == type_ for t in following
        ):
            return None
        need_name = noun in self.nouns.named and noun not in self.nouns.any_of_type
        antecedent = _most_recent(
            named,
            det.i,
            lambda m: m.label_ == type_ and (not need_name or _ends_in(m, noun)),
        )
        if antecedent is None:
            return None
        return (det.i, tok.i + 1), antecedent

    @staticmethod
    def _personal(tok: Token, named: list[Span]):
        """ "he was Director of X", "she served as ...", "police detained him", "his arrest":
        the last person named before, in this sentence or the two before it."""
        subject = tok.lower_ in _PERSONAL and tok.dep_ in ("nsubj", "nsubjpass")
        # "police arrested him", "after his arrest", "her lawyer"
        other = tok.lower_ in _PERSONAL_OTHER and tok.dep_ in ("dobj", "pobj", "poss")
        if not (subject or other):
            return None
        sent_starts = [s.start for s in tok.doc.sents if s.start <= tok.i][-3:]
        since = sent_starts[0] if sent_starts else 0
        person = _most_recent(
            named, tok.i, lambda m: m.label_ == EntityType.PERSON and m.start >= since
        )
        return None if person is None else ((tok.i, tok.i + 1), person)

    @staticmethod
    def _possessive(tok: Token, named: list[Span]):
        """ "Europol said its European Cybercrime Centre ...", "Frontex ... at its headquarters
        in Warsaw": the clause's subject, else the most recent organisation."""
        if tok.lower_ not in _POSSESSIVES or tok.dep_ != "poss":
            return None
        verb = tok.head
        while verb.dep_ not in ("ROOT", "ccomp", "relcl", "advcl") and verb.head.i != verb.i:
            verb = verb.head
        clause = verb.head if verb.dep_ == "ccomp" else verb
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            m = _mention_at(named, subject.i)
            if m is not None and m.label_ == EntityType.ORGANIZATION and m.end <= tok.i:
                return (tok.i, tok.i + 1), m
        antecedent = _most_recent(named, tok.i, lambda m: m.label_ == EntityType.ORGANIZATION)
        return None if antecedent is None else ((tok.i, tok.i + 1), antecedent)


def _mention_at(named: list[Span], i: int) -> Span | None:
    return next((m for m in named if m.start <= i < m.end), None)


def _most_recent(named: list[Span], before: int, fits) -> Span | None:
    return next((m for m in reversed(named) if m.end <= before and fits(m)), None)


def _ends_in(m: Span, noun: str) -> bool:
    last = m[-1].lower_
    return last == noun or last.rstrip("s") == noun or (noun == "centre" and last == "center")
