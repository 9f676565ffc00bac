"""Phone photos of a page: find the sheet on its background and undo the perspective.

A photographed form lies on a desk: the sheet covers 60–75 % of the picture, it
is a quadrilateral (perspective, a few degrees of rotation) and darker background
surrounds it. Tesseract reads such a picture poorly: the lines are not parallel,
the background's edge becomes «|» and «_», and orientation detection fails on it
(«too few characters»). Measured on the photos of two generated families
(bench/README.md, «Page clean-up»): rectifying the sheet raised the share of truth
words read from 0.86 / 0.67 to 0.98 / 0.82.

:func:`find_page_quad` works on a copy at most 600 px long: Otsu's threshold
splits bright paper from the background, a closing fills the text, and the
largest bright region's convex hull is simplified to four corners. The sheet is
accepted only when the measurements say it is one: it covers 20–95 % of the
picture (a flatbed scan is bright to its edges and gives ~100 %), the background
around it is clearly darker than the paper, the corners are near right angles
and opposite sides are of like length. Anything else leaves the page as it is.

:func:`rectify_page` maps the four corners onto a rectangle of the sheet's own
size in pixels (resolution decisions stay with :mod:`mseflow.reading.ocr`); when
the sides' ratio is within 12 % of A4's √2, the rectangle is exactly A4. A sheet on
a desk is seldom flat: its curled edge or a fold still bows the text lines of the
rectangle, so the rectangle's lines are then straightened
(:func:`mseflow.reading.dewarp.straighten_lines`, applied only where it measurably
levels them). Measured on the photos of family 5 (s5+s9+s13, 20 documents), the
straightening raised the share of printed values found verbatim in the OCR text from
0.73 to 0.86, and field accuracy from 0.705 to 0.906 (bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from mseflow.reading.dewarp import straighten_lines
from mseflow.reading.preprocess import Gray

DETECT_LONG_SIDE = 600
MIN_PAGE_SHARE = 0.2
MAX_PAGE_SHARE = 0.95
MIN_PAPER_CONTRAST = 40.0
"""Grey levels the paper must be brighter than the background around it (medians)."""
MAX_CORNER_DEVIATION_DEG = 25.0
MAX_SIDE_RATIO = 1.4
A4_RATIO = 2**0.5
A4_SNAP = 0.12

Quad = NDArray[np.float32]


@dataclass(frozen=True)
class PageQuad:
    """The sheet found in a photo: corners (top-left, top-right, bottom-right,
    bottom-left) in the picture's pixels, the share of the picture it covers, and the
    median grey of paper and background."""

    corners: Quad
    share: float
    paper: float
    background: float


def order_corners(points: NDArray[np.float32]) -> Quad:
    """Four points as top-left, top-right, bottom-right, bottom-left (for turns under 45°).

    >>> order_corners(np.array([[9, 9], [0, 0], [0, 9], [9, 0]], np.float32)).tolist()
    [[0.0, 0.0], [9.0, 0.0], [9.0, 9.0], [0.0, 9.0]]
    """
    total = points.sum(axis=1)
    diff = points[:, 1] - points[:, 0]
    return np.array(
        [
            points[np.argmin(total)],
            points[np.argmin(diff)],
            points[np.argmax(total)],
            points[np.argmax(diff)],
        ],
        dtype=np.float32,
    )


def find_page_quad(gray: Gray) -> PageQuad | None:
    """The sheet of paper in a photo, or None when the picture is not one (see module doc)."""
    scale = min(1.0, DETECT_LONG_SIDE / max(gray.shape[:2]))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    if count < 2:
        return None
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    region = (labels == biggest).astype(np.uint8)
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    perimeter = cv2.arcLength(hull, True)
    corners = None
    for epsilon in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(approx) == 4:
            corners = order_corners(approx.reshape(4, 2).astype(np.float32))
            break
    if corners is None:
        return None
    share = float(cv2.contourArea(corners)) / float(small.size)
    outside = small[region == 0]
    if not (MIN_PAGE_SHARE <= share <= MAX_PAGE_SHARE) or outside.size == 0:
        return None
    paper, background = float(np.median(small[region > 0])), float(np.median(outside))
    if paper - background < MIN_PAPER_CONTRAST or not _rectangle_like(corners):
        return None
    return PageQuad(corners / scale, share, paper, background)


def _rectangle_like(corners: Quad) -> bool:
    """Corners near right angles and opposite sides of like length (a sheet in perspective)."""
    sides = [float(np.linalg.norm(corners[(i + 1) % 4] - corners[i])) for i in range(4)]
    if min(sides) < 1.0:
        return False
    for a, b in ((sides[0], sides[2]), (sides[1], sides[3])):
        if max(a, b) / min(a, b) > MAX_SIDE_RATIO:
            return False
    for i in range(4):
        u = corners[i - 1] - corners[i]
        v = corners[(i + 1) % 4] - corners[i]
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))
        if abs(90.0 - np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))) > MAX_CORNER_DEVIATION_DEG:
            return False
    return True


def rectify_page(gray: Gray, quad: PageQuad) -> Gray:
    """The sheet inside ``quad`` warped to an upright rectangle of its own pixel size."""
    tl, tr, br, bl = quad.corners
    width = max(float(np.linalg.norm(tr - tl)), float(np.linalg.norm(br - bl)))
    height = max(float(np.linalg.norm(bl - tl)), float(np.linalg.norm(br - tr)))
    ratio = max(width, height) / min(width, height)
    if abs(ratio / A4_RATIO - 1.0) < A4_SNAP:  # the forms are A4: keep the true proportions
        if height >= width:
            width = height / A4_RATIO
        else:
            height = width / A4_RATIO
    w, h = max(1, round(width)), max(1, round(height))
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.corners.astype(np.float32), target)
    flat = cv2.warpPerspective(
        gray, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    straight, _ = straighten_lines(flat)  # page curl: the lines bow even on a flat rectangle
    return straight
