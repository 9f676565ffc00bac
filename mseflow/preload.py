"""Imported once by the forkserver of :mod:`mseflow.parallel`: the pipeline, the common models.

The forkserver imports this module before it forks any worker, so every worker
starts with the pipeline imported and pymorphy3 and the date grammar loaded
(:func:`mseflow.extractors.models.warm_common`), shared copy-on-write. spaCy and
Natasha are not loaded here: most documents never need them, and loading them here
(~1.3 CPU s) delayed every worker's first page by as much; a worker loads them on
the first line that needs them. Importing this module anywhere else loads the
common models too: only the forkserver and Dask worker start-up should.
"""

from __future__ import annotations

import importlib

from mseflow.extractors.models import warm_common

MODULES = ("mseflow.pipeline", "mseflow.reading.ocr", "mseflow.extractors", "mseflow.validators")
"""What every worker needs imported before its first file."""

for _name in MODULES:
    importlib.import_module(_name)
warm_common()
