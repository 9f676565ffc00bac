"""Round 14 (helper ``status12``): why documents landed in the wrong status.

A blank back of a duplex scan, read by OCR as specks and show-through («— Е абы +- в о Ч
кк …», every word under 0.5 confidence), split an IPRA in two: its first page one IPRA, the
page after the litter another (f11s5 0008, whose incapable conclusion was thereby lost and
``ipra_recommendations_missing`` raised). Litter between two pages of one document belongs
to it; an unreadable page anywhere else stays a document of its own.
"""

from __future__ import annotations

import pytest

from mseflow.extractors.classify import split_documents
from mseflow.reading.page import PageText

from .pages import make_page

IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1318.22.67/2022 к протоколу проведения медико-социальной экспертизы",
    "2. Фамилия, имя, отчество (при наличии): Горбунова Зоя Анатольевна",
]
IPRA_SHEET_2 = [
    "ИПРА инвалида № 1318.22.67/2022",
    "Рекомендации о показанных и противопоказанных видах трудовой деятельности",
    "Заключение: полностью неспособна к трудовой деятельности",
]
OTHER_IPRA_SHEET_2 = ["ИПРА инвалида № 2076.6.57/2025", *IPRA_SHEET_2[1:]]
CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2021 № 1234567"]
CERT_BACK = ["Продолжение справки серии МСЭ-2021 № 1234567", "Руководитель бюро"]
LITTER = [
    "— Е абы +- в о Ч кк",
    "р ; Зырелрыя",
    "2 и. пруеиоеритеереечавеел",
    "= 2 И а ие ЗЫ ро рее еьче",
]
LETTER = ["Уважаемая Зоя Анатольевна, направляем Вам копию приказа о переводе на другую должность"]


def _pages(*sheets: tuple[list[str], float]) -> list[PageText]:
    return [
        make_page(lines, i + 1, "ocr", confidence) for i, (lines, confidence) in enumerate(sheets)
    ]


SPLITS = [
    pytest.param([(IPRA, 0.95), (LITTER, 0.15), (IPRA_SHEET_2, 0.95)], [("ipra", [1, 2, 3])], id="ipra-litter-sheet2"),
    pytest.param([(IPRA, 0.95), (LITTER, 0.15), (LITTER, 0.12), (IPRA_SHEET_2, 0.95)], [("ipra", [1, 2, 3, 4])], id="ipra-two-litter-pages-sheet2"),
    pytest.param([(CERT, 0.95), (LITTER, 0.15), (CERT_BACK, 0.95)], [("mse_certificate", [1, 2, 3])], id="certificate-litter-back"),
    pytest.param([(IPRA, 0.95), (LITTER, 0.15), (OTHER_IPRA_SHEET_2, 0.95)], [("ipra", [1]), ("other", [2]), ("ipra", [3])], id="another-ipra-number-not-bridged"),
    pytest.param([(IPRA, 0.95), (LITTER, 0.95), (IPRA_SHEET_2, 0.95)], [("ipra", [1]), ("other", [2]), ("ipra", [3])], id="sure-words-are-a-page-not-litter"),
    pytest.param([(IPRA, 0.95), (LITTER, 0.15), (LETTER, 0.95), (IPRA_SHEET_2, 0.95)], [("ipra", [1]), ("other", [2, 3]), ("ipra", [4])], id="a-letter-after-the-litter"),
    pytest.param([(CERT, 0.95), (LITTER, 0.15)], [("mse_certificate", [1]), ("other", [2])], id="litter-after-a-certificate-stays-shown"),
    pytest.param([(LITTER, 0.15), (IPRA_SHEET_2, 0.95)], [("other", [1]), ("ipra", [2])], id="litter-first-stays-shown"),
]  # fmt: skip


@pytest.mark.parametrize(("sheets", "want"), SPLITS)
def test_litter_between_pages_of_one_document(
    sheets: list[tuple[list[str], float]], want: list[tuple[str, list[int]]]
) -> None:
    spans = split_documents(_pages(*sheets))
    assert [(s.doc_type.value, [p.number for p in s.pages]) for s in spans] == want


FAX_HEAD = "Леру лая АУ Аа Екавя зкрокохтуракл мяг А кл овал аАТКЬЯЬЯ клона Ол"
"""An IPRA's title as a fine-mode fax (204 × 98 DPI) left it to OCR (family 12, f12s9 0029)."""
PROTOCOL_LINES = [
    pytest.param("ИЕ! А ина лаалых № 2076.6.57/2025 к прозокопну проведистти я маеедазаккс № 517.1.225/2025", "ipra", id="fax-header-line"),
    pytest.param("ИПРА ннвалнда № 1308.1.52/2019 к протоколу проведения МСЭ гражданина № 7.1.52/2019", "ipra", id="ocr-header-line"),
    pytest.param("НОМЕР И ДАТА АКТА МСЭ 1282.7.42/2021 от 28.01.2021 г.", "other", id="act-number-then-date"),
    pytest.param("Исх. № 227/23 к письму от 25.09.2026 г.", "other", id="letter-number-not-dotted"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "want"), PROTOCOL_LINES)
def test_the_ipra_header_line_by_its_number(line: str, want: str) -> None:
    """The 486н header «ИПРА инвалида № … к протоколу …» keeps its digits where OCR lost the
    words; on a page after an unreadable one it starts the IPRA."""
    pages = _pages((LITTER, 0.15), ([FAX_HEAD, line], 0.3))
    spans = split_documents(pages)
    assert [s.doc_type.value for s in spans][-1] == want
