"""Family 4 generator (Typst): deterministic, truth printed on the page, verdicts, kinds, private files.

The set is drawn once per module by the real command line (``mseflow fixtures
generate --family family4``) in a child process. Every truth value is checked
against the text of the page: the text layer of the text-layer PDFs, and for
the scans the same Typst source compiled to a PDF and read with PDFium.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from mseflow.contract import CONTRACT_KEYS, Record
from mseflow.fixtures.family4 import KINDS, sources
from mseflow.validators import validate_batch

typst = pytest.importorskip("typst")

N, SEED = 12, 4
MSEFLOW = Path(sys.executable).with_name("mseflow")
MONTHS = {
    "январ": 1, "янв": 1, "феврал": 2, "февр": 2, "март": 3, "апрел": 4, "апр": 4, "ма": 5,
    "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сент": 9, "октябр": 10, "окт": 10,
    "ноябр": 11, "нояб": 11, "декабр": 12, "дек": 12,
}  # fmt: skip
GROUPS = {"i": 1, "ii": 2, "iii": 3, "1": 1, "2": 2, "3": 3, "первая": 1, "вторая": 2,
          "третья": 3, "первой": 1, "второй": 2, "третьей": 3}  # fmt: skip
INCAPABLE = (
    "неспособность к трудовой деятельности",
    "полностью неспособен к трудовой деятельности",
    "полностью неспособна к трудовой деятельности",
    "невозможность (противопоказанность) осуществления трудовой деятельности",
)


def _generate(n: int, seed: int, out: Path, *extra: str) -> None:
    cmd = [str(MSEFLOW), "fixtures", "generate", "--family", "family4", "--n", str(n)]
    cmd += ["--seed", str(seed), "--out", str(out), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("f4") / "set"
    _generate(N, SEED, out)
    return out


def _rows(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return rows[0]["_meta"], rows[1:]


def _flat(text: str) -> str:
    # PDFium reports a hyphen that ends a line as U+FFFE (and joins the lines): it is the "-"
    text = text.replace("\ufffe", "-")
    return " ".join(text.replace("\r", " ").replace("\n", " ").split()).casefold()


def _pdf_text(data: bytes | Path, pages: list[int] | None = None) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        chosen = pages or list(range(1, len(pdf) + 1))
        return _flat(" ".join(pdf[p - 1].get_textpage().get_text_range() for p in chosen))
    finally:
        pdf.close()


def parse_date(text: str) -> dt.date:
    """A printed date in any of the family's styles (written apart from the generator)."""
    t = re.sub(r"\s*г\.$", "", text.replace("«", "").replace("»", "").strip()).lower()
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[. ](\d{2})[. ](\d{4})", t):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{1,2}) ([а-я]+)\.? (\d{4})", t):
        stem = max((k for k in MONTHS if m[2].startswith(k)), key=len)
        return dt.date(int(m[3]), MONTHS[stem], int(m[1]))
    raise AssertionError(f"not a date: {text!r}")


def _check_printed(row: dict[str, Any], text: str) -> None:
    """Every printed value is in ``text``, and it says what the truth says."""
    rec, printed = row["record"], row["printed"]
    where = f"{row['file']} p{row['pages']}"
    for key, value in printed.items():
        assert _flat(value) in text or not value.strip(), (
            f"{where}: {key} {value!r} not on the page"
        )
    for item in row["printed_items"]:
        assert _flat(item) in text, f"{where}: item {item!r} not on the page"
    if rec["doc_type"] == "other":
        return
    _check_values(rec, printed, where)
    assert rec["issuer"] and _flat(rec["issuer"]) in text, where
    for key in ("contraindications", "recommended_conditions", "available_work"):
        for item in rec[key]:
            assert _flat(item) in text, (where, key, item)


