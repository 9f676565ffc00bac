"""Family 12 (typeset with Typst, scans rasterised by PDFium and damaged): the generator's output."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
import typst
from PIL import Image

from mseflow.contract import Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family12
from mseflow.fixtures.family12 import damage, markup, plan
from mseflow.fixtures.family12.people import Person, first_of_next_month, fmt_date, snils
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.fixtures.verdicts import expected_status

from .generated import (
    SetsByKind,
    check_a_new_process_writes_the_same_bytes,
    check_same_seed_same_bytes,
    check_set_layout,
    check_verdicts,
    flat,
    one_set_per_kind,
    set_rows,
)

REF = family12.DEFAULT_REFERENCE_DATE


def _text(path: Path, pages: list[int]) -> str:
    """The text layer as poppler's ``pdftotext`` reads it (not the project's reader).

    pdftotext drops a hyphen where a narrow cell wraps a word after it («медико-|социальной»),
    so every hyphen is dropped here and in the values compared.
    """
    parts = []
    for page in pages:
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        parts.append(done.stdout)
    return flat(" ".join(parts)).replace("-", "")


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f12text")
    family12.generate(60, 23, out, kinds=["text_layer"], violation_share=0.3)
    return out, set_rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> SetsByKind:
    return one_set_per_kind(family12.generate, family12.KINDS, tmp_path_factory, "f12", 70)


def test_family12_is_registered_and_writes_the_set_layout(tmp_path: Path) -> None:
    assert "family12" in FAMILIES
    rows = generate_set("family12", 3, 3, tmp_path / "s", kinds=["text_layer"])
    truth = check_set_layout("family12", tmp_path / "s", rows, REF, 3)
    assert (tmp_path / "s").stat().st_mode & 0o777 == 0o700
    for row in truth:
        assert re.fullmatch(r"f12-\d{4}\.(pdf|tiff|jpg)", row["file"].split("/")[-1])


def test_the_command_line_takes_family12(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mseflow.fixtures.cli import app

    out = tmp_path / "c"
    result = CliRunner().invoke(
        app,
        [
            "generate",
            "--family",
            "family12",
            "--n",
            "2",
            "--seed",
            "4",
            "--out",
            str(out),
            "--kinds",
            "text_layer",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(set_rows(out)[1]) >= 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must"),
        ({"n": 2, "kinds": ["scan_999"]}, "unknown family12 kind"),
        ({"n": 2, "violation_share": 1.5}, "violation_share"),
    ],
)
def test_bad_arguments_are_refused(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    n = kwargs.pop("n")
    with pytest.raises(ConfigError, match=message):
        family12.generate(n, 1, tmp_path, **kwargs)
    assert not (tmp_path / "truth.jsonl").exists()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    check_same_seed_same_bytes(
        lambda out, seed: family12.generate(
            4, seed, out, kinds=["text_layer", "fax_204x98", "mixed_dpi_tiff"]
        ),
        tmp_path,
    )


def test_a_new_process_writes_the_same_bytes(tmp_path: Path) -> None:
    """Typst's PDFs carry no clock and no process-dependent ids (``date: none``)."""
    check_a_new_process_writes_the_same_bytes(
        "family12", "family12.generate(3, 5, out, kinds=['text_layer', 'page_curl'])", tmp_path
    )


def test_truth_rows_parse_with_the_contract(text_set) -> None:
    _, rows = text_set
    keys = {
        "file", "pages", "family", "kind", "degradation", "dpi", "container", "rasteriser",
        "renderer", "layout", "form", "scenario", "font", "fill", "date_style", "labels",
        "list_shape", "mark", "record", "printed", "printed_items", "expected_status",
        "expected_issue_codes",
    }  # fmt: skip
    for row in rows:
        assert set(row) == keys
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert rec == {"doc_type": "other"}
            assert row["expected_issue_codes"] == ["not_a_disability_document"]
            assert row["expected_status"] == "needs_review"
            continue
        want = plan.IPRA_KEYS if rec["doc_type"] == "ipra" else plan.RECORD_KEYS
        assert set(rec) == {"doc_type", *want}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        assert rec["indefinite"] == (rec["valid_until"] is None)
        assert not (rec["indefinite"] and rec["reexamination_date"])
        if rec["incapable_of_work"]:
            assert not rec["contraindications"] and not rec["available_work"]
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
            assert flat(value).replace("-", "") in text, (row["file"], key, value)
        for item in row["printed_items"]:
            assert flat(item).replace("-", "") in text, (row["file"], item)
        rec = row["record"]
        if rec["doc_type"] == "other":
            continue
        assert rec["full_name"] in text, row["file"]
        assert rec["issuer"].replace("-", "") in text, (row["file"], rec["issuer"])
        if rec["document_series"]:
            assert rec["document_series"].replace("-", "") in text
            assert rec["document_number"] in text
        if rec["indefinite"]:
            assert "бессрочно" in text.lower()
        for key in ("contraindications", "recommended_conditions", "available_work"):
            for item in rec[key]:
                assert item in row["printed_items"]


