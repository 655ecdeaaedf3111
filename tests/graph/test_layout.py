"""The view's layout: deterministic, readable spacing, components kept apart, fast enough."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from casegraph.graph import footprints, layout
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


def _boxes_of(pos, boxes):
    return {n: (x - w, y + dy - h, x + w, y + dy + h) for n, (x, y) in pos.items()
            for w, h, dy in [boxes[n]]}  # fmt: skip


def _overlapping(rects, gap=0.0):
    items = sorted(rects.items())
    return [
        (a, b)
        for i, (a, (x0, y0, x1, y1)) in enumerate(items)
        for b, (u0, v0, u1, v1) in items[i + 1 :]
        if x0 < u1 + gap and u0 < x1 + gap and y0 < v1 + gap and v0 < y1 + gap
    ]


@pytest.mark.parametrize("size", [(40, 60), (150, 300), (700, 1400)])
def test_footprints_of_nodes_and_labels_never_overlap(size):
    G = _random_graph(*size, seed=11)
    # wide label boxes below small nodes, as the view's are
    boxes = {n: (30 + 5 * (i % 7), 14 + 3 * (i % 3), 8.0) for i, n in enumerate(sorted(G))}
    pos = layout_positions(G, seed=1, iterations=60, unit=30, boxes=boxes, gap=4, aspect=1.8)

    assert _overlapping(_boxes_of(pos, boxes), gap=-1.0) == []  # whole-pixel rounding
    assert pos == layout_positions(_shuffled(G, 4), seed=1, iterations=60, unit=30, boxes=boxes,
                                   gap=4, aspect=1.8)  # fmt: skip


def test_separate_moves_boxes_apart_along_the_smaller_overlap():
    xy = np.array([[0.0, 0.0], [5.0, 1.0]])
    half = np.array([[10.0, 3.0], [10.0, 3.0]])
    out = footprints.separate(xy, half, np.zeros(2), gap=0.0)

    assert abs(out[0, 0] - out[1, 0]) < 6  # wide boxes: pushed apart vertically
    assert abs(out[0, 1] - out[1, 1]) >= 6


def test_small_components_fill_the_space_beside_the_large_one():
    big = nx.grid_2d_graph(6, 6)
    G = nx.relabel_nodes(big, {n: f"g{n[0]}{n[1]}" for n in big})
    G.add_nodes_from(f"s{i}" for i in range(6))
    boxes = dict.fromkeys(G, (20.0, 10.0, 0.0))
    pos = layout_positions(G, seed=1, iterations=60, unit=60, boxes=boxes, gap=4, aspect=1.8)

    xy = np.array(list(pos.values()))
    width, height = xy.max(axis=0) - xy.min(axis=0)
    assert width > height  # the loners sit beside the grid, not in rows below it
    assert _overlapping(_boxes_of(pos, boxes), gap=-1.0) == []


@pytest.mark.parametrize(
    ("label", "lines"),
    [("Europol", 1), ("INTERPOL Specialists Group on Crimes Against Children", 4)],
)
def test_a_long_label_wraps_and_its_footprint_grows_downwards(label, lines):
    wrapped = footprints.wrap_label(label, font_size=14, max_width=130, char_width=0.62)
    w, h, dy = footprints.footprint(wrapped, 10, font_size=14, char_width=0.62, line_height=1.0,
                                offset=4)  # fmt: skip

    assert " ".join(wrapped) == label
    assert len(wrapped) == lines
    widths = [footprints.text_width(line, font_size=14, char_width=0.62) for line in wrapped]
    assert all(width <= 130 for width in widths) or len(wrapped) == 1
    assert w == pytest.approx(max(10, max(widths) / 2))
    assert 2 * h == pytest.approx(20 + 4 + 14 * lines)
    assert dy == pytest.approx((4 + 14 * lines) / 2)
