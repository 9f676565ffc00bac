"""The record model implements docs/record-contract.md and its schema file is in sync."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from mseflow.contract import CONTRACT_KEYS, Record, render_json_schema

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_DOCS = [
    ROOT / "docs" / "record-contract.md",
    ROOT.parent / "shared" / "record-contract.md",
]


def documented_keys(path: Path) -> list[str]:
    return re.findall(r"^\| `([a-z_0-9]+)` \|", path.read_text(encoding="utf-8"), flags=re.M)


@pytest.mark.parametrize(
    "doc", [p for p in CONTRACT_DOCS if p.exists()], ids=lambda p: p.parent.name
)
def test_model_has_every_contract_key_in_order(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8").split("## Keys added by the project")[0]
    keys = re.findall(r"^\| `([a-z_0-9]+)` \|", text, flags=re.M)
    assert len(keys) == 27
    assert list(CONTRACT_KEYS[: len(keys)]) == keys


def test_added_keys_are_documented_after_the_shared_ones() -> None:
    keys = documented_keys(ROOT / "docs" / "record-contract.md")
    assert keys == list(CONTRACT_KEYS)


def test_committed_schema_is_generated_from_the_model() -> None:
    committed = (ROOT / "mseflow" / "schema" / "record.schema.json").read_text(encoding="utf-8")
    assert committed == render_json_schema(), (
        "run: mseflow schema --out mseflow/schema/record.schema.json"
    )


def test_json_line_round_trip_uses_iso_dates_and_nulls() -> None:
    record = Record(
        source_path="a.pdf",
        source_sha256="0" * 64,
        pages=[1],
        doc_type="mse_certificate",
        disability_group=2,
        valid_until=dt.date(2027, 6, 1),
        pipeline_version="t",
    )
    data = json.loads(record.to_json_line())
    assert data["valid_until"] == "2027-06-01" and data["birth_date"] is None
    assert data["contraindications"] == [] and data["indefinite"] is False
    assert data["validation"] == {"status": "needs_review", "issues": []}
    assert list(data)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
    assert Record.model_validate(data) == record


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("disability_group", 4),
        ("doc_type", "passport"),
        ("confidence", 1.5),
        ("work_restriction_degree", 0),
    ],
)
def test_out_of_contract_values_are_rejected(field: str, value: object) -> None:
    base = {"source_path": "a", "source_sha256": "0", "doc_type": "ipra", "pipeline_version": "t"}
    with pytest.raises(ValidationError):
        Record(**{**base, field: value})
