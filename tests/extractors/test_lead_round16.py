"""Round 16 (lead): shapes family 15 (LibreOffice Writer blanks) printed that were misread.

* the term typed after the blank's rule or leader dots («на срок_______бессрочно», «ИПР
  разработана на срок ......... бессрочно»), and «бессрочно» in capitals read «БЕССооЧНо» /
  «вЕССрОЧНо»; a rule after «до» is still the blank dated option of a printed choice;
* the degree row printed but unread does not take 3 from the incapable note (the rule
  ``incapable_note_degree_mismatch`` judges a note beside another degree);
* the conclusion «трудовая деятельность» / «противопоказана.» wrapped before its predicate;
* a speck between a table's point number and its label («9 ' Дата очередного»), and two label
  words OCR glued into one («Датаустановления»).
"""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_page
from .test_worklists_round9 import page_of

CERTIFICATE = ["СПРАВКА", "Серия МСЭ-2023 № 1234567", "Выдана Седых Петру Глебовичу"]
TERMS = [
    ("Инвалидность установлена на срок_______бессрочно", True),
    ("Инвалидность установлена на срок _______ бессрочно", True),
    ("Инвалидность установлена на срок....................... ...бессрочно", True),
    ("5. ИПР разработана на срок БЕССооЧНо", True),
    ("5. ИПР разработана на срок вЕССрОЧНо", True),
    ("Инвалидность установлена на срок до _______ / бессрочно", False),
    ("Инвалидность установлена на срок до _______ бессрочно", False),
    ("Инвалидность установлена на срок до______, бессрочно", False),
    ("Инвалидность установлена на срок ______ или бессрочно", False),
    ("на срок ____ (указывается дата либо делается запись «бессрочно»)", False),
]


@pytest.mark.parametrize("source", ["text_layer", "ocr"])
@pytest.mark.parametrize(("line", "want"), TERMS)
def test_term_after_the_fill_rule(line: str, want: bool, source: str) -> None:
    page = make_page([*CERTIFICATE, line], source=source)  # type: ignore[arg-type]
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("indefinite") is want
    assert values.get("valid_until") is None


IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1230.19.16/2026 к протоколу проведения медико-социальной экспертизы",
]
CONCLUSION = "Заключение о возможности осуществления трудовой деятельности: трудовая деятельность"


@pytest.mark.parametrize(
    ("lines", "incapable", "degree"),
    [
        (["Способность к трудовой деятельности 3", CONCLUSION, "противопоказана."], True, 3),
        (["Способность к трудовой деятельности 2", CONCLUSION, "противопоказана."], True, 2),
        (["Способность к трудовой деятельности р", CONCLUSION, "противопоказана."], True, None),
        (["Способность к трудовой деятельности 3", CONCLUSION, "доступна."], False, 3),
        (["Способность к трудовой деятельности 3", CONCLUSION, "не противопоказана."], False, 3),
        (["Способность к трудовой деятельности 2", CONCLUSION, "противопоказана в ночное время"], False, 2),
        (["Способность к трудовой деятельности 3", CONCLUSION, "Прогнозируемый результат: частичное"], False, 3),
    ],
)  # fmt: skip
def test_conclusion_wrapped_before_its_predicate(
    lines: list[str], incapable: bool, degree: int | None
) -> None:
    page = make_page(IPRA + lines, source="ocr", confidence=0.95)
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert bool(values.get("incapable_of_work")) is incapable
    assert values.get("work_restriction_degree") == degree


def _certificate_cells(speck: str, established_label: str) -> list[tuple[float, float, str]]:
    """A 1031н certificate printed as a Word table: point numbers, wrapped labels, values."""
    return [
        (60, 40, "СПРАВКА"),
        (60, 60, "Серия МСЭ-2024 № 5685525"),
        (60, 80, "1"),
        (75, 80, "Фамилия, имя, отчество"),
        (300, 80, "Зуева Евгения Кузьминична"),
        (60, 100, "9"),
        (75, 100, f"{speck} Дата очередного".strip()),
        (300, 100, "20.05.2026 г."),
        (75 + (12 if speck else 0), 114, "освидетельствования"),
        (60, 130, "5"),
        (75, 130, established_label),
        (300, 130, "22.04.2025 г."),
        (75, 144, "инвалидности"),
    ]


