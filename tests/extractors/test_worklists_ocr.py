"""Raster marks through real reading (Tesseract + the box detector): hand-drawn and filled ticks."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.worklists import WorkListsExtractor
from mseflow.reading import read_bytes
from mseflow.settings import Settings

pytestmark = pytest.mark.slow

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIDE = 40

LINES: list[tuple[str | None, str]] = [
    (None, "Противопоказанные виды трудовой деятельности:"),
    ("hand", "работы на высоте"),
    ("empty", "работы в ночную смену"),
    ("filled", "работа с токсичными веществами"),
    ("cross", "работы у конвейера"),
    ("empty", "работы с вибрацией"),
    (None, "Доступные виды трудовой деятельности:"),
    ("hand", "умственный труд"),
    (None, "Прогнозируемый результат: частичная компенсация"),
]


def _mark(draw: ImageDraw.ImageDraw, kind: str, x: int, y: int) -> None:
    draw.rectangle((x, y, x + SIDE, y + SIDE), outline=0, width=4)
    if kind == "filled":
        draw.rectangle((x, y, x + SIDE, y + SIDE), fill=0)
    elif kind == "cross":
        draw.line((x + 8, y + 8, x + 32, y + 32), fill=0, width=4)
        draw.line((x + 8, y + 32, x + 32, y + 8), fill=0, width=4)
    elif kind == "hand":  # a pen tick that runs out over the box's top-right corner
        points = [
            (x + 6, y + 20),
            (x + 13, y + 27),
            (x + 17, y + 34),
            (x + 30, y + 6),
            (x + 52, y - 20),
        ]
        draw.line(points, fill=0, width=6, joint="curve")


def render() -> bytes:
    font = ImageFont.truetype(FONT, 40)
    image = Image.new("L", (2480, 1200), 255)
    draw = ImageDraw.Draw(image)
    for i, (kind, text) in enumerate(LINES):
        x, y = 150, 120 + i * 100
        if kind is not None:
            _mark(draw, kind, x, y + 4)
            x += 80
        draw.text((x, y), text, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_hand_drawn_filled_and_crossed_boxes_through_ocr() -> None:
    pages = read_bytes(render(), Settings().reading)
    out = {fv.key: fv for fv in WorkListsExtractor().extract(DocumentSpan(DocType.ipra, pages))}
    assert out["contraindications"].value == [
        "работы на высоте",
        "работа с токсичными веществами",
        "работы у конвейера",
    ]
    assert out["available_work"].value == ["умственный труд"]
    assert out["contraindications"].method == "tick_box"
    assert 0 < out["contraindications"].evidence.confidence <= 1


def test_bold_blurred_text_gives_no_boxes() -> None:
    """Letters of bold, blurred, touching text are not boxes (they would be whitened out)."""
    import numpy as np
    from PIL import ImageFilter

    from mseflow.reading.checkboxes import find_raster_checkboxes

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 44)
    image = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(
        [
            "ПРОТИВОПОКАЗАННЫЕ ВИДЫ ТРУДОВОЙ ДЕЯТЕЛЬНОСТИ И ПРОИЗВОДСТВЕННЫЕ ФАКТОРЫ",
            "Рекомендации о показанных и противопоказанных видах деятельности",
            "Бюро № 11 – филиал ФКУ «ГБ МСЭ по Омской области» Минтруда России",
            "нодоб оборона сооружение дополнительных перерывах ф р о д б",
        ]
    ):
        draw.text((120, 100 + i * 150), text, font=font, fill=0)
    gray = np.asarray(image.filter(ImageFilter.GaussianBlur(1.6)))
    assert find_raster_checkboxes(gray) == []
