"""Round 15 (helper `fields13`): wordings and layouts family 13 printed that the extractors missed.

Each table row is one printed shape from the real forms:

* 486н Appendix 2 point 18 as the ФРИ's Word template prints it, «Дата выдачи ИПРА инвалида:
  день __ месяц прописью __ год __» (``fixtures/family13/SOURCES.md``: ``elexfreeman/ipra``,
  ``word1.php``), and point 14's passport «дата выдачи» whose date wraps onto the next line
  (the passport's date, never the IPRA's);
* the 379н card's own number «Карта № … к акту освидетельствования № …» printed dotted as the
  ЕАВИИАС numbers its programmes, under the title «… МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ»;
* the 1031н degree line «Степень ограничения способности к трудовой деятельности: I, II, III
  (нужное подчеркнуть)»: the printed choices are no value, the underlined one is;
* the 486н work block as a ticked table (the mark in a column at the right): an unmarked
  option under a ticked one starts in lower case like every option and is no wrapped label;
  OCR's «У» / «Хх» for the «V» / «X» in that column; an OCR'd option line that lost its first
  word («НЫ ВИДЫ трудовой деятельности в оптимальных …») is no heading of the available work;
* «Выдана Хвану Семёну» / «Мельнику Семёну Романовичу»: a man's consonant-stem surname in the
  dative; an issuer cut short after its unit word («…, бюро»: the number lost);
* dates against the decision: an establishment date after the issue date (the label's «на
  срок до» lost) and an OCR'd issue date before the act the certificate is issued on.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.dates import find_dates
from mseflow.extractors.issuer import issuer_reads_as_name
from mseflow.extractors.names import to_nominative
from mseflow.reading.page import OptionMark, PageSource

from .pages import make_page
from .test_worklists_round9 import C, R, lists_of, page_of

D = dt.date

NAMED_PARTS = [
    ("18. Дата выдачи ИПРА инвалида: день 20 месяц марта год 2026", [D(2026, 3, 20)]),
    ("Дата выдачи ИПРА инвалида: день 31 месяц мая год 2026", [D(2026, 5, 31)]),
    ("день «05» месяц прописью июня год 2025", [D(2025, 6, 5)]),
    ("день 7 месяц 11 год 2024", [D(2024, 11, 7)]),
    ("день 31 месяц 02 год 2026", []),  # no such day
    ("день ___ месяц прописью ___ год ___", []),  # the blank
]


@pytest.mark.parametrize(("text", "want"), NAMED_PARTS)
def test_date_in_labelled_parts(text: str, want: list[dt.date]) -> None:
    assert [d.value for d in find_dates(text)] == want


IPRA_HEAD = [
    "Индивидуальная программа реабилитации или абилитации инвалида, выдаваемая федеральными",
    "ИПРА инвалида № 1230.19.16/2026 к протоколу проведения медико-социальной экспертизы",
    "гражданина № 974.35.56/2026 от 19 марта 2026",
    "2. Фамилия, имя, отчество (при наличии): Рябоконь Зоя Кузьминична",
    "3. Дата рождения: 16 сентября 1984",
    "14. Документ, удостоверяющий личность инвалида:",
]
PASSPORT_WRAPS = [
    "паспорт гражданина Российской Федерации, серия 46 22, номер 927342, дата выдачи 29 сентября",
    "2004",
]
PASSPORT_WHOLE = ["паспорт гражданина Российской Федерации, серия 61 40, номер 650724,"]
PASSPORT_NEXT = ["дата выдачи 24 сентября 2006"]

ISSUE_CASES = [
    (PASSPORT_WRAPS + ["18. Дата выдачи ИПРА инвалида: день 20 месяц марта год 2026"], D(2026, 3, 20)),
    (PASSPORT_WHOLE + PASSPORT_NEXT + ["18. Дата выдачи ИПРА инвалида: день 31 месяц мая год 2026"], D(2026, 5, 31)),
    (PASSPORT_WRAPS + ["18. Дата выдачи ИПРА инвалида: 20.03.2026"], D(2026, 3, 20)),
    (PASSPORT_WRAPS + ["18. Дата выдачи ИПРА инвалида:"], None),  # the passport's is no fill-in
]  # fmt: skip


@pytest.mark.parametrize(("lines", "want"), ISSUE_CASES)
def test_ipra_issue_date_not_the_passports(lines: list[str], want: dt.date | None) -> None:
    page = make_page(IPRA_HEAD + lines)
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert values.get("issue_date") == want


CARD_TITLE = [
    "Приложение № 1 к приказу Минздравсоцразвития России от 4 августа 2008 г. № 379н",
    "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА,",
    "ВЫДАВАЕМАЯ ФЕДЕРАЛЬНЫМИ ГОСУДАРСТВЕННЫМИ УЧРЕЖДЕНИЯМИ МЕДИКО-СОЦИАЛЬНОЙ",
    "ЭКСПЕРТИЗЫ",
]
CARD_CASES = [
    ("Карта № 1516.12.58/2013 к акту освидетельствования № 2053.10.20/2013 от 03.08.2013г.", "1516.12.58/2013"),
    ("Карта ИПР № 278.1.49/2013 к акту освидетельствования № 1454.2.49/2013 от 03.08.2013", "278.1.49/2013"),
    ("Карта № 3841 к акту освидетельствования № 455.39.72/2009 от 01.02.2009", "3841"),
    ("Карта № ____ к акту освидетельствования № 2053.10.20/2013 от 03.08.2013г.", None),
]  # fmt: skip


@pytest.mark.parametrize(("line", "want"), CARD_CASES)
def test_379n_card_number_dotted(line: str, want: str | None) -> None:
    page = make_page([*CARD_TITLE, line, "1. Фамилия, имя, отчество: Седых Ефим Кузьмич"])
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert values.get("document_number") == want


DEGREE_LINE = (
    "Степень ограничения способности к трудовой деятельности: I, II, III (нужное подчеркнуть)"
)
DEGREE_CASES = [
    (DEGREE_LINE, "II", 2),
    (DEGREE_LINE, "III", 3),
    (DEGREE_LINE, None, None),  # nothing underlined: the printed choices are no value
    ("Степень ограничения способности к трудовой деятельности: I / II / III", "I", 1),
    ("Степень ограничения способности к трудовой деятельности (I, II, III): 3", None, 3),
]


@pytest.mark.parametrize(("line", "marked", "want"), DEGREE_CASES)
def test_degree_choices_are_no_value(line: str, marked: str | None, want: int | None) -> None:
    page = make_page(
        [
            "СПРАВКА",
            "подтверждающая факт установления инвалидности",
            "Группа инвалидности: III (третья)",
            line,
            "Дата выдачи справки: 06.05.2013",
        ]
    )
    if marked is not None:
        mark = OptionMark(marked, "underline", (0, 0, 1, 1), 3, ("I", "II", "III"), 0.95)
        page.marks.append(mark)
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("work_restriction_degree") == want


BLOCK_TITLE = (60, 40, "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИЛИ АБИЛИТАЦИИ ИНВАЛИДА")
BLOCK = (60, 56, "Рекомендации о показанных и противопоказанных видах трудовой деятельности")
MARK_X = 520


def _table(rows: list[tuple[str, str]], heading: str, column: str = "отметка") -> list:
    """A ticked table: the heading row with its column title, then each option at x 70 with
    its mark (or none) in the column at the right."""
    cells = [BLOCK_TITLE, BLOCK, (60, 80, heading), (MARK_X - 10, 80, column)]
    for i, (text, mark) in enumerate(rows):
        y = 96 + 14 * i
        cells.append((70, y, text))
        if mark:
            cells.append((MARK_X, y, mark))
    cells.append(
        (60, 96 + 14 * len(rows) + 10, "Доступные виды трудовой деятельности: архивариус.")
    )
    return cells


CONTRA = "Противопоказанные виды трудовой деятельности"
TABLE_CASES = [
    (  # the unmarked lower-case option under a ticked one is an option of its own
        [
            ("работы с воздействием пыли и аэрозолей", "V"),
            ("работы, требующие переноса грузов массой более 5 кг", ""),
            ("работы с пребыванием на высоте более 1,8 метра", "V"),
        ],
        "text_layer",
        ["работы с воздействием пыли и аэрозолей", "работы с пребыванием на высоте более 1,8 метра"],
    ),
    (  # a ticked label that runs up to the mark's column wraps onto the next line
        [
            ("работы в условиях воздействия пыли, аэрозолей, газов, паров и", "V"),
            ("прочих раздражающих веществ", ""),
            ("работы в командировках с переездами", ""),
        ],
        "text_layer",
        ["работы в условиях воздействия пыли, аэрозолей, газов, паров и прочих раздражающих веществ"],
    ),
    (  # OCR read the column's «V» as a Cyrillic «У», a doubled cross as «Хх»
        [
            ("работы на открытом воздухе в холодный период года", "У"),
            ("работы в командировках с переездами", ""),
            ("работы с токсичными химическими веществами", "Хх"),
        ],
        "ocr",
        ["работы на открытом воздухе в холодный период года", "работы с токсичными химическими веществами"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "source", "want"), TABLE_CASES)
def test_ticked_table_rows(
    rows: list[tuple[str, str]], source: PageSource, want: list[str]
) -> None:
    got = lists_of(page_of(_table(rows, CONTRA), source))
    assert [t.lower() for t in got.get(C, [])] == [w.lower() for w in want]


def test_ocr_tick_under_no_column_is_not_chosen() -> None:
    rows = [
        ("работы на открытом воздухе в холодный период года", "У"),
        ("работы в командировках с переездами", ""),
    ]
    cells = _table(rows, CONTRA, "да") + [(MARK_X + 60, 80, "нет")]
    cells.append((MARK_X + 60, 96 + 14, "У"))
    got = lists_of(page_of(cells, "ocr"))
    assert got.get(C) == ["работы на открытом воздухе в холодный период года"]


def test_damaged_option_line_is_no_available_work_heading() -> None:
    cells = [
        BLOCK_TITLE,
        BLOCK,
        (60, 80, "Рекомендуемые условия труда (нужное подчеркнуть):"),
        (70, 96, "НЫ ВИДЫ трудовой деятельности в оптимальных, допустимых условиях труда"),
        (70, 110, "Доступны виды трудовой деятельности в любых условиях труда, но выполнение"),
        (70, 124, "Трудовая деятельность возможна при значительной помощи других лиц"),
        (70, 138, "Нуждается в дополнительных перерывах"),
        (60, 154, "Доступные виды трудовой деятельности:"),
        (70, 168, "архивариус; табельщик."),
    ]
    got = lists_of(page_of(cells, "ocr"))
    assert got.get("available_work") == ["архивариус", "табельщик"]
    assert not got.get(R)  # nothing marked: a blank option list


SURNAMES = [
    (["Хвану", "Семёну"], ["Хван", "Семён"]),
    (["Мельнику", "Семёну", "Романовичу"], ["Мельник", "Семён", "Романович"]),
    (["ХВАНУ", "СЕМЁНУ"], ["ХВАН", "СЕМЁН"]),
    (["Шоу", "Семёну"], ["Шоу", "Семён"]),  # «-у» after a vowel: indeclinable
    (["Мельник", "Зое", "Генриховне"], ["Мельник", "Зоя", "Генриховна"]),  # a woman's: as printed
]


@pytest.mark.parametrize(("printed", "want"), SURNAMES)
def test_dative_consonant_surname(printed: list[str], want: list[str]) -> None:
    assert to_nominative(printed)[0] == want


ISSUER_NAMES = [
    ("ФКУ «ГБ МСЭ по Чувашской Республике – Чувашии» Минтруда России, бюро", False),
    ("ФКУ «ГБ МСЭ по Чувашской Республике – Чувашии» Минтруда России, бюро № 21", True),
    ("ФКУ «ГБ МСЭ по Новгородской области» Минтруда России, экспертный состав", False),
    ("Экспертный состав № 6 ФКУ «ГБ МСЭ по Новгородской области» Минтруда России", True),
]


@pytest.mark.parametrize(("name", "whole"), ISSUER_NAMES)
def test_issuer_unit_without_its_number(name: str, whole: bool) -> None:
    assert issuer_reads_as_name(name) is whole


CERT_HEAD = [
    "СПРАВКА",
    "подтверждающая факт установления инвалидности",
    "Серия МСЭ-2026 № 1429745",
]
ORDER_CASES = [
    (  # «на срок до» lost: the term's date after «установлена» is later than the issue
        ["Инвалидность установлена : 01.11.2027", "Дата выдачи справки: 28.09.2026"],
        "text_layer",
        {"established_date": None, "issue_date": D(2026, 9, 28)},
    ),
    (
        ["Дата установления инвалидности: 28.09.2026", "Дата выдачи справки: 28.09.2026"],
        "text_layer",
        {"established_date": D(2026, 9, 28), "issue_date": D(2026, 9, 28)},
    ),
    (  # OCR misread the issue date's year: issued a year before the act it is issued on
        [
            "Справка выдана на основании акта медико-социальной экспертизы гражданина № 2081.42.15/2026 от",
            "04.02.2026",
            "Дата выдачи справки: 05.02.2025",
        ],
        "ocr",
        {"issue_date": None},
    ),
    (
        [
            "Справка выдана на основании акта медико-социальной экспертизы гражданина № 2081.42.15/2026 от",
            "04.02.2026",
            "Дата выдачи справки: 05.02.2026",
        ],
        "ocr",
        {"issue_date": D(2026, 2, 5)},
    ),
]


@pytest.mark.parametrize(("lines", "source", "want"), ORDER_CASES)
def test_dates_against_the_decision(
    lines: list[str], source: PageSource, want: dict[str, dt.date | None]
) -> None:
    page = make_page(CERT_HEAD + lines, source=source)
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert {k: values.get(k) for k in want} == want


LEADER_ROWS = [
    ("ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО „... еее : ЁЖИКОВА ЭМИЛИЯ ИЛЬДАРОВНА", "full_name", "ЁЖИКОВА ЭМИЛИЯ ИЛЬДАРОВНА"),
    ("ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО ........... еее еаниние : ШЕСТАКОВ ЕФИМ НИКИТИЧ", "full_name", "ШЕСТАКОВ ЕФИМ НИКИТИЧ"),
    ("ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО ...... кн: СЕДЫХ З0Я ГЕНРИХОВНА", "full_name", "СЕДЫХ ЗОЯ ГЕНРИХОВНА"),
    ("ДАТА РОЖДЕНИЯ ......... еек кнния : 1967-06-02", "birth_date", D(1967, 6, 2)),
    ("ДАТА РОЖДЕНИЯ : 1967-06-02", "birth_date", D(1967, 6, 2)),
    ("ГРУППА ИНВАЛИДНОСТИ ..... уе еееекььиь я : 3", "disability_group", 3),
    ("ГРУППА ИНВАЛИДНОСТИ : ВТОРАЯ", "disability_group", 2),
]  # fmt: skip
"""The register printout's dot leaders (family 13's monospace extract) as OCR reads them."""


@pytest.mark.parametrize(("line", "key", "want"), LEADER_ROWS)
def test_value_after_an_ocr_dot_leader(line: str, key: str, want: object) -> None:
    lines = [
        "СВЕДЕНИЯ О СПРАВКЕ, ПОДТВЕРЖДАЮЩЕЙ ФАКТ УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ",
        "СЕРИЯ СПРАВКИ : МСЭ-2026",
        "НОМЕР СПРАВКИ : 4371738",
        line,
    ]
    page = make_page(lines, source="ocr")
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get(key) == want


INDEFINITE_MARKS = [
    ("бессроч", True),  # the reading cut the option where it ran into «(нужное подчеркнуть)»
    ("бессрочно", True),
    ("до", None),
]


@pytest.mark.parametrize(("option", "want"), INDEFINITE_MARKS)
def test_marked_indefinite_option_cut_short(option: str, want: bool | None) -> None:
    page = make_page(
        [
            "СПРАВКА",
            "подтверждающая факт установления инвалидности",
            "Инвалидность установлена на срок до бессроч нужное подчеркнуть)",
        ],
        source="ocr",
    )
    page.marks.append(OptionMark(option, "circle", (0, 0, 1, 1), 2, ("срок до", "бессроч"), 0.88))
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert (values.get("indefinite") or None) is want