@pytest.mark.parametrize("speck", ["", "'", "‘", "|"])
def test_speck_between_the_point_number_and_its_label(speck: str) -> None:
    page = page_of(_certificate_cells(speck, "Дата установления"), "ocr")
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("reexamination_date") == dt.date(2026, 5, 20)
    assert values.get("established_date") == dt.date(2025, 4, 22)


@pytest.mark.parametrize(
    ("label", "want"),
    [
        ("Датаустановления", dt.date(2025, 4, 22)),  # the space lost by OCR
        ("Дата установления", dt.date(2025, 4, 22)),
        ("Датаустанов", None),  # not the label's words glued: a word lost
    ],
)
def test_label_words_glued_by_ocr(label: str, want: dt.date | None) -> None:
    page = page_of(_certificate_cells("", label), "ocr")
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("established_date") == want


MEASURES = [
    "Мероприятия профессиональной реабилитации или абилитации",
    "Мероприятие Заключение о нуждаемости Срок исполнения Исполнитель",
]


@pytest.mark.parametrize(
    ("cells", "want"),
    [
        (  # the reason wrapped in its cell, the measure's name beside it
            [(60, 200, "Профессиональная"), (200, 200, "не нуждается (полностью"),
             (60, 214, "ориентация"), (200, 214, "неспособен к трудовой"), (200, 228, "деятельности)")],
            True,
        ),
        ([(60, 200, "Профессиональная ориентация не нуждается (полностью неспособен к трудовой деятельности)")], True),
        ([(60, 200, "Содействие в"), (200, 200, "не нуждается (трудоустроен)"), (60, 214, "трудоустройстве")], False),
        ([(60, 200, "Профессиональная"), (200, 200, "не нуждается (не является полностью"),
          (200, 214, "неспособным к трудовой"), (200, 228, "деятельности)")], False),
        ([(60, 200, "Профессиональная"), (200, 200, "нуждается (полностью"),
          (200, 214, "неспособен к трудовой"), (200, 228, "деятельности)")], False),
        (  # the cell cut before its bracket closes: proves nothing
            [(60, 200, "Профессиональная"), (200, 200, "не нуждается (полностью"),
             (200, 214, "неспособен к трудовой")],
            False,
        ),
    ],
)  # fmt: skip
def test_reason_of_no_need_in_the_measures_table(
    cells: list[tuple[float, float, str]], want: bool
) -> None:
    head = [(60, 40 + 14 * i, text) for i, text in enumerate([*IPRA, *MEASURES])]
    for source in ("text_layer", "ocr"):
        page = page_of([*head, *cells], source)  # type: ignore[arg-type]
        values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
        assert bool(values.get("incapable_of_work")) is want, source


@pytest.mark.parametrize(
    ("printed", "want"),
    [
        (
            "Бюро медико-социальной экспертизы № 29 (смешанного про иля) – филиал ФКУ «ГБ МСЭ по "
            "Забайкальскому краю» Минтруда России",
            "Бюро медико-социальной экспертизы № 29 (смешанного профиля) – филиал ФКУ «ГБ МСЭ по "
            "Забайкальскому краю» Минтруда России",
        ),
        (
            "ФКУ «Главное бюро медико-социальной экспертизы по г. Севастополю» Министерства труда "
            "социальной защиты Российской Федерации, бюро № 24",
            "ФКУ «Главное бюро медико-социальной экспертизы по г. Севастополю» Министерства труда и "
            "социальной защиты Российской Федерации, бюро № 24",
        ),
    ],
)
def test_issuer_word_split_or_lost_by_ocr(printed: str, want: str) -> None:
    page = make_page(["СПРАВКА", printed, "Серия МСЭ-2024 № 5685525"], source="ocr", confidence=0.9)
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values.get("issuer") == want
