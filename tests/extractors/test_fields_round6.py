"""Scalar fields, round 6: issuers that end where the bureau's name ends, OCR-damaged days,
names OCR split or misread.

One row per real wording or OCR-damage variant, built by hand (synthetic lines with
consistent boxes, :mod:`tests.extractors.pages`), a word's OCR confidence set where the row
is about it:

* issuer: the region of «ФКУ «ГБ МСЭ по <субъект>»» is checked against the subjects of the
  Federation (Constitution art. 65): one misread letter or a lost dash is repaired, a region
  between two subjects is not guessed, an unlisted region is kept as printed while its OCR
  is sure; nothing but the ministry and the unit follows the quoted name (OCR litter there
  gives null), a neighbour's words after the unit («Отдел кадров», «г. Москва») are cut off,
  and a name whose ministry is printed under it but not joined is cut short (null);
* dates: a day OCR read with a bracket or a stroke beside its digit («]3», «/4», «[2»), or a
  round glyph for its zero («(6»); two look-alikes and no digit («II») give null, and so does
  an issue date decades ahead (a misread digit of the year);
* names: «й» after a consonant on an OCR line is «и», a patronymic OCR split in two is glued,
  a woman's adjectival-or-possessive dative («Луговой») stays unsure.

A wrong value is worse than a null: rows that cannot be read safely expect None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.dates import find_dates
from mseflow.extractors.issuer import checked_region, name_end
from mseflow.reading.page import PageSource

from .pages import make_unsure_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2015 № 2431238"]


def _values(
    lines: list[str],
    source: PageSource = "ocr",
    unsure: dict[str, float] | None = None,
    doc_type: DocType = DocType.mse_certificate,
) -> dict[str, Any]:
    page = make_unsure_page(lines, source, unsure or {})
    return extract_fields(DocumentSpan(doc_type, [page])).values


ISSUERS = [
    pytest.param(['Филиал-бюро № 34 ФКУ "ГБ МСЭ по Республике Саха (Якития)" Минтруда России'], "ocr", {}, "Филиал-бюро № 34 ФКУ «ГБ МСЭ по Республике Саха (Якутия)» Минтруда России", id="region-letter-misread-repaired"),
    pytest.param(['ФКУ "ГБ МСЭ по Чувашской Республике Чувашии" Минтруда России, бюро № 8'], "ocr", {}, "ФКУ «ГБ МСЭ по Чувашской Республике – Чувашии» Минтруда России, бюро № 8", id="region-dash-lost-restored"),
    pytest.param(['ФЕДЕРАЛЬНОЕ КАЗЕННОЕ УЧРЕЖДЕНИЕ "ГЛАВНОЕ БЮРО МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО ЧУВАШСКОЙ РЕСПУБЛИКЕ ЧУВАШИИ" МИНИСТЕРСТВА ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ РОССИЙСКОЙ ФЕДЕРАЦИИ'], "ocr", {}, "ФЕДЕРАЛЬНОЕ КАЗЕННОЕ УЧРЕЖДЕНИЕ «ГЛАВНОЕ БЮРО МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО ЧУВАШСКОЙ РЕСПУБЛИКЕ – ЧУВАШИИ» МИНИСТЕРСТВА ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ РОССИЙСКОЙ ФЕДЕРАЦИИ", id="capitals-kept-in-repaired-region"),
    pytest.param(['ФКУ "ГБ МСЭ по Шмуркской области" Минтруда России'], "ocr", {}, "ФКУ «ГБ МСЭ по Шмуркской области» Минтруда России", id="unlisted-region-sure-ocr-kept"),
    pytest.param(['ФКУ "ГБ МСЭ по Шмуркской области" Минтруда России'], "ocr", {"Шмуркской": 0.4}, None, id="unlisted-region-unsure-ocr-null"),
    pytest.param(['ФКУ "ГБ МСЭ по Шмуркской области" Минтруда России'], "text_layer", {}, "ФКУ «ГБ МСЭ по Шмуркской области» Минтруда России", id="text-layer-region-never-gated"),
    pytest.param(["Бюро медико-социальной экспертизы № 25 - филиал ФКУ \"Главное бюро медико-социальной", 'экспертизы по Калининградской области" Минтпулз Реми'], "ocr", {}, None, id="litter-after-quoted-name-null"),
    pytest.param(['ФКУ "ГБ МСЭ по Ульяновской области" Минтруда России, бюро № 34 Отдел кадров'], "ocr", {}, "ФКУ «ГБ МСЭ по Ульяновской области» Минтруда России, бюро № 34", id="neighbour-after-unit-cut"),
    pytest.param(['Бюро № 5 - филиал ФКУ "ГБ МСЭ по г. Москве" Минтруда России г. Москва, ул. Ленина'], "ocr", {}, "Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России", id="address-after-ministry-cut"),
    pytest.param(['Филиал-бюро № 36 ФКУ "ГБ МСЭ по Пензенской области"', "Отдел кадров", "Минтруда России"], "ocr", {}, None, id="ministry-left-behind-null"),
    pytest.param(['Бюро медико-социальной экспертизы № 44 - филиал ФК У "Главное бюро медико-социальной экспертизы по Алтайскому краю" Минтруда России'], "ocr", {}, "Бюро медико-социальной экспертизы № 44 – филиал ФКУ «Главное бюро медико-социальной экспертизы по Алтайскому краю» Минтруда России", id="split-abbreviation-joined"),
    pytest.param(['Филиал-бюро № 18 ФКУ "ГБ МСЭ по Ханты-Мансийскому автономному округу - Югре " Минтруда России'], "ocr", {}, "Филиал-бюро № 18 ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу – Югре» Минтруда России", id="space-inside-quotes"),
    pytest.param(['ФКУ "ГБ МСЭ по Республике Марий Эл" Минтруда России о 13'], "ocr", {}, None, id="damaged-unit-not-cut-null"),
    pytest.param(['ФКУ "ГБ МСЭ по Омской области" Минтруда России, бюро № 20 (психиатрического профиля)'], "ocr", {}, "ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 20 (психиатрического профиля)", id="unit-profile-in-brackets-kept"),
    pytest.param(['ФКУ "ГБ МСЭ по Омской области" Минтруда России, бюро № 3 общего профиля'], "text_layer", {}, "ФКУ «ГБ МСЭ по Омской области» Минтруда России, бюро № 3 общего профиля", id="unit-profile-kept"),
    pytest.param(["ФКУ \"ГБ МСЭ по Ульяновской области\" интруда'РоСсии, бюро № 34"], "ocr", {"интруда'РоСсии,": 0.0}, "ФКУ «ГБ МСЭ по Ульяновской области» Минтруда России, бюро № 34", id="glued-listed-words-judged-part-by-part"),
    pytest.param(['ФКУ "ГБ МСЭ по Чивашской Р. еспублике Чивашии" Минтруда России, бюро № 4'], "ocr", {"Р.": 0.4}, "ФКУ «ГБ МСЭ по Чувашской Республике – Чувашии» Минтруда России, бюро № 4", id="split-region-word-vouched-by-subject"),
    pytest.param(["Бюро медико-социальной экспертизы № 7 — филиал Федерального казенного учреждения «Главное бюро медико-социальной экспертизы по Омской области» Министерства труда и социальной защиты Российской Федерации"], "text_layer", {}, "Бюро медико-социальной экспертизы № 7 – филиал Федерального казенного учреждения «Главное бюро медико-социальной экспертизы по Омской области» Министерства труда и социальной защиты Российской Федерации", id="listed-word-printed-capitalised-kept"),
    pytest.param(['ФКУ "ГБ МСЭ по Ульяновской области" Минтруда России, бюро № 34 ох'], "ocr", {"ох": 0.2}, "ФКУ «ГБ МСЭ по Ульяновской области» Минтруда России, бюро № 34", id="scrap-after-complete-name-cut"),
]  # fmt: skip


@pytest.mark.parametrize(("head", "source", "unsure", "expected"), ISSUERS)
def test_issuer_round6(
    head: list[str], source: PageSource, unsure: dict[str, float], expected: str | None
) -> None:
    assert _values(head + CERT, source, unsure)["issuer"] == expected


REGIONS = [
    pytest.param("ФКУ «ГБ МСЭ по Республике Саха (Якития)» Минтруда России", "ФКУ «ГБ МСЭ по Республике Саха (Якутия)» Минтруда России", 1, id="one-letter"),
    pytest.param("ФКУ «ГБ МСЭ по Курской области» Минтруда России", "ФКУ «ГБ МСЭ по Курской области» Минтруда России", 0, id="listed"),
    pytest.param("ФКУ «ГБ МСЭ по Курсной области» Минтруда России", "ФКУ «ГБ МСЭ по Курсной области» Минтруда России", 0, id="between-two-subjects-not-guessed"),
    pytest.param("Бюро № 5 по Ленинскому району – филиал ФКУ «ГБ МСЭ по г. Москве»", "Бюро № 5 по Ленинскому району – филиал ФКУ «ГБ МСЭ по г. Москве»", 0, id="district-before-region"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected", "repaired"), REGIONS)
def test_checked_region(value: str, expected: str, repaired: int) -> None:
    assert checked_region(value)[:2] == (expected, repaired)


NAME_ENDS = [
    pytest.param("ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, бюро № 23 г. Йошкар-Ола", "ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, бюро № 23", id="city-after-unit"),
    pytest.param("ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, оюро № 13", "ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, оюро № 13", id="damaged-unit-kept-for-checks"),
    pytest.param("ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России (Минтруд России)", "ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России (Минтруд России)", id="bracket-kept"),
    pytest.param("Федеральное казенное учреждение «Главное бюро медико-социальной экспертизы по Калининградской области» Министерства труда и социальной защиты Российской Федерации, экспертный состав № 6 СПРАВКА", "Федеральное казенное учреждение «Главное бюро медико-социальной экспертизы по Калининградской области» Министерства труда и социальной защиты Российской Федерации, экспертный состав № 6", id="full-name-then-heading"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NAME_ENDS)
def test_name_end(text: str, expected: str) -> None:
    assert name_end(text) == expected


DATES = [
    pytest.param(["Дата выдачи справки ]3 октября 2025 года"], "issue_date", dt.date(2025, 10, 13), id="bracket-for-one"),
    pytest.param(["Дата выдачи справки /4 октября 2025 года"], "issue_date", dt.date(2025, 10, 14), id="slash-for-one-at-value-start"),
    pytest.param(["Дата рождения «[2 » января 1971 г."], "birth_date", dt.date(1971, 1, 12), id="square-bracket-for-one-in-quotes"),
    pytest.param(["Дата выдачи справки «(6» августа 2021 г."], "issue_date", dt.date(2021, 8, 6), id="round-bracket-for-zero"),
    pytest.param(["Дата установления инвалидности «З» мая 2020 г."], "established_date", dt.date(2020, 5, 3), id="ze-for-three"),
    pytest.param(["Инвалидность установлена на срок до II июля 2027 г."], "valid_until", None, id="two-lookalikes-no-digit-null"),
    pytest.param(["Дата выдачи справки 06 августа 2056 г."], "issue_date", None, id="issue-decades-ahead-null"),
    pytest.param(["Дата установления инвалидности 01.09.2061"], "established_date", None, id="established-decades-ahead-null"),
    pytest.param(["Инвалидность установлена на срок до 01.09.2061"], "valid_until", dt.date(2061, 9, 1), id="term-end-may-be-ahead"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), DATES)
def test_dates_round6(lines: list[str], key: str, expected: dt.date | None) -> None:
    assert _values(CERT + lines)[key] == expected


FOUND = [
    pytest.param("]3 октября 2025", ["2025-10-13"], id="bracket"),
    pytest.param("3/4 октября 2025", ["2025-10-04"], id="fraction-slash-is-no-digit"),
    pytest.param("] ноября 2027", [], id="bracket-alone-is-litter"),
    pytest.param("б августа 2026 г.", ["2026-08-06"], id="be-for-six"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_dates_lookalike_days(text: str, expected: list[str]) -> None:
    assert [d.value.isoformat() for d in find_dates(text)] == expected


NAMES = [
    pytest.param(["Фамилия, имя, отчество (при наличии) Гвелесйани Богдан Никитич"], "ocr", "Гвелесиани Богдан Никитич", id="breve-after-consonant"),
    pytest.param(["Фамилия, имя, отчество (при наличии) Зуев Андрей Сергеевич"], "ocr", "Зуев Андрей Сергеевич", id="breve-after-vowel-kept"),
    pytest.param(["Фамилия, имя, отчество (при наличии): Хабибуллина Любовь Арк адьевна"], "ocr", "Хабибуллина Любовь Аркадьевна", id="patronymic-split-glued"),
    pytest.param(["Выдана [10Ю Мирону Фомичу"], "ocr", None, id="spoilt-surname-before-two-words-null"),
    pytest.param(["Выдана [10Ю Гаврилову Мирону Фомичу"], "ocr", "Гаврилов Мирон Фомич", id="spoilt-scrap-before-a-whole-name"),
    pytest.param(["Выдана гр. Сулейменову Асету"], "ocr", "Сулейменов Асет", id="two-word-name-after-a-plain-hint"),
    pytest.param(["Фамилия, имя, отчество (при наличии): Хабибуллина Любовь Аркадьевна работает"], "ocr", "Хабибуллина Любовь Аркадьевна", id="word-after-whole-name-not-glued"),
    pytest.param(["Выдана Луговой Ульяне Игоревне", "(фамилия, имя, отчество (при наличии))"], "text_layer", None, id="dative-oi-possessive-or-adjectival-null"),
    pytest.param(["Выдана Сабуровой Инессе Кузьминичне", "(фамилия, имя, отчество (при наличии))"], "ocr", "Сабурова Инесса Кузьминична", id="dative-ovoi"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "expected"), NAMES)
def test_names_round6(lines: list[str], source: PageSource, expected: str | None) -> None:
    assert _values(CERT + lines, source)["full_name"] == expected
