"""The truth says what was drawn: text of the vector PDFs and the ticked boxes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pdfplumber

from mseflow.fixtures.spelling import GROUP_STYLES, format_date, format_group

from .generated import read_truth

TICK_LISTS = ("contraindications", "recommended_conditions", "available_work")


def _lines(path: Path, pages: list[int]) -> list[str]:
    with pdfplumber.open(path) as pdf:
        text = "\n".join(pdf.pages[p - 1].extract_text() or "" for p in pages)
    return [line.strip() for line in text.splitlines()]


def _disability(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in entries if e["record"]["doc_type"] != "other"]


def test_truth_file_has_meta_and_sorted_documents(
    text_set: tuple[Path, list[dict[str, Any]]],
) -> None:
    folder, entries = text_set
    header = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert '"_meta"' in header and '"reference_date": "2026-11-01"' in header
    truth = read_truth(folder)
    assert truth == entries and len(truth) == 18
    assert [(e["file"], e["pages"][0]) for e in truth] == sorted(
        (e["file"], e["pages"][0]) for e in truth
    )
    assert {e["record"]["doc_type"] for e in truth} >= {"mse_certificate", "ipra"}


def test_printed_text_carries_name_dates_and_group(
    text_set: tuple[Path, list[dict[str, Any]]],
) -> None:
    folder, entries = text_set
    for entry in _disability(entries):
        record = entry["record"]
        lines = _lines(folder / entry["file"], entry["pages"])
        text = "\n".join(lines)
        assert record["full_name"] in text
        for key in ("birth_date", "issue_date", "valid_until", "established_date"):
            if record[key]:
                printed = format_date(dt.date.fromisoformat(record[key]), entry["date_style"])
                assert printed in text, (key, printed)
        if record["disability_group"]:
            spellings = {format_group(record["disability_group"], s) for s in GROUP_STYLES}
            assert any(f"Группа инвалидности: {s}" in lines for s in spellings)
        else:
            assert not any(line.startswith("Группа инвалидности") for line in lines)
        assert ("бессрочно" in text) == record["indefinite"]


def _ticked_labels(page: pdfplumber.page.Page) -> list[str]:
    """Labels right of boxes that hold an X (two diagonal vector lines)."""
    diagonals = [
        ln
        for ln in page.lines
        if abs(ln["x1"] - ln["x0"]) > 1 and abs(ln["bottom"] - ln["top"]) > 1
    ]
    boxes = [r for r in page.rects if 8.5 <= r["width"] <= 10.5 and 8.5 <= r["height"] <= 10.5]
    labels = []
    for box in boxes:
        inside = [
            ln for ln in diagonals
            if box["x0"] <= ln["x0"] <= ln["x1"] <= box["x1"] and box["top"] <= ln["top"] <= ln["bottom"] <= box["bottom"]
        ]  # fmt: skip
        assert len(inside) in (0, 2)
        if inside:
            assert all(ln["linewidth"] >= 1 for ln in inside)
            strip = page.crop((box["x1"], box["top"] - 3, page.width, box["bottom"] + 3))
            labels.append((strip.extract_text() or "").strip())
    assert len(diagonals) == 2 * len(labels)
    return labels


def test_ticked_boxes_match_truth_lists(text_set: tuple[Path, list[dict[str, Any]]]) -> None:
    folder, entries = text_set
    ipras = [e for e in entries if e["record"]["doc_type"] == "ipra"]
    assert ipras
    for entry in ipras:
        with pdfplumber.open(folder / entry["file"]) as pdf:
            drawn = [label for p in entry["pages"] for label in _ticked_labels(pdf.pages[p - 1])]
        expected = [label for key in TICK_LISTS for label in entry["record"][key]]
        assert sorted(drawn) == sorted(expected)


def test_labels_print_on_one_line(text_set: tuple[Path, list[dict[str, Any]]]) -> None:
    folder, entries = text_set
    for entry in entries:
        labels = [label for key in TICK_LISTS for label in entry["record"].get(key, [])]
        if labels:
            lines = _lines(folder / entry["file"], entry["pages"])
            assert all(label in lines for label in labels)
