"""Image clean-up before OCR: orientation, deskew, illumination.

Measured on these machines (shared/env-notes.md): background flattening rescues
unevenly lit scans (trap 12); binarising before psm 3 drops tables (trap 11), so
the OCR image stays grayscale; OpenCV 5's ``minAreaRect`` angle convention breaks
the usual deskew recipe (trap 13), so skew is measured from the text lines'
projection profile instead.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np
from numpy.typing import NDArray

cv2.setNumThreads(1)
"""OpenCV single-threaded, as Tesseract and OpenBLAS are (:mod:`mseflow.reading.engine`):
parallelism is across worker processes. Its default (a thread per core) cost ~0.03 CPU s
more per scanned page on 2 cores, in its pool's hand-offs (bench/README.md, round 11), and
with ``-j2`` two workers' pools fought over the same cores. The pixels are the same."""

logger = logging.getLogger(__name__)

Gray = NDArray[np.uint8]

SKEW_LIMIT_DEG = 6.0


def to_gray(image: NDArray[np.uint8]) -> Gray:
    """Return a single-channel 8-bit copy of ``image``."""
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def flatten_background(gray: Gray) -> Gray:
    """Divide by a heavily blurred copy so uneven light becomes a flat white page."""
    size = max(31, (min(gray.shape) // 20) | 1)
    background = cv2.medianBlur(cv2.resize(gray, None, fx=0.25, fy=0.25), size // 4 | 1)
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]))
    flat = cv2.divide(gray, background, scale=255)
    return cv2.normalize(flat, None, 0, 255, cv2.NORM_MINMAX)


