"""Page images for the record page, in the coordinates its evidence boxes use.

Evidence boxes are in PDF points (top-left origin) for text-layer pages and in
pixels of the *normalised* page image for OCR pages (upscaled when small,
turned upright, deskewed: what :func:`mseflow.reading.ocr.ocr_page_image`
read). A :class:`PageView` holds a PNG for the browser and the size of that
coordinate space, so the page can place boxes as fractions of the image.

A page that is one side of a two-up sheet (evidence with a ``sheet_crop``,
:mod:`mseflow.sheet_crops`) was read from that crop of the sheet: its view is the
crop normalised as OCR normalised it, so its boxes land where they were read.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from mseflow.contract import BBox, Record
from mseflow.errors import InputError
from mseflow.reading.files import PagePlan, page_image, plan_pages, render_pdf_page
from mseflow.reading.sniff import FileKind
from mseflow.settings import ReadingSettings

DISPLAY_DPI = 150
"""Text-layer pages are rendered at this resolution for the browser."""
MAX_DISPLAY_WIDTH = 1400
"""OCR page images wider than this are scaled down for the browser."""


@dataclass(frozen=True)
class PageView:
    """One page as the browser gets it."""

    png: bytes
    width: float
    """Width of the evidence coordinate space (points or normalised pixels)."""
    height: float
    unit: str
    """``pt`` or ``px``."""


def sheet_crops(record: Record, page: int) -> list[BBox]:
    """The sides of sheet ``page`` (1-based) the record's boxes were read on, left to right;
    empty when the page is read whole."""
    items = [*record.evidence.values(), *(c for cs in record.candidates.values() for c in cs)]
    crops = {tuple(i.sheet_crop) for i in items if i.page == page and i.sheet_crop is not None}
    return [list(crop) for crop in sorted(crops)]


def render_view(
    data: bytes,
    index: int,
    text_layer: bool | None,
    settings: ReadingSettings,
    crop: BBox | None = None,
) -> PageView:
    """The page at ``index`` (0-based) of a file; ``text_layer`` None means: look at the page.

    With ``crop`` (a side of a two-up sheet), that part of the page image as OCR read it.

    Raises :class:`~mseflow.errors.InputError` when the file cannot be opened or has
    no such page.
    """
    plan = plan_pages(data, settings)
    if not 0 <= index < plan.count:
        raise InputError(f"the file has no page {index + 1}")
    if (
        crop is None
        and plan.kind is FileKind.pdf
        and (text_layer if text_layer is not None else _has_text(data, index, settings))
    ):
        return _text_layer_view(data, index)
    return _ocr_view(data, plan, index, settings, crop)


def _has_text(data: bytes, index: int, settings: ReadingSettings) -> bool:
    import pdfplumber

    from mseflow.reading.text_layer import count_letters

    with pdfplumber.open(io.BytesIO(data)) as plumber:
        text = plumber.pages[index].extract_text() or ""
    return count_letters(text) >= settings.min_text_layer_chars


def _text_layer_view(data: bytes, index: int) -> PageView:
    import pypdfium2 as pdfium

    from mseflow.reading.pdfium_lock import PDFIUM_LOCK

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            width, height = document[index].get_size()
        finally:
            document.close()
    image = render_pdf_page(data, index, DISPLAY_DPI)
    return PageView(_png(image), float(width), float(height), "pt")


def _ocr_view(
    data: bytes, plan: PagePlan, index: int, settings: ReadingSettings, crop: BBox | None
) -> PageView:
    from mseflow.reading.files import pdf_source_dpi
    from mseflow.reading.ocr import detect_rotation, normalise_page
    from mseflow.reading.preprocess import measure_skew, rotate_bound, rotate_quarter

    dpi = pdf_source_dpi(data, index, settings.dpi) if plan.kind is FileKind.pdf else None
    image = page_image(data, plan, index, settings)
    if crop is not None:  # as mseflow.reading.two_up.read_sheet cut it
        image = image.convert("L").crop(tuple(round(v) for v in crop))
    gray = normalise_page(image, dpi)
    gray = rotate_quarter(gray, detect_rotation(gray))
    skew = measure_skew(gray)
    if abs(skew) >= 0.1:
        gray = rotate_bound(gray, skew)
    height, width = gray.shape[:2]
    image = Image.fromarray(gray)
    if width > MAX_DISPLAY_WIDTH:
        image = image.resize((MAX_DISPLAY_WIDTH, round(height * MAX_DISPLAY_WIDTH / width)))
    return PageView(_png(image), float(width), float(height), "px")


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


class PageCache:
    """The last few rendered pages, by (sha256, page, text source)."""

    def __init__(self, size: int = 24) -> None:
        self.size = size
        self._views: OrderedDict[tuple[str, int, str | None], PageView] = OrderedDict()
        self._rendering: dict[tuple[str, int, str | None], threading.Lock] = {}
        self._lock = threading.Lock()

    def get_or_render(
        self, key: tuple[str, int, str | None], render: Callable[[], PageView]
    ) -> PageView:
        """The cached view, or ``render()`` it once: concurrent requests for one page wait."""
        view = self.get(key)
        if view is not None:
            return view
        with self._lock:
            key_lock = self._rendering.setdefault(key, threading.Lock())
        with key_lock:
            view = self.get(key)
            if view is None:
                view = render()
                self.put(key, view)
        with self._lock:
            self._rendering.pop(key, None)
        return view

    def get(self, key: tuple[str, int, str | None]) -> PageView | None:
        """A cached view, marked as recently used."""
        with self._lock:
            view = self._views.get(key)
            if view is not None:
                self._views.move_to_end(key)
            return view

    def put(self, key: tuple[str, int, str | None], view: PageView) -> None:
        """Keep ``view``; the least recently used one goes past :attr:`size`."""
        with self._lock:
            self._views[key] = view
            self._views.move_to_end(key)
            while len(self._views) > self.size:
                self._views.popitem(last=False)
