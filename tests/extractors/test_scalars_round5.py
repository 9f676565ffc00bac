"""Scalar fields, round 5: values in the label's column, issuer names that wrap, lost digits.

One row per layout or wording, built by hand (synthetic lines with consistent boxes):

* a two-column certificate whose lines are listed by height, so the line after a label
  in reading order is the other column's («Группа инвалидности» at the left, «01.05.2027
  г.» at the right, «третья» at the left): the value is the one in the label's column;
* a grid of label cells over value cells («Дата рождения      Причина инвалидности» /
  «1985-10-13      инвалидность с детства»), as boxed 1031н printouts print them;
* a label ending a long line with its value at the margin under it (IPRA point 17
  «… (нужное подчеркнуть) на срок до:» / «бессрочно»);
* issuer names over up to six narrow lines, continued after «учреждения» by the quoted
  «"Главное бюро …», with the unit's number alone on the next line («… состав №» / «4»),
  and complete at «… Российской Федерации» (a garbled hint line under it is no part of
  it); misread words that cannot be repaired safely give null, not a wrong name;
* an OCR'd dotted date that lost a digit of its day or month on a page that prints
  every other date zero-padded: null, not a wrong date;
* the question-style term label «Срок, до которого установлена инвалидность».

A wrong value is worse than a null: rows that cannot be read safely expect None.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.reading.page import Line, PageSource, PageText, Word
from mseflow.reading.vector_marks import _shape_kind

from .pages import LINE_H, make_page, words_at

HEAD = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2015 № 2431238"]
RIGHT = 300.0
"""Left edge of the second column (points)."""


def _line(text: str, x: float, y: float, confidence: float = 1.0) -> Line:
    return Line(words_at(text, x, y, confidence))


def _page(lines: list[Line], source: PageSource = "text_layer") -> PageText:
    page = PageText(number=1, source=source, width=842, height=595)
    page.lines = sorted(lines, key=lambda line: (line.words[0].bbox[1], line.words[0].bbox[0]))
    return page


def _values(page: PageText, doc_type: DocType = DocType.mse_certificate) -> dict[str, Any]:
    return extract_fields(DocumentSpan(doc_type, [page])).values


def two_columns(left: list[str], right: list[str]) -> PageText:
    """Two columns of lines; the right column sits half a line lower (its lines are
    listed between the left column's, as a text layer gives them)."""
    lines = [_line(t, 40, 40 + i * LINE_H) for i, t in enumerate(HEAD)]
    top = 40 + len(HEAD) * LINE_H + 10
    lines += [_line(t, 40, top + i * LINE_H) for i, t in enumerate(left) if t]
    lines += [_line(t, RIGHT, top + LINE_H / 2 + i * LINE_H) for i, t in enumerate(right) if t]
    return _page(lines)


def cell_row(cells: list[str], y: float, confidence: float = 1.0) -> Line:
    """One visual line of table cells at x = 40 and x = :data:`RIGHT` (a wide gap)."""
    words: list[Word] = []
    for text, x in zip(cells, (40.0, RIGHT), strict=False):
        words += list(_line(text, x, y, confidence).words)
    return Line(tuple(words))


def grid(rows: list[list[str]], source: PageSource = "text_layer") -> PageText:
    lines = [_line(t, 40, 40 + i * LINE_H) for i, t in enumerate(HEAD)]
    top = 40 + len(HEAD) * LINE_H + 10
    lines += [cell_row(cells, top + i * LINE_H) for i, cells in enumerate(rows)]
    return _page(lines, source)


TWO_COLUMN = two_columns(
    [
        "Выдана",
        "Федосеевой-Водкиной Алене Тихоновне",
        "Дата рождения",
        "29.05.1964 г.",
        "Группа инвалидности",
        "третья",
        "Дата установления инвалидности",
        "02.04.2026 г.",
    ],
    [
        "",
        "",
        "Причина инвалидности",
        "заболевание связано с непосредственным",
        "участием в действиях подразделений особого",
        "риска",
        "Инвалидность установлена на срок до",
        "01.05.2027 г.",
        "Дата очередного освидетельствования",
        "04.04.2027 г.",
        "Дата выдачи",
        "04.04.2026 г.",
    ],
)

GRID = grid(
    [
        ["Дата рождения", "Причина инвалидности"],
        ["1985-10-13", "инвалидность с детства"],
        ["Инвалидность установлена", "Инвалидность установлена на срок до"],
        ["повторно", "2027-07-01"],
        ["Группа инвалидности", "Дата очередного освидетельствования"],
        ["II (вторая)", "2027-06-13"],
        ["Дата установления инвалидности", "Дата выдачи"],
        ["2025-06-23", "2025-06-24"],
    ]
)

COLUMN_LAYOUTS = [
    pytest.param(TWO_COLUMN, "disability_group", 3, id="two-columns-group-under-its-label"),
    pytest.param(TWO_COLUMN, "established_date", dt.date(2026, 4, 2), id="two-columns-established-not-the-other-columns-date"),
    pytest.param(TWO_COLUMN, "valid_until", dt.date(2027, 5, 1), id="two-columns-term"),
    pytest.param(TWO_COLUMN, "reexamination_date", dt.date(2027, 4, 4), id="two-columns-reexamination"),
    pytest.param(TWO_COLUMN, "issue_date", dt.date(2026, 4, 4), id="two-columns-issue"),
    pytest.param(TWO_COLUMN, "birth_date", dt.date(1964, 5, 29), id="two-columns-birth"),
    pytest.param(TWO_COLUMN, "disability_cause", "other", id="two-columns-cause-wraps-past-the-left-column"),
    pytest.param(GRID, "birth_date", dt.date(1985, 10, 13), id="grid-birth"),
    pytest.param(GRID, "disability_cause", "since_childhood", id="grid-cause"),
    pytest.param(GRID, "valid_until", dt.date(2027, 7, 1), id="grid-term-right-cell"),
    pytest.param(GRID, "disability_group", 2, id="grid-group"),
    pytest.param(GRID, "reexamination_date", dt.date(2027, 6, 13), id="grid-reexamination"),
    pytest.param(GRID, "established_date", dt.date(2025, 6, 23), id="grid-established-left-cell"),
    pytest.param(GRID, "issue_date", dt.date(2025, 6, 24), id="grid-issue-right-cell"),
]  # fmt: skip


@pytest.mark.parametrize(("page", "key", "expected"), COLUMN_LAYOUTS)
def test_value_in_the_labels_column(page: PageText, key: str, expected: Any) -> None:
    assert _values(page)[key] == expected


NEXT_LINE = [
    pytest.param(["12. ИПРА инвалида разработана впервые / повторно (нужное подчеркнуть) на срок до:", "бессрочно"], "indefinite", True, id="term-label-ends-a-long-line-value-at-margin"),
    pytest.param(["(нужное подчеркнуть) на срок до:", "01.12.2025г."], "valid_until", dt.date(2025, 12, 1), id="wrapped-term-label-date-at-margin"),
    pytest.param(["Срок, до которого установлена инвалидность: 01.09.2028"], "valid_until", dt.date(2028, 9, 1), id="question-style-term-label"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), NEXT_LINE)
def test_next_line_at_the_margin(lines: list[str], key: str, expected: Any) -> None:
    assert _values(make_page(HEAD + lines), DocType.ipra)[key] == expected


def test_term_label_with_its_last_word_misread() -> None:
    page = make_page(HEAD + ["СРОК, ДО КОТОРОГО УСТАНОВЛЕНА ТЕСТЬ: 1.9.2028 г."], source="ocr")
    assert _values(page)["valid_until"] == dt.date(2028, 9, 1)


def test_label_cell_with_a_value_of_its_own_is_no_grid_row() -> None:
    """«Дата выдачи: 12.03.2026» after a wide gap is that label's own value, not a label cell."""
    page = grid([["Дата установления инвалидности 11.03.2026", "Дата выдачи: 12.03.2026"]])
    values = _values(page)
    assert values["established_date"] == dt.date(2026, 3, 11)
    assert values["issue_date"] == dt.date(2026, 3, 12)


FULL = (
    "Бюро медико-социальной экспертизы № 19 – филиал федерального казенного учреждения "
    "«Главное бюро медико-социальной экспертизы по Псковской области» Министерства труда и "
    "социальной защиты Российской Федерации"
)

ISSUERS = [
    pytest.param(["Министерство труда и социальной защиты Российской", "Федерации", "Бюро медико-социальной экспертизы № 19 - филиал", 'федерального казенного учреждения "Главное бюро', "медико-социальной экспертизы по Псковской", 'области" Министерства труда и социальной защиты', "Российской Федерации"], "text_layer", FULL, id="narrow-column-six-lines"),
    pytest.param(["Бюро медико-социальной экспертизы № 19 - филиал федерального казенного учреждения", '"Главное бюро медико-социальной экспертизы по Псковской области" Министерства труда и', "социальной защиты Российской Федерации"], "text_layer", FULL, id="quoted-name-after-uchrezhdeniya"),
    pytest.param(["Бюро медико-социальной экспертизы № 19 - филиал федерального казенного учреждения", '"Главное бюро медико-социальной экспертизы по Псковской области" Министерства труда и', "социальной защиты Российской Федерации", "зччаеььллание федерального государствениюго учреждения медико-социАльной"], "ocr", FULL, id="complete-name-garbled-hint-under-it"),
    pytest.param(["Бюро медико-социальной экспертизы № 19 - филиал федерального казенного учреждения", '"Главное бюро медико-социальной экспертизы по Псковской области" Министерства труда и', "социальной зашиты Российской Федерации"], "ocr", FULL, id="shch-read-as-sh-repaired"),
    pytest.param(['ФКУ "ГБ МСЭ по Забайкальскому краю" Минтруда России, экспертный состав №', "4"], "ocr", "ФКУ «ГБ МСЭ по Забайкальскому краю» Минтруда России, экспертный состав № 4", id="unit-number-wrapped"),
    pytest.param(['Бюро № 1 - филиал ФКУ "ГБ МСЭ по Алтайскому краю" Минтрупа России'], "ocr", "Бюро № 1 – филиал ФКУ «ГБ МСЭ по Алтайскому краю» Минтруда России", id="capitalised-word-one-letter-misread-repaired"),
    pytest.param(['ФКУ "ГБ МСЭ по Алтайскому краю" Минтоула России экспертный состав № 2'], "ocr", None, id="capitalised-word-two-letters-misread-null"),
    pytest.param(["Бюро медико-социальной экспертизы № 19 - филиал федерального казенного учреждения", '"Главное бюро медико-социальной экспертизы по Псковской области" Министерства труда и', "социальной защиты Российской Фелепаиии"], "ocr", None, id="federatsii-misread-null"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "source", "expected"), ISSUERS)
def test_issuer_names(head: list[str], source: PageSource, expected: str | None) -> None:
    page = make_page(head + HEAD, source=source)
    assert _values(page)["issuer"] == expected


def _lost_digit_page(issue: str, others: tuple[str, str, str]) -> PageText:
    birth, established, until = others
    return make_page(
        [
            *HEAD,
            f"Дата рождения {birth}",
            f"Дата установления инвалидности {established}",
            f"Инвалидность установлена на срок до {until}",
            f"Дата выдачи справки {issue}",
        ],
        source="ocr",
        confidence=0.9,
    )


LOST_DIGIT = [
    pytest.param("5.05.2016", ("09.07.1978", "29.02.2016", "01.03.2017"), None, id="padded-page-one-digit-day-null"),
    pytest.param("05.3.2016", ("09.07.1978", "29.02.2016", "01.03.2017"), None, id="padded-page-one-digit-month-null"),
    pytest.param("05.03.2016", ("09.07.1978", "29.02.2016", "01.03.2017"), dt.date(2016, 3, 5), id="padded-page-padded-date-kept"),
    pytest.param("5.3.2016", ("9.7.1978", "29.2.2016", "1.3.2017"), dt.date(2016, 3, 5), id="unpadded-style-kept"),
]  # fmt: skip


@pytest.mark.parametrize(("issue", "others", "expected"), LOST_DIGIT)
def test_date_that_lost_a_digit(issue: str, others: tuple[str, str, str], expected: Any) -> None:
    assert _values(_lost_digit_page(issue, others))["issue_date"] == expected


def _ellipse(cx: float, cy: float, rx: float, ry: float, start: float, sweep: float) -> list:
    n = 48
    return [
        (
            cx + rx * math.cos(math.radians(start + sweep * i / n)),
            cy + ry * math.sin(math.radians(start + sweep * i / n)),
        )
        for i in range(n + 1)
    ]


def _kind(points: list[tuple[float, float]], curved: bool = True) -> str:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return _shape_kind((min(xs), min(ys), max(xs), max(ys)), points, curved, False)


SHAPES = [
    pytest.param(_ellipse(600, 220, 30, 12, 0, 345), "closed", id="ring-stops-short"),
    pytest.param(_ellipse(600, 220, 30, 12, 10, 380), "closed", id="ring-overshoots"),
    pytest.param(_ellipse(600, 220, 30, 12, 0, 200), "open", id="half-arc-is-no-ring"),
    pytest.param([(590, 215), (595, 225), (610, 205)], "open", id="tick"),
]  # fmt: skip


@pytest.mark.parametrize(("points", "expected"), SHAPES)
def test_hand_drawn_rings(points: list[tuple[float, float]], expected: str) -> None:
    assert _kind(points) == expected


GROUP_BY_TERM = [
    pytest.param("II", "01.07.2027", None, id="bare-II-with-a-two-year-term-null"),
    pytest.param("II", "01.07.2026", 2, id="bare-II-with-a-one-year-term-kept"),
    pytest.param("I", "01.07.2026", None, id="bare-I-with-a-one-year-term-null"),
    pytest.param("I", "01.07.2027", 1, id="bare-I-with-a-two-year-term-kept"),
    pytest.param("II (вторая)", "01.07.2027", 2, id="spelled-group-kept-the-rule-flags-the-term"),
    pytest.param("III", "01.07.2027", 3, id="III-cannot-be-told-from-II-by-the-term"),
]  # fmt: skip


@pytest.mark.parametrize(("group", "until", "expected"), GROUP_BY_TERM)
def test_group_numeral_checked_against_the_term(group: str, until: str, expected: Any) -> None:
    """Group I runs 2 years, II and III 1 year (Постановление № 588): a bare numeral that
    fits the neighbour group's term is likely a lost or doubled stroke."""
    page = make_page(
        [
            *HEAD,
            f"Группа инвалидности: {group}",
            "Дата установления инвалидности: 23.06.2025",
            f"Инвалидность установлена на срок до: {until}",
        ],
        source="ocr",
        confidence=0.95,
    )
    assert _values(page)["disability_group"] == expected


LETTER = [
    "Выдана гражданке Береговой Дарье Тихоновне, родившейся 3 декабря",
    "1972 г., в том, что ей впервые установлена инвалидность третьей группы с 1 апреля 2026",
    "г. на срок до 1 мая 2027 г.. Причина инвалидности: военная травма.",
]
LETTER_ROWS = [
    pytest.param(LETTER, "established_date", dt.date(2026, 4, 1), id="letter-established-date-wraps"),
    pytest.param(LETTER, "valid_until", dt.date(2027, 5, 1), id="letter-term-on-the-next-line"),
    pytest.param(LETTER, "disability_group", 3, id="letter-group-not-the-days-numeral"),
    pytest.param(["что ему повторно установлена инвалидность второй группы с 15.04.2022 бессрочно"], "established_date", dt.date(2022, 4, 15), id="letter-indefinite-established"),
    pytest.param(["что ему повторно установлена инвалидность второй группы с 15.04.2022 бессрочно"], "indefinite", True, id="letter-indefinite"),
    pytest.param(["что ей установлена инвалидность группы II группа с 21 мая 2026 г. до 1 июня 2027 г."], "established_date", dt.date(2026, 5, 21), id="letter-roman-group-then-date"),
    pytest.param(["Инвалидность установлена с 01.02.2024 до 01.03.2025"], "valid_until", dt.date(2025, 3, 1), id="two-date-sentence-still-read"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), LETTER_ROWS)
def test_letter_style_sentence(lines: list[str], key: str, expected: Any) -> None:
    assert _values(make_page(HEAD + lines))[key] == expected


def test_established_label_wrapped_in_its_cell() -> None:
    """«Инвалидность      07.02.2026г.» / «установлена (дата)»: the label wraps in its cell."""
    page = _page(
        [
            *(_line(t, 40, 40 + i * LINE_H) for i, t in enumerate(HEAD)),
            cell_row(["Инвалидность", "07.02.2026г."], 100),
            _line("установлена (дата)", 40, 100 + LINE_H),
            cell_row(["Группа инвалидности", "ПЕРВАЯ"], 100 + 2 * LINE_H),
        ]
    )
    values = _values(page)
    assert values["established_date"] == dt.date(2026, 2, 7)
    assert values["disability_group"] == 1


def test_degree_label_wrapped_in_its_cell_value_close_right() -> None:
    """«Степень ограничения 1» / «способности к» / «трудовой» / «деятельности»: the label
    wraps in the right column's cell and its value sits close right of the first line."""
    page = _page(
        [
            *(_line(t, 40, 40 + i * LINE_H) for i, t in enumerate(HEAD)),
            Line(
                (
                    *_line("установлена", 40, 100).words,
                    *_line("Степень ограничения 1", RIGHT, 100).words,
                )
            ),
            Line(
                (*_line("Группа ВТОРАЯ", 40, 116).words, *_line("способности к", RIGHT, 116).words)
            ),
            Line((*_line("инвалидности", 40, 128).words, *_line("трудовой", RIGHT, 128).words)),
            _line("деятельности", RIGHT, 140),
        ]
    )
    assert _values(page)["work_restriction_degree"] == 1


HYPHEN_ISSUERS = [
    pytest.param(["Бюро медико-социальной экспертизы № 21 - филиал федерального казенного", 'учреждения "Главное бюро медико-социальной экспертизы по Ханты-', 'Мансийскому автономному округу - Югре" Министерства труда и социальной', "защиты Российской Федерации"], "Бюро медико-социальной экспертизы № 21 – филиал федерального казенного учреждения «Главное бюро медико-социальной экспертизы по Ханты-Мансийскому автономному округу – Югре» Министерства труда и социальной защиты Российской Федерации", id="region-hyphenated-at-line-end"),
    pytest.param(['Бюро медико-социальной экспертизы № 14 психиатрического профиля -— филиал федерального казенного учреждения "Главное бюро медико-социальной экспертизы по г. Санкт-Петербургу" Министерства труда и социальной защиты Российской Федерации'], "Бюро медико-социальной экспертизы № 14 психиатрического профиля – филиал федерального казенного учреждения «Главное бюро медико-социальной экспертизы по г. Санкт-Петербургу» Министерства труда и социальной защиты Российской Федерации", id="dash-with-litter"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "expected"), HYPHEN_ISSUERS)
def test_issuer_dashes_and_hyphens(head: list[str], expected: str) -> None:
    assert _values(make_page(head + HEAD, source="ocr"))["issuer"] == expected


def test_term_option_ticked_before_the_date() -> None:
    """«Инвалидность установлена на срок» / «V до "01" марта 2027 / бессрочно (…)»."""
    lines = [
        "Инвалидность установлена на срок",
        'V до "01" марта 2027 / бессрочно (нужное подчеркнуть)',
    ]
    assert _values(make_page(HEAD + lines))["valid_until"] == dt.date(2027, 3, 1)


def test_wrapped_term_label_across_an_ocr_speck() -> None:
    """«… (нужное подчеркнуть) на срок» / «--ы"--» (a speck) / «до: 2027-06-01»."""
    page = make_page(
        [
            *HEAD,
            "12. ИПРА инвалида разработана впервые / повторно (нужное подчеркнуть) на срок",
            "до: 2027-06-01",
        ],
        source="ocr",
        confidence=0.95,
    )
    speck = Line((Word('--ы"--', (300, 93, 360, 98), 0.02),))
    page.lines.insert(3, speck)
    assert _values(page, DocType.ipra)["valid_until"] == dt.date(2027, 6, 1)
