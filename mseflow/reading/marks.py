"""Which option of a printed choice line the officer marked («нужное подчеркнуть»).

Blank forms print choices on one line: «Инвалидность установлена: впервые / повторно
(нужное подчеркнуть)», «на срок до ____ / бессрочно», «Трудовая деятельность: доступна /
противопоказана». The chosen option is underlined, circled, ticked before it, or every
other option is struck out. Text alone does not show which, so this module looks at the
graphics around the words of each choice line:

* text-layer PDFs: the page's vector paths (pypdfium2 page objects) —
  :func:`find_vector_marks`;
* scans: small bands of the deskewed page image around the OCR words of the choice lines
  only (no second OCR pass) — :func:`find_raster_marks`.

A horizontal stroke under an option's words is an underline, one through their middle a
strike; a closed curve (a ring of ink) around them a circle; a tick shape, a tick glyph
(✓ V X ■) or a ticked box just before them a tick. A stroke that reaches into another
option (a table rule, a fill-in rule under the whole line) marks nothing; printed
underscores «____» for a fill-in are never an underline. A line counts only when exactly
one option is marked, or every option but one is struck out (:func:`decide`); anything
else gives no mark: a wrong value is worse than a null.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from mseflow.reading.page import BoxTuple, Checkbox, Line, MarkKind, OptionMark, PageText, Word
from mseflow.reading.preprocess import Gray

SEPARATOR = "/"
TICK_GLYPHS = frozenset("✓✔☑☒✗✘×■●VvXx√")
"""A word made only of these, just before an option, is a tick mark."""
ROMAN_ONLY = re.compile(r"^[IVXLПШ1-3]+\.?$")
NUMERIC_SLASH = re.compile(r"\d\s*/\s*\d")
OPTION_DIGITS = re.compile(r"^[1-3](?:/[1-3])+$")
FILL_IN = re.compile(r"^[_.…\-—]{2,}$")
"""A printed blank for a fill-in (never an underline), or a stand-in for lost print."""
HINT_START = "("
HINT_WORD = re.compile(r"подчеркн|нужное", re.IGNORECASE)

STRIKE_BAND = (0.28, 0.8)
"""Where a strike runs, as a share of the line's height from its top (text layer)."""
UNDER_BAND = (0.8, 1.6)
"""Where an underline runs (text layer: the loose word box ends at the descender)."""
RASTER_STRIKE_BAND = (0.25, 0.85)
"""Raster: a share of the x-height band (letters' dense rows) from its top."""
RASTER_UNDER_BAND = (1.05, 2.8)
MIN_COVER = 0.8
"""A stroke must run under/through this share of an option word."""
GRAZE = 0.3
"""A stroke over this share of a word of another option marks nothing (a rule)."""
VECTOR_CONFIDENCE = 0.95
RASTER_CONFIDENCE = 0.88


@dataclass(slots=True)
class Segment:
    """One option of a choice line: its words, the option's own words (``core``), marks."""

    words: list[Word] = field(default_factory=list)
    core: list[Word] = field(default_factory=list)
    ticked_glyph: bool = False
    positive: set[str] = field(default_factory=set)
    struck: bool = False
    hit: list[Word] = field(default_factory=list)
    """The core words an underline or a circle covers (the option as marked)."""
    ring: BoxTuple | None = None
    """The circle's box (scans), where its inside can be read again."""

    @property
    def text(self) -> str:
        """The option's printed text."""
        return " ".join(w.text for w in self.core)

    @property
    def marked_text(self) -> str:
        """The words the mark covers, in order (the whole option when a strike chose it)."""
        words = [w for w in self.core if w in self.hit] or self.core
        return " ".join(w.text for w in words)

    def mark(self, kind: str, words: Iterable[Word]) -> None:
        """Note a positive mark of ``kind`` over ``words``."""
        self.positive.add(kind)
        self.hit.extend(w for w in words if w not in self.hit)

    @property
    def bbox(self) -> BoxTuple:
        """The union of the option's marked words (all its words when none is noted)."""
        boxes = [w.bbox for w in self.core if w in self.hit] or [w.bbox for w in self.core]
        boxes = boxes or [w.bbox for w in self.words]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass(slots=True)
