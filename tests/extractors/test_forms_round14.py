"""Round 14: one place decides which form a certificate's facts are printed on.

* The FRI extract is the page whose best title match (:func:`classify.title_type`, the
  match that classified the page) is one of :data:`classify.FRI_TITLES`; the form-version
  tag reads that same decision (:attr:`DocumentSpan.form`) instead of matching the titles
  again more loosely. A 1031н certificate that cites «федеральный реестр инвалидов» among
  its top lines is a 1031н certificate (Приказ Минтруда № 1031н, Приложение 1: the
  certificate's own title is its heading).
* A page is judged a bureau's letter once, when it is classified: the form-version tag and
  the term extractor's letter dates read the span's :attr:`DocumentSpan.form`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType
from mseflow.extractors import classify, extract_fields
from mseflow.extractors.bureau_letter import LETTER_TAG
from mseflow.extractors.classify import FRI_TAG, split_documents, title_type
from mseflow.pipeline import records_from_pages_safely
from mseflow.reading.page import PageText
from mseflow.settings import Settings

from .pages import make_page
from .test_printouts_round13 import FRI_F11, FRI_REGISTER, LETTER_NOMINATIVE, LETTER_UPPER

D = dt.date

CERTIFICATE = [
    "Справка, подтверждающая факт установления инвалидности",
    "Серия МСЭ-2026 № 2177857",
    "Сведения внесены в федеральный реестр инвалидов",
    "Выдана Ефремовой Раисе Леонидовне",
    "Дата рождения 02.08.1991",
    "Инвалидность установлена 25.09.2026",
    "Группа инвалидности вторая",
    "Причина инвалидности общее заболевание",
    "Инвалидность установлена на срок до 01.11.2027",
    "Дата очередного освидетельствования 07.10.2027",
]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1445.9.59/2026 к протоколу проведения медико-социальной экспертизы",
]

TITLES = [
    pytest.param(FRI_F11, DocType.mse_certificate, "выписка из федерального реестра инвалидов", True, id="fri-extract"),
    pytest.param(FRI_REGISTER, DocType.mse_certificate, "федеральный реестр инвалидов", True, id="fri-register-printout"),
    pytest.param(CERTIFICATE, DocType.mse_certificate, "справка подтверждающая факт установления инвалидности", False, id="certificate-citing-the-register"),
    pytest.param(IPRA, DocType.ipra, "индивидуальная программа реабилитации или абилитации инвалида", False, id="ipra"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "doc_type", "title", "fri"), TITLES)
def test_title_type_names_the_title_it_matched(
    lines: list[str], doc_type: DocType, title: str, fri: bool
) -> None:
    found = title_type(make_page(lines))
    assert found is not None
    assert (found.doc_type, found.title, found.fri) == (doc_type, title, fri)


FORMS = [
    pytest.param(FRI_F11, FRI_TAG, "fri-extract", id="fri-extract"),
    pytest.param(FRI_REGISTER, FRI_TAG, "fri-extract", id="fri-register-printout"),
    pytest.param(LETTER_NOMINATIVE, LETTER_TAG, "bureau-letter", id="bureau-letter"),
    pytest.param(LETTER_UPPER, LETTER_TAG, "bureau-letter", id="bureau-letter-upper-case"),
    pytest.param(CERTIFICATE, "", "1031n", id="certificate-citing-the-register-is-1031n"),
]


@pytest.mark.parametrize(("lines", "form", "version"), FORMS)
def test_the_span_keeps_the_classified_form(lines: list[str], form: str, version: str) -> None:
    (span,) = split_documents([make_page(lines)])
    assert span.form == form
    settings = Settings()
    settings.validation.today = D(2026, 11, 1)
    (record,) = records_from_pages_safely([make_page(lines)], "x.pdf", "0" * 64, settings)
    assert (record.doc_type, record.form_version) == (DocType.mse_certificate, version)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param([LETTER_NOMINATIVE], id="letter"),
        pytest.param([CERTIFICATE], id="certificate"),
        pytest.param([CERTIFICATE, LETTER_UPPER, IPRA], id="certificate-letter-ipra"),
    ],
)
def test_a_page_is_judged_a_letter_once(
    files: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    judge = classify.is_bureau_letter

    def counted(page: PageText) -> bool:
        calls.append(page.number)
        return judge(page)

    monkeypatch.setattr(classify, "is_bureau_letter", counted)
    pages = [make_page(lines, number=i + 1) for i, lines in enumerate(files)]
    settings = Settings()
    settings.validation.today = D(2026, 11, 1)
    records_from_pages_safely(pages, "x.pdf", "0" * 64, settings)
    assert len(calls) == len(set(calls))


def test_letter_dates_follow_the_span_form() -> None:
    """The letter's own «Исх. № … от 16.04.2026» is not the certificate's issue date: the
    certificate's «от 6.02.2026» stands (read as a letter because its span says so)."""
    (span,) = split_documents([make_page(LETTER_NOMINATIVE)])
    assert extract_fields(span).values["issue_date"] == D(2026, 2, 6)
