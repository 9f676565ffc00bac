"""Family 14 (pages painted by Qt: QPdfWriter text layers, QImage scans, damaged): the generator."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtGui", reason="family 14 paints with PySide6 (scripts/setup.sh)")

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image  # noqa: E402

from mseflow.contract import Record  # noqa: E402
from mseflow.errors import ConfigError  # noqa: E402
from mseflow.fixtures import family14  # noqa: E402
from mseflow.fixtures.family14 import damage, paint, plan  # noqa: E402
from mseflow.fixtures.sets import FAMILIES, generate_set  # noqa: E402
from mseflow.validators import validate_batch  # noqa: E402

REF = family14.DEFAULT_REFERENCE_DATE
ROW_KEYS = {
    "file", "pages", "family", "kind", "degradation", "dpi", "container", "rasteriser",
    "renderer", "layout", "form", "scenario", "font", "fill", "date_style", "labels",
    "list_shape", "mark", "record", "printed", "printed_items", "expected_status",
    "expected_issue_codes",
}  # fmt: skip


def _rows(out: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rows = [json.loads(line) for line in (out / "truth.jsonl").read_text("utf-8").splitlines()]
    return rows[0]["_meta"], rows[1:]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(path: Path, pages: list[int]) -> str:
    pdf = pdfium.PdfDocument(path)
    text = _flat(" ".join(pdf[p - 1].get_textpage().get_text_range() for p in pages))
    return text.replace("- ", "-")  # Qt breaks a line after a hyphen («медико-» / «социальной»)


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f14text")
    family14.generate(18, 23, out, kinds=["text_layer"], violation_share=0.5)
    return out, _rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list]]:
    root = tmp_path_factory.mktemp("f14kinds")
    for number, kind in enumerate(family14.KINDS, start=40):
        family14.generate(1, number, root / kind, kinds=[kind])
    return {kind: (root / kind, _rows(root / kind)[1]) for kind in family14.KINDS}


def test_family14_is_registered_and_writes_the_set_layout(tmp_path: Path) -> None:
    out = tmp_path / "s"
    returned = generate_set("family14", 2, 3, out, kinds=["text_layer"])
    meta, truth = _rows(out)
    assert "family14" in FAMILIES and returned == truth and len(truth) >= 2
    assert (meta["family"], meta["synthetic"], meta["reference_date"]) == (
        "family14",
        True,
        REF.isoformat(),
    )
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in out.rglob("*")}
    assert out.stat().st_mode & 0o777 == 0o700 and modes["documents"] == 0o700
    assert modes["truth.jsonl"] == 0o600
    files = {row["file"] for row in truth}
    assert files == {name for name in modes if name.startswith("documents/")}
    assert all(modes[f] == 0o600 and re.fullmatch(r"documents/f14-\d{4}\.pdf", f) for f in files)


def test_the_command_line_takes_family14(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mseflow.fixtures.cli import app

    args = ["generate", "--family", "family14", "--n", "1", "--seed", "4", "--out",
            str(tmp_path / "c"), "--kinds", "text_layer"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "c")[1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n": 0}, "n must"), ({"n": 2, "kinds": ["scan_999"]}, "unknown family14 kind"),
     ({"n": 2, "violation_share": 1.5}, "violation_share")],
)  # fmt: skip
def test_bad_arguments_are_refused(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    n = kwargs.pop("n")
    with pytest.raises(ConfigError, match=message):
        family14.generate(n, 1, tmp_path, **kwargs)
    assert not (tmp_path / "truth.jsonl").exists()


def test_a_new_process_writes_the_same_bytes_and_another_seed_others(tmp_path: Path) -> None:
    """Qt's clock and random document ID are replaced by fixed values."""
    code = ("import sys; from pathlib import Path; from mseflow.fixtures import family14; "
            "family14.generate(2, int(sys.argv[2]), Path(sys.argv[1]), "
            "kinds=['text_layer', 'inkjet_streaks'])")  # fmt: skip
    for name, seed in (("p", "5"), ("q", "5"), ("r", "6")):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name), seed], check=True)
    p, q, r = (tmp_path / n for n in "pqr")
    assert (p / "truth.jsonl").read_bytes() == (q / "truth.jsonl").read_bytes()
    for path in sorted((p / "documents").iterdir()):
        assert path.read_bytes() == (q / "documents" / path.name).read_bytes(), path.name
    assert (r / "truth.jsonl").read_bytes() != (p / "truth.jsonl").read_bytes()


def test_truth_rows_parse_with_the_contract(text_set) -> None:
    _, rows = text_set
    for row in rows:
        assert set(row) == ROW_KEYS
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert rec == {"doc_type": "other"}
            assert row["expected_issue_codes"] == ["not_a_disability_document"]
            continue
        want = plan.IPRA_KEYS if rec["doc_type"] == "ipra" else plan.RECORD_KEYS
        assert set(rec) == {"doc_type", *want}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        assert rec["indefinite"] == (rec["valid_until"] is None)
        if rec["doc_type"] == "ipra":
            assert rec["established_date"] is None and rec["disability_cause"] is None
        assert row["expected_status"] == plan.status_of(row["expected_issue_codes"])


