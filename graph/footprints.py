"""Node footprints for the view's layout: a node's shape and label as one box, estimated from
the label text, pushed apart so none overlap, slid together, and packed by component."""

from __future__ import annotations

import math

import numpy as np

# Components larger than this get fewer compaction passes (each is quadratic in the nodes).
LARGE = 500


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


def rectangles(xy: np.ndarray, foot: np.ndarray) -> np.ndarray:
    """``(n, 4)`` footprint rectangles ``x0, y0, x1, y1``."""
    cy = xy[:, 1] + foot[:, 2]
    return np.stack(
        [xy[:, 0] - foot[:, 0], cy - foot[:, 1], xy[:, 0] + foot[:, 0], cy + foot[:, 1]], 1
    )


def fill(
    layouts: list[tuple[np.ndarray, np.ndarray]], *, gap: float, aspect: float
) -> list[tuple[int, np.ndarray]]:
    """Place component layouts (largest first) one by one next to a footprint already placed,
    at the free spot where the block (scored as ``max(width / aspect, height)``) grows least;
    ties go to the spot nearest the top left."""
    placed: list[tuple[int, np.ndarray]] = []
    taken = np.zeros((0, 4))
    for number, (xy, foot) in enumerate(layouts):
        own = rectangles(xy, foot)
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
        shift = choice - rectangles(xy, foot)[:, :2].min(axis=0)
        placed.append((number, xy + shift))
        taken = np.concatenate([taken, own + np.tile(choice, 2)])
    return placed


def pack_rows(
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


def compact(xy: np.ndarray, foot: np.ndarray, *, gap: float, aspect: float) -> np.ndarray:
    """Footprints pushed apart, then slid toward the centre along each axis in turn until they
    touch (a box keeps its order relative to every box it faces), keeping the smallest block
    (scored as ``max(width / aspect, height)``).

    A force layout leaves slack between clusters; the smaller the block, the larger its
    labels when the page fits it to the window.
    """
    half, dy = foot[:, :2], foot[:, 2]

    def size(xy: np.ndarray) -> float:
        box = rectangles(xy, foot)
        width, height = box[:, 2:].max(axis=0) - box[:, :2].min(axis=0)
        return max(float(width) / aspect, float(height))

    if len(xy) > LARGE:
        # A large force layout packs footprints far tighter than they fit: spread it first to
        # about three times their area, or separation spends its rounds on millions of pairs.
        box = rectangles(xy, foot)
        area = float(np.prod(box[:, 2:].max(axis=0) - box[:, :2].min(axis=0)))
        need = 3 * float((4 * half.prod(axis=1)).sum())
        if area < need:
            centre = xy.mean(axis=0)
            xy = centre + (xy - centre) * math.sqrt(need / max(area, 1e-9))
    xy = separate(xy, half, dy, gap=gap, bias=aspect)
    best, best_size = xy, size(xy)
    for _ in range(3 if len(xy) <= LARGE else 1):
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
    patience, spread = (15, 1.04) if n <= LARGE else (6, 1.06)
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
