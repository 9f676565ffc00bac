"""Work-list shapes of round 7: one row per printed layout the earlier reading got wrong.

Each page is words placed by hand, ``(x, y, text)`` — a cell's words 5 units a
letter from ``x`` on the line at ``y`` (10 units tall) — so a value cell can be
printed vertically centred against a label that wraps, as tables print it.
Wordings are the 486н IPRA's (shared/forms-reference.md: the block «Рекомендации
о показанных и противопоказанных видах трудовой деятельности …», its options of
the recommended conditions, the table «Вид стойких нарушений функций организма
человека | Рекомендации о противопоказанных видах трудовой деятельности»), the
ФРИ extract printout (label cell | value cell, «нуждается | не нуждается»
columns) and the old ИПР («Профессиональное обучение (переобучение)» after the
work block).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.worklists import WorkListsExtractor, rejoin
from mseflow.reading.checkboxes import VectorBox, judge_vector_boxes
from mseflow.reading.page import Line, PageSource, PageText, Word

from ..work_options import ANY, BREAKS, OPTIMAL

CHAR = 5.0
HEIGHT = 10.0
C, R, A = "contraindications", "recommended_conditions", "available_work"
BLOCK = [
    (60, 100, "Рекомендации о показанных и противопоказанных видах трудовой деятельности с"),
    (60, 114, "учетом нарушенных функций организма человека, обусловленных заболеваниями,"),
    (60, 128, "последствиями травм и дефектами"),
]
Cell = tuple[float, float, str]


def page_of(cells: Sequence[Cell], source: PageSource = "text_layer") -> PageText:
    """A page whose lines group the cells printed at the same ``y`` (left to right)."""
    page = PageText(number=1, source=source, width=595, height=842)
    for y in sorted({c[1] for c in cells}):
        words = []
        for x, _, text in sorted(c for c in cells if c[1] == y):
            for token in text.split():
                words.append(Word(token, (x, y, x + CHAR * len(token), y + HEIGHT), 0.95))
                x += CHAR * (len(token) + 1)
        page.lines.append(Line(tuple(words)))
    return page


def lists(cells: Sequence[Cell], source: PageSource = "text_layer") -> dict:
    span = DocumentSpan(DocType.ipra, [page_of(cells, source)])
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


SHAPES: list[tuple[str, list[Cell], dict[str, list[str]]]] = [
    (
        # the value cell centred against a two-line label lands between its lines
        "value_cell_between_the_lines_of_a_wrapped_label",
        [
            *BLOCK,
            (50, 150, "Доступны виды трудовой деятельности в оптимальных,"),
            (400, 155, "Доступны"),
            (50, 160, "допустимых условиях труда"),
            (50, 176, "Трудовая деятельность возможна при значительной помощи"),
            (400, 181, "Невозможна"),
            (50, 186, "других лиц"),
            (50, 202, "Доступны виды трудовой деятельности в любых условиях труда,"),
            (370, 207, "Доступны"),
            (50, 212, "но выполнение трудовой деятельности может быть затруднено"),
        ],
        {R: [OPTIMAL, ANY]},
    ),
    (
        # «+» under one of two value columns: the column gives the state
        "plus_under_needs_or_does_not_need_column",
        [
            *BLOCK,
            (50, 150, "Условия труда"),
            (360, 150, "нуждается"),
            (440, 150, "не нуждается"),
            (50, 166, "Доступны виды трудовой деятельности в оптимальных, допустимых"),
            (380, 171, "+"),
            (50, 176, "условиях труда"),
            (50, 192, "Трудовая деятельность возможна при значительной помощи других лиц"),
            (465, 192, "+"),
            (50, 208, "Нуждается в дополнительных перерывах"),
            (380, 208, "+"),
        ],
        {R: [OPTIMAL, BREAKS]},
    ),
    (
        # ФРИ printout: heading cell | value cell; the heading wraps in its own column
        "label_cell_value_cell_with_wrapped_label_and_glued_numbers",
        [
            (60, 150, "Рекомендуемые условия труда"),
            (243, 150, "1. Доступны виды трудовой деятельности в оптимальных, допустимых"),
            (243, 161, "условиях труда"),
            (243, 172, "2. Нуждается в дополнительных перерывах"),
            (60, 190, "Противопоказанные виды трудовой"),
            (243, 190, "1. Обслуживание действующих электроустановок"),
            (60, 201, "деятельности"),
            (243, 201, "2. Подземные работы"),
            (243, 212, "3. Работы, связанные с управлением движущимися механизмами и"),
            (243, 223, "транспортными средствами"),
            (60, 241, "Доступные виды трудовой"),
            (243, 241, "1. Диспетчер"),
            (60, 252, "деятельности"),
            (60, 270, "Дата формирования сведений: 02.10.2026"),
        ],
        {
            R: [OPTIMAL, BREAKS],
            C: [
                "Обслуживание действующих электроустановок",
                "Подземные работы",
                "Работы, связанные с управлением движущимися механизмами и транспортными "
                "средствами",
            ],
            A: ["Диспетчер"],
        },
    ),
    (
        # a numbered table whose column title is the list's heading
        "numbered_table_titled_by_the_heading_after_a_denied_incapable_note",
        [
            *BLOCK,
            (60, 142, "Вывод о полной неспособности к трудовой деятельности не сделан."),
            (
                50,
                158,
                "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда",
            ),
            (440, 158, "Доступны"),
            (50, 178, "№"),
            (62, 178, "Рекомендации о противопоказанных видах трудовой деятельности"),
            (50, 194, "1"),
            (79, 194, "Работы на высоте и верхолазные работы"),
            (50, 210, "2"),
            (79, 210, "Работы, требующие различения мелких деталей"),
        ],
        {
            R: [OPTIMAL],
            C: [
                "Работы на высоте и верхолазные работы",
                "Работы, требующие различения мелких деталей",
            ],
        },
    ),
    (
        # the next block of the old ИПР ends the list (its «-» value is no mark of it)
        "professional_training_line_ends_the_list",
        [
            (60, 100, "Рекомендации о противопоказанных и доступных условиях и видах труда:"),
            (60, 114, "Противопоказано:"),
            (71, 128, "1. Работы в подземных условиях и на глубине."),
            (60, 142, "Доступные виды труда:"),
            (71, 156, "1) Сборщик мелких изделий сидя;"),
            (71, 170, "2) Корректор."),
            (60, 184, "Профессиональное обучение (переобучение): -"),
        ],
        {
            C: ["Работы в подземных условиях и на глубине"],
            A: ["Сборщик мелких изделий сидя", "Корректор"],
        },
    ),
    (
        # table keyed by impairment: a capital in the content column starts the next item
        "keyed_table_second_item_of_a_cell_without_key",
        [
            (
                50,
                150,
                "Вид стойких нарушений функций организма человека",
            ),
            (300, 150, "Рекомендации о противопоказанных видах трудовой деятельности"),
            (50, 166, "Нарушение функций слуха"),
            (300, 166, "Работы в подземных условиях и на глубине"),
            (300, 178, "Работы у открытого огня и раскаленных поверхностей"),
            (50, 194, "Нарушение психических функций"),
            (300, 194, "Работы с выраженным нервно-психическим"),
            (300, 206, "напряжением"),
        ],
        {
            C: [
                "Работы в подземных условиях и на глубине",
                "Работы у открытого огня и раскаленных поверхностей",
                "Работы с выраженным нервно-психическим напряжением",
            ]
        },
    ),
    (
        # the keyed table's header printed over three lines (title centred between the
        # two lines of the second column's title): the wrapped title is no item
        "keyed_table_header_over_three_lines",
        [
            (300, 150, "Рекомендации о противопоказанных видах трудовой"),
            (50, 155, "Вид стойких нарушений функций организма человека"),
            (300, 161, "деятельности"),
            (50, 177, "Нарушение функций слуха"),
            (300, 177, "Работы с выраженным нервно-психическим напряжением"),
        ],
        {C: ["Работы с выраженным нервно-психическим напряжением"]},
    ),
]


@pytest.mark.parametrize(("name", "cells", "want"), SHAPES, ids=[s[0] for s in SHAPES])
def test_shape(name: str, cells: list[Cell], want: dict[str, list[str]]) -> None:
    got = lists(cells)
    for key in (C, R, A):
        assert got[key] == want.get(key, []), key


def test_heading_cell_item_that_reads_like_a_heading_is_an_item() -> None:
    """«Рекомендуемые условия труда | 1. Доступны виды трудовой деятельности …» keeps item 1."""
    got = lists(
        [
            (60, 150, "Рекомендуемые условия труда"),
            (243, 150, "1. Доступны виды трудовой деятельности в любых условиях труда"),
        ]
    )
    assert got[R] == ["Доступны виды трудовой деятельности в любых условиях труда"]
    assert got[C] == [] and got[A] == []


def test_ocr_noise_words_after_a_heading_are_no_item() -> None:
    """Tiny, unconfident OCR words (a stroke read as letters) after «Доступные виды труда: –»."""
    page = page_of(
        [
            (60, 100, "Противопоказано:"),
            (71, 120, "1. Работы на высоте и верхолазные работы."),
            (60, 140, "Доступные виды труда: —"),
        ],
        source="ocr",
    )
    line = page.lines[-1]
    noise = tuple(
        Word(t, (300 + 30 * i, 144, 320 + 30 * i, 146), 0.1)
        for i, t in enumerate(["лк", "васни", "ревнивая"])
    )
    page.lines[-1] = Line((*line.words, *noise))
    got = {
        fv.key: fv.value for fv in WorkListsExtractor().extract(DocumentSpan(DocType.ipra, [page]))
    }
    assert got[C] == ["Работы на высоте и верхолазные работы"]
    assert got[A] == []


@pytest.mark.parametrize(
    ("rects", "want"),
    [
        # ■ drawn inside □: the frame is ticked, the core is no box of its own
        ([((62, 472, 71, 481), False), ((64, 474, 70, 480), True)], [True]),
        ([((62, 472, 71, 481), False)], [False]),
        # two frames, only the second holds a core
        (
            [
                ((62, 472, 71, 481), False),
                ((62, 500, 71, 509), False),
                ((64, 502, 70, 508), True),
            ],
            [False, True],
        ),
    ],
)
def test_dark_core_inside_a_frame_ticks_it(rects: list, want: list[bool]) -> None:
    boxes = judge_vector_boxes([VectorBox(b, False, dark) for b, dark in rects], [])
    assert [b.checked for b in boxes] == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Програм ми рование", "Программирование"),
        ("Наим енова ние.", "Наименование."),
        ("Кресло с подл окотниками", "Кресло с подлокотниками"),
        ("Работы в услови ях вибрации", "Работы в условиях вибрации"),
        # real words stay apart; an unknown word is kept as printed
        ("Ремонт часов", "Ремонт часов"),
        ("Работы на высоте и верхолазные работы", "Работы на высоте и верхолазные работы"),
        ("Оператор call-центра", "Оператор call-центра"),
    ],
)
def test_rejoin_words_split_by_ocr(text: str, want: str) -> None:
    assert rejoin(text) == want


def test_ocr_split_words_in_items_and_header_cells() -> None:
    """An OCR'd list: the header cell «Наим енова ние» is no item, split words are joined."""
    got = lists(
        [
            (60, 100, "Показанные виды труда (профессии)."),
            (60, 120, "Наим енова ние."),
            (60, 140, "Ремонт часов"),
            (60, 160, "Програм ми рование"),
        ],
        source="ocr",
    )
    assert got[A] == ["Ремонт часов", "Программирование"]


