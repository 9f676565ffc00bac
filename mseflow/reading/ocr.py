"""OCR of page images: one Tesseract pass per page through the engine kept loaded.

The engine (:mod:`mseflow.reading.engine`) is loaded once per worker and fed raw
pixels. A page costs one recognition pass; orientation detection (OSD) runs only
when that pass says the page may be turned: a landscape page, a low mean word
confidence (upright pages read at 0.87–0.96, pages upside down at 0.21–0.41),
words standing taller than wide (a quarter turn), or almost no words. Roman numerals and tick boxes are judged on small crops of the
same image (:mod:`mseflow.reading.roman`, :mod:`mseflow.reading.checkboxes`),
without a second OCR pass. Only numbers whose reading is doubtful (a digit that beat a
digit rival by a hair) are read again, each on its own small crop, through the same
engine (:mod:`mseflow.reading.reread`). Lines the page pass read badly (a low mean
word confidence, or a weak word in them) are read again alone, as one text line, and
the surer reading is kept (:mod:`mseflow.reading.line_reread`). A Roman numeral read
with doubt is confirmed on its own crop (:mod:`mseflow.reading.roman`), and a lone
numeral the page pass lost far from its line's words (a table cell's degree) is read
from its crop (:mod:`mseflow.reading.lost_numerals`).

Resolution is chosen by measurement (bench/README.md): pages are read at about
``OCR_DPI``; larger images are scaled down to it, pages under ``MIN_READABLE_DPI``
are scaled up to it, and pages in between are read as they are. A page that looks
clean (high contrast, sharp, speckless, letters tall enough:
:mod:`mseflow.reading.resolution`) is then read at about 200 DPI, and so is a page whose
own pixels are 300 DPI or finer with edges no blurrier than a mild scan's (for a scanned
PDF, the embedded image's resolution, not the rendering's: ``source_dpi``).

Tesseract runs single-threaded: with OpenMP threads a 300-DPI page takes 14–21 s
instead of ~2 s on these machines (shared/env-notes.md trap 3), so
``OMP_THREAD_LIMIT=1`` is set before any call; parallelism goes across processes.
A page over ``ReadingSettings.ocr_timeout_s`` is not a silent blank: its
:attr:`PageText.problems` carries ``ocr_timeout``, which becomes a record issue.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from mseflow.errors import NoTextError
from mseflow.reading.checkboxes import find_raster_checkboxes, whiten_boxes
from mseflow.reading.cleanup import clean_page, page_dpi
from mseflow.reading.engine import Engine, OcrResult, get_engine, tesseract_version
from mseflow.reading.faint_ink import restore_faint_ink
from mseflow.reading.halftone import screened, smooth_screen
from mseflow.reading.leaders import erase_dot_leaders
from mseflow.reading.line_reread import reread_weak_lines
from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.lost_numerals import find_lost_numerals
from mseflow.reading.page import OCR_TIMEOUT, Checkbox, PageText, Word
from mseflow.reading.preprocess import (
    Gray,
    despeckle_gray,
    flatten_background,
    measure_skew,
    remove_rules,
    rotate_bound,
    rotate_quarter,
    struck_runs,
    to_gray,
)
from mseflow.reading.raster_marks import find_raster_marks
from mseflow.reading.reread import confirm_numbers
from mseflow.reading.resolution import choose_scale, pixel_aspect
from mseflow.reading.roman import reread_roman_numeral, reread_roman_numerals
from mseflow.reading.rule_pieces import drop_rule_pieces
from mseflow.settings import ReadingSettings

logger = logging.getLogger(__name__)

A4_LONG_SIDE_IN = 297 / 25.4
OCR_DPI = 300
"""Resolution OCR reads at (long side of an A4 page); see bench/README.md for the measurement."""
MIN_READABLE_DPI = 240
"""Below this, a page is scaled up to ``OCR_DPI`` before OCR: measured on bench/accuracy.py,
heavy 150–200 DPI scans lose list items and degrees when read at their own resolution or
at 240 DPI (bench/README.md), so low-resolution input is still brought up to 300."""
TARGET_LONG_SIDE_PX = round(OCR_DPI * A4_LONG_SIDE_IN)
MIN_LONG_SIDE_PX = round(MIN_READABLE_DPI * A4_LONG_SIDE_IN)
OSD_BELOW_CONFIDENCE = 0.6
OSD_BELOW_WORDS = 5
OSD_STANDING_SHARE = 0.3
MIN_WORD_CONF = 0.0
OSD_DPI = 150
"""Least resolution (as an A4 page) of the copy orientation detection looks at (:func:`orient`)."""


def check_tesseract(lang: str) -> str:
    """Return Tesseract's version, or raise :class:`MissingDependencyError` with the fix."""
    get_engine(lang)
    return tesseract_version()


