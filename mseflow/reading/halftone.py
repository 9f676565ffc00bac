"""Pages printed or copied through a halftone screen: letters made of dots, smoothed before OCR.

A page that went through a screen (a halftoned print, a copier's dither, a fax of a grey
original) carries its letters as clusters of dots and hollow outlines on a fine checker
background. Tesseract reads such strokes badly: «МСЭ-2026» came back «МСЭ-26026», the «г.»
after every date «2.», «II группа» «!группа» (bench/README.md, round 11).

The measure is the **solidity** of the ink: the share of ink pixels that survive a 3×3
erosion. Solid strokes at about 300 DPI keep 0.17–0.58 of their ink (clean scans 0.27–0.45,
a 240-DPI grey scan 0.17, photos 0.22–0.45); screened letters keep 0.07–0.14, since almost
every dot is thinner than three pixels. A page under :data:`MAX_SOLIDITY` (scaled with the
page's resolution: thinner strokes at lower resolution) is blurred with a Gaussian of
:data:`SIGMA_AT_300_DPI`, which melts the dots of a stroke into one grey stroke and the
background screen into an even grey; OCR's own binarisation does the rest. Bilevel (fax)
pages have their own clean-up (:mod:`mseflow.reading.bilevel`) and are not judged here.

The reading resolution is chosen on the page as it came, before the blur (a blurred page
never looks clean, and read at 300 DPI instead of 200 one screened IPRA lost its whole
name line). On the eight screened documents of family 10 the misses went 24 → 15 (17 with
the blur before the choice).

Cost: one Otsu mask and one erosion of the page (about 15 ms at 300 DPI); the blur
(about 30 ms) only on a screened page.
"""

from __future__ import annotations

import cv2
import numpy as np

from mseflow.reading.preprocess import Gray, flatten_background, ink_mask

A4_LONG_SIDE_IN = 297 / 25.4
MAX_SOLIDITY = 0.15
"""Ink solidity at 300 DPI under which a page's letters are screened dots (measured on
families 6–10: screened pages 0.073–0.135, every other scanned page 0.169 or more)."""
SIGMA_AT_300_DPI = 1.0
"""Blur (pixels at 300 DPI) that joins a screen's dots: 0.7 left «II» as «#Н», 1.0 and 1.5
read «МСЭ-2026», the dates' «г.» and the address right on a screened certificate; 1.0 kept
more of the small print."""
MIN_INK_PIXELS = 2000
"""A page with less ink than this (a blank back) is not judged."""


def page_dpi(gray: Gray) -> float:
    """The page's resolution judged from its long side as an A4 sheet."""
    return max(gray.shape[:2]) / A4_LONG_SIDE_IN


def ink_solidity(gray: Gray) -> float:
    """Share of the page's ink pixels (Otsu, after flattening) that survive a 3×3 erosion;
    1.0 for a page with almost no ink."""
    ink = ink_mask(flatten_background(gray))
    total = int(np.count_nonzero(ink))
    if total < MIN_INK_PIXELS:
        return 1.0
    kept = int(np.count_nonzero(cv2.erode(ink, np.ones((3, 3), np.uint8))))
    return kept / total


def screened(gray: Gray) -> bool:
    """True when the page's letters are made of a screen's dots (see the module doc)."""
    return ink_solidity(gray) < MAX_SOLIDITY * page_dpi(gray) / 300.0


def smooth_screen(gray: Gray) -> Gray:
    """The page blurred just enough to join a screen's dots into strokes."""
    sigma = SIGMA_AT_300_DPI * page_dpi(gray) / 300.0
    return cv2.GaussianBlur(gray, (0, 0), sigma)
