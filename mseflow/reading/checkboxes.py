"""Find square tick boxes on a raster page and tell ticked from empty (OpenCV).

Neither OCR text nor a layout engine reports a box's state (env-notes trap 14):
a box is a closed, nearly square, nearly rectangular contour about 1–3 % of the
page width across; it is ticked when enough ink lies in its inner area.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from mseflow.reading.page import BoxTuple, Checkbox, Word
from mseflow.reading.preprocess import Gray, ink_mask

MIN_SIDE_FRACTION = 0.009
MAX_SIDE_FRACTION = 0.03
MIN_RECTANGULARITY = 0.86
TICK_INK_RATIO = 0.07
MIN_SIDE_COVERAGE = 0.9
MIN_CORNER_INK = 0.25
MAX_INNER_INK = 0.7  # a tick fills ≤ 0.61 of the inner square; a bold letter («в») ~0.8
FILLED_INK = 0.95
"""A box this solid, border and inside, standing alone, is a filled (■) mark, not a letter."""


def find_raster_checkboxes(gray: Gray) -> list[Checkbox]:
    """Return the tick boxes on a grayscale page image (boxes in its pixels).

    Boxes are searched twice: on the ink mask, and on the mask with long
    horizontal rules taken out, since a ticked box resting on a table rule
    merges with it into one wide shape.
    """
    mask = detach_from_rules(ink_mask(gray))
    width = gray.shape[1]
    lo, hi = MIN_SIDE_FRACTION * width, MAX_SIDE_FRACTION * width
    candidates = _square_contours(mask, lo, hi)
    candidates += boxes_under_marks(mask, lo, hi)
    found: list[BoxTuple] = []
    for box in sorted(candidates, key=lambda b: (b[0] - b[2]) * (b[3] - b[1])):  # largest first
        if not any(_overlap(box, other) > 0.5 or _contains(other, box) for other in found):
            found.append(box)
    judged = [_judge(mask, box) for box in sorted(found, key=lambda b: (b[1], b[0]))]
    return [cb for cb in judged if cb is not None]


def detach_from_rules(mask: Gray, min_fraction: float = 0.04) -> Gray:
    """The ink mask less horizontal runs longer than ``min_fraction`` of the page width."""
    length = max(10, int(mask.shape[1] * min_fraction))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    return cv2.subtract(mask, cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel))


def boxes_under_marks(mask: Gray, lo: float, hi: float) -> list[BoxTuple]:
    """Boxes hidden in a larger shape: a hand-drawn tick that runs out over the border.

    The tick merges with the box into one shape that is not square. Its top and
    bottom sides are still two horizontal runs of about one length, as far apart
    as they are long; a slanted pen stroke makes no such run. Each pair found is
    a box when ink runs along all four sides (:func:`has_square_border`).
    """
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[BoxTuple] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (lo <= w <= 2.5 * hi and lo <= h <= 2.5 * hi):
            continue
        bands = _horizontal_bands(mask[y : y + h, x : x + w] > 0, 0.7 * lo)
        for i, top in enumerate(bands):
            for bottom in bands[i + 1 :]:
                length = (top[2] + bottom[2]) / 2
                x0, x1 = (top[1] + bottom[1]) / 2, (top[1] + bottom[1]) / 2 + length
                side = bottom[0] - top[0]
                if abs(top[1] - bottom[1]) > 0.2 * length or abs(top[2] - bottom[2]) > 0.2 * length:
                    continue
                if not (lo <= length <= hi) or abs(side - length) > 0.2 * length:
                    continue
                box = (int(x + x0), int(y + top[0]), int(x + x1), int(y + bottom[0]) + 1)
                if _overshot_box(mask, box, (x, y, x + w, y + h)):
                    found.append(tuple(float(v) for v in box))  # type: ignore[arg-type]
    return found


def _overshot_box(mask: Gray, box: tuple[int, int, int, int], shape: tuple[int, ...]) -> bool:
    """A drawn box with a thin stroke running out of it, not a blob of touching letters.

    Four straight sides (each side has one unbroken run of ink along ≥ 85 % of
    it), a thin frame (white just inside each side, but where the stroke
    crosses), the shape reaching out of the box, and little ink outside the box
    (a pen stroke, not a word).
    """
    x0, y0, x1, y1 = box
    side = min(x1 - x0, y1 - y0)
    t = max(2, round(0.15 * side))
    region = mask[y0:y1, x0:x1] > 0
    if not has_square_border(mask, box) or region.size == 0:
        return False
    strips = (region[:t, :].T, region[-t:, :].T, region[:, :t], region[:, -t:])
    if min(_longest_run(strip) for strip in strips) < 0.85 * side:
        return False
    inside = (region[t : 2 * t, t:-t], region[-2 * t : -t, t:-t], region[t:-t, t : 2 * t])
    inside += (region[t:-t, -2 * t : -t],)
    if max(float(strip.mean()) for strip in inside if strip.size) > 0.6:
        return False  # thick strokes all round: a bold letter, not a thin frame
    sx0, sy0, sx1, sy1 = shape
    reach = max(x0 - sx0, y0 - sy0, sx1 - x1, sy1 - y1)
    if reach < 0.15 * side:
        return False
    outside = float((mask[sy0:sy1, sx0:sx1] > 0).sum()) - float(region.sum())
    frame = float(region.sum()) - float(region[t:-t, t:-t].sum())
    return outside <= 0.6 * frame


def _longest_run(strip: Gray) -> int:
    """The longest run of ink along the rows of ``strip`` in any one of its columns."""
    best = 0
    for col in range(strip.shape[1]):
        line = np.concatenate(([0], strip[:, col].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(line))
        if len(edges):
            best = max(best, int((edges[1::2] - edges[::2]).max()))
    return best


def _horizontal_bands(region: Gray, min_run: float) -> list[tuple[int, int, int]]:
    """(row, start, length) of the longest ink run of each row band whose run is long enough.

    Consecutive qualifying rows form one band; the band's outer row is kept
    (its first row for the top of a box is found as the first band's row).
    """
    rows: list[tuple[int, int, int]] = []
    if region.size:  # all rows at once: the run ending at each pixel, the first longest per row
        ink = region.astype(bool)
        column = np.arange(ink.shape[1])
        last_gap = np.maximum.accumulate(np.where(ink, -1, column), axis=1)
        run = np.where(ink, column - last_gap, 0)
        longest, end = run.max(axis=1), run.argmax(axis=1)
        for r in np.flatnonzero((longest > 0) & (longest >= min_run)):
            length = int(longest[r])
            rows.append((int(r), int(end[r]) - length + 1, length))
    bands: list[list[tuple[int, int, int]]] = []
    for row in rows:
        if bands and row[0] == bands[-1][-1][0] + 1:
            bands[-1].append(row)
        else:
            bands.append([row])
    out = []
    for i, band in enumerate(bands):
        edge = band[0] if i == 0 else band[-1]
        longest = max(band, key=lambda b: b[2])
        out.append((edge[0], longest[1], longest[2]))
    return out


def _square_contours(mask: Gray, lo: float, hi: float) -> list[BoxTuple]:
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes: list[BoxTuple] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (lo <= w <= hi and lo <= h <= hi) or abs(w - h) > 0.2 * max(w, h):
            continue
        if cv2.contourArea(contour) < MIN_RECTANGULARITY * w * h:
            continue
        if has_square_border(mask, (x, y, x + w, y + h)):
            boxes.append((float(x), float(y), float(x + w), float(y + h)))
    return boxes


def has_square_border(mask: Gray, box: tuple[int, int, int, int]) -> bool:
    """True when ink runs along all four sides and fills all four corners.

    Tells a drawn box from a bold letter of the same size («в», «о», «д»): a
    letter's corners are rounded or open, a box's are square.
    """
    x0, y0, x1, y1 = box
    region = mask[y0:y1, x0:x1] > 0
    h, w = region.shape
    t = max(2, round(0.15 * min(w, h)))
    sides = (
        region[:t, :].any(axis=0),
        region[-t:, :].any(axis=0),
        region[:, :t].any(axis=1),
        region[:, -t:].any(axis=1),
    )
    if min(float(side.mean()) for side in sides) < MIN_SIDE_COVERAGE:
        return False
    corners = (region[:t, :t], region[:t, -t:], region[-t:, :t], region[-t:, -t:])
    return min(float(c.mean()) for c in corners) >= MIN_CORNER_INK


def whiten_boxes(gray: Gray, boxes: list[Checkbox]) -> Gray:
    """Return a copy with the boxes painted white, so OCR does not read them as letters."""
    out = gray.copy()
    for cb in boxes:
        x0, y0, x1, y1 = (int(v) for v in cb.bbox)
        pad = max(3, (x1 - x0) // 6)
        out[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 255
    return out


def _judge(mask: Gray, box: BoxTuple) -> Checkbox | None:
    """Ticked or empty by the ink inside; ``None`` when the inside is nearly solid (a letter)."""
    x0, y0, x1, y1 = (int(v) for v in box)
    margin = max(2, int(0.22 * (x1 - x0)))
    inner = mask[y0 + margin : y1 - margin, x0 + margin : x1 - margin]
    ratio = float(inner.mean()) / 255.0 if inner.size else 0.0
    if ratio >= FILLED_INK:
        whole = mask[y0:y1, x0:x1]
        filled = float(whole.mean()) / 255.0 if whole.size else 0.0
        if filled >= FILLED_INK and _isolated(mask, (x0, y0, x1, y1)):
            return Checkbox(bbox=box, checked=True, confidence=0.8)
        return None
    if ratio > MAX_INNER_INK:
        if _framed_fill(mask, (x0, y0, x1, y1)):
            return Checkbox(bbox=box, checked=True, confidence=0.8)
        return None
    checked = ratio >= TICK_INK_RATIO
    distance = abs(ratio - TICK_INK_RATIO) / TICK_INK_RATIO
    return Checkbox(bbox=box, checked=checked, confidence=round(min(1.0, 0.5 + distance), 3))


def _framed_fill(mask: Gray, box: tuple[int, int, int, int]) -> bool:
    """A box with a solid square set inside its frame (■ in □): a filled mark, not a letter.

    Across the middle, both ways, the box reads frame – white – solid core –
    white – frame, the core at least a third of the side; a bold letter of a
    box's size has no white between its frame and its core.
    """
    x0, y0, x1, y1 = box
    region = mask[y0:y1, x0:x1] > 0
    side = min(region.shape)
    if side < 8:
        return False
    h, w = region.shape
    lines = [region[r, :] for r in (h // 2 - side // 8, h // 2, h // 2 + side // 8)]
    lines += [region[:, c] for c in (w // 2 - side // 8, w // 2, w // 2 + side // 8)]
    return all(_frame_core_frame(line, side) for line in lines)


def _frame_core_frame(line: np.ndarray, side: int) -> bool:
    """Ink runs of one line across a box: frame, core (≥ a third of the side), frame."""
    padded = np.concatenate(([0], line.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    runs = list(zip(edges[::2], edges[1::2], strict=True))
    if len(runs) != 3:
        return False
    (_, a1), (b0, b1), (c0, _) = runs
    return b1 - b0 >= side / 3 and b0 - a1 >= 1 and c0 - b1 >= 1


def _isolated(mask: Gray, box: tuple[int, int, int, int]) -> bool:
    """Little ink in a ring around ``box`` (a lone square, not a bold letter inside a word)."""
    x0, y0, x1, y1 = box
    pad = max(3, (x1 - x0) // 5)
    outer = mask[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] > 0
    inner = float((mask[y0:y1, x0:x1] > 0).sum())
    ring = outer.size - (x1 - x0) * (y1 - y0)
    return ring > 0 and (float(outer.sum()) - inner) / ring <= 0.15


@dataclass(frozen=True, slots=True)
class VectorBox:
    """A square vector rectangle of a text-layer page, as drawn."""

    bbox: BoxTuple
    marked: bool
    """Another path (a tick stroke) is drawn inside it."""
    dark: bool
    """It is filled with a dark colour (a ■ mark, or a shaded cell)."""


SIZE_TOLERANCE = 0.25
"""A dark square differing more than this from its column's empty boxes is no tick box."""
TOUCH = 0.25
"""Dark squares closer than this many sides to each other form a shaded band."""


def judge_vector_boxes(rects: Sequence[VectorBox], words: Sequence[Word]) -> list[Checkbox]:
    """Tick boxes from a page's square rectangles: ticked when marked inside or filled dark.

    A dark fill is a ■ mark only when it stands like a tick box: no word printed
    inside it (a shaded cell holding a label or a header), not touching another
    dark square (a shaded header row or background band is drawn as adjoining
    cells), and the size of the empty boxes of its column (a shaded cell of a
    table is not the size of the form's boxes). Otherwise it is no box at all.
    """
    rects = _nested_marks(rects)
    out: list[Checkbox] = []
    for rect in rects:
        if rect.dark and not rect.marked and _background_fill(rect, rects, words):
            continue
        out.append(Checkbox(bbox=rect.bbox, checked=rect.marked or rect.dark))
    return out


def _nested_marks(rects: Sequence[VectorBox]) -> list[VectorBox]:
    """A smaller dark square drawn inside a box frame (■ in □) is the frame's tick, not a box.

    The frame is marked; the inner square is dropped (it is no box of its own).
    """
    inner = {
        id(r)
        for r in rects
        if r.dark
        and any(o is not r and not o.dark and _strictly_inside(r.bbox, o.bbox) for o in rects)
    }
    out = []
    for rect in rects:
        if id(rect) in inner:
            continue
        holds = any(id(r) in inner and _strictly_inside(r.bbox, rect.bbox) for r in rects)
        out.append(VectorBox(rect.bbox, True, rect.dark) if holds else rect)
    return out


def _strictly_inside(inner: BoxTuple, outer: BoxTuple) -> bool:
    """``inner`` lies within ``outer`` and is smaller than it (a core inside a frame)."""
    smaller = (inner[2] - inner[0]) < 0.9 * (outer[2] - outer[0])
    return smaller and _contains(outer, inner)


def _background_fill(rect: VectorBox, rects: Sequence[VectorBox], words: Sequence[Word]) -> bool:
    x0, y0, x1, y1 = rect.bbox
    side = max(x1 - x0, 1.0)
    for w in words:
        cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
        if x0 < cx < x1 and y0 < cy < y1:
            return True
    others = [r for r in rects if r is not rect]
    if any(r.dark and _gap(rect.bbox, r.bbox) < TOUCH * side for r in others):
        return True
    column = [r for r in others if not r.dark and abs(r.bbox[0] - x0) < side]
    if column:
        sides = sorted(r.bbox[2] - r.bbox[0] for r in column)
        typical = sides[len(sides) // 2]
        return abs(side - typical) > SIZE_TOLERANCE * typical
    return False


def _gap(a: BoxTuple, b: BoxTuple) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(0.0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0.0, max(a[1], b[1]) - min(a[3], b[3]))
    return max(dx, dy)


def _contains(outer: BoxTuple, inner: BoxTuple) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def _overlap(a: BoxTuple, b: BoxTuple) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


__all__ = [
    "VectorBox",
    "boxes_under_marks",
    "find_raster_checkboxes",
    "judge_vector_boxes",
    "whiten_boxes",
]
