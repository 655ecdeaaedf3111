"""The view's layout: deterministic, readable spacing, components kept apart, fast enough."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from casegraph.graph import layout
from casegraph.graph.layout import force_layout, layout_positions


def _random_graph(n: int, m: int, *, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    G = nx.Graph()
    G.add_nodes_from(f"n{i:04d}" for i in range(n))
    while G.number_of_edges() < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            G.add_edge(f"n{a:04d}", f"n{b:04d}")
    return G


def _shuffled(G: nx.Graph, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    nodes, edges = list(G.nodes), list(G.edges(data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from((v, u, d) if rng.random() < 0.5 else (u, v, d) for u, v, d in edges)
    return H


@pytest.mark.parametrize("size", [(1, 0), (2, 1), (30, 40), (120, 200)])
def test_positions_do_not_depend_on_insertion_order(size):
    G = _random_graph(*size, seed=3)
    first = layout_positions(G, seed=1, iterations=60, unit=100)

    for seed in (1, 2):
        assert layout_positions(_shuffled(G, seed), seed=1, iterations=60, unit=100) == first
    assert list(first) == sorted(G)
    assert all(type(c) is int for xy in first.values() for c in xy)


def test_linked_nodes_sit_about_one_unit_apart_and_no_two_nodes_coincide():
    G = nx.cycle_graph([f"n{i}" for i in range(12)])
    pos = layout_positions(G, seed=5, iterations=100, unit=100)

    lengths = [np.hypot(*np.subtract(pos[u], pos[v])) for u, v in G.edges]
    assert 50 < np.median(lengths) < 200
    assert len(set(pos.values())) == len(G)


def test_components_are_packed_without_overlapping():
    G = nx.disjoint_union_all([nx.complete_graph(k) for k in (8, 5, 3, 1, 1, 2)])
    G = nx.relabel_nodes(G, {n: f"n{n:02d}" for n in G})
    pos = layout_positions(G, seed=1, iterations=80, unit=100)

    boxes = []
    for component in nx.connected_components(G):
        xy = np.array([pos[n] for n in component])
        boxes.append((*xy.min(axis=0), *xy.max(axis=0)))
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        for a0, b0, a1, b1 in boxes[i + 1 :]:
            assert x1 < a0 or a1 < x0 or y1 < b0 or b1 < y0


def test_grid_repulsion_lays_out_like_exact_repulsion(monkeypatch):
    G = nx.convert_node_labels_to_integers(_random_graph(300, 600, seed=9))
    edges = np.array(sorted(G.edges), dtype=np.int64)

    def run() -> np.ndarray:
        xy = force_layout(300, edges, rng=np.random.default_rng(4), iterations=80)
        return np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)

    exact = run()
    monkeypatch.setattr(layout, "EXACT_LIMIT", 0)
    grid = run()
    assert abs(np.median(grid) / np.median(exact) - 1) < 0.15


def test_weaker_edges_end_up_longer():
    edges = np.array([[0, 1], [1, 2], [2, 3], [3, 0]])
    weights = np.array([1.0, 1.0, 0.2, 0.2])
    xy = force_layout(4, edges, weights=weights, rng=np.random.default_rng(2), iterations=100)
    length = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)

    assert length[2:].mean() > length[:2].mean()
