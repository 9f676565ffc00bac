"""Work-list layouts of round 8: one row per printed layout variant the earlier reading got wrong.

Each page is words placed by hand, ``(x, y, text)`` — a cell's words 5 units a
letter from ``x`` on the line at ``y`` (10 units tall), the same builder as
``test_worklists_round7``. Wordings are the 486н IPRA's (Order Mintrud № 486н,
Appendix 2, shared/forms-reference.md): the block «Рекомендации о показанных и
противопоказанных видах трудовой деятельности …», its options of the recommended
conditions, the headings «Противопоказанные виды трудовой деятельности и
производственные факторы», «Доступные виды трудовой деятельности», and the table
«Стойкие нарушения функций организма человека | Рекомендации о противопоказанных
видах трудовой деятельности» keyed by the kind of impairment.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mseflow.contract import DocType
from mseflow.extractors import split_documents
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.incapable import IncapableExtractor
from mseflow.extractors.worklists import WorkListsExtractor
from mseflow.reading.page import Checkbox, Line, PageSource, PageText, Word

from ..work_options import ANY, HELP, OPTIMAL

CHAR = 5.0
HEIGHT = 10.0
C, R, A = "contraindications", "recommended_conditions", "available_work"
TITLE = (60, 40, "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИЛИ АБИЛИТАЦИИ ИНВАЛИДА")
BLOCK = [
    (60, 100, "Рекомендации о показанных и противопоказанных видах трудовой деятельности с"),
    (60, 114, "учетом нарушенных функций организма человека, обусловленных заболеваниями,"),
    (60, 128, "последствиями травм и дефектами"),
]
CONTRA = "Противопоказанные виды трудовой деятельности и производственные факторы:"
AVAILABLE = "Доступные виды трудовой деятельности:"
CONDITIONS = "Рекомендуемые условия труда:"
Cell = tuple[float, float, str]

CARD_379N = [
    (60, 100, "Рекомендации о противопоказанных и доступных условиях и видах труда:"),
    (60, 116, "противопоказано: Работы, требующие длительного стояния или ходьбы;"),
    (60, 130, "Точные зрительные работы с напряжением зрения; Работы в неблагоприятном"),
    (60, 144, "микроклимате (охлаждающем или нагревающем); Работы в условиях"),
    (60, 158, "повышенного уровня шума; Работы в ночное время."),
    (60, 176, "доступно:"),
    (75, 192, "1) Оператор ЭВМ т:"),
    (75, 208, "2) Работа в архиве"),
    (60, 230, "Дата выдачи ИПР: 25 марта 2014 г."),
]
CARD_379N_WANT = {
    C: [
        "Работы, требующие длительного стояния или ходьбы",
        "Точные зрительные работы с напряжением зрения",
        "Работы в неблагоприятном микроклимате (охлаждающем или нагревающем)",
        "Работы в условиях повышенного уровня шума",
        "Работы в ночное время",
    ],
    A: ["Оператор ЭВМ", "Работа в архиве"],
}


def page_of(cells: Sequence[Cell], number: int = 1, source: PageSource = "text_layer") -> PageText:
    """A page whose lines group the cells printed at the same ``y`` (left to right)."""
    page = PageText(number=number, source=source, width=595, height=842)
    for y in sorted({c[1] for c in cells}):
        words = []
        for x, _, text in sorted(c for c in cells if c[1] == y):
            for token in text.split():
                words.append(Word(token, (x, y, x + CHAR * len(token), y + HEIGHT), 0.95))
                x += CHAR * (len(token) + 1)
        page.lines.append(Line(tuple(words)))
    return page


def lists_of(pages: Sequence[PageText]) -> dict[str, list[str]]:
    """The work lists of the first document of ``pages``, split as the pipeline splits them."""
    span = split_documents(list(pages))[0]
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


SHAPES: list[tuple[str, list[Cell], dict[str, list[str]]]] = [
    (
        # the keyed table's header row wraps in its first column («Стойкие нарушения» /
        # «функций организма»): the second column's title still makes it the header
        "impairment_table_header_wrapped_in_its_first_column",
        [
            *BLOCK,
            (50, 150, CONTRA),
            (55, 166, "Стойкие нарушения"),
            (220, 166, "Противопоказанные виды трудовой деятельности"),
            (55, 177, "функций организма"),
            (55, 195, "Нарушение психических"),
            (220, 195, "Работы в условиях общей и локальной вибрации"),
            (55, 206, "функций"),
            (220, 206, "Работы с интенсивным нервно-психическим"),
            (220, 217, "напряжением и ответственностью за жизнь людей"),
            (55, 235, "Нарушение функции зрения"),
            (220, 235, "Точные зрительные работы с напряжением зрения"),
            (50, 260, AVAILABLE),
            (60, 276, "- Работа в архиве"),
        ],
        {
            C: [
                "Работы в условиях общей и локальной вибрации",
                "Работы с интенсивным нервно-психическим напряжением и ответственностью за "
                "жизнь людей",
                "Точные зрительные работы с напряжением зрения",
            ],
            A: ["Работа в архиве"],
        },
    ),
    (
        # a list ticked with typed glyphs (no drawn box): an option's label wrapping at the
        # label's indent in lower case carries it on; the unticked options are no items
        "glyph_ticked_option_wrapping_at_its_label_indent",
        [
            *BLOCK,
            (50, 150, CONDITIONS),
            (82, 166, HELP),
            (58, 182, "X Работа в режиме сокращенного рабочего дня"),
            (82, 198, "Исключить ночные смены и сверхурочные работы"),
            (
                58,
                214,
                "X Доступны виды трудовой деятельности в любых условиях труда, но выполнение",
            ),
            (82, 227, "трудовой деятельности может быть затруднено"),
            (82, 243, "Надомная работа с гибким графиком"),
            (
                50,
                270,
                "Заключение о возможности трудовой деятельности: трудовая деятельность не "
                "противопоказана",
            ),
        ],
        {R: ["Работа в режиме сокращенного рабочего дня", ANY]},
    ),
]


for glyph in ("■", "V", "✓"):
    SHAPES.append(
        (
            # a stray glyph before the next heading (a bullet, a tick printed by the form, OCR
            # dirt read as «V»): the heading still opens its list and ends the one before
            f"heading_after_a_stray_glyph_{glyph}",
            [
                *BLOCK,
                (50, 150, CONTRA),
                (60, 166, "1) Работы на высоте"),
                (60, 182, "2) Подземные работы"),
                (50, 200, f"{glyph} {AVAILABLE}"),
                (60, 216, "1) Работа в архиве"),
                (60, 232, "2) Оператор ЭВМ"),
                (50, 260, "Руководитель бюро ____ А.А. Иванов"),
            ],
            {C: ["Работы на высоте", "Подземные работы"], A: ["Работа в архиве", "Оператор ЭВМ"]},
        )
    )
SHAPES += [
    (
        # a ticked option that names a heading's word is still an option, not a heading
        "ticked_option_naming_a_heading_word",
        [
            *BLOCK,
            (50, 150, "Противопоказанные виды трудовой деятельности"),
            (60, 166, "V Работы на высоте"),
            (60, 182, "V Работы, противопоказанные при заболеваниях сердца:"),
            (60, 198, "Подземные работы"),
        ],
        {C: ["Работы на высоте", "Работы, противопоказанные при заболеваниях сердца"]},
    ),
    (
        # «да | нет» columns whose ticks were found as boxes: the box's column gives the state
        "ticked_box_under_the_no_column",
        [
            *BLOCK,
            (50, 150, CONTRA),
            (50, 166, "Наименование"),
            (330, 166, "да"),
            (420, 166, "нет"),
            (50, 182, "Работы на высоте"),
            (50, 198, "Подземные работы"),
            (50, 214, "Работы в условиях повышенного уровня шума"),
            (50, 240, AVAILABLE),
            (60, 256, "- Работа в архиве"),
        ],
        {
            C: ["Работы на высоте", "Работы в условиях повышенного уровня шума"],
            A: ["Работа в архиве"],
        },
    ),
]
BOXES = {
    "ticked_box_under_the_no_column": [
        ((328.0, 182.0, 338.0, 192.0), True),
        ((418.0, 198.0, 428.0, 208.0), True),
        ((328.0, 214.0, 338.0, 224.0), True),
    ]
}


def lists(cells: Sequence[Cell], source: PageSource = "text_layer", name: str = "") -> dict:
    page = page_of(cells, source=source)
    page.checkboxes = [Checkbox(bbox, ticked) for bbox, ticked in BOXES.get(name, [])]
    span = DocumentSpan(DocType.ipra, [page])
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


SHAPES.append(
    (
        # the old ИПР card printed as a text layer: the semicolon prose runs on over lines
        "card_379n_prose_running_on",
        [c if "т:" not in c[2] else (c[0], c[1], "1) Оператор ЭВМ") for c in CARD_379N],
        CARD_379N_WANT,
    )
)


@pytest.mark.parametrize(("name", "cells", "want"), SHAPES, ids=[s[0] for s in SHAPES])
def test_shape(name: str, cells: list[Cell], want: dict[str, list[str]]) -> None:
    got = lists(cells, name=name)
    for key in (C, R, A):
        assert got[key] == want.get(key, []), (name, key)


OCR_SHAPES: list[tuple[str, list[Cell], dict[str, list[str]]]] = [
    (
        # the old ИПР card: «противопоказано: …;» runs on over lines as semicolon prose; a
        # numbered item that OCR ended with dirt and a colon («т:») is an item, not a title
        "card_379n_prose_running_on_and_an_item_ending_in_dirt",
        CARD_379N,
        CARD_379N_WANT,
    ),
    (
        # a hand tick OCR'd as «*» in the «да» column of a «да | нет» table
        "star_in_the_yes_column",
        [
            *BLOCK,
            (50, 150, CONDITIONS),
            (50, 166, "Наименование"),
            (330, 166, "да"),
            (420, 166, "нет"),
            (50, 182, "Доступны виды трудовой деятельности в оптимальных,"),
            (332, 182, "*"),
            (50, 193, "допустимых условиях труда"),
            (50, 209, "Нуждается в дополнительных перерывах"),
            (422, 209, "+"),
            (50, 225, "Работа в режиме сокращенного рабочего дня"),
            (332, 225, "+"),
            (50, 250, AVAILABLE),
            (60, 266, "- Работа в архиве"),
        ],
        {R: [OPTIMAL, "Работа в режиме сокращенного рабочего дня"], A: ["Работа в архиве"]},
    ),
    (
        # OCR read the item's own words, one more than the phrase it resembles has: it keeps
        # them («… повышенного уровня шума» is not «… повышенного шума»); a damaged word takes
        # the phrase, printed with the item's capital
        "ocr_item_keeps_its_own_words_and_a_damaged_one_snaps",
        [
            *BLOCK,
            (50, 150, CONTRA),
            (60, 166, "1) Работы в условиях повышенного уровня шума"),
            (60, 182, "2) Работы на высотс"),
            (50, 210, "Руководитель бюро ____ А.А. Иванов"),
        ],
        {C: ["Работы в условиях повышенного уровня шума", "Работы на высоте"]},
    ),
]

OCR_SHAPES.append(
    (
        # a photo: the headings' middle words garbled, their first and last words kept; an
        # option of the recommended conditions after OCR's specks is no heading
        "headings_with_garbled_middle_words",
        [
            *BLOCK,
            (50, 150, CONDITIONS),
            (60, 166, "- Доступны виды трудовой деятельности в оптимальных, допустимых условиях"),
            (70, 177, "труда"),
            (50, 195, "Доступные амль! труд==2й деятельности:"),
            (60, 211, "- Контролер технической документации"),
            (60, 227, "- Работа в архиве"),
            (50, 245, "Противопамлзанные амль! трудз=зй деятельности и произвалетвенные факторы:"),
            (60, 261, "1) Работы, связанные с частыми командировками"),
            (60, 277, "2) Работы в ночное время"),
            (50, 300, "Руководитель бюро ____ А.А. Иванов"),
        ],
        {
            R: [OPTIMAL],
            A: ["Контролер технической документации", "Работа в архиве"],
            C: ["Работы, связанные с частыми командировками", "Работы в ночное время"],
        },
    )
)


@pytest.mark.parametrize(("name", "cells", "want"), OCR_SHAPES, ids=[s[0] for s in OCR_SHAPES])
def test_ocr_shape(name: str, cells: list[Cell], want: dict[str, list[str]]) -> None:
    got = lists(cells, "ocr", name=name)
    for key in (C, R, A):
        assert got[key] == want.get(key, []), (name, key)


CONTINUED: list[tuple[str, list[Cell], list[Cell], dict[str, list[str]]]] = [
    (
        # the work block runs onto an untitled page whose only domain words are the list's
        # heading («Доступные виды трудовой деятельности») and the conclusion
        "list_heading_on_the_next_page",
        [TITLE, *BLOCK, (50, 150, CONTRA), (60, 166, "1) Работы на высоте")],
        [
            (60, 40, "2) Подземные работы"),
            (50, 66, AVAILABLE),
            (60, 82, "- Перевод и редактирование текстов"),
            (50, 110, "Руководитель бюро ____________ Э.Э. Шевчук"),
        ],
        {C: ["Работы на высоте", "Подземные работы"], A: ["Перевод и редактирование текстов"]},
    ),
    (
        # the ticked list's options run on; the page ends with the conclusion line
        "ticked_options_and_the_conclusion_on_the_next_page",
        [TITLE, *BLOCK, (50, 150, CONTRA), (56, 166, "■ Работы, требующие длительного стояния")],
        [
            (82, 40, "Работы в неблагоприятном микроклимате"),
            (56, 60, "■ Работы в условиях общей и локальной вибрации"),
            (
                50,
                90,
                "Заключение о возможности трудовой деятельности: полностью неспособным к "
                "трудовой деятельности не признан(а)",
            ),
        ],
        {
            C: [
                "Работы, требующие длительного стояния",
                "Работы в условиях общей и локальной вибрации",
            ]
        },
    ),
]


CONTINUED.append(
    (
        # a ticked list's last options and the bureau head's signature: nothing else
        "last_options_and_the_signature_on_the_next_page",
        [TITLE, *BLOCK, (50, 150, AVAILABLE), (56, 166, "■ Оператор ЭВМ")],
        [
            (82, 40, "Контролер технической документации"),
            (56, 60, "■ Сборка мелких изделий"),
            (50, 90, "Руководитель бюро ____ Б.В. Ким"),
        ],
        {A: ["Оператор ЭВМ", "Сборка мелких изделий"]},
    )
)


CONTINUED.append(
    (
        # the list's last items and the e-signature stamp of a ФРИ printout: nothing else
        "last_items_and_the_e_signature_stamp_on_the_next_page",
        [TITLE, *BLOCK, (50, 150, CONTRA), (60, 166, "- Работы на высоте")],
        [
            (60, 40, "- Подземные работы"),
            (55, 70, "ДОКУМЕНТ ПОДПИСАН"),
            (55, 82, "ЭЛЕКТРОННОЙ ПОДПИСЬЮ"),
            (55, 94, "Сертификат: 481BAB0C6CE560520AEC70B3AB9626"),
        ],
        {C: ["Работы на высоте", "Подземные работы"]},
    )
)


@pytest.mark.parametrize(
    ("name", "first", "second", "want"), CONTINUED, ids=[s[0] for s in CONTINUED]
)
def test_list_continued_on_an_untitled_page(
    name: str, first: list[Cell], second: list[Cell], want: dict[str, list[str]]
) -> None:
    pages = [page_of(first, 1), page_of(second, 2)]
    spans = split_documents(pages)
    assert [s.doc_type for s in spans] == [DocType.ipra], name
    got = lists_of(pages)
    for key in (C, R, A):
        assert got[key] == want.get(key, []), (name, key)


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        # the conclusion's negation wrapped onto the next line (a continuation page of the
        # IPRA, which the work block now keeps with its document)
        (
            [
                "Заключение о возможности трудовой деятельности: полностью неспособным к "
                "трудовой деятельности",
                "не признан(а)",
            ],
            False,
        ),
        (
            [
                "Заключение о возможности трудовой деятельности: полностью неспособен к "
                "трудовой деятельности",
                "Руководитель бюро ____ А.А. Иванов",
            ],
            True,
        ),
    ],
)
def test_incapable_conclusion_negated_on_the_next_line(lines: list[str], want: bool) -> None:
    cells = [TITLE, *[(50.0, 100.0 + 16 * i, text) for i, text in enumerate(lines)]]
    span = DocumentSpan(DocType.ipra, [page_of(cells)])
    values = [fv.value for fv in IncapableExtractor().extract(span)]
    assert any(values) is want


OCR_KEYED: list[tuple[str, list[Cell], dict[str, list[str]]]] = [
    (
        # the keyed table's rule after a key cell OCR'd as «-»: no bullet, the cell's next
        # items (unbulleted lines of the content column) are items too; a line of dirt read
        # as a value («Т =») marks no option
        "keyed_table_rule_read_as_a_dash_and_a_dirt_line",
        [
            *BLOCK,
            (50, 150, CONTRA),
            (55, 166, "Стойкие нарушения"),
            (220, 166, "Противопоказанные виды трудовой деятельности"),
            (55, 177, "функций организма"),
            (55, 195, "Нарушение функции слуха -"),
            (220, 195, "Точные зрительные работы с напряжением зрения"),
            (220, 211, "Работы на высоте, у открытых движущихся механизмов"),
            (55, 229, "Нарушение функции"),
            (220, 229, "Работы в неблагоприятном микроклимате (охлаждающем"),
            (55, 240, "дыхательной системы"),
            (220, 240, "или нагревающем)"),
            (220, 256, "Управление транспортными средствами"),
            (55, 272, "Т"),
            (420, 272, "="),
        ],
        {
            C: [
                "Точные зрительные работы с напряжением зрения",
                "Работы на высоте, у открытых движущихся механизмов",
                "Работы в неблагоприятном микроклимате (охлаждающем или нагревающем)",
                "Управление транспортными средствами",
            ]
        },
    ),
]


@pytest.mark.parametrize(("name", "cells", "want"), OCR_KEYED, ids=[s[0] for s in OCR_KEYED])
def test_ocr_keyed_table(name: str, cells: list[Cell], want: dict[str, list[str]]) -> None:
    got = lists(cells, "ocr", name=name)
    for key in (C, R, A):
        assert got[key] == want.get(key, []), (name, key)
