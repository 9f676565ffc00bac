"""Family 13 (pages drawn by matplotlib, scans by its Agg rasteriser, damaged): the generator."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from mseflow.contract import Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family13
from mseflow.fixtures.family13 import forms, people, plan, scan, sheet
from mseflow.fixtures.family13.people import first_of_next_month, fmt_date, snils
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.validators import validate_batch

REF = family13.DEFAULT_REFERENCE_DATE
ROW_KEYS = {
    "file", "pages", "family", "kind", "degradation", "dpi", "container", "rasteriser",
    "renderer", "layout", "form", "scenario", "font", "fill", "date_style", "labels",
    "list_shape", "mark", "record", "printed", "printed_items", "expected_status",
    "expected_issue_codes",
}  # fmt: skip


def _rows(out: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return rows[0]["_meta"], rows[1:]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(path: Path, pages: list[int]) -> str:
    """The text layer as PDFium reads it, page by page (in drawing order)."""
    pdf = pdfium.PdfDocument(path)
    return _flat(" ".join(pdf[p - 1].get_textpage().get_text_range() for p in pages))


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """26 text-layer files, nearly half of the certificate/IPRA ones breaking a rule."""
    out = tmp_path_factory.mktemp("f13text")
    family13.generate(26, 23, out, kinds=["text_layer"], violation_share=0.45)
    return out, _rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list]]:
    """One file of each kind (a certificate: a set of one file draws one)."""
    root = tmp_path_factory.mktemp("f13kinds")
    for number, kind in enumerate(family13.KINDS, start=70):
        family13.generate(1, number, root / kind, kinds=[kind])
    return {kind: (root / kind, _rows(root / kind)[1]) for kind in family13.KINDS}


def test_family13_is_registered_and_writes_the_set_layout(tmp_path: Path) -> None:
    out = tmp_path / "s"
    returned = generate_set("family13", 3, 3, out, kinds=["text_layer"])
    meta, truth = _rows(out)
    assert "family13" in FAMILIES and returned == truth and len(truth) >= 3
    assert (meta["family"], meta["synthetic"], meta["reference_date"]) == (
        "family13",
        True,
        REF.isoformat(),
    )
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in out.rglob("*")}
    modes["."] = out.stat().st_mode & 0o777
    assert modes["."] == modes["documents"] == 0o700 and modes["truth.jsonl"] == 0o600
    files = {row["file"] for row in truth}
    assert files == {name for name, mode in modes.items() if name.startswith("documents/")}
    assert all(modes[f] == 0o600 and re.fullmatch(r"documents/f13-\d{4}\.pdf", f) for f in files)


def test_the_command_line_takes_family13(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mseflow.fixtures.cli import app

    out = tmp_path / "c"
    args = ["generate", "--family", "family13", "--n", "2", "--seed", "4", "--out", str(out),
            "--kinds", "text_layer"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(_rows(out)[1]) >= 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must"),
        ({"n": 2, "kinds": ["scan_999"]}, "unknown family13 kind"),
        ({"n": 2, "violation_share": 1.5}, "violation_share"),
    ],
)
def test_bad_arguments_are_refused(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    n = kwargs.pop("n")
    with pytest.raises(ConfigError, match=message):
        family13.generate(n, 1, tmp_path, **kwargs)
    assert not (tmp_path / "truth.jsonl").exists()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, 11), (b, 11), (c, 12)):
        family13.generate(2, seed, out, kinds=["text_layer", "fax_header"])
    assert (a / "truth.jsonl").read_bytes() == (b / "truth.jsonl").read_bytes()
    for path in sorted((a / "documents").iterdir()):
        assert path.read_bytes() == (b / "documents" / path.name).read_bytes(), path.name
    assert (c / "truth.jsonl").read_bytes() != (a / "truth.jsonl").read_bytes()


def test_a_new_process_writes_the_same_bytes(tmp_path: Path) -> None:
    """matplotlib's PDFs carry no creation date; img2pdf writes none (``nodate``)."""
    code = (
        "import sys; from pathlib import Path; from mseflow.fixtures import family13; "
        "family13.generate(2, 5, Path(sys.argv[1]), kinds=['text_layer', 'toner_bands'])"
    )
    for name in ("p", "q"):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], check=True)
    for path in sorted((tmp_path / "p" / "documents").iterdir()):
        assert path.read_bytes() == (tmp_path / "q" / "documents" / path.name).read_bytes()


