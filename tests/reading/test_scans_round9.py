"""Round 9 (helper `scans`): values in character cells, dashed fill-in rules.

* A blank form's fill-in field printed as a row of cells («клеточки»), one character
  each: a text layer holds each character as a word, OCR reads the cell walls as «|»
  and «[». The walls are erased before OCR (:func:`mseflow.reading.preprocess.cell_walls`)
  and characters at a cell's pitch are joined back (:func:`mseflow.reading.comb.join_cells`).
* A dashed or dotted fill-in line (and a thin rule broken up by a fax) is erased like a
  solid one (:func:`mseflow.reading.preprocess.broken_rules`).

The joining is table-driven over word geometry (one row per layout); the pages are drawn
here with DejaVu (Debian's fonts-dejavu-core) in the layouts real blank forms use, and
read by real Tesseract through the OCR stage.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading.comb import join_cells
from mseflow.reading.lines import group_words_into_lines
from mseflow.reading.ocr import ocr_page_image
from mseflow.reading.page import Word
from mseflow.reading.preprocess import broken_rules, cell_walls, ink_mask, remove_rules
from mseflow.settings import ReadingSettings

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def cells(text: str, x0: float, pitch: float = 12.5, width: float = 6, height: float = 14):
    """Words of ``text`` written one character per cell (a space: an empty cell)."""
    return [
        Word(ch, (x0 + i * pitch, 0, x0 + i * pitch + width, height))
        for i, ch in enumerate(text)
        if ch != " "
    ]


def spaced(texts: list[str], x0: float, step: float, height: float = 12):
    """Words at a fixed step (options of a choice line, columns of a table)."""
    return [
        Word(t, (x0 + i * step, 0, x0 + i * step + 6 * len(t), height)) for i, t in enumerate(texts)
    ]


JOIN_CASES = [
    # (layout, words of one line, the line's text after joining)
    ("series in cells", cells("МСЭ-2019", 133), "МСЭ-2019"),
    ("number in cells", cells("3886518", 280), "3886518"),
    ("date in cells", cells("08.08.1970", 203), "08.08.1970"),
    ("name, empty cell between words", cells("Цой Эльвира", 53), "Цой Эльвира"),
    ("surname and two-letter name", cells("Ким Ли", 53), "Ким Ли"),
    (
        "label, then cells",
        [Word("Серия", (50, 2, 71, 11)), Word("/", (73, 2, 76, 11)), *cells("МСЭ-2023", 133)],
        "Серия / МСЭ-2023",
    ),
    ("group options far apart", spaced(["I", "II", "III"], 200, 50), "I II III"),
    ("degree options, one digit each", spaced(["1", "2", "3"], 200, 40), "1 2 3"),
    ("a «+/−» matrix row", spaced(["+", "−", "+", "+"], 200, 60), "+ − + +"),
    ("three digits only", cells("123", 200), "1 2 3"),
    (
        "prose with one-letter words",
        [Word("работа", (0, 0, 40, 12)), Word("в", (44, 0, 50, 12)), Word("цехе", (54, 0, 80, 12))],
        "работа в цехе",
    ),
]


@pytest.mark.parametrize(
    ("layout", "words", "expected"), JOIN_CASES, ids=[c[0] for c in JOIN_CASES]
)
def test_join_cells(layout: str, words: list[Word], expected: str) -> None:
    assert " ".join(w.text for w in join_cells(words)) == expected


def test_joined_word_keeps_the_cells_box() -> None:
    [word] = join_cells(cells("2190977", 100))
    assert word.bbox == (100, 0, 100 + 6 * 12.5 + 6, 14)


def _comb_page() -> np.ndarray:
    """A 300-DPI certificate fragment: labels, values in cells, a dashed fill-in line."""
    page = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(page)
    label = ImageFont.truetype(str(SANS), 40)
    mono = ImageFont.truetype(str(FONT), 44)
    rows = [("Серия", "МСЭ-2023", 200), ("Дата рождения", "20.12.1961", 420)]
    for caption, value, y in rows:
        draw.text((150, y + 8), caption, font=label, fill=0)
        x, pitch, tall = 700, 52, 70
        draw.line((x, y, x + pitch * len(value), y), fill=0, width=3)
        draw.line((x, y + tall, x + pitch * len(value), y + tall), fill=0, width=3)
        for i, ch in enumerate(value):
            draw.line((x + i * pitch, y, x + i * pitch, y + tall), fill=0, width=3)
            draw.text((x + i * pitch + 12, y + 8), ch, font=mono, fill=0)
        draw.line((x + pitch * len(value), y, x + pitch * len(value), y + tall), fill=0, width=3)
    draw.text((150, 700), "Выдана", font=label, fill=0)
    draw.text((520, 690), "Тальников Артём Ильич", font=mono, fill=0)
    for x in range(500, 2300, 14):  # a dotted fill-in line under the name
        draw.rectangle((x, 752, x + 6, 754), fill=0)
    return np.asarray(page)


@pytest.fixture(scope="module")
def comb_page() -> np.ndarray:
    return _comb_page()


def test_cell_walls_found_and_letters_kept(comb_page: np.ndarray) -> None:
    mask = ink_mask(comb_page)
    horizontal = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (99, 1))
    )
    walls = cell_walls(mask, horizontal)
    assert walls[230, 700] and walls[230, 752]  # walls of the series' first cells
    assert not walls[200:270, 712:745].any()  # the «М» inside its cell stays
    assert not walls[700:750, 150:400].any()  # the caption «Выдана» stays


def test_dotted_fill_in_line_erased(comb_page: np.ndarray) -> None:
    found = broken_rules(ink_mask(comb_page), 99)
    assert found[752:755, 600:2200].any(axis=0).mean() > 0.3
    assert not found[690:745, 520:1200].any()  # the name above the line is not touched
    clean = remove_rules(comb_page)
    assert (clean[750:757, 500:2300] > 128).all()


def test_values_in_cells_read_by_ocr(comb_page: np.ndarray) -> None:
    page = ocr_page_image(Image.fromarray(comb_page), 1, ReadingSettings())
    text = page.text
    # Tesseract may still read a few cells as one word («МСЭ-» + «2023»): only single
    # characters are joined, so the series may come as two words, never as walls
    assert "МСЭ-2023" in text.replace("- ", "-")
    assert "|" not in text and "[" not in text
    assert "20.12.1961" in text
    assert "Тальников Артём Ильич" in text


def _words(x: float, y: float, text: str) -> list[Word]:
    out = []
    for token in text.split():
        out.append(Word(token, (x, y, x + 5 * len(token), y + 10)))
        x += 5 * (len(token) + 1)
    return out


LEFT = [
    "Фамилия, имя, отчество Лесовой Арсений",
    "Дата рождения 18 марта 1998 г.",
    "СНИЛС 622-996-746 11",
    "Группа инвалидности третья",
    "ИПРА разработана повторно",
    "На срок до бессрочно",
]
RIGHT = [
    "Рекомендуемые условия труда:",
    "трудовая деятельность возможна при помощи",
    "нуждается в дополнительных перерывах",
    "сокращённый рабочий день",
    "Противопоказано:",
    "• длительная ходьба и стояние",
    "• тяжёлый физический труд",
    "Доступные виды: архивариус.",
]


def test_two_column_printout_read_column_by_column() -> None:
    """Columns with their own line pitch (19 and 13 units): each column's lines apart."""
    words = [w for i, t in enumerate(LEFT) for w in _words(40, 100 + 19 * i, t)]
    words += [w for i, t in enumerate(RIGHT) for w in _words(420, 99 + 13 * i, t)]
    texts = [line.text for line in group_words_into_lines(words)]
    assert texts == [*LEFT, *RIGHT]


def test_table_rows_stay_rows() -> None:
    """A label | value table leaves a gutter too, but its cells stand level: rows kept."""
    labels = ["Самообслуживание", "Передвижение", "Ориентация", "Общение", "Обучение"]
    words = []
    for i, label in enumerate(labels):
        words += _words(40, 100 + 16 * i, label)
        words += _words(420, 100 + 16 * i, "нуждается в сопровождении")
    texts = [line.text for line in group_words_into_lines(words)]
    assert texts == [f"{label} нуждается в сопровождении" for label in labels]
