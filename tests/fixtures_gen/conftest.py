"""Shared generated sets for the fixtures-generator tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mseflow.fixtures import generate

from .generated import TEXT_SEED


@pytest.fixture(scope="session")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Eighteen text-layer documents with a raised violation share."""
    out = tmp_path_factory.mktemp("text_set")
    entries = generate(18, TEXT_SEED, out, kinds=["text_layer"], violation_share=0.4)
    return out, entries
