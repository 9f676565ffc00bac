"""Family 7 (WeasyPrint + pdftocairo, written blind): determinism, truth, kinds, verdicts, prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

from mseflow.contract import Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family7
from mseflow.fixtures.family7 import facts, roster
from mseflow.fixtures.sets import FAMILIES, generate_set

from .generated import check_set_layout, check_verdicts, set_rows

REF = family7.DEFAULT_REFERENCE_DATE


def _text(path: Path, pages: list[int]) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(pdf.pages[i - 1].extract_text() or "" for i in pages)


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f7_text")
    family7.generate(18, 71, out, kinds=["text_layer"], violation_share=0.45)
    return out, set_rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f7_kinds")
    family7.generate(len(family7.KINDS), 7, out)
    return out, set_rows(out)[1]


def test_registered_in_the_sets_with_private_files(tmp_path: Path) -> None:
    assert "family7" in FAMILIES
    rows = generate_set("family7", 2, 3, tmp_path / "s", kinds=["text_layer"])
    check_set_layout("family7", tmp_path / "s", rows, REF, 2)


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown kind"):
        family7.generate(1, 1, tmp_path, kinds=["scan_999"])
    with pytest.raises(ConfigError):
        generate_set("family7", 1, 1, tmp_path, kinds=["png"])


def test_same_seed_same_truth_and_text(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out in (a, b):
        family7.generate(3, 11, out, kinds=["text_layer", "fax"])
    assert (a / "truth.jsonl").read_bytes() == (b / "truth.jsonl").read_bytes()
    _, rows = set_rows(a)
    for row in rows:
        if row["kind"] == "text_layer":
            assert _text(a / row["file"], row["pages"]) == _text(b / row["file"], row["pages"])
            assert (a / row["file"]).read_bytes() == (b / row["file"]).read_bytes()
    family7.generate(3, 12, c, kinds=["text_layer", "fax"])
    assert (c / "truth.jsonl").read_bytes() != (a / "truth.jsonl").read_bytes()


def test_truth_rows_parse_with_the_contract(text_set) -> None:
    _, rows = text_set
    for row in rows:
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert rec == {"doc_type": "other"}
            assert row["expected_issue_codes"] == ["not_a_disability_document"]
            continue
        assert set(rec) == {"doc_type", *facts.RECORD_KEYS}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        assert not (rec["indefinite"] and rec["valid_until"]), row["file"]
        assert not (rec["indefinite"] and rec["reexamination_date"]), row["file"]
        if rec["incapable_of_work"]:
            assert row["form"] == "379n" and rec["work_restriction_degree"] == 3
        assert row["pages"] == sorted(row["pages"])


def test_verdicts_match_the_validators_and_violations_are_present(text_set) -> None:
    _, rows = text_set
    check_verdicts(rows, REF)
    for row in rows:
        if row["scenario"] == "clean":
            assert row["expected_status"] == "valid", (row["file"], row["expected_issue_codes"])
    broken = {r["scenario"] for r in rows} - {"clean", "other"}
    assert broken, "a 40 % violation share must break some rule"
    assert any(r["expected_status"] == "invalid" for r in rows) or len(broken) >= 2


def test_the_text_layer_prints_every_value_name_number_and_item(text_set) -> None:
    out, rows = text_set
    checked = 0
    for row in rows:
        if row["record"]["doc_type"] == "other":
            continue
        flat = "".join(_text(out / row["file"], row["pages"]).split())
        for key, value in row["printed"].items():
            assert "".join(value.split()) in flat, (row["file"], key, value)
            checked += 1
        for item in row["printed_items"]:  # a wrapped table cell interleaves with its row
            assert "".join(item.split()) in flat or all(w in flat for w in item.split()), item
        rec = row["record"]
        assert rec["document_number"] in flat
        if row["name_form"] == "nominative":
            assert "".join(rec["full_name"].split()).casefold() in flat.casefold()
        for key in ("contraindications", "recommended_conditions", "available_work"):
            for item in rec[key]:
                assert any(item.casefold() == x.casefold() for x in row["printed_items"]), item
    assert checked > 60


def test_content_mix(text_set) -> None:
    _, rows = text_set
    forms = {r["form"] for r in rows}
    assert {"1031n", "486n-2019", "other"} <= forms
    layouts = {r["layout"] for r in rows}
    assert len(layouts) >= 6
    ipras = [r for r in rows if r["form"] == "486n-2019" and r["scenario"] != "no_work_block"]
    assert ipras and all(r["record"]["contraindications"] for r in ipras)


def test_every_kind_is_produced_and_readable(every_kind) -> None:
    out, rows = every_kind
    assert {r["kind"] for r in rows} == set(family7.KINDS)
    for row in rows:
        path = out / row["file"]
        kind = row["kind"]
        if kind == "text_layer":
            assert row["damage"] == [] and row["rasteriser"] is None
        else:
            assert row["rasteriser"] == "pdftocairo" and row["damage"]
        if path.suffix == ".tif":
            with Image.open(path) as im:
                assert im.n_frames >= max(row["pages"])
                if kind == "fax":
                    assert im.mode == "1" and im.info["compression"] == "group3"
                    assert tuple(round(x) for x in im.info["dpi"]) == tuple(row["dpi"])
                else:
                    assert im.mode == "L" and round(im.info["dpi"][0]) == 240
        elif path.suffix in (".jpg", ".png"):
            with Image.open(path) as im:
                im.load()
                assert im.width > 1000 and row["pages"] == [1]
        else:
            with pdfplumber.open(path) as pdf:
                assert len(pdf.pages) >= max(row["pages"])
                text = (pdf.pages[0].extract_text() or "").strip()
                assert bool(text) == (kind in ("text_layer", "sandwich_pdf")), row["file"]
                if kind not in ("text_layer",):
                    assert pdf.pages[0].images
    bundle = [r for r in rows if r["kind"] == "bundle"]
    assert [r["record"]["doc_type"] for r in bundle] == ["other", "mse_certificate", "ipra"]


def test_names_are_invented() -> None:
    import random

    rng = random.Random(3)
    seen = {roster.draw_person(rng).full_name for _ in range(200)}
    parts = {p for name in seen for p in name.split()}
    assert any("-" in p for p in parts) and any("ё" in p.casefold() for p in parts)
    assert any(len(name.split()) == 2 for name in seen)


def test_term_rules() -> None:
    import random

    rng = random.Random(5)
    for group in (1, 2, 3):
        for _ in range(30):
            t = facts.draw_term(rng, group, REF)
            if t.indefinite:
                assert t.valid_until is None and t.reexam is None
                continue
            assert t.valid_until.day == 1 and t.valid_until > REF
            assert facts.first_of_next_month(t.reexam) == t.valid_until
            assert t.established < REF
    t = facts.draw_term(rng, 2, REF, expired=True)
    assert t.valid_until < REF and t.valid_until > REF - dt.timedelta(days=400)
