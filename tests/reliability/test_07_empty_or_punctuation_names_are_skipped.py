"""RELIABILITY row 7: an entity text that is empty, whitespace or punctuation only is skipped
and counted in the build summary; no such name reaches the graph."""

from __future__ import annotations

import json
import re

from spacy.tokens import Span

from casegraph.extract.candidates import CANDIDATES
from casegraph.extract.components import ENTITIES


def test_punctuation_only_candidates_are_dropped_and_counted(nlp):
    doc = nlp.make_doc("Europol met -- ... ( ) officers in Lyon .")
    for _, component in nlp.pipeline[:-3]:  # the model, candidates: what the rule stage reads
        doc = component(doc)
    junk = [Span(doc, i, i + 1, label="ORG", span_id="model") for i in (2, 3, 4, 5)]
    doc.spans[CANDIDATES] = [*doc.spans[CANDIDATES], *junk]
    doc = nlp.get_pipe("casegraph_entities")(doc)
    assert doc._.casegraph_skipped >= len(junk)
    assert all(re.search(r"\w", span.text) for span in doc.spans[ENTITIES])


def test_the_build_summary_counts_them_and_the_graph_has_none(bundled_build):
    summary = json.loads((bundled_build / "summary.json").read_text(encoding="utf-8"))
    assert summary["skipped_names"] > 0  # the bundled articles have some
    labels = re.findall(
        r'rdfs:label "((?:[^"\\]|\\.)*)"', (bundled_build / "graph.ttl").read_text()
    )
    assert labels and all(re.search(r"\w", label) for label in labels)
