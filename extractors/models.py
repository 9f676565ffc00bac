"""The language models the extractors use, each loaded once per process, lazily.

* :func:`spacy_ru` — a blank Russian spaCy pipeline (its tokenizer: env-notes trap 8;
  importing spaCy costs ~0.6 CPU s);
* :func:`natasha_ner` — Natasha's segmenter and NER tagger (~0.5 CPU s, ~180 MB);
* :func:`morph` — one pymorphy3 analyzer for the whole process.

Nothing is loaded on import. :func:`warm_common` loads what nearly every document
needs (pymorphy3 and the date grammar on it, ~0.2 CPU s): the worker pool of
``process --jobs N`` calls it in its forkserver (:mod:`mseflow.parallel`) and Dask
workers when they start (:mod:`mseflow.flows.runners`), so every forked worker
shares them copy-on-write. spaCy and Natasha (~1.3 CPU s together) are left to the
first line that needs them, in the worker that reads it, as in a single-process
run: the incapacity matcher runs only on lines its regex gate lets through and the
NER only where the name rules found nothing, and on generated scans and text
layers neither loads at all (issue 13). Loading them in the forkserver put ~1.3 s
before the first page of every ``-j2`` and ``ingest --workers 2`` run. :func:`warm`
loads everything (benchmarks, to take model loading out of a timing).
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any


@cache
def spacy_ru() -> Any:
    """A blank Russian spaCy ``Language`` (tokenizer only, no download)."""
    import spacy

    return spacy.blank("ru")


@cache
def natasha_ner() -> tuple[Any, Any]:
    """Natasha's ``Segmenter`` and ``NewsNERTagger`` (its embeddings ship in the wheel)."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


@cache
def morph() -> Any:
    """One pymorphy3 ``MorphAnalyzer`` (used directly, env-notes trap 2)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def warm_common() -> float:
    """Load what nearly every document needs: pymorphy3 and the yargy date parser on it.

    Returns the CPU seconds it took; idempotent.
    """
    start = time.process_time()
    morph()
    from mseflow.extractors.dates import find_dates

    find_dates("выдана 01.02.2020")  # builds the yargy date parser
    return time.process_time() - start


def warm() -> float:
    """Load every model now (and the extractors' own caches); returns the CPU seconds it took.

    Idempotent: a second call costs nothing.
    """
    start = time.process_time()
    warm_common()
    spacy_ru()
    natasha_ner()
    from mseflow.extractors.incapable import find_note

    find_note("Заключение: нетрудоспособен")  # builds the phrase Matcher on spacy_ru()
    return time.process_time() - start