def _check_values(rec: dict[str, Any], printed: dict[str, str], where: str) -> None:
    """The printed strings mean the truth's values (names, dates, numbers, group, degree)."""
    if "full_name" in printed:  # the truth spells the name as printed (ё or е)
        assert _flat(printed["full_name"]) == _flat(rec["full_name"]), where
    else:
        assert "full_name_dative" in printed, where
    for key in ("birth_date", "issue_date", "established_date", "reexamination_date"):
        if rec.get(key):
            assert parse_date(printed[key]) == dt.date.fromisoformat(rec[key]), (where, key)
    if rec["indefinite"]:
        assert printed["valid_until"].casefold() == "бессрочно", where
        assert rec["valid_until"] is None
    else:
        assert parse_date(printed["valid_until"]) == dt.date.fromisoformat(rec["valid_until"]), (
            where
        )
    for key in ("document_number", "snils") + (
        ("document_series",) if rec["doc_type"] == "mse_certificate" else ()
    ):
        if rec.get(key):
            assert printed[key] == rec[key], (where, key)
    if rec["disability_group"] is not None:
        word = printed["disability_group"].casefold().replace("группа", "").split("(")[0].strip()
        assert GROUPS[word] == rec["disability_group"], where
    if rec["work_restriction_degree"] is not None:
        assert degree_of(printed["degree"]) == rec["work_restriction_degree"], where
    assert rec["incapable_of_work"] == (printed.get("incapable", "") in INCAPABLE), where
    if rec["doc_type"] == "mse_certificate":
        assert cause_code(printed["cause"]) == rec["disability_cause"], where


def degree_of(printed: str) -> int:
    """A printed degree: «2», «II степень», «Вторая», «2 (вторая)»."""
    text = printed.casefold()
    if m := re.match(r"([123])\b", text):
        return int(m[1])
    if m := re.match(r"(i{1,3})\b", text):
        return len(m[1])
    for stem, value in (("перв", 1), ("втор", 2), ("трет", 3)):
        if text.startswith(stem):
            return value
    raise AssertionError(f"not a degree: {printed!r}")


def cause_code(printed: str) -> str:
    """The contract's cause code by the «Normalising the cause» table (written apart)."""
    text = printed.casefold()
    for needle, code in (
        ("чернобыл", "chernobyl"),
        ("маяк", "other"),
        ("семипалатин", "other"),
        ("особого риска", "other"),
        ("иные причины", "other"),
        ("военн", "military_injury"),
        ("защите отечества", "military_injury"),
        ("с детства", "since_childhood"),
        ("трудовое увечье", "work_injury"),
        ("профессиональное заболевание", "occupational_disease"),
        ("общее заболевание", "general_disease"),
    ):
        if needle in text:
            return code
    raise AssertionError(f"unknown cause {printed!r}")


def test_truth_format_and_files(made: Path) -> None:
    meta, rows = _rows(made)
    assert meta["family"] == "family4" and meta["synthetic"] is True
    assert meta["reference_date"] == "2026-12-01"
    files = sorted(p.name for p in (made / "documents").iterdir())
    assert files == sorted({r["file"].split("/")[-1] for r in rows})
    assert len(files) == N
    for row in rows:
        assert set(row["record"]) <= set(CONTRACT_KEYS)
        assert row["expected_status"] in ("valid", "needs_review", "invalid")
        assert row["kind"] in KINDS and row["family"] == "family4"
        if row["record"]["doc_type"] != "other":
            Record(source_path="x", source_sha256="0", pipeline_version="t", **row["record"])