def ink_mask(gray: Gray) -> Gray:
    """Binary mask of dark ink (255 = ink) by Otsu's threshold."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def rotate_bound(gray: Gray, angle: float) -> Gray:
    """Rotate counter-clockwise by ``angle`` degrees, keeping size, white fill."""
    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def measure_skew(gray: Gray) -> float:
    """Return the angle (degrees) that makes text lines horizontal.

    Projection-profile search: text lines give the sharpest row profile when
    level. Coarse 0.5° steps over ±6°, then 0.1° around the best. The ink of a
    copy at most 1000 px long is projected as points (each ink pixel's row after
    rotating about the centre, as :func:`rotate_bound` turns it), so no image is
    rotated per angle.
    """
    scale = min(1.0, 1000.0 / max(gray.shape))
    small = cv2.resize(ink_mask(gray), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if small.mean() < 0.5:
        return 0.0
    h, w = small.shape
    ys, xs = np.nonzero(small)
    weights = small[ys, xs].astype(np.float64)
    dy, dx = ys - (h / 2), xs - (w / 2)

    def score(angle: float) -> float:
        rad = np.deg2rad(angle)
        at = h / 2 + np.cos(rad) * dy - np.sin(rad) * dx
        low = np.floor(at)
        share = at - low  # shared between two rows, as rotate_bound's bilinear sampling does
        row = low.astype(np.intp) + 1  # bins 0 and h + 1 collect what falls off the page
        rows = np.bincount(np.clip(row, 0, h + 1), weights * (1 - share), minlength=h + 2)
        rows += np.bincount(np.clip(row + 1, 0, h + 1), weights * share, minlength=h + 2)
        return float(np.var(rows[1 : h + 1]))

    coarse = max(np.arange(-SKEW_LIMIT_DEG, SKEW_LIMIT_DEG + 0.01, 0.5), key=score)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=score)
    return round(float(fine), 2)


def rotate_quarter(gray: Gray, degrees: int) -> Gray:
    """Rotate by a multiple of 90° clockwise."""
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return gray if degrees % 360 == 0 else cv2.rotate(gray, turns[degrees % 360])


def remove_rules(gray: Gray, min_fraction: float = 0.04) -> Gray:
    """Paint table rules (long horizontal and vertical ink runs) white.

    Tesseract's layout analysis drops or garbles text inside ruled tables (the
    point-16 table of the IPRA): cell borders are read as «О», «|» or swallow the
    digit beside them. Lines longer than ``min_fraction`` of the page side are
    found by morphological opening and erased; letters are far shorter.
    """
    mask = ink_mask(gray)
    h, w = gray.shape[:2]
    horizontal = cv2.morphologyEx(
        mask,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, int(w * min_fraction)), 1)),
    )
    vertical = cv2.morphologyEx(
        mask,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(10, int(h * min_fraction)))),
    )
    rules = cv2.bitwise_or(horizontal, vertical)
    rules = cv2.bitwise_or(rules, broken_rules(mask, max(10, int(w * min_fraction))))
    if horizontal.any():
        rules = cv2.bitwise_or(rules, cell_walls(mask, horizontal))
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    if not rules.any():
        return gray
    out = gray.copy()
    out[rules > 0] = 255
    return out


STRIKE_MIN_CONTACT = 0.2
"""Share of a horizontal run's length where letters cross it, above and below alike, from
which it is a strike through words (kept), not a rule."""


def spare_strikes(mask: Gray, horizontal: Gray) -> Gray:
    """``horizontal`` (long runs of ink) without the strokes struck through words.

    A struck-out option («ненужное зачёркнуто») is crossed by a line through the middle of
    its letters; a rule has paper above or below it, a strike has letters crossing it on
    both sides. Used to tell strikes from rules (:func:`struck_runs`); the OCR image still
    has them erased with the rules: kept, they made Tesseract drop the struck words and
    with them a choice line marked by striking out the other options (tests/core/test_marks).

    >>> page = np.zeros((60, 300), np.uint8); page[30:32, 10:290] = 255
    >>> for x in range(12, 288, 10): page[20:42, x : x + 3] = 255  # letters' stems across it
    >>> page[50:52, 10:290] = 255  # a rule
    >>> runs = np.zeros_like(page); runs[30:32, 10:290] = runs[50:52, 10:290] = 255
    >>> kept = spare_strikes(page, runs)
    >>> bool(kept[31, 100]), bool(kept[51, 100])
    (False, True)
    """
    h = mask.shape[0]
    out = horizontal
    for y0, y1 in _ink_bands(horizontal):  # a run never spans a row without ink
        band = horizontal[y0:y1]
        count, labels, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
        struck = np.zeros(count, dtype=bool)
        for i in range(1, count):
            x, y, cw, ch = (int(v) for v in stats[i, :4])
            y += y0
            if y < 2 or y + ch + 2 > h:
                continue
            above = np.count_nonzero(mask[y - 2, x : x + cw])
            below = np.count_nonzero(mask[y + ch + 1, x : x + cw])
            struck[i] = min(above, below) >= STRIKE_MIN_CONTACT * cw
        if struck.any():
            if out is horizontal:
                out = horizontal.copy()
            out[y0:y1][struck[labels]] = 0
    return out


def struck_runs(gray: Gray, min_fraction: float = 0.04) -> list[tuple[float, float, float, float]]:
    """Boxes of the long horizontal strokes that letters cross above and below: strikes
    through words (:func:`spare_strikes`), whether or not OCR read the words under them.

    >>> page = np.full((60, 300), 255, np.uint8); page[30:32, 10:290] = 0
    >>> for x in range(12, 288, 10): page[20:42, x : x + 3] = 0
    >>> struck_runs(page)
    [(11.0, 30.0, 291.0, 32.0)]
    """
    mask = ink_mask(gray)
    w = gray.shape[1]
    runs = cv2.morphologyEx(
        mask,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, int(w * min_fraction)), 1)),
    )
    spared = spare_strikes(mask, runs)
    if spared is runs:  # nothing struck (most pages): no labelling of an empty page
        return []
    struck = cv2.bitwise_and(runs, cv2.bitwise_not(spared))
    count, _, stats, _ = cv2.connectedComponentsWithStats(struck, connectivity=8)
    return [
        (float(x), float(y), float(x + cw), float(y + ch))
        for x, y, cw, ch in (stats[i, :4] for i in range(1, count))
    ]


def horizontal_runs(
    gray: Gray, min_fraction: float = 0.04
) -> list[tuple[float, float, float, float]]:
    """Boxes of the long horizontal runs of ink (rules, underlines, strikes) of a page.

    >>> page = np.full((100, 400), 255, np.uint8); page[50:52, 20:300] = 0
    >>> horizontal_runs(page)
    [(21.0, 50.0, 301.0, 52.0)]
    """
    mask = ink_mask(gray)
    w = gray.shape[1]
    runs = cv2.morphologyEx(
        mask,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, int(w * min_fraction)), 1)),
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    return [
        (float(x), float(y), float(x + cw), float(y + ch))
        for x, y, cw, ch in (stats[i, :4] for i in range(1, count))
    ]


RULE_THICKNESS_SHARE = 0.0025
"""Thickest broken rule, as a share of the page height (about 9 px at 300 DPI)."""
RULE_GAP_SHARE = 0.006
"""Widest break in a broken rule, as a share of the page width (about 15 px at 300 DPI)."""
RULE_MIN_COVER = 0.35
"""Share of a broken rule's length its dashes cover at least."""
RULE_MAX_CONTACT = 0.15
"""Share of a broken rule's length at most where ink touches it from above or below (a
serif line's feet and tops touch their stems all along; a value touches its fill-in line
only where a descender crosses it)."""


