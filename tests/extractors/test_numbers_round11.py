"""The certificate's number, round 11 (helper `fields10`): beside a series OCR misread.

1031н prints «Серия МСЭ-____ № _______»; when OCR misreads the series' year («МСЭ-26026») the
series is null, and the seven digits after «№» are still the number.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_page


@pytest.mark.parametrize(
    ("line", "series", "number"),
    [
        ("СЕРИЯ МСЭ-26026 № 9786445", None, "9786445"),
        ("СЕРИЯ МСЭ-2026 № 9786445", "МСЭ-2026", "9786445"),
        ("СЕРИЯ МСЭ-26026 № 97864", None, None),  # not the form's seven digits
    ],
)
def test_number_beside_a_misread_series(line: str, series: str | None, number: str | None) -> None:
    page = make_page(["СПРАВКА", line, "Выдана Воронцов Фёдор Аркадьевич"], source="ocr")
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert (values.get("document_series"), values.get("document_number")) == (series, number)