def test_files_private(made: Path) -> None:
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert stat.S_IMODE((made / "documents").stat().st_mode) == 0o700
    for path in [made / "truth.jsonl", *(made / "documents").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_every_kind_and_its_format(made: Path) -> None:
    _, rows = _rows(made)
    assert {r["kind"] for r in rows} == set(KINDS)
    for row in rows:
        path = made / row["file"]
        kind = row["kind"]
        if kind == "text_layer":
            assert len(_pdf_text(path)) > 200
        elif kind == "fax_g4":
            with Image.open(path) as im:
                assert im.mode == "1" and im.info.get("compression") == "group4"
                assert round(im.info["dpi"][0]) == 200
        elif path.suffix == ".pdf":
            assert _pdf_text(path) == "", f"{path.name}: an image PDF has no text layer"
        elif kind == "jpeg_low":
            with Image.open(path) as im:
                assert im.format == "JPEG"
        elif kind == "png":
            with Image.open(path) as im:
                assert im.format in ("PNG", "TIFF")


def test_text_layer_prints_every_truth_value(made: Path) -> None:
    _, rows = _rows(made)
    checked = 0
    for row in rows:
        if row["kind"] == "text_layer":
            _check_printed(row, _pdf_text(made / row["file"], row["pages"]))
            checked += 1
    assert checked


def test_scans_source_prints_every_truth_value(made: Path) -> None:
    """Compile each file's Typst source to a PDF: every value of its truth is in that text."""
    _, rows = _rows(made)
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    drawn = sources(N, SEED)
    for i, docs in enumerate(drawn):
        stem = f"documents/f4-{i + 1:04d}."
        file_rows = sorted(
            (r for r in rows if r["file"].startswith(stem)), key=lambda r: r["pages"][0]
        )
        assert len(docs) == len(file_rows), stem
        for source, row in zip(docs, file_rows, strict=True):
            _check_printed(row, _pdf_text(typst.compile(source.encode("utf-8"))))


def test_validators_agree_with_expected_verdicts(made: Path) -> None:
    meta, rows = _rows(made)
    today = dt.date.fromisoformat(meta["reference_date"])
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    for file_rows in by_file.values():
        records = [
            Record(
                source_path="t",
                source_sha256="0",
                pipeline_version="t",
                confidence=1.0,
                **r["record"],
            )
            for r in file_rows
        ]
        for row, checked in zip(file_rows, validate_batch(records, today=today), strict=True):
            assert str(checked.validation.status) == row["expected_status"], row["file"]
            assert (
                sorted({i.code for i in checked.validation.issues}) == row["expected_issue_codes"]
            )
            if row["scenario"] == "clean":
                assert row["expected_status"] == "valid", row["file"]
            elif row["scenario"] == "other":
                assert row["expected_issue_codes"] == ["not_a_disability_document"]
            else:
                assert row["expected_status"] != "valid", row["file"]


def test_violations_all_break_a_rule(tmp_path: Path) -> None:
    out = tmp_path / "bad"
    _generate(6, 9, out, "--kinds", "text_layer", "--violation-share", "1.0")
    _, rows = _rows(out)
    drawn = [r for r in rows if r["record"]["doc_type"] != "other"]
    assert drawn, "six files of certificates or IPRAs expected at least one"
    for row in drawn:
        assert row["scenario"] != "clean" and row["expected_status"] != "valid", row["file"]
        _check_printed(row, _pdf_text(out / row["file"], row["pages"]))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        _generate(3, 17, out, "--kinds", "text_layer,fax_g4,photo")
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert (a / "truth.jsonl").read_text() == (b / "truth.jsonl").read_text()
    names = sorted(p.name for p in (a / "documents").iterdir())
    assert names == sorted(p.name for p in (b / "documents").iterdir())
    for name in names:
        assert digest(a / "documents" / name) == digest(b / "documents" / name), name
    c = tmp_path / "c"
    _generate(3, 18, c, "--kinds", "text_layer,fax_g4,photo")
    assert (c / "truth.jsonl").read_text() != (a / "truth.jsonl").read_text()


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    cmd = [str(MSEFLOW), "fixtures", "generate", "--family", "family4", "--n", "1"]
    cmd += ["--out", str(tmp_path / "x"), "--kinds", "scan_pdf"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "scan_pdf" in done.stderr
