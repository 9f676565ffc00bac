"""Read PDF pages that carry a text layer: words and tick boxes from pypdfium2.

Boxes are in PDF points, origin top-left. Words are built from pdfium's character
boxes (its "loose" boxes: the font's ascent to descent, as pdfplumber's ``top`` /
``bottom``), split like pdfplumber's ``extract_words``: at white space and at gaps
over ``X_TOLERANCE``, lines clustered by ``top`` within ``Y_TOLERANCE``. On the sample
documents and generated text-layer PDFs this gives the same words as pdfplumber
(tests/core/test_text_layer.py) at a fraction of the cost: pdfplumber parses the page
in pure Python (~45 ms), pdfium in C (~3 ms).

Tick boxes are found among the vector paths: a small square rectangle is a box, and
it is ticked when another path (a line or a curve, the tick) is drawn inside it
(env-notes trap 14) or when it is filled with a dark colour (:func:`filled_dark`).
:func:`read_text_layer_page_plumber` keeps the pdfplumber reading as the reference
the pdfium one is checked against.

A cross or tick drawn as strokes standing alone in a table's mark cell (the ФГИС ИПРА
extract's «×» in «да | нет» columns) becomes the word «×» (:func:`drawn_glyph_words`),
as the OCR of the same page reads it; the pdfplumber reference reading does not do this.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator, Sequence
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from mseflow.reading.checkboxes import VectorBox, judge_vector_boxes
from mseflow.reading.layer_check import LayerVerdict, mend_words
from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.marks import choice_lines
from mseflow.reading.page import BoxTuple, Checkbox, PageText, Word
from mseflow.reading.pdfium_lock import PDFIUM_LOCK
from mseflow.reading.strikes import find_strikes
from mseflow.reading.vector_marks import (
    Shape,
    find_vector_marks,
    path_segments,
    vector_shapes,
)

BOX_MIN_PT = 5.0
BOX_MAX_PT = 16.0
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
LINE_END_HYPHEN = 0x02
"""pdfium's code for a hyphen printed at the end of a line (``FPDFText_IsHyphen``, its
hyphenation marker): it is the page's own «-» (pdfplumber reads it so), kept as one;
dropped, «Кабардино-Балкарской» broken over two lines read «Кабардино Балкарской», and
«ЯМАЛО\x02» / «НЕНЕЦКОМУ» left a control character in the issuer."""
SPACE_GAP = 0.2
"""A gap wider than this share of the character's height between two characters is a word
break: PDFs that position words instead of printing spaces (pdfium then reports the space
only as a generated character, which is skipped) keep their words apart."""


def count_letters(text: str) -> int:
    """Count alphabetic characters (what makes a text layer worth reading).

    >>> count_letters("Справка № 12")
    7
    """
    return sum(ch.isalpha() for ch in text)


def read_text_layer_page(page: Any, number: int, data: bytes | None = None) -> PageText:
    """The :class:`PageText` (source ``text_layer``) of PDF page ``number`` (1-based).

    With ``data`` (the PDF's bytes) the page is read by pypdfium2; without, by the
    ``pdfplumber`` page ``page`` (:func:`read_text_layer_page_plumber`).
    """
    return read_text_layer_page_judged(page, number, data)[0]


def read_text_layer_page_judged(
    page: Any, number: int, data: bytes | None = None
) -> tuple[PageText, LayerVerdict]:
    """:func:`read_text_layer_page`, and the verdict on the layer's spelling
    (:mod:`mseflow.reading.layer_check`: look-alike letters of the wrong script are
    mended in the words returned)."""
    if data is None:
        return read_text_layer_page_plumber_judged(page, number)
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            return read_pdfium_page_judged(document[number - 1], number)
        finally:
            document.close()


def read_pdfium_page(page: pdfium.PdfPage, number: int) -> PageText:
    """Words and tick boxes of one pypdfium2 page (look-alike letters mended)."""
    return read_pdfium_page_judged(page, number)[0]


def read_pdfium_page_judged(page: pdfium.PdfPage, number: int) -> tuple[PageText, LayerVerdict]:
    """:func:`read_pdfium_page`, and the verdict on the layer's spelling."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words, verdict = mend_words(pdfium_words(textpage, height))
    finally:
        textpage.close()
    shapes = vector_shapes(page, height)
    text_page = PageText(
        number=number,
        source="text_layer",
        width=float(width),
        height=float(height),
        lines=group_words_into_lines(words),
        checkboxes=pdfium_checkboxes(page, height, words),
    )
    glyphs = drawn_glyph_words(open_strokes(page, height), shapes, words, text_page)
    if glyphs:
        text_page.lines = group_words_into_lines([*words, *glyphs])
    text_page.marks = find_vector_marks(text_page, shapes)
    strokes = [shape.bbox for shape in shapes if shape.kind == "hline"]
    text_page.strikes = find_strikes(text_page.lines, strokes)
    return text_page, verdict


DRAWN_GLYPH = "×"
"""The word a cross or tick drawn as vector strokes stands for (what OCR reads of it)."""
GLYPH_MIN_PT = 3.0
GLYPH_MAX_PT = 16.0
VECTOR_GLYPH_CONFIDENCE = 0.95


def drawn_glyph_words(
    strokes: Sequence[Stroke], shapes: Sequence[Shape], words: Sequence[Word], page: PageText
) -> list[Word]:
    """Crosses and ticks drawn as strokes, standing alone in a table's mark cell: words ``×``.

    A printout of the ФГИС ИПРА extract marks the chosen rows of its tables («да | нет»
    columns, the mark column of «Рекомендуемые условия труда») with a cross drawn as two
    strokes, not a character: the text layer has nothing there, while the scan of the same
    page OCRs an «X». Only a mark's shape counts: two straight strokes crossing near their
    middles (a cross) or one polyline bent at its lowest point (a tick), letter-sized; a
    tick drawn as a curve (a pen's ✓) is left out: on family 7 s21 it cost work lists.
    Lone strokes (a stamp's rim, a signature's pieces, a dash) never do. A mark inside a
    drawn box is the box's (:func:`pdfium_checkboxes`), one inside a ring (a stamp) the
    ring's; one on a choice line («впервые / повторно») is judged as that line's mark
    (:mod:`mseflow.reading.vector_marks`); one drawn over words is a strike or a doodle.
    """
    marks = _drawn_marks(strokes)
    if not marks:
        return []
    small = [s.bbox for s in shapes if s.kind == "rect" and _box_sized(s.bbox)]
    rings = [s.bbox for s in shapes if s.kind == "closed"]
    bands = [line.band for line in choice_lines(page)]
    out: list[Word] = []
    for x0, y0, x1, y1 in marks:
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        if any(_inside(centre, rect) for rect in [*small, *rings]):
            continue
        if any(top - 2 <= centre[1] <= bottom + 2 for top, bottom in bands):
            continue
        if any(
            x0 < w.bbox[2] and w.bbox[0] < x1 and y0 < w.bbox[3] and w.bbox[1] < y1 for w in words
        ):
            continue
        out.append(Word(DRAWN_GLYPH, (x0, y0, x1, y1), confidence=VECTOR_GLYPH_CONFIDENCE))
    return out


Stroke = tuple[tuple[float, float], ...]
"""One straight-line subpath of a vector path: its points (top-left page coordinates)."""


def _stroke_box(stroke: Stroke) -> BoxTuple:
    xs, ys = [x for x, _ in stroke], [y for _, y in stroke]
    return (min(xs), min(ys), max(xs), max(ys))


def _within_glyph(box: BoxTuple) -> bool:
    """A path object no larger than a mark: the pieces of a larger drawing (a signature's
    pen strokes, a stamp's lettering) are never marks, however tick-like one piece is."""
    return box[2] - box[0] <= GLYPH_MAX_PT and box[3] - box[1] <= GLYPH_MAX_PT


def _letter_sized(box: BoxTuple) -> bool:
    side = max(box[2] - box[0], box[3] - box[1])
    return GLYPH_MIN_PT <= side <= GLYPH_MAX_PT and min(box[2] - box[0], box[3] - box[1]) >= (
        0.4 * side
    )


def _drawn_marks(strokes: Sequence[Stroke]) -> list[BoxTuple]:
    """Boxes of the crosses (two crossing segments) and ticks (a V polyline) among ``strokes``."""
    marks: list[BoxTuple] = []
    segments = [s for s in strokes if len(s) == 2]
    for stroke in strokes:
        if len(stroke) >= 3 and _letter_sized(box := _stroke_box(stroke)) and _is_tick(stroke):
            marks.append(box)
    for i, first in enumerate(segments):
        for second in segments[i + 1 :]:
            box = _stroke_box((*first, *second))
            if _letter_sized(box) and _cross(first, second):
                marks.append(box)
    merged: list[BoxTuple] = []
    for box in sorted(set(marks)):
        if merged and _overlap(merged[-1], box):
            last = merged[-1]
            merged[-1] = (
                min(last[0], box[0]),
                min(last[1], box[1]),
                max(last[2], box[2]),
                max(last[3], box[3]),
            )
        else:
            merged.append(box)
    return merged


def _overlap(a: BoxTuple, b: BoxTuple) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _is_tick(stroke: Stroke) -> bool:
    """A V or ✓ drawn as a polyline: its lowest point between its ends, both ends well above
    it and on either side of it (top-left y grows down)."""
    box = _stroke_box(stroke)
    height = max(box[3] - box[1], 1e-6)
    low = max(range(len(stroke)), key=lambda k: stroke[k][1])
    if low in (0, len(stroke) - 1):
        return False
    (ax, ay), (bx, by), (cx, cy) = stroke[0], stroke[low], stroke[-1]
    return min(by - ay, by - cy) >= 0.25 * height and (ax - bx) * (cx - bx) < 0


def _cross(first: Stroke, second: Stroke) -> bool:
    """Two segments crossing each other near both their middles (an X, not a corner or a T)."""
    (x1, y1), (x2, y2) = first
    (x3, y3), (x4, y4) = second
    den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    if abs(den) < 1e-9:
        return False
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
    u = -((x1 - x2) * (y1 - y3) - (y1 - y2) * (x1 - x3)) / den
    return 0.25 <= t <= 0.75 and 0.25 <= u <= 0.75


def open_strokes(page: pdfium.PdfPage, page_height: float) -> list[Stroke]:
    """The straight open subpaths of a page's path objects no larger than a mark (curves
    and closed shapes left out)."""
    strokes: list[Stroke] = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        path = obj.raw
        count = pdfium_c.FPDFPath_CountSegments(path)
        if count <= 0 or count > 64:
            continue
        current: list[tuple[float, float]] = []
        parts: list[list[tuple[float, float]]] = [current]
        usable = True
        for kind, closes, at in path_segments(path, pdfium_c):
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO or closes:
                usable = False  # a curve, a box, a ring: never a mark here (see drawn_glyph_words)
                break
            if at is None:
                continue
            point = (at[0], page_height - at[1])
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO and current:
                current = []
                parts.append(current)
            current.append(point)
        points = [point for part in parts for point in part]
        if usable and points and _within_glyph(_stroke_box(tuple(points))):
            strokes.extend(tuple(part) for part in parts if len(part) >= 2)
    return strokes


def _box_sized(box: BoxTuple) -> bool:
    width, height = box[2] - box[0], box[3] - box[1]
    return width <= 1.5 * BOX_MAX_PT and height <= 1.5 * BOX_MAX_PT


def pdfium_words(textpage: pdfium.PdfTextPage, page_height: float) -> list[Word]:
    """Words from pdfium's characters, split as pdfplumber's ``extract_words`` splits them."""
    words: list[Word] = []
    for line in _cluster_lines(list(_pdfium_chars(textpage, page_height))):
        line.sort(key=lambda c: c[1][0])
        text, box, prev = "", (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0)
        for ch, cbox in line:
            gap = min(X_TOLERANCE, SPACE_GAP * (cbox[3] - cbox[1]))
            breaks = ch.isspace() or cbox[0] > prev[2] + gap or cbox[0] < prev[0]
            if text and breaks:
                words.append(Word(text, box))
                text = ""
            prev = cbox
            if ch.isspace():
                continue
            if text:
                box = (box[0], min(box[1], cbox[1]), max(box[2], cbox[2]), max(box[3], cbox[3]))
            else:
                box = cbox
            text += ch
        if text:
            words.append(Word(text, box))
    return words


def _pdfium_chars(
    textpage: pdfium.PdfTextPage, page_height: float
) -> Iterator[tuple[str, BoxTuple]]:
    """Each character in the page's content (not those pdfium generated) and its loose box."""
    count = textpage.count_chars()
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    last: BoxTuple | None = None
    for index in range(max(0, count)):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            # pdfium writes a space where the content positions words apart without a
            # space glyph (Chromium's PDFs do): a word break, placed with the character
            # before it. Its generated line ends are dropped.
            if code == 0x20 and last is not None:
                yield (" ", last)
            continue
        if code == 0 or 0xD800 <= code <= 0xDFFF:  # none, or half of a surrogate pair
            continue
        if code == LINE_END_HYPHEN:  # a printed hyphen that ends a line («Кабардино-»)
            code = ord("-")
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
            continue
        last = (
            float(rect.left),
            float(page_height - rect.top),
            float(rect.right),
            float(page_height - rect.bottom),
        )
        yield (chr(code), last)


def _cluster_lines(chars: list[tuple[str, BoxTuple]]) -> list[list[tuple[str, BoxTuple]]]:
    """Characters grouped into lines: by ``top``, a new line past ``Y_TOLERANCE`` (pdfplumber)."""
    lines: list[list[tuple[str, BoxTuple]]] = []
    last_top: float | None = None
    for char in sorted(chars, key=lambda c: c[1][1]):
        if last_top is None or char[1][1] - last_top > Y_TOLERANCE:
            lines.append([])
        last_top = char[1][1]
        lines[-1].append(char)
    return lines


def pdfium_checkboxes(
    page: pdfium.PdfPage, page_height: float, words: Sequence[Word] = ()
) -> list[Checkbox]:
    """Square rectangles 5–16 pt across, ticked when another path lies inside (centre)
    or when filled dark (:func:`filled_dark`) and standing like a box, not a shaded cell
    (:func:`~mseflow.reading.checkboxes.judge_vector_boxes`)."""
    rects: list[tuple[BoxTuple, bool]] = []
    marks: list[tuple[float, float]] = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
        points, is_rect = _path_points(obj.raw)
        if not points:
            continue
        xs = [x for x, _ in points]
        ys = [page_height - y for _, y in points]
        box = (min(xs), min(ys), max(xs), max(ys))
        if is_rect:
            rects.append((box, filled_dark(_pdfium_fill(obj.raw))))
        else:
            marks.append(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2))
    squares: list[VectorBox] = []
    for bbox, dark in sorted(rects, key=lambda r: (r[0][1], r[0][0])):
        width, height = bbox[2] - bbox[0], bbox[3] - bbox[1]
        if not (BOX_MIN_PT <= width <= BOX_MAX_PT and abs(width - height) <= 0.2 * width):
            continue
        squares.append(VectorBox(bbox, any(_inside(pt, bbox) for pt in marks), dark))
    return judge_vector_boxes(squares, words)


