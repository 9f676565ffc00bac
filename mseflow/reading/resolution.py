"""How many pixels a page needs for OCR, judged from the page image itself.

Tesseract's main pass costs about 0.8 CPU s on a 300-DPI A4 page and about 0.65 at
200 DPI (bench/README.md). Reading every page at 200 DPI lost values on native
300-DPI scans with stamps and noise, and list items on some pages (family 2 and 3
sets, bench/README.md), so only a page that *looks* clean is read with fewer pixels:
high contrast, evenly lit paper, sharp edges (few mid-grey pixels beside the ink: a
blurred, noisy or upscaled scan has many), few specks, and letters tall enough to keep
``MIN_XHEIGHT_PX`` after scaling. Everything is measured on the image (its grey
levels and its letters' connected components), never taken from the file's
metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from mseflow.reading.preprocess import Gray

CLEAN_SCALE = 2 / 3
"""A clean page at ~300 DPI is read at ~200 DPI."""
MIN_CONTRAST = 120
"""Grey levels between ink and paper (2nd to 98th percentile), at least."""
MAX_EDGE_SHARE = 0.35
"""Mid-grey pixels per ink pixel, at most: sharp edges (clean renders 0.06–0.12;
mild scans 0.4–0.7; blurred, upscaled or photographed pages 0.8–20)."""
MAX_PAPER_SPREAD = 12
"""Grey levels between the paper's 10th and 90th percentiles, at most: flat, evenly lit
paper (clean renders 0, mild scans 8–13; photographs and unevenly lit pages 20–60)."""
MAX_SPECKS_PER_GLYPH = 0.3
"""Ink specks (components under ``SPECK_AREA`` pixels) per letter-sized component."""
MIN_XHEIGHT_PX = 13.0
"""The median letter height left after scaling, at least (x-height; ~25 px at 300 DPI
for 10–12 pt text)."""
SPECK_AREA = 12
MIN_GLYPHS = 80
FINE_SOURCE_DPI = 270
"""A page whose own pixels are this fine (a 300-DPI scan or photo, not one brought up from
150–200 DPI) is read at ``CLEAN_SCALE`` even when it is not clean: measured on the tuning
sets (bench/README.md, «Round 7: speed»), 300-DPI scans read as well or better at ~200 DPI
(the area resampling averages their noise away) for about a fifth less CPU; pages scanned
coarser keep the upscaling to 300 that ``fit_resolution`` gives them."""
FINE_MAX_EDGE_SHARE = 0.7
"""A fine source is read smaller only when its edges are no blurrier than a mild scan's
(``MAX_EDGE_SHARE`` gives the ranges): on a blurred 300-DPI scan (0.8) the smaller reading
misread a letter of a name («Чувашской» as «Чивашской») that the full one read right."""


@dataclass(frozen=True)
class PageLook:
    """What the page image shows about its quality (see the module docstring)."""

    contrast: float
    edge_share: float
    paper_spread: float
    specks_per_glyph: float
    xheight_px: float
    glyphs: int

    @property
    def clean(self) -> bool:
        """High contrast, sharp, speckless, with enough letters to judge."""
        return (
            self.glyphs >= MIN_GLYPHS
            and self.contrast >= MIN_CONTRAST
            and self.edge_share <= MAX_EDGE_SHARE
            and self.paper_spread <= MAX_PAPER_SPREAD
            and self.specks_per_glyph <= MAX_SPECKS_PER_GLYPH
        )


def grey_levels(gray: Gray) -> tuple[float, float, float]:
    """Contrast (paper minus ink grey level), edge share (mid-grey pixels per ink pixel)
    and paper spread (grey levels between the paper's 10th and 90th percentiles).

    Ink and paper are split at Otsu's threshold of the page's histogram; their levels
    are the medians of each side; mid-grey lies between a quarter and three quarters
    of the way from ink to paper.
    """
    hist = cv2.calcHist([np.ascontiguousarray(gray)], [0], None, [256], [0, 256]).ravel()
    total = float(hist.sum())
    if total <= 0:
        return 0.0, 1.0, 255.0
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1)
    cut = int(np.argmax(between[:-1]))
    ink_side, paper_side = hist[: cut + 1], hist[cut + 1 :]
    if ink_side.sum() <= 0 or paper_side.sum() <= 0:
        return 0.0, 1.0, 255.0
    ink_level = float(np.searchsorted(np.cumsum(ink_side), ink_side.sum() / 2))
    paper_cumulative = np.cumsum(paper_side) / paper_side.sum()
    paper_level = cut + 1 + float(np.searchsorted(paper_cumulative, 0.5))
    paper_spread = float(
        np.searchsorted(paper_cumulative, 0.9) - np.searchsorted(paper_cumulative, 0.1)
    )
    span = max(1.0, paper_level - ink_level)
    ink = hist[levels <= ink_level + 0.25 * span].sum()
    mid = hist[(levels > ink_level + 0.25 * span) & (levels < paper_level - 0.25 * span)].sum()
    return paper_level - ink_level, float(mid / max(1.0, ink)), paper_spread


def _letters(gray: Gray) -> tuple[int, int, float]:
    """Letter-sized ink components in the middle half of the page's height (where the text
    is): how many, how many specks beside them, and the letters' median height (0 if none)."""
    h = gray.shape[0]
    crop = np.ascontiguousarray(gray[h // 4 : 3 * h // 4])
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    width, height, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    glyph = (height >= 6) & (height <= 80) & (width >= 2) & (width <= 2 * height)
    glyph &= area >= SPECK_AREA
    count = int(glyph.sum())
    specks = int((area < SPECK_AREA).sum())
    return count, specks, float(np.median(height[glyph])) if count else 0.0


def look_at(gray: Gray) -> PageLook:
    """Contrast and edge sharpness of the page; size of its letters and specks, where clean.

    Letters and specks are counted (:func:`_letters`) only when the grey levels already
    look clean (the cheap part first).
    """
    contrast, edge_share, paper_spread = grey_levels(gray)
    if contrast < MIN_CONTRAST or edge_share > MAX_EDGE_SHARE or paper_spread > MAX_PAPER_SPREAD:
        return PageLook(contrast, edge_share, paper_spread, 0.0, 0.0, 0)
    count, specks, xheight = _letters(gray)
    return PageLook(
        contrast=contrast,
        edge_share=edge_share,
        paper_spread=paper_spread,
        specks_per_glyph=specks / max(1, count),
        xheight_px=xheight,
        glyphs=count,
    )


def letter_height(gray: Gray) -> float:
    """The median height of the letter-sized ink components in the middle half of the page
    (0 when fewer than ``MIN_GLYPHS`` are found)."""
    count, _, xheight = _letters(gray)
    return xheight if count >= MIN_GLYPHS else 0.0


def source_scale(gray: Gray, source_dpi: float, look: PageLook | None = None) -> float:
    """The factor for a page whose source pixels are ``source_dpi`` fine: ``CLEAN_SCALE``
    from ``FINE_SOURCE_DPI`` up (less where the letters would drop under ``MIN_XHEIGHT_PX``)
    when its edges are sharp enough (``FINE_MAX_EDGE_SHARE``), else 1. ``look`` is the page's
    :func:`look_at`, when it was taken already (its grey levels and letters are not measured
    again).

    >>> source_scale(np.full((3508, 2480), 255, np.uint8), 200.0)
    1.0
    """
    edge_share = grey_levels(gray)[1] if look is None else look.edge_share
    if source_dpi < FINE_SOURCE_DPI or edge_share > FINE_MAX_EDGE_SHARE:
        return 1.0
    if look is not None and look.glyphs > 0:  # letters already counted on this page
        xheight = look.xheight_px if look.glyphs >= MIN_GLYPHS else 0.0
    else:
        xheight = letter_height(gray)
    if xheight <= 0:
        return 1.0
    scale = max(CLEAN_SCALE, MIN_XHEIGHT_PX / xheight)
    return 1.0 if scale > 0.95 else scale


def choose_scale(gray: Gray, source_dpi: float) -> float:
    """The scale a page is read at: :func:`ocr_scale` for a clean page, else
    :func:`source_scale` by the source's resolution."""
    look = look_at(gray)
    scale = ocr_scale(gray, look)
    return scale if scale < 1.0 else source_scale(gray, source_dpi, look)


def ocr_scale(gray: Gray, look: PageLook | None = None) -> float:
    """The factor to scale ``gray`` by before OCR: ``CLEAN_SCALE`` for a clean page, else 1.

    A clean page keeps at least ``MIN_XHEIGHT_PX`` of letter height; one with smaller
    letters is scaled less, or not at all.
    """
    look = look_at(gray) if look is None else look
    if not look.clean or look.xheight_px <= 0:
        return 1.0
    scale = max(CLEAN_SCALE, MIN_XHEIGHT_PX / look.xheight_px)
    return 1.0 if scale > 0.95 else scale


MIN_PIXEL_ASPECT_OFF = 0.05
"""How far from 1 a file's declared pixel shape (x over y resolution) must be to count:
a fax's 204 × 196 «superfine» (1.04) is square enough; 204 × 98 (2.08) is not."""
MAX_PIXEL_ASPECT = 3.0
"""Declared shapes past this (either way) are taken for broken metadata, not pixels."""


def pixel_aspect(image: Image.Image) -> float:
    """Width over height of one pixel of ``image`` as its file declares it (a TIFF's
    XResolution / YResolution, a PNG's pHYs, a JPEG's density), or 1.0.

    The one thing of a page's geometry read from the file, not the pixels: a fine-mode
    fax is stored at 204 × 98 DPI (TIFF Class F declares it), and its letters, broken at
    98 lines per inch, cannot always show it (:mod:`mseflow.reading.bilevel`). Square or
    nearly square (within ``MIN_PIXEL_ASPECT_OFF``), missing, zero or past
    ``MAX_PIXEL_ASPECT``: 1.0.

    >>> page = Image.new("1", (17, 11)); page.info["dpi"] = (204.0, 98.0)
    >>> round(pixel_aspect(page), 3)
    2.082
    >>> page.info["dpi"] = (300, 300); pixel_aspect(page)
    1.0
    """
    dpi = image.info.get("dpi")
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return 1.0
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, ZeroDivisionError):
        return 1.0
    if x <= 0 or y <= 0:
        return 1.0
    ratio = x / y
    if (
        abs(ratio - 1.0) <= MIN_PIXEL_ASPECT_OFF
        or not 1 / MAX_PIXEL_ASPECT <= ratio <= MAX_PIXEL_ASPECT
    ):
        return 1.0
    return ratio
