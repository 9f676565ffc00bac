"""How much reading a file is, guessed from its headers: the order worker pools hand files out.

Two workers finish a batch together only when the costliest work goes first and the
cheapest last (longest first). A file's size in bytes says little about its cost: a
152-DPI scan of 100 KB is brought up to 300 DPI and costs more CPU than a clean 300-DPI
PNG of 4 MB read at 200 DPI, and a text-layer PDF costs a twentieth of a scanned one
(bench/README.md, «Round 10: speed»: by size the costliest single page was handed out last
and ran alone at the end). :func:`file_cost` looks at what decides the OCR's work instead:
how many pages need OCR (PDF pages without a text layer, image frames) and how many pixels
each is read at (a page whose own pixels are coarser than ``FINE_SOURCE_DPI`` is read at
300 DPI, a finer one at ~200 DPI: :mod:`mseflow.reading.resolution`). Only headers and
pdfium's object list are read (a few ms a file); nothing is decoded or rendered. The
result only orders work: it never changes what is read or how.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mseflow.settings import ReadingSettings

logger = logging.getLogger(__name__)

A4_LONG_SIDE_IN = 11.69
FINE_SOURCE_DPI = 270
"""As :data:`mseflow.reading.resolution.FINE_SOURCE_DPI`: finer pages are read at ~200 DPI."""
PAGE_FIXED = 0.3
"""Share of a fine page's cost that does not grow with its pixels (clean-up, crops, extraction)."""
COARSE_PIXELS = 2.25
"""Pixels OCR-ed on a coarse page (read at 300 DPI) per pixel of a fine one (~200 DPI)."""
COARSE_PAGE = PAGE_FIXED + (1 - PAGE_FIXED) * COARSE_PIXELS
"""A coarse page's cost in fine pages (1.9; measured 1.6–2.0 on the bench's scans)."""
TEXT_PAGE = 0.05
"""A page with a text layer, in fine scanned pages (~40 text pages per CPU s against ~1.6 s)."""
UNKNOWN_FILE = 1.0
"""A file whose headers cannot be read (it fails fast, or is read like one page)."""


def file_cost(path: Path, settings: ReadingSettings | None = None) -> float:
    """The guessed reading cost of the file at ``path``, in fine scanned pages (see the module)."""
    settings = settings or ReadingSettings()
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
        if head.startswith(b"%PDF"):
            return _pdf_cost(path, settings)
        return _image_cost(path)
    except Exception:  # noqa: BLE001 - a guess only; the file's own task says what is wrong
        logger.debug("no cost guessed for a file", exc_info=True)
        return UNKNOWN_FILE


def page_cost(long_side_px: float, long_side_in: float = A4_LONG_SIDE_IN) -> float:
    """The cost of one OCR page whose long side has ``long_side_px`` pixels over ``long_side_in``.

    >>> page_cost(3508), page_cost(1778)
    (1.0, 1.875)
    """
    dpi = long_side_px / max(long_side_in, 1e-6)
    return 1.0 if dpi >= FINE_SOURCE_DPI else COARSE_PAGE


def _image_cost(path: Path) -> float:
    from PIL import Image

    with Image.open(path) as image:
        frames = getattr(image, "n_frames", 1)
        return frames * page_cost(max(image.size))


def _pdf_cost(path: Path, settings: ReadingSettings) -> float:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from mseflow.reading.pdfium_lock import PDFIUM_LOCK
    from mseflow.reading.text_layer import count_letters

    total = 0.0
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(path)
        try:
            for index in range(len(document)):
                page = document[index]
                text = page.get_textpage().get_text_range()
                if count_letters(text) >= settings.min_text_layer_chars:
                    total += TEXT_PAGE
                    continue
                finest = 0.0
                for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
                    left, bottom, right, top = image.get_bounds()
                    long_in = max(right - left, top - bottom) / 72.0
                    if long_in > 0.5 * A4_LONG_SIDE_IN:  # an image covering the page
                        finest = max(finest, max(image.get_px_size()) / long_in)
                total += page_cost(finest * A4_LONG_SIDE_IN) if finest else 1.0
        finally:
            document.close()
    return total
