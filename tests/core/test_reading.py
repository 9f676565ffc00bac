"""Reading stage with real pdfplumber, pypdfium2 and Tesseract on small drawn pages."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from mseflow.errors import (
    EncryptedInputError,
    InputTooLargeError,
    NoTextError,
    UnreadableInputError,
    UnsupportedFormatError,
)
from mseflow.reading import files as reading_files
from mseflow.reading import plan_pages, read_bytes, read_page
from mseflow.reading.preprocess import measure_skew, to_gray
from mseflow.settings import ReadingSettings

from .drawing import LINES, draw_page, image_bytes, text_layer_pdf

SETTINGS = ReadingSettings()


def cer(got: str, want: str) -> float:
    return Levenshtein.distance(got, want) / len(want)


@pytest.fixture(scope="module")
def page_image():
    return draw_page()


def test_text_layer_pdf_words_lines_and_ticks() -> None:
    (page,) = read_bytes(text_layer_pdf(), SETTINGS)
    assert page.source == "text_layer" and page.unit == "pt"
    assert [line.text for line in page.lines[:4]] == LINES
    assert [cb.checked for cb in page.checkboxes] == [True, False]
    label_line = next(line for line in page.lines if line.text == "работы на высоте")
    box = page.checkboxes[0].bbox
    assert box[2] < label_line.bbox[0] < box[2] + 10  # the label starts just right of its box
    assert abs((box[1] + box[3]) / 2 - (label_line.bbox[1] + label_line.bbox[3]) / 2) < 6


@pytest.mark.parametrize(
    ("fmt", "rotate", "skew"),
    [("PNG", 0, 0.0), ("JPEG", 0, 3.0), ("PNG", 180, 0.0), ("PNG", 90, -2.0)],
)
def test_ocr_reads_rotated_and_skewed_images(
    page_image, fmt: str, rotate: int, skew: float
) -> None:
    image = page_image.rotate(skew, expand=False, fillcolor=255)
    if rotate:
        image = image.rotate(-rotate, expand=True)
    (page,) = read_bytes(image_bytes(image, fmt), SETTINGS)
    assert page.source == "ocr"
    text = page.text.splitlines()
    assert cer(text[0], LINES[0]) < 0.03
    assert "01.06.2027" in page.text and "2431238" in page.text
    assert abs(page.skew_degrees + skew) < 0.6
    assert [cb.checked for cb in page.checkboxes] == [True, False]
    assert "работы на высоте" in page.text  # the box itself is not read as a letter


def test_multipage_tiff_and_scanned_pdf(page_image) -> None:
    blank = page_image.point(lambda _: 255)
    tiff = image_bytes(
        page_image, "TIFF", save_all=True, append_images=[blank, page_image], compression="tiff_lzw"
    )
    pages = read_bytes(tiff, SETTINGS)
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[1].lines == [] and "2431238" in pages[2].text
    plan = plan_pages(tiff, SETTINGS)
    assert (plan.kind, plan.count) == ("tiff", 3)
    assert read_page(tiff, plan, 2, SETTINGS) == pages[2]  # one page alone reads the same
    assert reading_files.page_image(tiff, plan, 1, SETTINGS).getextrema() == (255, 255)  # blank
    scanned = read_bytes(image_bytes(page_image, "PDF", resolution=300.0), SETTINGS)
    assert scanned[0].source == "ocr" and cer(scanned[0].text.splitlines()[1], LINES[1]) < 0.05


def test_skew_measure_on_text_lines(page_image) -> None:
    for angle in (-4.5, -1.0, 2.5, 5.0):
        gray = to_gray(np.asarray(page_image.rotate(angle, fillcolor=255)))
        assert abs(measure_skew(gray) + angle) <= 0.3


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", UnreadableInputError, "empty"),
        (b"%PDF-1.7\n1 0 obj <<", UnreadableInputError, "PDF"),
        (b"<html>not an image</html>", UnsupportedFormatError, "not a PDF"),
        (b"\xff\xd8\xff\xe0 broken jpeg", UnreadableInputError, "decode"),
    ],
)
def test_bad_inputs_raise_typed_errors(data: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        read_bytes(data, SETTINGS)


def test_truncated_and_encrypted_pdf() -> None:
    whole = text_layer_pdf()
    with pytest.raises(UnreadableInputError):
        read_bytes(whole[: len(whole) // 3], SETTINGS)
    with pytest.raises(EncryptedInputError, match="encrypted"):
        read_bytes(text_layer_pdf(encrypt="secret"), SETTINGS)


def test_limits_and_blank_pages(page_image) -> None:
    with pytest.raises(InputTooLargeError):
        read_bytes(text_layer_pdf(), ReadingSettings(max_file_bytes=100))
    with pytest.raises(InputTooLargeError, match="2 pages"):
        tiff = image_bytes(page_image, "TIFF", save_all=True, append_images=[page_image])
        plan_pages(tiff, ReadingSettings(max_pages=1))
    with pytest.raises(NoTextError):
        read_bytes(image_bytes(page_image.point(lambda _: 255), "PNG"), SETTINGS)
