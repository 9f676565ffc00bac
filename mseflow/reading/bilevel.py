"""Clean-up of bilevel pages (fax G4 / CCITT TIFFs) before OCR: despeckle, then smooth.

A fax page is pure black and white: every stroke has stair-step edges, and the
line noise of the transmission leaves thousands of isolated one- or two-pixel
dots. Tesseract reads the dots as «.», «,», «‚» or «о» between and inside words
(«182-992-396» for «182-902-396», «Минтруда.России»), and the stair steps cost
it digits. Measured on the fax pages of two generated families (bench/README.md,
«Page clean-up»): removing the dots of at most two pixels (at 200 DPI) and then
smoothing the page with a Gaussian of σ 0.6 px brought the share of truth values
found verbatim in the OCR text from 0.70 / 0.67 to 0.92 / 0.96, at about 50 ms
a page.

The dots a letter needs are far larger: a full stop of 8-pt type at 200 DPI is
about 3 × 3 px, the dots of «ё» and «й» more; the threshold scales with the
page's resolution.

A fax sent at «standard» resolution is scanned at 200 DPI across but only about 100
lines per inch down: stored as is, the page is half as tall as it should be and every
letter is squashed flat («Фамилия» half its height). Tesseract reads such a page at
a mean confidence of 0.37–0.39, and orientation detection takes the squat page for a
landscape sheet. :func:`restore_aspect` measures the letters: on every upright page
of the generated families the median height-to-width ratio of letter-sized ink
components is 1.0–1.5, on the standard-resolution faxes 0.57–0.62. A page whose
letters measure under ``SQUASHED_MAX_GLYPH_ASPECT`` while its text lines still run
across it (:func:`mseflow.reading.preprocess.line_direction_ratio`: a page turned a
quarter has tall-looking letters lying on their side, and lines running down) is
stretched to twice its height before anything else is done to it.

A fax TIFF (TIFF Class F) states its pixels' shape: a fine-mode fax stores 204 × 98 DPI
(or 200 × 100) and says so in its XResolution / YResolution. The letters cannot always
tell: at 98 lines per inch a serif face's hairlines are lost, its letters break into
stems, and the median component measured 1.2 on half of family 12's faxes (broken stems
stand tall), so the page was read squashed (a mean word confidence of 0.3, «14.03.2026»
read «14.08.2026», a portrait page taken for a landscape one). A page whose file declares
non-square pixels (:func:`mseflow.reading.resolution.pixel_aspect`) is stretched by the
declared ratio instead of the measured one, after the dot removal (the dots are judged at
the resolution they were made at), cubic as :func:`restore_aspect` stretches. On family
12's six fax files (s5, s9) the fields went 0.519 → 0.582 and doc_type 0.50 → 0.88 with
no wrong value (one before); repeating rows instead (nearest) put more of the printed
values verbatim in the text (0.51 against 0.37) but read four values wrong («01.04.2027»
as «01.01.2027», «бюро» as «бюрь»): a wrong value is worse than a missing one.

Only pages measured as bilevel are touched: almost no pixel between black and
white (:func:`is_bilevel`). A bilevel image embedded in a PDF and rendered by
pdfium at another resolution has interpolated edges (about 5 % grey pixels): it
counts as bilevel too (its ink stays pure black, unlike a JPEG of a white page),
and gets the despeckle without the smoothing it already has.
"""

from __future__ import annotations

import cv2
import numpy as np

from mseflow.reading.preprocess import Gray, line_direction_ratio

PURE_BILEVEL_MAX_GREY = 0.002
"""Share of grey pixels (neither black nor white) under which a page is a pure bilevel image."""
RESAMPLED_BILEVEL_MAX_GREY = 0.10
"""Under this share a page is a resampled bilevel image (a fax rendered from a PDF);
grayscale scans measure 0.3 and more (paper grain, JPEG noise)."""
RESAMPLED_BILEVEL_MIN_WHITE = 0.6
"""…and at least this share of its pixels is pure white (a scan's paper is not)…"""
RESAMPLED_BILEVEL_MIN_BLACK = 0.3
"""…and at least this share of its ink is pure black: a fax rendered from a PDF keeps
its strokes' cores at 0 (measured 0.58–0.63), a JPEG of a white page does not (0.00–0.05)."""
SPECKLE_AREA_AT_200_DPI = 2
"""Largest isolated dot (pixels, 8-connected) removed as noise at 200 DPI."""
SMOOTH_SIGMA_AT_200_DPI = 0.6
"""Gaussian σ (pixels) that turns the stair-stepped edges of a 200-DPI fax into grey ramps."""
SQUASHED_MAX_GLYPH_ASPECT = 0.8
"""Median height / width of letter-sized ink components under which the letters are
squashed: the page was stored at half its vertical resolution (see the module doc)."""
MIN_GLYPHS_FOR_ASPECT = 150
"""Letter-sized components needed before the letters' shape is trusted."""
ACROSS_MIN_RATIO = 1.0
""":func:`line_direction_ratio` from which text lines run across the page."""
GREY_LOW, GREY_HIGH = 8, 247
SAMPLE_STEP = 7


def grey_share(gray: Gray) -> tuple[float, float, float]:
    """Shares of grey pixels and of pure white pixels, and the share of the ink (darker
    than mid-grey) that is pure black; on every 7th row and column."""
    sample = gray[::SAMPLE_STEP, ::SAMPLE_STEP]
    if sample.size == 0:
        return 1.0, 0.0, 0.0
    grey = np.count_nonzero((sample > GREY_LOW) & (sample < GREY_HIGH)) / sample.size
    white = np.count_nonzero(sample == 255) / sample.size
    ink = sample[sample < 128]
    black = np.count_nonzero(ink <= GREY_LOW) / ink.size if ink.size else 0.0
    return float(grey), float(white), float(black)