class ChoiceLine:
    """A line of the page that prints two or more options separated by «/»."""

    index: int
    line: Line
    segments: list[Segment]
    single: bool = False
    """A scanned line with the hint «(нужное подчеркнуть)» but no options left to read
    (the OCR ran a circled option into its ring): only a ring counts, and only with its
    inside read again."""

    @property
    def band(self) -> tuple[float, float]:
        """(top, bottom) of the line: the medians of its words' tops and bottoms."""
        tops = sorted(w.bbox[1] for w in self.line.words)
        bottoms = sorted(w.bbox[3] for w in self.line.words)
        return tops[len(tops) // 2], bottoms[len(bottoms) // 2]

    @property
    def height(self) -> float:
        """The line's height (median word height)."""
        top, bottom = self.band
        return max(1.0, bottom - top)


# ---- finding choice lines ---------------------------------------------------------------


def _split_word(word: Word) -> list[Word | None]:
    """A word holding «/» cut into its pieces (``None`` stands for each separator).

    >>> [w.text if w else None for w in _split_word(Word("впервые/повторно", (0, 0, 160, 10)))]
    ['впервые', None, 'повторно']
    >>> [w.text for w in _split_word(Word("49.47.72/2025", (0, 0, 10, 10)))]
    ['49.47.72/2025']
    """
    text = word.text
    if SEPARATOR not in text or (NUMERIC_SLASH.search(text) and not OPTION_DIGITS.match(text)):
        return [word]
    if text == SEPARATOR:
        return [None]
    x0, y0, x1, y1 = word.bbox
    step = (x1 - x0) / max(1, len(text))
    out: list[Word | None] = []
    pos = 0
    for i, piece in enumerate(text.split(SEPARATOR)):
        if i:
            out.append(None)
            pos += 1
        if piece:
            a, b = x0 + pos * step, x0 + (pos + len(piece)) * step
            out.append(Word(piece, (a, y0, b, y1), word.confidence))
        pos += len(piece)
    return out


def _is_tick_word(text: str) -> bool:
    return bool(text) and all(ch in TICK_GLYPHS for ch in text) and len(text) <= 2


def _core(words: list[Word], first: bool, last: bool, width_hint: int) -> tuple[list[Word], bool]:
    """The option's own words of a segment, and whether a tick glyph stands before them."""
    core = list(words)
    if last:
        cut = next(
            (
                i
                for i, w in enumerate(core)
                if i and (w.text.startswith(HINT_START) or HINT_WORD.search(w.text))
            ),
            None,
        )
        core = core[:cut] if cut is not None else core
    if first:
        colon = [i for i, w in enumerate(core) if w.text.endswith(":")]
        if colon:
            core = core[colon[-1] + 1 :]
        elif len(core) > width_hint:
            keep = core[-width_hint:]
            before = core[-width_hint - 1] if len(core) > width_hint else None
            if before is not None and (
                _is_tick_word(before.text) or all(FILL_IN.match(w.text) for w in keep)
            ):
                keep = [before, *keep]
            core = keep
    ticked = False
    while core and _is_tick_word(core[0].text):
        ticked = True
        core = core[1:]
    if not ticked and first and words and core:
        pos = words.index(core[0])
        ticked = pos > 0 and _is_tick_word(words[pos - 1].text)
    return core, ticked


VANISHED = "……"
"""Text of a stand-in word for print the OCR lost: a wide gap inside a choice line (a
struck-out option or a fill-in blank is often not read at all)."""
GAP_LINES = 2.5
"""A gap this many line heights wide inside a choice line holds lost print."""


def _with_vanished(words: list[Word]) -> list[Word | None]:
    """The line's words with a stand-in word in every wide gap (scans only).

    A line without «/» but with the hint «(нужное подчеркнуть)» and one gap gets a
    separator beside its stand-in: after it when the gap follows the label's colon,
    before it otherwise («Трудовая деятельность: ~~доступна~~ / противопоказана» read as
    «Трудовая деятельность: противопоказана (нужное подчеркнуть)»).
    """
    if len(words) < 2:
        return list(words)
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    height = heights[len(heights) // 2]
    tops = sorted(w.bbox[1] for w in words)
    top, bottom = tops[len(tops) // 2], tops[len(tops) // 2] + height
    separated = any(SEPARATOR in w.text for w in words)
    hinted = any(HINT_WORD.search(w.text) for w in words)
    out: list[Word | None] = [words[0]]
    gaps = 0
    for prev, word in zip(words, words[1:], strict=False):
        if word.bbox[0] - prev.bbox[2] >= GAP_LINES * height:
            x0, x1 = prev.bbox[2] + 0.25 * height, word.bbox[0] - 0.25 * height
            stand_in = Word(VANISHED, (x0, top, x1, bottom), 0.0)
            gaps += 1
            if separated or not hinted:
                out.append(stand_in)
            elif prev.text.endswith(":"):
                out.extend([stand_in, None])
            else:
                out.extend([None, stand_in])
        out.append(word)
    if not separated and gaps != 1:
        return list(words)
    return out


def choice_lines(page: PageText, vanished: bool = False) -> list[ChoiceLine]:
    """Lines of ``page`` that print options separated by «/» (cheap: text only).

    ``vanished`` (scans): wide gaps get stand-in words (:func:`_with_vanished`), so a
    struck-out option or a blank the OCR did not read still counts as an option.
    """
    out: list[ChoiceLine] = []
    for index, line in enumerate(page.lines):
        words: list[Word | None] = list(line.words)
        separated = any(SEPARATOR in w.text for w in line.words)
        if vanished and (separated or any(HINT_WORD.search(w.text) for w in line.words)):
            words = _with_vanished(list(line.words))
        if not separated and None not in words:
            continue
        parts: list[list[Word]] = [[]]
        for word in words:
            for piece in [None] if word is None else _split_word(word):
                if piece is None:
                    parts.append([])
                else:
                    parts[-1].append(piece)
        if len(parts) < 2 or any(not _has_text(p) for p in parts):
            continue
        last = len(parts) - 1
        segments = [Segment(words=parts[0])]
        for i, part in enumerate(parts[1:], start=1):
            core, ticked = _core(part, False, i == last, 1)
            segments.append(Segment(words=part, core=core, ticked_glyph=ticked))
        hint = max(1, min(len(segments[1].core), 4))
        segments[0].core, segments[0].ticked_glyph = _core(parts[0], True, False, hint)
        if all(s.core for s in segments):
            out.append(ChoiceLine(index, Line(tuple(w for p in parts for w in p)), segments))
    return out


def _has_text(words: Iterable[Word]) -> bool:
    return any(any(ch.isalnum() or ch == "_" for ch in w.text) for w in words)


# ---- judging one line -------------------------------------------------------------------


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """The share of ``[b0, b1]`` that ``[a0, a1]`` covers."""
    return max(0.0, min(a1, b1) - max(a0, b0)) / max(1e-6, b1 - b0)


def _stroke_segments(
    line: ChoiceLine, x0: float, x1: float, strike: bool
) -> tuple[int, list[Word]] | None:
    """The one option a horizontal stroke marks and the words it covers, or None (it marks
    none, or reaches into another option)."""
    height = line.height
    lo, hi = line.line.bbox[0], line.line.bbox[2]
    if x0 < lo - 3 * height or x1 > hi + 3 * height:
        return None  # runs far past the line's text: a rule
    marked: dict[int, list[Word]] = {}
    grazed: set[int] = set()
    for i, seg in enumerate(line.segments):
        for w in seg.words:
            share = _overlap(x0, x1, w.bbox[0], w.bbox[2])
            if share >= GRAZE:
                grazed.add(i)
            fill = bool(FILL_IN.match(w.text)) or "_" in w.text
            if w in seg.core and share >= MIN_COVER and (strike or not fill):
                marked.setdefault(i, []).append(w)
    if len(grazed) != 1 or len(marked) != 1:
        return None
    [(index, words)] = marked.items()
    core = line.segments[index].core
    span = max(w.bbox[2] for w in core) - min(w.bbox[0] for w in core)
    overshoot = max(1.5 * height, 0.4 * span)
    if x0 < min(w.bbox[0] for w in core) - overshoot or x1 > max(w.bbox[2] for w in core) + (
        overshoot
    ):
        return None  # a fill-in rule or a rule under the label and the option
    return index, words


def _ring_segment(line: ChoiceLine, box: BoxTuple) -> tuple[int, list[Word]] | None:
    """The one option a closed curve around ``box`` encloses and the words inside, or None."""
    enclosed: set[int] = set()
    for i, seg in enumerate(line.segments):
        for w in seg.words:
            cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                enclosed.add(i)
    if len(enclosed) != 1:
        return None
    [index] = enclosed
    inside = [
        w
        for w in line.segments[index].core
        if _overlap(box[0], box[2], w.bbox[0], w.bbox[2]) >= 0.7
        or box[0] <= (w.bbox[0] + w.bbox[2]) / 2 <= box[2]
    ]
    return (index, inside) if inside else None


def _tick_segment(line: ChoiceLine, box: BoxTuple) -> int | None:
    """The option a small mark (a tick shape, a ticked box) just left of it stands before."""
    height = line.height
    top, bottom = line.band
    cy = (box[1] + box[3]) / 2
    if not (top - 0.5 * height <= cy <= bottom + 0.5 * height):
        return None
    for i, seg in enumerate(line.segments):
        start = seg.core[0].bbox[0]
        if start - 3 * height <= box[2] <= start + 0.3 * height and box[0] < start:
            words_between = [
                w for w in line.line.words if box[2] < (w.bbox[0] + w.bbox[2]) / 2 < start
            ]
            if not words_between:
                return i
    return None


def _checkbox_ticks(line: ChoiceLine, boxes: Sequence[Checkbox]) -> None:
    """Ticked boxes before options (□ впервые ☑ повторно) mark those options."""
    for cb in boxes:
        index = _tick_segment(line, cb.bbox)
        if index is not None and cb.checked:
            line.segments[index].positive.add("tick")


def decide(
    line: ChoiceLine, confidence: float = 1.0, reread: Callable[[BoxTuple], str] | None = None
) -> OptionMark | None:
    """The line's mark when it is unambiguous: exactly one option marked (and not struck),
    or all options but one struck out; else None.

    ``reread`` (scans) reads the inside of a circle again: a ring runs into the letters it
    encloses, so the OCR's own word there is often garbled or missing.
    """
    for seg in line.segments:
        if seg.ticked_glyph:
            seg.positive.add("tick")
    options = tuple(s.text for s in line.segments)
    positive = [i for i, s in enumerate(line.segments) if s.positive]
    struck = [i for i, s in enumerate(line.segments) if s.struck]
    chosen: int | None = None
    kind: MarkKind
    if len(positive) == 1 and positive[0] not in struck:
        chosen = positive[0]
        marks = line.segments[chosen].positive
        kind = next(k for k in ("circle", "underline", "tick") if k in marks)  # type: ignore[assignment]
        if struck and len(struck) != len(line.segments) - 1:
            return None  # some others struck, some not: unclear
    elif not positive and len(struck) == len(line.segments) - 1:
        chosen = next(i for i in range(len(line.segments)) if i not in struck)
        kind = "struck_others"
    if chosen is None:
        return None
    seg = line.segments[chosen]
    again = ""
    if kind == "circle" and seg.ring is not None and reread is not None:
        again = reread(seg.ring)
    if line.single and not again:
        return None  # a hint line: only a circle whose inside reads counts
    option = again or seg.marked_text
    if VANISHED in option:
        return None  # the chosen option is print the OCR lost: its text is unknown
    if line.single:
        options = (option,)
    return OptionMark(
        option=option,
        kind=kind,
        bbox=tuple(round(v, 2) for v in seg.bbox),  # type: ignore[arg-type]
        line=line.index,
        options=options,
        confidence=confidence,
    )


# ---- text layer: vector paths -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shape:
    """A vector path as marks are judged: its box (top-left origin) and what it is."""

    bbox: BoxTuple
    kind: str
    """``hline`` (a near-horizontal stroke), ``closed`` (a ring), ``open`` (anything else)."""


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
    if curved and (closed or ends_meet) and width > 4 and height > 4:
        return "closed"
    return "open"


def _path_geometry(path: Any, c: Any) -> tuple[list[tuple[float, float]], bool, bool]:
    """A path's points in page space (PDF origin), whether it has curves, whether closed."""
    count = c.FPDFPath_CountSegments(path)
    if count <= 0:
        return [], False, False
    matrix = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(path, matrix):
        matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f = 1, 0, 0, 1, 0, 0
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    curved = closed = False
    for index in range(count):
        segment = c.FPDFPath_GetPathSegment(path, index)
        if not c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        curved = curved or c.FPDFPathSegment_GetType(segment) == c.FPDF_SEGMENT_BEZIERTO
        closed = closed or bool(c.FPDFPathSegment_GetClose(segment))
        points.append(
            (
                matrix.a * x.value + matrix.c * y.value + matrix.e,
                matrix.b * x.value + matrix.d * y.value + matrix.f,
            )
        )
    return points, curved, closed


def find_vector_marks(pdf_page: Any, page: PageText) -> list[OptionMark]:
    """Marked options of a text-layer page read from its vector paths (pypdfium2 page)."""
    lines = choice_lines(page)
    if not lines:
        return []
    return judge_shapes(lines, vector_shapes(pdf_page, page.height), page.checkboxes)


def judge_shapes(
    lines: list[ChoiceLine], shapes: Sequence[Shape], boxes: Sequence[Checkbox] = ()
) -> list[OptionMark]:
    """Marks of the choice lines from vector shapes (top-left page coordinates)."""
    out: list[OptionMark] = []
    for line in lines:
        top, _bottom = line.band
        for shape in shapes:
            _judge_shape(line, shape, top, line.height)
        _checkbox_ticks(line, boxes)
        mark = decide(line, VECTOR_CONFIDENCE)
        if mark is not None:
            out.append(mark)
    return out


def _judge_shape(line: ChoiceLine, shape: Shape, top: float, height: float) -> None:
    x0, y0, x1, y1 = shape.bbox
    if y1 < top - 2 * height or y0 > top + 3 * height:
        return
    if shape.kind == "hline":
        rel = ((y0 + y1) / 2 - top) / height
        strike = STRIKE_BAND[0] <= rel <= STRIKE_BAND[1]
        if not strike and not (UNDER_BAND[0] < rel <= UNDER_BAND[1]):
            return
        found = _stroke_segments(line, x0, x1, strike)
        if found is not None:
            if strike:
                line.segments[found[0]].struck = True
            else:
                line.segments[found[0]].mark("underline", found[1])
    elif shape.kind == "closed":
        if 0.8 * height <= y1 - y0 <= 3.5 * height:
            ring = _ring_segment(line, shape.bbox)
            if ring is not None:
                line.segments[ring[0]].mark("circle", ring[1])
    elif (
        shape.kind == "open"
        and 0.3 * height <= max(x1 - x0, y1 - y0) <= 2 * height
        and (y1 - y0 >= 0.3 * height)
    ):
        index = _tick_segment(line, shape.bbox)
        if index is not None:
            line.segments[index].positive.add("tick")


# ---- scans: the page image --------------------------------------------------------------


def find_raster_marks(gray: Gray, page: PageText, engine: Any = None) -> list[OptionMark]:
    """Marked options of an OCR page, from the (deskewed) image the OCR words were read on.

    Only a band around each choice line is looked at: its ink mask, the long horizontal
    runs in it (underlines, strikes, rules, fill-in underscores) and its ring-shaped
    connected components (circles). With ``engine`` (the page's OCR engine) the inside
    of a circle is read again, one small crop per circle (:func:`reread_ring`).
    """
    lines = choice_lines(page, vanished=True)
    taken = {line.index for line in lines}
    if engine is not None:
        lines += _hint_lines(page, taken)

    def reread(box: BoxTuple) -> str:
        return reread_ring(engine, gray, box)

    out: list[OptionMark] = []
    for line in lines:
        _judge_raster_line(gray, line)
        _checkbox_ticks(line, page.checkboxes)
        mark = decide(line, RASTER_CONFIDENCE, reread if engine is not None else None)
        if mark is not None:
            out.append(mark)
    return out


def _hint_lines(page: PageText, taken: set[int]) -> list[ChoiceLine]:
    """Scanned lines with the hint but no options read: a ring may hide the chosen one."""
    out = []
    for index, line in enumerate(page.lines):
        if index in taken or not any(HINT_WORD.search(w.text) for w in line.words):
            continue
        words = list(line.words)
        out.append(ChoiceLine(index, line, [Segment(words=words, core=words)], single=True))
    return out


RING_INSET = 0.12
"""Share of a circle's height inside it where the ring may still run (erased there)."""
REREAD_MIN_CONFIDENCE = 0.5


def reread_ring(engine: Any, gray: Gray, box: BoxTuple) -> str:
    """The text inside a circle, read again on a small crop (one psm-7 OCR pass).

    The paper is made white (Otsu), the ring (the crop's widest ink shape) is erased
    where it runs outside an ellipse just inside it, so letters it touches stay.
    """
    x0, y0, x1, y1 = (int(v) for v in box)
    crop = gray[max(0, y0) : y1, max(0, x0) : x1].copy()
    if crop.size == 0 or min(crop.shape[:2]) < 8:
        return ""
    h, w = crop.shape[:2]
    level, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    crop[crop > level] = 255
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        (crop <= level).astype(np.uint8), connectivity=8
    )
    if count < 2:
        return ""
    ring = max(range(1, count), key=lambda k: int(stats[k][2]) * int(stats[k][3]))
    inset = RING_INSET * h + 2
    inside = np.zeros_like(crop)
    axes = (max(1, int(w / 2 - inset)), max(1, int(h / 2 - inset)))
    cv2.ellipse(inside, (w // 2, h // 2), axes, 0, 0, 360, 255, -1)
    outer = ((labels == ring) & (inside == 0)).astype(np.uint8)
    crop[cv2.dilate(outer, np.ones((3, 3), np.uint8)) > 0] = 255
    crop = cv2.copyMakeBorder(crop, h // 2, h // 2, h, h, cv2.BORDER_CONSTANT, value=255)
    result = engine.read(crop, 7, 3.0)
    words = [
        word.text.strip("‹›<>|()[]{}«»\"'.,;:")
        for word in result.words
        if word.confidence >= REREAD_MIN_CONFIDENCE
    ]
    return " ".join(word for word in words if any(ch.isalnum() for ch in word))


WORK_LINE_PX = 12.0
"""Crops are scaled so a text line is about this many pixels high (marks stay visible,
noise averages out, and the cost per line stays a few milliseconds)."""


@dataclass(frozen=True, slots=True)
class _Band:
    """A crop around one line (scaled by ``scale``): its ink mask, long runs and letters."""

    mask: Gray
    runs: Gray
    letters: Gray
    left: int
    top: int
    scale: float

    def page_box(self, x: float, y: float, w: float, h: float) -> BoxTuple:
        """A box of the crop in page pixels."""
        k = self.scale
        return (
            self.left + x / k,
            self.top + y / k,
            self.left + (x + w) / k,
            self.top + (y + h) / k,
        )

    def crop_box(self, box: BoxTuple) -> tuple[int, int, int, int]:
        """A page box in the crop's pixels."""
        k = self.scale
        x0, y0 = int((box[0] - self.left) * k), int((box[1] - self.top) * k)
        return (
            max(0, x0),
            max(0, y0),
            int((box[2] - self.left) * k) + 1,
            int((box[3] - self.top) * k) + 1,
        )

    def xheight_band(self, box: BoxTuple) -> tuple[float, float] | None:
        """Rows (crop pixels) where the letters inside ``box`` are dense: the x-height band.

        Judged per option, not per line: a photographed page curves, so one line's
        words do not share one band.
        """
        x0, y0, x1, y1 = self.crop_box(box)
        profile = self.letters[y0:y1, x0:x1].sum(axis=1).astype(float)
        if profile.size == 0 or profile.max() <= 0:
            return None
        dense = np.flatnonzero(profile >= 0.35 * profile.max())
        return float(y0 + dense[0]), float(y0 + dense[-1] + 1)


def _crop(gray: Gray, line: ChoiceLine) -> _Band | None:
    height = line.height
    x0, y0, x1, y1 = line.line.bbox
    left = max(0, int(x0 - 2 * height))
    right = min(gray.shape[1], int(x1 + 2 * height))
    top = max(0, int(y0 - 1.6 * height))
    bottom = min(gray.shape[0], int(y1 + 1.6 * height))
    crop = gray[top:bottom, left:right]
    if crop.size == 0 or right - left < 4 or bottom - top < 4:
        return None
    scale = min(1.0, WORK_LINE_PX * 2 / height)
    if scale < 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    level, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    mask = (crop < min(200.0, max(90.0, level))).astype(np.uint8)
    length = max(6, int(1.3 * height * scale))
    runs = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    letters = mask.copy()
    letters[runs > 0] = 0
    runs = cv2.morphologyEx(runs, cv2.MORPH_CLOSE, np.ones((1, 3), np.uint8))
    return _Band(mask, runs, letters, left, top, scale)


def _segment_bands(band: _Band, line: ChoiceLine) -> list[tuple[float, float] | None]:
    """Each option's x-height band, over the option's columns and the line's rows (the
    medians of its words': a circled word's own box takes in the ring)."""
    top, bottom = line.band
    return [band.xheight_band((seg.bbox[0], top, seg.bbox[2], bottom)) for seg in line.segments]


def _nearest_segment(line: ChoiceLine, x0: float, x1: float) -> int:
    shares = [_overlap(x0, x1, s.bbox[0], s.bbox[2]) for s in line.segments]
    return max(range(len(shares)), key=lambda i: shares[i])


def _covered_band(
    band: _Band, line: ChoiceLine, x0: float, x1: float
) -> tuple[float, float, float, float] | None:
    """The x-height band of the words a stroke from ``x0`` to ``x1`` runs over (≥ half),
    and the words' left and right edges in crop pixels."""
    words = [
        w
        for seg in line.segments
        for w in seg.core
        if _overlap(x0, x1, w.bbox[0], w.bbox[2]) >= 0.5 and not FILL_IN.match(w.text)
    ]
    if not words:
        return None
    box = (
        min(w.bbox[0] for w in words),
        min(w.bbox[1] for w in words),
        max(w.bbox[2] for w in words),
        max(w.bbox[3] for w in words),
    )
    rows = band.xheight_band(box)
    if rows is None:
        return None
    left, _top, right, _bottom = band.crop_box(box)
    return rows[0], rows[1], float(left), float(right)


def _crosses_letters(band: _Band, cols: tuple[int, int], sy: int, sh: int, xheight: float) -> bool:
    """A strike runs through the letters: their strokes go on above it and below it (the
    merged tops or feet of blurred letters have letters on one side only)."""
    reach = max(2, int(0.3 * xheight))
    a, b = cols
    above = band.letters[max(0, sy - reach) : sy, a:b]
    below = band.letters[sy + sh : sy + sh + reach, a:b]
    if above.size == 0 or below.size == 0:
        return False
    return float(above.any(axis=0).mean()) >= 0.3 and float(below.any(axis=0).mean()) >= 0.3


def _judge_raster_line(gray: Gray, line: ChoiceLine) -> None:
    band = _crop(gray, line)
    if band is None:
        return
    if line.single:
        _raster_rings(band, line, _segment_bands(band, line))
        return
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(band.runs, connectivity=8)
    for k in range(1, count):
        sx, sy, sw, sh, _area = (int(v) for v in stats[k])
        x0, _y0, x1, _y1 = band.page_box(sx, sy, sw, sh)
        local = _covered_band(band, line, x0, x1)
        if local is None:
            continue
        xtop, xbottom, wleft, wright = local
        xheight = max(2.0, xbottom - xtop)
        if sh > 0.5 * xheight + 2:
            continue  # not a thin stroke (a solid blob, a vertical rule's foot)
        rel = (sy + sh / 2 - xtop) / xheight
        strike = RASTER_STRIKE_BAND[0] <= rel <= RASTER_STRIKE_BAND[1]
        cols = (max(sx, int(wleft)), min(sx + sw, int(wright)))
        if strike and not _crosses_letters(band, cols, sy, sh, xheight):
            continue
        if not strike and not (RASTER_UNDER_BAND[0] <= rel <= RASTER_UNDER_BAND[1]):
            continue
        found = _stroke_segments(line, x0, x1, strike)
        if found is None:
            continue
        if strike:
            line.segments[found[0]].struck = True
        else:
            line.segments[found[0]].mark("underline", found[1])
    _raster_rings(band, line, _segment_bands(band, line))


def _raster_rings(band: _Band, line: ChoiceLine, bands: list[tuple[float, float] | None]) -> None:
    """Circles: a hollow connected component reaching above and below an option's letters."""
    tops = [b[0] - 0.4 * (b[1] - b[0]) for b in bands if b is not None]
    if not tops or not band.mask[: max(1, int(max(tops)))].any():
        return  # nothing above the letters: no ring (the common case, and cheap)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(band.mask, connectivity=8)
    for k in range(1, count):
        sx, sy, sw, sh, area = (int(v) for v in stats[k])
        box = band.page_box(sx, sy, sw, sh)
        local = bands[_nearest_segment(line, box[0], box[2])]
        if local is None or area > 0.4 * sw * sh:
            continue
        xtop, xbottom = local
        xheight = max(2.0, xbottom - xtop)
        if sy > xtop - 0.4 * xheight or sy + sh < xbottom + 0.4 * xheight:
            continue
        if sh > 8 * xheight or sw < 2 * xheight:
            continue
        part = labels[sy : sy + sh, sx : sx + sw] == k
        if not _arcs_above_and_below(part, xtop - sy, xbottom - sy, xheight):
            continue
        ring = _ring_segment(line, box)
        if ring is not None:
            line.segments[ring[0]].mark("circle", ring[1])
            line.segments[ring[0]].ring = box


def _arcs_above_and_below(part: Any, xtop: float, xbottom: float, xheight: float) -> bool:
    """Ink of the component above the letters and below them across its middle third."""
    width = part.shape[1]
    middle = part[:, width // 3 : max(width // 3 + 1, 2 * width // 3)]
    above = middle[: max(1, int(xtop - 0.3 * xheight))]
    below = middle[max(0, int(xbottom + 0.3 * xheight)) :]
    if above.size == 0 or below.size == 0:
        return False
    return float(above.any(axis=0).mean()) >= 0.8 and float(below.any(axis=0).mean()) >= 0.8


__all__ = [
    "ChoiceLine",
    "Segment",
    "Shape",
    "choice_lines",
    "decide",
    "find_raster_marks",
    "find_vector_marks",
    "judge_shapes",
    "vector_shapes",
]
