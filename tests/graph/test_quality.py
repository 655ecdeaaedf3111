"""The bundled corpus: entity quality against the gold annotation, and reproducible outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.graph.evaluate import load_gold, load_predicted, score_entities

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "gold" / "entities.jsonl"
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
    score = score_entities(load_gold(heldout / "entities.jsonl"), load_predicted(tmp_path))
    assert score.precision >= 0.80 and score.recall >= 0.80, (score.precision, score.recall)
