"""spaCy factory that runs the relation and figure rules over one document's mentions.

Writes ``doc._.casegraph_links`` (:class:`~casegraph.extract.rules.context.FoundLink`) and
``doc._.casegraph_figures`` (:class:`~casegraph.extract.rules.figures.FoundFigure`): plain
records with token offsets of mention spans of ``doc.spans["casegraph"]`` or
``doc.spans["casegraph_events"]``; the caller turns them into records with character offsets.
The rules themselves are free functions in :mod:`casegraph.extract.rules`, one module per
family; this component keeps no per-document state.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from casegraph.extract.components import ENTITIES
from casegraph.extract.discourse import REFS
from casegraph.extract.events import EVENTS
from casegraph.extract.rules import (
    agreements,
    arrests,
    coordination,
    participants,
    places,
    roles,
    units,
    verbs,
)
from casegraph.extract.rules.context import Context, FoundLink, rule_knowledge
from casegraph.extract.rules.figures import figures

for _ext in ("casegraph_links", "casegraph_figures"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

# Every family's rules; the order only decides which rule a link is credited to when several
# find it.
RULES = (
    *roles.RULES,
    *units.RULES,
    *coordination.RULES,
    *verbs.RULES,
    *places.RULES,
    *participants.RULES,
    *agreements.RULES,
    *arrests.RULES,
)


@Language.factory(
    "casegraph_relations",
    requires=["doc.spans", "token.dep"],
    assigns=["doc._.casegraph_links", "doc._.casegraph_figures"],
)
def make_relations(nlp: Language, name: str) -> RelationRules:
    return RelationRules(rules=RULES)


class RelationRules:
    """Runs ``rules`` (each ``(doc, ctx) -> links``) and keeps the first link per
    (kind, subject, object)."""

    def __init__(self, *, rules=RULES):
        self.rules = rules
        self.know = rule_knowledge()

    def __call__(self, doc: Doc) -> Doc:
        refs = list(doc.spans[REFS]) if REFS in doc.spans else []
        mentions = sorted([*doc.spans[ENTITIES], *refs], key=lambda s: s.start)
        events = list(doc.spans[EVENTS]) if EVENTS in doc.spans else []
        ctx = Context(doc, mentions, events, self.know)
        links: list[FoundLink] = []
        for rule in self.rules:
            links.extend(rule(doc, ctx))
        links.extend(places.dateline_place(doc, ctx, links))
        doc._.casegraph_links = _dedupe(links)
        doc._.casegraph_figures = list(figures(doc, ctx))
        return doc


def _dedupe(links: list[FoundLink]) -> list[FoundLink]:
    seen, out = set(), []
    for link in links:
        key = (link.kind, link.subject, link.object)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out
