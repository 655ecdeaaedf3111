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
    """Footprints pushed apart, then slid toward the centre along each axis in turn until they
    touch (a box keeps its order relative to every box it faces), keeping the smallest block
    (scored as ``max(width / aspect, height)``).

    A force layout leaves slack between clusters; the smaller the block, the larger its
    labels when the page fits it to the window.
    """
    half, dy = foot[:, :2], foot[:, 2]

    def size(xy: np.ndarray) -> float:
        box = _boxes(xy, foot)
        width, height = box[:, 2:].max(axis=0) - box[:, :2].min(axis=0)
        return max(float(width) / aspect, float(height))

    if len(xy) > EXACT_LIMIT:
        # A large force layout packs footprints far tighter than they fit: spread it first to
        # about three times their area, or separation spends its rounds on millions of pairs.
        box = _boxes(xy, foot)
        area = float(np.prod(box[:, 2:].max(axis=0) - box[:, :2].min(axis=0)))
        need = 3 * float((4 * half.prod(axis=1)).sum())
        if area < need:
            centre = xy.mean(axis=0)
            xy = centre + (xy - centre) * math.sqrt(need / max(area, 1e-9))
    xy = separate(xy, half, dy, gap=gap, bias=aspect)
    best, best_size = xy, size(xy)
    for _ in range(3 if len(xy) <= EXACT_LIMIT else 1):
        for axis in (1, 0):
            xy = _slide(xy, half, dy, axis=axis, gap=gap)
            if (found := size(xy)) < best_size:
                best, best_size = xy, found
    return best


def _slide(
    xy: np.ndarray, half: np.ndarray, dy: np.ndarray, *, axis: int, gap: float
) -> np.ndarray:
    """Boxes moved toward the centre line along ``axis`` as far as the boxes before them (in
    order of distance from the centre) allow; no two boxes overlap afterwards."""
    centre = xy + np.stack([np.zeros(len(xy)), dy], axis=1)
    across = 1 - axis
    mid = float(np.median(centre[:, axis]))
    order = np.lexsort((np.arange(len(xy)), np.abs(centre[:, axis] - mid)))
    new = centre[:, axis].copy()
    placed = np.zeros(len(xy), dtype=bool)
    low, high = centre[:, across] - half[:, across], centre[:, across] + half[:, across]
    for k in order:
        facing = placed & (low < high[k] + gap) & (low[k] < high + gap)
        if centre[k, axis] >= mid:
            before = facing & (centre[:, axis] <= centre[k, axis])
            edge = (new[before] + half[before, axis]).max() + gap if before.any() else -np.inf
            new[k] = max(edge + half[k, axis], mid) if before.any() else mid
        else:
            before = facing & (centre[:, axis] >= centre[k, axis])
            edge = (new[before] - half[before, axis]).min() - gap if before.any() else np.inf
            new[k] = min(edge - half[k, axis], mid) if before.any() else mid
        placed[k] = True
    out = xy.copy()
    out[:, axis] += new - centre[:, axis]
    return out


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
    patience, spread = (15, 1.04) if n <= EXACT_LIMIT else (6, 1.06)
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
        elif (stalled := stalled + 1) >= patience:
            xy = xy.mean(axis=0) + (xy - xy.mean(axis=0)) * spread
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
        box = _boxes(xy, np.array([boxes[n] for n in nodes], dtype=float))
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


def wrap_label(label: str, *, font_size: float, max_width: float, char_width: float) -> list[str]:
    """``label`` cut at spaces into lines of at most ``max_width`` (estimated; a longer word
    stays whole). The page draws these lines as they are, so the estimate bounds the drawing.

    >>> wrap_label("Operation Pangea XVII", font_size=14, max_width=90, char_width=0.62)
    ['Operation', 'Pangea XVII']
    """
    lines: list[str] = []
    for word in label.split():
        joined = lines[-1] + " " + word if lines else word
        if lines and text_width(joined, font_size=font_size, char_width=char_width) <= max_width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def footprint(
    lines: list[str],
    radius: float,
    *,
    font_size: float,
    char_width: float,
    line_height: float,
    offset: float,
) -> tuple[float, float, float]:
    """``(half width, half height, downward offset of the centre)`` of a node of ``radius``
    with the label ``lines`` drawn ``offset`` below it.

    >>> footprint(["ab"], 5, font_size=10, char_width=0.6, line_height=1, offset=2)
    (6.0, 8.5, 6.0)
    >>> footprint(["ab", "cd"], 5, font_size=10, char_width=0.6, line_height=1, offset=2)
    (6.0, 13.5, 11.0)
    """
    label_width = max(
        (text_width(line, font_size=font_size, char_width=char_width) for line in lines),
        default=0.0,
    )
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
            high = np.maximum(taken[:, 2:].max(axis=0), spots + np.array([w, h]))
            extent = high - low
            score = np.maximum(extent[:, 0] / aspect, extent[:, 1])
            score = np.where(clash, np.inf, score)
            best = np.lexsort((spots[:, 0], spots[:, 1], score))[0]
            choice = spots[best]
        shift = choice - _boxes(xy, foot)[:, :2].min(axis=0)
        placed.append((number, xy + shift))
        taken = np.concatenate([taken, own + np.tile(choice, 2)])
    return placed