def test_forms_scenarios_and_layouts_are_mixed(text_set) -> None:
    _, rows = text_set
    layouts = {r["layout"] for r in rows}
    assert {"mse_certificate", "ipra", "other"} <= {lay.split("/")[0] for lay in layouts}
    assert len(layouts) >= 8
    files: dict[str, list[str]] = {}
    for r in rows:
        files.setdefault(r["file"], []).append(r["record"]["doc_type"])
    assert any(sorted(v) == ["ipra", "mse_certificate"] for v in files.values())
    assert {"1031n", "486n", "379n"} <= {r["form"] for r in rows}
    scenarios = {r["scenario"] for r in rows}
    assert set(family12.IPRA_SCENARIOS) | set(family12.CERT_SCENARIOS) <= scenarios
    assert {"old_degree", "old_379n", "expired", "term_too_long", "ipra_longer"} <= scenarios
    assert {"no_work_block", "incapable_degree2"} <= scenarios


def test_the_default_mix_keeps_a_third_text_layers() -> None:
    deck = family12._kind_deck(random.Random(1), 40, list(family12.KINDS))
    assert deck.count("text_layer") == 12
    assert set(deck) == set(family12.KINDS)
    comps = family12._deck(random.Random(1), 40)
    family12._fit(comps, deck)
    for comp, kind in zip(comps, deck, strict=True):
        if damage.KIND_SPECS[kind].single_page:
            assert comp in family12.SINGLE_PAGE


@pytest.mark.parametrize("kind", family12.KINDS)
def test_each_kind_writes_files_that_open(every_kind, kind: str) -> None:
    out, rows = every_kind[kind]
    assert {r["kind"] for r in rows} == {kind}
    spec = damage.KIND_SPECS[kind]
    assert rows[0]["degradation"] == spec.degradation
    path = out / rows[0]["file"]
    data = path.read_bytes()
    last_page = max(p for r in rows for p in r["pages"])
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(data)
        assert len(pdf) == last_page
        bitmap = pdf[0].render(scale=0.2).to_pil()
        assert bitmap.width > 50
        if kind == "text_layer":
            assert rows[0]["dpi"] is None and rows[0]["rasteriser"] is None
            assert (pdf[0].get_textpage().get_text_range() or "").strip()
        else:
            assert not (pdf[0].get_textpage().get_text_range() or "").strip()
            assert rows[0]["dpi"] == [spec.dpi] * len(rows[0]["pages"])
        return
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        assert getattr(im, "n_frames", 1) == last_page
        assert im.width > 500 and im.height > 300
        if kind == "fax_204x98":
            assert im.mode == "1" and im.info.get("compression") == "group3"
            assert tuple(round(v) for v in im.info["dpi"]) == (204, 98)
        if kind == "mixed_dpi_tiff":
            seen = []
            for frame in range(im.n_frames):
                im.seek(frame)
                seen.append(round(im.info["dpi"][0]))
            assert seen == damage.page_dpis(kind, im.n_frames)
        if kind == "phone_glare":
            assert im.mode == "RGB" and rows[0]["record"]["doc_type"] in (
                "mse_certificate",
                "other",
            )