def test_heading_cell_with_narrow_gap_before_the_first_number() -> None:
    """«Противопоказанные виды трудовой 1. Работы, …» with no visible cell gap: the label
    wraps («деятельности») in its column beside the item's own wrapped text."""
    got = lists(
        [
            (54, 474, "Противопоказанные виды трудовой"),
            (216, 474, "1. Работы, требующие различения мелких объектов с"),
            (54, 487, "деятельности"),
            (241, 487, "длительным напряжением зрения"),
            (241, 499, "2. Подземные работы"),
        ]
    )
    assert got[C] == [
        "Работы, требующие различения мелких объектов с длительным напряжением зрения",
        "Подземные работы",
    ]


def test_option_wording_inside_a_prose_line_is_no_heading() -> None:
    """«… труда; доступны виды трудовой деятельности в любых …» carries the prose list on."""
    got = lists(
        [
            (
                60,
                392,
                "Показанные условия труда: Доступны виды трудовой деятельности в оптимальных,",
            ),
            (60, 406, "допустимых условиях труда; доступны виды трудовой деятельности в любых"),
            (60, 420, "условиях труда, но выполнение трудовой деятельности может быть затруднено."),
            (60, 434, "Показанные виды трудовой деятельности: Корректор; архивариус."),
        ]
    )
    assert got[R] == [OPTIMAL, ANY]
    assert got[A] == ["Корректор", "архивариус"]
