"""The built wheel installs the top-level folders under the ``mseflow`` namespace only."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAPPED = {
    "extractors": "mseflow/extractors",
    "validators": "mseflow/validators",
    "flows": "mseflow/flows",
    "fixtures": "mseflow/fixtures",
}


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("mseflow-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_every_module_is_in_the_wheel_under_mseflow(wheel_names: set[str]) -> None:
    for folder, target in MAPPED.items():
        for source in (ROOT / folder).rglob("*.py"):
            rel = source.relative_to(ROOT / folder).as_posix()
            assert f"{target}/{rel}" in wheel_names, (
                f"{folder}/{rel} missing: list its package in pyproject"
            )
    assert "mseflow/schema/record.schema.json" in wheel_names
    top_levels = {name.split("/")[0] for name in wheel_names if not name.startswith("mseflow-")}
    assert top_levels == {"mseflow"}, "nothing may install as a bare top-level package"


def test_data_files_are_in_the_wheel(wheel_names: set[str]) -> None:
    for path in (ROOT / "extractors" / "dictionaries").glob("*.txt"):
        assert f"mseflow/extractors/dictionaries/{path.name}" in wheel_names


def test_review_station_assets_are_in_the_wheel(wheel_names: set[str]) -> None:
    review = ROOT / "mseflow" / "review"
    assets = [*(review / "templates").glob("*.html"), *(review / "static").glob("*")]
    assert len(assets) >= 6
    for path in assets:
        assert f"mseflow/review/{path.relative_to(review).as_posix()}" in wheel_names
