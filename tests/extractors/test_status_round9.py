"""Fields that decide a record's status, round 9: group, cause, degree, note, document type.

One row per real variant, built by hand (synthetic lines with consistent boxes,
:mod:`tests.extractors.pages`; a word's OCR confidence set where the row is about it):

* the slab-serif «III» of typewriter and monospace faces read as «Т1Т» / «ТТТ»; a numeral
  read with a low OCR confidence stays null (a floor on it gave a wrong group on a check set);
* the abbreviated labels of register printouts «Гр. инв.» and «Прич. инв.», and the group
  circled among numerals printed side by side («I II III», no separators);
* the degree label wrapped in its cell with the value on its first line («Степень
  ограничения способности к   1» / «трудовой деятельности»), and «з» read for «3» there;
* the incapable note with OCR specks between its words («к трудовои <. деятельности»);
* the certificate whose title's first line («Справка,») a background pattern ate, and a
  series line with fewer than three letters («МС3-2023 №8092075»).

A wrong value is worse than a null: rows that cannot be read safely expect None.
"""

from __future__ import annotations

from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields, split_documents
from mseflow.extractors.base import DocumentSpan
from mseflow.reading.page import Line, OptionMark, PageSource, PageText

from .pages import CHAR_W, LINE_H, make_unsure_page, words_at

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2024 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2026 к протоколу проведения медико-социальной экспертизы",
]
PRINTOUT = ["ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИЛИ АБИЛИТАЦИИ ИНВАЛИДА"]


def _values(
    lines: list[str],
    source: PageSource = "ocr",
    unsure: dict[str, float] | None = None,
    doc_type: DocType = DocType.mse_certificate,
    head: list[str] | None = None,
) -> dict[str, Any]:
    if head is None:
        head = CERT if doc_type == DocType.mse_certificate else IPRA
    page = make_unsure_page([*head, *lines], source, unsure or {})
    return extract_fields(DocumentSpan(doc_type, [page])).values


