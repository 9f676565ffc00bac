"""Imported once by the forkserver of :mod:`mseflow.parallel`: the pipeline and its models.

The forkserver imports this module before it forks any worker, so every worker
starts with the pipeline imported and the language models loaded
(:func:`mseflow.extractors.models.warm`), shared copy-on-write, instead of each
worker loading its own (~1.2 CPU s and ~250 MB each). Importing it anywhere else
loads the models too: only the forkserver and Dask worker start-up should.
"""

from __future__ import annotations

import importlib

from mseflow.extractors.models import warm

MODULES = ("mseflow.pipeline", "mseflow.reading.ocr", "mseflow.extractors", "mseflow.validators")
"""What every worker needs imported before its first file."""

for _name in MODULES:
    importlib.import_module(_name)
warm()