def test_truth_rows_parse_with_the_contract(text_set) -> None:
    _, rows = text_set
    for row in rows:
        assert set(row) == ROW_KEYS
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
        if rec["doc_type"] == "ipra":
            assert rec["established_date"] is None and rec["disability_cause"] is None
        assert row["expected_status"] == plan.status_of(row["expected_issue_codes"])


def test_verdicts_match_the_validators(text_set) -> None:
    _, rows = text_set
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    for file_rows in by_file.values():
        records = [
            Record(source_path="x", source_sha256="0" * 64, pipeline_version="t",
                   confidence=1.0, pages=r["pages"], **r["record"])
            for r in file_rows
        ]  # fmt: skip
        for row, rec in zip(file_rows, validate_batch(records, today=REF), strict=True):
            codes = sorted({i.code for i in rec.validation.issues if i.severity != "info"})
            assert codes == row["expected_issue_codes"], (row["file"], row["scenario"], codes)
            assert rec.validation.status == row["expected_status"], row["file"]
    assert {r["expected_status"] for r in rows} == {"valid", "needs_review", "invalid"}


def test_the_text_layer_prints_every_value_and_item(text_set) -> None:
    out, rows = text_set
    for row in rows:
        text = _text(out / row["file"], row["pages"])
        for key, value in row["printed"].items():
            assert _flat(value) in text, (row["file"], key, value)
        for item in row["printed_items"]:
            assert _flat(item) in text, (row["file"], item)
        rec = row["record"]
        if rec["doc_type"] == "other":
            continue
        name = rec["full_name"].casefold()
        assert name in text.casefold() or row["printed"]["full_name"] in text, row["file"]
        assert _flat(rec["issuer"]) in text, (row["file"], rec["issuer"])
        if rec["document_series"]:
            assert rec["document_series"] in text and rec["document_number"] in text
        if rec["indefinite"]:
            assert "бессрочно" in text.casefold()
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
    assert {"current", "indefinite", "current_2019", "old_379n"} <= scenarios
    assert len(scenarios & {"expired", "term_too_long", "missing_birth", "no_work_block",
                            "incapable_degree2", "unexpected_block", "ipra_longer",
                            "group_disagree"}) >= 4  # fmt: skip


def test_the_default_mix_keeps_a_third_text_layers() -> None:
    deck = family13._kind_deck(random.Random(1), 40, list(family13.KINDS))
    assert deck.count("text_layer") == 12
    assert set(deck) == set(family13.KINDS)
    comps = family13._deck(random.Random(1), 40)
    family13._fit(comps, deck)
    for comp, kind in zip(comps, deck, strict=True):
        if scan.KIND_SPECS[kind].single_page:
            assert comp in family13.SINGLE_PAGE


@pytest.mark.parametrize("kind", family13.KINDS)
def test_each_kind_writes_files_that_open(every_kind, kind: str) -> None:
    out, rows = every_kind[kind]
    assert {r["kind"] for r in rows} == {kind}
    spec = scan.KIND_SPECS[kind]
    assert rows[0]["degradation"] == spec.degradation
    path = out / rows[0]["file"]
    data = path.read_bytes()
    last_page = max(p for r in rows for p in r["pages"])
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(data)
        assert len(pdf) == last_page
        assert pdf[0].render(scale=0.2).to_pil().width > 50
        text = (pdf[0].get_textpage().get_text_range() or "").strip()
        if kind == "text_layer":
            assert rows[0]["dpi"] is None and rows[0]["rasteriser"] is None and text
        else:
            assert not text and rows[0]["rasteriser"] == "matplotlib-agg"
            assert rows[0]["dpi"] == [spec.dpi] * len(rows[0]["pages"])
        return
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        assert getattr(im, "n_frames", 1) == last_page
        assert im.width > 500 and im.height > 300
        assert round(im.info["dpi"][0]) == spec.dpi
        if kind == "fax_header":
            assert im.mode == "1" and im.info.get("compression") == "group4"
        if kind == "aged_foxing":
            assert im.mode == "RGB" and rows[0]["record"]["doc_type"] in (
                "mse_certificate",
                "other",
            )


