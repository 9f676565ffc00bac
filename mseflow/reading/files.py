"""Open one input file (PDF, TIFF, PNG, JPEG) and read its pages, all at once or one by one.

PDF pages with a text layer are read from it (pypdfium2); pages without one are
rendered by pypdfium2 and OCR-ed, like image files, and so is a scanned page whose
text layer is untrustworthy (:mod:`mseflow.reading.layer_check`: a scanner's OCR
layer spelling too many words with letters of another script). Every failure to open or
decode becomes a typed :class:`~mseflow.errors.InputError`.

Reading is in two steps so that an orchestrator can make each page a task:
:func:`plan_pages` (cheap: the kind and page count, no content) and
:func:`read_pages` / :func:`read_page`; :func:`read_bytes` does both for a whole file.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from PIL import Image, ImageFile, UnidentifiedImageError

from mseflow.errors import (
    EncryptedInputError,
    InputTooLargeError,
    NoTextError,
    OcrTimeoutError,
    UnreadableInputError,
)
from mseflow.reading.colour import grey_page
from mseflow.reading.layer_check import judge_text
from mseflow.reading.ocr import ocr_page_image
from mseflow.reading.page import OCR_TIMEOUT, PageText
from mseflow.reading.pdfium_lock import PDFIUM_LOCK
from mseflow.reading.resolution import pixel_aspect
from mseflow.reading.sniff import FileKind, sniff_kind
from mseflow.reading.text_layer import count_letters, read_text_layer_page_judged
from mseflow.reading.two_up import read_sheet
from mseflow.settings import ReadingSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PagePlan:
    """What reading a file takes: its kind and number of pages (nothing of its content)."""

    kind: FileKind
    count: int


def read_file(path: Path, settings: ReadingSettings | None = None) -> list[PageText]:
    """Read every page of the file at ``path``."""
    return read_bytes(path.read_bytes(), settings or ReadingSettings())


def read_bytes(data: bytes, settings: ReadingSettings) -> list[PageText]:
    """Read every page of a file given as bytes; raises :class:`InputError` subclasses."""
    pages = read_pages(data, plan_pages(data, settings), settings)
    require_text(pages)
    return pages


def plan_pages(data: bytes, settings: ReadingSettings) -> PagePlan:
    """Check the size and format and count the pages; raises :class:`InputError` subclasses."""
    if len(data) > settings.max_file_bytes:
        raise InputTooLargeError(
            f"file is {len(data)} bytes, over the limit of {settings.max_file_bytes}"
        )
    kind = sniff_kind(data)
    if kind is FileKind.pdf:
        with _open_pdf(data) as plumber:
            count = len(plumber.pages)
        if count == 0:
            raise UnreadableInputError("the PDF has no pages")
    else:
        with _open_image(data, settings) as image:
            count = getattr(image, "n_frames", 1)
    _check_page_count(count, settings)
    return PagePlan(kind, count)


def read_pages(
    data: bytes, plan: PagePlan, settings: ReadingSettings, indices: Sequence[int] | None = None
) -> list[PageText]:
    """Read the pages at ``indices`` (0-based; all by default), opening the file once."""
    wanted = range(plan.count) if indices is None else indices
    if plan.kind is FileKind.pdf:
        with _open_pdf(data) as plumber:
            return [_read_pdf_page(plumber, data, index, settings) for index in wanted]
    with _open_image(data, settings) as image:
        frames = [(index, _frame(image, index)) for index in wanted]
    return [_ocr_frame(frame, index + 1, settings) for index, frame in frames]


def read_page(data: bytes, plan: PagePlan, index: int, settings: ReadingSettings) -> PageText:
    """Read the page at ``index`` (0-based) of a planned file."""
    [page] = read_pages(data, plan, settings, [index])
    return page


def ocr_page_count(data: bytes, plan: PagePlan, settings: ReadingSettings) -> int:
    """How many of a planned file's pages go to OCR: every image frame, PDF pages with no text layer.

    A cheap look (pdfium's text, no words built), for scheduling: whether a file's pages
    are worth reading in several workers.
    """
    if plan.kind is not FileKind.pdf:
        return plan.count
    count = 0
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            for index in range(plan.count):
                textpage = document[index].get_textpage()
                text = textpage.get_text_range()
                count += count_letters(text) < settings.min_text_layer_chars or (
                    not judge_text(text).trustworthy
                )
        finally:
            document.close()
    return count


def page_image(data: bytes, plan: PagePlan, index: int, settings: ReadingSettings) -> Image.Image:
    """Page ``index`` (0-based) as a grayscale image: a PDF page rendered, an image frame decoded
    (a colour scan reduced to grey as reading reduces it: :mod:`mseflow.reading.colour`)."""
    if plan.kind is FileKind.pdf:
        with _open_pdf(data) as plumber:
            colour = colour_scan(plumber.pages[index])
        return render_pdf_page(data, index, settings.dpi, settings.max_image_pixels, colour=colour)
    with _open_image(data, settings) as image:
        return _frame(image, index)


def require_text(pages: Sequence[PageText]) -> None:
    """Raise :class:`NoTextError` when no page has a line of text (blank pages, a photo).

    When a page's OCR ran past its time cap, the error is :class:`OcrTimeoutError`.
    """
    if not any(page.lines for page in pages):
        late = [str(page.number) for page in pages if OCR_TIMEOUT in page.problems]
        if late:
            raise OcrTimeoutError(
                f"OCR ran past its time limit on page(s) {', '.join(late)}; no text read"
            )
        raise NoTextError("no text found on any page (blank pages or not a document)")


@contextlib.contextmanager
def _open_pdf(data: bytes) -> Iterator[pdfplumber.PDF]:
    """pdfplumber on ``data``, every failure to parse it raised as a typed input error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plumber = pdfplumber.open(io.BytesIO(data))
        with plumber:
            yield plumber
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedInputError("the PDF is encrypted (password-protected)") from exc
    except pdfplumber.utils.exceptions.PdfminerException as exc:
        raise _pdf_error(exc) from exc
    except (PDFSyntaxError, PSException, pdfium.PdfiumError, KeyError, TypeError) as exc:
        raise UnreadableInputError(f"corrupt or truncated PDF ({type(exc).__name__})") from exc


def _pdf_error(exc: Exception) -> UnreadableInputError:
    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedInputError("the PDF is encrypted (password-protected)")
    return UnreadableInputError(f"corrupt or truncated PDF ({type(cause).__name__})")


def _read_pdf_page(
    plumber: pdfplumber.PDF, data: bytes, index: int, s: ReadingSettings
) -> PageText:
    page = plumber.pages[index]
    text_page, verdict = read_text_layer_page_judged(page, index + 1, data)
    has_layer = count_letters(text_page.text) >= s.min_text_layer_chars
    if has_layer and (verdict.trustworthy or not has_scan(page)):
        return text_page
    if has_layer:
        logger.debug(
            "page %d: text layer untrustworthy (%d of %d words mended, %d still mixed): OCR",
            index + 1,
            verdict.mended,
            verdict.words,
            verdict.implausible,
        )
    for image in page.images:  # rendering decodes embedded images at their full size
        width, height = image.get("srcsize") or (0, 0)
        check_pixels(width, height, s.max_image_pixels, f"page {index + 1}: embedded image")
    rendered = render_pdf_page(data, index, s.dpi, s.max_image_pixels, colour=colour_scan(page))
    read = _ocr_frame(rendered, index + 1, s, source_dpi(page, s.dpi))
    return read if read.lines or not has_layer else text_page


MIN_SCAN_SHARE = 0.5
"""An embedded image covering this share of the page or more is the page's scan."""


def has_scan(page: pdfplumber.page.Page) -> bool:
    """True when an embedded image covers ``MIN_SCAN_SHARE`` of the page (a scanned page)."""
    area = max(1.0, float(page.width) * float(page.height))
    for image in page.images:
        width_pt = float(image["x1"]) - float(image["x0"])
        height_pt = float(image["bottom"]) - float(image["top"])
        if width_pt > 0 and height_pt > 0 and width_pt * height_pt >= MIN_SCAN_SHARE * area:
            return True
    return False


def source_dpi(page: pdfplumber.page.Page, render_dpi: float) -> float:
    """How fine a scanned PDF page's own pixels are: the resolution of the image that covers
    the page (its pixels over its size on the page), at most the rendering's ``render_dpi``.

    A page with no such image (vector drawings without a text layer) is as fine as it is
    rendered.
    """
    area = max(1.0, float(page.width) * float(page.height))
    finest = 0.0
    for image in page.images:
        width_pt = float(image["x1"]) - float(image["x0"])
        height_pt = float(image["bottom"]) - float(image["top"])
        src_w, src_h = image.get("srcsize") or (0, 0)
        if width_pt <= 0 or height_pt <= 0 or width_pt * height_pt < MIN_SCAN_SHARE * area:
            continue
        dpi = min(float(src_w) / (width_pt / 72.0), float(src_h) / (height_pt / 72.0))
        finest = max(finest, dpi)
    return min(finest, float(render_dpi)) if finest > 0 else float(render_dpi)


GREY_SPACES = frozenset({"DeviceGray", "CalGray", "G"})
"""PDF colour spaces of one grey component (``G``: an inline image's short name)."""


def colour_scan(page: pdfplumber.page.Page) -> bool:
    """True when the image that covers the page (its scan, ``MIN_SCAN_SHARE``) is in colour.

    A grey or bilevel scan is rendered in grey, as it always was; a colour one is rendered in
    colour and reduced by :func:`mseflow.reading.colour.grey_page`. An ICC-based space counts
    as grey when its profile has one component.
    """
    area = max(1.0, float(page.width) * float(page.height))
    for image in page.images:
        width_pt = float(image["x1"]) - float(image["x0"])
        height_pt = float(image["bottom"]) - float(image["top"])
        if width_pt * height_pt < MIN_SCAN_SHARE * area or image.get("bits") == 1:
            continue
        if not _grey_space(image.get("colorspace")):
            return True
    return False


def _grey_space(spaces: object) -> bool:
    """Whether a pdfplumber image's ``colorspace`` (a list of names or references) is grey."""
    items = spaces if isinstance(spaces, list) else [spaces]
    for item in items:
        resolved = resolve1(item)
        if (
            isinstance(resolved, list)
            and resolved
            and getattr(resolved[0], "name", "") == "ICCBased"
        ):
            profile = resolve1(resolved[1]) if len(resolved) > 1 else None
            return getattr(profile, "attrs", {}).get("N") == 1
        name = getattr(resolved, "name", None)
        if name == "ICCBased" and len(items) > 1:
            profile = resolve1(items[1])
            return getattr(profile, "attrs", {}).get("N") == 1
        if name is not None:
            return name in GREY_SPACES
    return False


def pdf_source_dpi(data: bytes, index: int, render_dpi: float) -> float:
    """:func:`source_dpi` of page ``index`` (0-based) of a PDF given as bytes."""
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        return source_dpi(plumber.pages[index], render_dpi)


def render_pdf_page(
    data: bytes, index: int, dpi: int, max_pixels: int | None = None, *, colour: bool = False
) -> Image.Image:
    """Render one PDF page to a grayscale PIL image at ``dpi`` (pypdfium2: ~0.04 s).

    With ``max_pixels``, a page whose size in points × DPI is over it is refused
    (:class:`InputTooLargeError`) before anything is rendered. With ``colour`` (a colour
    scan: :func:`colour_scan`) the page is rendered in colour as well and its stamps are taken
    out of the grey rendering (:func:`mseflow.reading.colour.grey_page`).
    """
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            page = document[index]
            if max_pixels is not None:
                width, height = page.get_size()
                scale = dpi / 72.0
                check_pixels(width * scale, height * scale, max_pixels, f"page {index + 1}")
            grey = page.render(scale=dpi / 72.0, grayscale=True).to_pil()
            # a colour scan is rendered in colour too, for its stamps (+0.07 CPU s a page)
            tinted = page.render(scale=dpi / 72.0).to_pil() if colour else None
        finally:
            document.close()
    return grey if tinted is None else grey_page(tinted, grey)


@contextlib.contextmanager
def _open_image(data: bytes, settings: ReadingSettings) -> Iterator[Image.Image]:
    """A TIFF, PNG or JPEG opened by Pillow, decoding failures raised as typed input errors.

    Only the header is read here: an image over ``max_image_pixels`` is refused before
    any pixel is decoded. Pillow's own bomb check is made to raise, not warn, between
    one and two times its limit.
    """
    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
        with opened as image:
            check_pixels(image.width, image.height, settings.max_image_pixels)
            yield image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputTooLargeError(f"image over {settings.max_image_pixels} pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, KeyError) as exc:
        if isinstance(exc, InputTooLargeError):
            raise
        raise UnreadableInputError(f"cannot decode the image ({type(exc).__name__})") from exc


def check_pixels(width: float, height: float, limit: int, what: str = "page image") -> None:
    """Raise :class:`InputTooLargeError` when a ``width`` × ``height`` image is over ``limit``."""
    pixels = int(width) * int(height)
    if pixels > limit:
        raise InputTooLargeError(
            f"{what} of {int(width)}×{int(height)} = {pixels} pixels, over the limit of {limit}"
        )


def _frame(image: Image.Image, index: int) -> Image.Image:
    """Frame ``index`` of a (multi-page) image, decoded, as 8-bit grayscale.

    Each frame's size is checked against the pixel limit before it is decoded.
    """
    image.seek(index)
    check_pixels(image.width, image.height, Image.MAX_IMAGE_PIXELS or 0, f"page {index + 1}")
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # a library may have set it: a cut scan is refused
    image.load()
    return to_grey8(image)


WIDE_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})
"""Pillow modes of 16-bit (or 32-bit integer) grey pixels: a 16-bit grey PNG or TIFF."""
SIXTEEN_BIT_STEP = 257
"""65535 / 255: one 8-bit level in 16-bit units."""


