"""Marks of choice lines on scans, judged on the deskewed page image around OCR words.

Only a band around each choice line is looked at, scaled so a line is ~24 px high: its
ink mask, the long horizontal runs in it (underlines, strikes, rules, fill-in
underscores) and its ring-shaped connected components (circles). A strike must cross the
letters (their strokes go on above and below it), an underline lie under the letters'
x-height band, a circle reach above and below the option's letters. Where a ring runs
into the letters the OCR's word there is garbled or lost, so the ring's inside is read
again on a small crop (:func:`reread_ring`). The decision is
:func:`mseflow.reading.marks.decide`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from mseflow.reading.marks import (
    FILL_IN,
    HINT_WORD,
    ChoiceLine,
    Segment,
    checkbox_ticks,
    choice_lines,
    decide,
    decide_rows,
    option_rows,
    overlap,
    ring_option,
    row_underlined,
    stroke_option,
)
from mseflow.reading.page import BoxTuple, MarkKind, OptionMark, PageText
from mseflow.reading.preprocess import Gray

RASTER_STRIKE_BAND = (0.25, 0.85)
"""Raster: a share of the x-height band (letters' dense rows) from its top."""
RASTER_UNDER_BAND = (1.05, 2.8)
RASTER_CONFIDENCE = 0.88


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
        checkbox_ticks(line, page.checkboxes)
        mark = decide(line, RASTER_CONFIDENCE, reread if engine is not None else None)
        if mark is not None:
            out.append(mark)
    return out + find_row_marks(gray, page)


def find_row_marks(gray: Gray, page: PageText) -> list[OptionMark]:
    """Chosen options of the lists printed one option a row (:func:`option_rows`): an
    underline under a row's text (or under its wrapped second line), or a circle round it.

    Each row's line is looked at in a band as a choice line is; an underline must run
    under most of the row's words and end near them (a rule across the column is none).
    """
    out: list[OptionMark] = []
    for rows in option_rows(page):
        marked: dict[int, MarkKind] = {}
        for option, indices in enumerate(rows.options):
            for index in indices:
                kind = _row_mark(gray, page, index)
                if kind is not None:
                    marked.setdefault(option, kind)
        out += decide_rows(page, rows, marked, RASTER_CONFIDENCE)
    return out


def _row_mark(gray: Gray, page: PageText, index: int) -> MarkKind | None:
    line = page.lines[index]
    words = [w for w in line.words if w.text.strip()]
    if not words:
        return None
    row = ChoiceLine(index, line, [Segment(words=words, core=words)])
    band = _crop(gray, row)
    if band is None:
        return None
    rows = band.xheight_band(line.bbox)
    if rows is None:
        return None
    xtop, xbottom = rows
    xheight = max(2.0, xbottom - xtop)
    spans: list[tuple[float, float]] = []
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(band.runs, connectivity=8)
    for k in range(1, count):
        sx, sy, sw, sh, _area = (int(v) for v in stats[k])
        if sh > 0.5 * xheight + 2:
            continue  # not a thin stroke
        rel = (sy + sh / 2 - xtop) / xheight
        if not RASTER_UNDER_BAND[0] <= rel <= RASTER_UNDER_BAND[1]:
            continue
        x0, _y0, x1, _y1 = band.page_box(sx, sy, sw, sh)
        spans.append((x0, x1))
    underlined = row_underlined(words, spans, row.height)
    if underlined is None:
        return None
    if underlined:
        return "underline"
    _raster_rings(band, row, _segment_bands(band, row))
    return "circle" if "circle" in row.segments[0].positive else None


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
    shares = [overlap(x0, x1, s.bbox[0], s.bbox[2]) for s in line.segments]
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
        if overlap(x0, x1, w.bbox[0], w.bbox[2]) >= 0.5 and not FILL_IN.match(w.text)
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
    _judge_strokes(band, line, band.runs)
    _raster_rings(band, line, _segment_bands(band, line))


def _judge_strokes(band: _Band, line: ChoiceLine, image: Gray) -> None:
    """Underlines and strikes among the thin long shapes of ``image``."""
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(image, connectivity=8)
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
        found = stroke_option(line, x0, x1, strike)
        if found is None:
            continue
        if strike:
            line.segments[found[0]].struck = True
        else:
            line.segments[found[0]].mark("underline", found[1])


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
        ring = ring_option(line, box)
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


__all__ = ["find_raster_marks", "find_row_marks", "reread_ring"]
