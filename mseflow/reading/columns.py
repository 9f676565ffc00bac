"""Pages printed in two columns: each column's lines kept apart and read one column after the other.

A register printout or a landscape form sets its blocks side by side (the person's data
on the left, the work recommendations on the right). Grouping words into lines by height
alone joins the two columns' lines wherever they overlap: «Дата рождения 1960-12-20
трудовая деятельность возможна при значительной помощи других лиц», so that a list loses
its items to the neighbour column and a label gets the other column's words as its value.

:func:`split_columns` looks for a gutter: an x band at least ``MIN_GUTTER_HEIGHTS`` word
heights wide that no word of a run of consecutive lines covers, with ``MIN_SPLIT_LINES``
lines or more on each side of it (lines joined across it, or lines of one column
interleaved with the other's). A table's columns leave such a band too, but a
table's cells share their rows: when the two sides' lines stand at the same heights
(``TABLE_ALIGNED_SHARE`` of them or more), the lines are left as they are. Otherwise the
run's words are grouped into lines on each side of the gutter and given left column first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mseflow.reading.page import Line, Word

BINS = 400
"""Resolution of the x axis (the page's text width) when looking for a gutter."""
MIN_GUTTER_HEIGHTS = 3.0
"""Narrowest gutter, in median word heights."""
MIN_SPLIT_LINES = 5
"""Lines with words left of the gutter, and lines with words right of it, that a
two-column run needs on each side."""
MIDDLE = (0.15, 0.85)
"""The gutter lies within this share of the text's width (not a margin)."""
TABLE_ALIGNED_SHARE = 0.8
"""Share of one side's lines standing level with a line of the other side from which the
run is a table (rows), not two columns."""
MAX_GAP_HEIGHTS = 5.0
"""A vertical gap over this many word heights ends a run of columns."""
LEVEL_SHARE = 0.4
"""Two lines stand level when their centres differ by under this share of a word height.
A table cell's lone digit stands a little off its row's label (centred in the cell, no
descenders): measured 0.30–0.31 of a word height on the 486н point-8 table of family 10,
which split the table's rows into two columns once a lost degree digit was read back in
(:mod:`mseflow.reading.lost_numerals`); 0.3 was the limit."""

Grouper = Callable[[list[Word]], list[Line]]


@dataclass(frozen=True)
class _Run:
    start: int
    stop: int
    gutter: tuple[float, float]


def split_columns(lines: list[Line], group: Grouper) -> list[Line]:
    """``lines`` (top to bottom) with every two-column run read column by column.

    ``group`` turns a list of words into lines (the caller's own line grouping).
    """
    if len(lines) < MIN_SPLIT_LINES:
        return lines
    words = [w for line in lines for w in line.words]
    height = float(np.median([w.bbox[3] - w.bbox[1] for w in words]))
    x0, x1 = min(w.bbox[0] for w in words), max(w.bbox[2] for w in words)
    if x1 - x0 < 10 * height:
        return lines
    out: list[Line] = []
    done = 0
    for run in _runs(lines, x0, x1, height):
        out.extend(lines[done : run.start])
        out.extend(_read_run(lines[run.start : run.stop], run.gutter, group, height))
        done = run.stop
    out.extend(lines[done:])
    return out


def _free(line: Line, x0: float, x1: float) -> np.ndarray:
    """Which x bins no word of ``line`` covers."""
    free = np.ones(BINS, dtype=bool)
    scale = BINS / (x1 - x0)
    for w in line.words:
        a = max(0, int((w.bbox[0] - x0) * scale))
        b = min(BINS, int(np.ceil((w.bbox[2] - x0) * scale)))
        free[a:b] = False
    return free


def _widest_gap(free: np.ndarray, x0: float, x1: float) -> tuple[float, float] | None:
    """The widest free band within the middle of the width, in page units."""
    lo, hi = int(BINS * MIDDLE[0]), int(BINS * MIDDLE[1])
    best: tuple[int, int] | None = None
    start = None
    for i in range(lo, hi + 1):
        if i < hi and free[i]:
            start = i if start is None else start
            continue
        if start is not None and (best is None or i - start > best[1] - best[0]):
            best = (start, i)
        start = None
    if best is None:
        return None
    unit = (x1 - x0) / BINS
    return x0 + best[0] * unit, x0 + best[1] * unit


def _side(line: Line, gutter: tuple[float, float], side: int) -> bool:
    """Whether ``line`` has words left (``side`` 0) or right (1) of the gutter."""
    if side == 0:
        return any(w.bbox[2] <= gutter[0] for w in line.words)
    return any(w.bbox[0] >= gutter[1] for w in line.words)


def _runs(lines: Sequence[Line], x0: float, x1: float, height: float) -> list[_Run]:
    """Runs of consecutive lines sharing a gutter, with enough lines spanning it."""
    runs: list[_Run] = []
    frees = [_free(line, x0, x1) for line in lines]
    i = 0
    while i < len(lines):
        common = frees[i].copy()
        j = i
        while j + 1 < len(lines):
            if lines[j + 1].bbox[1] - lines[j].bbox[3] > MAX_GAP_HEIGHTS * height:
                break  # a wide empty stretch: the columns' block has ended
            trial = common & frees[j + 1]
            gap = _widest_gap(trial, x0, x1)
            if gap is None or gap[1] - gap[0] < MIN_GUTTER_HEIGHTS * height:
                break
            common, j = trial, j + 1
        gap = _widest_gap(common, x0, x1)
        if gap is not None and gap[1] - gap[0] >= MIN_GUTTER_HEIGHTS * height:
            left = sum(_side(line, gap, 0) for line in lines[i : j + 1])
            right = sum(_side(line, gap, 1) for line in lines[i : j + 1])
            if min(left, right) >= MIN_SPLIT_LINES:
                runs.append(_Run(i, j + 1, gap))
                i = j + 1
                continue
        i += 1
    return runs


def _centres(lines: Sequence[Line]) -> list[float]:
    return [(line.bbox[1] + line.bbox[3]) / 2 for line in lines]


def _level(side: Sequence[Line], other: Sequence[Line], height: float) -> float:
    """Share of ``side``'s lines standing level with a line of ``other``."""
    theirs = _centres(other)
    if not side or not theirs:
        return 1.0
    hits = sum(min(abs(c - t) for t in theirs) < LEVEL_SHARE * height for c in _centres(side))
    return hits / len(side)


def _read_run(
    run: list[Line], gutter: tuple[float, float], group: Grouper, height: float
) -> list[Line]:
    middle = (gutter[0] + gutter[1]) / 2
    words = [w for line in run for w in line.words]
    left = group([w for w in words if (w.bbox[0] + w.bbox[2]) / 2 < middle])
    right = group([w for w in words if (w.bbox[0] + w.bbox[2]) / 2 >= middle])
    smaller, larger = (left, right) if len(left) <= len(right) else (right, left)
    if _level(smaller, larger, height) >= TABLE_ALIGNED_SHARE:
        return run  # rows of a table: each row's cells stay on one line
    return [*left, *right]
