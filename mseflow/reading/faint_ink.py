"""Faint ink brought back to the page's own ink contrast before OCR.

Flattening (:func:`mseflow.reading.preprocess.flatten_background`) evens out the *paper*;
it does nothing for ink that is faint in one part of the page only. Real scanners make
such pages in several ways:

* a page scanned inside a clear plastic sleeve: a glare band washes the ink out to a light
  grey (black print at 160–190 on white paper) across a diagonal stripe;
* a laser printer low on toner: the print fades in vertical bands (the drum's worn
  stripes), letters at 40–60 % of their darkness inside a band;
* an unevenly pressed or over-exposed copy.

Tesseract binarises the page with one global (Otsu) threshold, set between the black
print and the paper: the faint words fall on the paper's side of it and are lost whole
(a name line and a birth date gone on a sleeved certificate, bench/README.md round 15).

:func:`restore_faint_ink` measures, in a window of about two text lines around every spot,
the ink's contrast: the darkest ink less the lightest paper of the window (a grey fill
with no print has no contrast, so it is never darkened). Where that contrast is under
:data:`FAINT_SHARE` of the page's own print (its :data:`PRINT_PERCENTILE` over the inked
windows), the darkness over the window's paper is stretched back up to the print's, by at
most :data:`MAX_GAIN`. Windows without ink (contrast under :data:`MIN_CONTRAST` grey
levels: paper, noise, JPEG ringing) are left alone. A page whose inked windows are nearly
all as dark as its print (every clean scan, every render) is returned untouched after the
measurement.

Off by default (``ReadingSettings.faint_ink``): it also darkens what is light on purpose, a
«КОПИЯ» overprint or a grey «КОПИЯ ВЕРНА» stamp, into the text beside it (bench/README.md,
round 15). Never run on a bilevel page (it has no grey ink).

Cost: two small-kernel morphology passes over the page and a few on a copy an eighth of its
size (about 20 CPU ms at 300 DPI); the stretch (about 40 ms) only on a page with faint ink.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from mseflow.reading.preprocess import Gray

CELL = 8
"""Pixels of the page per pixel of the contrast map (max- and min-pooled, not averaged)."""
WINDOW_AT_300_DPI = 96
"""Side of the window the contrast is measured in (pixels at 300 DPI, about two lines of
10-pt print with their spacing: it always holds paper between the lines)."""
MIN_CONTRAST = 48
"""Grey levels of ink contrast under which a window holds no print (paper noise, haze,
JPEG ringing and a toner speck measure 10–35 after flattening)."""
PAPER_PERCENTILE = 25
"""Percentile of all windows' contrast taken as the paper's own (most of a page is paper)."""
TEXTURED_PAPER = 10.5
"""Paper contrast from which the paper is textured, not plain: a re-scanned print's screen
or moiré measures 11.7–19, plain paper 0–9 (sleeved, toner-banded, crumpled, aged, stamped,
photographed and clean scans alike; family 13, bench/README.md round 15). On such paper the
screen's dots make windows of contrast like faint print's, and stretching them garbled a moiré
page's number; its letters are the halftone step's (:mod:`mseflow.reading.halftone`). A PNG
scan with raw sensor noise (σ ≥ 3, no JPEG smoothing) measures as textured too."""
PRINT_PERCENTILE = 90
"""Percentile of the inked windows' contrast taken as the page's own print."""
FAINT_SHARE = 0.65
"""A window whose contrast is under this share of the page's print holds faint ink."""
MIN_FAINT_SHARE = 0.11
"""Share of the inked windows that must be faint before a page is touched at all."""
MAX_GAIN = 4.0
"""Largest stretch of the ink's darkness (a sleeve's glare leaves black print at ~25 % of
its darkness)."""


def _pooled(dark: Gray, size: int, op: int) -> Gray:
    """``dark`` max- (or min-) filtered over ``CELL`` px and sampled on the ``CELL`` grid,
    then filtered again over ``size`` cells."""
    cell = cv2.getStructuringElement(cv2.MORPH_RECT, (CELL, CELL))
    pooled = cv2.morphologyEx(dark, op, cell)[CELL // 2 :: CELL, CELL // 2 :: CELL]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    return cv2.morphologyEx(np.ascontiguousarray(pooled), op, kernel)


def ink_contrast(flat: Gray) -> NDArray[np.float32]:
    """Ink contrast (darkest less lightest, grey levels) around every cell of a flattened
    page, on the ``CELL``-px grid."""
    dark = cv2.bitwise_not(flat)
    size = max(3, round(WINDOW_AT_300_DPI * max(flat.shape) / 3508 / CELL)) | 1
    top = _pooled(dark, size, cv2.MORPH_DILATE)
    floor = _pooled(dark, size, cv2.MORPH_ERODE)
    return cv2.blur(cv2.subtract(top, floor).astype(np.float32), (3, 3))


def faint_gain(contrast: NDArray[np.float32]) -> NDArray[np.float32] | None:
    """The stretch of darkness for every cell, or ``None`` when the page has no faint ink."""
    inked = contrast >= MIN_CONTRAST
    if np.count_nonzero(inked) < 50:
        return None
    if float(np.percentile(contrast, PAPER_PERCENTILE)) >= TEXTURED_PAPER:
        return None  # a screen's dots or a moiré: contrast is no measure of ink there
    page_print = float(np.percentile(contrast[inked], PRINT_PERCENTILE))
    faint = inked & (contrast < FAINT_SHARE * page_print)
    if np.count_nonzero(faint) < MIN_FAINT_SHARE * np.count_nonzero(inked):
        return None
    gain = np.clip(page_print / np.maximum(contrast, 1.0), 1.0, MAX_GAIN)
    # no stretch under MIN_CONTRAST, the full one from 1.5× it: no edge around a faint word
    ramp = np.clip((contrast - MIN_CONTRAST) / (0.5 * MIN_CONTRAST), 0.0, 1.0)
    return (1.0 + (gain - 1.0) * ramp).astype(np.float32)


def restore_faint_ink(flat: Gray) -> tuple[Gray, bool]:
    """``flat`` (a flattened page, paper near white) with its faint ink darkened to the
    page's own print, and whether anything was done (see the module doc)."""
    if min(flat.shape) < 4 * CELL:
        return flat, False
    gain = faint_gain(ink_contrast(flat))
    if gain is None:
        return flat, False
    size = (flat.shape[1], flat.shape[0])
    full = cv2.resize(cv2.blur(gain, (3, 3)), size, interpolation=cv2.INTER_LINEAR)
    dark = cv2.multiply(cv2.bitwise_not(flat), full, dtype=cv2.CV_8U)  # saturates at 255
    return cv2.bitwise_not(dark), True
