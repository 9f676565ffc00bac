"""Straighten curled text lines of a photographed sheet (page curl, a fold, a bulge).

A sheet photographed on a desk is seldom flat: its edge curls up, a fold bends it,
and after the perspective correction (:mod:`mseflow.reading.photo_page`) its text
lines still bow by a line height or more. Tesseract follows a line only while it
stays level: a bowed line is cut into pieces at different heights, and the words of
a label and its value land on different lines («Дата рождения» above, «19.04.1962»
below), or the two halves of a line interleave with the line above.

:func:`straighten_lines` measures the bend from the page's own text lines and undoes
it. On a copy at most ``WORK_LONG_SIDE`` px long the ink is smeared sideways into
one blob per text line; each long, thin blob gives the height of its middle in
column bins. One smooth vertical displacement field ``D(x, y)`` — a polynomial of
degree ``X_DEGREE`` across the page whose coefficients vary with the height on the
page (degree ``Y_DEGREE``) — is fitted to every line at once, each line with its own
level, by least squares with outliers dropped. The page is then resampled so that
each column moves up or down by ``D``: the lines come out level.

The field is applied only when it is worth it: at least ``MIN_LINES`` lines, and a
bend (its largest displacement, relative to the page centre's column) of at least
``MIN_BEND_LINE_HEIGHTS`` line heights, and a field that really levels the lines: the
working copy is resampled by it and its lines measured again (``MIN_WAVINESS_GAIN``).
A flat page stays untouched. The field is
evaluated only inside the band of columns and rows the lines cover (held constant
beyond), so a blank margin cannot be thrown about by the polynomial.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from mseflow.reading.preprocess import Gray

logger = logging.getLogger(__name__)

WORK_LONG_SIDE = 1200
"""Long side (px) of the copy the lines are measured on."""
X_DEGREE = 4
Y_DEGREE = 2
MIN_LINES = 4
"""Text lines needed before a bend is believed."""
LINES_PER_Y_DEGREE = 8
"""Lines per degree of the field's change down the page (fewer lines, a simpler field)."""
MIN_LINE_WIDTH_SHARE = 0.12
"""A line blob spans at least this share of the page's width."""
MAX_LINE_HEIGHT_FACTOR = 2.5
"""A blob taller than this many median line heights is two lines run together, a stamp
or a picture: not a line."""
BIN_PX = 12
"""Width (px, on the working copy) of the column bins a line's height is sampled in."""
MIN_BEND_LINE_HEIGHTS = 0.5
"""Smallest bend (largest displacement, in median line heights) that is straightened;
smaller ones are mostly the page's tilt, which the OCR stage's deskew takes out (on the
photos of family 2, bends of 0.42–0.46 straightened cost a Roman numeral)."""
MAX_BEND_SHARE = 0.08
"""A fitted bend over this share of the page's height is not a curl but a misfit."""
OUTLIER_LINE_HEIGHTS = 0.6
MIN_WAVINESS_GAIN = 0.04
"""The field is applied only when it takes at least this much (line heights) off the
lines' :func:`waviness`, measured again on the working copy resampled by it: a misfit
(a stamp's tilted lines, a table's short cells) that would not level the lines, or
would bend level ones, is refused. Measured on the photos of families 3 and 5: curled
sheets 0.15–0.31 before and 0.04–0.12 after (gains 0.05–0.24); flat sheets 0.04–0.08,
gains 0.003–0.024."""


@dataclass(frozen=True)
class Bend:
    """The fitted field: coefficients over normalised coordinates and the data's extent."""

    coefficients: NDArray[np.float64]
    y_degree: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    lines: int
    line_height: float
    amplitude: float
    """Largest displacement (working-copy px) of any point of the text band."""
    size: tuple[int, int] = (0, 0)
    """Width and height of the working copy the field was fitted on."""
    waviness: float = 0.0
    """:func:`waviness` of the lines the field was fitted on."""


def _basis(
    xn: NDArray[np.float64], yn: NDArray[np.float64], y_degree: int = Y_DEGREE
) -> NDArray[np.float64]:
    """Terms x^j·y^k, j = 1..X_DEGREE, k = 0..Y_DEGREE (no pure-y term: a line's own level)."""
    terms = [xn**j * yn**k for j in range(1, X_DEGREE + 1) for k in range(y_degree + 1)]
    return np.stack(terms, axis=-1)


def y_degree_for(lines: int) -> int:
    """How far the bend may change down the page: a few lines give one shape for all.

    >>> [y_degree_for(n) for n in (4, 7, 8, 15, 16, 40)]
    [0, 0, 1, 1, 2, 2]
    """
    if lines >= LINES_PER_Y_DEGREE * 2:
        return Y_DEGREE
    return 1 if lines >= LINES_PER_Y_DEGREE else 0


