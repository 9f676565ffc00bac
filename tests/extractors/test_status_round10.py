"""Fields that decide a record's status, round 10: the captioned group and cause, the
special-risk radiation cause, and the incapable note as the table's remark or OCR-damaged.

One row per real variant (synthetic lines with consistent boxes, :mod:`tests.extractors.pages`;
a word's OCR confidence set where the row is about it):

* the certificate and extract blanks that print the field's name in brackets under the typed
  value («III группа» over «(группа)», «инвалидность с детства» over «(причина установления
  инвалидности)»), the cause wrapped onto two lines over its caption;
* «… при исполнении обязанностей военной службы в подразделениях особого риска» (п. 14 of
  Постановление № 588): a radiation cause, the contract's ``other``, not a military injury;
* the IPRA's «Примечание: трудовая деятельность противопоказана» under item 16, and the
  conclusion with «н» read as «и» («иеспособиость к трудовой деятельиости»).

A wrong value is worse than a null: rows that cannot be read safely expect None / False.
"""

from __future__ import annotations

from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_unsure_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2024 № 2431238"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1234.5.67/2026 к протоколу проведения медико-социальной экспертизы",
]
ESTABLISHED = "Инвалидность установлена 25.11.2022 г."


def _values(
    lines: list[str],
    unsure: dict[str, float] | None = None,
    doc_type: DocType = DocType.mse_certificate,
) -> dict[str, Any]:
    head = CERT if doc_type == DocType.mse_certificate else IPRA
    page = make_unsure_page([*head, *lines], "ocr", unsure or {})
    return extract_fields(DocumentSpan(doc_type, [page])).values


CAPTIONED = [
    pytest.param([ESTABLISHED, "III группа", "(группа)", "общее заболевание", "(причина)"], {}, 3, "general_disease", id="roman-over-short-captions"),
    pytest.param([ESTABLISHED, "2", "(установлена группа инвалидности)", "инвалидность с детства", "(причина установления инвалидности)"], {}, 2, "since_childhood", id="digit-over-long-captions"),
    pytest.param([ESTABLISHED, "I (первая)", "(группа инвалидности)", "профессиональное заболевание", "(причина инвалидности)"], {}, 1, "occupational_disease", id="roman-and-word"),
    pytest.param([ESTABLISHED, "Г (первая)", "(группа инвалидности)", "общее заболеваиие", "(причина инвалидности)"], {}, 1, "general_disease", id="spelled-wins-over-damaged-numeral"),
    pytest.param([ESTABLISHED, "ПТгруппа", "(группа)", "заболевание получено в период военной службы", "(причина установления инвалидности)"], {}, 3, "military_injury", id="merged-strokes-PT"),
    pytest.param([ESTABLISHED, "ТТТ", "(установлена группа инвалидности)", "заболевание, связанное с последствиями радиационных воздействий вследствие", "ядерных испытаний на Семипалатинском полигоне", "(причина инвалидности)"], {}, 3, "other", id="cause-wrapped-over-caption"),
    pytest.param([ESTABLISHED, "3", "(группа инвалидности)", "заболевание, связанное с катастрофой на Чернобыльской АЭС", "(причина установления инвалидности)"], {}, 3, "chernobyl", id="chernobyl-over-caption"),
    pytest.param([ESTABLISHED, "III", "(группа)", "общее заболевание", "(причина)"], {"III": 0.4}, None, "general_disease", id="unsure-numeral-stays-null"),
    pytest.param([ESTABLISHED, "(группа)", "(причина)"], {}, None, None, id="empty-rules-give-nothing"),
    pytest.param([ESTABLISHED, "I, II, III", "(группа)", "общее заболевание / трудовое увечье", "(причина)"], {}, None, None, id="printed-choices-unmarked-null"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "unsure", "group", "cause"), CAPTIONED)
def test_captioned_group_and_cause(
    lines: list[str], unsure: dict[str, float], group: int | None, cause: str | None
) -> None:
    values = _values(lines, unsure)
    assert (values["disability_group"], values["disability_cause"]) == (group, cause)


SPECIAL_RISK = [
    pytest.param(["Причина инвалидности: заболевание получено при исполнении обязанностей военной службы", "в подразделениях особого риска"], "other", id="special-risk-wrapped"),
    pytest.param(["Причина инвалидности: заболевание получено при исполнении обязанностей военной службы в подразделениях особого риска"], "other", id="special-risk-one-line"),
    pytest.param(["Причина инвалидности: заболевание получено при исполнении обязанностей военной службы"], "military_injury", id="military-service-alone"),
    pytest.param(["Причина инвалидности: военная травма"], "military_injury", id="military-trauma"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "cause"), SPECIAL_RISK)
def test_special_risk_cause(lines: list[str], cause: str) -> None:
    assert _values(lines)["disability_cause"] == cause


NOTES = [
    pytest.param("Примечание: трудовая деятельность противопоказана", True, id="remark-contraindicated"),
    pytest.param("Примечание: невозможность (противопоказанность) осуществления трудовой деятельности", True, id="remark-impossibility"),
    pytest.param("Примечание: трудовая деятельность противопоказана в ночное время", False, id="remark-partial"),
    pytest.param("Примечание: трудовая деятельность не противопоказана", False, id="remark-negated"),
    pytest.param("Примечание: трудовая деятельность доступна / противопоказана", False, id="remark-printed-choice"),
    pytest.param("Заключение: иеспособиость к трудовой деятельиости", True, id="n-read-as-i"),
    pytest.param("Заключение: иеспособиость к трудовой деятельиости ие установлена", False, id="n-read-as-i-negated"),
    pytest.param("Заключение: способность к трудовой деятельиости", False, id="n-read-as-i-capable"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "incapable"), NOTES)
def test_incapable_note_round10(line: str, incapable: bool) -> None:
    lines = ["Способность к трудовой деятельности 3", line]
    assert _values(lines, doc_type=DocType.ipra)["incapable_of_work"] is incapable


DEGREES = [
    pytest.param(["третья степень", "(степень ограничения способности к трудовой деятельности)"], {}, 3, id="spelled-over-caption"),
    pytest.param(["2", "(степень ограничения способности к труду)"], {}, 2, id="digit-over-short-caption"),
    pytest.param(["(место жительства)", "(степень ограничения способности к трудовой деятельности)"], {}, None, id="empty-rule-null"),
    pytest.param(["1 / 2 / 3", "(степень ограничения способности к трудовой деятельности)"], {}, None, id="printed-choice-null"),
    pytest.param(["Степень ограничения способности к труду: ТТТ степень"], {}, 3, id="slab-serif-TTT-short-label"),
    pytest.param(["способности к трудовой деятельности: ТТ степень"], {}, 2, id="slab-serif-TT-row"),
    pytest.param(["способности к трудовой деятельности: ТТ степень"], {"ТТ": 0.3}, None, id="slab-serif-unsure-null"),
    pytest.param(["Способность к трудовой деятельности II (первая)"], {}, None, id="numeral-and-word-disagree-null"),
    pytest.param(["Способность к трудовой деятельности II (вторая)"], {}, 2, id="numeral-and-word-agree"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "unsure", "degree"), DEGREES)
def test_degree_round10(lines: list[str], unsure: dict[str, float], degree: int | None) -> None:
    values = _values(lines, unsure, doc_type=DocType.ipra)
    assert values["work_restriction_degree"] == degree
