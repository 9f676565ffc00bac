"""Round 14: table layouts of family 12's printouts, read from their cells.

* The 486н point 16 table turned on its side (a landscape printout): the seven categories
  named across one header row, each degree under its category; the degree of «трудовая
  деятельность» is the word centred in that column of the row below (a dash: none).
* A register extract whose label wraps in its cell after a two-digit row number
  («11 ДАТА ОЧЕРЕДНОГО   12.09.2027» / «ОСВИДЕТЕЛЬСТВОВАНИЯ»): the label's second line starts
  under its words, not under the number.
* The indefinite term as a yes/no row («ИНВАЛИДНОСТЬ УСТАНОВЛЕНА   да» / «БЕССРОЧНО (ДА/НЕТ)»).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.classify import split_documents
from mseflow.reading.page import Line, PageText

from .pages import make_page, words_at

D = dt.date
Cells = Sequence[tuple[float, str]]


def _page(rows: Sequence[tuple[float, Cells]], number: int = 1) -> PageText:
    """One page of rows: (y, [(x, text), …]), each cell's words from its x."""
    page = PageText(number=number, source="text_layer", width=842, height=595)
    for y, cells in rows:
        words = tuple(w for x, text in cells for w in words_at(text, x, y))
        page.lines.append(Line(words))
    return page


CATEGORIES = (
    (160.0, "самообслуживание"),
    (270.0, "передвижение"),
    (360.0, "ориентация"),
    (440.0, "общение"),
    (500.0, "обучение"),
    (560.0, "трудовая деятельность"),
    (700.0, "контроль за своим поведением"),
)
"""Header cells: x and text (6 points a character, :func:`words_at`)."""


def _centre(x: float, text: str) -> float:
    return x + 6.0 * len(text) / 2


def _degrees_row(values: Sequence[str]) -> Cells:
    """The row of degrees: each value centred under its category, the label's second line
    («категорий жизнедеятельности (1, 2,») in the left column."""
    cells: list[tuple[float, str]] = [(20.0, "категорий жизнедеятельности (1, 2,")]
    for (x, text), value in zip(CATEGORIES, values, strict=True):
        cells.append((_centre(x, text) - 3.0 * len(value), value))
    return cells


def _ipra(values: Sequence[str], note: str | None = None) -> DocumentSpan:
    rows: list[tuple[float, Cells]] = [
        (40.0, [(100.0, "Бюро № 20 – филиал ФКУ «ГБ МСЭ по Мурманской области» Минтруда России")]),
        (70.0, [(60.0, "Индивидуальная программа реабилитации или абилитации инвалида")]),
        (100.0, [(20.0, "ИПРА инвалида № 2880.3.43/2026 к протоколу № 1507.6.50/2026")]),
        (130.0, [(20.0, "1. Дата разработки ИПРА"), (160.0, "25.07.2026")]),
        (150.0, [(20.0, "2. Фамилия, имя, отчество"), (160.0, "Захаров Тимур Ильич")]),
        (170.0, [(20.0, "16. Степень ограничения"), *CATEGORIES]),
        (185.0, _degrees_row(values)),
        (200.0, [(20.0, "3)")]),
        (220.0, [(20.0, "18. Дата выдачи ИПРА инвалида"), (160.0, "26.07.2026")]),
    ]
    if note is not None:
        rows.append((260.0, [(20.0, note)]))
    return DocumentSpan(DocType.ipra, [_page(rows)])


HEADER_ROW = [
    (("1", "1", "—", "—", "2", "2", "2"), 2),
    (("—", "1", "—", "—", "2", "3", "—"), 3),
    (("1", "1", "—", "—", "2", "1", "2"), 1),
    (("1", "1", "1", "1", "1", "II", "1"), 2),
    (("1", "2", "—", "—", "2", "—", "2"), None),
]


