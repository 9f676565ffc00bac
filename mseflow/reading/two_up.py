"""Two pages scanned side by side on one sheet («two-up»): found from the pixels, read apart.

A landscape scan may hold two portrait pages: a certificate beside an IPRA, the two pages
of an IPRA, a page beside a blank. Read as one page, the lines of the left page and the
right page are mixed and one document's values go to the other. :func:`find_gutter` says
where such a sheet divides; :func:`read_sheet` reads each side as a page of its own and
keeps both under one sheet (:attr:`PageText.sides`); :func:`document_pages` hands the sides
to the document splitter as pages. Nothing but the pixels decides: no file name, no format.

The test is cheap and runs first on every scanned page (one copy 1000 px wide; about
10 ms, and nothing at all on a portrait page):

1. the sheet is landscape (wider than ``MIN_LANDSCAPE`` × its height);
2. a **gutter**: a band of columns reaching into the middle (``GUTTER_ZONE``) at least
   ``MIN_GUTTER_SHARE`` of the sheet wide that no text crosses (divided in the sheet's middle
   when the band holds it, else at the band's column nearest to it; a page beside a blank
   side only when the band holds the middle: a landscape page whose text stops short of it
   is one page). A column crosses no
   text when its only ink is in vertical runs of ``LONG_RUN_SHARE`` of the height or longer
   (a fold's shadow, a page's edge) or specks: one line of text across the middle closes
   the gutter (a gutter of «at most three ink runs» had opened in a word space of a short
   page with four lines);
3. the text on each side that has any runs **across** it (its rows, not its columns, make
   the sharp profile: :func:`mseflow.reading.preprocess.line_direction_ratio` of at least
   ``MIN_LINE_DIRECTION``). A portrait page turned a quarter is landscape and may show a
   blank band in its middle, but its lines run down the sheet; it is left to the OCR
   stage's orientation detection.

A portrait page in two columns never divides (it is not landscape), and neither does a
landscape page whose lines run across its middle.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace

import cv2
import numpy as np
from PIL import Image

from mseflow.errors import NoTextError
from mseflow.reading.page import Line, OptionMark, PageText, Word
from mseflow.reading.preprocess import Gray, flatten_background, ink_mask, line_direction_ratio
from mseflow.settings import ReadingSettings

logger = logging.getLogger(__name__)

MIN_LANDSCAPE = 1.2
"""Width over height from which a sheet may hold two portrait pages (two A4 side by side:
1.41; one A4 turned a quarter is 1.41 too, which step 3 tells apart)."""
PREVIEW_WIDTH = 1000
GUTTER_ZONE = (0.38, 0.62)
"""Share of the sheet's width the gutter's middle must lie in."""
MIN_GUTTER_SHARE = 0.03
"""Narrowest gutter, share of the sheet's width (13 mm on two A4 pages side by side; the
pages' own margins give 30–50 mm, a word space 2–3 mm)."""
LONG_RUN_SHARE = 0.2
"""A vertical ink run this share of the sheet's height or longer is a line (a fold's shadow,
a page's edge, a rule), not text: a gutter may hold it."""
SPECK_PIXELS = 2
"""Specks (pixels of the 1000-px preview) a gutter may hold."""
MIN_SIDE_EDGES = 150
"""Ink runs (all columns of the preview together) under which a side is blank: one
8-pt line of text across a page gives several hundred."""
MIN_LINE_DIRECTION = 2.0
""":func:`line_direction_ratio` a side with text must reach. Two-up sides measured
5.7–17.7, a photographed certificate lying sideways 0.95–1.26 on its halves, a page turned
a quarter 0.05–0.07; a side under it is not divided (read as before: one page)."""