def broken_rules(mask: Gray, length: int) -> Gray:
    """Dashed, dotted and broken horizontal rules: thin runs of ink at least ``length`` long
    once gaps of up to ``RULE_GAP_SHARE`` of the page width are bridged.

    The fill-in lines of a blank form are often printed dotted or dashed, and a thin
    rule breaks into dashes on a fax or a low-resolution scan: the rules' opening misses
    them, and Tesseract reads the dashes as a line of «_», «-», «.» or letters, glued to
    the value above (a whole fax page read as noise). Only thin ink counts (vertical
    runs of at most ``RULE_THICKNESS_SHARE`` of the page height: no letter's stem), and
    the bridged run must stay that thin, be covered by dashes over ``RULE_MIN_COVER`` of
    its length, and be touched by other ink over at most ``RULE_MAX_CONTACT`` of it.

    >>> page = np.zeros((200, 400), np.uint8)
    >>> for x in range(20, 380, 12): page[100:102, x : x + 10] = 255  # a dashed rule
    >>> page[20:60, 50:54] = 255  # a letter's stem
    >>> found = broken_rules(page, 100)
    >>> bool(found[100, 25]), bool(found[40, 51])
    (True, False)
    """
    h, w = mask.shape[:2]
    thick = max(2, round(h * RULE_THICKNESS_SHARE))
    tall = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, thick + 1))
    )
    thin = cv2.bitwise_and(mask, cv2.bitwise_not(tall))
    gap = max(3, round(w * RULE_GAP_SHARE))
    bridged = cv2.morphologyEx(
        thin, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1))
    )
    runs = cv2.morphologyEx(
        bridged, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    )
    out = np.zeros_like(mask)
    for x, y, cw, ch in _component_boxes(runs):
        if ch > thick + 1:
            continue
        band = thin[y : y + ch, x : x + cw]
        if np.count_nonzero(band.any(axis=0)) < RULE_MIN_COVER * cw:
            continue
        above = mask[max(0, y - 1), x : x + cw] if y > 0 else np.zeros(cw, np.uint8)
        below = mask[y + ch, x : x + cw] if y + ch < h else np.zeros(cw, np.uint8)
        if max(np.count_nonzero(above), np.count_nonzero(below)) > RULE_MAX_CONTACT * cw:
            continue  # letters stand on it or hang from it: the feet or tops of a serif line
        out[y : y + ch, x : x + cw] = band
    return out


WALL_MIN_SHARE = 0.005
"""Shortest cell wall, as a share of the page height (about 17 px at 300 DPI)."""
WALL_MAX_WIDTH_SHARE = 0.004
"""Widest cell wall, as a share of the page width (about 15 px at 300 DPI)."""
WALL_REACH = 3
"""Pixels between a wall's end and the rule it meets."""


