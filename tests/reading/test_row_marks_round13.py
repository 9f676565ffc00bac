"""Options printed one a row under «(нужное подчеркнуть)», the chosen ones underlined or
circled, on scans (486н, Приложение № 2: «Заключение о рекомендуемом характере и условиях
труда (нужное подчеркнуть):» over its options, each on its own line or two).

Synthetic 300-DPI pages read by real Tesseract; the work lists keep exactly the marked
rows. Unmarked, or every row over a printed rule: the list stays blank (no items), never
«all options». A printout's title without the hint («РЕКОМЕНДУЕМЫЕ УСЛОВИЯ ТРУДА:») over
the same rows is read alike.
"""

from __future__ import annotations

import functools

import pytest
from PIL import Image, ImageDraw, ImageFont

from mseflow.extractors.layout import DocumentView
from mseflow.extractors.worklists import _reads_as_option, read_items
from mseflow.reading import read_bytes
from mseflow.settings import ReadingSettings

from ..core.drawing import FONT, image_bytes
from ..work_options import ANY, BREAKS, OPTIMAL, ROWS

TITLE = "Заключение о рекомендуемом характере и условиях труда (нужное подчеркнуть):"

CASES: list[tuple[str, dict[str, object], list[str]]] = [
    ("second-underlined", {"underline": {(1, 0), (1, 1)}}, [ANY]),
    ("second-underlined-on-its-wrap-only", {"underline": {(1, 1)}}, [ANY]),
    ("first-and-last-underlined", {"underline": {(0, 0), (3, 0)}}, [OPTIMAL, BREAKS]),
    ("first-circled", {"circle": {0}}, [OPTIMAL]),
    ("printout-title-without-hint", {"title": "РЕКОМЕНДУЕМЫЕ УСЛОВИЯ ТРУДА:", "underline": {(1, 0), (1, 1)}}, [ANY]),
    ("unmarked", {}, []),
    ("form-rule-under-every-row", {"underline": {(r, k) for r, o in enumerate(ROWS) for k in range(len(o))}}, []),
    ("column-rule-under-first", {"rule": {0}}, []),
    ("hint-alone-under-the-title-rows-at-the-margin", {"title": "Рекомендуемые условия труда:", "hint_line": True, "underline": {(1, 0), (1, 1)}}, [ANY]),
]  # fmt: skip
"""(id, marks, the recommended conditions read)."""


def _page(marks: dict[str, object]) -> bytes:
    font = ImageFont.truetype(str(FONT), 40)
    image = Image.new("L", (2480, 1000), 255)
    draw = ImageDraw.Draw(image)
    draw.text(
        (150, 120),
        "Противопоказанные виды трудовой деятельности: работы в ночные смены",
        font=font,
        fill=0,
    )
    draw.text((150, 220), str(marks.get("title", TITLE)), font=font, fill=0)
    y, x = 290, 240
    if marks.get("hint_line"):  # round 14: the hint alone under the title, rows at the margin
        draw.text(
            (150, 285), "(нужное подчеркнуть)", font=ImageFont.truetype(str(FONT), 32), fill=0
        )
        y, x = 345, 150
    underline = marks.get("underline", set())
    for r, option in enumerate(ROWS):
        top = y
        for k, text in enumerate(option):
            draw.text((x, y), text, font=font, fill=0)
            x0, _y0, x1, y1 = draw.textbbox((x, y), text, font=font)
            if (r, k) in underline:  # type: ignore[operator]
                draw.line((x0 - 4, y1 + 6, x1 + 6, y1 + 6), fill=40, width=4)
            if r in marks.get("rule", set()):  # type: ignore[operator]
                draw.line((100, y1 + 6, 2380, y1 + 6), fill=0, width=3)
            right = x1
            y += 60
        if r in marks.get("circle", set()):  # type: ignore[operator]
            draw.ellipse((210, top - 22, right + 40, y - 8), outline=30, width=4)
    draw.text(
        (150, y + 40), "Доступные виды трудовой деятельности: умственный труд", font=font, fill=0
    )
    return image_bytes(image, "PNG", dpi=(300, 300))


@functools.cache
def _conditions(index: int) -> list[str]:
    pages = read_bytes(_page(CASES[index][1]), ReadingSettings())
    assert pages[0].source == "ocr"
    items = read_items(DocumentView(pages))
    return [i.text for i in items if i.key == "recommended_conditions"]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_marked_rows(index: int) -> None:
    assert _conditions(index) == CASES[index][2]


@pytest.mark.parametrize(
    ("line", "option"),
    [
        ("ноступны виды трудовой деятельности в оптимальных, допустимых условиях труда", True),
        ("доступны виды трудовой деятельности в любых условиях труда, но выполнение", True),
        ("доступные виды трудовой деятельности:", False),
        ("доступные виды трудовой деятельностн: умственный труд", False),
        ("рекомендуемые условия труда:", False),
    ],
)
def test_option_line_is_no_heading(line: str, option: bool) -> None:
    """An OCR'd 486н option, a letter damaged, is an item; the headings stay headings."""
    assert _reads_as_option(line) is option