@pytest.mark.parametrize(("values", "want"), HEADER_ROW)
def test_degree_under_its_category_in_a_header_row(values: tuple[str, ...], want: int) -> None:
    got = extract_fields(_ipra(values)).values["work_restriction_degree"]
    assert got == want


def test_degree_read_across_stands_beside_the_incapable_note() -> None:
    """The row read gives 2: the note does not turn it into 3 (the rule sees the mismatch)."""
    values = extract_fields(
        _ipra(
            ("1", "1", "—", "—", "2", "2", "2"),
            "Заключение: полностью неспособен к трудовой деятельности",
        )
    ).values
    assert values["incapable_of_work"] is True
    assert values["work_restriction_degree"] == 2


def _extract(rows: Sequence[tuple[float, Cells]]) -> dict[str, object]:
    head: list[tuple[float, Cells]] = [
        (40.0, [(100.0, "ВЫПИСКА ИЗ ФЕДЕРАЛЬНОГО РЕЕСТРА ИНВАЛИДОВ")]),
        (100.0, [(56.0, "№"), (79.0, "Показатель"), (254.0, "Значение")]),
        (120.0, [(56.0, "2"), (79.0, "ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО"), (254.0, "Беляева Кира Олеговна")]),
        (140.0, [(56.0, "7"), (79.0, "ГРУППА ИНВАЛИДНОСТИ"), (254.0, "II (вторая)")]),
    ]
    span = DocumentSpan(DocType.mse_certificate, [_page([*head, *rows])])
    return extract_fields(span).values


WRAPPED_CELLS = [
    (
        [
            (300.0, [(56.0, "10"), (70.0, "ИНВАЛИДНОСТЬ УСТАНОВЛЕНА НА"), (254.0, "1.10.2027")]),
            (311.0, [(70.0, "СРОК ДО")]),
        ],
        "valid_until",
        D(2027, 10, 1),
    ),
    (
        [
            (330.0, [(56.0, "11"), (70.0, "ДАТА ОЧЕРЕДНОГО"), (254.0, "12.09.2027")]),
            (341.0, [(70.0, "ОСВИДЕТЕЛЬСТВОВАНИЯ")]),
        ],
        "reexamination_date",
        D(2027, 9, 12),
    ),
    (
        [
            (330.0, [(56.0, "11."), (73.0, "Дата очередного"), (254.0, "12.09.2027")]),
            (341.0, [(73.0, "освидетельствования")]),
        ],
        "reexamination_date",
        D(2027, 9, 12),
    ),
]


@pytest.mark.parametrize(("rows", "key", "want"), WRAPPED_CELLS)
def test_label_wrapped_in_its_cell_after_a_close_row_number(
    rows: list[tuple[float, Cells]], key: str, want: dt.date
) -> None:
    assert _extract(rows)[key] == want


YES_NO = [
    ("да", "—", True, None),
    ("Да", "—", True, None),
    ("нет", "1.10.2027", False, D(2027, 10, 1)),
    ("да / нет", "—", False, None),
]


@pytest.mark.parametrize(("answer", "term", "indefinite", "until"), YES_NO)
def test_indefinite_answered_in_a_yes_no_row(
    answer: str, term: str, indefinite: bool, until: dt.date | None
) -> None:
    values = _extract(
        [
            (270.0, [(56.0, "9"), (79.0, "ИНВАЛИДНОСТЬ УСТАНОВЛЕНА"), (254.0, answer)]),
            (281.0, [(79.0, "БЕССРОЧНО (ДА/НЕТ)")]),
            (300.0, [(56.0, "10"), (79.0, "ИНВАЛИДНОСТЬ УСТАНОВЛЕНА НА"), (254.0, term)]),
            (311.0, [(79.0, "СРОК ДО")]),
        ]
    )
    assert values["indefinite"] is indefinite
    assert values["valid_until"] == until


