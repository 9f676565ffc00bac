"""Family 10 (hand-written PDF content streams, MuPDF rasters): the generator's own output."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image

from mseflow.contract import Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family10
from mseflow.fixtures.family10 import damage, facts
from mseflow.fixtures.family10.pdfwriter import Page, write_pdf
from mseflow.fixtures.family10.sheet import FACES, fmt_date
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.fixtures.verdicts import expected_status

from .generated import (
    SetsByKind,
    check_same_seed_same_bytes,
    check_set_layout,
    check_verdicts,
    flat,
    one_set_per_kind,
    set_rows,
)

REF = family10.DEFAULT_REFERENCE_DATE


def _text(path: Path, pages: list[int]) -> str:
    with pdfplumber.open(path) as pdf:
        return flat(" ".join(pdf.pages[i - 1].extract_text() or "" for i in pages))


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f10text")
    family10.generate(30, 23, out, kinds=["text_layer"], violation_share=0.4)
    return out, set_rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> SetsByKind:
    return one_set_per_kind(family10.generate, family10.KINDS, tmp_path_factory, "f10", 60)


def test_family10_is_registered_and_writes_the_set_layout(tmp_path: Path) -> None:
    assert "family10" in FAMILIES
    rows = generate_set("family10", 3, 3, tmp_path / "s", kinds=["text_layer"])
    check_set_layout("family10", tmp_path / "s", rows, REF, 3)
    assert (tmp_path / "s").stat().st_mode & 0o777 == 0o700


def test_unknown_kinds_and_n_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        family10.generate(1, 1, tmp_path, kinds=["scan_999"])
    with pytest.raises(ConfigError):
        family10.generate(0, 1, tmp_path)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    check_same_seed_same_bytes(
        lambda out, seed: family10.generate(3, seed, out, kinds=["text_layer", "bad_threshold"]),
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
        keys = facts.IPRA_KEYS if rec["doc_type"] == "ipra" else facts.RECORD_KEYS
        assert set(rec) == {"doc_type", *keys}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        assert not (rec["indefinite"] and (rec["valid_until"] or rec["reexamination_date"]))
        if rec["incapable_of_work"]:
            assert rec["work_restriction_degree"] == 3, row["file"]
        assert row["expected_status"] == expected_status(row["expected_issue_codes"])


def test_verdicts_match_the_validators(text_set) -> None:
    _, rows = text_set
    check_verdicts(rows, REF)
    assert {r["expected_status"] for r in rows} == {"valid", "needs_review", "invalid"}


def test_the_text_layer_prints_every_value_and_item(text_set) -> None:
    out, rows = text_set
    for row in rows:
        text = _text(out / row["file"], row["pages"])
        for key, value in row["printed"].items():
            assert flat(value) in text, (row["file"], key, value)
        for item in row["printed_items"]:
            assert flat(item) in text, (row["file"], item)
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert "инвалидност" not in text.lower() or "МСЭ" not in text
            continue
        assert rec["full_name"] in text
        if rec["document_series"]:
            assert rec["document_series"] in text and rec["document_number"] in text
        if rec["indefinite"]:
            assert "бессрочно" in text.lower()


def test_forms_scenarios_and_layouts_are_mixed(text_set) -> None:
    _, rows = text_set
    layouts = {r["layout"] for r in rows}
    assert {"mse_certificate", "ipra", "other"} <= {lay.split("/")[0] for lay in layouts}
    assert len(layouts) >= 6
    files = {}
    for r in rows:
        files.setdefault(r["file"], []).append(r["record"]["doc_type"])
    assert any(sorted(v) == ["ipra", "mse_certificate"] for v in files.values())


@pytest.mark.parametrize("kind", family10.KINDS)
def test_each_kind_writes_files_that_open(every_kind, kind: str) -> None:
    out, rows = every_kind[kind]
    assert {r["kind"] for r in rows} == {kind}
    path = out / rows[0]["file"]
    data = path.read_bytes()
    last_page = max(p for r in rows for p in r["pages"])
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(data)
        assert len(pdf) == last_page
        bitmap = pdf[0].render(scale=0.2).to_pil()
        assert bitmap.width > 50
        if kind == "rotate_flag":
            assert pdf[0].get_rotation() == 90
            landscape = rows[0]["layout"].endswith("/fgis_table")  # the landscape printout
            assert (bitmap.width > bitmap.height) == landscape  # shown upright
        if kind != "text_layer":
            assert not (pdf[0].get_textpage().get_text_range() or "").strip()
    else:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            frames = getattr(im, "n_frames", 1)
            assert frames == last_page
            assert im.width > 500 and im.height > 500
    spec = damage.KIND_SPECS[kind]
    assert rows[0]["degradation"] == spec.degradation
    assert rows[0]["dpi"] is None if kind == "text_layer" else rows[0]["dpi"][0] == spec.dpi


def test_two_up_puts_two_pages_on_a_sheet() -> None:
    pages = [Image.new("L", (100, 140), 255) for _ in range(3)]
    sheets, groups = damage.two_up(pages, 100)
    assert groups == [[1, 2], [3]]
    assert sheets[0].width > 200 and sheets[0].height == 140


@pytest.mark.parametrize(
    ("style", "printed"),
    [
        ("dots", "05.03.2025"),
        ("dots_g", "05.03.2025 г."),
        ("quoted", "«05» марта 2025 г."),
        ("long", "5 марта 2025 года"),
    ],
)
def test_date_styles(style: str, printed: str) -> None:
    assert fmt_date(dt.date(2025, 3, 5), style) == printed


@pytest.mark.parametrize(
    ("established", "group", "until"),
    [
        (dt.date(2025, 3, 5), 2, dt.date(2026, 4, 1)),
        (dt.date(2025, 3, 5), 1, dt.date(2027, 4, 1)),
        (dt.date(2025, 12, 10), 3, dt.date(2027, 1, 1)),
    ],
)
def test_terms_follow_the_group(established: dt.date, group: int, until: dt.date) -> None:
    assert facts.term_until(established, group) == until


def test_pdf_writer_text_layer_round_trips(tmp_path: Path) -> None:
    page = Page(595, 842)
    page.text(50, 100, "Серия МСЭ-2023 № 0123456 «бессрочно» Ёлкин", FACES["go"], 11)
    path = tmp_path / "p.pdf"
    path.write_bytes(write_pdf([page]))
    assert "Серия МСЭ-2023 № 0123456 «бессрочно» Ёлкин" in _text(path, [1])
    assert write_pdf([page]) == path.read_bytes()


def test_snils_check_number() -> None:
    import random

    value = facts.snils(random.Random(1))
    digits = [int(d) for d in value[:11].replace("-", "")]
    total = sum(d * (9 - i) for i, d in enumerate(digits)) % 101
    assert int(value[-2:]) == (0 if total == 100 else total)


def test_embedded_fonts_carry_no_save_time() -> None:
    from fontTools.ttLib import TTFont

    from mseflow.fixtures.family10.pdfwriter import _subset

    path = FACES["lato"].path
    sub = TTFont(io.BytesIO(_subset(path)))
    assert sub["head"].modified == TTFont(path)["head"].modified


def test_the_issuer_is_kept_as_printed(text_set) -> None:
    out, rows = text_set
    for row in rows:
        issuer = row["record"].get("issuer")
        if issuer:
            assert issuer in _text(out / row["file"], row["pages"]), (row["file"], issuer)