def find_gutter(gray: Gray) -> int | None:
    """The column (full-size pixels) where a two-up sheet divides, or ``None``."""
    height, width = gray.shape[:2]
    if height < 64 or width < MIN_LANDSCAPE * height:
        return None
    scale = PREVIEW_WIDTH / width
    small = cv2.resize(gray, (PREVIEW_WIDTH, max(1, round(height * scale))), cv2.INTER_AREA)
    mask = ink_mask(flatten_background(small))
    ink = mask > 0
    edges = np.count_nonzero(ink[1:] & ~ink[:-1], axis=0) + ink[0]
    lo, hi = (round(share * PREVIEW_WIDTH) for share in GUTTER_ZONE)
    run = _widest_quiet_run(_text_ink(mask), lo, hi)
    if run is None or run[1] - run[0] < MIN_GUTTER_SHARE * PREVIEW_WIDTH:
        return None
    middle = min(max(PREVIEW_WIDTH // 2, run[0]), run[1] - 1)  # the sheet's middle if free
    sides = [(0, middle), (middle, PREVIEW_WIDTH)]
    inked = [(a, b) for a, b in sides if int(edges[a:b].sum()) >= MIN_SIDE_EDGES]
    if not inked or (len(inked) == 1 and middle != PREVIEW_WIDTH // 2):
        return None  # one page's text ending short of the middle is one landscape page
    for a, b in inked:
        if line_direction_ratio(small[:, a:b]) < MIN_LINE_DIRECTION:
            return None  # text running down the sheet: a portrait page turned a quarter
    return round(middle / scale)


def _text_ink(mask: Gray) -> np.ndarray:
    """Ink pixels per column that may be text: without vertical runs longer than
    ``LONG_RUN_SHARE`` of the sheet's height (a fold's shadow, a page's edge, a rule) and
    without specks of at most ``SPECK_PIXELS``."""
    long_run = max(3, round(LONG_RUN_SHARE * mask.shape[0]))
    lines = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((long_run, 1), np.uint8))
    text = cv2.subtract(mask, lines)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= SPECK_PIXELS)
    text[np.isin(labels, specks[specks > 0])] = 0
    return np.count_nonzero(text, axis=0)


def _widest_quiet_run(text_ink: np.ndarray, lo: int, hi: int) -> tuple[int, int] | None:
    """The widest run of columns with no text ink that reaches into ``[lo, hi)`` (it may
    reach beyond: the pages' margins, a blank side)."""
    quiet = text_ink == 0
    best: tuple[int, int] | None = None
    start = None
    for x in range(len(quiet) + 1):
        if x < len(quiet) and quiet[x]:
            if start is None:
                start = x
            continue
        if start is not None:
            if start < hi and x > lo and (best is None or x - start > best[1] - best[0]):
                best = (start, x)
            start = None
    return best


def read_sheet(
    gray: Gray, number: int, settings: ReadingSettings, source_dpi: float | None = None
) -> PageText | None:
    """A two-up sheet read side by side, or ``None`` when ``gray`` is not one.

    Each side is OCR-ed as a page of its own (orientation, resolution and clean-up judged
    on it). A blank side is not read. With one side holding text, that side is the page;
    with two, the sheet's page holds both in :attr:`PageText.sides` and their lines side
    by side in its own (sheet-wide) lines.
    """
    from mseflow.reading.ocr import ocr_page_image

    gutter = find_gutter(gray)
    if gutter is None:
        return None
    logger.debug("page %d: two pages side by side, divided at x=%d", number, gutter)
    read: list[tuple[int, PageText]] = []
    for x0, x1 in ((0, gutter), (gutter, gray.shape[1])):
        side = np.ascontiguousarray(gray[:, x0:x1])
        if _blank(side):
            continue
        try:
            page = ocr_page_image(Image.fromarray(side), number, settings, source_dpi)
        except NoTextError:
            continue
        page.crop = (float(x0), 0.0, float(x1), float(gray.shape[0]))
        read.append((x0, page))
    if not read:
        raise NoTextError(f"OCR found no text on page {number}")
    if len(read) == 1:
        return read[0][1]
    return sheet_page(number, [page for _, page in read])


def _blank(side: Gray) -> bool:
    scale = min(1.0, PREVIEW_WIDTH / 2 / side.shape[1])
    small = cv2.resize(side, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = ink_mask(flatten_background(small)) > 0
    return int(np.count_nonzero(ink[1:] & ~ink[:-1])) < MIN_SIDE_EDGES


def sheet_page(number: int, sides: Sequence[PageText]) -> PageText:
    """One sheet's page holding ``sides`` (left to right), their lines set side by side.

    The sheet's own lines, boxes, marks and strikes are the sides' shifted right by the
    widths before them; each side keeps its own coordinates in :attr:`PageText.sides`.
    """
    sheet = PageText(
        number=number,
        source="ocr",
        width=float(sum(side.width for side in sides)),
        height=float(max(side.height for side in sides)),
        rotation=sides[0].rotation,
        skew_degrees=sides[0].skew_degrees,
        sides=list(sides),
    )
    dx = 0.0
    for side in sides:
        first = len(sheet.lines)
        sheet.lines.extend(Line(tuple(_moved(w, dx) for w in line.words)) for line in side.lines)
        sheet.checkboxes.extend(replace(box, bbox=_shift(box.bbox, dx)) for box in side.checkboxes)
        sheet.marks.extend(_moved_mark(mark, dx, first) for mark in side.marks)
        sheet.strikes.extend(_shift(box, dx) for box in side.strikes)
        sheet.problems.extend(p for p in side.problems if p not in sheet.problems)
        dx += side.width
    return sheet


def _shift(box: tuple[float, float, float, float], dx: float) -> tuple[float, float, float, float]:
    return (box[0] + dx, box[1], box[2] + dx, box[3])


def _moved(word: Word, dx: float) -> Word:
    return replace(word, bbox=_shift(word.bbox, dx))


def _moved_mark(mark: OptionMark, dx: float, first_line: int) -> OptionMark:
    return replace(mark, bbox=_shift(mark.bbox, dx), line=mark.line + first_line)


def document_pages(pages: Iterable[PageText]) -> list[PageText]:
    """The pages as documents run over them: a two-up sheet's sides in its place, in order."""
    return [side for page in pages for side in (page.sides or [page])]