ROW_VALUES = [
    # (label column, value column) rows; the group stated in its value cell, the next row's
    # value under it belongs to the next row's label
    (
        [
            ("Инвалидность", "I группа,"),
            ("Степень ограничения способности к", "2"),
            ("трудовой деятельности", ""),
        ],
        {"disability_group": 1, "work_restriction_degree": 2},
    ),
    (
        [
            ("Инвалидность", "III группа"),
            ("Степень ограничения способности к", "1"),
            ("трудовой деятельности", ""),
        ],
        {"disability_group": 3, "work_restriction_degree": 1},
    ),
]


@pytest.mark.parametrize(("rows", "want"), ROW_VALUES)
def test_value_under_a_label_belongs_to_its_own_row(
    rows: list[tuple[str, str]], want: dict[str, int]
) -> None:
    lines: list[tuple[float, Cells]] = [
        (40.0, [(100.0, "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА")]),
        (60.0, [(40.0, "Карта № 1871.5.34/2014 к акту освидетельствования № 1462.8.63/2014")]),
        (80.0, [(40.0, "Фамилия, имя, отчество"), (320.0, "Соболева Таисия Ярославовна")]),
    ]
    for n, (label, value) in enumerate(rows):
        cells = [(40.0, label)] + ([(320.0, value)] if value else [])
        lines.append((100.0 + 20 * n, cells))
    span = DocumentSpan(DocType.ipra, [_page(lines)])
    values = extract_fields(span).values
    assert {key: values[key] for key in want} == want


MARKING_NOTES = ["(нужное подчеркнуть)", "(ненужное зачеркнуть)", "(нужное обвести)"]


@pytest.mark.parametrize("note", MARKING_NOTES)
def test_marking_instruction_is_no_item(note: str) -> None:
    """The blank's instruction under the heading tells how to mark; the options written in
    are the items."""
    rows: list[tuple[float, Cells]] = [
        (40.0, [(60.0, "Индивидуальная программа реабилитации или абилитации инвалида")]),
        (60.0, [(20.0, "ИПРА инвалида № 2880.3.43/2026 к протоколу № 1507.6.50/2026")]),
        (90.0, [(20.0, "Рекомендуемые условия труда:")]),
        (105.0, [(20.0, note)]),
        (
            120.0,
            [
                (
                    20.0,
                    "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда",
                )
            ],
        ),
        (135.0, [(20.0, "Нуждается в дополнительных перерывах")]),
        (160.0, [(20.0, "С содержанием ИПРА инвалида согласен")]),
    ]
    got = extract_fields(DocumentSpan(DocType.ipra, [_page(rows)])).values
    assert got["recommended_conditions"] == [
        "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда",
        "Нуждается в дополнительных перерывах",
    ]


LETTER_HEAD = [
    "Бюро № 37 – филиал ФКУ «Главное бюро медико-социальной экспертизы по Томской области»",
    "Минтруда России",
    "Исх. № 327/16 от 28.09.2026 г.",
    "Руководителю МУП «Горводоканал»",
    "О подтверждении факта установления инвалидности",
]
LETTER_TERMS = [
    (
        [
            "На Ваш запрос сообщаем, что Крылова Полина Аркадьевна, 01.11.1966 года рождения, решением",
            "бюро от 27.01.2024 г. признана инвалидом третьей группы, причина инвалидности — общее заболевание,",
            "бессрочно. Выдана справка серии МСЭ-2024 № 7482818 от 30.01.2024 г.",
        ],
        True,
        None,
    ),
    (
        [
            "На Ваш запрос сообщаем, что Захаров Тимур Ильич, 14.11.1971 года рождения, решением бюро от",
            "15.04.2021 признан инвалидом третьей группы, причина инвалидности — военная травма, бессрочно.",
            "Выдана справка серии МСЭ-2021 № 4796719 от 17.04.2021.",
        ],
        True,
        None,
    ),
    (
        [
            "На Ваш запрос сообщаем, что Панов Вадим Тарасович, 7.02.1974 года рождения, решением бюро от",
            "28.07.2026 признан инвалидом второй группы, причина инвалидности — трудовое увечье, на срок до",
            "1.09.2027. Выдана справка серии МСЭ-2026 № 9272917 от 30.07.2026.",
        ],
        False,
        D(2027, 9, 1),
    ),
]


