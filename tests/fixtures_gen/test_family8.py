"""Family 8 (hand-written SVG drawn by librsvg, written blind): truth, verdicts, prints, kinds."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageOps

from mseflow.contract import Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family8
from mseflow.fixtures.family8 import facts, layout, names
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.fixtures.verdicts import expected_status

from .generated import check_same_seed_same_bytes, check_set_layout, check_verdicts, set_rows

REF = family8.DEFAULT_REFERENCE_DATE


def _text(path: Path, pages: list[int]) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(pdf.pages[i - 1].extract_text() or "" for i in pages)


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f8_text")
    family8.generate(36, 23, out, kinds=["text_layer"], violation_share=0.45)
    return out, set_rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[dict]]]:
    made = {}
    for kind in family8.KINDS:
        out = tmp_path_factory.mktemp(f"f8_{kind}")
        family8.generate(1, 5, out, kinds=[kind])
        made[kind] = (out, set_rows(out)[1])
    return made


def test_registered_with_private_files(tmp_path: Path) -> None:
    assert "family8" in FAMILIES
    rows = generate_set("family8", 2, 3, tmp_path / "s", kinds=["text_layer"])
    check_set_layout("family8", tmp_path / "s", rows, REF, 2)
    assert set_rows(tmp_path / "s")[0]["documents"] == "documents"


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown kind"):
        family8.generate(1, 1, tmp_path, kinds=["scan_999"])
    with pytest.raises(ConfigError):
        generate_set("family8", 1, 1, tmp_path, kinds=["png"])


def test_same_seed_same_files(tmp_path: Path) -> None:
    check_same_seed_same_bytes(
        lambda out, seed: family8.generate(3, seed, out, kinds=["text_layer", "fax_standard"]),
        tmp_path,
    )


def test_truth_rows_parse_with_the_contract(text_set) -> None:
    _, rows = text_set
    for row in rows:
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert rec == {"doc_type": "other"}
            assert row["expected_issue_codes"] == ["not_a_disability_document"]
            assert row["expected_status"] == "needs_review"
            continue
        assert set(rec) == {"doc_type", *facts.RECORD_KEYS}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        assert not (rec["indefinite"] and (rec["valid_until"] or rec["reexamination_date"]))
        if rec["incapable_of_work"] and row["scenario"] != "incapable_degree":
            assert rec["work_restriction_degree"] == 3, row["file"]
        assert row["expected_status"] == expected_status(row["expected_issue_codes"])


def test_verdicts_match_the_validators(text_set) -> None:
    _, rows = text_set
    check_verdicts(rows, REF)
    statuses = {r["expected_status"] for r in rows}
    assert statuses == {"valid", "needs_review", "invalid"}


def test_the_text_layer_prints_every_value_and_item(text_set) -> None:
    out, rows = text_set
    checked = 0
    for row in rows:
        if row["record"]["doc_type"] == "other":
            continue
        flat = "".join(_text(out / row["file"], row["pages"]).split()).casefold()
        for key, value in row["printed"].items():
            assert "".join(value.split()).casefold() in flat, (row["file"], key, value)
            checked += 1
        for item in row["printed_items"]:  # a wrapped item in a two-column page interleaves
            words = item.casefold().split()
            assert "".join(words) in flat or all(w in flat for w in words), item
        rec = row["record"]
        assert rec["document_number"] in flat
        assert "".join(rec["full_name"].split()).casefold() in flat
        for key in ("contraindications", "recommended_conditions", "available_work"):
            for item in rec[key]:
                assert item in row["printed_items"], item
    assert checked > 100


def test_pdftotext_reads_every_printed_value_too(text_set) -> None:
    """A second reader (poppler, with its own line joining) sees the same values."""
    out, rows = text_set
    for row in rows:
        if row["record"]["doc_type"] == "other":
            continue
        first, last = str(row["pages"][0]), str(row["pages"][-1])
        text = subprocess.run(
            ["pdftotext", "-f", first, "-l", last, str(out / row["file"]), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        flat = "".join(text.split()).casefold()
        for key, value in row["printed"].items():
            assert "".join(value.split()).casefold() in flat, (row["file"], key, value)


def test_pair_ipras_print_their_group(text_set) -> None:
    _, rows = text_set
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    pairs = [r for r in by_file.values() if len(r) == 2]
    assert pairs
    for cert, ipra in pairs:
        assert (
            cert["record"]["doc_type"] == "mse_certificate" and ipra["record"]["doc_type"] == "ipra"
        )
        assert ipra["record"]["disability_group"] is not None
        assert "disability_group" in ipra["printed"]
        assert cert["record"]["issuer"] == ipra["record"]["issuer"]


def test_content_mix(text_set) -> None:
    _, rows = text_set
    assert {"1031n", "486n", "other"} <= {r["form"] for r in rows}
    assert len({r["layout"] for r in rows}) >= 5
    ipras = [r for r in rows if r["form"] == "486n" and r["record"]["contraindications"]]
    assert ipras
    causes = {r["record"].get("disability_cause") for r in rows} - {None}
    assert len(causes) >= 3


def test_old_ipr_and_incapable_conclusion_are_printed() -> None:
    rng = random.Random(8)
    person = names.draw_person(rng, REF)
    old = facts.draw_old_ipr(rng, REF, person)
    drawn = layout.draw_ipra(old, "numbered_form", rng)
    assert drawn.layout == "typewriter_ipr" and old.indefinite
    assert old.truth_record()["disability_group"] == old.group
    incapable = facts.draw_ipra(rng, REF, person, scenario="incapable")
    rec = incapable.truth_record()
    assert rec["incapable_of_work"] and rec["work_restriction_degree"] == 3
    assert rec["contraindications"] == [] and rec["recommended_conditions"] == []


def test_every_kind_is_produced_and_readable(every_kind) -> None:
    assert set(every_kind) == set(family8.KINDS)
    for kind, (out, rows) in every_kind.items():
        row = rows[0]
        path = out / row["file"]
        assert row["kind"] == kind
        if kind == "text_layer":
            assert row["damage"] == [] and row["rasteriser"] is None
        else:
            assert row["rasteriser"] == "rsvg-convert" and row["damage"], kind
        if path.suffix == ".pdf":
            pdf = pdfium.PdfDocument(str(path))
            assert len(pdf) >= max(row["pages"])
            bitmap = pdf[0].render(scale=0.3).to_pil().convert("L")
            assert bitmap.getextrema()[0] < 100, kind  # something dark was drawn
            text = _text(path, [1]).strip()
            assert bool(text) == (kind == "text_layer"), kind
            pdf.close()
            continue
        with Image.open(path) as im:
            im.load()
            if path.suffix == ".tif":
                assert im.n_frames >= max(row["pages"])
            else:
                assert row["pages"] == [1]
            if kind == "fax_standard":
                assert im.mode == "1" and im.info["compression"] == "group3"
                assert tuple(round(x) for x in im.info["dpi"]) == (204, 98)
            if kind == "fax_fine":
                assert im.info["compression"] == "group4"
                assert tuple(round(x) for x in im.info["dpi"]) == (204, 196)
            if kind == "tiff_lzw":
                assert im.info["compression"] == "tiff_lzw"
            if kind == "messenger":
                assert max(im.size) == 1280
            if kind == "photo":
                assert im.getexif()[family8.EXIF_ORIENTATION] == 6
                upright = ImageOps.exif_transpose(im)
                assert upright.size == (im.height, im.width)


def test_names_are_invented() -> None:
    rng = random.Random(3)
    people = [names.draw_person(rng, REF) for _ in range(300)]
    parts = {p for person in people for p in person.full_name.split()}
    assert any("-" in p for p in parts) and any("ё" in p.casefold() for p in parts)
    assert any(person.patronymic is None for person in people)
    assert all(19 <= (REF - p.birth_date).days // 365 <= 67 for p in people)


def test_term_rules() -> None:
    rng = random.Random(5)
    for group in (1, 2, 3):
        for _ in range(40):
            t = facts.draw_term(rng, group, REF)
            assert t.valid_until is not None and t.reexam is not None
            assert t.valid_until.day == 1 and t.valid_until > REF > t.established
            assert facts.add_months(t.reexam, 1) == t.valid_until
            months = (t.valid_until.year - t.established.year) * 12
            months += t.valid_until.month - t.established.month
            assert months == (25 if group == 1 else 13)
    t = facts.draw_term(rng, 2, REF, expired=True)
    assert t.valid_until is not None and REF - dt.timedelta(days=400) < t.valid_until < REF
