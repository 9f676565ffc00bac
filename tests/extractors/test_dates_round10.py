"""Dates and terms, round 10: one row per real wording or layout of the documents' dates.

Rows built by hand (synthetic lines with consistent boxes, :mod:`tests.extractors.pages`),
each standing for a printed form or a way it is filled in or read:

* the older справка blanks and the «выписка из акта освидетельствования» that caption every
  value's rule in small type under it (as 1031н prints «(фамилия, имя, отчество)» under
  «Выдана»): «(дата выдачи справки)», «(справка выдана)», «(инвалидность установлена на срок
  до)», «(инвалидность установлена до)», «(дата очередного переосвидетельствования)», «(дата
  след. освидетельствования)», «(очередное освидетельствование)»; the value written at the
  rule's left end, clear of the centred caption; «бессрочно (без срока
  переосвидетельствования)» written on the term's rule;
* their labelled lines: «Установлена инвалидность с: …», «Дата установления: …», «Срок
  инвалидности до: …», «Инвалидность установлена до: …», «Дата след. освидетельствования: …»;
* the 486н IPRA: point 1 «Дата разработки ИПРА инвалида» (never the issue date) beside point
  18 «Дата выдачи»; point 17 «на срок до: бессрочно» read «бессрочио»;
* OCR damage: the first space of a spaced date lost («0105 2027»), «О» for «0» in a day, a
  spelled month misread («абгиста» for «августа»; «июия» could be «июня» or «июля»: null);
* decoys: a date over another caption («(дата рождения)»), two columns over one caption.

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
from mseflow.reading.page import Line, PageText

from .pages import LEFT, make_unsure_page, words_at

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2024 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2026 к протоколу проведения медико-социальной экспертизы",
]
D = dt.date
CAPTION_X = 250.0
"""Where the small caption under a rule starts: centred, right of the value written on it."""


def _captioned(rows: list[tuple[str, str]], beside: str | None = None) -> dict[str, Any]:
    """A certificate whose values stand at the rule's left end over their centred captions;
    ``beside``: a line level with the first value, in a second column right of it."""
    page = PageText(number=1, source="ocr", width=595, height=842)
    y = 40.0
    for text in CERT:
        page.lines.append(Line(words_at(text, LEFT, y)))
        y += 20
    for i, (value, caption) in enumerate(rows):
        page.lines.append(Line(words_at(value, LEFT, y)))
        if i == 0 and beside is not None:
            page.lines.append(Line(words_at(beside, 480, y)))
        page.lines.append(Line(words_at(caption, CAPTION_X, y + 16)))
        y += 40
    return extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values


@pytest.mark.parametrize(
    ("value", "caption", "key", "want"),
    [
        ("26 04 2026", "(дата выдачи)", "issue_date", D(2026, 4, 26)),
        ("«09» июня 2025 г.", "(дата выдачи справки)", "issue_date", D(2025, 6, 9)),
        ("«22» сентября 2026 г.", "(справка выдана)", "issue_date", D(2026, 9, 22)),
        (
            "«01» июля 2026 г.",
            "(инвалидность установлена на срок до)",
            "valid_until",
            D(2026, 7, 1),
        ),
        ("0105 2027", "(инвалидность установлена на срок до)", "valid_until", D(2027, 5, 1)),
        ("01 06 2027", "(инвалидность установлена до)", "valid_until", D(2027, 6, 1)),
        (
            "16.03.2027 г.",
            "(дата очередного переосвидетельствования)",
            "reexamination_date",
            D(2027, 3, 16),
        ),
        ("04 04 2027", "(дата след. освидетельствования)", "reexamination_date", D(2027, 4, 4)),
        (
            "«О5» сентября 2027 г.",
            "(очередное освидетельствование)",
            "reexamination_date",
            D(2027, 9, 5),
        ),
        (
            "бессрочно (без срока переосвидетельствования)",
            "(инвалидность установлена на срок до)",
            "indefinite",
            True,
        ),
        ("БЕССРОЧНО", "(инвалидность установлена до)", "indefinite", True),
        ("бессрочно", "(срок инвалидности до)", "indefinite", True),
        ("01.02.2027", "(срок инвалидности до)", "valid_until", D(2027, 2, 1)),
        # decoys: another caption's date, and a number that is no date
        ("19.08.2001 г.", "(дата рождения)", "issue_date", None),
        ("0113 2027", "(инвалидность установлена на срок до)", "valid_until", None),
    ],
)
def test_captioned_value(value: str, caption: str, key: str, want: Any) -> None:
    got = _captioned([(value, caption)]).get(key)
    assert got == want if want is not None or key != "indefinite" else not got


def test_two_columns_over_one_caption_give_no_date() -> None:
    values = _captioned([("26 04 2026", "(дата выдачи)")], beside="12 12 2012")
    assert values.get("issue_date") is None


def test_captioned_certificate_whole() -> None:
    values = _captioned(
        [
            ("0105 2027", "(инвалидность установлена на срок до)"),
            ("04 04 2027", "(дата след. освидетельствования)"),
            ("26 04 2026", "(дата выдачи)"),
        ]
    )
    assert (
        values.get("valid_until"),
        values.get("reexamination_date"),
        values.get("issue_date"),
    ) == (
        D(2027, 5, 1),
        D(2027, 4, 4),
        D(2026, 4, 26),
    )


def _values(lines: list[str], ipra: bool = False) -> dict[str, Any]:
    head, doc_type = (IPRA, DocType.ipra) if ipra else (CERT, DocType.mse_certificate)
    page = make_unsure_page([*head, *lines], "text_layer", {})
    return extract_fields(DocumentSpan(doc_type, [page])).values


@pytest.mark.parametrize(
    ("lines", "ipra", "want"),
    [
        (
            ["Установлена инвалидность с: «09» июня 2025 г."],
            False,
            {"established_date": D(2025, 6, 9)},
        ),
        (["Дата установления: 16 05 2026"], False, {"established_date": D(2026, 5, 16)}),
        (['Срок инвалидности до: "01" июля 2027 г.'], False, {"valid_until": D(2027, 7, 1)}),
        (
            ['Дата след. освидетельствования: "26" июня 2027 г.'],
            False,
            {"reexamination_date": D(2027, 6, 26)},
        ),
        (
            [
                "Дата установления инвалидности 20 июл. 2026",
                "Инвалидность установлена до 01 авг. 2027",
            ],
            False,
            {"established_date": D(2026, 7, 20), "valid_until": D(2027, 8, 1)},
        ),
        (
            ["Инвалидность установлена до: 01.06.2027"],
            False,
            {"established_date": None, "valid_until": D(2027, 6, 1)},
        ),
        (
            ["1. Дата разработки ИПРА инвалида: 14 мая 2026", "18. Дата выдачи: 18 мая 2026"],
            True,
            {"issue_date": D(2026, 5, 18)},
        ),
        (
            [
                "17. ИПРА инвалида разработана впервые, повторно (нужное подчеркнуть)",
                "на срок до: бессрочио",
            ],
            True,
            {"indefinite": True},
        ),
    ],
)
def test_labelled_wording(lines: list[str], ipra: bool, want: dict[str, Any]) -> None:
    values = _values(lines, ipra)
    assert {k: values.get(k) for k in want} == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Дата выдачи ИПР: «14» абгиста 2011 г.", [D(2011, 8, 14)]),  # «в» as «б», «у» as «и»
        ("14 сентабря 2020", [D(2020, 9, 14)]),
        ("«01» мая 2027г.", [D(2027, 5, 1)]),
        ("16 июия 1972 г.", []),  # «июня» or «июля»: not known, no date
        ("на срок до: 01 мюн. 2028", []),
        ("3 дней 2020", []),
        ("12 месяцев 2020", []),
    ],
)
def test_damaged_month_name(text: str, want: list[dt.date]) -> None:
    assert [d.value for d in find_dates(text)] == want