def test_verdicts_match_the_validators(text_set) -> None:
    _, rows = text_set
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    for file_rows in by_file.values():
        records = [Record(source_path="x", source_sha256="0" * 64, pipeline_version="t",
                          confidence=1.0, pages=r["pages"], **r["record"]) for r in file_rows]  # fmt: skip
        for row, rec in zip(file_rows, validate_batch(records, today=REF), strict=True):
            codes = sorted({i.code for i in rec.validation.issues if i.severity != "info"})
            assert codes == row["expected_issue_codes"], (row["file"], row["scenario"], codes)
            assert rec.validation.status == row["expected_status"], row["file"]
    assert {r["expected_status"] for r in rows} == {"valid", "needs_review", "invalid"}


def test_the_text_layer_prints_every_value_and_item(text_set) -> None:
    """Every printed value is in the text layer (a value wrapped in a table cell: word by word)."""
    out, rows = text_set
    for row in rows:
        text = _text(out / row["file"], row["pages"])
        for key, value in row["printed"].items():
            assert _flat(value) in text or all(w in text for w in value.split()), (row["file"], key)
        for item in row["printed_items"]:
            assert all(w in text for w in item.split()), (row["file"], item)
        rec = row["record"]
        if rec["doc_type"] != "other" and rec["indefinite"]:
            assert "бессрочно" in text
        for key in ("contraindications", "recommended_conditions", "available_work"):
            for item in rec.get(key) or []:
                assert item in row["printed_items"]


def test_forms_and_layouts_are_mixed(text_set) -> None:
    _, rows = text_set
    assert len({r["layout"] for r in rows}) >= 7
    files: dict[str, list[str]] = {}
    for r in rows:
        files.setdefault(r["file"], []).append(r["record"]["doc_type"])
    assert any(sorted(v) == ["ipra", "mse_certificate"] for v in files.values())
    assert {"1031n", "486n", "379n"} <= {r["form"] for r in rows}


@pytest.mark.parametrize("kind", family14.KINDS)
def test_each_kind_writes_files_that_open(every_kind, kind: str) -> None:
    out, rows = every_kind[kind]
    spec = damage.KIND_SPECS[kind]
    assert {r["kind"] for r in rows} == {kind} and rows[0]["degradation"] == spec.degradation
    data = (out / rows[0]["file"]).read_bytes()
    last = max(p for r in rows for p in r["pages"])
    if spec.container.startswith("pdf"):
        pdf = pdfium.PdfDocument(data)
        assert len(pdf) == last
        text = (pdf[0].get_textpage().get_text_range() or "").strip()
        assert bool(text) == (kind == "text_layer")
        if kind != "text_layer":
            assert rows[0]["rasteriser"] == "qt-qimage"
        return
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        assert getattr(im, "n_frames", 1) == last and im.width > 500
        assert round(im.info["dpi"][0]) == spec.dpi
        if kind == "fax_relay":
            assert im.mode == "1"


def test_misfiled_pages_move_the_first_sheet_to_the_back() -> None:
    assert damage.order("misfiled_pages", [[1], [2, 3]]) == [1, 2, 0]
    assert damage.order("trifold", [[1], [2, 3]]) == [0, 1, 2]


def test_a_missing_face_is_an_error_not_a_fallback() -> None:
    with pytest.raises(ConfigError, match="fonts"):
        paint.width("а", "No Such Face", 10)


def test_qt_breaks_lines_within_the_measure() -> None:
    text = "Индивидуальная программа реабилитации или абилитации инвалида " * 3
    lines = paint.break_lines(text, "STIX", 11, 60)
    assert len(lines) > 3 and " ".join(lines) == _flat(text)
    assert all(paint.width(ln, "STIX", 11) <= 60.5 for ln in lines)


@pytest.mark.parametrize(
    ("style", "printed"),
    [("dots", "05.03.2025"), ("dots_g", "05.03.2025 г."), ("long_g", "5 марта 2025 г."),
     ("guillemets", "«05» марта 2025 г."), ("dashes", "05-03-2025")],
)  # fmt: skip
def test_date_styles(style: str, printed: str) -> None:
    import datetime as dt

    from mseflow.fixtures.family14.people import fmt_date

    assert fmt_date(dt.date(2025, 3, 5), style) == printed


def test_snils_check_number() -> None:
    import random

    from mseflow.fixtures.family14.people import snils

    for seed in range(40):
        value = snils(random.Random(seed))
        digits = [int(c) for c in value[:11].replace("-", "")]
        total = sum(d * (9 - i) for i, d in enumerate(digits)) % 101
        assert int(value[-2:]) == (0 if total == 100 else total)


def test_terms_follow_the_group() -> None:
    import datetime as dt
    import random

    from mseflow.fixtures.family14.people import first_of_next_month

    for group, years in ((1, 2), (2, 1), (3, 1)):
        for seed in range(15):
            exam, term = plan.group_term(dt.date(2025, 3, 5), group, random.Random(seed))
            assert term == first_of_next_month(exam) and term.day == 1
            assert abs((term - dt.date(2025, 3, 5)).days - 365 * years) < 70