def bilevel_kind(gray: Gray) -> str | None:
    """``"pure"`` for a black-and-white page, ``"resampled"`` for one rendered at another
    resolution (interpolated edges), ``None`` for a grayscale page.

    >>> import numpy as np
    >>> page = np.full((100, 100), 255, np.uint8); page[40:60, 10:90] = 0
    >>> bilevel_kind(page)
    'pure'
    >>> bilevel_kind(np.random.default_rng(1).integers(150, 256, (100, 100), dtype=np.uint8)) is None
    True
    """
    grey, white, black = grey_share(gray)
    if grey < PURE_BILEVEL_MAX_GREY:
        return "pure"
    resampled = grey < RESAMPLED_BILEVEL_MAX_GREY and white >= RESAMPLED_BILEVEL_MIN_WHITE
    if resampled and black >= RESAMPLED_BILEVEL_MIN_BLACK:
        return "resampled"
    return None


def despeckle(gray: Gray, max_area: int) -> tuple[Gray, int]:
    """Paint white every ink component (8-connected, ink = darker than mid-grey) of at
    most ``max_area`` pixels; return the page and how many dots went."""
    ink = (gray < 128).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= max_area
    removed = int(np.count_nonzero(small))
    if not removed:
        return gray, 0
    out = gray.copy()
    out[small[labels]] = 255
    return out, removed


def glyph_aspect(gray: Gray) -> tuple[float, int]:
    """Median height / width of the page's letter-sized ink components, and their count.

    Letter-sized: at least 3 px each way and 10 px in area, and under six times the
    median component height either way (rules, stamps and blobs left out).

    >>> page = np.full((200, 400), 255, np.uint8)
    >>> for i in range(20):
    ...     page[20 + (i // 10) * 40 : 32 + (i // 10) * 40, 10 + (i % 10) * 30 : 20 + (i % 10) * 30] = 0
    >>> glyph_aspect(page)
    (1.2, 20)
    """
    ink = (gray < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    widths = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float64)
    areas = stats[1:, cv2.CC_STAT_AREA]
    if not np.any(areas > 6):
        return 1.0, 0
    typical = float(np.median(heights[areas > 6]))
    letters = (
        (areas > 10)
        & (heights >= 3)
        & (widths >= 3)
        & (heights < 6 * typical)
        & (widths < 6 * typical)
    )
    count = int(np.count_nonzero(letters))
    if not count:
        return 1.0, 0
    return round(float(np.median(heights[letters] / widths[letters])), 3), count


def is_squashed(gray: Gray) -> bool:
    """True for a page stored at half its vertical resolution (see the module doc)."""
    aspect, count = glyph_aspect(gray)
    if count < MIN_GLYPHS_FOR_ASPECT or aspect >= SQUASHED_MAX_GLYPH_ASPECT:
        return False
    return line_direction_ratio(gray) >= ACROSS_MIN_RATIO


def restore_aspect(gray: Gray) -> tuple[Gray, bool]:
    """A squashed page stretched to twice its height (ink stays black, edges get grey
    ramps), or the page as it is; and whether it was stretched."""
    if not is_squashed(gray):
        return gray, False
    h, w = gray.shape[:2]
    return cv2.resize(gray, (w, 2 * h), interpolation=cv2.INTER_CUBIC), True


def square_pixels(gray: Gray, aspect: float, interpolation: int = cv2.INTER_NEAREST) -> Gray:
    """``gray`` with its pixels made square: ``aspect`` times as many rows (pixels wider
    than tall, ``aspect`` > 1), or 1 / ``aspect`` times as many columns (taller than wide),
    resampled with ``interpolation``.

    >>> square_pixels(np.zeros((10, 20), np.uint8), 204 / 98).shape
    (21, 20)
    """
    h, w = gray.shape[:2]
    size = (w, round(h * aspect)) if aspect >= 1.0 else (round(w / aspect), h)
    return cv2.resize(gray, size, interpolation=interpolation)


def clean_bilevel(gray: Gray, dpi: float, kind: str, aspect: float = 1.0) -> tuple[Gray, int]:
    """Despeckle a bilevel page, restore a squashed page's height and (pure bilevel
    only) smooth its edges.

    ``dpi`` is the page's resolution (judged from its size as an A4 page); the dot size
    and the smoothing scale with it. ``aspect`` is the width over the height of a pixel
    as the file declares it (1.0: square, or not declared): a page declared non-square
    is stretched by it (:func:`square_pixels`), not by its letters' measure. Returns the
    page and the number of dots removed.
    """
    scale = max(0.5, dpi / 200.0)
    max_area = max(1, int(SPECKLE_AREA_AT_200_DPI * scale * scale))
    out, removed = despeckle(gray, max_area)
    if aspect != 1.0:
        out, stretched = square_pixels(out, aspect, cv2.INTER_CUBIC), True
    else:
        out, stretched = restore_aspect(out)
    if stretched:  # the long side doubled: the page's resolution is judged again
        scale = max(0.5, dpi * max(out.shape[:2]) / max(gray.shape[:2]) / 200.0)
    if kind == "pure":
        out = cv2.GaussianBlur(out, (0, 0), SMOOTH_SIGMA_AT_200_DPI * scale)
    return out, removed