def _page(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """A small page with a black bar at the top left, before and after the kind's damage."""
    page = sheet.Sheet()
    page.rect(20, 20, 60, 15, fill="#000000")
    page.text(20, 60, "Группа инвалидности: вторая", "Tinos", 12)
    before = sheet.raster(page, 60)
    grey = before.mean(axis=2).astype(np.uint8)
    img = before if scan.KIND_SPECS[kind].colour else grey
    after = scan.DAMAGE[kind](img, np.random.default_rng(3), 60, {"anchor": (50, 60)})
    return grey, after


def test_skew_lid_turns_the_page_on_a_dark_lid() -> None:
    before, after = _page("skew_lid")
    assert after.shape != before.shape
    corners = [after[:8, :8].mean(), after[-8:, -8:].mean(), after[:8, -8:].mean()]
    assert min(corners) < 90


def test_toner_bands_lighten_ink_but_keep_it_readable() -> None:
    before, after = _page("toner_bands")
    bar = (
        slice(int(22 / 25.4 * 60), int(33 / 25.4 * 60)),
        slice(int(22 / 25.4 * 60), int(78 / 25.4 * 60)),
    )
    assert after[bar].mean() < 160 and after[bar].mean() >= before[bar].mean()


def test_the_stamp_lands_on_its_anchor_in_violet() -> None:
    _, after = _page("stamp_over_group")
    y, x = int(60 / 25.4 * 60), int(50 / 25.4 * 60)
    patch = after[y - 20 : y + 20, x - 20 : x + 20].reshape(-1, 3).astype(int)
    violet = (patch[:, 2] - patch[:, 1] > 40) & (patch[:, 0] - patch[:, 1] > 20)
    assert violet.any()


@pytest.mark.parametrize(
    ("style", "printed"),
    [
        ("dots", "05.03.2025"),
        ("dots_glued", "05.03.2025г."),
        ("long_goda", "5 марта 2025 года"),
        ("straight_quotes", '"05" марта 2025 г.'),
        ("upper_month", "05 МАРТА 2025"),
        ("slashes", "05/03/2025"),
        ("iso", "2025-03-05"),
    ],
)
def test_date_styles(style: str, printed: str) -> None:
    assert fmt_date(dt.date(2025, 3, 5), style) == printed


@pytest.mark.parametrize(
    ("established", "group", "years"),
    [(dt.date(2025, 3, 5), 2, 1), (dt.date(2025, 3, 5), 1, 2), (dt.date(2025, 1, 10), 3, 1)],
)
def test_terms_follow_the_group(established: dt.date, group: int, years: int) -> None:
    for seed in range(20):
        exam, term = plan.group_term(established, group, random.Random(seed))
        assert term == first_of_next_month(exam) and exam < term and term.day == 1
        assert abs((term - established).days - 365 * years) < 62


def test_snils_check_number() -> None:
    for seed in range(50):
        value = snils(random.Random(seed))
        digits = [int(d) for d in value[:11].replace("-", "")]
        total = sum(d * (9 - i) for i, d in enumerate(digits)) % 101
        assert int(value[-2:]) == (0 if total == 100 else total)


def test_names_decline_into_the_dative() -> None:
    for seed in range(30):
        person = people.draw_person(random.Random(seed), REF)
        assert len(person.dative.split()) == len(person.full_name.split())
        if person.female and person.patronymic:
            assert person.patronymic_dat and person.patronymic_dat.endswith("е")


def test_a_script_fill_writes_the_sign_it_lacks_in_another_face() -> None:
    runs = forms._runs("бюро № 12", "Steve Hand")
    assert [face for _, face in runs] == ["Steve Hand", "Arimo", "Steve Hand"]
    assert "".join(text for text, _ in runs) == "бюро № 12"


def test_a_missing_font_is_an_error_not_a_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sheet.FONTS, "Tinos", "nowhere/None.ttf")
    with pytest.raises(ConfigError, match="fonts"):
        sheet.font_path("Tinos")
