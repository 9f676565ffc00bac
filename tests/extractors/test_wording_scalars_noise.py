"""Scalar fields in real wordings and as OCR damages them: one row per variant.

Wordings: the bureau's printed letter closing «Справка выдана: <date>», the IPRA's
«Программа выдана на имя …» (genitive), the 528н/486н point «Фамилия, имя, отчество
(последнее - при наличии)» wrapped over two lines, FRI printouts («Причина установления
инвалидности» over its value line), the official bureau names. OCR damage: rules and
stray quotes inside a wrapped label, a double surname split after its hyphen, a
lower-cased first name, litter in the issuer, lines of a photo run together out of order.
A value that cannot be read safely must come back null, never wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.issuer import issuer_reads_as_name
from mseflow.extractors.names import to_nominative
from mseflow.reading.page import Line, PageText, Word

from .pages import make_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2015 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида,",
    "выдаваемая федеральными государственными учреждениями медико-социальной экспертизы",
]


def _values(
    lines: list[str],
    doc_type: DocType = DocType.mse_certificate,
    source: str = "text_layer",
    confidence: float = 1.0,
    head: list[str] | None = None,
) -> dict[str, Any]:
    top = head if head is not None else (CERT if doc_type == DocType.mse_certificate else IPRA)
    page = make_page(top + lines, source=source, confidence=confidence)  # type: ignore[arg-type]
    return extract_fields(DocumentSpan(doc_type, [page])).values


ISSUE_DATES = [
    pytest.param(["Справка выдана: 11.10.2008 г."], dt.date(2008, 10, 11), id="letter-closing-dotted"),
    pytest.param(["Справка выдана: 24 сент. 2026"], dt.date(2026, 9, 24), id="letter-closing-abbrev"),
    pytest.param(["Справка выдана: 2026-08-06"], dt.date(2026, 8, 6), id="letter-closing-iso"),
    pytest.param(["Дата выдачи справки: 15 июня.2011"], dt.date(2011, 6, 15), id="ocr-dot-before-year"),
    pytest.param(["Настоящая справка выдана Иванову Ивану Ивановичу, 03.11.1975 года рождения"], None, id="name-then-birth-date-is-not-issue"),
    pytest.param(["Справка выдана: «11» июля"], None, id="year-lost"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), ISSUE_DATES)
def test_issue_date_wordings(lines: list[str], expected: dt.date | None) -> None:
    assert _values(lines)["issue_date"] == expected


def _ocr_page(rows: list[tuple[str, float]]) -> PageText:
    """An OCR page whose lines carry their own word confidences."""
    page = PageText(number=1, source="ocr", width=2480, height=3508)
    for i, (text, conf) in enumerate(rows):
        x, y, words = 200.0, 200.0 + 60 * i, []
        for token in text.split():
            words.append(Word(token, (x, y, x + 20 * len(token), y + 40), conf))
            x += 20 * len(token) + 20
        page.lines.append(Line(tuple(words)))
    return page


FAINT_ISSUE = [
    pytest.param("Инвалидность установлена с 15 июня 2011 бессрочно.", dt.date(2011, 6, 15), id="faint-equals-established"),
    pytest.param("Инвалидность установлена с 10 июня 2011 бессрочно.", None, id="faint-alone-stays-null"),
]  # fmt: skip


@pytest.mark.parametrize(("established", "expected"), FAINT_ISSUE)
def test_faint_issue_date_needs_the_decision_date(established: str, expected: object) -> None:
    """A stamp over «Дата выдачи» (word confidence 0.35): taken only when the decision's date agrees."""
    page = _ocr_page(
        [
            (CERT[0], 0.95),
            (CERT[1], 0.95),
            (established, 0.96),
            ("Дата выдачи справки: 15 июня 2011", 0.35),
        ]
    )
    assert (
        extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values["issue_date"]
        == expected
    )


