"""The bundled corpus: entity quality against the gold annotation, and reproducible outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.graph.evaluate import (
    entities_of,
    load_gold,
    load_gold_relations,
    load_graph,
    load_predicted,
    score_entities,
    score_relations,
    typed_links_of,
)

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "tests" / "data" / "gold"
GOLD = GOLD_DIR / "entities.jsonl"
DEVSET = REPO / "tests" / "data" / "devset"
COMMITTED = REPO / "output"
REPRODUCED = ["graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html", "summary.json"]


def test_entities_meet_the_quality_bar(bundled_build):
    score = score_entities(load_gold(GOLD), load_predicted(bundled_build))
    report = "\n".join(score.false_positives + score.false_negatives)
    assert score.precision >= 0.90, report
    assert score.recall >= 0.90, report


def test_every_gold_entity_names_an_article_of_the_corpus(bundled_articles):
    import json

    ids = {a.id for a in bundled_articles}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)["articles"]) <= ids


@pytest.mark.parametrize("name", REPRODUCED)
def test_committed_output_is_what_a_fresh_build_makes(bundled_build, name):
    committed = COMMITTED / name
    assert committed.exists(), f"output/{name} is not committed; run `casegraph build`"
    assert (bundled_build / name).read_bytes() == committed.read_bytes(), (
        f"output/{name} is stale: rebuild with `casegraph build` and commit the result"
    )


@pytest.fixture(scope="module")
def devset_build(tmp_path_factory):
    """The development set (tests/data/devset/SOURCES.md) built by the real command."""
    from casegraph.graph.cli import main

    articles = sorted(str(p) for p in DEVSET.glob("*.txt"))
    assert len(articles) >= 30
    out = tmp_path_factory.mktemp("devset")
    assert main(["build", *articles, "--out", str(out)]) == 0
    return load_graph(out)


def test_development_set_stays_above_its_floors(devset_build):
    """Articles written after real releases the rules were not written for; the floors sit a
    little under the figures measured when this test was written (README, Quality)."""
    gold = load_gold(DEVSET)
    entities = score_entities(gold, entities_of(devset_build))
    assert entities.precision >= 0.83 and entities.recall >= 0.83, (
        entities.precision,
        entities.recall,
    )
    rel = score_relations(
        gold,
        load_gold_relations(DEVSET / "relations.jsonl"),
        typed_links_of(devset_build),
        entities,
    )
    assert rel.precision >= 0.77 and rel.recall >= 0.43, (rel.precision, rel.recall)


def test_an_entity_named_in_several_articles_is_one_node(devset_build):
    gold = load_gold(DEVSET)
    shared = [g for g in gold if len(g.articles) >= 2]
    assert len(shared) >= 10
    score = score_entities(shared, entities_of(devset_build))
    duplicates = [fp for fp in score.false_positives if "(duplicate)" in fp]
    assert duplicates == []


def _jsonl(name):
    import json

    return [json.loads(line) for line in (GOLD_DIR / name).read_text("utf-8").splitlines()]


def test_relations_meet_the_quality_bar(bundled_build):
    graph = load_graph(bundled_build)
    gold = load_gold(GOLD)
    entities = score_entities(gold, entities_of(graph))
    score = score_relations(
        gold, load_gold_relations(GOLD_DIR / "relations.jsonl"), typed_links_of(graph), entities
    )
    report = "\n".join(score.false_positives + score.false_negatives)
    assert score.precision >= 0.85, report
    assert score.recall >= 0.80, report


@pytest.fixture(scope="module")
def bundled_rdf(bundled_build):
    return load_graph(bundled_build)


FIGURES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?label ?measure ?value ?date WHERE {
  ?c a schema:Observation ; <https://schema.org/observationAbout> ?e ;
     schema:variableMeasured ?measure ; schema:value ?value ; schema:observationDate ?date .
  ?e rdfs:label ?label .
}"""


@pytest.mark.parametrize("figure", _jsonl("figures.jsonl"), ids=lambda f: f["measure"])
def test_every_gold_figure_is_a_typed_claim_with_its_date(bundled_rdf, figure):
    gold = {g.name: g for g in load_gold(GOLD)}[figure["subject"]]
    names = {gold.name, *gold.forms}
    rows = [
        (str(label), str(measure), value.toPython(), date.toPython().isoformat())
        for label, measure, value, date in bundled_rdf.query(FIGURES)
    ]
    assert any(
        (label in names or any(n.lower() in label.lower() for n in gold.forms if len(n) > 12))
        and measure == figure["measure"]
        and value == figure["value"]
        and date == figure["date"]
        and isinstance(value, int)
        for label, measure, value, date in rows
    ), rows


EVENTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?e ?start ?end WHERE { ?e a schema:Event ; schema:startDate ?start ; schema:endDate ?end }
"""


def test_every_gathering_is_an_event_with_its_dates(bundled_rdf):
    found = {
        (s.toPython().isoformat(), e.toPython().isoformat())
        for _, s, e in bundled_rdf.query(EVENTS)
    }
    expected = {(row["start"], row["end"]) for row in _jsonl("events.jsonl")}
    assert expected == found
