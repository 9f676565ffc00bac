"""Marks of choice lines on text-layer PDFs, read from the page's vector paths.

A near-horizontal stroke just under an option's words is an underline, one through their
middle a strike; a closed curve around them a circle; a small open path just before them
(a V, a cross) a tick. Boxes (rectangles) are never marks by themselves: a ticked box
before an option counts through the page's checkboxes. The decision is
:func:`mseflow.reading.marks.decide`.

The option lists printed one option a row (:func:`mseflow.reading.marks.option_rows`: 486н,
Приложение № 2, «Заключение о рекомендуемом характере и условиях труда (нужное
подчеркнуть):», and a printout's «Рекомендуемые условия труда:» over the same rows) are
judged row by row as on scans (:func:`find_vector_row_marks`): a stroke under most of a row's
words (or of its wrapped second line) underlines it, a ring round it circles it; the
chosen rows are :func:`mseflow.reading.marks.decide_rows`' (some, never every row).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mseflow.reading.marks import (
    ChoiceLine,
    Segment,
    checkbox_ticks,
    choice_lines,
    decide,
    decide_rows,
    option_rows,
    ring_option,
    row_underlined,
    stroke_option,
    tick_option,
)
from mseflow.reading.page import BoxTuple, Checkbox, Line, MarkKind, OptionMark, PageText

STRIKE_BAND = (0.28, 0.8)
"""Where a strike runs, as a share of the line's height from its top (text layer)."""
UNDER_BAND = (0.8, 1.6)
"""Where an underline runs (text layer: the loose word box ends at the descender)."""
VECTOR_CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Shape:
    """A vector path as marks are judged: its box (top-left origin) and what it is."""

    bbox: BoxTuple
    kind: str
    """``hline`` (a near-horizontal stroke), ``closed`` (a ring), ``rect`` (a box, a cell:
    never a mark by itself), ``open`` (anything else: a tick, a cross)."""


def vector_shapes(page: Any, page_height: float) -> list[Shape]:
    """Every path object of a pypdfium2 page, reduced to a :class:`Shape`."""
    import pypdfium2.raw as pdfium_c

    shapes: list[Shape] = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        points, curved, closed = _path_geometry(obj.raw, pdfium_c)
        if len(points) < 2:
            continue
        xs = [x for x, _ in points]
        ys = [page_height - y for _, y in points]
        box = (min(xs), min(ys), max(xs), max(ys))
        shapes.append(Shape(box, _shape_kind(box, points, curved, closed)))
    return shapes


def _shape_kind(
    box: BoxTuple, points: list[tuple[float, float]], curved: bool, closed: bool
) -> str:
    width, height = box[2] - box[0], box[3] - box[1]
    if height <= 1.6 and width >= 3 * max(height, 0.5):
        return "hline"  # a stroked line, or a thin filled bar
    ends_meet = abs(points[0][0] - points[-1][0]) < 1.0 and abs(points[0][1] - points[-1][1]) < 1.0
    if not curved and (closed or ends_meet) and len(points) in (4, 5):
        return "rect"  # a box or a table cell: never a mark by itself
    if (curved or len(points) > 6) and (closed or ends_meet) and width > 4 and height > 4:
        return "closed"  # an ellipse, or a ring drawn as a polyline
    if (curved or len(points) > 6) and width > 4 and height > 4 and _goes_round(points):
        return "closed"  # a ring drawn by hand: its ends overshoot or stop short of each other
    return "open"


RING_MAX_GAP = 100.0
"""Widest gap (degrees) between a hand-drawn ring's points seen from its centre: a ring
goes (nearly) all the way round; a tick, a cross or a wavy underline covers a few
directions only."""


