"""The issuer and the name, round 8 (issue #10): whole or null, never another wrong value.

One row per printing variant, on hand-written synthetic lines with consistent boxes
(:mod:`tests.extractors.pages`). The issuer is kept as printed (``docs/record-contract.md``:
«бюро / ФКУ «ГБ МСЭ по …» as printed»), an upper-case register printout in capitals.

Issuer variants: a header that breaks after «филиал ФКУ» with the quoted name on the next
line; a unit's bracketed profile «(общего профиля)» / «(смешанного профиля)» after the
unit's number, on the next line, wrapped to the left margin, or before «– филиал …»; a
profile wording in no table; the form's hint «(наименование …)» that must not join; the
dash after the unit's number glued to it («№ 29— филиал»). A header cut short after «ФКУ»
(the next line another block) is null, not a shorter wrong name.

Sources: the bureaus' own names as printed in their headers and certificates («Бюро
медико-социальной экспертизы № 27 (смешанного профиля) – филиал ФКУ «ГБ МСЭ по …» Минтруда
России», «ФКУ «ГБ МСЭ по …» Минтруда России, бюро № 11 (общего профиля)»), see
``extractors/labels/issuer_words.txt``; the 1031н form's header hint (Приказ
Минздравсоцразвития России от 24.11.2010 № 1031н, Приложение № 1).

Name variants (OCR pages): a double surname whose second part reads as a plural name only
(«Нуриев-Каи» for «Нуриев-Кац»), a patronymic one letter off a known one («Тимоеевич»
for «Тимофеевич»), a first name read with a small letter that a known name is one letter
longer than («рик» of «Эрик»): null. The same names read right keep their value.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.names import lost_first_letter, ocr_neighbour
from mseflow.reading.page import Line, PageSource, PageText, Word

from .pages import LEFT, LINE_H, words_at

CERT = ["СПРАВКА", "Серия МСЭ-2015 № 2431238", "Выдана Иванову Ивану Ивановичу"]
HINT = "(наименование федерального государственного учреждения медико-социальной экспертизы)"
PRINTOUT = ["Федеральная государственная информационная система «Федеральный реестр инвалидов»",
            "Сведения о справке, подтверждающей факт установления инвалидности"]  # fmt: skip


def _page(rows: list[str], source: PageSource) -> PageText:
    page = PageText(number=1, source=source, width=595, height=842)
    for i, row in enumerate(rows):
        words = words_at(row, LEFT, 40 + i * LINE_H, 0.93 if source == "ocr" else 1.0)
        if words:
            page.lines.append(Line(tuple(Word(w.text, w.bbox, w.confidence) for w in words)))
    return page


def _value(key: str, rows: list[str], source: PageSource) -> str | None:
    span = DocumentSpan(DocType.mse_certificate, [_page(rows, source)])
    return extract_fields(span).values[key]


YAKUTIA = "Бюро медико-социальной экспертизы № 3 – филиал ФКУ «ГБ МСЭ по Республике Саха (Якутия)» Минтруда России"  # fmt: skip
ALTAI_MIXED = "Бюро медико-социальной экспертизы № 11 (смешанного профиля) – филиал ФКУ «ГБ МСЭ по Алтайскому краю» Минтруда России"  # fmt: skip
KBR_GENERAL = "ФКУ «ГБ МСЭ по Кабардино-Балкарской Республике» Минтруда России, бюро № 20 (общего профиля)"  # fmt: skip
TVER_UPPER = "ФКУ «ГБ МСЭ ПО ТВЕРСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ, БЮРО № 11 (ОБЩЕГО ПРОФИЛЯ)"
ALTAI_UPPER = "ФКУ «ГБ МСЭ ПО АЛТАЙСКОМУ КРАЮ» МИНТРУДА РОССИИ, БЮРО № 24 (ОБЩЕГО ПРОФИЛЯ)"
VOLOGDA_UNIT_FIRST = "Бюро медико-социальной экспертизы № 36 (смешанного профиля) – филиал ФКУ «ГБ МСЭ по Вологодской области» Минтруда России"  # fmt: skip

ISSUERS = [
    pytest.param(["Бюро медико-социальной экспертизы № 3 — филиал ФКУ", "«ГБ МСЭ по Республике Саха (Якутия)» Минтруда России", HINT, *CERT], "ocr", YAKUTIA, id="break-after-filial-fku-quoted-name-next-line"),
    pytest.param(["Бюро медико-социальной экспертизы № 11 (смешанного профиля) — филиал ФКУ", "«ГБ МСЭ по Алтайскому краю» Минтруда России", HINT, *CERT], "ocr", ALTAI_MIXED, id="profile-then-break-after-fku"),
    pytest.param(["Бюро медико-социальной экспертизы № 3 — филиал ФКУ", "ГБ МСЭ по Республике Саха (Якутия) Минтруда России", HINT, *CERT], "text_layer", "Бюро медико-социальной экспертизы № 3 – филиал ФКУ ГБ МСЭ по Республике Саха (Якутия) Минтруда России", id="break-after-fku-name-without-quotes"),
    pytest.param(["Бюро медико-социальной экспертизы № 3 — филиал ФКУ", *CERT], "ocr", None, id="cut-short-after-fku-null"),
    pytest.param(["ФКУ «ГБ МСЭ по Кабардино-Балкарской Республике» Минтруда России, бюро № 20", "(общего профиля)", HINT, *CERT], "ocr", KBR_GENERAL, id="unit-profile-on-the-next-line"),
    pytest.param([*PRINTOUT, "Учреждение МСЭ: ФКУ «ГБ МСЭ ПО ТВЕРСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ, БЮРО № 11", "(ОБЩЕГО ПРОФИЛЯ)", "Серия справки: МСЭ-2023"], "ocr", TVER_UPPER, id="upper-case-printout-profile-next-line-as-printed"),
    pytest.param([*PRINTOUT, "Учреждение МСЭ: ФКУ «ГБ МСЭ ПО АЛТАЙСКОМУ КРАЮ» МИНТРУДА РОССИИ, БЮРО № 24 (ОБЩЕГО", "ПРОФИЛЯ)", "Серия справки: МСЭ-2021"], "text_layer", ALTAI_UPPER, id="profile-bracket-wraps-to-the-left-margin"),
    pytest.param(["Бюро медико-социальной экспертизы № 36", "(смешанного профиля) — филиал ФКУ «ГБ МСЭ по Вологодской области» Минтруда России", HINT, *CERT], "ocr", VOLOGDA_UNIT_FIRST, id="unit-first-profile-and-branch-on-the-next-line"),
    pytest.param(["ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7", "(психиатрического профиля)", HINT, *CERT], "text_layer", "ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7 (психиатрического профиля)", id="profile-wording-in-no-table"),
    pytest.param(["ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7", "(по освидетельствованию детей)", HINT, *CERT], "text_layer", "ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7 (по освидетельствованию детей)", id="unforeseen-bracketed-unit-remark"),
    pytest.param(["ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7", HINT, *CERT], "ocr", "ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7", id="form-hint-after-the-unit-never-joins"),
    pytest.param(["ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7", "(подпись) (фамилия)", *CERT], "ocr", "ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России, бюро № 7", id="signature-hint-after-the-unit-never-joins"),
    pytest.param(["Бюро медико-социальной экспертизы № 29— филиал ФКУ «ГБ МСЭ по Вологодской области»", "Минтруда России", HINT, *CERT], "ocr", "Бюро медико-социальной экспертизы № 29 – филиал ФКУ «ГБ МСЭ по Вологодской области» Минтруда России", id="dash-glued-to-the-unit-number"),
    pytest.param(["ФГУ «ГБ МСЭ по Республике Северная Осетия — Алания», филиал-", "бюро № 15", HINT, *CERT], "text_layer", "ФГУ «ГБ МСЭ по Республике Северная Осетия – Алания», филиал-бюро № 15", id="filial-bjuro-hyphen-at-the-line-end"),
    pytest.param([*PRINTOUT, "Учреждение МСЭ: ЭКСПЕРТНЫЙ СОСТАВ № 8 ФКУ «ГЛАВНОЕ БЮРО МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО ЯМАЛО-", "НЕНЕЦКОМУ АВТОНОМНОМУ ОКРУГУ» МИНТРУДА РОССИИ", "Серия справки: МСЭ-2025"], "text_layer", "ЭКСПЕРТНЫЙ СОСТАВ № 8 ФКУ «ГЛАВНОЕ БЮРО МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО ЯМАЛО-НЕНЕЦКОМУ АВТОНОМНОМУ ОКРУГУ» МИНТРУДА РОССИИ", id="upper-case-region-hyphenated-at-the-line-end"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "source", "expected"), ISSUERS)
def test_issuer_printings_round8(rows: list[str], source: PageSource, expected: str | None) -> None:
    assert _value("issuer", rows, source) == expected


def _named(name: str) -> list[str]:
    return ["Фамилия, имя, отчество (при наличии): " + name, "Дата рождения: 15.11.1968"]


NAMES = [
    pytest.param("Нуриев-Каи Ильнур Всеволодович", "ocr", None, id="ocr-double-surname-part-a-plural-name-null"),
    pytest.param("Нуриев-Кац Ильнур Всеволодович", "ocr", "Нуриев-Кац Ильнур Всеволодович", id="ocr-double-surname-read-right"),
    pytest.param("Гоголадзе Эрик Тимоеевич", "ocr", None, id="ocr-patronymic-a-letter-lost-null"),
    pytest.param("Гоголадзе Эрик Тимофеевич", "ocr", "Гоголадзе Эрик Тимофеевич", id="ocr-patronymic-read-right"),
    pytest.param("Бондаренко рик", "ocr", None, id="ocr-first-name-capital-lost-null"),
    pytest.param("Бондаренко Эрик", "ocr", "Бондаренко Эрик", id="ocr-first-name-read-right"),
    pytest.param("Тер-Акопян Батыр Матвеевич", "ocr", "Тер-Акопян Батыр Матвеевич", id="ocr-non-slavic-first-name-kept"),
    pytest.param("Мкртчян Ильнур Гордеевич", "ocr", "Мкртчян Ильнур Гордеевич", id="ocr-rare-patronymic-in-the-dictionary-kept"),
    pytest.param("ОГАНЕСЯН ДИЛЯРА", "ocr", "ОГАНЕСЯН ДИЛЯРА", id="ocr-upper-case-no-patronymic-kept"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "source", "expected"), NAMES)
def test_names_round8(name: str, source: PageSource, expected: str | None) -> None:
    assert _value("full_name", [*CERT[:2], *_named(name)], source) == expected


@pytest.mark.parametrize(
    ("word", "role", "misread"),
    [
        pytest.param("Нуриев-Каи", "Surn", True, id="plural-only-name-part"),
        pytest.param("Тимоеевич", "Patr", True, id="patronymic-letter-lost"),
        pytest.param("Тимофеевич", "Patr", False, id="known-patronymic"),
        pytest.param("Всеволодович", "Patr", False, id="known-long-patronymic"),
        pytest.param("Гвелесиани", "Surn", False, id="unknown-surname-no-lookalike"),
    ],
)
def test_ocr_neighbour_round8(word: str, role: str, misread: bool) -> None:
    assert (ocr_neighbour(word, role) is not None) is misread


@pytest.mark.parametrize(
    ("word", "longer"),
    [("рик", True), ("Рик", False), ("ильдару", False), ("Эрик", False)],
)
def test_lost_first_letter(word: str, longer: bool) -> None:
    assert (lost_first_letter(word) is not None) is longer
