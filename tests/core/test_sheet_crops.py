"""Which side of a two-up sheet a box was read on (:mod:`mseflow.sheet_crops`): a document
holding both sides of one sheet (an IPRA's two pages side by side) names the side whose words
lie in the box; a box both sides or neither side claim gets no crop."""

from __future__ import annotations

import pytest

from mseflow.contract import BBox
from mseflow.reading.page import Line, PageText, Word
from mseflow.sheet_crops import side_crop

LEFT = (0.0, 0.0, 2480.0, 3508.0)
RIGHT = (2480.0, 0.0, 4960.0, 3508.0)


def _side(crop: tuple[float, float, float, float], *words: Word, number: int = 1) -> PageText:
    return PageText(
        number=number, source="ocr", width=1653, height=2339, lines=[Line(words)], crop=crop
    )


NAME = Word("Соколов", (553, 473, 700, 499))
DATE = Word("02.11.1980", (553, 600, 760, 626))
SIDES = {
    "one side of the sheet in the document": [_side(RIGHT, NAME)],
    "both sides, the name on the left": [_side(LEFT, NAME), _side(RIGHT, DATE)],
    "both sides, the date on the right": [_side(LEFT, NAME), _side(RIGHT, DATE)],
    "both sides hold a word in the box": [_side(LEFT, NAME), _side(RIGHT, NAME)],
    "both sides, no word in the box": [_side(LEFT, NAME), _side(RIGHT, DATE)],
    "the box is on another page": [_side(RIGHT, NAME, number=2)],
}
CASES: list[tuple[str, int, BBox, str, BBox | None]] = [
    ("one side of the sheet in the document", 1, [553, 473, 900, 499], "Соколов И", list(RIGHT)),
    ("both sides, the name on the left", 1, [550, 470, 900, 500], "Соколов Игорь", list(LEFT)),
    ("both sides, the date on the right", 1, [553, 600, 760, 626], "02.11.1980", list(RIGHT)),
    ("both sides hold a word in the box", 1, [553, 473, 900, 499], "Соколов", None),
    ("both sides, no word in the box", 1, [100, 100, 200, 120], "", None),
    ("the box is on another page", 1, [553, 473, 900, 499], "Соколов", None),
]


@pytest.mark.parametrize(
    ("sides", "number", "bbox", "text", "crop"), CASES, ids=[row[0] for row in CASES]
)
def test_side_crop(sides: str, number: int, bbox: BBox, text: str, crop: BBox | None) -> None:
    assert side_crop(SIDES[sides], number, bbox, text) == crop
