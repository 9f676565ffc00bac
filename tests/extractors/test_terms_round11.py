"""Terms, round 11: one row per real wording or layout of the term that family 10 showed missed.

Rows built by hand (synthetic lines with consistent boxes, :mod:`tests.extractors.pages`),
each standing for a printed form or a way it is filled in or read:

* the bureau's letter, the 1031н facts in one paragraph: «Инвалидность установлена впервые
  27 июня 2026 года до 1 июля 2027 года.» (no «с» before the first date), the paragraph
  wrapping anywhere — between «Инвалидность» and «установлена», inside a date («… «26»» /
  «января 2026 г. …»), before «БЕССРОЧНО.»; the stem damaged by OCR («Инволионость»);
* the indefinite term in the words of Постановление № 588, п. 13: «на срок: без срока
  переосвидетельствования (бессрочно)» (486н point of the term; the FRI printout's «СРОК, НА
  КОТОРЫЙ УСТАНОВЛЕНА ИНВАЛИДНОСТЬ без срока …»), also wrapped before its bracket and
  without the bracket;
* decoys: the blank option line «до ____ / без срока переосвидетельствования (нужное
  подчеркнуть)», the «до» sentence without a date established.

A wrong date is worse than a null: rows that cannot be bound safely expect None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.dates import find_dates

from .pages import make_unsure_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2024 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2026 к протоколу проведения медико-социальной экспертизы",
]
D = dt.date
KEYS = ("established_date", "valid_until", "indefinite")


def _values(lines: list[str], ipra: bool = False, source: str = "text_layer") -> dict[str, Any]:
    head, doc_type = (IPRA, DocType.ipra) if ipra else (CERT, DocType.mse_certificate)
    page = make_unsure_page([*head, *lines], source, {})  # type: ignore[arg-type]
    return extract_fields(DocumentSpan(doc_type, [page])).values


LETTER = [
    "Гражданин Журавлёв Фёдор Ильич, дата рождения 26 февраля 2001 года,",
    "по результатам медико-социальной экспертизы признан инвалидом.",
]


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (  # the letter: no «с» before the date established, the year wrapped
            [
                "Группа инвалидности: группа II. Причина инвалидности: общее",
                "заболевание. Инвалидность установлена впервые 27 июня 2026 года до 1 июля",
                "2027 года.",
            ],
            (D(2026, 6, 27), D(2027, 7, 1), False),
        ),
        (  # «Инвалидность» / «установлена …» over the break, quoted day
            [
                "инвалидности: группа I. Причина инвалидности: общее заболевание. Инвалидность",
                "установлена впервые «13» ноября 2025 г. до «01» декабря 2027 г..",
            ],
            (D(2025, 11, 13), D(2027, 12, 1), False),
        ),
        (  # the date established wrapped inside, «до» date on the next line
            [
                "группа. Причина инвалидности: трудовое увечье. Инвалидность установлена впервые «25»",
                "октября 2025 г. до «01» ноября 2027 г.. Дата очередного освидетельствования: «16» октября",
            ],
            (D(2025, 10, 25), D(2027, 11, 1), False),
        ),
        (  # both dates on one line, the stem damaged by OCR
            ["заболевание. Инволионость установлена повторно 12.08.2026 г. до 01.09.2027 г."],
            (D(2026, 8, 12), D(2027, 9, 1), False),
        ),
        (  # «БЕССРОЧНО.» opens the next line
            [
                "общее заболевание. Инвалидность установлена повторно 08.04.2012",
                "БЕССРОЧНО. Степень ограничения способности к трудовой деятельности: 1.",
            ],
            (D(2012, 4, 8), None, True),
        ),
        (  # the date wrapped, then «бессрочно»
            [
                "инвалидность с детства. Инвалидность установлена впервые 17 ноября 2018",
                "года бессрочно.",
            ],
            (D(2018, 11, 17), None, True),
        ),
        (  # «до» alone is the term's end, never the date established
            ["Инвалидность установлена до 01.06.2027 г."],
            (None, D(2027, 6, 1), False),
        ),
    ],
)
def test_letter_sentence(lines: list[str], want: tuple[Any, ...]) -> None:
    values = _values([*LETTER, *lines], source="ocr")
    assert tuple(values.get(k) for k in KEYS) == want


@pytest.mark.parametrize(
    ("lines", "ipra", "want"),
    [
        (  # 486н IPRA, the term's point
            [
                "9. ИПРА инвалида разработана впервые, повторно (нужное подчеркнуть)",
                "10. на срок: без срока переосвидетельствования (бессрочно)",
            ],
            True,
            True,
        ),
        (  # the register printout's row, the value wrapped before its bracket
            ["ИПРА РАЗРАБОТАНА впервые, на срок без срока", "переосвидетельствования (бессрочно)"],
            True,
            True,
        ),
        (  # the FRI printout of the certificate
            [
                "СРОК, НА КОТОРЫЙ УСТАНОВЛЕНА ИНВАЛИДНОСТЬ без срока переосвидетельствования (бессрочно)"
            ],
            False,
            True,
        ),
        (  # the certificate's line, the bracket wrapped onto the next line
            [
                "Инвалидность установлена на срок до без срока переосвидетельствования",
                "(бессрочно)",
            ],
            False,
            True,
        ),
        (  # a blank's option line: nothing chosen
            [
                "Инвалидность установлена на срок до ______ / без срока переосвидетельствования",
                "(нужное подчеркнуть)",
            ],
            False,
            False,
        ),
    ],
)
def test_no_term_written_out(lines: list[str], ipra: bool, want: bool) -> None:
    assert _values(lines, ipra).get("indefinite") is want


@pytest.mark.parametrize(
    ("source", "want"),
    [
        ("ocr", None),  # «2021» read for «2027»: no decision ends before it is taken
        ("text_layer", D(2021, 2, 1)),  # printed so: the rule term_before_established judges it
    ],
)
def test_term_read_before_its_decision(source: str, want: dt.date | None) -> None:
    lines = [
        "ДАТА УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ «17» января 2026 г.",
        "СРОК, НА КОТОРЫЙ УСТАНОВЛЕНА ИНВАЛИДНОСТЬ до «01» февраля 2021 г.",
        "ДАТА ВЫДАЧИ СПРАВКИ «18» января 2026 г.",
    ]
    assert _values(lines, source=source).get("valid_until") == want


TABLE = [
    "8. Ограничения основных категорий жизнедеятельности (степень ограничения):",
    "Способность к Степень (1, 2, 3)",
    "общению 2",
]


@pytest.mark.parametrize(
    ("row", "conclusion", "want"),
    [
        (  # the row printed, its digit lost: the note does not stand for what the row says
            "трудовой деятельности",  # (round 16: the rule judges a note beside degree 2)
            "Заключение: невозможность (противопоказанность) осуществления трудовой деятельности.",
            None,
        ),
        (  # no degree row printed: the conclusion is the third degree's definition (585н)
            "",
            "Заключение: невозможность (противопоказанность) осуществления трудовой деятельности.",
            3,
        ),
        (  # the row read in its wrapped label, its value a scrap
            "Степень ограничения способности к трудовой р",
            "Заключение: трудовая деятельность противопоказана.",
            None,
        ),
        (  # a row read with another value is never overwritten (the rule judges it)
            "трудовой деятельности 1",
            "Заключение: невозможность (противопоказанность) осуществления трудовой деятельности.",
            1,
        ),
        ("трудовой деятельности", "Заключение: трудовая деятельность доступна.", None),
    ],
)
def test_degree_from_the_incapable_conclusion(row: str, conclusion: str, want: int | None) -> None:
    rows = [row] if row else []
    values = _values([*TABLE, *rows, "контролю за своим поведением 1", conclusion], ipra=True)
    assert values.get("work_restriction_degree") == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1. Дата выдачи: «Об» января 2026 г.", [D(2026, 1, 6)]),  # «0» read «О», «6» read «б»
        ("«Оз» марта 2026 г.", [D(2026, 3, 3)]),
        ("Об января 2026", []),  # not quoted: a word, not a day
        ("«II» января 2026", []),  # strokes: «11», «01» or litter
    ],
)
def test_quoted_day_of_round_lookalikes(text: str, want: list[dt.date]) -> None:
    assert [d.value for d in find_dates(text)] == want


@pytest.mark.parametrize(
    ("point_1", "closing", "want"),
    [
        # the closing «Дата выдачи ИПРА инвалида» misread a year ahead: point 1 stands
        (
            "1. Дата выдачи: 28.04.2018 г.",
            "Дата выдачи ИПРА инвалида: 28.04.2918 г.",
            D(2018, 4, 28),
        ),
        # read well, the specific label still sets a bare «Дата выдачи» aside
        (
            "1. Дата выдачи: 12.05.2005 г.",
            "Дата выдачи ИПРА инвалида: 29.04.2018 г.",
            D(2018, 4, 29),
        ),
    ],
)
def test_issue_date_printed_twice(point_1: str, closing: str, want: dt.date) -> None:
    lines = [
        point_1,
        "2. Фамилия, имя, отчество (при наличии): Колесников Прохор Тарасович",
        closing,
    ]
    assert _values(lines, ipra=True, source="ocr").get("issue_date") == want


@pytest.mark.parametrize(
    ("row", "want"),
    [
        ("I трудовой деятельности 2", 2),  # the table's left rule read «I»
        ("| трудовой деятельности 3", 3),
        ("трудовой деятельности 1", 1),
    ],
)
def test_degree_row_after_the_table_rule(row: str, want: int) -> None:
    values = _values([*TABLE, row, "I контролю за своим поведением"], ipra=True, source="ocr")
    assert values.get("work_restriction_degree") == want


@pytest.mark.parametrize(
    ("until", "want"),
    [
        ("01.09.2027", D(2027, 9, 1)),  # group II from 21.08.2026: the law's window confirms it
        ("01.09.2029", None),  # outside the group's window: a misread year stays null
        ("15.09.2027", None),  # a term never ends on another day than the 1st
    ],
)
def test_doubtful_term_confirmed_by_the_law(until: str, want: dt.date | None) -> None:
    lines = [
        "ГРУППА ИНВАЛИДНОСТИ вторая группа",
        "ДАТА УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ 21.08.2026",
        f"СРОК, НА КОТОРЫЙ УСТАНОВЛЕНА ИНВАЛИДНОСТЬ до {until}",
        "ДАТА ВЫДАЧИ СПРАВКИ 21.08.2026",
    ]
    page = make_unsure_page([*CERT, *lines], "ocr", {until: 0.15, "до": 0.2})
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("valid_until") == want


@pytest.mark.parametrize(
    ("term", "want"),
    [
        ("Инвалидность установлена на срок до «091» февраля 2027 г.", D(2027, 2, 1)),
        ("Инвалидность установлена на срок до «91» февраля 2027 г.", D(2027, 2, 1)),
        ("Инвалидность установлена на срок до «31» февраля 2027 г.", None),  # no date, no 1st
    ],
)
def test_term_day_of_a_spelled_month_misread(term: str, want: dt.date | None) -> None:
    lines = ["Дата установления инвалидности «21» января 2026 г.", term]
    assert _values(lines, source="ocr").get("valid_until") == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Дата установления инвалидности 16.05.2026 2.", D(2026, 5, 16)),  # «г.» read «2.»
        ("Дата установления инвалидности 16.05.2026 г.", D(2026, 5, 16)),
        ("Дата установления инвалидности 16.05.2072 6г.", None),  # the year broken: distrusted
    ],
)
def test_year_word_read_as_a_digit(line: str, want: dt.date | None) -> None:
    page = make_unsure_page([*CERT, line], "ocr", {"16.05.2026": 0.87, "16.05.2072": 0.87})
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("established_date") == want


@pytest.mark.parametrize(
    "lines",
    [
        [  # the form's line gives the date; the first-ever term told over a line break is no rival
            "Дата установления инвалидности: 11.08.2026",
            "Инвалидность установлена",
            "впервые 05.03.2019 г.",
        ],
        [  # the same remark wrapped inside its date
            "Дата установления инвалидности: 11.08.2026",
            "По сведениям бюро инвалидность установлена впервые «05» марта",
            "2019 г., далее повторно.",
        ],
    ],
)
def test_letter_sentence_fills_only_what_the_lines_missed(lines: list[str]) -> None:
    """The letter's sentence read over line breaks only fills a key no line rule read; as a
    rival it turned the form's date into a conflict (null, review)."""
    assert _values(lines)["established_date"] == D(2026, 8, 11)
