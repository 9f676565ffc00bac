"""Two pages scanned side by side on one sheet, and halftone-screened pages (round 11, helper
`reading10`).

A landscape sheet holding two portrait pages (a certificate beside an IPRA) was read as one
page: the lines of both mixed and one document's values went to the other. The reading now
finds the gutter from the pixels and reads each side as a page (:mod:`mseflow.reading.two_up`);
a page in two columns, a landscape page and a portrait page turned a quarter are not divided.
Pages whose letters are a halftone screen's dots are blurred before OCR
(:mod:`mseflow.reading.halftone`), and pieces of a broken vertical rule that OCR read as «|»
(made «I», a degree of 1, by the Roman numeral re-read) are dropped
(:mod:`mseflow.reading.rule_pieces`).

Every sheet here is drawn in the test (PIL, DejaVu Sans, A4 at 150 DPI for the geometry
rows, 300 DPI for the rows read by Tesseract).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.pipeline import records_from_pages
from mseflow.reading import read_bytes
from mseflow.reading.halftone import ink_solidity, screened, smooth_screen
from mseflow.reading.page import Word
from mseflow.reading.rule_pieces import drop_rule_pieces, rule_piece
from mseflow.reading.two_up import document_pages, find_gutter
from mseflow.settings import ReadingSettings, Settings

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
A4_MM = (210, 297)

CERTIFICATE = [
    "Бюро № 4 - филиал ФКУ «ГБ МСЭ по Тверской области» Минтруда России",
    "",
    "СПРАВКА",
    "подтверждающая факт установления инвалидности",
    "Серия МСЭ-2025 № 3141592",
    "",
    "Выдана Петрова Анна Сергеевна",
    "Дата рождения 14.08.1974 г.",
    "Группа инвалидности вторая",
    "Причина инвалидности общее заболевание",
    "Дата установления инвалидности 16.05.2025 г.",
    "Инвалидность установлена на срок до 01.06.2026 г.",
    "Дата очередного освидетельствования 01.05.2026 г.",
    "Дата выдачи справки 20.05.2025 г.",
]
IPRA = [
    "Бюро № 7 - филиал ФКУ «ГБ МСЭ по Курской области» Минтруда России",
    "",
    "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ",
    "ИЛИ АБИЛИТАЦИИ ИНВАЛИДА",
    "ИПРА № 1234.5.67/2025",
    "",
    "1. Дата выдачи: 03.02.2025 г.",
    "2. Фамилия, имя, отчество: Соколов Игорь Петрович",
    "3. Дата рождения: 02.11.1980 г.",
    "4. Группа инвалидности: третья",
    "5. ИПРА разработана на срок до 01.03.2026 г.",
    "Степень ограничения способности к трудовой",
    "деятельности: 1",
]


def page(lines: list[str], dpi: int, *, columns: int = 1) -> Image.Image:
    """A white A4 portrait page at ``dpi`` with ``lines`` printed from the top-left margin
    (``columns=2``: the lines in two columns, the second beginning at the page's middle)."""
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, round(dpi * 10 / 72 * 0.95))  # 9.5-pt type
    step = round(dpi * 0.22)
    margin = round(dpi * 0.8)
    for index, text in enumerate(lines):
        column, row = divmod(index, (len(lines) + columns - 1) // columns)
        x = margin + column * (width // 2 - margin // 2)
        draw.text((x, margin + row * step), text, fill=0, font=font)
    return image


def side_by_side(left: Image.Image, right: Image.Image | None) -> Image.Image:
    """Two portrait pages on one landscape sheet (``right=None``: a blank right side)."""
    sheet = Image.new("L", (left.width * 2, left.height), 255)
    sheet.paste(left, (0, 0))
    if right is not None:
        sheet.paste(right, (left.width, 0))
    return sheet


def turned(image: Image.Image) -> Image.Image:
    return image.rotate(90, expand=True, fillcolor=255)


def landscape_page(lines: list[str], dpi: int) -> Image.Image:
    """One landscape page whose lines run across its whole width, middle included."""
    width, height = (round(mm / 25.4 * dpi) for mm in reversed(A4_MM))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, round(dpi * 10 / 72 * 0.95))
    for row, text in enumerate(lines):
        draw.text((round(dpi * 0.8), round(dpi * (0.8 + 0.22 * row))), f"{text} — {text}", 0, font)
    return image


def gapped(lines: list[str]) -> list[str]:
    """The lines with a blank band in the middle (a page turned a quarter shows it as a
    gutter-like band of columns)."""
    half = len(lines) // 2
    return [*lines[:half], *[""] * 12, *lines[half:]]


def short_page(turn: int = 0) -> Image.Image:
    """A short landscape sheet (2480 × 1400 at 300 DPI) with four lines from the left
    margin, the first running over the middle (tests/core's drawn page); ``turn`` degrees."""
    image = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 44)
    for row, text in enumerate(CERTIFICATE[2:6]):
        draw.text((200, 200 + row * 110), text, fill=0, font=font)
    return image.rotate(turn)


