"""Title wordings and layouts of the two forms, one row each: the document type they start."""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors.classify import form_version, split_documents

from .pages import make_page

TITLES = [
    pytest.param(["Справка, подтверждающая факт установления инвалидности"], DocType.mse_certificate, id="1031n"),
    pytest.param(["СПРАВКА,", "ПОДТВЕРЖДАЮЩАЯ ФАКТ", "УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ"], DocType.mse_certificate, id="upper-three-lines"),
    pytest.param(["С П Р А В К А", "Серия МСЭ-2011 N 0123456"], DocType.mse_certificate, id="letter-spaced-series"),
    pytest.param(["ВЫПИСКА ИЗ АКТА ОСВИДЕТЕЛЬСТВОВАНИЯ ГРАЖДАНИНА,", "ПРИЗНАННОГО ИНВАЛИДОМ"], DocType.other, id="1031n-appendix2-vypiska"),
    pytest.param(["Выписка из акта освидетельствования гражданина, признанного инвалидом", "Серия МСЭ-2015 № 1234567", "Группа инвалидности: вторая"], DocType.other, id="vypiska-with-series-and-group"),
    pytest.param(["ВЫПИСКА", "из акта медико-социальной экспертизы гражданина", "Серия МСЭ-2021 № 7654321"], DocType.other, id="vypiska-title-over-two-lines"),
    pytest.param(["Индивидуальная программа", "реабилитации или абилитации инвалида, выдаваемая федеральными", "государственными учреждениями медико-социальной экспертизы"], DocType.ipra, id="486n-three-lines"),
    pytest.param(["ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА"], DocType.ipra, id="379n"),
    pytest.param(["Индивидуальная программа реабилитации или абилитации ребенка-инвалида"], DocType.ipra, id="child"),
    pytest.param(["ЗАЯВЛЕНИЕ", "Прошу учесть рекомендации индивидуальной программы реабилитации"], DocType.other, id="application"),
    pytest.param(["СПРАВКА С МЕСТА РАБОТЫ", "Выдана для предъявления по месту требования"], DocType.other, id="work-reference"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), TITLES)
def test_titles(lines: list[str], expected: DocType) -> None:
    page = make_page(
        ["ФКУ «ГБ МСЭ по Омской области» Минтруда России", *lines, "Дата выдачи: 01.02.2024"]
    )
    assert [s.doc_type for s in split_documents([page])] == [expected]


