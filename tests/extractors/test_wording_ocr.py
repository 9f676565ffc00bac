"""Real Tesseract on a blank-form certificate filled in another way than our generator does.

Letter-spaced title, a bureau name over two lines, the name after «Выдана» in the
dative, an abbreviated month, a Decree 588 cause, the two-date sentence and an ISO
date: every one must come through OCR.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields, split_documents
from mseflow.reading import read_bytes
from mseflow.settings import Settings

from .pages import render_tiff

pytestmark = pytest.mark.slow

BLANK_FORM = [
    "ФКУ «ГБ МСЭ по Калужской",
    "области» Минтруда России",
    "",
    "С П Р А В К А",
    "Серия МСЭ-2019 № 0412345",
    "Выдана Соловьёвой Марии Ивановне",
    "(фамилия, имя, отчество)",
    "Дата рождения 14 февр. 1972 г.",
    "Инвалидность установлена повторно",
    "Группа инвалидности  третья",
    "Причина инвалидности  заболевание получено в период военной службы",
    "Инвалидность установлена с 01.02.2024 до 01.03.2025",
    "Дата очередного освидетельствования 2025-02-01",
]


def test_ocr_blank_form_certificate() -> None:
    pages = read_bytes(render_tiff(BLANK_FORM), Settings().reading)
    spans = split_documents(pages)
    assert [s.doc_type for s in spans] == [DocType.mse_certificate]
    v = extract_fields(spans[0]).values
    assert v["full_name"] == "Соловьёва Мария Ивановна"
    assert v["birth_date"] == dt.date(1972, 2, 14)
    assert (v["document_series"], v["document_number"]) == ("МСЭ-2019", "0412345")
    assert v["issuer"] == "ФКУ «ГБ МСЭ по Калужской области» Минтруда России"
    assert v["disability_group"] == 3
    assert v["disability_cause"] == "military_injury"
    assert v["established_date"] == dt.date(2024, 2, 1)
    assert v["valid_until"] == dt.date(2025, 3, 1)
    assert v["reexamination_date"] == dt.date(2025, 2, 1)
    assert v["incapable_of_work"] is False and v["indefinite"] is False
