"""The language models the extractors use, each loaded once per process, lazily.

* :func:`spacy_ru` — a blank Russian spaCy pipeline (its tokenizer: env-notes trap 8;
  importing spaCy costs ~0.6 CPU s);
* :func:`natasha_ner` — Natasha's segmenter and NER tagger (~0.5 CPU s, ~180 MB);
* :func:`morph` — one pymorphy3 analyzer for the whole process.

Nothing is loaded on import. :func:`warm` loads everything: the worker pool of
``process --jobs N`` calls it in its forkserver (:mod:`mseflow.parallel`) and Dask
workers call it when they start (:mod:`mseflow.flows.runners`), so the models are
loaded once and every forked worker shares them copy-on-write instead of loading
its own. A single-process run never calls it: there a model loads on the first
line that needs it, and a run that needs none (a text page without names to
guess) never pays for it.
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


def warm() -> float:
    """Load every model now (and the extractors' own caches); returns the CPU seconds it took.

    Idempotent: a second call costs nothing.
    """
    start = time.process_time()
    spacy_ru()
    natasha_ner()
    morph()
    from mseflow.extractors.dates import find_dates
    from mseflow.extractors.incapable import find_note

    find_note("Заключение: нетрудоспособен")  # builds the phrase Matcher on spacy_ru()
    find_dates("выдана 01.02.2020")  # builds the yargy date parser
    return time.process_time() - start
