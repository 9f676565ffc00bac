"""Family 6 (ReportLab + Ghostscript, written blind): determinism, truth, kinds, verdicts, prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PIL import Image

from mseflow.contract import CONTRACT_KEYS, Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family6
from mseflow.fixtures.family6 import people
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.validators import validate_batch

from .generated import set_rows

REF = family6.DEFAULT_REFERENCE_DATE


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f6_text")
    family6.generate(30, 61, out, kinds=["text_layer"], violation_share=0.4)
    return out, set_rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f6_kinds")
    family6.generate(len(family6.KINDS), 7, out)
    return out, set_rows(out)[1]


def test_registered_in_the_sets_and_the_cli(tmp_path: Path) -> None:
    assert "family6" in FAMILIES
    rows = generate_set("family6", 2, 3, tmp_path, kinds=["text_layer"])
    meta, truth = set_rows(tmp_path)
    assert meta["family"] == "family6" and meta["synthetic"] is True
    assert meta["reference_date"] == REF.isoformat()
    assert len(truth) == len(rows) >= 2
    assert all((tmp_path / row["file"]).is_file() for row in truth)


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown kind"):
        family6.generate(1, 1, tmp_path, kinds=["scan_999"])


def test_same_seed_same_bytes_and_truth(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        family6.generate(3, 11, out, kinds=["text_layer", "fax_tiff"])
    assert (a / "truth.jsonl").read_bytes() == (b / "truth.jsonl").read_bytes()
    names = sorted(p.name for p in (a / "documents").iterdir())
    assert names == sorted(p.name for p in (b / "documents").iterdir())
    for name in names:
        assert (a / "documents" / name).read_bytes() == (b / "documents" / name).read_bytes()
    family6.generate(3, 12, tmp_path / "c", kinds=["text_layer", "fax_tiff"])
    assert (tmp_path / "c" / "truth.jsonl").read_bytes() != (a / "truth.jsonl").read_bytes()


def test_truth_rows_hold_every_contract_field_and_validate(text_set) -> None:
    _, rows = text_set
    wanted = {
        "full_name",
        "birth_date",
        "document_series",
        "document_number",
        "issue_date",
        "issuer",
        "disability_group",
        "disability_cause",
        "work_restriction_degree",
        "established_date",
        "valid_until",
        "indefinite",
        "reexamination_date",
        "incapable_of_work",
        "contraindications",
        "recommended_conditions",
        "available_work",
        "snils",
    }
    assert wanted <= set(CONTRACT_KEYS)
    for row in rows:
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert rec == {"doc_type": "other"}
            continue
        assert set(rec) == wanted | {"doc_type"}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        for key in ("birth_date", "issue_date", "established_date", "valid_until"):
            if rec[key] is not None:
                assert dt.date.fromisoformat(rec[key]) <= dt.date(2030, 1, 1)
        assert not (rec["indefinite"] and rec["valid_until"]), row["file"]
        assert row["pages"] and row["pages"] == sorted(row["pages"])


def test_verdicts_are_the_validators_and_violations_are_flagged(text_set) -> None:
    _, rows = text_set
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    scenarios = set()
    for file_rows in by_file.values():
        records = [
            Record(
                source_path="x",
                source_sha256="0" * 64,
                pipeline_version="t",
                confidence=1.0,
                pages=[1],
                **r["record"],
            )
            for r in file_rows
        ]
        for row, rec in zip(file_rows, validate_batch(records, today=REF), strict=True):
            assert rec.validation.status == row["expected_status"], row["file"]
            codes = sorted({i.code for i in rec.validation.issues if i.severity != "info"})
            assert codes == row["expected_issue_codes"]
            scenarios.add(row["scenario"])
            if row["scenario"] == "clean":
                assert set(codes) <= family6.KNOWN_GAPS.get(row["form"], frozenset()), codes
                assert row["expected_status"] == "valid" or row["form"] in family6.KNOWN_GAPS
            elif row["scenario"] == "other":
                assert "not_a_disability_document" in codes
    broken = scenarios - {"clean", "other"}
    assert broken, "a 40 % violation share must break some rule"
    flagged = [r for r in rows if r["scenario"] not in ("clean", "other")]
    assert any(r["expected_status"] != "valid" for r in flagged)


def test_the_text_layer_prints_every_value_and_item(text_set) -> None:
    out, rows = text_set
    checked = 0
    for row in rows:
        if row["record"]["doc_type"] == "other":
            continue
        pdf = pypdfium2.PdfDocument(out / row["file"])
        text = "".join(pdf[i - 1].get_textpage().get_text_range() for i in row["pages"])
        flat = "".join(text.split())
        for key, value in row["printed"].items():
            assert "".join(value.split()) in flat, (row["file"], key, value)
            checked += 1
        for item in row["printed_items"]:
            assert "".join(item.split()) in flat, (row["file"], item)
        rec = row["record"]
        if rec["full_name"] and not row["upper_names"] and row["name_form"] == "nominative":
            assert "".join(rec["full_name"].split()) in flat
        pdf.close()
    assert checked > 100


def test_content_mix(text_set) -> None:
    _, rows = text_set
    forms = {r["form"] for r in rows}
    assert {"1031n", "486n-2019"} <= forms
    assert any(
        len({r["file"] for r in rows if r["file"] == f})
        and sum(1 for r in rows if r["file"] == f) == 2
        for f in {r["file"] for r in rows}
    )
    ipras = [r for r in rows if r["record"]["doc_type"] == "ipra" and r["form"] == "486n-2019"]
    assert ipras and all(r["record"]["contraindications"] for r in ipras)
    incapable = [r for r in rows if r["record"].get("incapable_of_work")]
    for r in incapable:  # only the old forms carry the note, with degree 3
        assert r["form"] in ("1031n-old", "379n") and r["record"]["work_restriction_degree"] == 3


def test_every_kind_is_produced_in_its_format(every_kind) -> None:
    out, rows = every_kind
    assert {r["kind"] for r in rows} == set(family6.KINDS)
    for row in rows:
        path = out / row["file"]
        kind = row["kind"]
        assert row["degradation"] == ("none" if kind == "text_layer" else row["degradation"])
        if path.suffix == ".tif":
            with Image.open(path) as im:
                assert im.mode == "1" and im.info.get("compression") == "group4"
        elif path.suffix in (".png", ".jpg"):
            with Image.open(path) as im:
                assert im.width > 900
        else:
            pdf = pypdfium2.PdfDocument(path)
            assert len(pdf) >= max(row["pages"])
            page_text = pdf[0].get_textpage().get_text_range().strip()
            assert bool(page_text) == (kind == "text_layer"), row["file"]
            pdf.close()
        if kind != "text_layer":
            assert row["rasteriser"] == "ghostscript" and row["damage"]


def test_no_real_person_data(text_set) -> None:
    _, rows = text_set
    surnames = {s for pair in people.SURNAMES for s in pair if s}
    firsts = set(people.MALE_FIRST) | set(people.FEMALE_FIRST)
    patronymics = {p for pair in people.PATRONYMICS for p in pair}
    for row in rows:
        name = row["record"].get("full_name")
        if not name:
            continue
        parts = name.split()
        known = (
            {people.drop_yo(x) for x in surnames | firsts | patronymics}
            | surnames
            | firsts
            | patronymics
        )
        assert all(p in known for p in parts), name
        snils = row["record"]["snils"]
        if snils:
            digits = [int(c) for c in snils[:11] if c.isdigit()]
            total = sum(d * w for d, w in zip(digits, range(9, 0, -1), strict=True))
            check = total if total < 100 else (0 if total in (100, 101) else total % 101)
            assert int(snils[-2:]) == (0 if check == 100 else check)
