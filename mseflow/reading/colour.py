"""A colour page reduced to grey with its stamps taken out: the one colour-aware step of reading.

Pages are read in grey. A plain luma reduction makes a round bureau stamp's blue or violet
ink (a stamp pressed over the group line, the degree table, the signature) as dark as the
print it covers: Tesseract reads the ring's letters into the lines under it, or drops the
lines. In colour the stamp is told apart from the print: its ink is saturated blue to purple,
the print is neutral black. A ballpoint fill-in is blue too and must be kept (a real
document's handwritten values are often blue), so colour alone decides nothing: a stamp is a
blue-to-purple shape at least ``MIN_STAMP_MM`` across both ways (a round stamp is 30–45 mm, a
rectangular one 15 mm high or more), while a handwritten line is a few millimetres high.

Inside a stamp, each stamp-coloured pixel is given back the grey of what lies under the
ink: a pixel as light as the stamp on bare paper becomes paper, one darker than that (print
or a pen stroke seen through the ink) keeps its darkness, stretched so that the darkest print
under the stamp is about as dark as the print beside it. Neutral pixels (print the ink did
not tint) are left as they are.

:func:`grey_page` is the hook: :mod:`mseflow.reading.files` calls it where a colour frame or
a colour rendering of a scanned PDF page is reduced to grey. A grey file never comes here,
and a colour page without a stamp gets Pillow's own reduction, the same pixels as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

logger = logging.getLogger(__name__)

A4_LONG_SIDE_MM = 297.0
HUE_LOW, HUE_HIGH = 100, 165
"""OpenCV hue (degrees / 2) of stamp ink: 200° (blue) to 330° (purple), violet in between."""
MIN_SATURATION = 60
"""HSV saturation (0..255) from which a pixel is solid stamp ink (its tone is measured on these)."""
LOOK_SATURATION = 35
"""The same on the quarter-size copy the stamp is looked for on, where a stroke a few pixels
wide is mixed with the paper beside it."""
EDGE_SATURATION = 30
"""Inside a found stamp, the fainter tint of its anti-aliased edges counts as its ink too."""
MIN_VALUE = 60
"""HSV value under which a pixel's hue is noise (near-black print) when the stamp is looked for."""
MIN_STAMP_MM = 15.0
"""A stamp is at least this wide and this high; a handwritten line is far lower."""
MAX_STAMP_MM = 90.0
MAX_STAMP_ASPECT = 3.0
MIN_STAMP_SHARE = 0.0015
"""A page with fewer stamp-coloured pixels than this share holds no stamp (a cheap first look)."""
MIN_UNDER_DEPTH = 25.0
"""Grey levels: a stamp whose darkest pixels are less than this under its own tone covers no
print (all of it becomes paper)."""
UNDER_FLOOR, UNDER_FULL = 0.2, 0.6
"""Shares of the deepest darkness under a stamp's tone: under the first a pixel is paper,
from the second it is as dark as the print beside the stamp, linear in between."""
MAX_INK_TO_PRINT = 2.0
"""A stamp is pressed on black print: a page with more blue-to-violet ink than this many
times its neutral dark print is printed in that colour (a carbon copy, a blue printout;
family 12 «carbon_copy»: no neutral print at all), and nothing on it is a stamp."""
PRINT_VALUE = 160
"""HSV value under which an unsaturated pixel of the quarter copy is print."""
BACKGROUND_MM = 1.5
"""Stamp strokes narrower than this are closed over to find the paper under them."""
LOOK_SCALE = 0.25
MIN_LOOK_SIDE = 64


@dataclass(frozen=True)
class StampBox:
    """Where a stamp lies on the page (pixels of the full image)."""

    x0: int
    y0: int
    x1: int
    y1: int


def grey_page(image: Image.Image, grey: Image.Image | None = None) -> Image.Image:
    """``image`` (a colour page) as 8-bit grey («L»), its blue-to-violet stamps taken out.

    ``grey`` is the page's plain reduction to start from (a PDF page rendered in grey by
    pdfium, whose resampling Pillow's conversion does not repeat pixel for pixel); by default
    Pillow's ``convert("L")``. A page with no stamp comes back as that reduction.
    """
    rgb = image.convert("RGB")
    grey = rgb.convert("L") if grey is None else grey
    pixels = np.asarray(rgb)
    stamps = find_stamps(pixels)
    if not stamps:
        return grey
    base = np.asarray(grey)
    out = base.copy()
    for box in stamps:
        _lift_stamp(pixels, base, out, box)
    logger.debug("colour page: %d stamp(s) taken out", len(stamps))
    return Image.fromarray(out, mode="L")


def stamp_ink(hsv: NDArray[np.uint8], min_saturation: int, min_value: int = 0) -> NDArray[np.bool_]:
    """Pixels of blue-to-purple ink in an HSV image (OpenCV's 0..179 hue)."""
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return (hue >= HUE_LOW) & (hue <= HUE_HIGH) & (sat >= min_saturation) & (val >= min_value)


