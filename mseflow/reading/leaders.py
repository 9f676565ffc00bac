"""Dot leaders («ФАМИЛИЯ ........ : ИВАНОВ») erased before OCR.

Printed extracts and many typed forms join a label to its value with a row of dots. Tesseract
reads a long row of dots as a row of letters («зови я», «еее Бы Канне», «неееьнннь») glued to
the label's words, and the label is garbled with them («НОМЕР СПРАВКИ» read «ео ее», «ГРУППА»
read «ПРУПНА» on a sleeved certificate whose dots the faint-ink step had made visible,
bench/README.md round 15); the extractors then find no label and miss the value.

:func:`erase_dot_leaders` paints white every run of at least :data:`MIN_DOTS` small dots
(at most :data:`DOT_SIDE_MM` across, about as wide as tall, paper all round each) on one
baseline, each within :data:`MAX_PITCH_MM` of the next, evenly spaced and of one size. A
pencil stroke's grain and a dithered fax's dots are neither alone nor even: erasing them
broke pencil-filled values and fax names (f12s9 0010, 0012; f12s5 0028). A full stop, a
date's points («01.11.2027»: two dots three figures apart), an ellipsis (three dots) and the
dots of «ё» and «й» (never five in a row on one baseline) are kept.

Cost: one Otsu mask and one labelling of a half-size copy of the page (about 17 CPU ms at
300 DPI).
"""

from __future__ import annotations

import cv2
import numpy as np

from mseflow.reading.preprocess import Gray, ink_mask

A4_LONG_SIDE_MM = 297.0
DOT_SIDE_MM = 0.75
"""Largest leader dot (a 10–12-pt full stop is 0.3–0.5 mm, blurred a little more)."""
MIN_DOT_MM = 0.12
"""Smallest leader dot (anything smaller is noise, left to the despeckling)."""
MAX_PITCH_MM = 3.8
"""Farthest one leader dot stands from the next (monospaced dots are 2–2.5 mm apart; a
date's points in 12-pt monospace 6 mm)."""
BASELINE_MM = 0.25
"""How far the centres of one leader's dots may stray from one row."""
MIN_DOTS = 5
"""Fewest dots in a row that make a leader (an ellipsis has three)."""
MAX_PITCH_SPREAD = 0.2
"""A leader's dots stand evenly: the steps between them stray from their median by at most
this share of it (median absolute deviation)."""
MAX_SIZE_SPREAD = 3.0
"""A leader's dots are of one size: the 90th percentile of their areas at most this many
times the 10th."""


SCALE = 0.5
"""The dots are looked for on a copy this size (a labelling of the whole page at full size
costs 3–4 times more; a leader dot is still 2–3 px across at half of 300 DPI)."""


def leader_dots(gray: Gray) -> np.ndarray:
    """A mask (255 = ink) of the dot leaders of a grayscale page, at :data:`SCALE` of its
    size (see the module doc)."""
    small = cv2.resize(gray, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_AREA)
    mask = ink_mask(small)
    px_per_mm = max(small.shape[:2]) / A4_LONG_SIDE_MM
    count, labels, stats, centres = cv2.connectedComponentsWithStats(mask, connectivity=8)
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, 4]
    largest = max(2.0, DOT_SIDE_MM * px_per_mm)
    smallest = max(1.0, MIN_DOT_MM * px_per_mm)
    dot = (w <= largest) & (h <= largest) & (w >= smallest) & (h >= smallest)
    dot &= (area >= 0.45 * w * h) & (np.maximum(w, h) <= 2 * np.minimum(w, h))
    dot[0] = False
    found = np.flatnonzero(dot)
    out = np.zeros_like(mask)
    if found.size < MIN_DOTS:
        return out
    keep = np.zeros(count, dtype=bool)
    band = max(1.0, BASELINE_MM * px_per_mm)
    pitch = MAX_PITCH_MM * px_per_mm
    cx, cy = centres[found, 0], centres[found, 1]
    by_row = np.argsort(cy, kind="stable")
    breaks = np.flatnonzero(np.diff(cy[by_row]) > band) + 1
    for row in np.split(by_row, breaks):  # dots whose centres lie within ``band`` of a row
        if row.size < MIN_DOTS:
            continue
        row = row[np.argsort(cx[row], kind="stable")]
        cuts = np.flatnonzero(np.diff(cx[row]) > pitch) + 1
        for run in np.split(row, cuts):
            if run.size >= MIN_DOTS and _printed_row(cx[run], area[found[run]]):
                keep[found[run]] = True
    keep &= _alone(mask, stats, largest)
    if keep.any():
        out[keep[labels]] = 255
    return out


def _printed_row(xs: np.ndarray, areas: np.ndarray) -> bool:
    """Dots printed as a leader: evenly spaced and of one size (the grain of a pencil stroke
    or a dithered fax's dots are neither)."""
    steps = np.diff(xs)
    spread = float(np.median(np.abs(steps - np.median(steps))))
    return spread <= MAX_PITCH_SPREAD * float(np.median(steps)) and float(
        np.percentile(areas, 90)
    ) <= MAX_SIZE_SPREAD * max(1.0, float(np.percentile(areas, 10)))


def _alone(mask: np.ndarray, stats: np.ndarray, reach: float) -> np.ndarray:
    """Which components have paper all round them within ``reach`` pixels (a leader's dot on
    a clean baseline; a stroke's grain or a letter's dot has other ink beside it)."""
    total = cv2.integral(mask // 255)
    h, w = mask.shape
    r = int(round(reach))
    x0 = np.clip(stats[:, 0] - r, 0, w)
    y0 = np.clip(stats[:, 1] - r, 0, h)
    x1 = np.clip(stats[:, 0] + stats[:, 2] + r, 0, w)
    y1 = np.clip(stats[:, 1] + stats[:, 3] + r, 0, h)
    around = total[y1, x1] - total[y0, x1] - total[y1, x0] + total[y0, x0]
    return around == stats[:, cv2.CC_STAT_AREA]


def erase_dot_leaders(gray: Gray) -> tuple[Gray, int]:
    """``gray`` with its dot leaders painted white, and how many dots were erased."""
    dots = leader_dots(gray)
    if not dots.any():
        return gray, 0
    count = cv2.connectedComponents(dots, connectivity=8)[0] - 1
    full = cv2.resize(dots, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = gray.copy()
    out[cv2.dilate(full, np.ones((5, 5), np.uint8)) > 0] = 255  # the dots' grey edges too
    return out, count