def cell_walls(mask: Gray, horizontal: Gray) -> Gray:
    """The walls of character cells and short table cells: thin vertical strokes that run
    from one horizontal rule to another.

    A fill-in field printed as a row of cells («клеточки») is one long rule above and one
    below, with a short wall between every two characters: too short for the vertical
    rules' opening, and read by Tesseract as «|», «[» or «1» glued to the characters. A
    letter inside a cell touches neither rule (a descender on an underline touches one).

    >>> page = np.zeros((100, 200), np.uint8); page[20, :] = page[60, :] = 255
    >>> page[20:61, 50] = 255; page[30:50, 100:104] = 255  # a wall; a letter's stem
    >>> walls = cell_walls(page, page * (np.arange(100)[:, None] % 40 == 20))
    >>> bool(walls[40, 50]), bool(walls[40, 101])
    (True, False)
    """
    h, w = mask.shape[:2]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(8, int(h * WALL_MIN_SHARE))))
    upright = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    out = np.zeros_like(mask)
    if not upright.any() or not horizontal.any():
        return out
    count, labels, stats, _ = cv2.connectedComponentsWithStats(upright, connectivity=8)
    x, y, cw, ch = (stats[1:, k].astype(np.int64) for k in range(4))
    r = WALL_REACH
    # a rule within ``r`` rows of a row, then how many such pixels lie left of each column:
    # a component's top (bottom) touches a rule when its columns hold one near that row
    near = cv2.dilate(horizontal, np.ones((2 * r + 1, 1), np.uint8)) > 0
    bottom_row = y + ch - 1
    rows, where = np.unique(np.concatenate((y, bottom_row)), return_inverse=True)
    before = np.zeros((rows.size, w + 1), np.int32)  # only the rows asked about
    np.cumsum(near[rows], axis=1, dtype=np.int32, out=before[:, 1:])
    top_at, bottom_at = where[: y.size], where[y.size :]
    touches_top = before[top_at, x + cw] - before[top_at, x] > 0
    touches_bottom = before[bottom_at, x + cw] - before[bottom_at, x] > 0
    walls = np.zeros(count, dtype=bool)
    walls[1:] = (cw <= max(3, int(w * WALL_MAX_WIDTH_SHARE))) & touches_top & touches_bottom
    if walls.any():
        out[walls[labels]] = 255
    return out


