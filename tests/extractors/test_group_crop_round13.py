"""The group's numeral against the term, round 13 (helper `issuer13`).

A bare Roman numeral whose term fits the neighbour group (Постановление № 588, пп. 9, 13: group
I for 2 years, II and III for 1) is likely a lost or doubled stroke, and is nulled
(:func:`mseflow.extractors.resolve.cross_check_group`). A numeral whose crop the engine read
again alone with the same strokes is :attr:`~mseflow.reading.page.Word.confirmed` (round 14:
an explicit flag, no longer the confidence :data:`mseflow.reading.roman.CONFIRMED` matched
exactly): read twice, it stands, and the term that does not fit is the certificate's fault, which the rule
``group_term_mismatch`` reports (the record is invalid). A page pass's own confidence, even a
high one, is no second reading: those numerals are still checked (a family-10 scan read a
misprinted «I» as «II» at 0.862).
"""

from __future__ import annotations

from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.pipeline import records_from_pages
from mseflow.reading.page import Line, PageSource, PageText, Word
from mseflow.reading.roman import CONFIRMED
from mseflow.settings import Settings

from .pages import LEFT, LINE_H, words_at

HEAD = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2015 № 2431238"]
ONE_YEAR, TWO_YEARS = "01.07.2026", "01.07.2027"


def _page(
    numeral: str, numeral_confidence: float, until: str, source: PageSource, confirmed: bool = True
) -> PageText:
    rows = [
        *HEAD,
        f"Группа инвалидности: {numeral}",
        "Дата установления инвалидности: 23.06.2025",
        f"Инвалидность установлена на срок до: {until}",
    ]
    page = PageText(number=1, source=source, width=595, height=842)
    for i, row in enumerate(rows):
        words = words_at(row, LEFT, 40 + i * LINE_H, 0.95)
        page.lines.append(
            Line(
                tuple(
                    Word(w.text, w.bbox, numeral_confidence, confirmed=confirmed)
                    if w.text == numeral
                    else w
                    for w in words
                )
            )
        )
    return page


ROWS = [
    pytest.param("II", CONFIRMED, True, TWO_YEARS, "ocr", 2, id="II-crop-confirmed-two-year-term-stands"),
    pytest.param("I", CONFIRMED, True, ONE_YEAR, "ocr", 1, id="I-crop-confirmed-one-year-term-stands"),
    pytest.param("II", 0.862, False, TWO_YEARS, "ocr", None, id="II-page-pass-sure-still-checked-null"),
    pytest.param("II", 0.95, False, TWO_YEARS, "ocr", None, id="II-page-pass-surer-still-checked-null"),
    pytest.param("II", 0.84, False, TWO_YEARS, "ocr", None, id="II-below-the-crop-confidence-null"),
    pytest.param("II", CONFIRMED, False, TWO_YEARS, "ocr", None, id="II-page-pass-at-exactly-the-crop-confidence-null"),
    pytest.param("II", 0.9, True, TWO_YEARS, "ocr", 2, id="II-crop-confirmed-whatever-its-confidence-stands"),
    pytest.param("II", CONFIRMED, True, TWO_YEARS, "text_layer", None, id="text-layer-has-no-crop-reading-null"),
    pytest.param("II", CONFIRMED, True, ONE_YEAR, "ocr", 2, id="II-crop-confirmed-fitting-term"),
    pytest.param("II", 0.95, False, ONE_YEAR, "ocr", 2, id="II-page-pass-fitting-term"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("numeral", "confidence", "confirmed", "until", "source", "expected"), ROWS
)
def test_crop_confirmed_numeral_against_the_term(
    numeral: str, confidence: float, confirmed: bool, until: str, source: PageSource, expected: Any
) -> None:
    page = _page(numeral, confidence, until, source, confirmed)
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["disability_group"] == expected


def test_confirmed_numeral_with_a_misfit_term_is_a_validation_issue() -> None:
    page = _page("II", CONFIRMED, TWO_YEARS, "ocr")
    (record,) = records_from_pages([page], "cert.png", "0" * 64, Settings())
    assert record.disability_group == 2
    assert "group_term_mismatch" in {issue.code for issue in record.validation.issues}
    assert record.validation.status == "invalid"


def test_nulled_numeral_raises_no_term_issue() -> None:
    page = _page("II", 0.862, TWO_YEARS, "ocr", confirmed=False)
    (record,) = records_from_pages([page], "cert.png", "0" * 64, Settings())
    assert record.disability_group is None
    assert "group_term_mismatch" not in {issue.code for issue in record.validation.issues}
