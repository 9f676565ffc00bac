"""Round 15: certificates' facts that came back ``other`` (family 13, read for the first time).

* A bureau's letter that gives the certificate's facts as a table: «… в отношении Вашего
  работника установлена инвалидность. Сведения, содержащиеся в справке, …:» and rows «Группа
  инвалидности | вторая группа», «Справка, подтверждающая факт установления инвалидности |
  серия МСЭ-2025 № … от …» (the label's cell and the value's read into one line). No
  «признан инвалидом … группы», no «Выдана справка …»: the letter was read as ``other``.
* A register printout whose dot leaders OCR read as words («СЕРИЯ СПРАВКИ ре аа а мере вя ев :
  МСЭ-2026», the litter at confidence 0.0–0.35): its series line looked like a sentence.
* The FRI extract's title in two pieces («ВЫПИСКА ИЗ» … «РЕЕСТРА ИНВАЛИДОВ», «ФЕДЕРАЛЬНОГО»
  lost to a fax).
"""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType
from mseflow.extractors.bureau_letter import LETTER_TAG, is_bureau_letter
from mseflow.extractors.classify import FRI_TAG, classify_page
from mseflow.pipeline import records_from_pages_safely
from mseflow.reading.page import PageText
from mseflow.settings import Settings

from .pages import make_page, make_unsure_page
from .samples import CERTIFICATE
from .test_printouts_round13 import HR_COVER, LETTER_NOMINATIVE

HEAD = [
    "Министерство труда и социальной защиты Российской Федерации",
    "Бюро № 30 – филиал ФКУ «ГБ МСЭ по Владимирской области» Минтруда России",
    "тел. (8330) 52-92-18, часы приёма: пн–чт 9:00–16:00",
    "Исх. № 367/39-исх от 29.09.2026",
    "Руководителю АО «Волжская ткацкая фабрика»",
    "О предоставлении сведений об инвалидности",
    "На Ваш запрос сообщаем, что по данным бюро медико-социальной экспертизы в отношении Вашего",
    "работника установлена инвалидность. Сведения, содержащиеся в справке, подтверждающей факт",
    "установления инвалидности:",
    "Фамилия, имя, отчество Мельник Зоя Генриховна",
    "Дата рождения 14.07.1977",
]
ROWS = [
    "Справка, подтверждающая факт серия МСЭ-2022 № 6078701 от 06.07.2022",
    "установления инвалидности",
    "Группа инвалидности третья группа",
    "Причина инвалидности общее заболевание",
    "Дата установления инвалидности 06.07.2022",
    "Срок, на который установлена бессрочно",
    "инвалидность",
    "Индивидуальная программа реабилитации или абилитации инвалида выдана на руки гражданину;",
    "Руководитель бюро",
]
LETTER_TABLE = HEAD + ROWS


def _swap(lines: list[str], old: str, new: str) -> list[str]:
    return [line.replace(old, new) for line in lines]


CERTIFICATE_TABLE = [
    "БЮРО № 40 (КАРДИОЛОГИЧЕСКОГО ПРОФИЛЯ) - ФИЛИАЛ ФКУ «ГБ МСЭ ПО ХАБАРОВСКОМУ КРАЮ» МИНТРУДА",
    "СПРАВКА, ПОДТВЕРЖДАЮЩАЯ ФАКТ УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ",
    "СЕРИЯ МСЭ-2021 № 7393956",
    "ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО : Рябинин Роман Валерьевич",
    "ИНВАЛИДНОСТЬ УСТАНОВЛЕНА впервые",
    "ГРУППА ИНВАЛИДНОСТИ третья группа",
    "ДАТА УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ 10 августа 2022 года",
    "СРОК, НА КОТОРЫЙ УСТАНОВЛЕНА ИНВАЛИДНОСТЬ бессрочно",
]
"""A certificate printed as a table under its bureau's name: its label «Срок, на который
установлена инвалидность» is no letter's statement."""

# (id, lines, a bureau's letter with the certificate's facts?)
LETTERS = [
    ("table-letter", LETTER_TABLE, True),
    ("table-letter-upper-case", [line.upper() for line in LETTER_TABLE], True),
    ("fact-misread-in-the-certificate-row", _swap(LETTER_TABLE, "подтверждающая факт серия", "подтверждающая сзак серия"), True),
    ("group-value-a-bar", _swap(LETTER_TABLE, "третья группа", "| группа"), True),
    ("letter-stating-the-group-in-prose", LETTER_NOMINATIVE, True),
    ("refusal", _swap(LETTER_TABLE, "установлена инвалидность.", "инвалидность не установлена."), False),
    ("no-certificate-row", [line for line in LETTER_TABLE if "МСЭ-2022" not in line], False),
    ("no-group-row", [line for line in LETTER_TABLE if not line.startswith("Группа")], False),
    ("no-statement", _swap(LETTER_TABLE, "установлена инвалидность.", "проведена экспертиза."), False),
    ("employer-s-letter-to-the-bureau", HR_COVER, False),
    ("certificate-headed-by-its-bureau", CERTIFICATE, False),
    ("certificate-table-headed-by-its-bureau", CERTIFICATE_TABLE, False),
    ("from-an-employer", _swap(LETTER_TABLE, "Бюро № 30 – филиал ФКУ «ГБ МСЭ по Владимирской области» Минтруда России", "ООО «Волжская ткацкая фабрика», отдел кадров"), False),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "letter"), [pytest.param(*r[1:], id=r[0]) for r in LETTERS])
