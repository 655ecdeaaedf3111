"""Deterministic node positions for the HTML view: a seeded force layout per component, packed."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from casegraph.graph.footprints import compact, fill, pack_rows, rectangles

# Components up to this size get exact pairwise repulsion; larger ones a grid approximation
# (exact for nearby nodes, cell centroids for distant ones) that keeps a step near-linear.
EXACT_LIMIT = 500
# Cells of the approximation grid: enough that most nodes in a step have a few dozen neighbours.
GRID_CELLS = 900
# Up to this many nodes, small components are fitted into the free space around the large
# ones (each placed where the block stays smallest), and a few layouts are tried; beyond,
# components are packed in rows.
FILL_LIMIT = 600
_MIN_D2 = 1e-4  # squared distance floor, so coincident nodes push apart instead of dividing by 0


def layout_positions(
    G: nx.Graph,
    *,
    seed: int,
    iterations: int,
    unit: float,
    boxes: dict[object, tuple[float, float, float]] | None = None,
    gap: float = 0.0,
    aspect: float = 1.0,
) -> dict[object, tuple[int, int]]:
    """Positions (whole pixels) for every node of the undirected graph ``G``.

    Each connected component is laid out by a seeded Fruchterman–Reingold simulation with a
    fixed number of steps (ideal edge length ``unit``; an edge's ``weight`` attribute, default
    1, scales its pull). ``boxes`` gives each node's footprint, its shape and label together,
    as ``(half width, half height, downward offset of the box centre)``: footprints are then
    pushed apart until no two overlap (``gap`` pixels between them). Components are packed
    in rows, largest first, into a block about ``aspect`` times as wide as high. Nodes must
    be sortable (entity keys are strings); the result depends only on the nodes and edges,
    not on insertion order.

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> pos = layout_positions(G, seed=1, iterations=50, unit=100)
    >>> pos == layout_positions(nx.path_graph(["c", "b", "a"]), seed=1, iterations=50, unit=100)
    True
    """
    components = sorted(
        (sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0])
    )
    placed = []
    for number, nodes in enumerate(components):
        index = {n: i for i, n in enumerate(nodes)}
        edges = sorted(
            (*sorted((index[u], index[v])), float(w))
            for u, v, w in G.subgraph(nodes).edges(data="weight", default=1.0)
            if u != v
        )
        pairs = np.array([e[:2] for e in edges], dtype=np.int64).reshape(-1, 2)
        weights = np.array([e[2] for e in edges], dtype=float)
        rng = np.random.default_rng([seed, number])
        xy = force_layout(len(nodes), pairs, weights=weights, rng=rng, iterations=iterations)
        xy *= unit * np.array([math.sqrt(aspect), 1 / math.sqrt(aspect)])  # wide, like screens
        foot = np.array([boxes[n] if boxes else (0.0, 0.0, 0.0) for n in nodes], dtype=float)
        foot = foot.reshape(-1, 3)
        if boxes:
            xy = compact(xy, foot, gap=gap, aspect=aspect)
        placed.append((nodes, xy, foot))
    positions = {}
    pack = fill if boxes and len(G) <= FILL_LIMIT else pack_rows
    for number, xy in pack(
        [(xy, foot) for _, xy, foot in placed], gap=gap + unit / 2, aspect=aspect
    ):
        for node, (x, y) in zip(placed[number][0], xy, strict=True):
            positions[node] = (round(float(x)), round(float(y)))
    return {node: positions[node] for node in sorted(positions)}


def compact_layout(
    G: nx.Graph,
    *,
    seed: int,
    iterations: int,
    unit: float,
    boxes: dict[object, tuple[float, float, float]],
    gap: float,
    aspect: float,
) -> dict[object, tuple[int, int]]:
    """The most compact of a few :func:`layout_positions` runs with ideal edge lengths around
    ``unit`` (one run above ``FILL_LIMIT`` nodes): the block whose ``max(width / aspect,
    height)`` is smallest, ties to the first. Compaction is sensitive to where the force
    layout leaves each cluster, so trying a few is the cheap way to a block that fits a
    screen with readable labels.
    """
    factors = (1.0, 0.8, 1.25, 1.6, 2.0) if len(G) <= FILL_LIMIT else (1.0,)
    best, best_score = None, math.inf
    for factor in factors:
        pos = layout_positions(
            G,
            seed=seed,
            iterations=iterations,
            unit=unit * factor,
            boxes=boxes,
            gap=gap,
            aspect=aspect,
        )
        if not pos:
            return pos
        nodes = list(pos)
        xy = np.array([pos[n] for n in nodes], dtype=float)
        box = rectangles(xy, np.array([boxes[n] for n in nodes], dtype=float))
        width, height = box[:, 2:].max(axis=0) - box[:, :2].min(axis=0)
        if (score := max(float(width) / aspect, float(height))) < best_score:
            best, best_score = pos, score
    return best


def force_layout(
    n: int,
    edges: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    rng: np.random.Generator,
    iterations: int,
) -> np.ndarray:
    """Fruchterman–Reingold with ideal edge length 1: an ``(n, 2)`` array of positions.

    ``edges`` is an ``(m, 2)`` integer array of node indices, ``weights`` scales each edge's
    pull (default 1). The temperature (largest step) falls linearly to zero, so the number of
    steps, not convergence, ends the simulation.

    >>> xy = force_layout(2, np.array([[0, 1]]), rng=np.random.default_rng(0), iterations=50)
    >>> round(float(np.hypot(*(xy[0] - xy[1]))), 1)
    1.0
    """
    if n == 1:
        return np.zeros((1, 2))
    pos = rng.random((n, 2)) * math.sqrt(n)
    u, v = edges[:, 0], edges[:, 1]
    strength = np.ones(len(edges)) if weights is None else weights
    temperature = math.sqrt(n) / 10
    cooling = temperature / (iterations + 1)
    repulsion = _exact_repulsion if n <= EXACT_LIMIT else _grid_repulsion
    for _ in range(iterations):
        disp = repulsion(pos)
        delta = pos[u] - pos[v]
        pull = delta * (np.sqrt((delta * delta).sum(axis=1)) * strength)[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(u, pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(v, pull[:, axis], minlength=n)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos - pos.mean(axis=0)


def _exact_repulsion(pos: np.ndarray) -> np.ndarray:
    """Sum over all other nodes of ``d / |d|²`` (FR repulsion with k = 1)."""
    delta = pos[:, None, :] - pos[None, :, :]
    d2 = np.maximum((delta * delta).sum(axis=2), _MIN_D2)
    return (delta / d2[..., None]).sum(axis=1)


def _grid_repulsion(pos: np.ndarray) -> np.ndarray:
    """Exact repulsion from nodes in the same and the 8 adjacent cells, cell centroids beyond.

    Distant cells act on a whole cell at its centroid (one cell-to-cell term instead of one
    term per pair of nodes), like one level of a Barnes–Hut tree.
    """
    n = len(pos)
    low = pos.min(axis=0)
    # Sized from the bulk of the nodes: a few far-flung ones must not make every cell huge.
    bulk = np.quantile(pos, [0.02, 0.98], axis=0)
    size = max(float((bulk[1] - bulk[0]).max()) / math.sqrt(GRID_CELLS), 1e-6)
    cell = np.floor((pos - low) / size).astype(np.int64) + 1  # >= 1: neighbours stay >= 0
    height = int(cell[:, 1].max()) + 2
    cid = cell[:, 0] * height + cell[:, 1]
    order = np.argsort(cid, kind="stable")
    cells, first, count = np.unique(cid[order], return_index=True, return_counts=True)
    slot = np.searchsorted(cells, cid)  # each node's occupied-cell index

    mass = count.astype(float)
    centre = np.stack([np.bincount(slot, pos[:, a], minlength=len(cells)) for a in (0, 1)], 1)
    centre /= mass[:, None]
    cx, cy = cells // height, cells % height
    far = (np.abs(cx[:, None] - cx[None, :]) > 1) | (np.abs(cy[:, None] - cy[None, :]) > 1)
    delta = centre[:, None, :] - centre[None, :, :]
    d2 = np.maximum((delta * delta).sum(axis=2), _MIN_D2)
    weight = np.where(far, mass[None, :] / d2, 0.0)
    disp = (delta * weight[..., None]).sum(axis=1)[slot]

    near_i, near_j = [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            target = cid + dx * height + dy
            at = np.minimum(np.searchsorted(cells, target), len(cells) - 1)
            found = cells[at] == target
            starts = np.where(found, first[at], 0)
            counts = np.where(found, count[at], 0)
            total = int(counts.sum())
            i = np.repeat(np.arange(n), counts)
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            near_i.append(i)
            near_j.append(order[np.repeat(starts, counts) + offsets])
    i, j = np.concatenate(near_i), np.concatenate(near_j)
    keep = i != j
    i, j = i[keep], j[keep]
    delta = pos[i] - pos[j]
    push = delta / np.maximum((delta * delta).sum(axis=1), _MIN_D2)[:, None]
    for axis in (0, 1):
        disp[:, axis] += np.bincount(i, push[:, axis], minlength=n)
    return disp
