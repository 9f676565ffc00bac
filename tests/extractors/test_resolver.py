"""The resolver: agreement, conflicts, thresholds, list keys, and candidates in the record."""

from __future__ import annotations

import datetime as dt

import pytest

from mseflow.contract import DocType, Evidence
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan, FieldValue
from mseflow.extractors.resolve import Proposal, resolve
from mseflow.pipeline import build_record

from .pages import make_page


def _p(key: str, value: object, conf: float, method: str = "labelled_line") -> Proposal:
    return Proposal(
        FieldValue(key, value, Evidence(page=1, text=str(value), confidence=conf), method), "x"
    )


def test_agreeing_candidates_raise_confidence() -> None:
    one = resolve("birth_date", [_p("birth_date", dt.date(1980, 1, 2), 0.7)])
    two = resolve(
        "birth_date",
        [
            _p("birth_date", dt.date(1980, 1, 2), 0.7),
            _p("birth_date", dt.date(1980, 1, 2), 0.7, "next_line"),
        ],
    )
    assert one.value == two.value == dt.date(1980, 1, 2)
    assert two.evidence.confidence > one.evidence.confidence
    assert len(two.candidates) == 2


def test_strong_disagreement_is_a_conflict_with_lower_confidence() -> None:
    got = resolve(
        "disability_group", [_p("disability_group", 2, 0.95), _p("disability_group", 3, 0.9)]
    )
    assert got.conflict
    assert got.evidence.model_dump()["conflict"] is True
    assert got.evidence.confidence < 0.9
    assert {c.value for c in got.candidates} == {2, 3}


def test_weak_rival_is_no_conflict() -> None:
    got = resolve(
        "disability_group",
        [_p("disability_group", 2, 0.95), _p("disability_group", 3, 0.5, "prose")],
    )
    assert (got.value, got.conflict) == (2, False)


def test_below_threshold_is_null_but_candidates_kept() -> None:
    got = resolve("full_name", [_p("full_name", "Иванов Иван", 0.6, "ner")])
    assert got.value is None and got.evidence is None
    assert [c.method for c in got.candidates] == ["ner"]


def test_conflict_below_threshold_writes_null_with_conflict_evidence() -> None:
    got = resolve(
        "disability_cause",
        [_p("disability_cause", "chernobyl", 0.9), _p("disability_cause", "other", 0.9)],
    )
    assert got.value is None
    assert got.evidence is not None and got.evidence.model_dump()["conflict"] is True


@pytest.mark.parametrize("key", ["incapable_of_work", "indefinite"])
def test_flags_default_false_and_need_strong_evidence(key: str) -> None:
    assert resolve(key, [_p(key, False, 0.5)]).value is False
    assert resolve(key, [_p(key, True, 0.6)]).value is False
    assert resolve(key, [_p(key, True, 0.95)]).value is True


def test_list_key_takes_best_list_and_joins_same_method() -> None:
    got = resolve(
        "contraindications",
        [
            _p("contraindications", ["работы на высоте"], 0.9, "tick_box"),
            _p("contraindications", ["ночные смены"], 0.8, "tick_box"),
            _p("contraindications", ["что-то из прозы"], 0.5, "prose"),
        ],
    )
    assert got.value == ["работы на высоте", "ночные смены"]
    assert not got.conflict


def test_record_carries_candidates_and_conflict() -> None:
    page = make_page(
        [
            "Справка, подтверждающая факт установления инвалидности",
            "Серия МСЭ-2015 № 2431238",
            "Фамилия, имя, отчество: Иванов Иван Иванович",
            "Группа инвалидности: II (вторая)",
            "Группа инвалидности: III (третья)",
        ]
    )
    span = DocumentSpan(DocType.mse_certificate, [page])
    extraction = extract_fields(span)
    record = build_record(span, extraction, "x.pdf", "0" * 64)
    assert record.disability_group is None
    assert record.evidence["disability_group"].model_dump()["conflict"] is True
    assert sorted(c.value for c in record.candidates["disability_group"]) == [2, 3]
    assert record.candidates["full_name"][0].method == "labelled_line"
    assert record.full_name == "Иванов Иван Иванович"
