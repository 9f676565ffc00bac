"""Review station tests: a real store filled by ``mseflow process`` on synthetic documents.

The store is made once per session (text-layer documents: the bundled sample's
and a generated set, ~3 s); each test gets its own copy of the output folder and
of the input folder, so decisions of one test never leak into another.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mseflow.cli import main
from mseflow.fixtures.sample import SAMPLE_DIR
from mseflow.review.app import create_app
from mseflow.review.config import ReviewConfig
from mseflow.settings import Settings

TODAY = dt.date(2026, 11, 1)
"""The bundled sample's reference date: its documents are judged as of this day."""
SAMPLE_FILES = (
    "certificate-text.pdf",
    "ipra-text.pdf",
    "certificate-invalid-term.pdf",
    "other-leave-request.pdf",
)
LOOPBACK = "http://127.0.0.1"


@dataclass(frozen=True)
class Workspace:
    """An input folder and the output folder ``mseflow process`` filled from it."""

    inputs: Path
    out: Path

    @property
    def database(self) -> Path:
        return self.out / "records.sqlite"


def process(inputs: Path, out: Path, redo: bool = False) -> None:
    """``mseflow process INPUTS --out OUT --today 2026-11-01 -q [--redo]``, in this process.

    ``redo``: read and extract every file again (by default a file already stored
    with the same content and pipeline version is skipped).
    """
    args = ["process", str(inputs), "--out", str(out), "--today", TODAY.isoformat(), "-q"]
    assert main(args + (["--redo"] if redo else [])) == 0


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Bundled text-layer samples and six generated documents, processed once."""
    root = tmp_path_factory.mktemp("review-source")
    inputs = root / "in"
    inputs.mkdir()
    for name in SAMPLE_FILES:
        shutil.copy2(SAMPLE_DIR / "documents" / name, inputs / name)
    code = main(
        ["fixtures", "generate", "--out", str(inputs / "generated"), "--n", "6", "--seed", "5",
         "--kinds", "text_layer", "--reference-date", TODAY.isoformat()]
    )  # fmt: skip
    assert code == 0
    (inputs / "generated" / "truth.jsonl").unlink()
    process(inputs, root / "out")
    return Workspace(inputs, root / "out")


@pytest.fixture
def workspace(processed: Workspace, tmp_path: Path) -> Workspace:
    """A private copy of the processed inputs and outputs."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(processed.inputs, inputs)
    shutil.copytree(processed.out, out)
    return Workspace(inputs, out)


def settings_for_tests() -> Settings:
    """Settings judged as of :data:`TODAY`."""
    settings = Settings()
    settings.validation.today = TODAY
    return settings


def review_config(workspace: Workspace, token: str | None = None, **extra: object) -> ReviewConfig:
    """A review config over the workspace; its source paths are relative to the cwd of process."""
    return ReviewConfig(
        out_dir=workspace.out,
        settings=settings_for_tests(),
        token=token,
        source_dirs=[workspace.inputs],
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    """A TestClient of the app (no token) that has opened a session."""
    with TestClient(create_app(review_config(workspace)), base_url=LOOPBACK) as test_client:
        yield test_client


def csrf_of(test_client: TestClient) -> dict[str, str]:
    """The CSRF header of the client's session."""
    return {"X-CSRF-Token": test_client.get("/api/session").json()["csrf"]}