Sheet = Callable[[], Image.Image]
SPLITS: list[tuple[str, Sheet, bool]] = [
    (
        "certificate beside an IPRA",
        lambda: side_by_side(page(CERTIFICATE, 150), page(IPRA, 150)),
        True,
    ),
    ("a page beside a blank side", lambda: side_by_side(page(IPRA, 150), None), True),
    ("portrait page in two columns", lambda: page(CERTIFICATE + IPRA, 150, columns=2), False),
    ("one portrait page", lambda: page(CERTIFICATE, 150), False),
    ("landscape page, lines across its middle", lambda: landscape_page(CERTIFICATE, 150), False),
    ("short landscape page, one line over the middle", short_page, False),
    ("the same page upside down", lambda: short_page(180), False),
    ("portrait page turned a quarter, blank band", lambda: turned(page(gapped(IPRA), 150)), False),
    (
        "two-up sheet turned a quarter (portrait)",
        lambda: turned(side_by_side(page(IPRA, 150), page(IPRA, 150))),
        False,
    ),
]


@pytest.mark.parametrize(("name", "sheet", "divides"), SPLITS, ids=[row[0] for row in SPLITS])
def test_find_gutter(name: str, sheet: Sheet, divides: bool) -> None:
    image = sheet()
    gutter = find_gutter(np.asarray(image))
    if not divides:
        assert gutter is None
        return
    assert gutter is not None
    assert abs(gutter - image.width / 2) < 0.05 * image.width


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def two_up_records() -> list[dict[str, object]]:
    sheet = side_by_side(page(CERTIFICATE, 300), page(IPRA, 300))
    pages = read_bytes(_png(sheet), ReadingSettings())
    assert len(pages) == 1 and len(pages[0].sides) == 2
    assert [p.number for p in document_pages(pages)] == [1, 1]
    records = records_from_pages(pages, "sheet.png", "0" * 64, Settings())
    return [record.model_dump(mode="json") for record in records]


@pytest.mark.parametrize(
    ("doc_type", "field", "value"),
    [
        ("mse_certificate", "full_name", "Петрова Анна Сергеевна"),
        ("mse_certificate", "birth_date", "1974-08-14"),
        ("mse_certificate", "document_number", "3141592"),
        ("mse_certificate", "valid_until", "2026-06-01"),
        ("ipra", "full_name", "Соколов Игорь Петрович"),
        ("ipra", "birth_date", "1980-11-02"),
        ("ipra", "issue_date", "2025-02-03"),
    ],
)
def test_two_up_sheet_reads_as_two_documents(
    two_up_records: list[dict[str, object]], doc_type: str, field: str, value: str
) -> None:
    """Each document keeps its own values: none is lent to the page beside it."""
    assert [r["doc_type"] for r in two_up_records] == ["mse_certificate", "ipra"]
    assert all(r["pages"] == [1] for r in two_up_records)
    [record] = [r for r in two_up_records if r["doc_type"] == doc_type]
    assert record[field] == value


def test_portrait_two_columns_stays_one_page() -> None:
    pages = read_bytes(_png(page(CERTIFICATE + IPRA, 200, columns=2)), ReadingSettings())
    assert len(pages) == 1 and pages[0].sides == []
    assert document_pages(pages) == pages


def screen(image: Image.Image, grey: int = 110) -> Image.Image:
    """``image`` printed through a halftone screen: its ink as ``grey``, dithered to dots
    (Floyd–Steinberg) over a light screened background."""
    ink = np.asarray(image) < 128
    tone = np.where(ink, grey, 235).astype(np.uint8)
    return Image.fromarray(tone).convert("1").convert("L")


SOLIDITY: list[tuple[str, Callable[[], Image.Image], bool]] = [
    ("solid print, 300 DPI", lambda: page(CERTIFICATE, 300), False),
    ("solid print, 240 DPI", lambda: page(CERTIFICATE, 240), False),
    ("screened print, 300 DPI", lambda: screen(page(CERTIFICATE, 300)), True),
]


@pytest.mark.parametrize(("name", "make", "dotted"), SOLIDITY, ids=[row[0] for row in SOLIDITY])
def test_screened(name: str, make: Callable[[], Image.Image], dotted: bool) -> None:
    gray = np.asarray(make())
    assert screened(gray) is dotted
    if dotted:
        assert ink_solidity(smooth_screen(gray)) > ink_solidity(gray)


def _rule_page() -> np.ndarray:
    """A white strip with a faded vertical table rule (grey 130) at x=100 running from
    y=20 to y=280, a short stroke «l» at x=200 between blank gaps, and a rule crossing."""
    gray = np.full((300, 300), 255, np.uint8)
    gray[20:280, 100:102] = 130
    gray[140:170, 200:203] = 20
    gray[150, 20:280] = 0
    return gray


RULE_PIECES: list[tuple[str, Word, bool]] = [
    ("piece of a faded vertical rule read as «|»", Word("|", (100, 120, 102, 150), 0.97), True),
    ("the same piece read as «l»", Word("l", (100, 200, 102, 240), 0.9), True),
    ("a letter «l» between blank line gaps", Word("l", (200, 140, 203, 170), 0.9), False),
    ("a word that is not strokes", Word("2", (100, 120, 102, 150), 0.97), False),
    (
        "a wide box over the rule (a digit «1» with its flag)",
        Word("1", (90, 120, 110, 150), 0.9),
        False,
    ),
]


@pytest.mark.parametrize(("name", "word", "piece"), RULE_PIECES, ids=[r[0] for r in RULE_PIECES])
def test_rule_piece(name: str, word: Word, piece: bool) -> None:
    gray = _rule_page()
    assert rule_piece(gray, word) is piece
    assert (drop_rule_pieces(gray, [word]) == []) is piece
