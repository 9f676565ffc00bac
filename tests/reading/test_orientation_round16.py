"""Orientation of turned pages read at about 200 DPI: OSD looks at a copy of at least 150 DPI.

Real Tesseract OSD (the loaded tesserocr engine) on A4 pages drawn with PIL at 200 DPI
(the resolution a clean page is read at), then turned a quarter or a half. At half size
(100 DPI) the 8–10-pt letters are 8–12 px tall and OSD gave no answer or the wrong turn
(180° for a page turned 90°, bench/README.md round 16).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.reading.engine import get_engine
from mseflow.reading.ocr import orient

pytest.importorskip("tesserocr")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = (
    "Справка, подтверждающая факт установления инвалидности",
    "Дата рождения 22.08.1993 г. Адрес места жительства г. Великие Луки",
    "Инвалидность установлена повторно на срок до 01.03.2027 г.",
    "Причина инвалидности: общее заболевание. Группа инвалидности: третья",
    "Руководитель федерального государственного учреждения медико-социальной экспертизы",
)


def page_200dpi(size: int) -> Image.Image:
    """An upright A4 page at 200 DPI, filled with lines of ``size``-px type."""
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size)
    y = 150
    while y < 2200:
        for text in LINES:
            draw.text((120, y), text, font=font, fill=0)
            y += int(size * 2.2)
    return image


@pytest.mark.parametrize(
    ("size", "turned_ccw"),
    [
        (16, 90),  # 8-pt type at 200 DPI: the half copy saw no orientation at all
        (20, 90),  # 10-pt: the half copy said 180° (confidence 5.4)
        (20, 270),  # the half copy said 180° (confidence 3.3)
        (24, 180),
    ],
)
def test_turned_200dpi_pages_are_turned_back(size: int, turned_ccw: int) -> None:
    gray = np.asarray(page_200dpi(size).rotate(turned_ccw, expand=True))
    # PIL turns counter-clockwise; the fix is the same angle clockwise
    assert orient(get_engine("rus"), gray) == turned_ccw


def test_an_upright_page_is_left_as_it_is() -> None:
    assert orient(get_engine("rus"), np.asarray(page_200dpi(20))) == 0
