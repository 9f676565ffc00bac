"""Phrase lists kept as data in ``dictionaries/*.txt`` (``#`` starts a comment)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

SNAP_MIN_SCORE = 90.0
"""Least rapidfuzz ratio for snapping OCR-damaged text to a known phrase."""


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``dictionaries/<name>.txt``."""
    text = (
        resources.files("mseflow.extractors")
        .joinpath(f"dictionaries/{name}.txt")
        .read_text(encoding="utf-8")
    )
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


@cache
def load_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """``code | phrase`` lines of a dictionary as (code, phrase) pairs."""
    return tuple(
        (code.strip(), phrase.strip())
        for code, _, phrase in (line.partition("|") for line in load_lines(name))
    )


def snap(text: str, name: str, min_score: float = SNAP_MIN_SCORE) -> tuple[str, float]:
    """The dictionary phrase ``text`` most likely is (score ≥ ``min_score``), else ``text``.

    >>> snap("работы на высотe", "contraindications")[0]
    'работы на высоте'
    """
    choices = load_lines(name)
    best = process.extractOne(text.lower(), [c.lower() for c in choices], scorer=fuzz.ratio)
    if best is not None and best[1] >= min_score:
        return choices[best[2]], best[1] / 100
    return text, 0.0
