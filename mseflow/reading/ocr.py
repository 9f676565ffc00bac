"""OCR of page images with Tesseract (``rus``) through pytesseract.

Tesseract runs single-threaded: with OpenMP threads a 300-DPI page takes 14–21 s
instead of ~2 s on these machines (shared/env-notes.md trap 3), so
``OMP_THREAD_LIMIT=1`` is set before any call; parallelism goes across processes.
"""

from __future__ import annotations

import functools
import logging
import os
import re

import cv2
import numpy as np
from PIL import Image

from mseflow.errors import MissingDependencyError, NoTextError
from mseflow.reading.checkboxes import find_raster_checkboxes, whiten_boxes
from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.page import PageText, Word
from mseflow.reading.preprocess import (
    Gray,
    flatten_background,
    measure_skew,
    remove_rules,
    rotate_bound,
    rotate_quarter,
    to_gray,
)
from mseflow.reading.roman import reread_roman_numerals
from mseflow.settings import ReadingSettings

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import pytesseract  # noqa: E402  (after OMP_THREAD_LIMIT, see module docstring)

logger = logging.getLogger(__name__)

TARGET_LONG_SIDE_PX = 3508  # an A4 page at 300 DPI
MIN_WORD_CONF = 0


@functools.cache
def check_tesseract(lang: str) -> str:
    """Return Tesseract's version, or raise :class:`MissingDependencyError` with the fix."""
    try:
        version = str(pytesseract.get_tesseract_version())
        available = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise MissingDependencyError(
            "Tesseract is not installed or not on PATH: install the Debian package "
            "'tesseract-ocr' (apt-get install tesseract-ocr tesseract-ocr-rus)"
        ) from exc
    missing = [part for part in lang.split("+") if part not in available]
    if missing:
        raise MissingDependencyError(
            f"Tesseract language data missing: {', '.join(missing)}; install the Debian "
            f"package 'tesseract-ocr-{missing[0]}'"
        )
    return version


def ocr_page_image(image: Image.Image, number: int, settings: ReadingSettings) -> PageText:
    """OCR one page image: orient, deskew, flatten, find tick boxes, read words."""
    check_tesseract(settings.lang)
    gray = upscale_small(to_gray(np.asarray(image.convert("L"))))
    rotation = detect_rotation(gray)
    gray = rotate_quarter(gray, rotation)
    skew = measure_skew(gray)
    if abs(skew) >= 0.1:
        gray = rotate_bound(gray, skew)
    flat = flatten_background(gray)
    boxes = find_raster_checkboxes(flat)
    clean = remove_rules(whiten_boxes(flat, boxes))
    words = reread_roman_numerals(clean, read_words(clean, settings))
    if not words:
        raise NoTextError(f"OCR found no text on page {number}")
    return PageText(
        number=number,
        source="ocr",
        width=float(flat.shape[1]),
        height=float(flat.shape[0]),
        lines=group_words_into_lines(words),
        checkboxes=boxes,
        rotation=rotation,
        skew_degrees=skew,
    )


def upscale_small(gray: Gray) -> Gray:
    """Bring low-resolution pages (150–200 DPI) up toward 300 DPI; Tesseract reads them better."""
    long_side = max(gray.shape[:2])
    if long_side >= 0.8 * TARGET_LONG_SIDE_PX or long_side < 200:
        return gray
    factor = min(2.0, TARGET_LONG_SIDE_PX / long_side)
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


_ROTATE_RE = re.compile(r"Rotate:\s*(\d+)")
_CONF_RE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_rotation(gray: Gray) -> int:
    """Return the clockwise rotation (0/90/180/270) that makes the page upright.

    Uses Tesseract's orientation detection (OSD) on a half-size copy; when OSD is
    unsure or fails (too few characters), the page is taken as upright.
    """
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    try:
        osd = pytesseract.image_to_osd(small, config="--psm 0", timeout=60)
    except (pytesseract.TesseractError, RuntimeError) as exc:
        logger.debug("orientation detection failed: %s", exc)
        return 0
    rotate = _ROTATE_RE.search(osd)
    conf = _CONF_RE.search(osd)
    if not rotate or not conf or float(conf.group(1)) < 1.0:
        return 0
    return int(rotate.group(1)) % 360


def read_words(gray: Gray, settings: ReadingSettings) -> list[Word]:
    """Run Tesseract on ``gray`` and return its words with boxes and 0..1 confidences."""
    try:
        data = pytesseract.image_to_data(
            gray,
            lang=settings.lang,
            config=f"--psm {settings.psm}",
            output_type=pytesseract.Output.DICT,
            timeout=settings.ocr_timeout_s,
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise NoTextError(f"OCR timed out after {settings.ocr_timeout_s:.0f} s") from exc
    words: list[Word] = []
    for text, conf, left, top, width, height in zip(
        data["text"],
        data["conf"],
        data["left"],
        data["top"],
        data["width"],
        data["height"],
        strict=True,
    ):
        value = str(text).strip()
        if not value or float(conf) < MIN_WORD_CONF:
            continue
        box = (float(left), float(top), float(left + width), float(top + height))
        words.append(Word(value, box, round(float(conf) / 100.0, 3)))
    return words