COLOUR_MODES = frozenset({"RGB", "RGBA", "RGBX", "CMYK", "YCbCr", "LAB", "HSV"})
"""Pillow modes of colour pixels: reduced to grey by :func:`mseflow.reading.colour.grey_page`."""


def to_grey8(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit grey («L»), a 16-bit grey image scaled down to it, a colour one
    with its stamps taken out (:mod:`mseflow.reading.colour`).

    Pillow's own ``convert("L")`` of a 16-bit grey image clips every value over 255 to
    white instead of scaling it (Pillow 13): a 16-bit grey scan (family 11) kept only its
    darkest pixels, 0.5 % of the page inked instead of 2.1 %, and read as nonsense.
    An integer image whose values all fit in 8 bits is taken as it is.
    """
    if image.mode in COLOUR_MODES or (image.mode in ("P", "PA") and _colour_palette(image)):
        return grey_page(image)
    if image.mode not in WIDE_MODES:
        return image.convert("L")
    values = np.asarray(image).astype(np.float64)
    if values.size and values.max() > 255:
        values = values / SIXTEEN_BIT_STEP
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), mode="L")


def _colour_palette(image: Image.Image) -> bool:
    """Whether a palette image's colours are not all grey."""
    palette = image.getpalette() or []
    return any(len(set(palette[i : i + 3])) > 1 for i in range(0, len(palette) - 2, 3))


MIN_PAGE_SIDE = 16
"""Pixels: an image narrower or lower than this holds no line of text (and is not OCR-ed)."""


def _ocr_frame(
    frame: Image.Image, number: int, settings: ReadingSettings, dpi: float | None = None
) -> PageText:
    if frame.width < MIN_PAGE_SIDE or frame.height < MIN_PAGE_SIDE:
        logger.debug("page %d: %d×%d pixels, too small to hold text", number, *frame.size)
        return PageText(number=number, source="ocr", width=frame.width, height=frame.height)
    try:  # a page of non-square pixels (a 204 × 98 fax) looks landscape: never two-up
        square = pixel_aspect(frame) == 1.0
        sheet = (
            read_sheet(np.asarray(frame.convert("L")), number, settings, dpi) if square else None
        )
        return sheet if sheet is not None else ocr_page_image(frame, number, settings, dpi)
    except NoTextError:
        logger.debug("page %d: no text", number)
        return PageText(number=number, source="ocr", width=frame.width, height=frame.height)


def _check_page_count(count: int, settings: ReadingSettings) -> None:
    if count > settings.max_pages:
        raise InputTooLargeError(f"{count} pages, over the limit of {settings.max_pages}")