NAMES = [
    pytest.param(["Программа выдана на имя Огневой-Алёхиной Зульфии Фёдоровны."], "text_layer", "Огнева-Алёхина Зульфия Фёдоровна", id="ipr-na-imya-genitive-double-surname"),
    pytest.param(["Программа выдана на имя ШМИДТА ДАВИДА.", "Фамилия, имя, отчество: ШМИДТ ДАВИД"], "text_layer", "ШМИДТ ДАВИД", id="ipr-na-imya-upper-agrees-with-label"),
    pytest.param(["Фамилия, имя, отчество (при наличии) Ким Лан"], "text_layer", "Ким Лан", id="nominative-label-no-patronymic-kept"),
    pytest.param(["Выдана", "Акопян Андреас", "(фамилия, имя, отчество (при наличии))"], "text_layer", "Акопян Андреас", id="vydana-next-line-non-slavic"),
    pytest.param(["1. Фамилия, имя, отчество (последнее", "- при наличии): Белозерский Андрей Арсеньевич"], "text_layer", "Белозерский Андрей Арсеньевич", id="528n-wrapped-posledneye"),
    pytest.param(["2. Фамилия, имя, отчество (при ——————д", "- наличии): Черных Савва Семёнович"], "ocr", "Черных Савва Семёнович", id="ocr-rule-inside-wrapped-label"),
    pytest.param(["‚1. Фамилия, имя, ‘отчество", "(последнее - ‚при наличии): Белозерская Фаина"], "ocr", "Белозерская Фаина", id="ocr-quotes-inside-wrapped-label"),
    pytest.param(["1. Фамилия, имя, отчество (при.", "` наличии): Сёмина. Наталья Тимуровна’. ."], "ocr", "Сёмина Наталья Тимуровна", id="ocr-specks-around-name"),
    pytest.param(["ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО: АЛЕХИНА- СЕМИНА ЗУЛЬФИЯ СЕМЕНОВНА"], "ocr", "АЛЕХИНА-СЕМИНА ЗУЛЬФИЯ СЕМЕНОВНА", id="ocr-double-surname-split-after-hyphen"),
    pytest.param(["Настоящая справка выдана Черных ильдару Саввичу, «20» марта 1999 г."], "ocr", "Черных Ильдар Саввич", id="ocr-lowercased-first-name-dative"),
    pytest.param(["ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО: БО НДАРЕНКО-ОЛЬШАНСКИЙ"], "ocr", None, id="ocr-scrap-word-is-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "expected"), NAMES)
def test_name_wordings(lines: list[str], source: str, expected: str | None) -> None:
    assert _values(lines, source=source, confidence=0.95)["full_name"] == expected


def test_double_surname_declines_part_by_part() -> None:
    assert to_nominative(["Бондаренко-Огневой", "Таисии", "Андреевне"])[0] == [
        "Бондаренко-Огнева",
        "Таисия",
        "Андреевна",
    ]


FULL = (
    "Бюро медико-социальной экспертизы № 31 (офтальмологического профиля) – филиал "
    "федерального казенного учреждения «Главное бюро медико-социальной экспертизы по "
    "Чувашской Республике – Чувашии» Министерства труда и социальной защиты Российской Федерации"
)
ISSUERS = [
    pytest.param(["Бюро медико- социальной экспертизы № 31 {офтальмологического профиля) – филиал", "‚федерального казенного учреждения «Главное бюро медико-социальной`.", "| |", "экспертизы по Чувашской Республике – – Чувашии» Министерства труда и социальной защиты Российской Федерации"], FULL, id="ocr-litter-fax"),
    pytest.param(["БЮро мёдико- социальной экспертизы № 31 (Офтальмологического профиля) - филиал", "| ` федерального казенного учреждения «Главное бюро медико- социальной", ": ‚Экспертизы по Чувашской Республике – Чувашии» Министерства труда + и социальной защиты Российской едерации"], FULL, id="ocr-case-and-lost-letter-repaired"),
    pytest.param(["Бюро медико-социальной экспертизы № 31 (офтальмологического профиля) филиал .", "| федерального казенного учреждения «Главное бюро медико-социальной", ", экспертизы по Чувашской Республике – Чувашии» Министерства труда и социальной защиты Российской Федерации"], FULL, id="ocr-lost-dash-before-filial"),
    pytest.param(["Бюро № 35 - филиал ФКУ «ГБ МСЭ по’Псковской области» Минтруда России"], "Бюро № 35 – филиал ФКУ «ГБ МСЭ по Псковской области» Минтруда России", id="ocr-quote-between-words"),
    pytest.param(["Бюро № 40 - филиал. ФКУ «ГБ МСЭ. по Республике Карелия» Минтруда России."], "Бюро № 40 – филиал ФКУ «ГБ МСЭ по Республике Карелия» Минтруда России", id="ocr-specks-as-full-stops"),
    pytest.param(["ФКУ «ГБ МСЭ по Омской области» Минтруда России,", "бюро № 1 (общего профиля)"], "ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 1 (общего профиля)", id="fku-first-two-lines"),
    pytest.param(["ФКУ «ГБ МСЭ по Омской области» Минтруда России,", "бюро № II (общего профиля)"], None, id="number-sign-without-number-is-null"),
    pytest.param(["_ ФК «ГБ 162) по Калужской области» Минтруда России,", "` бюро №11 (Кардиологического профиля)"], None, id="start-lost-is-null"),
    pytest.param(["ФКУ «ГБ МСЭ по Чувашской Республике - Чувашии» Минтруда Росси и", "Бюро № 40 - филиал", "Индивидуальная прогламма = реабилитации или абилитации ш^—"], None, id="photo-blocks-run-together-is-null"),
    pytest.param(["Бюро медико-социальной экспертизы № 10 (общего профиля) - филиал казенного", "учреждения «Главное бюро медико-социальной федерального Республике Карелия»", "Министерства труда и социальной защиты Российской Федерации"], None, id="photo-words-out-of-order-is-null"),
    pytest.param(["«Главное бюро медико-социальной экспертизы по Калужской области» Министерства труда", "и социальной защиты Российской Федерации —"], None, id="quoted-start-is-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), ISSUERS)
def test_issuer_wordings(lines: list[str], expected: str | None) -> None:
    values = _values([], source="ocr", confidence=0.9, head=lines + CERT)
    assert values["issuer"] == expected


def test_a_suspect_issuer_stays_a_candidate() -> None:
    page = make_page(
        ["ФКУ «ГБ МСЭ по Омской области» Минтруда России,", "бюро № II (общего профиля)", *CERT],
        source="ocr",
        confidence=0.9,
    )
    extraction = extract_fields(DocumentSpan(DocType.mse_certificate, [page]))
    assert extraction.values["issuer"] is None
    assert [c.value for c in extraction.candidates["issuer"]] == [
        "ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № II (общего профиля)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России", True),
        ("ФКУ «ГБ МСЭ по Тверской области» Минтруда России", True),
        ("Бюро медико-социальной экспертизы № 27 (офтальмологического профиля) филиал", False),
        ("бюро № 11 (кардиологического профиля) – филиал «ГБ МСЭ", False),
    ],
)
def test_issuer_reads_as_name(text: str, expected: bool) -> None:
    assert issuer_reads_as_name(text) is expected


CAUSES = [
    pytest.param(["Причина инвалидности: заболевание получено при исполнении обязанностей военной службы", "(служебных обязанностей) в связи с катастрофой на Чернобыльской АЭС."], "chernobyl", id="chernobyl-after-military-wrapped"),
    pytest.param(["7. Причина установления инвалидности: заболевание связано с катастрофой на", "Чернобыльской АЭС"], "chernobyl", id="dangling-preposition-wrap"),
    pytest.param(["Причина установления инвалидности", "профессиональное заболевание"], "occupational_disease", id="printout-label-value-next-line"),
    pytest.param(["Причина инвалидности: военная травма.", "(служебных обязанностей) в связи с катастрофой на Чернобыльской АЭС."], "military_injury", id="full-stop-ends-the-cause"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), CAUSES)
def test_cause_wordings(lines: list[str], expected: str) -> None:
    assert _values(lines)["disability_cause"] == expected


IPRA_NUMBERS = [
    pytest.param(["ИПРА инвалида № 1448.19.54/2026 к протоколу проведения медико-социальной экспертизы гражданина №", "2878.19.54/2026 от 2 октября 2026 г."], "1448.19.54/2026", id="486n-header"),
    pytest.param(["освидетельствования во ФГУ МСЭ № 1967.42.77/2010 от 11", "инвалида № 2750.42.77/2010 к акту", "Карта ИПР"], "2750.42.77/2010", id="photo-lines-out-of-order"),
    pytest.param(["к протоколу проведения медико-социальной экспертизы гражданина № 2878.19.54/2026"], None, id="protocol-number-alone-is-not-the-ipra"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), IPRA_NUMBERS)
def test_ipra_numbers(lines: list[str], expected: str | None) -> None:
    assert _values(lines, DocType.ipra)["document_number"] == expected


PROSE_FACTS = [
    pytest.param(["Настоящая справка выдана ЮСУПОВУ САВВЕ ГЛЕБОВИЧУ, 01.10.1959 г. года рождения,"], "birth_date", dt.date(1959, 10, 1), id="letter-doubled-year-word"),
    pytest.param(["Инвалидность установлена с 06.07.2019 г. бессрочно."], "indefinite", True, id="two-dates-sentence-indefinite"),
    pytest.param(["5. Инвалидность установлена с 4 января 2025 г. бессрочно"], "established_date", dt.date(2025, 1, 4), id="two-dates-sentence-start"),
    pytest.param(["Срок, на который установлена инвалидность: ____ / бессрочно (нужное подчеркнуть)"], "indefinite", False, id="option-line-proves-nothing"),
    pytest.param(["Дата очередного освидетельствования", "Дата решения: 16 июня 2023"], "reexamination_date", None, id="blank-label-over-another-labelled-line"),
    pytest.param(["Дата очередного освидетельствования", "16 июня 2027"], "reexamination_date", dt.date(2027, 6, 16), id="value-on-next-line"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), PROSE_FACTS)
def test_prose_facts(lines: list[str], key: str, expected: object) -> None:
    assert _values(lines)[key] == expected