BODIES = [
    pytest.param(
        [
            "МИНИСТЕРСТВО ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ",
            "_ подтверждающая факт установления |",
            "Серия МСЭ- :2024 № 1525950.",
            "5. Дата установления инвалидности: 02 сентября 2026 г.",
            "Инвалидность установлена на срок до: 01 октября 2027 г.",
        ],
        DocType.mse_certificate,
        id="fax-certificate-title-and-series-damaged",
    ),
    pytest.param(
        [
            "Министерство здравоохранения",
            "Серия МСЭ-2023 № 9894521",
            "1. Ф.И.О. гражданина: Иванова Анна Петровна",
            "6. Установлена группа инвалидности: ПЕРВАЯ",
            "7. Причина установления инвалидности: общее заболевание",
            "8. Дата очередного освидетельствования: 20 марта 2028 г.",
        ],
        DocType.mse_certificate,
        id="photo-certificate-title-lost",
    ),
    pytest.param(
        [
            "Бюро № 3 - филиал ФКУ «ГБ МСЭ по Омской области»",
            "№ 12.3.55/2026 к протоколу проведения медико-социальной экспертизы от 01.02.2026",
            "1. Дата разработки ИПРА: 01.02.2026",
            "16. Перечень ограничений основных категорий жизнедеятельности",
            "18. Дата выдачи ИПРА: 03.02.2026",
        ],
        DocType.ipra,
        id="stamped-ipra-title-lost",
    ),
    pytest.param(
        [
            "ФКУ «ГБ МСЭ по Амурской области» Минтруда России",
            "РЕАБИЛИТАЦИИ ИЛИ АБИЛИТАЦИИ ИНВАЛИДА",
            "ИДУАЛЬНАЯ ПРОГРАММА",
            "выдаваемая федеральными государственными учреждениями медико-социальной экспертизы",
            "3. Пол: мужской / женский",
        ],
        DocType.ipra,
        id="photo-ipra-title-torn-no-certificate-by-subtitle",
    ),
    pytest.param(
        [
            "ЗАЯВЛЕНИЕ",
            "Прошу учесть рекомендации индивидуальной программы реабилитации",
            "при организации моего рабочего места",
        ],
        DocType.other,
        id="application-citing-the-programme",
    ),
    pytest.param(
        [
            "СЛУЖЕБНАЯ ЗАПИСКА",
            "Прошу учесть период временной нетрудоспособности работника",
            "Электронный листок нетрудоспособности № 123456789012 получен через СФР",
            "Пособие по временной нетрудоспособности начислить в установленном порядке",
        ],
        DocType.other,
        id="memo-sick-leave",
    ),
    pytest.param(
        [
            "ВЫПИСНОЙ ЭПИКРИЗ",
            "Листок нетрудоспособности закрыт, приступить к труду",
            "Рекомендовано направление на медико-социальную экспертизу",
            "Инвалидность установлена ранее, группа инвалидности II",
        ],
        DocType.other,
        id="discharge-summary",
    ),
    pytest.param(
        [
            "ПИСЬМО",
            "Сообщаем, что работнику выдана справка серии МСЭ-2021 № 1234567 о том, что",
            "инвалидность установлена, группа инвалидности вторая,",
            "причина инвалидности общее заболевание, дата очередного освидетельствования 2027",
        ],
        DocType.other,
        id="letter-citing-a-certificate",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), BODIES)
def test_pages_without_a_readable_title(lines: list[str], expected: DocType) -> None:
    """Photos and stamped pages lose the title to OCR; the printed points still tell."""
    assert [s.doc_type for s in split_documents([make_page(lines)])] == [expected]


def test_blank_back_page_belongs_to_the_document_before() -> None:
    pages = [
        make_page(
            ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2021 № 1234567"]
        ),
        make_page(["ро"], number=2),
    ]
    spans = split_documents(pages)
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == [
        (DocType.mse_certificate, [1, 2])
    ]


def test_ipra_section_page_continues_the_ipra() -> None:
    pages = [
        make_page(["Индивидуальная программа реабилитации или абилитации инвалида"]),
        make_page(["Заключение о нуждаемости (ненуждаемости) Срок исполнения", "нуждается"], 2),
        make_page(["СЛУЖЕБНАЯ ЗАПИСКА", "Прошу учесть период временной нетрудоспособности"], 3),
    ]
    spans = split_documents(pages)
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == [
        (DocType.ipra, [1, 2]),
        (DocType.other, [3]),
    ]


FORMS = [
    pytest.param(["Индивидуальная программа реабилитации или абилитации ребенка-инвалида"], "486н ребенок", id="child"),
    pytest.param(["ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИЛИ АБИЛИТАЦИИ", "РЕБЁНКА-ИНВАЛИДА"], "486н ребенок", id="child-upper-wrapped-yo"),
    pytest.param(["Приложение № 3 к приказу Минтруда России от 13.06.2017 № 486н", "Индивидуальная программа реабилитации или абилитации ребенка-инвалида"], "486н ребенок", id="child-appendix-line"),
    pytest.param(["Индивидуальная программа реабилитации или абилитации инвалида"], "486н", id="adult"),
    pytest.param(["Приложение № 2 к приказу Минтруда России от 13.06.2017 № 486н", "Индивидуальная программа реабилитации или абилитации инвалида", "Законный представитель ребенка: —"], "486н", id="adult-mentions-a-child-below"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), FORMS)
def test_form_tags(lines: list[str], expected: str) -> None:
    page = make_page([*lines, "Дата выдачи: 01.02.2024"])
    [span] = split_documents([page])
    assert form_version(span)[0] == expected