@pytest.mark.parametrize(("body", "indefinite", "until"), LETTER_TERMS)
def test_bureau_letter_term(body: list[str], indefinite: bool, until: dt.date | None) -> None:
    page = make_page([*LETTER_HEAD, *body, "Сведения представлены с согласия гражданина."])
    (span,) = split_documents([page])  # classified as the pipeline does: the span keeps its form
    assert span.doc_type is DocType.mse_certificate
    values = extract_fields(span).values
    assert values["indefinite"] is indefinite
    assert values["valid_until"] == until


IPRA_TITLES = [
    (
        [
            "ИПРА инвалида № 2591.6./4/2026 к протоколу проведения медико-социальной экспертизы гражданина №",
            "1194.1.44/2026 от 12.08.2026 г.",
        ],
        None,
    ),
    (
        ["ИПРА инвалида №", "1308.1.52/2019 к протоколу проведения медико-социальной экспертизы"],
        "1308.1.52/2019",
    ),
    (
        [
            "ИПРА инвалида № 2591.6.74/2026 к протоколу проведения медико-социальной экспертизы гражданина №",
            "1194.1.44/2026 от 12.08.2026 г.",
        ],
        "2591.6.74/2026",
    ),
]


@pytest.mark.parametrize(("title", "want"), IPRA_TITLES)
def test_protocol_number_under_a_damaged_ipra_number(title: list[str], want: str | None) -> None:
    """The IPRA's number damaged in place («2591.6./4/2026»): the number on the next line,
    after «гражданина №», is the protocol's, never the IPRA's."""
    page = make_page(
        [
            "Бюро № 20 – филиал ФКУ «ГБ МСЭ по Мурманской области» Минтруда России",
            "Индивидуальная программа реабилитации или абилитации инвалида",
            *title,
            "1. Дата разработки ИПРА 25.07.2026",
        ]
    )
    assert extract_fields(DocumentSpan(DocType.ipra, [page])).values["document_number"] == want


KEYED_HEADERS = [
    "Стойкие нарушения функций организма",
    "Вид нарушения функций",
]


@pytest.mark.parametrize("title", KEYED_HEADERS)
def test_keyed_table_header_row_is_no_item(title: str) -> None:
    """«Стойкие нарушения функций организма | Виды трудовой деятельности»: the header row of the
    486н table keyed by the kind of impairment; the key cell wraps under its column, the
    items are the second column's."""
    rows: list[tuple[float, Cells]] = [
        (40.0, [(60.0, "Индивидуальная программа реабилитации или абилитации инвалида")]),
        (60.0, [(20.0, "ИПРА инвалида № 2880.3.43/2026 к протоколу № 1507.6.50/2026")]),
        (90.0, [(20.0, "Противопоказанные виды трудовой деятельности:")]),
        (110.0, [(25.0, title), (300.0, "Виды трудовой деятельности")]),
        (
            130.0,
            [
                (25.0, "Нарушение функций опорно-"),
                (300.0, "работы с длительным вынужденным положением тела"),
            ],
        ),
        (145.0, [(25.0, "двигательного аппарата")]),
        (
            165.0,
            [
                (25.0, "Нарушение функции зрения"),
                (300.0, "работы на высоте и у открытых движущихся механизмов"),
            ],
        ),
        (200.0, [(20.0, "С содержанием ИПРА инвалида согласен")]),
    ]
    got = extract_fields(DocumentSpan(DocType.ipra, [_page(rows)])).values
    assert got["contraindications"] == [
        "работы с длительным вынужденным положением тела",
        "работы на высоте и у открытых движущихся механизмов",
    ]
