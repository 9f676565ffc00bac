"""bench/accuracy.py judges both families: truth beside the documents, per-family groups,
case-insensitive names, dash-insensitive strings, wrong values apart from misses."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mseflow.fixtures.sets import generate_set

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def accuracy() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_accuracy"] = module
    spec.loader.exec_module(module)
    return module


def test_scalar_scores(accuracy: ModuleType) -> None:
    score = accuracy.score_scalar
    assert score("КОЛОСОВА АЛЁНА ГЛЕБОВНА", "Колосова Алёна Глебовна", True) == "ok"
    assert score("КОЛОСОВА АЛЕНА ГЛЕБОВНА", "Колосова Алёна Глебовна", True) == "wrong"
    assert score("Бюро № 4 – филиал", "Бюро № 4 - филиал") == "ok"
    assert score(None, "2026-01-01") == "miss"
    assert score(True, False) == "wrong"
    assert score(False, False) == "ok"


@pytest.mark.parametrize(
    ("record", "outcome"),
    [
        ({"doc_type": "ipra", "validation": {"status": "valid"}}, "ok"),
        ({"doc_type": "ipra", "validation": {"status": "needs_review"}}, "wrong"),
        ({}, "wrong"),  # no record for the document (its pages went into another): not right
    ],
)
def test_status_of_a_document(accuracy: ModuleType, record: dict, outcome: str) -> None:
    tally = accuracy.Tally()
    truth = {"file": "a.pdf", "pages": [2], "doc_type": "ipra", "expected_status": "valid"}
    accuracy.score_document(tally, ["f|all"], truth, record)
    assert tally.counts[("f|all", "validation_status")][outcome] == 1


def test_fuzzy_f1(accuracy: ModuleType) -> None:
    f1 = accuracy.fuzzy_f1
    assert f1([], []) == 1.0
    assert f1(["работы на высоте"], ["работы на высоте"]) == 1.0
    assert f1(["работы на высоте", "лишнее"], ["работы на высоте"]) == pytest.approx(2 / 3)
    assert f1([], ["работы на высоте"]) == 0.0


def test_run_scores_each_family_apart(accuracy: ModuleType, tmp_path: Path) -> None:
    generate_set("family2", 3, 5, tmp_path / "f2", kinds=["text_layer"])
    generate_set("family1", 2, 5, tmp_path / "f1", kinds=["text_layer"])
    assert accuracy.truth_path(tmp_path / "f2" / "documents") == tmp_path / "f2" / "truth.jsonl"
    tally = accuracy.run([tmp_path / "f2", tmp_path / "f1"], workers=1)
    docs = {g: c["n"] for (g, field), c in tally.counts.items() if field == "doc_type"}
    assert docs["family2|all"] >= 3 and docs["family1|all"] >= 2
    assert docs["family2|kind=text_layer"] == docs["family2|all"]
    lines = accuracy.report(tally, 0.0, markdown=True)
    assert [line.split()[1] for line in lines] == ["family1", "family2"]
    assert all("wrong_rate=" in line and "false_incapable=" in line for line in lines)


def test_page_cache_gives_the_same_records(accuracy: ModuleType, tmp_path: Path) -> None:
    generate_set("family2", 2, 11, tmp_path / "set", kinds=["text_layer", "scan_300"])
    cache = tmp_path / "pages"
    (path, _), *_ = accuracy.load_truth(tmp_path / "set").items()
    plain = accuracy._records_for(path)
    first = accuracy._records_for(path, None, cache)
    (entry,) = cache.iterdir()
    assert entry.stat().st_mode & 0o077 == 0 and cache.stat().st_mode & 0o077 == 0
    entry.write_bytes(accuracy.pickle.dumps([]))  # a second run takes the cached pages
    second = accuracy._records_for(path, None, cache)

    def strip(records: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("processed_at",)} for r in records]

    assert strip(first) == strip(plain)
    assert second[0]["doc_type"] == "unreadable" != first[0]["doc_type"]
