"""Marks of table rows that span several lines (round 10, helper `scans`).

The ФГИС ИПРА extract's tables have their mark column first («×» in the cell left of the
row) and print the mark vertically centred against the row. A keyed row of
«Противопоказаны виды трудовой деятельности и производственные факторы» (the kind of
impairment, then the contraindications it rules out, separated by semicolons) that wraps
over three lines gets the mark before its second line, in the contraindications column;
one over two lines gets it between the lines, read as a line of its own. The mark is the
whole row's, and the row's cell lists several contraindications.

Pages are words placed by hand, the builder of ``test_worklists_round9`` (a cell's words
5 units a letter from ``x`` on the line at ``y``, 10 units tall).
"""

from __future__ import annotations

import pytest

from mseflow.reading.page import PageSource
from tests.extractors.test_worklists_round9 import BLOCK, TITLE, Cell, lists_of, page_of

C = "contraindications"
HEADING = (60, 90, "Противопоказаны виды трудовой деятельности и производственные факторы:")
TITLES = [
    (80, 106, "Вид стойкого нарушения функций организма"),
    (320, 106, "Противопоказанные виды трудовой деятельности"),
]
END = (60, 300, "Доступные виды трудовой деятельности: архивариус.")
EYES = [
    "вождение транспортных средств",
    "работы с постоянным использованием персонального компьютера более 4 часов в смену",
]
POSTURE = "работы с длительным пребыванием в вынужденной рабочей позе"


def three_lines(y: float, mark: str | None, pitch: float = 12) -> list[Cell]:
    """A keyed row over three lines, its mark (if any) before the second line.

    ``pitch``: the lines' spacing; OCR's word boxes are tight (no ascent or descent), so
    the gap between a cell's lines is about a line's height (19: a gap of 9).
    """
    cells = [
        (80, y, "нарушения функций зрения"),
        (320, y, "вождение транспортных средств; работы с постоянным"),
        (320, y + pitch, "использованием персонального компьютера более 4"),
        (320, y + 2 * pitch, "часов в смену"),
    ]
    return cells + ([(62, y + pitch, mark)] if mark else [])


def two_lines_mark_between(y: float, mark: str | None) -> list[Cell]:
    """A keyed row over two lines, its mark half-way between them (a line of its own)."""
    cells = [
        (80, y, "нарушения функций"),
        (320, y, "работы с длительным пребыванием в вынужденной"),
        (80, y + 12, "опорно-двигательного аппарата"),
        (320, y + 12, "рабочей позе"),
    ]
    return cells + ([(62, y + 6, mark)] if mark else [])


def two_lines_mark_first(y: float, mark: str | None) -> list[Cell]:
    """The same row with its mark on its first line (a renderer that tops the cell)."""
    cells = two_lines_mark_between(y, None)
    return cells + ([(62, y, mark)] if mark else [])


def unmarked(y: float) -> list[Cell]:
    return [
        (80, y, "нарушения функций слуха"),
        (320, y, "работы в условиях производственного шума"),
    ]


# (id, the posture row's shape, glyph, source)
ROWS = [
    ("text_cross_between", two_lines_mark_between, "×", "text_layer"),
    ("text_cross_first", two_lines_mark_first, "×", "text_layer"),
    ("ocr_latin_x_between", two_lines_mark_between, "X", "ocr"),
    ("ocr_cyrillic_x_between", two_lines_mark_between, "х", "ocr"),
    ("ocr_cyrillic_x_first", two_lines_mark_first, "х", "ocr"),
]


@pytest.mark.parametrize("pitch", [12, 19], ids=["loose_boxes", "tight_boxes"])
@pytest.mark.parametrize(
    ("posture_row", "glyph", "source"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_marked_rows_over_several_lines(  # noqa: ANN001
    posture_row, glyph: str, source: PageSource, pitch: float
) -> None:
    cells = [TITLE, BLOCK, HEADING, *TITLES]
    cells += three_lines(124, glyph, pitch) + unmarked(184) + posture_row(204, glyph) + [END]
    got = lists_of(page_of(cells, source))
    assert sorted(got[C]) == sorted([*EYES, POSTURE])


def test_unmarked_rows_stay_out() -> None:
    """With no mark anywhere the marked table lists nothing it was not told."""
    cells = [TITLE, BLOCK, HEADING, *TITLES]
    cells += three_lines(124, "×") + unmarked(164) + two_lines_mark_between(184, None) + [END]
    assert sorted(lists_of(page_of(cells))[C]) == sorted(EYES)


def test_a_one_line_row_under_a_row_keeps_its_own_mark() -> None:
    """«× работы …» rows one under another: each mark stays with its own line."""
    cells = [TITLE, BLOCK, (60, 90, "Противопоказаны:")]
    cells += [(80, 110, "работы в ночную смену"), (62, 122, "×"), (80, 122, "работы на высоте")]
    cells += [(80, 134, "вождение транспортных средств"), END]
    assert lists_of(page_of(cells))[C] == ["работы на высоте"]
