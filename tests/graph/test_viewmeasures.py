"""Node measures and groups for the view: typed links only, seeded, independent of order."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from casegraph.graph.viewmeasures import MEASURES, communities, node_measures, typed_graph


def _graph(edges, *, seed: int | None = None, cooccurrence=()) -> nx.MultiDiGraph:
    """Typed ``edges`` (and co-occurrence pairs), inserted in a shuffled order with ``seed``."""
    items = [(u, v, "worksFor", True) for u, v in edges]
    items += [(u, v, "coOccursWith", False) for u, v in cooccurrence]
    nodes = sorted({n for u, v, *_ in items for n in (u, v)})
    if seed is not None:
        random.Random(seed).shuffle(items)
        random.Random(seed).shuffle(nodes)
    G = nx.MultiDiGraph()
    for n in nodes:
        G.add_node(n, mention_count=len(n))
    for u, v, kind, typed in items:
        G.add_edge(u, v, key=kind, typed=typed)
    return G


# two triangles joined by one bridge, and a pair
EDGES = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d"),
         ("x", "y")]  # fmt: skip


def test_degree_counts_distinct_typed_neighbours_and_ignores_cooccurrence():
    G = _graph(EDGES, cooccurrence=[("a", "x"), ("a", "y")])
    G.add_edge("a", "b", key="funder", typed=True)  # a second kind to the same neighbour
    m = node_measures(G, sorted(G), seed=1, exact_limit=100, sample=5)

    assert {k: m[k]["degree"] for k in "abxy"} == {"a": 2, "b": 2, "x": 1, "y": 1}
    assert m["c"]["betweenness"] == m["d"]["betweenness"] > m["a"]["betweenness"] == 0
    assert m["c"]["pagerank"] > m["a"]["pagerank"]
    assert m["a"]["mentions"] == 1
    assert set(m["a"]) == set(MEASURES)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_measures_and_groups_do_not_depend_on_insertion_order(seed):
    keys = sorted(_graph(EDGES))
    first = (
        node_measures(_graph(EDGES), keys, seed=7, exact_limit=100, sample=3),
        communities(_graph(EDGES), keys, seed=7),
    )
    again = (
        node_measures(_graph(EDGES, seed=seed), keys, seed=7, exact_limit=100, sample=3),
        communities(_graph(EDGES, seed=seed), keys, seed=7),
    )

    assert again == first


def test_betweenness_is_sampled_above_the_exact_limit_and_stays_seeded():
    G = _graph([(f"n{i:02d}", f"n{i + 1:02d}") for i in range(30)])
    keys = sorted(G)
    exact = node_measures(G, keys, seed=3, exact_limit=100, sample=5)
    sampled = node_measures(G, keys, seed=3, exact_limit=10, sample=5)

    assert sampled == node_measures(G, keys, seed=3, exact_limit=10, sample=5)
    assert [sampled[k]["betweenness"] for k in keys] != [exact[k]["betweenness"] for k in keys]


def test_groups_are_the_dense_clusters_numbered_by_size_and_loners_have_none():
    G = _graph(EDGES)
    G.add_node("alone", mention_count=1)
    G.add_edge("alone", "a", key="coOccursWith", typed=False)
    groups = communities(G, sorted(G), seed=1)

    assert groups["a"] == groups["b"] == groups["c"]
    assert groups["d"] == groups["e"] == groups["f"] != groups["a"]
    assert groups["x"] == groups["y"] == 2  # the smallest group comes last
    assert groups["alone"] is None


def test_typed_graph_keeps_only_typed_links_among_the_given_keys():
    G = _graph(EDGES, cooccurrence=[("a", "e")])
    T = typed_graph(G, ["a", "b", "c", "e"])

    assert sorted(T.edges) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert sorted(T) == ["a", "b", "c", "e"]
