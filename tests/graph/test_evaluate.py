"""Entity scoring: matches by name and type, duplicates and wrong types are errors."""

from __future__ import annotations

import pytest

from casegraph.extract.records import EntityType
from casegraph.graph.evaluate import GoldEntity, PredictedEntity, score_entities

ORG, P, D = EntityType.ORGANIZATION, EntityType.PERSON, EntityType.DATABASE
GOLD = [
    GoldEntity(ORG, "INTERPOL", ("INTERPOL", "Interpol")),
    GoldEntity(P, "Michael Moran", ("Michael Moran", "Mr Moran")),
    GoldEntity(D, "ICSE database", ("ICSE", "ICSE database")),
]


def pred(label, type_, *aliases):
    return PredictedEntity(label, type_, label, (label, *aliases))


def test_perfect_prediction_scores_one():
    s = score_entities(GOLD, [pred("Interpol", ORG), pred("Michael Moran", P), pred("ICSE", D)])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_duplicate_node_is_a_false_positive():
    s = score_entities(GOLD, [pred("INTERPOL", ORG), pred("Interpol", ORG)])
    assert s.true_positives == 1
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(1 / 3)
    assert "duplicate" in s.false_positives[0]


def test_wrong_type_is_a_false_positive_and_a_miss():
    s = score_entities(GOLD, [pred("Michael Moran", ORG)])
    assert s.true_positives == 0
    assert "wrong type" in s.false_positives[0]
    assert "Person: Michael Moran" in s.false_negatives


def test_names_compare_without_case_possessive_or_article():
    s = score_entities(GOLD, [pred("the Interpol’s", ORG)])
    assert s.true_positives == 1


def test_empty_prediction_has_zero_recall():
    s = score_entities(GOLD, [])
    assert s.recall == 0.0 and s.precision == 1.0


def test_recall_by_kind_counts_each_stated_relation_once():
    from casegraph.graph.evaluate import GoldRelation, recall_by_kind

    s = score_entities(GOLD, [pred("Interpol", ORG), pred("Michael Moran", P), pred("ICSE", D)])
    rels = [
        GoldRelation("Michael Moran", "worksFor", "INTERPOL"),
        GoldRelation("ICSE database", "operatedBy", "INTERPOL"),
    ]
    # the graph links Moran and INTERPOL (another kind, other direction still counts)
    links = [("Interpol", "ledBy", "Michael Moran")]
    assert recall_by_kind(GOLD, rels, links, s) == {"operatedBy": (0, 1), "worksFor": (1, 1)}
