"""Low-resolution and compressed pages: weak lines read again on their own.

Real Tesseract (the loaded tesserocr engine) on lines and pages drawn with PIL at
the letter sizes of 150/200-DPI scans, some passed through JPEG quality 35.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading import line_reread
from mseflow.reading.engine import get_engine
from mseflow.reading.line_reread import is_weak, keep_doubt, reread_weak_lines
from mseflow.reading.ocr import ocr_page_image
from mseflow.reading.page import Glyph, Line, Word
from mseflow.settings import ReadingSettings

pytest.importorskip("tesserocr")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def draw_line(text: str, size: int, width: int = 1400) -> tuple[np.ndarray, tuple[float, ...]]:
    """A white strip with ``text`` printed once; the text's box."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (width, 4 * size), 255)
    draw = ImageDraw.Draw(image)
    draw.text((3 * size, 1.5 * size), text, font=font, fill=0)
    box = draw.textbbox((3 * size, 1.5 * size), text, font=font)
    return np.asarray(image), tuple(float(v) for v in box)


def jpeg(gray: np.ndarray, quality: int = 35) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(gray).save(buffer, format="JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))


def garbled(text: str, box: tuple[float, ...], confidence: float) -> list[Word]:
    """The line as a bad page pass might return it: its words, each read with ``confidence``,
    their text scrambled."""
    parts = text.split()
    x0, y0, x1, y1 = box
    step = (x1 - x0) / len(parts)
    return [
        Word(part[::-1], (x0 + i * step, y0, x0 + (i + 1) * step - 4, y1), confidence)
        for i, part in enumerate(parts)
    ]


class CountingEngine:
    """The real engine, counting the crops it is asked to read."""

    def __init__(self) -> None:
        self.engine = get_engine("rus")
        self.crops = 0

    def read(self, gray, psm, timeout_s):
        return self.engine.read(gray, psm, timeout_s)

    def read_crop(self, gray, psm, whitelist=""):
        self.crops += 1
        return self.engine.read_crop(gray, psm, whitelist)

    def orientation(self, gray):
        return self.engine.orientation(gray)


@pytest.fixture
def engine() -> CountingEngine:
    return CountingEngine()


@pytest.mark.parametrize(
    ("text", "size", "compressed"),
    [
        ("Дата выдачи справки 16.07.2026", 17, False),  # 10 pt at 150 DPI
        ("Дата выдачи справки 16.07.2026", 23, True),  # 10 pt at 200 DPI, JPEG q35
        ("Серия МСЭ-2026 № 5447383", 17, True),
        ("Группа инвалидности вторая", 20, True),
    ],
)
def test_a_weak_line_is_read_again_on_its_own(engine, text, size, compressed) -> None:
    gray, box = draw_line(text, size)
    if compressed:
        gray = jpeg(gray)
    words, replaced = reread_weak_lines(engine, gray, garbled(text, box, 0.2))
    assert replaced == 1
    assert " ".join(w.text for w in words) == text
    assert all(w.confidence > 0.6 for w in words)
    for word in words:  # boxes come back in the page's pixels, inside the line
        assert box[0] - size <= word.bbox[0] < word.bbox[2] <= box[2] + size
        assert box[1] - size <= word.bbox[1] < word.bbox[3] <= box[3] + size


def test_a_line_read_well_costs_nothing(engine) -> None:
    text = "Дата выдачи справки 16.07.2026"
    gray, box = draw_line(text, 17)
    words = garbled(text, box, 0.95)
    assert reread_weak_lines(engine, gray, words) == (words, 0)
    assert engine.crops == 0


def test_a_second_reading_no_surer_keeps_the_first(engine) -> None:
    """A blank crop reads nothing: the first reading stays, however weak."""
    gray = np.full((120, 1400), 255, np.uint8)
    words = garbled("Бюро медико-социальной экспертизы", (40.0, 40.0, 900.0, 70.0), 0.3)
    assert reread_weak_lines(engine, gray, words) == (words, 0)
    assert engine.crops == 1


def test_a_surer_reading_that_drops_words_is_refused(engine, monkeypatch) -> None:
    """Only the first half of the line is left on the image: the second reading keeps too few
    characters of the first and is refused, even though it is sure of them."""
    text = "Дата выдачи справки 16.07.2026"
    gray, box = draw_line(text, 20)
    gray = gray.copy()
    gray[:, int((box[0] + box[2]) / 2) :] = 255
    words = garbled(text, box, 0.45)
    kept, replaced = reread_weak_lines(engine, gray, words)
    assert replaced == 0
    assert kept == words


@pytest.mark.parametrize(
    ("confidences", "texts", "weak"),
    [
        ((0.95, 0.96, 0.94), ("Дата", "выдачи", "справки"), False),
        ((0.3, 0.4, 0.5), ("Дата", "выдачи", "справки"), True),
        ((0.96, 0.96, 0.15), ("Дата", "выдачи", "13/07/2026"), True),  # one weak value
        ((0.96, 0.96, 0.15), ("Дата", "выдачи", "|"), False),  # a weak stroke is no word
        ((0.2,), ("—",), False),  # nothing to read
    ],
)
def test_which_lines_are_weak(confidences, texts, weak) -> None:
    line = Line(tuple(Word(t, (0, 0, 10, 10), c) for t, c in zip(texts, confidences, strict=True)))
    assert is_weak(line) is weak


def test_the_lines_read_again_per_page_are_capped(engine, monkeypatch) -> None:
    monkeypatch.setattr(line_reread, "MAX_LINES_PER_PAGE", 2)
    gray = np.full((900, 1400), 255, np.uint8)
    words = [
        Word(text, (40.0, 40.0 + 100 * i, 600.0, 70.0 + 100 * i), 0.2)
        for i, text in enumerate(["Справка", "Серия", "Выдана", "Группа", "Причина"])
    ]
    reread_weak_lines(engine, gray, words)
    assert engine.crops == 2


def low_resolution_page(quality: int | None) -> Image.Image:
    """An A4 page at 150 DPI (1240 × 1754 px) with certificate lines in 10–11 pt type."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 20)
    lines = [
        "СПРАВКА",
        "Серия МСЭ-2024 № 9521607",
        "Выдана Ёжикову Глебу Ильичу",
        "Дата рождения 20.02.1962",
        "Группа инвалидности вторая",
        "Дата выдачи справки 13.12.2024",
    ]
    for i, line in enumerate(lines):
        draw.text((120, 200 + 60 * i), line, font=font, fill=0)
    draw.line((400, 200 + 60 * 5 + 24, 1100, 200 + 60 * 5 + 24), fill=0, width=2)
    if quality is None:
        return image
    return Image.fromarray(jpeg(np.asarray(image), quality))


@pytest.mark.parametrize("quality", [None, 35])
def test_a_150_dpi_page_reads_its_values(quality) -> None:
    page = ocr_page_image(low_resolution_page(quality), 1, ReadingSettings())
    text = page.text
    for value in ("МСЭ-2024", "9521607", "Ёжикову", "20.02.1962", "вторая", "13.12.2024"):
        assert value in text


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Ф.И.О.:", "Ф.И.0.:", True),  # a letter O read as a zero
        ("МСЭ-2026", "MCЭ-2026", True),  # Latin look-alikes
        ("Семёнов", "Семенов", True),
        ("13/07/2026", "13/07/2025", False),  # a digit is a digit
        ("Иванов", "Ивонов", False),
    ],
)
def test_a_look_alike_swap_is_the_same_print(first, second, same) -> None:
    assert (line_reread._look_alike(first) == line_reread._look_alike(second)) is same


def test_a_second_reading_that_only_swaps_look_alikes_keeps_the_first(engine) -> None:
    """The first reading «Ф.И.О.:» (weak) stands when the second reads «Ф.И.0.:» with more
    confidence: the label must still be found."""

    class ZeroForO(CountingEngine):
        def read_crop(self, gray, psm, whitelist=""):
            result = super().read_crop(gray, psm, whitelist)
            for i, w in enumerate(result.words):
                result.words[i] = Word(w.text.replace("О", "0"), w.bbox, 0.95, w.glyphs)
            return result

    text = "Ф.И.О.: Никитина Ирина"
    gray, box = draw_line(text, 20)
    first = [
        Word(part, (box[0] + i * 150, box[1], box[0] + i * 150 + 140, box[3]), conf)
        for i, (part, conf) in enumerate(zip(text.split(), (0.22, 0.9, 0.9), strict=True))
    ]
    words, _ = reread_weak_lines(ZeroForO(), gray, first)
    assert [w.text for w in words] == text.split()
    assert words[0] is first[0]  # the swapped word keeps its first reading and confidence


DOUBTS = [
    pytest.param(0.9, Glyph("5", 0.9, "3", 0.05), 0.83, 0.59, id="close-digit-rival-stays-doubtful"),
    pytest.param(0.9, Glyph("5", 0.99, "3", 0.9), 0.83, 0.83, id="sure-first-reading-new-confidence-kept"),
    pytest.param(0.3, Glyph("5", 0.99, "3", 0.9), 0.83, 0.59, id="low-first-confidence-is-a-doubt-too"),
    pytest.param(0.9, Glyph("5", 0.9, "3", 0.05), 0.4, 0.4, id="lower-new-confidence-not-raised"),
]  # fmt: skip


@pytest.mark.parametrize(("first", "glyph", "new_conf", "expected"), DOUBTS)
def test_line_reading_keeps_the_first_readings_doubt_on_numbers(
    first: float, glyph: Glyph, new_conf: float, expected: float
) -> None:
    """A number the first reading doubted is still read alone afterwards (confirm_numbers)."""
    old = [
        Word("МСЭ-2015", (10, 0, 90, 20), first, (*[Glyph(c, 0.9) for c in "МСЭ-201"], glyph)),
        Word("Серия", (0, 30, 40, 50), 0.3),
    ]
    new = [
        Word("МСЭ-2015", (12, 0, 88, 20), new_conf, tuple(Glyph(c, 0.95) for c in "МСЭ-2015")),
        Word("Серия", (0, 30, 40, 50), new_conf),
    ]
    kept = keep_doubt(old, new)
    assert [w.confidence for w in kept] == [expected, new_conf]
