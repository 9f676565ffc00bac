"""Whole documents built from hand-written lines: splitting and every field."""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields, split_documents

from .pages import make_page, make_pages
from .samples import CERTIFICATE, IPRA_P1, IPRA_P2, OTHER


@pytest.fixture(scope="module")
def spans():  # noqa: ANN201
    pages = make_pages(CERTIFICATE, IPRA_P1, IPRA_P2, OTHER)
    return split_documents(pages)


def test_split_certificate_ipra_other(spans) -> None:  # noqa: ANN001
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == [
        (DocType.mse_certificate, [1]),
        (DocType.ipra, [2, 3]),
        (DocType.other, [4]),
    ]


def test_other_has_no_values(spans) -> None:  # noqa: ANN001
    assert extract_fields(spans[2]).values == {}


CERT_EXPECTED = {
    "full_name": "Смирнова Анна Сергеевна",
    "birth_date": dt.date(1979, 2, 14),
    "document_series": "МСЭ-2015",
    "document_number": "2431238",
    "issuer": "Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России",
    "disability_group": 2,
    "disability_cause": "general_disease",
    "established_date": dt.date(2025, 6, 1),
    "valid_until": dt.date(2026, 7, 1),
    "indefinite": False,
    "reexamination_date": dt.date(2026, 5, 15),
    "issue_date": dt.date(2025, 6, 5),
    "incapable_of_work": False,
    "work_restriction_degree": None,
    "contraindications": [],
}


@pytest.mark.parametrize(("key", "expected"), CERT_EXPECTED.items(), ids=list(CERT_EXPECTED))
def test_certificate_fields(spans, key: str, expected: object) -> None:  # noqa: ANN001
    extraction = extract_fields(spans[0])
    assert extraction.values.get(key) == expected
    if expected not in (None, False, []):
        ev = extraction.evidence[key]
        assert ev.page == 1 and ev.bbox is not None and ev.text


IPRA_EXPECTED = {
    "full_name": "Кузнецов Пётр Алексеевич",
    "birth_date": dt.date(1975, 11, 3),
    "document_number": "123.4.56/2024",
    "issuer": "ФКУ «ГБ МСЭ по Тверской области» Минтруда России",
    "work_restriction_degree": 2,
    "valid_until": dt.date(2025, 4, 1),
    "issue_date": dt.date(2024, 3, 14),
    "incapable_of_work": False,
    "recommended_conditions": [
        "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда",
        "Нуждается в дополнительных перерывах",
    ],
    "contraindications": [
        "работы на высоте",
        "работы, связанные с подъемом и перемещением тяжестей",
        "работа с токсичными веществами",
    ],
    "available_work": ["легкий физический труд"],
}


@pytest.mark.parametrize(("key", "expected"), IPRA_EXPECTED.items(), ids=list(IPRA_EXPECTED))
def test_ipra_fields(spans, key: str, expected: object) -> None:  # noqa: ANN001
    assert extract_fields(spans[1]).values.get(key) == expected


def test_form_version_and_confidence(spans) -> None:  # noqa: ANN001
    cert, ipra = extract_fields(spans[0]), extract_fields(spans[1])
    assert cert.evidence["form_version"].text == "1031н"
    assert ipra.evidence["form_version"].text == "486н"
    assert 0.8 <= cert.confidence <= 1.0 and 0.7 <= ipra.confidence <= 1.0


def test_untitled_page_alone_is_other() -> None:
    assert [s.doc_type for s in split_documents([make_page(OTHER)])] == [DocType.other]


TITLES = [
    [["СПРАВКА", "подтверждающая факт установления инвалидности"], DocType.mse_certificate],
    [["Справка, подтверждающая факт установления инвалидностн"], DocType.mse_certificate],
    [["СПРАВКА", "Серия МСЭ-2015 № 2431238"], DocType.mse_certificate],
    [["Индивидуальная программа реабилитации или абилитацни инвалида"], DocType.ipra],
    [["Индивидуальная программа реабилитации инвалида"], DocType.ipra],
    [
        ["СПРАВКА С МЕСТА РАБОТЫ", "Справка выдана для предъявления по месту требования"],
        DocType.other,
    ],
    [["ПРИКАЗ № 12", "дополнительное соглашение к трудовому договору"], DocType.other],
]


@pytest.mark.parametrize(("lines", "expected"), TITLES)
def test_page_titles(lines: list[str], expected: DocType) -> None:
    assert [s.doc_type for s in split_documents([make_page(lines)])] == [expected]


def test_other_page_after_ipra_starts_other() -> None:
    pages = make_pages(IPRA_P1, ["ПРИКАЗ № 12", "дополнительное соглашение к трудовому договору"])
    assert [s.doc_type for s in split_documents(pages)] == [DocType.ipra, DocType.other]


RUNNING_IPRA = ["ИПРА инвалида № 123.4.56/2024 (продолжение)", *IPRA_P2]
COVER_LETTER = [
    "Начальнику отдела кадров ООО «Ромашка»",
    "Направляем справку МСЭ и программу реабилитации работника для учёта рекомендаций",
    "о противопоказанных видах трудовой деятельности.",
]

LETTER_ON_IPRA = [
    "ИПРА инвалида работника направляем для учёта рекомендаций",
    "о противопоказанных видах трудовой деятельности.",
]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (  # a reversed scan: the IPRA's running page before its title page
            [RUNNING_IPRA, IPRA_P1],
            [(DocType.ipra, [2, 1])],
        ),
        (  # the whole file reversed: IPRA p2, IPRA p1, the certificate
            [RUNNING_IPRA, IPRA_P1, CERTIFICATE],
            [(DocType.ipra, [2, 1]), (DocType.mse_certificate, [3])],
        ),
        (  # a covering letter before the certificate is its own document, in scan order
            [COVER_LETTER, CERTIFICATE, IPRA_P1, RUNNING_IPRA],
            [(DocType.other, [1]), (DocType.mse_certificate, [2]), (DocType.ipra, [3, 4])],
        ),
        (  # in order, nothing moves
            [IPRA_P1, RUNNING_IPRA],
            [(DocType.ipra, [1, 2])],
        ),
        (  # a running line of another IPRA's number is no continuation of this one
            [["ИПРА инвалида № 987.6.54/2023 (продолжение)", *IPRA_P2], IPRA_P1],
            [(DocType.ipra, [1]), (DocType.ipra, [2])],
        ),
    ],
)
def test_reversed_scan_order(pages: list[list[str]], expected: list[tuple]) -> None:
    spans = split_documents(make_pages(*pages))
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == expected


def test_reversed_ipra_keeps_its_work_block() -> None:
    values = extract_fields(split_documents(make_pages(RUNNING_IPRA, IPRA_P1))[0]).values
    assert values["full_name"] == "Кузнецов Пётр Алексеевич"
    assert "работы на высоте" in values["contraindications"]


def test_letter_naming_the_ipra_is_not_read_into_it() -> None:
    """A covering letter that names «ИПРА инвалида» without its number, before the IPRA's
    title page: the IPRA is its own pages, in scan order (the letter itself is left as it
    was classified before: a running IPRA line at a file's start)."""
    spans = split_documents(make_pages(LETTER_ON_IPRA, IPRA_P1, RUNNING_IPRA))
    assert (spans[-1].doc_type, [p.number for p in spans[-1].pages]) == (DocType.ipra, [2, 3])
    assert all(1 not in [p.number for p in s.pages] for s in spans[1:])
