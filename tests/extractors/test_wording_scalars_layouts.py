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
from dataclasses import replace
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.issuer import issuer_reads_as_name
from mseflow.reading.page import Line, PageText, Word

from .pages import CHAR_W, LEFT, LINE_H, make_page

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


def _cells_page(rows: list[list[tuple[int, str]]], source: str = "text_layer") -> PageText:
    """A page of table rows: each visual line a list of (column, text); columns 150 pt apart."""
    page = PageText(number=1, source=source, width=595, height=842)  # type: ignore[arg-type]
    for i, cells in enumerate([[(0, t)] for t in CERT] + rows):
        words: list[Word] = []
        for column, text in cells:
            x, y = LEFT + 150 * column, 40 + i * LINE_H
            for token in text.split():
                words.append(Word(token, (x, y, x + CHAR_W * len(token), y + 12), 1.0))
                x += CHAR_W * (len(token) + 1)
        page.lines.append(Line(tuple(words)))
    return page


def _cell_values(rows: list[list[tuple[int, str]]], source: str = "text_layer") -> dict[str, Any]:
    span = DocumentSpan(DocType.mse_certificate, [_cells_page(rows, source)])
    return extract_fields(span).values


CELL_LAYOUTS = [
    pytest.param([[(0, "Дата установления"), (1, "08.09.2010")], [(0, "инвалидности")]], "established_date", dt.date(2010, 9, 8), id="value-beside-first-label-line"),
    pytest.param([[(0, "Дата очередного"), (1, "12.08.2027")], [(0, "освидетельствования")]], "reexamination_date", dt.date(2027, 8, 12), id="reexam-beside-first-line"),
    pytest.param([[(0, "Очередное")], [(0, "освидетельствование")], [(0, ACT)]], "reexamination_date", None, id="empty-cell-then-act-line"),
    pytest.param([[(0, "(места"), (2, "Очередное"), (3, "12.08.2027")], [(0, "пребывания)")], [(2, "освидетельствование")]], "reexamination_date", dt.date(2027, 8, 12), id="four-columns-other-label-between"),
    pytest.param([[(0, "Установлена"), (1, "Ш (третья)")], [(0, "группа")], [(0, "инвалидности")]], "disability_group", 3, id="group-three-line-label"),
    pytest.param([[(0, "Степень ограничения"), (1, "2")], [(0, "способности к")], [(0, "трудовой")], [(0, "деятельности")]], "work_restriction_degree", 2, id="degree-four-line-label"),
    pytest.param([[(0, "Дата"), (1, "08.09.2010")], [(0, "установления")], [(0, "инвалидности")]], "established_date", dt.date(2010, 9, 8), id="three-line-label"),
    # «Дата установления» alone is a label of its own (older blanks, round 10): the wrap is
    # shown with a label's first line that is none by itself
    pytest.param([[(0, "Дата очередного"), (1, "12.08.2027")], [(2, "освидетельствования")]], "reexamination_date", None, id="piece-in-another-column-is-no-wrap"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "key", "expected"), CELL_LAYOUTS)
def test_labels_wrapped_in_their_cell(
    rows: list[list[tuple[int, str]]], key: str, expected: Any
) -> None:
    assert _cell_values(rows)[key] == expected


