"""RELIABILITY row 29: one JSONL line inserted at the top; foo bar.txt added beside
foo-bar.txt; an article that retypes a shared entity: no other article's statements or IRIs
change."""

from __future__ import annotations

import dataclasses
import json

from reliability_helpers import synthetic_extraction

from casegraph.extract.corpus import read_corpus
from casegraph.extract.records import EntityType
from casegraph.graph.build import build_graph
from casegraph.graph.rdf import article_iri, entity_iri, rdf_quads

BODY = "Europol and INTERPOL met in Lyon to discuss the operation."


def ids(directory) -> dict[str, str]:
    return {a.source: a.id for a in read_corpus([directory])[0]}


def test_a_line_inserted_at_the_top_of_a_jsonl_file_renames_no_other(tmp_path):
    rows = [json.dumps({"text": f"Story {i}\n\n{BODY}"}) for i in range(4)]
    (tmp_path / "feed.jsonl").write_text("\n".join(rows[1:]), encoding="utf-8")
    before = {a.text: a.id for a in read_corpus([tmp_path])[0]}
    (tmp_path / "feed.jsonl").write_text("\n".join(rows), encoding="utf-8")
    after = {a.text: a.id for a in read_corpus([tmp_path])[0]}
    assert {text: after[text] for text in before} == before


def test_foo_bar_beside_foo_dash_bar_renames_neither(tmp_path):
    (tmp_path / "foo-bar.txt").write_text(f"One\n\n{BODY}", encoding="utf-8")
    before = ids(tmp_path)
    (tmp_path / "foo bar.txt").write_text(f"Two\n\n{BODY}", encoding="utf-8")
    after = ids(tmp_path)
    assert before == {"foo-bar.txt": "foo-bar"}
    assert after["foo-bar.txt"] == "foo-bar" and after["foo bar.txt"] != "foo-bar"


def test_an_article_that_retypes_a_shared_entity_changes_no_other_article():
    extraction = synthetic_extraction(4, sentences=3)
    shared = next(e for e in extraction.entities if len(e.articles) > 1)
    retyped = dataclasses.replace(
        shared,
        type=EntityType.ORGANIZATION
        if shared.type != EntityType.ORGANIZATION
        else EntityType.PLACE,
    )
    changed = dataclasses.replace(
        extraction, entities=tuple(retyped if e is shared else e for e in extraction.entities)
    )

    def by_graph(ext):
        out = {}
        for s, p, o, g in rdf_quads(build_graph(ext)):
            out.setdefault(g, set()).add((s, p, o))
        return out

    old, new = by_graph(extraction), by_graph(changed)
    for article in extraction.articles:
        g = str(article_iri(article.id))
        assert old[g] == new[g]  # every article graph, even those that mention it
    iri = str(entity_iri(shared.key))
    diff = old[""] ^ new[""]
    assert diff and all(s == iri for s, _, _ in diff)  # only its rdf:type, under the same IRI