GROUPS = [
    pytest.param(["Группа инвалидности III"], {"III": 0.45}, None, id="roman-unsure-stays-null"),
    pytest.param(["Группа инвалидности ТТТ группа"], {"ТТТ": 0.9}, 3, id="slab-serif-TTT"),
    pytest.param(["Группа инвалидности: Т1Т"], {"Т1Т": 0.6}, 3, id="slab-serif-T1T"),
    pytest.param(["Группа инвалидности II (вторая)"], {"II": 0.55}, 2, id="roman-and-word-agree"),
    pytest.param(["Группа инвалидности 3"], {"3": 0.3}, None, id="arabic-unsure-stays-null"),
    pytest.param(["Группа инвалидности П"], {"П": 0.4}, None, id="merged-strokes-unsure-stays-null"),
    pytest.param(["Группа инвалидности Ш группа"], {"Ш": 0.4}, None, id="merged-strokes-three-unsure-null"),
    pytest.param(["Гр. инв.: II"], {}, 2, id="abbreviated-label"),
    pytest.param(["Гр. инв. / Group I II III"], {}, None, id="abbreviated-printed-choice-unmarked-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "unsure", "group"), GROUPS)
def test_group_round9(lines: list[str], unsure: dict[str, float], group: int | None) -> None:
    assert _values(lines, unsure=unsure)["disability_group"] == group


def _marked(lines: list[str], line: int, option: str, options: tuple[str, ...]) -> dict[str, Any]:
    page = make_unsure_page([*CERT, *lines], "text_layer", {})
    index = len(CERT) + line
    word = next(w for w in page.lines[index].words if w.text == option)
    page.marks.append(OptionMark(option, "circle", word.bbox, index, options, 0.95))
    return extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values


SPACED = [
    pytest.param("Гр. инв. / Group I II III", "I", ("Гр. инв.", "Group I II III"), 1, id="abbreviated-circled-one"),
    pytest.param("Гр. инв. / Group I II III", "III", ("Гр. инв.", "Group I II III"), 3, id="abbreviated-circled-three"),
    pytest.param("Группа инвалидности I II III", "II", ("Группа инвалидности I II III",), 2, id="spaced-numerals-circled"),
    pytest.param("Группа инвалидности 1 2 3", "2", ("Группа инвалидности 1 2 3",), 2, id="spaced-digits-circled"),
    pytest.param("Группа инвалидности II", "II", ("Группа инвалидности II",), 2, id="lone-numeral-underlined-value"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "option", "options", "group"), SPACED)
def test_group_circled_among_spaced_numerals(
    line: str, option: str, options: tuple[str, ...], group: int
) -> None:
    assert _marked([line], 0, option, options)["disability_group"] == group


def test_spaced_numerals_need_a_group_line() -> None:
    line = "Лист I II III"
    values = _marked([line], 0, "II", (line,))
    assert values["disability_group"] is None


CAUSES = [
    pytest.param("Прич. инв.: общее заболевание", "general_disease", id="abbreviated-label"),
    pytest.param("Прич. инв. / Cause профессиональное заболевание", "occupational_disease", id="abbreviated-bilingual"),
    pytest.param("Прич. инв.: трудовое увечье", "work_injury", id="abbreviated-work-injury"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "cause"), CAUSES)
def test_cause_abbreviated_label(line: str, cause: str) -> None:
    assert _values([line], "text_layer")["disability_cause"] == cause


DEGREES = [
    pytest.param(["Степень ограничения способности к 1", "трудовой деятельности"], {}, 1, id="wrapped-label-value-first-line"),
    pytest.param(["Степень ограничения способности к III", "трудовой деятельности"], {}, 3, id="wrapped-label-roman"),
    pytest.param(["Степень ограничения способности к з", "трудовой деятельности"], {}, 3, id="wrapped-label-ze-for-three"),
    pytest.param(["Степень ограничения способности к з", "трудовой деятельности"], {"з": 0.2}, None, id="wrapped-label-unsure-null"),
    pytest.param(["Степень ограничения способности к 1 / 2 / 3", "трудовой деятельности"], {}, None, id="wrapped-label-printed-choice-null"),
    pytest.param(["Степень ограничения способности к", "трудовой деятельности"], {}, None, id="wrapped-label-no-value"),
    pytest.param(["Степень ограничения способности к 2 работа надомно", "трудовой деятельности"], {}, None, id="wrapped-label-other-words-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "unsure", "degree"), DEGREES)
def test_degree_wrapped_label(
    lines: list[str], unsure: dict[str, float], degree: int | None
) -> None:
    values = _values(lines, unsure=unsure, doc_type=DocType.ipra, head=PRINTOUT)
    assert values["work_restriction_degree"] == degree


NOTES = [
    pytest.param("Заключение: полностью неспособна к трудовои <. деятельности", {"<.": 0.1}, True, id="specks-between-words"),
    pytest.param("Заключение: полностью неспособен к трудовой ‚ деятельности", {"‚": 0.1}, True, id="low-comma-speck"),
    pytest.param("Заключение: неспособна к трудовой <. деятельности не установлена", {}, False, id="specks-negated"),
    pytest.param("Заключение: способна к трудовой <. деятельности", {}, False, id="specks-capable"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "unsure", "incapable"), NOTES)
def test_incapable_with_specks(line: str, unsure: dict[str, float], incapable: bool) -> None:
    values = _values([line], unsure=unsure, doc_type=DocType.ipra, head=PRINTOUT)
    assert values["incapable_of_work"] is incapable


def _page_at(rows: list[tuple[str, float | None]]) -> PageText:
    """A 595-wide OCR page; each row's text at its x (``None``: centred)."""
    page = PageText(number=1, source="ocr", width=595, height=842)
    for i, (text, x) in enumerate(rows):
        left = (595 - CHAR_W * len(text)) / 2 if x is None else x
        page.lines.append(Line(words_at(text, left, 40 + i * LINE_H)))
    return page


BODY = [
    ("Выдана Иванову Ивану Ивановичу", 40.0),
    ("Дата рождения 01.02.1980", 40.0),
    ("Группа инвалидности вторая", 40.0),
]
TITLES = [
    pytest.param([("подтверждающая установления илвалидности", None)], DocType.mse_certificate, id="title-tail-centred-damaged"),
    pytest.param([("подтверждающая факт установления инвалидности", None)], DocType.mse_certificate, id="title-tail-centred"),
    pytest.param([("подтверждающая факт установления инвалидности", 40.0)], DocType.other, id="title-tail-at-margin-not-a-heading"),
    pytest.param([("подтверждающую факт установления инвалидности, серии МСЭ-2021", None)], DocType.other, id="cited-in-a-sentence"),
    pytest.param([("МС3-2023 №8092075", None), ("Группа инвалидности вторая", 40.0), ("Причина инвалидности общее заболевание", 40.0)], DocType.mse_certificate, id="series-line-two-letters"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "doc_type"), TITLES)
def test_certificate_title_lost(rows: list[tuple[str, float | None]], doc_type: DocType) -> None:
    page = _page_at([*rows, *BODY])
    assert [span.doc_type for span in split_documents([page])] == [doc_type]


OLD_IPR = [
    "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА",
    "Карта № 1753 к акту освидетельствования № 10 от 10.05.2011",
]
DEFINITIONS = [
    pytest.param(["Степень ограничения способности к трудовой деятельности: III — неспособность к трудовой деятельности"], 3, True, id="numeral-and-definition"),
    pytest.param(["Степень ограничения способности к трудовой деятельности: $ -= неспособность к трудовой", "деятельности"], 3, True, id="definition-numeral-lost-wrapped"),
    pytest.param(["Степень ограничения способности к трудовой деятельности: третья степень"], 3, False, id="spelled-degree-no-note"),
    pytest.param(["Степень ограничения способности к трудовой деятельности: 3"], 3, False, id="digit-alone-no-note"),
    pytest.param(["Степень ограничения способности к трудовой деятельности: не неспособность к трудовой деятельности"], None, False, id="negated-definition-nothing"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "degree", "incapable"), DEFINITIONS)
def test_old_ipr_degree3_definition(lines: list[str], degree: int | None, incapable: bool) -> None:
    values = _values(lines, "text_layer", doc_type=DocType.ipra, head=OLD_IPR)
    assert values["work_restriction_degree"] == degree
    assert values["incapable_of_work"] is incapable


@pytest.mark.parametrize(
    ("right", "degree"),
    [
        pytest.param(400.0, 1, id="second-column-after-a-cell-gap"),
        pytest.param(None, None, id="label-goes-on-with-words-null"),
    ],
)
def test_degree_wrapped_label_beside_second_column(right: float | None, degree: int | None) -> None:
    page = _page_at([(PRINTOUT[0], 40.0), ("Степень ограничения способности к 1", 40.0)])
    y = 40 + 2 * LINE_H
    tail = words_at("трудовой деятельности", 40.0, y)
    x = 400.0 if right is not None else tail[-1].bbox[2] + CHAR_W
    page.lines.append(Line(tail + words_at("Противопоказано: работа", x, y)))
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert values["work_restriction_degree"] == degree
