"""The issuer, round 7: the real ways a bureau's name is printed, read whole or not at all.

One row per printing variant of the 1031н certificate, the 486н/379н IPRA and register
printouts, built by hand (synthetic lines with consistent boxes, :mod:`tests.extractors.pages`):
the name under or beside a printed label (``labels/issuer_labels.txt``: «Наименование
учреждения МСЭ», «Наименование бюро МСЭ», «Наименование федерального государственного
учреждения медико-социальной экспертизы», «Учреждение МСЭ», a label wrapped in its table
cell), the form's header without a label, upper case, a name over two to four lines, the
unit first («Экспертный состав № 4 ФКУ …») or last («…, бюро № 5» with «№ 5» wrapped), and
the OCR litter that damages one sign of an otherwise whole name («М№», «<ГБ», «пог», a full
stop or comma where the name has none, a word split by a space). A name OCR may have
misread beyond repair (a region a few letters off a subject, a doubtful bureau number)
expects None: a wrong issuer is worse than none.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.issuer import label_end
from mseflow.reading.page import Line, PageSource, PageText, Word

from .pages import LEFT, LINE_H, words_at

CERT = ["СПРАВКА", "Серия МСЭ-2015 № 2431238", "Выдана Иванову Ивану Ивановичу"]
HINT = "(наименование федерального государственного учреждения медико-социальной экспертизы)"
COLUMN = 260.0
"""Left edge of a printout's value column (points)."""

Row = str | tuple[str, str]
"""A line: its text from the left margin, or (label cell, value cell at :data:`COLUMN`)."""


def _page(rows: list[Row], source: PageSource, unsure: dict[str, float]) -> PageText:
    """``rows`` top to bottom; a word named in ``unsure`` gets that OCR confidence."""
    page = PageText(number=1, source=source, width=595, height=842)
    for i, row in enumerate(rows):
        y = 40 + i * LINE_H
        left, right = (row, "") if isinstance(row, str) else row
        words = words_at(left, LEFT, y) + words_at(right, COLUMN, y)
        if words:
            page.lines.append(
                Line(tuple(Word(w.text, w.bbox, unsure.get(w.text, w.confidence)) for w in words))
            )
    return page


def _issuer(rows: list[Row], source: PageSource, unsure: dict[str, float]) -> str | None:
    span = DocumentSpan(DocType.mse_certificate, [_page(rows, source, unsure)])
    return extract_fields(span).values["issuer"]


YUGRA_UNIT = (
    "Экспертный состав № 4 ФКУ «Главное бюро медико-социальной экспертизы по Ханты-Мансийскому "
    "автономному округу – Югре» Минтруда России"
)
OMSK_FULL = (
    "Бюро медико-социальной экспертизы № 23 – филиал Федерального казенного учреждения «Главное "
    "бюро медико-социальной экспертизы по Омской области» Министерства труда и социальной защиты "
    "Российской Федерации"
)
NOVGOROD_UPPER = (
    "БЮРО № 11 – ФИЛИАЛ ФГУ «ГЛАВНОЕ БЮРО МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО НОВГОРОДСКОЙ ОБЛАСТИ»"
)
YAKUTIA_UNIT = (
    "Экспертный состав № 1 ФКУ «Главное бюро медико-социальной экспертизы по Республике Саха "
    "(Якутия)» Минтруда России"
)

