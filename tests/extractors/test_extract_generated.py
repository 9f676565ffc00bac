"""Generated documents (``mseflow.fixtures``) read for real and checked against their truth."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mseflow.extractors import extract_fields, split_documents

fixtures = pytest.importorskip("mseflow.fixtures")
if not hasattr(fixtures, "generate"):
    pytest.skip("mseflow.fixtures.generate is not there yet", allow_module_level=True)

from mseflow.reading import read_file  # noqa: E402

SCALARS = (
    "full_name", "birth_date", "document_series", "document_number", "issue_date",
    "disability_group", "disability_cause", "work_restriction_degree", "established_date",
    "valid_until", "indefinite", "reexamination_date", "incapable_of_work",
)  # fmt: skip
LISTS = ("contraindications", "recommended_conditions", "available_work")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict, dict]]:
    """(truth, extracted values) for a few text-layer documents."""
    out = tmp_path_factory.mktemp("generated")
    fixtures.generate(6, 11, out, kinds=["text_layer"])
    pairs = []
    rows = [json.loads(x) for x in (out / "truth.jsonl").read_text("utf-8").splitlines() if x]
    by_file: dict[str, list[dict]] = {}
    for row in rows:
        if "file" in row:
            by_file.setdefault(row["file"], []).append({**row, **row["record"]})
    for name, truths in by_file.items():
        path = Path(name) if Path(name).is_absolute() else out / name
        spans = split_documents(read_file(path))
        for truth, span in zip(truths, spans, strict=False):
            values = extract_fields(span).values if span.doc_type == truth["doc_type"] else {}
            pairs.append((truth, {"doc_type": span.doc_type.value, **values}))
    return pairs


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("key", ("doc_type", *SCALARS, *LISTS))
def test_generated_field(generated: list[tuple[dict, dict]], key: str) -> None:
    wrong = [
        (truth.get(key), got.get(key))
        for truth, got in generated
        if key in truth
        and truth["doc_type"] in ("mse_certificate", "ipra", "other")
        and (truth["doc_type"] != "other" or key == "doc_type")
        and _plain(got.get(key)) != truth.get(key)
        and not (truth.get(key) in (None, False, []) and got.get(key) in (None, False, []))
    ]
    assert not wrong