SENTENCES = [
    pytest.param(["Инвалидность установлена 25.04.2010г. бессрочно."], {"established_date": dt.date(2010, 4, 25), "indefinite": True}, id="established-then-indefinite"),
    pytest.param(["ИНВАЛИДНОСТЬ УСТАНОВЛЕНА (ДАТА): 17.8.2026 г."], {"established_date": dt.date(2026, 8, 17)}, id="established-date-hint"),
    pytest.param(["Инвалидность установлена впервые 01.02.2024"], {"established_date": dt.date(2024, 2, 1)}, id="established-first-time"),
    pytest.param(["Инвалидность установлена на срок до 01.03.2025"], {"established_date": None, "valid_until": dt.date(2025, 3, 1)}, id="until-is-not-established"),
    pytest.param(["Инвалидность установлена с 1 февраля 2024 г. по 1 марта 2025 г."], {"established_date": dt.date(2024, 2, 1), "valid_until": dt.date(2025, 3, 1)}, id="two-dates-spelled"),
    pytest.param(["Срок, на который установлена инвалидность:", "с 14.05.2026г. до 01.06.2027г."], {"established_date": dt.date(2026, 5, 14), "valid_until": dt.date(2027, 6, 1)}, id="two-dates-under-term-label"),
    pytest.param(["Листок нетрудоспособности:", "с 14.05.2026г. до 01.06.2026г."], {"established_date": None, "valid_until": None}, id="period-under-other-line"),
    pytest.param(["ИНВАЛИДНОСТЬ УСТАНОВЛЕНА НА СРОК: до 01 апреля 2027 г. / бессрочно"], {"valid_until": dt.date(2027, 4, 1), "indefinite": False}, id="colon-before-do-date-filled"),
    pytest.param(["Дата выдачи справки: 2027- 05-17."], {"issue_date": dt.date(2027, 5, 17)}, id="iso-with-ocr-spaces"),
    pytest.param(["Дата выдачи: 16.05.2072 6г."], {"issue_date": None}, id="year-runs-into-digits"),
    pytest.param(["Дата очередного освидетельствования: № 2481.24.8/2026"], {"reexamination_date": None}, id="number-tail-is-no-date"),
    pytest.param(["Акт освидетельствования № 2041.20.25/2013 от 20.05.2013", "Дата выдачи справки: 20.05.2015"], {"issue_date": None}, id="misread-year-of-decision-day"),
    pytest.param(["Акт освидетельствования № 2041.20.25/2013 от 20.05.2013", "Дата выдачи справки: 22.05.2013"], {"issue_date": dt.date(2013, 5, 22)}, id="issued-days-after-decision"),
    pytest.param(["Акт освидетельствования № 486.3.46/2026 от 21.10.2076", "Дата выдачи справки: 21.10.2026"], {"issue_date": dt.date(2026, 10, 21)}, id="decision-year-misread-not-issue"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), SENTENCES)
def test_date_sentences(lines: list[str], expected: dict[str, Any]) -> None:
    values = _values(lines)
    assert {key: values[key] for key in expected} == expected


GROUP_NOISE = [
    pytest.param(["Группа инвалидности 3. | | |"], 3, id="value-with-full-stop-then-rules"),
    pytest.param(["Группа инвалидности: | |"], None, id="rules-are-no-group"),
    pytest.param(["Группа инвалидности: II. Причина инвалидности: общее заболевание"], 2, id="value-then-next-field"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), GROUP_NOISE)
def test_group_in_ocr_noise(lines: list[str], expected: int | None) -> None:
    assert _values(lines, source="ocr")["disability_group"] == expected


OCR_ISSUERS = [
    pytest.param(["Бюро медико-социальной экспертизы № 36 (смешанного профиля) - филиал", 'федерального казенного учреждения "Главное бюро медико-социальной', 'экспертизы 1 по Ярославской области" Министерства труда и социальной защиты Российской Федерации'], None, id="stray-digit-in-name"),
    pytest.param(["Бюро медико-социальной экспертизы № 36 (смешанного профиля) - филиал", 'федерального казенного-учреждения "Главное бюро медико-социальной', 'экспертизы по Ярославской области" Министерства труда и социальной защиты Российской Федерации'], "Бюро медико-социальной экспертизы № 36 (смешанного профиля) – филиал федерального казенного учреждения «Главное бюро медико-социальной экспертизы по Ярославской области» Министерства труда и социальной защиты Российской Федерации", id="hyphen-joined-words"),
    pytest.param(["Бюро медико-социальной экспертизы № 41 (психиатрического профиля) -", 'федерального казенного учреждения "Главное бюро медико-социальной', 'экспертизы по Чувашской Республике - Чувашии" Министерства труда и социальной защиты Российской Федерации'], None, id="filial-lost"),
    pytest.param(['_ Вюро №. 45- филиал ФКУ "ГБ мсэ по Амурской области" Минтруда России'], None, id="damaged-start-not-cut"),
    pytest.param(['ФКУ "ГБ МСЭ по Ханты-Мансийскому', 'Минтруда авто номному округу - Югре"', "России"], None, id="photo-words-out-of-order"),
    pytest.param(['ФКУ "ГБ МСЭ по Ханты-Мансийскому автономному округу Югре" Минтруда России'], "ФКУ «ГБ МСЭ по Ханты-Мансийскому автономному округу – Югре» Минтруда России", id="region-dash-lost-restored-from-subject-list"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), OCR_ISSUERS)
def test_issuer_ocr_damage_gives_null(lines: list[str], expected: str | None) -> None:
    assert _values([], source="ocr", head=lines + CERT)["issuer"] == expected