PRINTINGS = [
    pytest.param(["Наименование бюро МСЭ Экспертный состав № 4 ФКУ «Главное бюро медико-социальной", "экспертизы по Ханты-Мансийскому автономному округу — Югре»", "Минтруда России", *CERT], "text_layer", {}, YUGRA_UNIT, id="label-same-line-unit-first-three-lines"),
    pytest.param(["Сведения о справке, подтверждающей факт установления инвалидности", "Наименование учреждения МСЭ БЮРО № 11 — ФИЛИАЛ ФГУ «ГЛАВНОЕ БЮРО", "МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО НОВГОРОДСКОЙ", "ОБЛАСТИ»", "Серия справки МСЭ-2012"], "text_layer", {}, NOVGOROD_UPPER, id="label-same-line-upper-case"),
    pytest.param(["НАИМЕНОВАНИЕ УЧРЕЖДЕНИЯ МСЭ ФКУ «ГБ МСЭ ПО КАЛУЖСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ, БЮРО № 8", *CERT], "text_layer", {}, "ФКУ «ГБ МСЭ ПО КАЛУЖСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ, БЮРО № 8", id="upper-case-label-and-name"),
    pytest.param(["Наименование федерального государственного учреждения медико-социальной экспертизы: Бюро № 15 – филиал ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России", *CERT], "text_layer", {}, "Бюро № 15 – филиал ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России", id="long-label-with-colon"),
    pytest.param(["Наименование учреждения (бюро): ФГУ «ГБ МСЭ по Ставропольскому краю», бюро медико-социальной экспертизы № 11", *CERT], "text_layer", {}, "ФГУ «ГБ МСЭ по Ставропольскому краю», бюро медико-социальной экспертизы № 11", id="label-with-bracketed-hint"),
    pytest.param(["Наименование бюро медико-социальной экспертизы", "Бюро медико-социальной экспертизы № 23 - филиал Федерального казенного учреждения «Главное бюро", "медико-социальной экспертизы по Омской области» Министерства труда и социальной защиты", "Российской Федерации", *CERT], "text_layer", {}, OMSK_FULL, id="label-alone-name-on-the-lines-under-it"),
    pytest.param(["Бюро медико-социальной экспертизы № 23 - филиал Федерального казенного", "учреждения «Главное бюро медико-социальной экспертизы по Омской", "области» Министерства труда и социальной защиты Российской Федерации", HINT, *CERT], "text_layer", {}, OMSK_FULL, id="header-without-label-over-three-lines"),
    pytest.param(["Сведения о справке, подтверждающей факт установления инвалидности", ("НАИМЕНОВАНИЕ", "ФКУ «ГБ МСЭ по Чувашской Республике — Чувашии» Минтруда"), ("УЧРЕЖДЕНИЯ МСЭ", "России, бюро № 17"), ("СЕРИЯ СПРАВКИ", "МСЭ-2024")], "text_layer", {}, "ФКУ «ГБ МСЭ по Чувашской Республике – Чувашии» Минтруда России, бюро № 17", id="label-wrapped-in-its-cell-beside-the-name"),
    pytest.param(["Номер ИПРА 1297.2.69/2025", ("Наименование бюро МСЭ", "ФКУ «ГБ МСЭ по Тверской области» Минтруда России, бюро"), ("", "№ 5"), ("Группа инвалидности", "первая")], "text_layer", {}, "ФКУ «ГБ МСЭ по Тверской области» Минтруда России, бюро № 5", id="unit-number-wrapped-in-the-value-cell"),
    pytest.param(["Экспертный состав № 1 ФКУ «Главное бюро медико-социальной экспертизы по Республике Саха", "(Якутия)» Минтруда России", HINT, *CERT], "text_layer", {}, YAKUTIA_UNIT, id="bracketed-region-part-wraps-inside-quotes"),
    pytest.param([*[f"Строка сведений {i}: значение" for i in range(16)], "Учреждение МСЭ: ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 3"], "text_layer", {}, "ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 3", id="printout-label-below-the-header-lines"),
    pytest.param(["Наименованме учреждения МСЭ: БЮРО № 3 – ФИЛИАЛ ФКУ «ГБ МСЭ ПО ОМСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ", *CERT], "ocr", {}, "БЮРО № 3 – ФИЛИАЛ ФКУ «ГБ МСЭ ПО ОМСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ", id="ocr-damaged-label"),
    pytest.param(["ФГУ «ГБ МСЭ по Ставропольскому краю», бюро медико-социальной экспертизы М№ 11", HINT, *CERT], "ocr", {}, "ФГУ «ГБ МСЭ по Ставропольскому краю», бюро медико-социальной экспертизы № 11", id="ocr-speck-glued-to-number-sign"),
    pytest.param(["ФКУ <ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 15", HINT, *CERT], "ocr", {}, "ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 15", id="ocr-guillemet-read-as-less-than"),
    pytest.param(["Бюро № 33 — филиал ФКУ «ГБ МСЭ пог Санкт-Петербургу» Минтруда России", HINT, *CERT], "ocr", {}, "Бюро № 33 – филиал ФКУ «ГБ МСЭ по г. Санкт-Петербургу» Минтруда России", id="ocr-city-abbreviation-run-together"),
    pytest.param(["ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу — Югре» Минтруда", "России. бюро № 18", HINT, *CERT], "ocr", {}, "ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу – Югре» Минтруда России, бюро № 18", id="ocr-comma-before-unit-read-as-full-stop"),
    pytest.param(["Бюро медико-социальной экспертизы № 26 — филиал Федерального казенного учреждения «Главное бюро", "медико-социальной экспертизы по Республике Саха (Якутия)» Министерства, труда и социальной", "защиты Российской Федерации", HINT, *CERT], "ocr", {}, "Бюро медико-социальной экспертизы № 26 – филиал Федерального казенного учреждения «Главное бюро медико-социальной экспертизы по Республике Саха (Якутия)» Министерства труда и социальной защиты Российской Федерации", id="ocr-speck-read-as-comma-inside-fixed-phrase"),
    pytest.param(["Бюро медико-социальной экспертизы № 12 — филиал Федерального казенного учреждения", "«Главное бюро медико-соц иальной экспертизы по Омской области» Министерства труда", "и социальной защиты Российской Федерации", HINT, *CERT], "ocr", {}, "Бюро медико-социальной экспертизы № 12 – филиал Федерального казенного учреждения «Главное бюро медико-социальной экспертизы по Омской области» Министерства труда и социальной защиты Российской Федерации", id="ocr-word-split-by-a-space-joined"),
    pytest.param(["ФГУ «ГБ МСЭ по Чувашской Республике - Чувашии», бюро медико-социальной экспертизы № 32", "и", HINT, *CERT], "ocr", {}, "ФГУ «ГБ МСЭ по Чувашской Республике – Чувашии», бюро медико-социальной экспертизы № 32", id="ocr-speck-line-under-a-whole-name"),
    pytest.param(["Бюро медико-социальной экспертизы № 23 - филиал Федерального казенного", "учи", HINT, *CERT], "ocr", {}, None, id="ocr-scrap-under-a-name-cut-short-null"),
    pytest.param(["Экспертный состав № 4 ФКУ «Главное бюро медико-социальной экспертизы по Калушемой области» Минтруда России", HINT, *CERT], "ocr", {"Калушемой": 0.55}, None, id="ocr-region-few-letters-off-a-subject-unsure-null"),
    pytest.param(["Бюро медико-социальной экспертизы № 23 - филиал Федерального казенного", "учреждения «Главное бюро медико-социальной экспертизы по Омской", "области» Министерства труда и социальной защиты Российской Федерации", HINT, *CERT], "ocr", {"23": 0.8}, None, id="ocr-doubtful-bureau-number-null"),
    pytest.param(["Бюро № 16 - филиал ФКУ «ГБ МСЭ по Хабаровскому краю» Минтруда России", HINT, *CERT], "ocr", {"16": 0.895}, "Бюро № 16 – филиал ФКУ «ГБ МСЭ по Хабаровскому краю» Минтруда России", id="ocr-bureau-number-read-surely-kept"),
    pytest.param(["Бюро № 31 - филиал ФКУ «ГБ МСЭ по Хабаровскому краю» Минтруда России", HINT, *CERT], "ocr", {"31": 0.87}, None, id="ocr-bureau-number-as-unsure-as-misreads-null"),
    pytest.param(["Наименование учреждения МСЭ —ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 3", *CERT], "ocr", {"—ФКУ": 0.42}, "ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 3", id="ocr-label-dash-glued-to-the-name"),
    pytest.param(["Бюро № 10 — филиал ФКУ «ГБ МСЭ по Республике Саха (Якутия)»", "Минтруда Россни", HINT, *CERT], "ocr", {}, "Бюро № 10 – филиал ФКУ «ГБ МСЭ по Республике Саха (Якутия)» Минтруда России", id="ocr-one-letter-of-a-six-letter-word"),
    pytest.param(["Кем выдана справка: Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России", *CERT], "text_layer", {}, "Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России", id="printout-kem-vydana-label"),
    pytest.param(["Бюро медико-социальной экспертизы: ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 3", *CERT], "text_layer", {}, "ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 3", id="bureau-field-label"),
    pytest.param(["Удостоверение личности: паспорт 4510 123456", "Кем выдан: ОВД района Марьино г. Москвы", *CERT], "text_layer", {}, None, id="identity-document-issuer-is-not-the-bureau"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "source", "unsure", "expected"), PRINTINGS)
