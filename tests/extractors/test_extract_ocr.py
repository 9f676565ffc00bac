"""Real Tesseract on a rendered two-page IPRA: splitting, fields and ticked items survive OCR."""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields, split_documents
from mseflow.reading import read_bytes
from mseflow.settings import Settings

from .pages import render_tiff
from .samples import IPRA_P1, IPRA_P2

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ipra():  # noqa: ANN201
    pages = read_bytes(render_tiff(IPRA_P1, IPRA_P2), Settings().reading)
    spans = split_documents(pages)
    assert [(s.doc_type, len(s.pages)) for s in spans] == [(DocType.ipra, 2)]
    return extract_fields(spans[0])


def test_ocr_ipra_fields(ipra) -> None:  # noqa: ANN001
    v = ipra.values
    assert v["full_name"] == "Кузнецов Пётр Алексеевич"
    assert v["birth_date"] == dt.date(1975, 11, 3)
    assert v["document_number"] == "123.4.56/2024"
    assert v["work_restriction_degree"] == 2
    assert v["issue_date"] == dt.date(2024, 3, 14)
    assert ipra.evidence["full_name"].page == 1


def test_ocr_ticked_items(ipra) -> None:  # noqa: ANN001
    v = ipra.values
    assert v["contraindications"] == [
        "работы на высоте",
        "работы, связанные с подъемом и перемещением тяжестей",
        "работа с токсичными веществами",
    ]
    assert v["available_work"] == ["легкий физический труд"]
    assert len(v["recommended_conditions"]) == 2
    assert ipra.evidence["contraindications"].page == 2
