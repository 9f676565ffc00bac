"""СНИЛС, round 11 (helper `fields10`): a number whose check holds is kept when OCR doubted it.

486н point «Страховой номер индивидуального лицевого счета» and the register printout's row
of it, read from a dot screen or a faint fax with low word confidence: the check number
vouches for the digits (one misread digit always breaks it). A number whose check fails is
still null, however surely it was read.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_unsure_page

IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2026 к протоколу проведения медико-социальной экспертизы",
]


@pytest.mark.parametrize(
    ("line", "unsure", "want"),
    [
        (
            "7. Страховой номер индивидуального лицевого счета: 839-363-568 52",
            {"839-363-568": 0.2, "52": 0.1},
            "839-363-568 52",
        ),
        (
            "СТРАХОВОЙ НОМЕР ИНДИВИДУАЛЬНОГО ЛИЦЕВОГО СЧЕТА 419-216-347 71",
            {"419-216-347": 0.15, "71": 0.2},
            "419-216-347 71",
        ),
        (  # the check fails: a digit misread («996» for «096»)
            "7. Страховой номер индивидуального лицевого счета: 996-643-682 16",
            {},
            None,
        ),
    ],
)
def test_checked_snils_under_ocr_doubt(
    line: str, unsure: dict[str, float], want: str | None
) -> None:
    page = make_unsure_page([*IPRA, line], "ocr", unsure)
    assert extract_fields(DocumentSpan(DocType.ipra, [page])).values["snils"] == want