def ocr_page_image(
    image: Image.Image, number: int, settings: ReadingSettings, source_dpi: float | None = None
) -> PageText:
    """OCR one page image: orient if needed, deskew, flatten, find tick boxes, read words.

    ``source_dpi`` is how fine the page's own pixels are when ``image`` is a rendering of
    them (a PDF's embedded scan); by default the image's own size (as an A4 page) says it.
    A page from a fine source is read at about 200 DPI (:func:`mseflow.reading.resolution.source_scale`).

    Raises :class:`NoTextError` when the page has no words (a blank page); a page whose
    OCR ran past the time cap comes back empty with ``problems == ["ocr_timeout"]``.
    """
    engine = get_engine(settings.lang)
    deadline = time.monotonic() + settings.ocr_timeout_s
    gray, bilevel = _normalised(image, source_dpi)
    rotation = 0
    if gray.shape[1] > gray.shape[0]:  # landscape: a portrait form turned a quarter
        rotation = orient(engine, gray)
        gray = rotate_quarter(gray, rotation)
    read = read_upright(gray, engine, settings, deadline, despeckle=not bilevel)
    if rotation == 0 and not read.result.timed_out and needs_orientation(read.result):
        turn = orient(engine, gray)
        if turn:
            turned = read_upright(
                rotate_quarter(gray, turn), engine, settings, deadline, despeckle=not bilevel
            )
            better = turned.result.mean_confidence > read.result.mean_confidence
            if better or not needs_orientation(turned.result):
                read, rotation = turned, turn
    page = PageText(
        number=number,
        source="ocr",
        width=float(read.width),
        height=float(read.height),
        checkboxes=read.boxes,
        rotation=rotation,
        skew_degrees=read.skew,
    )
    if read.result.timed_out:
        logger.warning("page %d: OCR ran past %.0f s", number, settings.ocr_timeout_s)
        page.problems.append(OCR_TIMEOUT)
        return page
    if not read.words:
        raise NoTextError(f"OCR found no text on page {number}")
    words, weak = reread_weak_lines(engine, read.clean, read.words)
    logger.debug("page %d: %d weak lines read again", number, weak)
    if weak:  # a line read again may bring its numeral back garbled («И группа»)
        first = {id(w) for w in read.words}
        words = [
            w if id(w) in first else reread_roman_numeral(read.clean, w, engine) for w in words
        ]
    words, crops = confirm_numbers(engine, read.clean, words)
    logger.debug("page %d: %d doubtful numbers read again", number, crops)
    lost, gone, crops = find_lost_numerals(engine, read.clean, words)
    logger.debug("page %d: %d lost numerals of %d spots", number, len(lost), crops)
    if gone:
        words = [w for w in words if all(w is not g for g in gone)]
    words += reread_roman_numerals(read.clean, drop_rule_pieces(read.image, lost), engine)
    page.lines = group_words_into_lines(words)
    page.marks = find_raster_marks(read.image, page, engine)
    page.strikes = struck_runs(read.image)
    return page


def normalise_page(image: Image.Image, source_dpi: float | None = None) -> Gray:
    """The page as OCR starts from it: cleaned (a photo straightened), at reading resolution.

    The review station draws evidence boxes on this same image (:mod:`mseflow.review.pages`),
    so the two must never differ in size.
    """
    return _normalised(image, source_dpi)[0]


def _normalised(image: Image.Image, source_dpi: float | None) -> tuple[Gray, bool]:
    """:func:`normalise_page`, and whether the page was cleaned as a bilevel (fax) page."""
    cleaned = clean_page(to_gray(np.asarray(image.convert("L"))), pixel_aspect(image))
    native = page_dpi(cleaned.image) if source_dpi is None else source_dpi
    gray = fit_resolution(cleaned.image)
    bilevel = any(step.startswith("bilevel") for step in cleaned.steps)
    scale = 1.0 if cleaned.keeps_pixels else choose_scale(gray, native)
    if not bilevel and screened(gray):  # letters of a halftone screen's dots (reading/halftone.py)
        logger.debug("page clean-up: halftone screen smoothed")
        gray = smooth_screen(gray)  # after the scale is chosen: blurred, every page looks unclean
    if scale < 1.0:  # a clean page: fewer pixels read the same (reading/resolution.py)
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return gray, bilevel


@dataclass(frozen=True)
class _Read:
    result: OcrResult
    words: list[Word]
    boxes: list[Checkbox]
    skew: float
    width: int
    height: int
    image: Gray
    """The deskewed, flattened page the words were read on (marks are judged on it)."""
    clean: Gray
    """``image`` without tick boxes and rules, as OCR saw it (doubtful words are re-read on it)."""


