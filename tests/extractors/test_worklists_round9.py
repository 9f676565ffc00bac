"""Work-list layouts of round 9 (helper `scans`): one row per printed layout variant.

Pages are words placed by hand, ``(x, y, text)`` — a cell's words 5 units a letter from
``x`` on the line at ``y`` (10 units tall), the builder of ``test_worklists_round8``.
Wordings: the 486н IPRA's work block (Order Mintrud № 486н, Appendix 2,
shared/forms-reference.md) and the ФРИ register printout, whose recommended conditions
are printed whole with «ненужное зачёркнуто» (strike out what does not apply) and whose
contraindications are bulleted under the kind of impairment they are for.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mseflow.extractors import split_documents
from mseflow.extractors.worklists import WorkListsExtractor
from mseflow.reading.page import BoxTuple, Line, PageSource, PageText, Word

CHAR = 5.0
HEIGHT = 10.0
C, R, A = "contraindications", "recommended_conditions", "available_work"
Cell = tuple[float, float, str]
TITLE = (60, 40, "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИЛИ АБИЛИТАЦИИ ИНВАЛИДА")
BLOCK = (60, 70, "Рекомендации о показанных и противопоказанных видах трудовой деятельности")
STRUCK_HEADING = (60, 90, "Рекомендуемые условия труда (ненужное зачёркнуто):")
OPTIONS = [
    "доступна трудовая деятельность в оптимальных и допустимых условиях труда",
    "трудовая деятельность возможна при значительной помощи других лиц",
    "нуждается в дополнительных перерывах",
    "сокращённый рабочий день",
    "работа на специально оборудованном рабочем месте",
]


def page_of(
    cells: Sequence[Cell], source: PageSource = "text_layer", strikes: Sequence[BoxTuple] = ()
) -> PageText:
    """A page whose lines group the cells printed at the same ``y`` (left to right)."""
    page = PageText(number=1, source=source, width=595, height=842, strikes=list(strikes))
    for y in sorted({c[1] for c in cells}):
        words = []
        for x, _, text in sorted(c for c in cells if c[1] == y):
            for token in text.split():
                words.append(Word(token, (x, y, x + CHAR * len(token), y + HEIGHT), 0.95))
                x += CHAR * (len(token) + 1)
        page.lines.append(Line(tuple(words)))
    return page


def strike(cell: Cell) -> BoxTuple:
    """A stroke through the middle of a cell's words."""
    x, y, text = cell
    return (x - 2, y + 0.5 * HEIGHT, x + CHAR * len(text) + 2, y + 0.5 * HEIGHT + 0.8)


def lists_of(page: PageText) -> dict[str, list[str]]:
    span = split_documents([page])[0]
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


def options_page(struck: set[int], source: PageSource = "text_layer") -> PageText:
    cells = [TITLE, BLOCK, STRUCK_HEADING]
    cells += [(70, 106 + 14 * i, text) for i, text in enumerate(OPTIONS)]
    cells.append((60, 190, "Доступные виды трудовой деятельности: архивариус."))
    return page_of(cells, source, [strike(cells[3 + i]) for i in sorted(struck)])


@pytest.mark.parametrize("source", ["text_layer", "ocr"])
def test_struck_options_are_not_items(source: PageSource) -> None:
    got = lists_of(options_page({0, 2, 4}, source))
    assert [t.lower() for t in got[R]] == [OPTIONS[1], OPTIONS[3]]
    assert got[A] == ["архивариус"]


def test_option_of_available_wording_stays_a_condition() -> None:
    """«доступна трудовая деятельность в оптимальных …» is an option of the conditions."""
    got = lists_of(options_page({1, 2, 3, 4}))
    assert [t.lower() for t in got[R]] == [OPTIONS[0]]
    assert got[A] == ["архивариус"]


def test_struck_lines_ocr_could_not_read_keep_the_list_open() -> None:
    """OCR may read nothing of a struck line: the strikes fill the gap before the items."""
    cells = [TITLE, BLOCK, STRUCK_HEADING, (70, 148, OPTIONS[3]), (70, 162, OPTIONS[4])]
    unread = [(70, 106 + 14 * i, "x" * 60) for i in range(3)]
    page = page_of(cells, "ocr", [strike(c) for c in unread])
    assert [t.lower() for t in lists_of(page)[R]] == [OPTIONS[3], OPTIONS[4]]


BULLETED = [
    (60, 90, "Противопоказано:"),
    (66, 104, "Нарушения статодинамических функций:"),
    (74, 118, "{b} длительная ходьба и стояние"),
    (66, 132, "Нарушения функций сердечно-сосудистой системы:"),
    (74, 146, "{b} тяжёлый физический труд"),
    (74, 160, "{b} работа в нагревающем микроклимате"),
    (60, 180, "Доступные виды трудовой деятельности: архивариус."),
]


@pytest.mark.parametrize(
    ("bullet", "source"),
    [("•", "text_layer"), ("-", "text_layer"), ("*", "text_layer"), ("*", "ocr"), ("•", "ocr")],
)
def test_impairment_subheadings_over_bullets_are_not_items(bullet: str, source: PageSource) -> None:
    cells = [TITLE, BLOCK, *((x, y, t.format(b=bullet)) for x, y, t in BULLETED)]
    got = lists_of(page_of(cells, source))
    assert [t.lower().replace("ё", "е") for t in got[C]] == [
        "длительная ходьба и стояние",
        "тяжелый физический труд",
        "работа в нагревающем микроклимате",
    ]