CAUSE_LAYOUTS = [
    pytest.param(["7. Причина установления инвалидности: заболевание получено при исполнении", "... обязанностей военной службы (служебных", "... обязанностей) в связи с катастрофой на", "... Чернобыльской АЭС"], "chernobyl", id="four-line-chernobyl"),
    pytest.param(["Причина инвалидности: инвалидность с детства вследствие ранения (контузии, увечья), связанного с боевыми действиями в период Великой Отечественной войны"], "since_childhood", id="p14d-wwii-childhood"),
    pytest.param(["Причина инвалидности: заболевание (травма, увечье) получено при исполнении обязанностей военной службы (служебных обязанностей) в связи с аварией на ПО «Маяк»"], "other", id="mayak-military"),
    pytest.param(["Причина инвалидности: заболевание связано с непосредственным участием в действиях подразделений особого риска"], "other", id="special-risk"),
    pytest.param(["Причина инвалидности: заболевание получено при исполнении обязанностей военной службы (служебных обязанностей) в связи с аварией на Чернобыльской АЭС"], "chernobyl", id="chernobyl-accident"),
    pytest.param(["Причина инвалидности: ранение (контузия, увечье), полученное при защите Отечества"], "military_injury", id="defence-of-fatherland"),
    pytest.param(["Причина инвалидности:", "установлена 26.11.2010 г. бессрочно."], None, id="date-line-is-no-cause"),
    pytest.param(["Причина инвалидности:", "Выдана Ласточкиной Софье Ильиничне"], None, id="label-line-is-no-cause"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), CAUSE_LAYOUTS)
def test_cause_layouts(lines: list[str], expected: str | None) -> None:
    assert _values(lines)["disability_cause"] == expected


INDEFINITE_LAYOUTS = [
    pytest.param(["ИПРА инвалида разработана впервые / повторно (нужное подчеркнуть) на срок до: бессрочно"], True, id="p17-value-after-first-time-hint"),
    pytest.param(["ИПРА инвалида разработана впервые / повторно (нужное подчеркнуть) на срок до ______ / бессрочно"], False, id="p17-blank-option-line"),
    pytest.param(["Инвалидность установлена на срок:", "бессрочно"], True, id="alone-under-term-line"),
    pytest.param(["Дата очередного переосвидетельствования:", "«бессрочно»"], True, id="alone-quoted-under-reexam"),
    pytest.param(["(после предлога «до» указывается первое число месяца либо делается запись:", "бессрочно"], False, id="alone-under-instruction"),
    pytest.param(["Причина инвалидности:", "бессрочно"], False, id="alone-under-other-label"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), INDEFINITE_LAYOUTS)
def test_indefinite_layouts(lines: list[str], expected: bool) -> None:
    assert _values(lines)["indefinite"] is expected


CUT_SHORT_ISSUERS = [
    pytest.param(["Бюро медико-социальной экспертизы № 22 – филиал федерального казённого учреждения"], id="ends-before-the-quoted-name"),
    pytest.param(["Бюро медико-социальной экспертизы № 37 – филиал федерального"], id="ends-on-an-adjective"),
    pytest.param(["Бюро № 19 – филиал ФКУ «ГБ МСЭ по Псковской области» Министерства труда и социальной защиты"], id="ministry-cut-short"),
    pytest.param(["ФКУ «ГБ МСЭ по по Костромской области» Минтруда России, экспертный состав № 3"], id="word-read-twice"),
    pytest.param(["Бюро бюро медико-социальной экспертизы по Чувашской Республике – Чувашии» «Главное Министерства труда"], id="columns-run-together"),
]  # fmt: skip


@pytest.mark.parametrize("lines", CUT_SHORT_ISSUERS)
def test_issuer_cut_short_or_doubled_gives_null(lines: list[str]) -> None:
    """A name that stops mid-phrase or repeats a word is not the bureau's name: null."""
    assert _values([], head=[*lines, "", *CERT])["issuer"] is None


def test_issuer_with_a_doubtful_bureau_number_gives_null() -> None:
    """«№ 31» read as «№ 51» names another bureau: a doubtful digit makes the issuer null."""
    name = "Бюро № 31 – филиал ФКУ «ГБ МСЭ по Костромской области» Минтруда России"
    sure = _values([], source="ocr", head=[name, *CERT])["issuer"]
    assert sure == name
    page = make_page([name, *CERT], source="ocr", confidence=0.96)
    words = [replace(w, confidence=0.8) if w.text == "31" else w for w in page.lines[0].words]
    page.lines[0] = Line(words)
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["issuer"] is None
