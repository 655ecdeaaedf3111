"""spaCy factory that collects candidate entity spans from the model, gazetteers and patterns.

``casegraph_candidates`` writes them to ``doc.spans["casegraph_candidates"]``: ``label_`` is the
type, ``kb_id_`` the gazetteer id, ``id_`` the rule that found the span ("model", "gazetteer",
"pattern:<id>"); the part before ":" is its source.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from casegraph.extract import knowledge
from casegraph.extract.records import EntityType

__all__ = [
    "CANDIDATES",
    "CandidateFinder",
    "is_version",
    "make_candidates",
    "make_span",
    "source_of",
]

CANDIDATES = "casegraph_candidates"


_VERSION = re.compile(r"^(\d+(\.\d+)+|[IVX]{1,5})$")
_VERSIONED = (EntityType.OPERATION, EntityType.DATABASE, EntityType.EVENT)


def is_version(text: str) -> bool:
    """ "2.0", "XIV": the number of an edition, as written after a programme's name."""
    return _VERSION.match(text) is not None


def make_span(doc: Doc, start: int, end: int, label: str, rule: str, kb_id: str = "") -> Span:
    """A span typed ``label`` and tagged with the ``rule`` that found it."""
    return Span(doc, start, end, label=label, kb_id=kb_id, span_id=rule)


def source_of(span: Span) -> str:
    """Where a span comes from: its rule without the detail ("pattern:x" -> "pattern")."""
    return span.id_.split(":", 1)[0]


@Language.factory(
    "casegraph_candidates",
    requires=["doc.ents", "token.pos"],
    assigns=["doc.spans"],
)
def make_candidates(nlp: Language, name: str) -> CandidateFinder:
    return CandidateFinder(nlp)


class CandidateFinder:
    """Candidate entity spans from the model, the gazetteers and the token patterns."""

    def __init__(self, nlp: Language):
        self.model_labels = {k: v for k, v in knowledge.lexicon()["model_labels"].items() if v}
        self.matcher = Matcher(nlp.vocab)
        self.pattern_label: dict[str, EntityType] = {}
        for row in knowledge.entity_patterns():
            self.matcher.add(row["id"], [row["pattern"]], greedy="LONGEST")
            self.pattern_label[row["id"]] = row["label"]
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        index = knowledge.gazetteer_index()
        # Tokenise the forms as written: the tokenizer's exceptions are case-sensitive ("U.S."
        # stays one token, "u.s." does not), and matching compares lowercase tokens anyway.
        forms = sorted({e.form for entries in index.values() for e in entries})
        # place names also written with hyphens: "Port-of-Spain", "PORT-OF-SPAIN"
        hyphened = {
            f.replace(" ", "-"): f
            for f in forms
            if " " in f and any(e.type == EntityType.PLACE for e in index.get(f.lower(), ()))
        }
        for doc in nlp.tokenizer.pipe([*forms, *hyphened], batch_size=1000):
            self.phrases.add("GAZ", [doc])
        self.index = index
        self.hyphened = {k.lower(): v for k, v in hyphened.items()}

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in self.model_labels:
                spans.append(
                    make_span(doc, ent.start, ent.end, self.model_labels[ent.label_], "model")
                )
        for _, start, end in self.phrases(doc):
            entry = self._gazetteer_entry(doc[start:end])
            if entry is None:
                continue
            if entry.type in _VERSIONED and end < len(doc) and is_version(doc[end].text):
                # "EL PACCTO 2.0", "Pangea XIV": a numbered edition is an entity of its own
                spans.append(make_span(doc, start, end + 1, entry.type, "gazetteer"))
                continue
            spans.append(make_span(doc, start, end, entry.type, "gazetteer", entry.canonical))
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            spans.append(make_span(doc, start, end, self.pattern_label[key], f"pattern:{key}"))
        doc.spans[CANDIDATES] = spans
        return doc

    def _gazetteer_entry(self, span: Span):
        """The entry a matched span stands for, if its spelling is a name and not a word."""
        text = span.text
        written = self.hyphened.get(text.lower())
        if written is not None:  # "Port-of-Spain" is "Port of Spain"
            text = written if not text.isupper() else written.upper()
        entries = self.index.get(text.lower(), ())
        for entry in entries:
            exact = text == entry.form
            shouted = text.isupper() and sum(c.isalpha() for c in text) >= 4
            if not (exact or shouted):
                continue
            # A one-word city name must be read as a proper noun ("Mobile" vs "mobile phones").
            if entry.canonical.startswith("city:") and len(span) == 1 and span[0].pos_ != "PROPN":
                continue
            return entry
        return None
