"""mseflow: structured, validated records from Russian disability documents.

Reads MSE certificates («справка, подтверждающая факт установления инвалидности»)
and IPRAs (form of Mintrud Order № 486н) from scans and PDFs, extracts the fields
of the record contract with evidence, validates them and derives the employer's
obligations.

Public API (imported lazily so ``mseflow --help`` stays fast)::

    from mseflow import Record, Settings, process_source, process_source_safely
"""

from __future__ import annotations

import warnings
from typing import Any

# pymorphy2, loaded by natasha and yargy, imports pkg_resources, which warns on
# every run (shared/env-notes.md trap 2); the warning means nothing to a user.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)

__version__ = "0.1.0"

_LAZY = {
    "Record": "mseflow.contract",
    "Settings": "mseflow.settings",
    "process_source": "mseflow.pipeline",
    "process_source_safely": "mseflow.pipeline",
    "process_paths": "mseflow.pipeline",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mseflow' has no attribute {name!r}")