def ink_of(gray: Gray) -> Gray:
    """Ink mask (255 = ink) of an unevenly lit page: divide by the paper's blurred
    brightness, then Otsu's threshold."""
    size = max(15, (max(gray.shape) // 30) | 1)
    paper = cv2.dilate(gray, np.ones((5, 5), np.uint8))
    paper = cv2.medianBlur(paper, min(size, 255) | 1)
    flat = cv2.divide(gray, np.maximum(paper, 1), scale=255)
    _, mask = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def line_samples(mask: Gray) -> tuple[list[NDArray[np.float64]], float]:
    """Per text-line blob, an array of (x, y) points of its middle, and the median
    line height (both in the mask's pixels)."""
    h, w = mask.shape
    vertical = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(15, h // 40)))
    )
    ink = cv2.subtract(mask, vertical)  # table rules standing up would join the lines
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    small = heights[(heights >= 3) & (heights < h // 20)]
    if small.size < 50:
        return [], 0.0
    letter = float(np.median(small))
    smear = cv2.morphologyEx(
        ink,
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(round(2.5 * letter))), 1)),
    )
    smear = cv2.morphologyEx(
        smear, cv2.MORPH_OPEN, np.ones((max(1, int(letter // 3)), 3), np.uint8)
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    tall = stats[1:, cv2.CC_STAT_HEIGHT]
    wide = np.flatnonzero(widths >= MIN_LINE_WIDTH_SHARE * w) + 1
    if wide.size == 0:
        return [], 0.0
    line_height = float(np.median(tall[wide - 1]))
    lines: list[NDArray[np.float64]] = []
    for label in wide:
        x0, y0, bw, bh = (int(v) for v in stats[label, :4])
        if bh > MAX_LINE_HEIGHT_FACTOR * line_height or bw < 4 * bh:
            continue
        blob = labels[y0 : y0 + bh, x0 : x0 + bw] == label
        rows = np.arange(y0, y0 + bh, dtype=np.float64)[:, None]
        count_col = blob.sum(axis=0)
        top = np.where(count_col > 0, np.argmax(blob, axis=0), -1)
        bottom = np.where(count_col > 0, bh - 1 - np.argmax(blob[::-1], axis=0), -1)
        del rows
        points = []
        for start in range(0, bw - BIN_PX // 2, BIN_PX):
            sel = slice(start, min(bw, start + BIN_PX))
            ok = count_col[sel] > 0
            if ok.sum() < BIN_PX // 3:
                continue
            mid = (top[sel][ok] + bottom[sel][ok]) / 2.0
            points.append((x0 + start + BIN_PX / 2.0, y0 + float(np.median(mid))))
        if len(points) >= 4:
            lines.append(np.array(points, dtype=np.float64))
    return lines, line_height


def fit_bend(mask: Gray) -> Bend | None:
    """The displacement field of a page's text lines, or None when too few lines."""
    lines, line_height = line_samples(mask)
    if len(lines) < MIN_LINES or line_height <= 0:
        return None
    h, w = mask.shape
    points = np.concatenate(lines)
    owner = np.concatenate([np.full(len(p), i) for i, p in enumerate(lines)])
    keep = np.ones(len(points), dtype=bool)
    y_degree = y_degree_for(len(lines))
    coefficients = np.zeros(X_DEGREE * (y_degree + 1))
    for _ in range(3):
        used = np.unique(owner[keep])
        if used.size < MIN_LINES:
            return None
        sel = np.flatnonzero(keep)
        xn = points[sel, 0] / w * 2 - 1
        yn = points[sel, 1] / h * 2 - 1
        # each line's own level is a free constant: fit the field to the lines' points
        # taken relative to their line's mean (the same least squares, far fewer unknowns)
        _, which = np.unique(owner[sel], return_inverse=True)
        counts = np.bincount(which).astype(np.float64)[:, None]
        basis = _basis(xn, yn, y_degree)
        ys = points[sel, 1][:, None]
        basis_mean = np.stack([np.bincount(which, c) for c in basis.T], axis=1) / counts
        y_mean = np.bincount(which, ys[:, 0])[:, None] / counts
        coefficients, *_ = np.linalg.lstsq(
            basis - basis_mean[which], (ys - y_mean[which])[:, 0], rcond=None
        )
        levels = (y_mean - basis_mean @ coefficients[:, None])[:, 0]
        fitted = basis @ coefficients + levels[which]
        residual = np.abs(points[sel, 1] - fitted)
        bad = residual > OUTLIER_LINE_HEIGHTS * line_height
        if not bad.any():
            break
        keep[sel[bad]] = False
    x_range = (float(points[keep, 0].min()), float(points[keep, 0].max()))
    y_range = (float(points[keep, 1].min()), float(points[keep, 1].max()))
    lines_used = int(np.unique(owner[keep]).size)
    args = (coefficients, y_degree, x_range, y_range, lines_used, line_height)
    amplitude = float(np.abs(displacement(Bend(*args, 0.0, (w, h)), w, h, step=8)).max())
    return Bend(*args, amplitude, (w, h), waviness(lines, line_height))


def waviness(lines: list[NDArray[np.float64]], line_height: float) -> float:
    """How far the lines' middles stray from level: the RMS distance of each line's
    points from the line's mean height, over all lines' points, in line heights. Level
    lines measure ~0.05 (the sampling's own noise); curled or tilted ones 0.15 and more."""
    if not lines or line_height <= 0:
        return 0.0
    total = weight = 0.0
    for points in lines:
        x, y = points[:, 0], points[:, 1]
        total += float(np.sum((y - y.mean()) ** 2))
        weight += x.size
    return float(np.sqrt(total / weight)) / line_height


def displacement(bend: Bend, width: int, height: int, step: int = 1) -> NDArray[np.float32]:
    """``D(x, y) - D(x_mid, y)`` on a grid of every ``step``-th pixel of a page of the
    working copy's size: how far each column's content sits below where it belongs."""
    xs = np.clip(np.arange(0, width, step, dtype=np.float64), *bend.x_range)
    ys = np.clip(np.arange(0, height, step, dtype=np.float64), *bend.y_range)
    xn = xs / width * 2 - 1
    yn = ys / height * 2 - 1
    grid_x, grid_y = np.meshgrid(xn, yn)
    field = _basis(grid_x, grid_y, bend.y_degree) @ bend.coefficients
    mid = np.clip(width / 2.0, *bend.x_range) / width * 2 - 1
    centre = _basis(np.full_like(yn, mid), yn, bend.y_degree) @ bend.coefficients
    return (field - centre[:, None]).astype(np.float32)


def straighten_lines(gray: Gray) -> tuple[Gray, float]:
    """``gray`` with its text lines made level, and the bend undone (in line heights;
    0.0 when the page was left as it is). See the module doc.

    A sheet photographed sideways has its lines running down the picture: when too few
    lines run across, the page is measured (and straightened) transposed.
    """
    scale = min(1.0, WORK_LONG_SIDE / max(gray.shape[:2]))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = ink_of(small)
    bend = fit_bend(mask)
    if bend is None:
        mask = np.ascontiguousarray(mask.T)
        bend = fit_bend(mask)
        if bend is None or not _worth_it(bend, mask):
            return gray, 0.0
        out = _resample(np.ascontiguousarray(gray.T), bend, 1.0 / scale)
        return np.ascontiguousarray(out.T), bend.amplitude / bend.line_height
    if not _worth_it(bend, mask):
        return gray, 0.0
    return _resample(gray, bend, 1.0 / scale), bend.amplitude / bend.line_height


def _worth_it(bend: Bend, mask: Gray) -> bool:
    """A bend large enough to matter, and one that really levels the lines (the working
    copy is resampled by it and its lines measured again)."""
    relative = bend.amplitude / bend.line_height
    if relative < MIN_BEND_LINE_HEIGHTS or bend.amplitude > MAX_BEND_SHARE * mask.shape[0]:
        logger.debug("page bend %.2f line heights over %d lines: left as is", relative, bend.lines)
        return False
    lines, line_height = line_samples(_resample(mask, bend, 1.0, cv2.INTER_NEAREST))
    left = waviness(lines, line_height or bend.line_height)
    if bend.waviness - left < MIN_WAVINESS_GAIN:
        logger.debug(
            "page bend %.2f line heights: waviness %.3f would become %.3f, left as is",
            relative,
            bend.waviness,
            left,
        )
        return False
    logger.debug(
        "page bend %.2f line heights over %d lines: waviness %.3f -> %.3f, straightened",
        relative,
        bend.lines,
        bend.waviness,
        left,
    )
    return True


def _resample(gray: Gray, bend: Bend, factor: float, interpolation: int = cv2.INTER_LINEAR) -> Gray:
    """``gray`` (``factor`` times the working copy's size) with every column moved by the field."""
    small_w, small_h = bend.size
    field = displacement(bend, small_w, small_h, 4)
    full_h, full_w = gray.shape[:2]
    shift = cv2.resize(field, (full_w, full_h), interpolation=cv2.INTER_LINEAR) * factor
    map_x, map_y = np.meshgrid(
        np.arange(full_w, dtype=np.float32), np.arange(full_h, dtype=np.float32)
    )
    map_y += shift
    return cv2.remap(gray, map_x, map_y, interpolation, borderMode=cv2.BORDER_REPLICATE)