def _pdfium_fill(path: Any) -> dict[str, Any]:
    """A path's fill as :func:`filled_dark` reads it: whether filled, and its RGB (0–1).

    pdfium gives the fill colour as RGB bytes (CMYK and grey already converted).
    """
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, fillmode, stroke):
        return {"fill": False}
    if fillmode.value == pdfium_c.FPDF_FILLMODE_NONE:
        return {"fill": False}
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFPageObj_GetFillColor(path, r, g, b, a):
        return {"fill": True}
    return {"fill": True, "non_stroking_color": (r.value / 255, g.value / 255, b.value / 255)}


def _path_points(path: Any) -> tuple[list[tuple[float, float]], bool]:
    """A path object's points in page space, and whether it is one axis-aligned rectangle."""
    points: list[tuple[float, float]] = []
    kinds: list[int] = []
    closed = False
    for kind, closes, point in path_segments(path, pdfium_c):
        if point is None:
            continue
        kinds.append(kind)
        closed = closed or closes
        points.append(point)
    return points, _is_rectangle(points, kinds, closed)  # no segments: not a rectangle


def _is_rectangle(points: list[tuple[float, float]], kinds: list[int], closed: bool) -> bool:
    """One move and straight lines through four axis-aligned corners (pdfplumber's ``rect``)."""
    if kinds[:1] != [pdfium_c.FPDF_SEGMENT_MOVETO] or pdfium_c.FPDF_SEGMENT_BEZIERTO in kinds:
        return False
    if pdfium_c.FPDF_SEGMENT_MOVETO in kinds[1:]:
        return False
    corners = points[:]
    if len(corners) == 5 and _near(corners[0], corners[4]):
        corners = corners[:4]
    if len(corners) != 4 or not (closed or len(points) == 5):
        return False
    xs = sorted({round(px, 2) for px, _ in corners})
    ys = sorted({round(py, 2) for _, py in corners})
    if len(xs) != 2 or len(ys) != 2:
        return False
    return all(
        abs(corners[i][0] - corners[i - 1][0]) < 0.01
        or abs(corners[i][1] - corners[i - 1][1]) < 0.01
        for i in range(4)
    )


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 0.01 and abs(a[1] - b[1]) < 0.01


