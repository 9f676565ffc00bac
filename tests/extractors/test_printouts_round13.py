"""Round 13: the certificate's facts on two other printed forms, one row per wording.

* The extract from the federal register of disabled persons (ФГИС ФРИ; Федеральный закон
  № 181-ФЗ, ст. 5.1; Постановление Правительства РФ № 674 от 16.07.2016): a label | value
  table. Wordings: family 11's «ВЫПИСКА ИЗ ФЕДЕРАЛЬНОГО РЕЕСТРА ИНВАЛИДОВ / Сведения об
  инвалидности» and the register's own printout «ФЕДЕРАЛЬНАЯ ГОСУДАРСТВЕННАЯ ИНФОРМАЦИОННАЯ
  СИСТЕМА / ФЕДЕРАЛЬНЫЙ РЕЕСТР ИНВАЛИДОВ» with its rows «Дата установления инвалидности:»,
  «Группа инвалидности: Вторая группа», «Инвалидность установлена на срок до:», «Дата
  проведения очередного переосвидетельствования:» (FRI XSL-FO template, github
  YuryZje/examples, apache-fop/…/disability-statement/personal-data.xsl).
* An MSE bureau's letter stating the group it established and the certificate it issued.

Both are ``mse_certificate`` records (form versions ``fri-extract`` / ``bureau-letter``);
letters from anyone else, and a bureau's letter that establishes no group, are not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.classify import split_documents
from mseflow.pipeline import records_from_pages_safely
from mseflow.reading.page import Line, PageText
from mseflow.settings import Settings

from .pages import make_page, words_at

D = dt.date

FRI_F11 = [
    "ВЫПИСКА ИЗ ФЕДЕРАЛЬНОГО РЕЕСТРА ИНВАЛИДОВ",
    "СВЕДЕНИЯ ОБ ИНВАЛИДНОСТИ",
    "Дата формирования выписки: 04.10.2026 15:56",
    "ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО ЕФРЕМОВА РАИСА ЛЕОНИДОВНА",
    "ДАТА РОЖДЕНИЯ 02.08.1991",
    "СНИЛС 841-766-247 26",
    "НОМЕР И ДАТА АКТА № 1445.9.59/2026 от 25.09.2026",
    "МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ",
    "ДАТА УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ 25.09.2026",
    "ГРУППА ИНВАЛИДНОСТИ II (вторая)",
    "ПРИЧИНА ИНВАЛИДНОСТИ общее заболевание",
    "СРОК, НА КОТОРЫЙ УСТАНОВЛЕНА ИНВАЛИДНОСТЬ до 01.11.2027",
    "ДАТА ОЧЕРЕДНОГО ПЕРЕОСВИДЕТЕЛЬСТВОВАНИЯ 07.10.2027",
    "СЕРИЯ И НОМЕР СПРАВКИ МСЭ МСЭ-2026 № 2177857",
    "ДАТА ВЫДАЧИ СПРАВКИ МСЭ 29.09.2026",
    "УЧРЕЖДЕНИЕ МСЭ ЭКСПЕРТНЫЙ СОСТАВ № 4 (СМЕШАННОГО ПРОФИЛЯ)",
    "ФКУ «ГБ МСЭ ПО ЯРОСЛАВСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ",
    "Сведения актуальны на дату формирования выписки.",
]
FRI_MIXED = [
    "Выписка из федерального реестра инвалидов",
    "Сведения об инвалидности",
    "Фамилия, имя, отчество Ковальчук Надежда Леонидовна",
    "Дата рождения «02» июля 1980 г.",
    "Дата установления инвалидности «12» января 2020 г.",
    "Группа инвалидности третья группа",
    "Причина инвалидности трудовое увечье",
    "Срок, на который установлена инвалидность БЕССРОЧНО",
    "Серия и номер справки МСЭ МСЭ-2018 № 8879610",
    "Дата выдачи справки МСЭ «12» января 2020 г.",
    "Учреждение МСЭ Экспертный состав № 5 (неврологического профиля)",
    "ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России",
]
FRI_REGISTER = [
    "ФЕДЕРАЛЬНАЯ ГОСУДАРСТВЕННАЯ ИНФОРМАЦИОННАЯ СИСТЕМА",
    "ФЕДЕРАЛЬНЫЙ РЕЕСТР ИНВАЛИДОВ",
    "Иванова Анна Петровна",
    "Дата рождения: 14.03.1975",
    "СНИЛС: 112-233-445 95",
    "Инвалидность установлена: Повторно",
    "Дата установления инвалидности: 10.02.2025",
    "Группа инвалидности: Вторая группа",
    "Причина инвалидности: общее заболевание",
    "Инвалидность установлена на срок до: 01.03.2026",
    "Дата проведения очередного переосвидетельствования: 05.02.2026",
]

LETTER_NOMINATIVE = [
    "Бюро № 34 (неврологического профиля) – филиал ФКУ «ГБ МСЭ по Омской области»",
    "Минтруда России",
    "Исх. № 06-16/954 от 16.04.2026",
    "Генеральному директору ООО «Северная заря»",
    "(по запросу работодателя)",
    "На Ваш запрос сообщаем, что гражданин Мельников Тимофей Витальевич, 9.04.1988 года рождения,",
    "повторно признан инвалидом второй группы 3.02.2026. Причина инвалидности: общее заболевание.",
    "Инвалидность установлена на срок до 1.03.2027. Дата очередного освидетельствования: 11.02.2027.",
    "Выдана справка, подтверждающая факт установления инвалидности, серии МСЭ-2026 № 4976345 от",
    "6.02.2026.",
    "Руководитель бюро М.П.",
]
LETTER_FEMININE_INDEFINITE = [
    "ФКУ «ГБ МСЭ по Республике Хакасия» Минтруда России, бюро № 17 (смешанного профиля)",
    "Исх. № 02-41/377 от 30.04.2026",
    "Генеральному директору ООО «Северная заря»",
    "На Ваш запрос сообщаем, что гражданка Ковальчук Олеся Руслановна, 26.04.1986 года рождения,",
    "впервые признана инвалидом III группы 29.04.2026. Причина инвалидности: инвалидность с детства.",
    "Инвалидность установлена бессрочно. Выдана справка, подтверждающая факт установления",
    "инвалидности, серии МСЭ-2026 № 9596414 от 01.05.2026.",
    "Руководитель бюро М.П.",
]
LETTER_UPPER = [
    "БЮРО МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ № 25 – ФИЛИАЛ ФКУ «ГБ МСЭ ПО ОМСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ",
    "Исх. № 02-99/922 от 29.10.2026",
    "НА ВАШ ЗАПРОС СООБЩАЕМ, ЧТО ГРАЖДАНИН КАЛИНИН ТИМОФЕЙ ГЕННАДЬЕВИЧ, 10.10.1971 ГОДА РОЖДЕНИЯ,",
    "ВПЕРВЫЕ ПРИЗНАН ИНВАЛИДОМ ТРЕТЬЕЙ ГРУППЫ 07.10.2026. ПРИЧИНА ИНВАЛИДНОСТИ: ТРУДОВОЕ УВЕЧЬЕ.",
    "ИНВАЛИДНОСТЬ УСТАНОВЛЕНА НА СРОК ДО 01.11.2027. ВЫДАНА СПРАВКА, ПОДТВЕРЖДАЮЩАЯ ФАКТ",
    "УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ, СЕРИИ МСЭ-2026 № 0548766 ОТ 07.10.2026.",
]
LETTER_GENITIVE = [
    "ФКУ «Главное бюро медико-социальной экспертизы по Курской области» Минтруда России",
    "Исх. № 11/2045 от 12.03.2026",
    "Начальнику отдела кадров АО «Речные верфи»",
    "Сообщаем, что в отношении гражданина Горбунова Артура Эдуардовича, 04.11.1986 года рождения,",
    "установлено: признан инвалидом первой группы 21.01.2026. Причина инвалидности: профессиональное",
    "заболевание. Инвалидность установлена на срок до 01.03.2028. Выдана справка серии МСЭ-2026",
    "№ 7155680 от 23.01.2026.",
]

HR_COVER = [
    "ООО «Северный контур»",
    "Отдел кадров",
    "Исх. № 315-к от 14.05.2026",
    "Руководителю бюро МСЭ № 4 – филиала ФКУ «ГБ МСЭ по Омской области»",
    "Сопроводительное письмо",
    "Сообщаем, что работник Иванов Иван Иванович признан инвалидом второй группы 03.02.2026;",
    "выдана справка, подтверждающая факт установления инвалидности, серии МСЭ-2026 № 4976345",
    "от 06.02.2026. Просим направить индивидуальную программу реабилитации.",
    "Начальник отдела кадров ____________",
]
BUREAU_REFUSAL = [
    "Бюро № 4 – филиал ФКУ «ГБ МСЭ по Кировской области» Минтруда России",
    "Исх. № 04-12/118 от 10.06.2026",
    "На Ваш запрос сообщаем, что гражданин Петров Пётр Петрович, 01.02.1980 года рождения,",
    "по результатам медико-социальной экспертизы 02.06.2026 инвалидом не признан.",
    "Выдана справка о результатах медико-социальной экспертизы от 02.06.2026.",
]
BUREAU_NO_GROUP = [
    "Бюро медико-социальной экспертизы № 4 – филиал ФКУ «ГБ МСЭ по Кировской области» Минтруда России",
    "Исх. № 04-12/119 от 10.06.2026",
    "Сообщаем, что гражданин Петров Пётр Петрович, 01.02.1980 года рождения, направлен на",
    "медико-социальную экспертизу; освидетельствование назначено на 20.06.2026.",
]
BUREAU_UPT = [
    "Бюро медико-социальной экспертизы № 4 – филиал ФКУ «ГБ МСЭ по Кировской области» Минтруда России",
    "СПРАВКА О РЕЗУЛЬТАТАХ УСТАНОВЛЕНИЯ СТЕПЕНИ УТРАТЫ ПРОФЕССИОНАЛЬНОЙ ТРУДОСПОСОБНОСТИ В ПРОЦЕНТАХ",
    "Выдана Петров Пётр Петрович",
    "Степень утраты профессиональной трудоспособности 30 %",
    "Инвалидность не установлена.",
]

DOC_TYPES = [
    pytest.param(FRI_F11, DocType.mse_certificate, id="fri-extract-upper"),
    pytest.param(FRI_MIXED, DocType.mse_certificate, id="fri-extract-mixed-case"),
    pytest.param(FRI_REGISTER, DocType.mse_certificate, id="fri-register-printout"),
    pytest.param(LETTER_NOMINATIVE, DocType.mse_certificate, id="bureau-letter-nominative"),
    pytest.param(LETTER_FEMININE_INDEFINITE, DocType.mse_certificate, id="bureau-letter-feminine-roman"),
    pytest.param(LETTER_UPPER, DocType.mse_certificate, id="bureau-letter-upper-case"),
    pytest.param(LETTER_GENITIVE, DocType.mse_certificate, id="bureau-letter-genitive"),
    pytest.param(HR_COVER, DocType.other, id="hr-letter-to-the-bureau-quoting-group-and-number"),
    pytest.param(BUREAU_REFUSAL, DocType.other, id="bureau-letter-refusing-a-group"),
    pytest.param(BUREAU_NO_GROUP, DocType.other, id="bureau-letter-without-a-group"),
    pytest.param(BUREAU_UPT, DocType.other, id="bureau-upt-certificate-no-disability"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), DOC_TYPES)
def test_document_type(lines: list[str], expected: DocType) -> None:
    assert [s.doc_type for s in split_documents([make_page(lines)])] == [expected]


FIELDS = [
    pytest.param(FRI_F11, {
        "full_name": "ЕФРЕМОВА РАИСА ЛЕОНИДОВНА", "birth_date": D(1991, 8, 2),
        "disability_group": 2, "disability_cause": "general_disease",
        "established_date": D(2026, 9, 25), "valid_until": D(2027, 11, 1), "indefinite": False,
        "reexamination_date": D(2027, 10, 7), "document_series": "МСЭ-2026",
        "document_number": "2177857", "issue_date": D(2026, 9, 29),
        "issuer": "ЭКСПЕРТНЫЙ СОСТАВ № 4 (СМЕШАННОГО ПРОФИЛЯ) ФКУ «ГБ МСЭ ПО ЯРОСЛАВСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ",
    }, id="fri-extract-upper"),
    pytest.param(FRI_MIXED, {
        "full_name": "Ковальчук Надежда Леонидовна", "birth_date": D(1980, 7, 2),
        "disability_group": 3, "disability_cause": "work_injury",
        "established_date": D(2020, 1, 12), "indefinite": True, "valid_until": None,
        "document_series": "МСЭ-2018", "document_number": "8879610", "issue_date": D(2020, 1, 12),
        "issuer": "Экспертный состав № 5 (неврологического профиля) ФКУ «ГБ МСЭ по Пермскому краю» Минтруда России",
    }, id="fri-extract-mixed-case"),
    pytest.param(FRI_REGISTER, {
        "birth_date": D(1975, 3, 14), "disability_group": 2, "disability_cause": "general_disease",
        "established_date": D(2025, 2, 10), "valid_until": D(2026, 3, 1),
        "reexamination_date": D(2026, 2, 5),
    }, id="fri-register-printout"),
    pytest.param(LETTER_NOMINATIVE, {
        "full_name": "Мельников Тимофей Витальевич", "birth_date": D(1988, 4, 9),
        "disability_group": 2, "disability_cause": "general_disease",
        "established_date": D(2026, 2, 3), "valid_until": D(2027, 3, 1),
        "reexamination_date": D(2027, 2, 11), "document_series": "МСЭ-2026",
        "document_number": "4976345", "issue_date": D(2026, 2, 6),
        "issuer": "Бюро № 34 (неврологического профиля) – филиал ФКУ «ГБ МСЭ по Омской области» Минтруда России",
    }, id="bureau-letter-nominative"),
    pytest.param(LETTER_FEMININE_INDEFINITE, {
        "full_name": "Ковальчук Олеся Руслановна", "birth_date": D(1986, 4, 26),
        "disability_group": 3, "disability_cause": "since_childhood",
        "established_date": D(2026, 4, 29), "indefinite": True, "valid_until": None,
        "document_number": "9596414", "issue_date": D(2026, 5, 1),
    }, id="bureau-letter-feminine-roman"),
    pytest.param(LETTER_UPPER, {
        "full_name": "КАЛИНИН ТИМОФЕЙ ГЕННАДЬЕВИЧ", "birth_date": D(1971, 10, 10),
        "disability_group": 3, "disability_cause": "work_injury",
        "issuer": "БЮРО МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ № 25 – ФИЛИАЛ ФКУ «ГБ МСЭ ПО ОМСКОЙ ОБЛАСТИ» МИНТРУДА РОССИИ",
        "established_date": D(2026, 10, 7), "valid_until": D(2027, 11, 1),
        "document_number": "0548766", "issue_date": D(2026, 10, 7),
    }, id="bureau-letter-upper-case"),
    pytest.param(LETTER_GENITIVE, {
        "full_name": "Горбунов Артур Эдуардович", "birth_date": D(1986, 11, 4),
        "disability_group": 1, "disability_cause": "occupational_disease",
        "issuer": "ФКУ «Главное бюро медико-социальной экспертизы по Курской области» Минтруда России",
        "established_date": D(2026, 1, 21), "valid_until": D(2028, 3, 1),
        "document_number": "7155680", "issue_date": D(2026, 1, 23),
    }, id="bureau-letter-genitive"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "want"), FIELDS)
def test_fields(lines: list[str], want: dict[str, Any]) -> None:
    (span,) = split_documents([make_page(lines)])
    values = extract_fields(span).values
    assert {key: values[key] for key in want} == want


VERSIONS = [
    pytest.param(FRI_F11, "fri-extract", id="fri-extract"),
    pytest.param(FRI_REGISTER, "fri-extract", id="fri-register-printout"),
    pytest.param(LETTER_NOMINATIVE, "bureau-letter", id="bureau-letter"),
    pytest.param(LETTER_UPPER, "bureau-letter", id="bureau-letter-upper-case"),
]


@pytest.mark.parametrize(("lines", "want"), VERSIONS)
def test_form_version(lines: list[str], want: str) -> None:
    settings = Settings()
    settings.validation.today = D(2026, 11, 1)
    (record,) = records_from_pages_safely([make_page(lines)], "x.pdf", "0" * 64, settings)
    assert (record.doc_type, record.form_version) == (DocType.mse_certificate, want)


def test_fri_issuer_cell_read_after_the_label_column() -> None:
    """A text layer gives the table's label column first, the value cells after it: the
    bureau's name is the cell in the row of «Учреждение МСЭ», not the line after the label."""
    page = PageText(number=1, source="text_layer", width=595, height=842)
    page.lines.append(Line(words_at("ВЫПИСКА ИЗ ФЕДЕРАЛЬНОГО РЕЕСТРА ИНВАЛИДОВ", 150, 40)))
    labels = ("ГРУППА ИНВАЛИДНОСТИ", "СЕРИЯ И НОМЕР СПРАВКИ МСЭ", "УЧРЕЖДЕНИЕ МСЭ")
    for i, label in enumerate(labels):
        page.lines.append(Line(words_at(label, 40, 80 + 30 * i)))
    values = ("II (вторая)", "МСЭ-2026 № 2177857", "ЭКСПЕРТНЫЙ СОСТАВ № 4 (СМЕШАННОГО ПРОФИЛЯ)")
    for i, value in enumerate(values):
        page.lines.append(Line(words_at(value, 280, 80 + 30 * i)))
    page.lines.append(Line(words_at("ФКУ «ГБ МСЭ ПО ЯРОСЛАВСКОЙ ОБЛАСТИ» МИНТРУДА", 280, 154)))
    page.lines.append(Line(words_at("РОССИИ", 280, 168)))
    page.lines.append(Line(words_at("Сведения актуальны на дату формирования выписки.", 40, 200)))
    (span,) = split_documents([page])
    assert extract_fields(span).values["issuer"] == (
        "ЭКСПЕРТНЫЙ СОСТАВ № 4 (СМЕШАННОГО ПРОФИЛЯ) ФКУ «ГБ МСЭ ПО ЯРОСЛАВСКОЙ ОБЛАСТИ» "
        "МИНТРУДА РОССИИ"
    )


@pytest.mark.parametrize(
    "lines", [pytest.param(FRI_F11, id="fri-extract"), pytest.param(LETTER_NOMINATIVE, id="letter")]
)
def test_certificate_rules_apply(lines: list[str]) -> None:
    """A group II in force on either form gives the certificate's obligations (35-hour week,
    ч. 3 ст. 23 181-ФЗ): the rules are keyed by the document type, not the form."""
    settings = Settings()
    settings.validation.today = D(2026, 11, 1)
    (record,) = records_from_pages_safely([make_page(lines)], "x.pdf", "0" * 64, settings)
    assert "reduced_working_week" in {o.code for o in record.obligations}