def _page_image(kind: str, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """A small page with a black bar at the top left, before and after the kind's damage."""
    pdf = typst.compile(
        (
            markup.Style().preamble() + markup.page("#rect(width: 40mm, height: 10mm, fill: black)")
        ).encode()
    )
    (before,) = damage.rasterise(pdf, [100], colour=False)
    after = damage.DAMAGE[kind](before.copy(), np.random.default_rng(seed))
    return before, after


def test_turned_pages_have_the_bar_at_the_bottom_right() -> None:
    before, after = _page_image("rotated_180")
    h, w = before.shape
    assert before[: h // 4, : w // 2].mean() < before[-h // 4 :, w // 2 :].mean()
    assert after[-h // 4 :, w // 2 :].mean() < after[: h // 4, : w // 2].mean()


def test_fax_rows_are_halved_and_edge_crop_loses_a_strip() -> None:
    before, fax = _page_image("fax_204x98")
    assert fax.shape[1] == before.shape[1] and abs(fax.shape[0] - before.shape[0] * 98 / 204) < 2
    assert set(np.unique(fax)) <= {0, 255}
    _, cropped = _page_image("edge_crop")
    assert cropped.shape != before.shape and cropped.size > 0.9 * before.size


def test_hole_punch_and_curl_darken_the_margins() -> None:
    before, punched = _page_image("hole_punch")
    h, w = before.shape
    left = slice(0, int(w * 0.08))
    assert punched[:, left].min() < 60 and before[h // 3 :, left].min() > 200
    _, curled = _page_image("page_curl")
    edges = min(curled[h // 2, :5].mean(), curled[h // 2, -5:].mean())
    assert edges < 150


@pytest.mark.parametrize(
    ("style", "printed"),
    [
        ("dots", "05.03.2025"),
        ("dots_g", "05.03.2025 г."),
        ("nozero", "5.03.2025"),
        ("quoted_g", "«05» марта 2025 г."),
        ("long_g", "5 марта 2025 г."),
        ("iso", "2025-03-05"),
    ],
)
def test_date_styles(style: str, printed: str) -> None:
    assert fmt_date(dt.date(2025, 3, 5), style) == printed


@pytest.mark.parametrize(
    ("established", "group", "until"),
    [
        (dt.date(2025, 3, 5), 2, (dt.date(2026, 4, 1), dt.date(2026, 5, 1))),
        (dt.date(2025, 3, 5), 1, (dt.date(2027, 4, 1), dt.date(2027, 5, 1))),
        (dt.date(2025, 12, 10), 3, (dt.date(2027, 1, 1), dt.date(2027, 2, 1))),
    ],
)
def test_terms_follow_the_group(
    established: dt.date, group: int, until: tuple[dt.date, dt.date]
) -> None:
    for seed in range(20):
        exam, term = plan.group_term(established, group, random.Random(seed))
        assert term in until and term == first_of_next_month(exam) and exam < term


def test_snils_check_number() -> None:
    for seed in range(50):
        value = snils(random.Random(seed))
        digits = [int(d) for d in value[:11].replace("-", "")]
        total = sum(d * (9 - i) for i, d in enumerate(digits)) % 101
        assert int(value[-2:]) == (0 if total == 100 else total)


def test_values_are_typst_strings_not_markup(tmp_path: Path) -> None:
    """A value with Typst's markup characters prints as it is."""
    doc = plan.Doc(
        "other", "none", "other/order", Person("Орлов", "Лев", "Ильич", False, REF), "other"
    )
    doc.facts = {"date": REF, "number": "12-к #*_[x]$", "days": 5, "employer": "ООО «<@a>»",
                 "dept": "цех № 3 \\ = - + /"}  # fmt: skip
    pdf = typst.compile(markup.source(markup.Style(), markup.draw(doc, random.Random(1))).encode())
    path = tmp_path / "o.pdf"
    path.write_bytes(pdf)
    text = _text(path, [1])
    assert "12к #*_[x]$" in text and "ООО «<@a>»" in text and "цех № 3 \\ =  + /" in text


def test_a_missing_font_is_an_error_not_a_fallback() -> None:
    with pytest.raises(ConfigError, match="fonts"):
        family12._typeset('#set text(font: "No Such Face")\nСправка')
    assert family12._typeset(markup.Style().preamble() + markup.page("Справка"))[:5] == b"%PDF-"