def read_text_layer_page_plumber(page: Any, number: int) -> PageText:
    """Turn one ``pdfplumber`` page into a :class:`PageText` (the reference reading)."""
    return read_text_layer_page_plumber_judged(page, number)[0]


def read_text_layer_page_plumber_judged(page: Any, number: int) -> tuple[PageText, LayerVerdict]:
    """:func:`read_text_layer_page_plumber`, and the verdict on the layer's spelling."""
    words, verdict = mend_words(
        Word(w["text"], (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    )
    text_page = PageText(
        number=number,
        source="text_layer",
        width=float(page.width),
        height=float(page.height),
        lines=group_words_into_lines(words),
        checkboxes=find_vector_checkboxes(page, words),
    )
    return text_page, verdict


def find_vector_checkboxes(page: Any, words: Sequence[Word] = ()) -> list[Checkbox]:
    """Return the square tick boxes drawn as vector rectangles on a ``pdfplumber`` page."""
    marks = [_centre(obj) for obj in [*page.lines, *page.curves]]
    squares: list[VectorBox] = []
    for rect in page.rects:
        width, height = float(rect["width"]), float(rect["height"])
        if not (BOX_MIN_PT <= width <= BOX_MAX_PT and abs(width - height) <= 0.2 * width):
            continue
        bbox = (float(rect["x0"]), float(rect["top"]), float(rect["x1"]), float(rect["bottom"]))
        marked = any(_inside(point, bbox) for point in marks)
        squares.append(VectorBox(bbox, marked, filled_dark(rect)))
    return judge_vector_boxes(squares, words)


def filled_dark(rect: dict[str, Any]) -> bool:
    """A box filled with a dark colour (a ■ mark drawn as a filled square) is ticked.

    >>> filled_dark({"fill": True, "non_stroking_color": (0.0, 0.0, 0.0)})
    True
    >>> filled_dark({"fill": True, "non_stroking_color": (1.0, 1.0, 1.0)})
    False
    """
    if not rect.get("fill"):
        return False
    color = rect.get("non_stroking_color")
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    numbers = [float(v) for v in values if isinstance(v, (int, float))]
    if not numbers:
        return False
    if len(numbers) == 4:  # CMYK: dark when K (or the sum of inks) is high
        return numbers[3] >= 0.6 or sum(numbers[:3]) >= 2.4
    return sum(numbers) / len(numbers) <= 0.4


def _centre(obj: dict[str, Any]) -> tuple[float, float]:
    return (
        (float(obj["x0"]) + float(obj["x1"])) / 2,
        (float(obj["top"]) + float(obj["bottom"])) / 2,
    )


def _inside(point: tuple[float, float], bbox: tuple[float, float, float, float]) -> bool:
    x, y = point
    return bbox[0] < x < bbox[2] and bbox[1] < y < bbox[3]
