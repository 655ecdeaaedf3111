"""Deterministic node positions for the HTML view: a seeded force layout per component, packed."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

# Components up to this size get exact pairwise repulsion; larger ones a grid approximation
# (exact for nearby nodes, cell centroids for distant ones) that keeps a step near-linear.
EXACT_LIMIT = 500
# Cells of the approximation grid: enough that most nodes in a step have a few dozen neighbours.
GRID_CELLS = 900
# Up to this many nodes, small components are fitted into the free space around the large
# ones (each placed where the block stays smallest); beyond, components are packed in rows.
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
    for number, xy in _pack(
        [(xy, foot) for _, xy, foot in placed], gap=gap + unit / 2, aspect=aspect
    ):
        for node, (x, y) in zip(placed[number][0], xy, strict=True):
            positions[node] = (round(float(x)), round(float(y)))
    return {node: positions[node] for node in sorted(positions)}


def compact(xy: np.ndarray, foot: np.ndarray, *, gap: float, aspect: float) -> np.ndarray:
    """Footprints pushed apart, then squeezed a few times toward a block ``aspect`` times as
    wide as high (squeeze the longer side, separate again), keeping the smallest block.

    A force layout leaves slack between clusters and has no preferred shape; screens are
    wide, and the smaller the block, the larger its labels when the page fits it.
    """
    half, dy = foot[:, :2], foot[:, 2]

    def size(xy: np.ndarray) -> float:
        low = (xy - half + np.stack([np.zeros(len(xy)), dy], 1)).min(axis=0)
        high = (xy + half + np.stack([np.zeros(len(xy)), dy], 1)).max(axis=0)
        width, height = high - low
        return max(float(width) / aspect, float(height))

    xy = separate(xy, half, dy, gap=gap, bias=aspect)
    best, best_size = xy, size(xy)
    attempts = 16 if len(xy) <= EXACT_LIMIT else 3
    for _ in range(attempts):
        low = (xy - half).min(axis=0)
        high = (xy + half).max(axis=0)
        width, height = high - low
        wide = width / aspect > height
        # squeeze the longer side, and resolve overlaps across it
        squeeze, bias = ((0.9, 1.0), 1 / aspect) if wide else ((1.0, 0.9), aspect)
        centre = xy.mean(axis=0)
        xy = separate(centre + (xy - centre) * np.array(squeeze), half, dy, gap=gap, bias=bias)
        if (found := size(xy)) < best_size:
            best, best_size = xy, found
    return best


def separate(
    xy: np.ndarray,
    half: np.ndarray,
    dy: np.ndarray,
    *,
    gap: float,
    bias: float = 1.0,
    rounds: int = 2000,
) -> np.ndarray:
    """Move boxes apart until no two overlap: a copy of the ``(n, 2)`` centres ``xy``.

    Box ``i`` is centred at ``xy[i] + (0, dy[i])`` with half sizes ``half[i]``. Each round
    finds the overlapping pairs (sweep over the sorted left edges) and moves both boxes of a
    pair half the overlap apart along the axis where it is smaller (horizontal overlaps count
    ``bias`` times less, so the block grows sideways). Boxes wedged between others can push
    back and forth for ever, so whenever the count of overlaps has not fallen for a while the
    whole set spreads out a little from its centre. The order is fixed, so the result is
    deterministic.

    >>> xy = separate(np.zeros((2, 2)), np.ones((2, 2)), np.zeros(2), gap=0.5)
    >>> float(np.abs(xy[0] - xy[1]).max())
    2.5
    """
    xy = np.array(xy, dtype=float)
    n = len(xy)
    if n < 2:
        return xy
    half = np.asarray(half, dtype=float) + gap / 2
    best, stalled = None, 0
    for _ in range(rounds):
        centre = xy + np.stack([np.zeros(n), dy], axis=1)
        left = centre[:, 0] - half[:, 0]
        order = np.argsort(left, kind="stable")
        lefts = left[order]
        ends = np.searchsorted(lefts, (centre[:, 0] + half[:, 0])[order], side="left")
        counts = np.maximum(ends - np.arange(n) - 1, 0)
        total = int(counts.sum())
        if total == 0:
            break
        k = np.repeat(np.arange(n), counts)
        j = k + 1 + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        a, b = order[k], order[j]
        d = centre[b] - centre[a]
        over = half[a] + half[b] - np.abs(d)
        hit = (over[:, 0] > 0) & (over[:, 1] > 0)
        hits = int(hit.sum())
        if not hits:
            break
        if best is None or hits < best:
            best, stalled = hits, 0
        elif (stalled := stalled + 1) >= 15:
            xy = xy.mean(axis=0) + (xy - xy.mean(axis=0)) * 1.04
            best, stalled = None, 0
            continue
        a, b, d, over = a[hit], b[hit], d[hit], over[hit]
        # the sign of each push: away from the other box (coincident: by index)
        sign = np.where(d > 0, 1.0, np.where(d < 0, -1.0, np.where(a < b, 1.0, -1.0)[:, None]))
        along_x = over[:, 0] <= over[:, 1] * bias
        move = np.where(along_x[:, None], [[1.0, 0.0]], [[0.0, 1.0]]) * over * sign / 2
        move *= 1.02  # a little more than the overlap, so touching boxes end up apart
        disp = np.zeros((n, 2))
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(a, move[:, axis], minlength=n)
            disp[:, axis] += np.bincount(b, move[:, axis], minlength=n)
        xy += disp
    return xy


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


def _pack(
    layouts: list[tuple[np.ndarray, np.ndarray]], *, gap: float, aspect: float
) -> list[tuple[int, np.ndarray]]:
    """Place component layouts ``(xy, footprints)`` (largest first) left to right in rows of
    a block about ``aspect`` times as wide as high, ``gap`` apart."""
    boxes = []
    for xy, foot in layouts:
        low = np.stack([xy[:, 0] - foot[:, 0], xy[:, 1] + foot[:, 2] - foot[:, 1]], 1).min(0)
        high = np.stack([xy[:, 0] + foot[:, 0], xy[:, 1] + foot[:, 2] + foot[:, 1]], 1).max(0)
        boxes.append((low, high - low + gap))
    area = sum(float(w * h) for _, (w, h) in boxes)
    width = max([math.sqrt(area * aspect), *(float(s[0]) for _, s in boxes)])
    x = y = row_height = 0.0
    placed = []
    for number, ((xy, _), (low, (w, h))) in enumerate(zip(layouts, boxes, strict=True)):
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        placed.append((number, xy - low + np.array([x, y])))
        x += float(w)
        row_height = max(row_height, float(h))
    return placed


# Glyph widths relative to an average lowercase letter, generous for the sans-serif faces
# browsers use (DejaVu Sans, Arial, Helvetica): narrow, semi-narrow and wide glyphs; capitals
# count 1.25, everything else 1.
_NARROW, _SEMI, _WIDE = frozenset("ijl.,:;'|!"), frozenset("ftr()[] -"), frozenset("mwMW@%")


def text_width(text: str, *, font_size: float, char_width: float) -> float:
    """Estimated drawn width of ``text``; ``char_width`` (em) is that of an average lowercase
    letter, the others scale with it.

    >>> text_width("ab", font_size=10, char_width=0.6)
    12.0
    """
    em = font_size * char_width
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += em * 0.55
        elif char in _SEMI:
            total += em * 0.7
        elif char in _WIDE:
            total += em * 1.6
        elif char.isupper():
            total += em * 1.25
        else:
            total += em
    return round(total, 3)


def footprint(
    label: str,
    radius: float,
    *,
    font_size: float,
    max_width: float,
    char_width: float,
    line_height: float,
    offset: float,
) -> tuple[float, float, float]:
    """``(half width, half height, downward offset of the centre)`` of a node of ``radius``
    with ``label`` drawn below it, wrapped at spaces to lines of at most ``max_width``.

    >>> footprint("ab", 5, font_size=10, max_width=100, char_width=0.6, line_height=1, offset=2)
    (6.0, 8.5, 6.0)
    """

    def width(text: str) -> float:
        return text_width(text, font_size=font_size, char_width=char_width)

    lines: list[str] = []
    for word in label.split():
        if lines and width(lines[-1] + " " + word) <= max_width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    label_width = max((width(line) for line in lines), default=0.0)
    label_height = len(lines) * font_size * line_height
    top, bottom = -radius, radius + offset + label_height
    return (max(radius, label_width / 2), (bottom - top) / 2, (bottom + top) / 2)


def _boxes(xy: np.ndarray, foot: np.ndarray) -> np.ndarray:
    """``(n, 4)`` footprint rectangles ``x0, y0, x1, y1``."""
    cy = xy[:, 1] + foot[:, 2]
    return np.stack(
        [xy[:, 0] - foot[:, 0], cy - foot[:, 1], xy[:, 0] + foot[:, 0], cy + foot[:, 1]], 1
    )


def _fill(
    layouts: list[tuple[np.ndarray, np.ndarray]], *, gap: float, aspect: float
) -> list[tuple[int, np.ndarray]]:
    """Place component layouts (largest first) one by one next to a footprint already placed,
    at the free spot where the block (scored as ``max(width / aspect, height)``) grows least;
    ties go to the spot nearest the top left."""
    placed: list[tuple[int, np.ndarray]] = []
    taken = np.zeros((0, 4))
    for number, (xy, foot) in enumerate(layouts):
        own = _boxes(xy, foot)
        own -= np.tile(own[:, :2].min(axis=0), 2)
        w, h = own[:, 2].max(), own[:, 3].max()
        if not len(taken):
            choice = np.zeros(2)
        else:
            x0, y0, x1, y1 = taken.T
            spots = np.concatenate(
                [
                    np.stack([x1 + gap, y0], 1),
                    np.stack([x1 + gap, y1 - h], 1),
                    np.stack([x0 - w - gap, y0], 1),
                    np.stack([x0, y1 + gap], 1),
                    np.stack([x1 - w, y1 + gap], 1),
                    np.stack([x0, y0 - h - gap], 1),
                ]
            )
            moved = own[None, :, :] + np.tile(spots, 2)[:, None, :]  # spot, box, xyxy
            clash = (
                (moved[:, :, None, 0] < taken[None, None, :, 2] + gap)
                & (taken[None, None, :, 0] < moved[:, :, None, 2] + gap)
                & (moved[:, :, None, 1] < taken[None, None, :, 3] + gap)
                & (taken[None, None, :, 1] < moved[:, :, None, 3] + gap)
            ).any(axis=(1, 2))
            low = np.minimum(taken[:, :2].min(axis=0), spots)
            high = np.maximum(taken[:, 2:].max(axis=0), spots + [w, h])
            extent = high - low
            score = np.maximum(extent[:, 0] / aspect, extent[:, 1])
            score = np.where(clash, np.inf, score)
            best = np.lexsort((spots[:, 0], spots[:, 1], score))[0]
            choice = spots[best]
        shift = choice - _boxes(xy, foot)[:, :2].min(axis=0)
        placed.append((number, xy + shift))
        taken = np.concatenate([taken, own + np.tile(choice, 2)])
    return placed
