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


def test_entities_on_held_out_articles_stay_above_the_floor(tmp_path):
    """Real releases the rules were not written for (tests/data/heldout/SOURCES.md)."""
    from casegraph.graph.cli import main

    heldout = REPO / "tests" / "data" / "heldout"
    articles = sorted(str(p) for p in heldout.glob("*.txt"))
    assert len(articles) >= 5
    assert main(["build", *articles, "--out", str(tmp_path)]) == 0
    gold = load_gold(heldout / "entities.jsonl")
    graph = load_graph(tmp_path)
    score = score_entities(gold, entities_of(graph))
    assert score.precision >= 0.80 and score.recall >= 0.80, (score.precision, score.recall)
    # Typed relations on unseen text: a regression floor, well below the bundled corpus's bar
    # (measured: precision 0.78 on the first blind run, recall 0.22; see README).
    rel = score_relations(
        gold, load_gold_relations(heldout / "relations.jsonl"), typed_links_of(graph), score
    )
    assert rel.precision >= 0.70 and rel.recall >= 0.20, (rel.precision, rel.recall)


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