def test_issuer_printings(
    rows: list[Row], source: PageSource, unsure: dict[str, float], expected: str | None
) -> None:
    assert _issuer(rows, source, unsure) == expected


LABELS = [
    pytest.param("Наименование бюро МСЭ Экспертный состав № 4 ФКУ", "Экспертный состав № 4 ФКУ", id="bureau-label"),
    pytest.param("3. Наименование учреждения МСЭ: ФКУ «ГБ МСЭ по Омской области»", "ФКУ «ГБ МСЭ по Омской области»", id="numbered-label-colon"),
    pytest.param("Наименование учреждения (бюро) — Бюро № 5 – филиал", "Бюро № 5 – филиал", id="bracketed-hint-and-dash"),
    pytest.param("НАИМЕНОВАНИЕ ФКУ «ГБ МСЭ по Чувашской Республике", "ФКУ «ГБ МСЭ по Чувашской Республике", id="first-word-of-a-wrapped-label"),
    pytest.param("Наименование федерального государственного учреждения медико-социальной экспертизы", "", id="label-alone"),
    pytest.param("Бюро МСЭ № 27 филиала ФКУ «ГБ МСЭ по Пензенской области»", None, id="bureau-name-is-no-label"),
    pytest.param("Наименование и адрес медицинской организации: ГБУЗ «ГКБ № 1»", None, id="other-institution-label"),
    pytest.param("Выдана Иванову Ивану Ивановичу", None, id="person-after-vydana-no-name-start"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "rest"), LABELS)
