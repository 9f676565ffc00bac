"""Family 2: the truth matches what the text layer prints, dates obey the rules, codes give the
status, and the set is laid out as OUT/documents + OUT/truth.jsonl. Deterministic by seed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from mseflow.contract import CONTRACT_KEYS
from mseflow.fixtures import family2
from mseflow.fixtures.family2 import wording
from mseflow.fixtures.family2.facts import snils_valid
from mseflow.fixtures.family2.names import draw_person
from mseflow.fixtures.family2.spelling import spell_date

from .family2_sets import FAMILY2_SEED, read_rows

N_TEXT = 40


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Forty text-layer documents with a raised violation share."""
    out = tmp_path_factory.mktemp("family2_text")
    family2.generate(N_TEXT, FAMILY2_SEED, out, kinds=["text_layer"], violation_share=0.3)
    return out, read_rows(out)[1]


_TEXTS: dict[tuple[str, str, int], str] = {}


def _page_text(folder: Path, row: dict[str, Any]) -> str:
    """The document's text layer, whitespace collapsed (read once per document)."""
    key = (str(folder), row["file"], row["pages"][0])
    if key not in _TEXTS:
        with pdfplumber.open(folder / row["file"]) as pdf:
            text = " ".join(pdf.pages[p - 1].extract_text() or "" for p in row["pages"])
        _TEXTS[key] = " ".join(text.split())
    return _TEXTS[key]


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def test_set_layout_keeps_truth_outside_documents(text_set: tuple[Path, list]) -> None:
    folder, rows = text_set
    meta, _ = read_rows(folder)
    assert meta["family"] == "family2" and meta["synthetic"] is True
    assert sorted(p.name for p in folder.iterdir()) == ["documents", "truth.jsonl"]
    files = sorted(p.name for p in (folder / "documents").iterdir())
    assert "truth.jsonl" not in files
    assert sorted({r["file"] for r in rows}) == [f"documents/{name}" for name in files]
    assert sum(1 for r in rows) >= N_TEXT


def test_records_carry_contract_keys_and_valid_values(text_set: tuple[Path, list]) -> None:
    _, rows = text_set
    for row in rows:
        record = row["record"]
        assert set(record) <= set(CONTRACT_KEYS), row["file"]
        if record["doc_type"] == "other":
            assert row["expected_issue_codes"] == ["not_a_disability_document"]
            assert row["expected_status"] == "needs_review"
            continue
        birth, est = _d(record["birth_date"]), _d(record["established_date"])
        issue, until = _d(record["issue_date"]), _d(record["valid_until"])
        assert birth < issue <= dt.date(2026, 11, 1)
        if est:
            assert birth < est <= issue
        assert record["indefinite"] is (until is None)
        assert record["disability_group"] in (1, 2, 3)
        if record["doc_type"] == "ipra":
            assert snils_valid(record["snils"]) and re.fullmatch(
                r"\d{3}-\d{3}-\d{3} \d{2}", record["snils"]
            )
        else:
            assert record["snils"] is None and re.fullmatch(
                r"МСЭ-20\d\d", record["document_series"]
            )
        if record["incapable_of_work"]:
            assert record["work_restriction_degree"] in (None, 3)
        codes = row["expected_issue_codes"]
        if not codes:
            assert row["expected_status"] == "valid"
            assert until is None or until >= dt.date(2026, 11, 1)
        elif "group_term_mismatch" in codes:
            assert row["expected_status"] == "invalid"
        else:
            assert codes == ["document_expired"] and until < dt.date(2026, 11, 1)
            assert row["expected_status"] == "needs_review"


def test_text_layer_prints_the_truth(text_set: tuple[Path, list]) -> None:
    folder, rows = text_set
    checked = 0
    for row in rows:
        record = row["record"]
        if record["doc_type"] == "other":
            continue
        text = _page_text(folder, row)
        folded = text.casefold()
        name = record["full_name"]
        surname = name.split()[0]
        assert surname.casefold() in folded or row["layout"].endswith("prose"), (row["file"], name)
        number = record["document_number"]
        assert number in text, row["file"]
        if record["snils"]:
            assert record["snils"] in text
        if row["cause_text"]:
            assert " ".join(row["cause_text"].split()[:3]) in text
        words = 1 if row["list_shape"] in ("impairment", "yesno") else 2  # table cells wrap
        for key in ("recommended_conditions", "contraindications", "available_work"):
            for item in record[key]:
                assert " ".join(item.split()[:words]).casefold() in folded, (row["file"], item)
        checked += 1
    assert checked >= 25


def test_unmarked_option_line_keeps_the_date(text_set: tuple[Path, list]) -> None:
    folder, rows = text_set
    found = 0
    for row in rows:
        if row["term_line"] != "option" or row["record"]["indefinite"]:
            continue
        text = _page_text(folder, row)
        assert "бессрочно" in text and wording.OPTION_HINT in text
        assert row["record"]["valid_until"] is not None
        found += 1
    assert found >= 2


def test_distractors_never_set_incapable(text_set: tuple[Path, list]) -> None:
    folder, rows = text_set
    seen = 0
    for row in rows:
        text = _page_text(folder, row).casefold()
        trap = any(w in text for w in ("нетрудоспособност", "не установлена", "не признан"))
        if trap and not row["record"].get("incapable_of_work"):
            seen += 1
    assert seen >= 3
    assert any(r["record"].get("incapable_of_work") for r in rows)