def test_bureau_letter_with_a_table(lines: list[str], letter: bool) -> None:
    page = make_page(lines)
    assert is_bureau_letter(page) is letter
    if letter:
        assert classify_page(page).doc_type is DocType.mse_certificate
        assert classify_page(page).form == LETTER_TAG


def test_table_letter_gives_the_certificate_record() -> None:
    settings = Settings()
    settings.validation.today = dt.date(2026, 11, 1)
    (record,) = records_from_pages_safely([make_page(LETTER_TABLE)], "x.pdf", "0" * 64, settings)
    assert (record.doc_type, record.form_version) == (DocType.mse_certificate, "bureau-letter")
    assert (record.document_series, record.document_number) == ("МСЭ-2022", "6078701")
    assert record.disability_group == 3
    assert record.issue_date == dt.date(2022, 7, 6)


LITTER = {"ре": 0.1, "аа": 0.35, "а": 0.34, "мере": 0.0, "вя": 0.0, "ев": 0.24}
PRINTOUT = [
    "ДАТА ПЕЧАТИ: 18.10.2026 СТР. 1",
    "УЧРЕЖДЕНИЕ МСЭ : ФКУ «ГБ МСЭ ПО ВЛАДИМИРСКОЙ ОБЛАСТИ»",
    "СЕРИЯ СПРАВКИ ре аа а мере вя ев : МСЭ-2026",
    "НОМЕР СПРАВКИ : 2007506",
    "ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО : ШЕСТАКОВ ЕФИМ НИКИТИЧ",
    "ДАТА УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ : 19.01.2026",
    "ГРУППА ИНВАЛИДНОСТИ : 2",
    "ПРИЧИНА ИНВАЛИДНОСТИ : ОБЩЕЕ ЗАБОЛЕВАНИЕ",
]


def _printout(unsure: dict[str, float], lines: list[str] = PRINTOUT) -> PageText:
    return make_unsure_page(lines, "ocr", unsure)


# (id, page, type)
PRINTOUTS = [
    ("leader-litter-read-unsure", _printout(LITTER), DocType.mse_certificate),
    ("the-same-words-read-surely-make-a-sentence", _printout({}), DocType.other),
    ("no-labels-below", _printout(LITTER, PRINTOUT[:5]), DocType.other),
]  # fmt: skip


@pytest.mark.parametrize(("page", "doc_type"), [pytest.param(*r[1:], id=r[0]) for r in PRINTOUTS])
def test_register_printout_series_line_with_leader_litter(
    page: PageText, doc_type: DocType
) -> None:
    assert classify_page(page).doc_type is doc_type


FRI_PIECES = [
    "ВЫПИСКА ИЗ",
    "№ Показатель",
    "1 ДАТА ФОРМИРОВАНИЯ ВЫПИСКИ",
    "2 ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО",
    "РЕЕСТРА ИНВАЛИДОВ",
    "Сведения об инвалидности",
    "6 ДАТА УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ 23.12.2019",
    "8 ПРИЧИНА ИНВАЛИДНОСТИ общее заболевание",
    "9 ИНВАЛИДНОСТЬ УСТАНОВЛЕНА повторно",
]
ACT_EXTRACT = [
    "ВЫПИСКА ИЗ АКТА ОСВИДЕТЕЛЬСТВОВАНИЯ ГРАЖДАНИНА, ПРИЗНАННОГО ИНВАЛИДОМ",
    "Дата установления инвалидности 23.12.2019",
    "Причина инвалидности общее заболевание",
    "Инвалидность установлена повторно",
]

FRI_WRAPPED = [
    "ВЫПИСКА",
    "из федеральной государственной информационной системы «Федеральный реестр",
    "инвалидов»",
    "№ 33-841560 от 10 октября 2026 г.",
    "Сведения об инвалидности гражданина",
    "4. Группа инвалидности третья",
    "5. Причина инвалидности 01 - общее заболевание",
    "7. Инвалидность установлена на срок бессрочно",
]
"""The extract's full title «Выписка из федеральной государственной информационной системы
«Федеральный реестр инвалидов»» wrapped after «реестр» (f14s9 0007)."""
OTHER_REGISTER = [
    "ВЫПИСКА",
    "из реестра договоров организации",
    "№ 33-841560 от 10 октября 2026 г.",
    *FRI_WRAPPED[4:],
]

# (id, lines, type, form)
FRI = [
    ("title-wrapped-after-register", FRI_WRAPPED, DocType.mse_certificate, FRI_TAG),
    ("another-register-stays-other", OTHER_REGISTER, DocType.other, ""),
    ("title-in-two-pieces", FRI_PIECES, DocType.mse_certificate, FRI_TAG),
    ("no-register-named", [t for t in FRI_PIECES if "РЕЕСТРА" not in t], DocType.other, ""),
    ("no-labels", FRI_PIECES[:6], DocType.other, ""),
    ("act-extract-stays-other", ACT_EXTRACT, DocType.other, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "doc_type", "form"), [pytest.param(*r[1:], id=r[0]) for r in FRI]
)
def test_fri_title_in_pieces(lines: list[str], doc_type: DocType, form: str) -> None:
    found = classify_page(make_page(lines))
    assert (found.doc_type, found.form) == (doc_type, form)
