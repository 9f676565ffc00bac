"""Work-list shapes whose reading depends on where words stand: one row per printed shape.

Each page is given as lines of ``(x, text)`` cells in points (words 5 pt a
letter, lines 13 pt apart), as the text layer reports them: a «да/нет» column
closer to the text than a cell gap, a table keyed by the kind of impairment
whose key cells wrap, prose wrapped at the right margin, and the section ends.
Wordings are the 486н form's and the old ИПР's («противопоказанные и доступные
условия и виды труда»), not a generator's.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.worklists import WorkListsExtractor
from mseflow.reading.page import Line, PageText, Word

CHAR = 5.0
STEP = 13.0
Cells = Sequence[tuple[float, str]]


def page_of(lines: Sequence[Cells]) -> PageText:
    page = PageText(number=1, source="text_layer", width=595, height=842)  # type: ignore[arg-type]
    for i, cells in enumerate(lines):
        y = 60 + i * STEP
        words = []
        for x, text in cells:
            for token in text.split():
                words.append(Word(token, (x, y, x + CHAR * len(token), y + 10)))
                x += CHAR * (len(token) + 1)
        page.lines.append(Line(tuple(words)))
    return page


def lists(lines: Sequence[Cells]) -> dict[str, list[str]]:
    span = DocumentSpan(DocType.ipra, [page_of(lines)])
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


C, R, A = "contraindications", "recommended_conditions", "available_work"
OPTIMAL = "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда"
ANY = (
    "Доступны виды трудовой деятельности в любых условиях труда, но выполнение трудовой "
    "деятельности может быть затруднено"
)
HELP = "Трудовая деятельность возможна при значительной помощи других лиц"
MARGIN = (60, "Рекомендации о показанных и противопоказанных видах трудовой деятельности")
"""The block title: its right end (≈ 425 pt) is the text's right margin."""

SHAPES: list[tuple[str, list[Cells], dict[str, list[str]]]] = [
    (
        "yes_no_column_closer_than_a_cell_gap",
        [
            [MARGIN],
            [(60, "Рекомендации по условиям труда")],
            [(60, "Рекомендация"), (400, "да/нет")],
            [(60, "Доступны виды трудовой деятельности в оптимальных,"), (400, "да")],
            [(60, "допустимых условиях труда")],
            [(60, "Трудовая деятельность возможна при значительной"), (400, "нет")],
            [(60, "помощи других лиц")],
        ],
        {R: [OPTIMAL]},
    ),
    (
        "keyed_table_wrapped_key_cells_and_semicolons",
        [
            [MARGIN],
            [(60, "Вид стойких нарушений функций"), (240, "Рекомендации о противопоказанных")],
            [(60, "организма человека"), (240, "видах трудовой деятельности")],
            [(60, "нарушения психических функций"), (240, "работы у движущихся механизмов;")],
            [(240, "работа в ночные смены")],
            [(60, "нарушения нейромышечных, скелетных"), (240, "подъем и перемещение")],
            [(60, "и связанных с движением"), (240, "тяжестей; работы на высоте")],
            [(60, "(статодинамических) функций")],
            [(60, "Мероприятия социальной реабилитации")],
        ],
        {
            C: [
                "работы у движущихся механизмов",
                "работа в ночные смены",
                "подъем и перемещение тяжестей",
                "работы на высоте",
            ]
        },
    ),
    (
        "prose_wrapped_where_the_next_word_did_not_fit",
        [
            [(60, "Рекомендации о противопоказанных видах трудовой деятельности")],
            [(60, "командировки и разъездной характер работы; работа, требующая")],
            [(60, "длительного напряжения зрения.")],
        ],
        {
            C: [
                "командировки и разъездной характер работы",
                "работа, требующая длительного напряжения зрения",
            ]
        },
    ),
    (
        "numbered_options_are_a_written_list_not_a_blank_form",
        [
            [MARGIN],
            [(60, "Рекомендуемые условия труда:")],
            [(70, "1) Доступны виды трудовой деятельности в оптимальных, допустимых")],
            [(70, "условиях труда;")],
            [(70, "2) Доступны виды трудовой деятельности в любых условиях труда,")],
            [(70, "но выполнение трудовой деятельности может быть затруднено.")],
        ],
        {R: [OPTIMAL, ANY]},
    ),
    (
        "two_options_in_one_sentence_are_written",
        [
            [MARGIN],
            [(60, "Рекомендуемые условия труда:")],
            [(70, "Доступны виды трудовой деятельности в оптимальных, допустимых условиях")],
            [(70, "труда; Трудовая деятельность возможна при значительной помощи других")],
            [(70, "лиц.")],
        ],
        {R: [OPTIMAL, HELP]},
    ),
    (
        "shown_kinds_heading_old_ipr_and_short_forms",
        [
            [(60, "Рекомендации о противопоказанных и доступных условиях и видах труда")],
            [(60, "Противопоказано:")],
            [(70, "1) работы на высоте;")],
            [(70, "2) работа в ночные смены.")],
            [(60, "Доступно:")],
            [(70, "1) работа консультантом по телефону;")],
            [(70, "2) надомный труд.")],
            [(60, "Рекомендации о показанных видах трудовой деятельности")],
            [(70, "1) архивная работа.")],
        ],
        {
            C: ["работы на высоте", "работа в ночные смены"],
            A: ["работа консультантом по телефону", "надомный труд", "архивная работа"],
        },
    ),
    (
        "numbered_list_ends_at_an_unnumbered_line",
        [
            [(60, "Доступные виды трудовой деятельности:")],
            [(70, "1) конторская работа;")],
            [(70, "2) надомный труд.")],
            [(60, "по профессиональному обучению (переобучению)")],
            [(60, "нуждается Фонд пенсионного и социального страхования")],
        ],
        {A: ["конторская работа", "надомный труд"]},
    ),
    (
        "negative_incapable_conclusion_is_no_heading",
        [
            [(60, "Заключение: трудовая деятельность противопоказана")],
            [(200, "Справка выдана: 11 июля 2026 г.")],
        ],
        {},
    ),
    (
        "negative_wrapped_conclusion_with_contraindicatedness",
        [
            [(60, "Заключение о трудовом прогнозе: невозможность (противопоказанность)")],
            [(230, "осуществления трудовой деятельности")],
            [(60, "Дата выдачи: 22 января 2025 г.")],
        ],
        {},
    ),
    (
        "negative_option_line_work_available_or_not",
        [
            [MARGIN],
            [(60, "Трудовая деятельность: доступна / противопоказана (нужное подчеркнуть)")],
            [(60, "С содержанием ИПРА инвалида согласен")],
        ],
        {},
    ),
]


@pytest.mark.parametrize(("lines", "expected"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_positioned_shapes(lines: list[Cells], expected: dict[str, list[str]]) -> None:
    assert lists(lines) == {key: expected.get(key, []) for key in (C, R, A)}