def test_label_end(text: str, rest: str | None) -> None:
    end = label_end(text)
    assert (text[end:] if end is not None else None) == rest


@pytest.mark.parametrize(
    ("scrap", "expected"),
    [
        pytest.param("и", "ФГУ «ГБ МСЭ по Чувашской Республике – Чувашии», бюро медико-социальной экспертизы № 32", id="speck-under-whole-name-kept"),
        pytest.param("учи", None, id="scrap-of-a-word-under-the-name-null"),
    ],
)  # fmt: skip
def test_scrap_just_under_the_name(scrap: str, expected: str | None) -> None:
    """A scrap OCR read just under the name's line (a stamp's rim, a lost word): a letter or
    two under a whole name is a speck; a word's scrap means part of the name was lost."""
    name = "ФГУ «ГБ МСЭ по Чувашской Республике - Чувашии», бюро медико-социальной экспертизы № 32"
    page = PageText(number=1, source="ocr", width=595, height=842)
    page.lines.append(Line(words_at(name, LEFT, 40)))
    page.lines.append(Line(words_at(scrap, LEFT + 200, 52, 0.4)))
    for i, text in enumerate([HINT, *CERT]):
        page.lines.append(Line(words_at(text, LEFT, 80 + i * LINE_H)))
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["issuer"] == expected
