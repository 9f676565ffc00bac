"""Round 13: an IPRA scanned in reverse after the certificate in one file, one row per case.

The feeder's output stacked face up reverses the IPRA's pages behind the certificate's: its
running page («ИПРА инвалида № …», Order 486н's page head) comes before its title page. The run
is read from the title page when it names the title page's number; a page naming another IPRA
(or none) is not moved.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors.classify import split_documents

from .pages import make_pages

CERTIFICATE = [
    "Справка, подтверждающая факт установления инвалидности",
    "Серия МСЭ-2026 № 1055478",
    "Группа инвалидности: вторая",
]
TITLE = [
    "Индивидуальная программа реабилитации или абилитации инвалида,",
    "выдаваемая федеральными государственными учреждениями медико-социальной экспертизы",
    "ИПРА инвалида № 2952.17.74/2026 к протоколу проведения медико-социальной экспертизы",
    "1. Дата разработки ИПРА инвалида: 02.06.2026",
]


def _running(number: str) -> list[str]:
    return [
        f"ИПРА инвалида № {number}",
        "Мероприятия профессиональной реабилитации или абилитации",
        "Рекомендуемые условия труда:",
    ]


CASES = [
    pytest.param(
        [CERTIFICATE, _running("2952.17.74/2026"), TITLE],
        [(DocType.mse_certificate, [1]), (DocType.ipra, [3, 2])],
        id="reversed-ipra-after-certificate",
    ),
    pytest.param(
        [CERTIFICATE, TITLE, _running("2952.17.74/2026")],
        [(DocType.mse_certificate, [1]), (DocType.ipra, [2, 3])],
        id="ipra-in-order",
    ),
    pytest.param(
        [CERTIFICATE, _running("1111.1.1/2025"), TITLE],
        [(DocType.mse_certificate, [1]), (DocType.ipra, [2]), (DocType.ipra, [3])],
        id="running-page-of-another-ipra-stays",
    ),
]


@pytest.mark.parametrize(("pages", "want"), CASES)
def test_reversed_ipra_inside_a_file(pages: list[list[str]], want: list[tuple]) -> None:
    spans = split_documents(make_pages(*pages))
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == want
