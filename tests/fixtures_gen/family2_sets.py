"""Shared helpers for the family-2 generator tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FAMILY2_SEED = 23


def read_rows(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(``_meta``, documents) of ``folder/truth.jsonl``."""
    rows = [json.loads(x) for x in (folder / "truth.jsonl").read_text("utf-8").splitlines() if x]
    return rows[0]["_meta"], rows[1:]
