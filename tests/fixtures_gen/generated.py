"""Helpers for the fixtures-generator tests: reading truth files, the shared seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TEXT_SEED = 11


def read_truth(folder: Path) -> list[dict[str, Any]]:
    """The documents of ``folder/truth.jsonl`` (the ``_meta`` header skipped)."""
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [entry for entry in map(json.loads, lines) if "_meta" not in entry]
