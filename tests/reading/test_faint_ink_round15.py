"""Faint ink (a plastic sleeve's glare, a printer's toner bands) darkened back, and dot
leaders erased, before OCR (mseflow.reading.faint_ink, mseflow.reading.leaders).

Hand-made 300-DPI pages in the layout of a printed «СВЕДЕНИЯ О СПРАВКЕ» extract (labels joined
to their values by dot leaders), damaged the way a scanner does: the ink under a glare band
washed out to a light grey, or faded in vertical toner bands (family 13's own damage). Read
through the whole OCR stage with real Tesseract; the assertions are on the values read.
"""

from __future__ import annotations

import re

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.fixtures.family13 import scan as family13_scan
from mseflow.reading.faint_ink import restore_faint_ink
from mseflow.reading.leaders import erase_dot_leaders, leader_dots
from mseflow.reading.ocr import ocr_page_image
from mseflow.reading.preprocess import flatten_background
from mseflow.settings import ReadingSettings

SETTINGS = ReadingSettings()
FAINT = ReadingSettings(faint_ink=True)
"""The faint-ink step is off by default (it darkened «КОПИЯ» overprints and stamps too)."""
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
ROWS = [
    ("НОМЕР СПРАВКИ", "4817263"),
    ("ДАТА ВЫДАЧИ СПРАВКИ", "12.03.2026"),
    ("ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО", "ПЕТРОВА АННА СЕРГЕЕВНА"),
    ("ДАТА РОЖДЕНИЯ", "05.11.1979"),
    ("ГРУППА ИНВАЛИДНОСТИ", "ВТОРАЯ"),
    ("ДАТА ОЧЕРЕДНОГО ОСВИДЕТЕЛЬСТВОВАНИЯ", "01.02.2027"),
]


def extract_page() -> np.ndarray:
    """A 300-DPI A4 page of label ..... : value rows in 11-pt monospace, black on white."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(MONO, 40)
    for i, (label, value) in enumerate(ROWS):
        y = 400 + i * 90
        line = f"{label} " + "." * (40 - len(label)) + f" : {value}"
        draw.text((200, y), line, font=font, fill=0)
    return np.asarray(image)


def scanned(page: np.ndarray) -> np.ndarray:
    """``page`` through a scanner into a JPEG: sensor noise, quality 80."""
    noisy = page.astype(np.float32) + np.random.default_rng(3).normal(0, 3, page.shape)
    ok, data = cv2.imencode(
        ".jpg", np.clip(noisy, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 80]
    )
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)


def glare(page: np.ndarray, top: int, bottom: int, strength: float) -> np.ndarray:
    """The ink between rows ``top`` and ``bottom`` washed out towards white by ``strength``
    (a sleeve's glare band), scanned into a JPEG."""
    out = page.astype(np.float32)
    out[top:bottom] = out[top:bottom] + (255 - out[top:bottom]) * strength
    return scanned(np.clip(cv2.GaussianBlur(out, (0, 0), 0.6), 0, 255).astype(np.uint8))


def read(page: np.ndarray, settings: ReadingSettings = FAINT) -> str:
    text = ocr_page_image(Image.fromarray(page), 1, settings).text
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("noisy", [False, True])
def test_a_clean_page_is_left_as_it_is(noisy: bool) -> None:
    page = extract_page()
    flat = flatten_background(scanned(page) if noisy else page)
    out, done = restore_faint_ink(flat)
    assert not done
    assert out is flat


def test_a_textured_paper_is_left_as_it_is() -> None:
    """A moiré or a screen's dots over the paper: contrast is no measure of ink there."""
    page = glare(extract_page(), 560, 760, 0.7).astype(np.float32)
    yy, xx = np.mgrid[0 : page.shape[0], 0 : page.shape[1]]
    screen = 40 * (((xx // 3) + (yy // 3)) % 4 == 0)  # a coarse dot screen over everything
    flat = flatten_background(np.clip(page - screen, 0, 255).astype(np.uint8))
    out, done = restore_faint_ink(flat)
    assert not done


def test_ink_under_a_glare_band_is_darkened_to_the_page_print() -> None:
    page = glare(extract_page(), 560, 760, 0.7)  # rows 3 and 4: name and birth date
    flat = flatten_background(page)
    out, done = restore_faint_ink(flat)
    assert done
    band, clear = (slice(560, 760), slice(200, 1800)), (slice(380, 480), slice(200, 1800))
    assert int(flat[band].min()) > 150  # washed out: the global threshold loses it
    assert int(out[band].min()) < 80
    assert int(out[clear].min()) == int(flat[clear].min())  # the clear print untouched
    assert np.array_equal(out[1200:], flat[1200:])  # blank paper untouched


@pytest.mark.parametrize(
    ("top", "bottom", "strength", "wanted"),
    [
        (560, 760, 0.7, ["ПЕТРОВА АННА СЕРГЕЕВНА", "05.11.1979"]),
        (380, 580, 0.68, ["4817263", "12.03.2026"]),
        (760, 980, 0.66, ["ВТОРАЯ", "01.02.2027"]),
    ],
)
def test_values_under_a_glare_band_are_read(
    top: int, bottom: int, strength: float, wanted: list[str]
) -> None:
    text = read(glare(extract_page(), top, bottom, strength))
    for value in wanted:
        assert value in text


def test_values_in_toner_bands_are_read() -> None:
    rng = np.random.default_rng(11)
    page = scanned(family13_scan.toner_bands(extract_page(), rng, 300, {}))
    text = read(page)
    for _, value in ROWS:
        assert value in text


def test_dot_leaders_are_erased_and_labels_read_whole() -> None:
    page = extract_page()
    clean, dots = erase_dot_leaders(page)
    assert dots >= 5 * len(ROWS)
    text = read(page, SETTINGS)
    for label, value in ROWS:
        assert f"{label} {value}" in text.replace(" : ", " ").replace(": ", " ")


def test_points_of_dates_an_ellipsis_and_a_full_stop_are_kept() -> None:
    image = Image.new("L", (2480, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(MONO, 40)
    draw.text(
        (200, 100), "Срок до 01.11.2027. Выдано 12.03.2026 и т.д. и т.п...", font=font, fill=0
    )
    draw.text((200, 300), "ДАТА .......... : 01.02.2027", font=font, fill=0)
    page = np.asarray(image)
    dots = leader_dots(page)
    assert not dots[: 250 // 2].any()  # the first line: every point kept
    assert dots[250 // 2 :].any()  # the leader of the second


def test_the_grain_of_a_pencil_stroke_is_no_leader() -> None:
    """A pencil line breaks into grains of graphite: dots on one baseline, but of all sizes, at
    uneven steps, touching each other; erasing them broke pencil-filled values (f12s9)."""
    rng = np.random.default_rng(5)
    page = np.full((600, 2480), 255, np.uint8)
    x = 200.0
    while x < 1800:
        side = int(rng.integers(2, 6))
        y = 300 + int(rng.integers(-2, 3))
        page[y : y + side, int(x) : int(x) + side] = 60
        x += float(rng.uniform(2, 16))
    assert not leader_dots(page).any()
