"""Page clean-up before OCR, each step decided by what the image measures.

:func:`clean_page` runs on the grayscale page image before it is scaled and read
(:func:`mseflow.reading.ocr.ocr_page_image`). No step looks at a file name or a
format; each is taken when a measured property of the pixels calls for it, and
costs a few tens of milliseconds (bench/README.md, «Page clean-up»):

* **bilevel** (fax G4 / CCITT): almost no grey pixels → despeckle, and smooth the
  stair-stepped edges (:mod:`mseflow.reading.bilevel`); pixels the file declares
  non-square (a 204 × 98 DPI fax) are made square;
* **photographed sheet**: a bright quadrilateral on a darker background →
  perspective correction onto an upright rectangle (:mod:`mseflow.reading.photo_page`);
* **uneven light**: the paper's brightness spreads over more than
  ``UNEVEN_LIGHT_SPREAD`` grey levels → background flattened now, so that
  orientation detection and the resampling see an evenly lit page (the read itself
  flattens again, which on a flat page changes nothing);
* **text running down a rectified sheet** (a sheet photographed sideways: on the
  rectified landscape image Tesseract's orientation detection finds «too few
  characters») → a quarter turn, after which the OCR stage's upside-down check
  finishes the job. Only rectified sheets are turned here: their pixels are a new
  image anyway, while a scan keeps its own geometry and the OCR stage's orientation
  detection (which reports the page's rotation) works on it.

Clean scans and every text-layer page go through untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import cv2

from mseflow.reading.bilevel import bilevel_kind, clean_bilevel, square_pixels
from mseflow.reading.photo_page import PageQuad, find_page_quad, rectify_page
from mseflow.reading.preprocess import (
    Gray,
    flatten_background,
    illumination_spread,
    line_direction_ratio,
)

logger = logging.getLogger(__name__)

A4_LONG_SIDE_IN = 297 / 25.4
UNEVEN_LIGHT_SPREAD = 30.0
"""Grey levels of background spread from which a page counts as unevenly lit."""
VERTICAL_TEXT_RATIO = 0.25
"""Under this :func:`line_direction_ratio` the text lines run down the page."""
MIN_CLEAN_SIDE = 64
PREVIEW_LONG_SIDE = 1000
"""One copy this long serves every measurement (the page is downscaled once)."""


@dataclass
class Cleaned:
    """The cleaned page and what was done to it (step names, for the debug log and tests)."""

    image: Gray
    steps: list[str] = field(default_factory=list)

    @property
    def keeps_pixels(self) -> bool:
        """A straightened, flattened or turned photo: read at its own resolution, never
        scaled down (only a bilevel page's dot removal leaves the resolution to OCR)."""
        return any(not step.startswith("bilevel") for step in self.steps)


def page_dpi(gray: Gray) -> float:
    """The page's resolution judged from its long side as an A4 sheet (the forms are A4)."""
    return max(gray.shape[:2]) / A4_LONG_SIDE_IN


def preview(gray: Gray) -> tuple[Gray, float]:
    """A copy at most ``PREVIEW_LONG_SIDE`` long, and its scale."""
    scale = min(1.0, PREVIEW_LONG_SIDE / max(gray.shape[:2]))
    if scale == 1.0:
        return gray, 1.0
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def clean_page(gray: Gray, aspect: float = 1.0) -> Cleaned:
    """Clean one grayscale page image for OCR (see the module doc for the steps).

    ``aspect`` is a pixel's width over its height as the file declares it
    (:func:`mseflow.reading.resolution.pixel_aspect`); the page comes back with square pixels.
    """
    done = Cleaned(gray)
    if min(gray.shape[:2]) < MIN_CLEAN_SIDE:
        return done
    kind = bilevel_kind(gray)
    if kind is not None:
        done.image, dots = clean_bilevel(gray, page_dpi(gray), kind, aspect)
        done.steps.append(f"bilevel:{kind}:{dots}")
    else:  # a fax has neither a photo's background nor its light
        if aspect != 1.0:
            done.image = square_pixels(gray, aspect, cv2.INTER_CUBIC)
            done.steps.append(f"square_pixels:{aspect:.2f}")
        small, scale = preview(done.image)
        quad = find_page_quad(small)
        if quad is not None:
            full = PageQuad(quad.corners / scale, quad.share, quad.paper, quad.background)
            done.image = rectify_page(done.image, full)
            done.steps.append(f"rectified:{quad.share:.2f}")
            small, scale = preview(done.image)
        if illumination_spread(small) >= UNEVEN_LIGHT_SPREAD:
            done.image = flatten_background(done.image)
            small, scale = preview(done.image)
            done.steps.append("flattened")
        if quad is not None and line_direction_ratio(small) < VERTICAL_TEXT_RATIO:
            done.image = cv2.rotate(done.image, cv2.ROTATE_90_CLOCKWISE)
            done.steps.append("quarter_turn")
    if done.steps:
        logger.debug("page clean-up: %s", ", ".join(done.steps))
    return done