def read_upright(
    gray: Gray,
    engine: Engine,
    settings: ReadingSettings,
    deadline: float,
    *,
    despeckle: bool = True,
) -> _Read:
    """Deskew, flatten, darken faint ink, despeckle a speckled page, take out tick boxes,
    rules and dot leaders, then one OCR pass. A bilevel page's dots were removed at its own
    resolution by the fax clean-up (:mod:`mseflow.reading.bilevel`): ``despeckle=False``
    spares it a second removal, which on a dithered fax took the dots of letters too."""
    skew = measure_skew(gray)
    if abs(skew) >= 0.1:
        gray = rotate_bound(gray, skew)
    flat = flatten_background(gray)
    if settings.faint_ink and despeckle:  # a bilevel page has no faint ink, only black
        flat, faint = restore_faint_ink(flat)  # glare, toner bands: reading/faint_ink.py
        if faint:
            logger.debug("page clean-up: faint ink restored")
    if despeckle:
        flat, _ = despeckle_gray(flat)
    boxes = find_raster_checkboxes(flat)
    clean, _ = erase_dot_leaders(remove_rules(whiten_boxes(flat, boxes)))  # reading/leaders.py
    left = max(0.001, deadline - time.monotonic())
    result = engine.read(clean, settings.psm, left)
    words = [w for w in result.words if w.confidence >= MIN_WORD_CONF]
    words = reread_roman_numerals(clean, drop_rule_pieces(flat, words), engine)
    return _Read(result, words, boxes, skew, flat.shape[1], flat.shape[0], flat, clean)


def needs_orientation(result: OcrResult) -> bool:
    """True when the main pass looks like a turned page.

    Upside down, the words read with low confidence; a quarter turn reads with high
    confidence (Tesseract follows vertical lines) but its words stand upright: taller
    than wide. Almost no words at all is suspicious too.

    >>> from mseflow.reading.page import Word
    >>> needs_orientation(OcrResult([Word("Справка", (0, 0, 90, 20), 0.95)] * 9))
    False
    >>> needs_orientation(OcrResult([Word("ьнонэ", (0, 0, 90, 20), 0.3)] * 9))
    True
    >>> needs_orientation(OcrResult([Word("Справка", (0, 0, 20, 90), 0.95)] * 9))
    True
    """
    wordy = [w for w in result.words if sum(ch.isalpha() for ch in w.text) >= 3]
    if result.mean_confidence < OSD_BELOW_CONFIDENCE or len(wordy) < OSD_BELOW_WORDS:
        return True
    standing = sum(w.bbox[3] - w.bbox[1] > w.bbox[2] - w.bbox[0] for w in wordy)
    return standing > OSD_STANDING_SHARE * len(wordy)


def fit_resolution(gray: Gray) -> Gray:
    """Scale a page to about ``OCR_DPI``: down when larger, up when under ``MIN_READABLE_DPI``.

    The page's resolution is judged from its long side as an A4 page (the forms are A4).
    """
    long_side = max(gray.shape[:2])
    if long_side > 1.1 * TARGET_LONG_SIDE_PX:
        factor = TARGET_LONG_SIDE_PX / long_side
        return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    if 200 <= long_side < MIN_LONG_SIDE_PX:
        factor = min(2.0, TARGET_LONG_SIDE_PX / long_side)
        return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return gray


def orient(engine: Engine, gray: Gray) -> int:
    """The clockwise rotation (0/90/180/270) that makes ``gray`` upright: OSD on a copy at
    about ``OSD_DPI`` (half size of a 300-DPI page), and on the page itself when that copy
    leaves it unsure (0).

    A clean page is read at about 200 DPI (:mod:`mseflow.reading.resolution`); its half copy
    was about 100 DPI, where a page of 8–10-pt type has letters 8–12 px tall and OSD is
    blind or confidently wrong: on pages of DejaVu Sans drawn at 200 DPI in 16–30 px type and
    turned 90°, 270° or 180° (12 pages), the half copy gave the wrong turn or none on 9 (180°
    at confidence 3.3 and 5.4 for pages turned a quarter), the 150-DPI copy and the page
    itself the right one on all 12; on three of family 14's turned TIFF pages (a thin sans,
    an old-style serif) the half copy gave no answer or one under ``OSD_MIN_CONFIDENCE``
    (0.39, 0.66), the page itself the right turn at confidence 12.5–33.3. A 300-DPI page's
    copy is the half one as before; a 200-DPI page's (0.75 of it) costs about 0.15 CPU s
    against 0.07, the page itself 0.25–0.32. Only a page already suspected of being turned
    is asked (a landscape sheet, or :func:`needs_orientation`).
    """
    long_side = max(gray.shape[:2])
    factor = min(1.0, max(0.5, OSD_DPI * A4_LONG_SIDE_IN / long_side))
    if min(gray.shape[:2]) < 64:
        return engine.orientation(gray)
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    turn = engine.orientation(small if factor < 1.0 else gray)
    if turn or factor >= 1.0:
        return turn
    return engine.orientation(gray)


def detect_rotation(gray: Gray, lang: str = "rus") -> int:
    """The clockwise rotation (0/90/180/270) that makes ``gray`` upright (:func:`orient`)."""
    return orient(get_engine(lang), gray)