def find_stamps(pixels: NDArray[np.uint8]) -> list[StampBox]:
    """The stamps of an RGB page: stamp-coloured shapes at least ``MIN_STAMP_MM`` both ways.

    Judged on a quarter-size copy; the page is taken as A4 (its long side 297 mm).
    """
    h, w = pixels.shape[:2]
    if min(h, w) < MIN_LOOK_SIDE:  # a thumbnail, a strip: no stamp to tell from print
        return []
    small = cv2.resize(pixels, None, fx=LOOK_SCALE, fy=LOOK_SCALE, interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    ink = stamp_ink(hsv, LOOK_SATURATION, MIN_VALUE)
    if ink.mean() < MIN_STAMP_SHARE:
        return []
    print_ink = int(((hsv[..., 1] < LOOK_SATURATION) & (hsv[..., 2] < PRINT_VALUE)).sum())
    if ink.sum() > MAX_INK_TO_PRINT * print_ink:  # printed in that colour: a carbon copy
        return []
    px_per_mm = max(small.shape[:2]) / A4_LONG_SIDE_MM
    close = max(3, round(1.5 * px_per_mm) | 1)  # the ring's letters join the ring
    mask = cv2.morphologyEx(
        ink.astype(np.uint8) * 255,
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (close, close)),
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes: list[StampBox] = []
    pad = round(1.0 * px_per_mm)
    by_size = sorted(stats[1:count].tolist(), key=lambda s: -s[2] * s[3])
    for x, y, bw, bh, _area in by_size:
        side_w, side_h = bw / px_per_mm, bh / px_per_mm
        if not (min(side_w, side_h) >= MIN_STAMP_MM and max(side_w, side_h) <= MAX_STAMP_MM):
            continue
        if max(side_w, side_h) > MAX_STAMP_ASPECT * min(side_w, side_h):
            continue
        box = StampBox(
            max(0, int((x - pad) / LOOK_SCALE)),
            max(0, int((y - pad) / LOOK_SCALE)),
            min(w, int((x + bw + pad) / LOOK_SCALE) + 1),
            min(h, int((y + bh + pad) / LOOK_SCALE) + 1),
        )
        if not any(_inside(box, kept) for kept in boxes):  # a stamp's inner ring, its number
            boxes.append(box)
    return boxes


def _inside(box: StampBox, outer: StampBox) -> bool:
    return outer.x0 <= box.x0 and outer.y0 <= box.y0 and box.x1 <= outer.x1 and box.y1 <= outer.y1


def _lift_stamp(
    pixels: NDArray[np.uint8], base: NDArray[np.uint8], out: NDArray[np.uint8], box: StampBox
) -> None:
    """Give every stamp-coloured pixel in ``box`` of ``out`` the grey of what is under it
    (judged on ``base``, the page's plain grey)."""
    crop = pixels[box.y0 : box.y1, box.x0 : box.x1]
    grey = out[box.y0 : box.y1, box.x0 : box.x1]
    hsv = cv2.cvtColor(crop, cv2.COLOR_RGB2HSV)
    solid = stamp_ink(hsv, MIN_SATURATION, MIN_VALUE)
    tinted = stamp_ink(hsv, EDGE_SATURATION)
    ink = cv2.dilate(  # and the strokes' edges, the ink's tint there lost in the paper's white
        tinted.astype(np.uint8), np.ones((3, 3), np.uint8)
    ).astype(bool)
    if not solid.any() or ink.all():  # nothing of the stamp, or no paper left to measure
        return
    plain_grey = base[box.y0 : box.y1, box.x0 : box.x1]
    level = plain_grey.astype(np.float32)
    tone = float(np.median(level[solid]))  # the stamp on bare paper: most of its ink
    print_dark = float(np.percentile(level[~ink], 1))
    side = max(3, round(BACKGROUND_MM * max(pixels.shape[:2]) / A4_LONG_SIDE_MM) | 1)
    closed = cv2.morphologyEx(  # the paper under the strokes, as light as the paper beside them
        plain_grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    )
    paper = closed.astype(np.float32)
    depth = tone - level  # how much darker than the stamp's own tone: what lies under it
    deepest = float(np.percentile(depth[tinted], 99))  # print seen through the ink
    if deepest < MIN_UNDER_DEPTH:
        lifted = paper
    else:
        floor = UNDER_FLOOR * deepest  # the ink's own unevenness and the JPEG's noise: paper
        full = UNDER_FULL * deepest  # as dark as print from here (thin strokes seen through
        share = np.clip((depth - floor) / (full - floor), 0.0, 1.0)  # the ink read lighter)
        lifted = paper - share * np.maximum(0.0, paper - min(print_dark, tone))
    grey[ink] = np.clip(np.rint(lifted[ink]), 0, 255).astype(np.uint8)