def _goes_round(points: list[tuple[float, float]]) -> bool:
    """The path's points surround the centre of their box (an unclosed circle or ellipse)."""
    import math

    xs, ys = [x for x, _ in points], [y for _, y in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    rx, ry = max(1e-6, (box[2] - box[0]) / 2), max(1e-6, (box[3] - box[1]) / 2)
    angles = sorted(
        math.degrees(math.atan2((y - cy) / ry, (x - cx) / rx)) % 360
        for x, y in points
        if math.hypot((x - cx) / rx, (y - cy) / ry) >= 0.5  # on the rim, not across the middle
    )
    if len(angles) < 6:
        return False
    gaps = [b - a for a, b in zip(angles, angles[1:], strict=False)]
    gaps.append(360 - angles[-1] + angles[0])
    return max(gaps) <= RING_MAX_GAP


def path_segments(path: Any, c: Any) -> Iterator[tuple[int, bool, tuple[float, float] | None]]:
    """Each segment of a pdfium path object: its type, whether it closes the path, and its
    point in page space (PDF origin, the object's matrix applied; None when pdfium has none)."""
    count = c.FPDFPath_CountSegments(path)
    if count <= 0:
        return
    matrix = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(path, matrix):
        matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f = 1, 0, 0, 1, 0, 0
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(count):
        segment = c.FPDFPath_GetPathSegment(path, index)
        kind = c.FPDFPathSegment_GetType(segment)
        closes = bool(c.FPDFPathSegment_GetClose(segment))
        point = None
        if c.FPDFPathSegment_GetPoint(segment, x, y):
            point = (
                matrix.a * x.value + matrix.c * y.value + matrix.e,
                matrix.b * x.value + matrix.d * y.value + matrix.f,
            )
        yield kind, closes, point


def _path_geometry(path: Any, c: Any) -> tuple[list[tuple[float, float]], bool, bool]:
    """A path's points in page space (PDF origin), whether it has curves, whether closed."""
    points: list[tuple[float, float]] = []
    curved = closed = False
    for kind, closes, point in path_segments(path, c):
        if point is None:
            continue
        curved = curved or kind == c.FPDF_SEGMENT_BEZIERTO
        closed = closed or closes
        points.append(point)
    return points, curved, closed


def find_vector_marks(page: PageText, shapes: Sequence[Shape]) -> list[OptionMark]:
    """Marked options of a text-layer page read from its vector paths (``shapes``, from
    :func:`vector_shapes`): those of its choice lines and of its option lists printed one a
    row."""
    return judge_shapes(choice_lines(page), shapes, page.checkboxes) + find_vector_row_marks(
        page, shapes
    )


def find_vector_row_marks(page: PageText, shapes: Sequence[Shape]) -> list[OptionMark]:
    """Chosen options of the lists printed one option a row (:func:`option_rows`): a stroke
    under a row's text (or under its wrapped second line), or a ring round it."""
    out: list[OptionMark] = []
    for rows in option_rows(page):
        marked: dict[int, MarkKind] = {}
        for option, indices in enumerate(rows.options):
            for index in indices:
                kind = _row_mark(page.lines[index], index, shapes)
                if kind is not None:
                    marked.setdefault(option, kind)
        out += decide_rows(page, rows, marked, VECTOR_CONFIDENCE)
    return out


def _row_mark(line: Line, index: int, shapes: Sequence[Shape]) -> MarkKind | None:
    words = [w for w in line.words if w.text.strip()]
    if not words:
        return None
    row = ChoiceLine(index, line, [Segment(words=words, core=words)])
    top, height = row.band[0], row.height
    strokes = [
        (shape.bbox[0], shape.bbox[2])
        for shape in shapes
        if _stroke(shape, height)
        and UNDER_BAND[0] < ((shape.bbox[1] + shape.bbox[3]) / 2 - top) / height <= UNDER_BAND[1]
    ]
    underlined = row_underlined(words, strokes, height)
    if underlined is None:
        return None
    if underlined:
        return "underline"
    for shape in shapes:
        if shape.kind == "closed" and _ring_sized(shape, height) and ring_option(row, shape.bbox):
            return "circle"
    return None


def _stroke(shape: Shape, height: float) -> bool:
    """A near-horizontal stroke: a line, or a flat open path (a wavy or slanted pen line)."""
    x0, y0, x1, y1 = shape.bbox
    flat = y1 - y0 <= max(1.6, 0.3 * height) and x1 - x0 >= 3 * max(y1 - y0, 0.5)
    return shape.kind == "hline" or (shape.kind == "open" and flat)


def _ring_sized(shape: Shape, height: float) -> bool:
    """A ring as tall as a line or a few (an option's one or two rows, with room round them)."""
    return 0.8 * height <= shape.bbox[3] - shape.bbox[1] <= 3.5 * height


def judge_shapes(
    lines: list[ChoiceLine], shapes: Sequence[Shape], boxes: Sequence[Checkbox] = ()
) -> list[OptionMark]:
    """Marks of the choice lines from vector shapes (top-left page coordinates)."""
    out: list[OptionMark] = []
    for line in lines:
        top, _bottom = line.band
        for shape in shapes:
            _judge_shape(line, shape, top, line.height)
        checkbox_ticks(line, boxes)
        mark = decide(line, VECTOR_CONFIDENCE)
        if mark is not None:
            out.append(mark)
    return out


def _judge_shape(line: ChoiceLine, shape: Shape, top: float, height: float) -> None:
    x0, y0, x1, y1 = shape.bbox
    if y1 < top - 2 * height or y0 > top + 3 * height:
        return
    if _stroke(shape, height):  # a wavy or slanted stroke too
        rel = ((y0 + y1) / 2 - top) / height
        strike = STRIKE_BAND[0] <= rel <= STRIKE_BAND[1]
        if not strike and not (UNDER_BAND[0] < rel <= UNDER_BAND[1]):
            return
        found = stroke_option(line, x0, x1, strike)
        if found is not None:
            if strike:
                line.segments[found[0]].struck = True
            else:
                line.segments[found[0]].mark("underline", found[1])
    elif shape.kind == "closed":
        if _ring_sized(shape, height):
            ring = ring_option(line, shape.bbox)
            if ring is not None:
                line.segments[ring[0]].mark("circle", ring[1])
    elif (
        shape.kind == "open"
        and 0.3 * height <= max(x1 - x0, y1 - y0) <= 2 * height
        and (y1 - y0 >= 0.3 * height)
    ):
        index = tick_option(line, shape.bbox)
        if index is not None:
            line.segments[index].positive.add("tick")


__all__ = ["Shape", "find_vector_marks", "find_vector_row_marks", "judge_shapes", "vector_shapes"]