def _ink_bands(binary: Gray) -> list[tuple[int, int]]:
    """The runs of rows holding ink of ``binary``, top to bottom, as ``(first, end)``: no
    8-connected component crosses a row without ink, so a sparse image (long runs, rules)
    is labelled band by band instead of over the whole page (bench/README.md, round 11:
    a page-sized labelling costs ~25 CPU ms however little ink it holds)."""
    rows = np.flatnonzero(binary.any(axis=1))
    if rows.size == 0:
        return []
    cuts = np.flatnonzero(np.diff(rows) > 1)
    starts = np.concatenate(([rows[0]], rows[cuts + 1]))
    ends = np.concatenate((rows[cuts], [rows[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _component_boxes(binary: Gray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, width, height) of the 8-connected components of a sparse image, top to
    bottom: labelled band by band (:func:`_ink_bands`), not over the whole page."""
    boxes: list[tuple[int, int, int, int]] = []
    for y0, y1 in _ink_bands(binary):
        count, _, stats, _ = cv2.connectedComponentsWithStats(binary[y0:y1], connectivity=8)
        boxes += [(int(a), int(b) + y0, int(c), int(d)) for a, b, c, d in stats[1:count, :4]]
    return boxes


def illumination_spread(gray: Gray) -> float:
    """How unevenly the paper is lit: grey levels between the 2nd and 98th percentile
    of the page's background (a copy at most 400 px long, ink dilated away, median-blurred).

    Flatbed scans measure 0–29, phone photos 28–78 (bench/README.md, «Page clean-up»).
    """
    scale = min(1.0, 400.0 / max(gray.shape[:2]))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    paper = cv2.medianBlur(cv2.dilate(small, np.ones((9, 9), np.uint8)), 21)
    low, high = np.percentile(paper, [2, 98])
    return float(high - low)


def line_direction_ratio(gray: Gray) -> float:
    """Sharpness of the ink's row profile over its column profile (copy ≤ 1000 px long).

    Text lines that run across the page make the row profile jump at every line and
    the column profile smooth: ratios of 0.9–375 on upright pages. A page turned a
    quarter gives the reverse (0.07 on a photographed sheet lying sideways). The
    sharpness of a profile is its mean squared step over its squared mean. Table
    rules are erased first: a grid's vertical lines would sharpen the column profile.
    """
    scale = min(1.0, 1000.0 / max(gray.shape[:2]))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = ink_mask(remove_rules(flatten_background(small))) > 0  # table rules are not text
    rows = ink.sum(axis=1).astype(np.float64)
    cols = ink.sum(axis=0).astype(np.float64)

    def sharpness(profile: NDArray[np.float64]) -> float:
        mean = float(profile.mean()) if profile.size else 0.0
        if profile.size < 2 or mean <= 0:
            return 0.0
        return float(np.mean(np.diff(profile) ** 2)) / mean**2

    across = sharpness(cols)
    return sharpness(rows) / across if across > 0 else float("inf")


SPECK_AREA_AT_300_DPI = 6
"""Largest isolated dot (pixels, 8-connected) taken for toner or paper noise at 300 DPI: a
full stop of 8-pt type is about 9 px, the dots of «ё» and «й» more."""
SPECKLED_MIN_PER_GLYPH = 0.5
"""Noise dots per letter-sized component, in the page's middle strip, from which a page is
despeckled (clean scans and renders measure 0–0.1)."""
SPECK_SAMPLE_SHARE = 0.125
"""Height share of the middle strip the noise is counted on (the whole page only when it
is speckled)."""


def _dots(mask: Gray, max_area: int) -> tuple[NDArray[np.bool_], NDArray[np.int32], int]:
    """Which components of ``mask`` are dots of at most ``max_area`` pixels (by label), the
    labels, and how many letter-sized components there are beside them."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    areas, heights = stats[:, cv2.CC_STAT_AREA], stats[:, cv2.CC_STAT_HEIGHT]
    dots = areas <= max_area
    dots[0] = False
    letters = int(np.count_nonzero((areas > 4 * max_area) & (heights >= 6)))
    return dots, labels, letters


def despeckle_gray(gray: Gray) -> tuple[Gray, int]:
    """A grayscale page with its isolated noise dots painted white, when it is speckled.

    A worn photocopy or a noisy scan carries toner specks by the thousand; Tesseract reads
    them as «.», «,», «`» or «_» and loses words and digits beside them (a document
    number read «№ Е _ -» on a generated photocopy, bench/README.md round 8). Dark
    components of at most ``SPECK_AREA_AT_300_DPI`` pixels (scaled with the page's
    resolution, judged from its long side as an A4 page) are removed, but only on a page
    whose middle strip holds ``SPECKLED_MIN_PER_GLYPH`` dots per letter or more, so a
    clean page costs one look at a strip. Returns the page and the dots removed.
    """
    scale = (max(gray.shape[:2]) / 3508.0) ** 2
    max_area = max(2, round(SPECK_AREA_AT_300_DPI * scale))
    h = gray.shape[0]
    strip = np.ascontiguousarray(
        gray[int(h * (0.5 - SPECK_SAMPLE_SHARE / 2)) : int(h * (0.5 + SPECK_SAMPLE_SHARE / 2))]
    )
    if strip.size == 0:
        return gray, 0
    dots, _, letters = _dots(ink_mask(strip), max_area)
    if int(np.count_nonzero(dots)) < SPECKLED_MIN_PER_GLYPH * max(1, letters):
        return gray, 0
    dots, labels, _ = _dots(ink_mask(gray), max_area)
    removed = int(np.count_nonzero(dots))
    out = gray.copy()
    out[dots[labels]] = 255
    return out, removed