def test_prose_names_are_declined_and_truth_stays_nominative(tmp_path: Path) -> None:
    import random

    rng = random.Random(4)
    people = [draw_person(rng, dt.date(1970, 1, 1), dt.date(2000, 1, 1)) for _ in range(200)]
    women = [p for p in people if p.female and p.patronymic and p.surname[0].endswith("ова")]
    assert women
    woman = women[0]
    assert woman.name("dat").split()[0] == woman.surname[0][:-1] + "ой"
    assert woman.name("gen").split()[2].endswith("ы")
    assert any(p.patronymic is None for p in people)
    assert any("-" in p.surname[0] for p in people)
    assert any("ё" in p.full_name for p in people)


@pytest.mark.parametrize(
    ("style", "printed"),
    [
        ("dots", "01.02.2024"),
        ("dots_g", "01.02.2024 г."),
        ("iso", "2024-02-01"),
        ("spaces", "01 02 2024"),
        ("short_month", "01 февр. 2024"),
        ("long_month", "1 февраля 2024 г."),
        ("quoted", "«01» февраля 2024 г."),
    ],
)
def test_date_spellings(style: str, printed: str) -> None:
    assert spell_date(dt.date(2024, 2, 1), style) == printed


def test_every_cause_maps_onto_the_contract_enum() -> None:
    from mseflow.contract import Cause

    codes = {code for _, code in wording.CAUSES}
    assert codes == {c.value for c in Cause}
    assert len(wording.CAUSES) == len(wording.CAUSE_WEIGHTS)
    texts = " ".join(text for text, _ in wording.CAUSES)
    for phrase in ("Маяк", "Семипалатинском", "особого риска", "военной службы", "Чернобыльской"):
        assert phrase in texts


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    kinds = ["text_layer", "scan_300", "fax_tiff"]
    first = family2.generate(4, 8, tmp_path / "a", kinds=kinds)
    second = family2.generate(4, 8, tmp_path / "b", kinds=kinds)
    assert first == second
    assert (tmp_path / "a/truth.jsonl").read_bytes() == (tmp_path / "b/truth.jsonl").read_bytes()
    names = sorted(p.name for p in (tmp_path / "a/documents").iterdir())
    for name in names:
        a = (tmp_path / "a/documents" / name).read_bytes()
        assert a == (tmp_path / "b/documents" / name).read_bytes(), name
    other = family2.generate(4, 9, tmp_path / "c", kinds=kinds)
    assert [e["record"] for e in other] != [e["record"] for e in first]


@pytest.mark.parametrize("option", [0, 1])
def test_marked_work_option_decides_incapable(option: int) -> None:
    """«Трудовая деятельность: доступна / противопоказана»: only «противопоказана» marked is the note."""
    import io
    import random

    from mseflow.fixtures.family2.facts import draw_case, draw_ipra
    from mseflow.fixtures.family2.generate import Doc, draw_look, draw_pdf

    for attempt in range(200):
        rng = random.Random(f"option/{option}/{attempt}")
        case = draw_case(rng, dt.date(2026, 11, 1))
        ipra = draw_ipra(rng, case, "486n", incapable=bool(option), distractor=False)
        if ipra.work_option == option:
            break
    else:
        pytest.fail("no IPRA with the option line drawn")
    pdf, _, _ = draw_pdf(rng, [Doc("ipra", ipra, draw_look(rng, "ipra"), [], "clean")])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert "доступна / противопоказана" in text
    assert ipra.truth()["incapable_of_work"] is bool(option)
    assert bool(ipra.truth()["contraindications"]) is not bool(option)


def test_expected_verdicts_are_what_the_validators_say() -> None:
    """The truth records, validated by the real rules as of the reference date, give the
    expected status and the expected warning/error codes (info codes aside)."""
    import hashlib
    import random

    from mseflow.contract import Record, Severity
    from mseflow.fixtures.family2.generate import DEFAULT_KIND_MIX, plan_docs, plan_specs
    from mseflow.validators.validate import validate_batch

    ref = dt.date(2026, 11, 1)
    seen: set[str] = set()
    for spec in plan_specs(300, 17, DEFAULT_KIND_MIX, 0.3):
        rng = random.Random(f"mseflow.family2/file/17/{spec.index}")
        docs = plan_docs(rng, ref, spec)
        records = [
            Record(
                source_path=f"f2-{spec.index}.pdf",
                source_sha256=hashlib.sha256(str(spec.index).encode()).hexdigest(),
                pages=[k + 1],
                confidence=1.0,
                pipeline_version="test",
                **(doc.facts.truth() if doc.doc_type != "other" else {"doc_type": "other"}),
            )
            for k, doc in enumerate(docs)
        ]
        for doc, checked in zip(docs, validate_batch(records, today=ref), strict=True):
            codes = sorted(i.code for i in checked.validation.issues if i.severity != Severity.info)
            assert codes == sorted(doc.codes), (spec, doc.doc_type, codes, doc.codes)
            seen.update(codes)
    assert {"document_expired", "group_term_mismatch", "not_a_disability_document"} <= seen
