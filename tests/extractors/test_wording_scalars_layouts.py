"""Scalar fields by layout: what a label's next line may give, printed empties, issuers.

One row per wording or layout. The next-line rule: a value on the line under a label
belongs to it only when the label's own line holds nothing but the label (a colon, a
hint), and the line under is not another label (whole, or the first line of a wrapped
one: «Дата очередного» / «переосвидетельствования»), not «Label: value», and not a line
naming a document by its number («Акт освидетельствования № … от …»); a date taken
from the next line must be that line's value, not a date inside a sentence. A printed
empty value («—», «не установлена», «______») is null, and the line below is not read.
OCR-tolerant labels agree word by word: «Акт освидетельствования» is not «Очередное
освидетельствование». Issuers: the 1031н header «ФКУ «ГБ МСЭ по …» Минтруда России»
with the bureau's unit under it («Бюро № 21», «экспертный состав № 4»; the scheme in
``labels/issuer_words.txt``), «Филиал-бюро» damaged by OCR. A wrong value is worse
than a null: rows that cannot be read safely expect None.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.issuer import issuer_reads_as_name

from .pages import make_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2015 № 2431238"]


def _values(
    lines: list[str], source: str = "text_layer", head: list[str] | None = None
) -> dict[str, Any]:
    page = make_page((CERT if head is None else head) + lines, source=source)  # type: ignore[arg-type]
    return extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values


ACT = "Акт освидетельствования № 1193.5.16/2026 от 16.05.2026"

NEXT_LINE = [
    pytest.param(["Дата очередного освидетельствования:", "15.05.2027"], "reexamination_date", dt.date(2027, 5, 15), id="value-under-label"),
    pytest.param(["ДАТА ОЧЕРЕДНОГО ОСВИДЕТЕЛЬСТВОВАНИЯ:", "«15» мая 2027 г."], "reexamination_date", dt.date(2027, 5, 15), id="upper-spelled-under-label"),
    pytest.param(["Дата очередного освидетельствования:", ACT], "reexamination_date", None, id="act-line-under-empty-label"),
    pytest.param(["Дата очередного освидетельствования", "Протокол № 5 от 12.03.2026"], "reexamination_date", None, id="protocol-line-under-empty-label"),
    pytest.param(["Дата очередного освидетельствования -", ACT], "reexamination_date", None, id="dash-is-the-value"),
    pytest.param(["Дата очередного освидетельствования: —", "15.05.2027"], "reexamination_date", None, id="em-dash-is-the-value"),
    pytest.param(["Дата очередного освидетельствования: не установлена", "Дата выдачи справки: 15.05.2021"], "reexamination_date", None, id="not-set-is-the-value"),
    pytest.param(["Дата очередного освидетельствования: не установлена", "Дата выдачи справки: 15.05.2021"], "issue_date", dt.date(2021, 5, 15), id="not-set-leaves-issue"),
    pytest.param(["Дата очередного освидетельствования: ________", "15.05.2027"], "reexamination_date", None, id="underscores-are-the-value"),
    pytest.param(["Дата очередного освидетельствования:", "Дата выдачи справки: 15.05.2021"], "reexamination_date", None, id="labelled-line-under"),
    pytest.param(["Срок действия:", "Дата очередного 25.02.2028г.", "переосвидетельствования"], "valid_until", None, id="wrapped-label-under"),
    pytest.param(["Дата очередного освидетельствования:", "работа возможна с 15.05.2027"], "reexamination_date", None, id="date-inside-a-sentence"),
    pytest.param(["Дата очередного освидетельствования:", "до 01.06.2027"], "reexamination_date", dt.date(2027, 6, 1), id="preposition-then-date"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), NEXT_LINE)
def test_next_line_rule(lines: list[str], key: str, expected: Any) -> None:
    assert _values(lines)[key] == expected


OCR_LABELS = [
    pytest.param([ACT], "reexamination_date", None, id="act-is-not-reexamination"),
    pytest.param(["Акт освидетельствования № 2410.26.66/2010 от 26.04.2010", "Дата выдачи справки: 26.04.2010г."], "reexamination_date", None, id="act-beside-issue"),
    pytest.param(["Дата очередного освидетельствовання: 15.02.2027"], "reexamination_date", dt.date(2027, 2, 15), id="damaged-letter-still-found"),
    pytest.param(["Дата очередноrо освидетельствования: 15.02.2027"], "reexamination_date", dt.date(2027, 2, 15), id="latin-letter-still-found"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "key", "expected"), OCR_LABELS)
def test_ocr_labels_agree_word_by_word(lines: list[str], key: str, expected: Any) -> None:
    assert _values(lines, source="ocr")[key] == expected


ISSUERS = [
    pytest.param(['ФКУ "ГБ МСЭ по Калужской области" Минтруда России', "Бюро № 21"], "ФКУ «ГБ МСЭ по Калужской области» Минтруда России Бюро № 21", "text_layer", id="fku-then-unit-line"),
    pytest.param(["ФКУ «ГБ МСЭ по Республике Карелия» Минтруда России, экспертный состав № 40"], "ФКУ «ГБ МСЭ по Республике Карелия» Минтруда России, экспертный состав № 40", "text_layer", id="fku-unit-same-line"),
    pytest.param(["ФКУ «ГБ МСЭ по Республике Карелия» Минтруда России,", "экспертный состав № 4"], "ФКУ «ГБ МСЭ по Республике Карелия» Минтруда России, экспертный состав № 4", "text_layer", id="fku-comma-unit-line"),
    pytest.param(['ФКУ "ГБ МСЭ по Тверской области" Минтруда России', "Бюро № 7", "993309, г. Тверь, ул. Полевая, д. 104"], "ФКУ «ГБ МСЭ по Тверской области» Минтруда России Бюро № 7", "ocr", id="unit-line-then-address"),
    pytest.param(['Филиал- -бюро № 21 ФКУ "Главное бюро! медико-социальной экспертизы', '| по Алтайскому краю" Минтруда России |'], "Филиал-бюро № 21 ФКУ «Главное бюро медико-социальной экспертизы по Алтайскому краю» Минтруда России", "ocr", id="filial-bureau-ocr-hyphen"),
    pytest.param(["Бюро медико-социальной экспертизы № 17 офтальмологического профиля -", 'филиал федерального казённого учреждения "Главное бюро медико-социальной', 'экспертизы по Калужской области" Министерства труда и социальной защиты Российской Федерации'], "Бюро медико-социальной экспертизы № 17 офтальмологического профиля – филиал федерального казённого учреждения «Главное бюро медико-социальной экспертизы по Калужской области» Министерства труда и социальной защиты Российской Федерации", "text_layer", id="full-name-printed-yo"),
    pytest.param(['ФКУ "ГБ МСЭ по Кировской области" Минтруда России', "Бюро № 25", "Бюро № 26"], "ФКУ «ГБ МСЭ по Кировской области» Минтруда России Бюро № 25", "text_layer", id="one-unit-only"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected", "source"), ISSUERS)
def test_issuer_layouts(lines: list[str], expected: str, source: str) -> None:
    assert _values([], source=source, head=lines + CERT)["issuer"] == expected


def test_unit_after_the_name_is_no_second_name() -> None:
    assert issuer_reads_as_name("ФКУ «ГБ МСЭ по Калужской области» Минтруда России Бюро № 21")
    head = ["Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России", "Бюро № 6", *CERT]
    assert (
        _values([], head=head)["issuer"]
        == "Бюро № 5 – филиал ФКУ «ГБ МСЭ по г. Москве» Минтруда России"
    )
