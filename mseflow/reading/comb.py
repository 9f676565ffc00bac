"""Values written into character cells («клеточки»): one letter per cell, joined back into words.

Blank forms print their fill-in fields as rows of boxes, one character each (the
series, number and dates of a certificate, a surname). A text layer then holds every
character as a word of its own («Т а л ь н и к о в»), and so does OCR once the cell
walls are erased (:func:`mseflow.reading.preprocess.remove_rules`): no extractor
recognises «0 8 . 0 8 . 1 9 7 0» as a date or «М С Э - 2 0 1 9» as a series.

:func:`join_cells` finds, on one line, a run of single-character words at a regular
pitch, the pitch close to the characters' height (cells are about square; the options
of a choice line or the columns of a «+/−» table stand much further apart), and joins
the characters of each group into one word; an empty cell (a gap well over the run's
usual gap) is a space between two words. A group of digits only is joined from four
characters (a date, a number), any other from two, and only when the run holds four
characters or more, so «1 2 3» options and stray single letters stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from mseflow.reading.page import Word, union_boxes

CELL_CHARS = frozenset(".-/,")
"""Besides letters and digits, what a cell (or the gap between two cells) may hold."""
MIN_RUN = 4
"""Single characters a run needs before it is read as cells."""
GAP_FACTOR = 1.6
"""A gap over this many times the run's median gap (plus a little) is an empty cell: a space."""
PITCH_LOW, PITCH_HIGH = 0.55, 1.45
"""Centre-to-centre steps inside a group stay within these shares of the run's pitch."""
MAX_PITCH_PER_HEIGHT = 2.2
"""Cells are about square: a pitch over this many character heights is a table's columns."""
MIN_PITCH_PER_HEIGHT = 0.5


def _cell_char(word: Word) -> bool:
    text = word.text
    return len(text) == 1 and (text.isalnum() or text in CELL_CHARS)


def join_cells(words: Sequence[Word]) -> list[Word]:
    """The words of one line (left to right) with cell-written characters joined.

    >>> ws = [Word(c, (10.0 * i, 0, 10.0 * i + 6, 12)) for i, c in enumerate("Цой")]
    >>> ws += [Word(c, (10.0 * i + 40, 0, 10.0 * i + 46, 12)) for i, c in enumerate("Ли")]
    >>> [w.text for w in join_cells(ws)]
    ['Цой', 'Ли']
    >>> [w.text for w in join_cells([Word(c, (30.0 * i, 0, 30.0 * i + 6, 12)) for i, c in enumerate("1234")])]
    ['1', '2', '3', '4']
    >>> [w.text for w in join_cells([Word("Группа", (0, 0, 40, 12)), Word("в", (45, 0, 50, 12))])]
    ['Группа', 'в']
    """
    out: list[Word] = []
    run: list[Word] = []
    for word in [*words, None]:
        if word is not None and _cell_char(word):
            run.append(word)
            continue
        out.extend(_join_run(run))
        run = []
        if word is not None:
            out.append(word)
    return out


def _groups(run: list[Word]) -> list[list[Word]]:
    gaps = [b.bbox[0] - a.bbox[2] for a, b in zip(run, run[1:], strict=False)]
    limit = GAP_FACTOR * max(0.0, median(gaps)) + 0.15 * _height(run)
    groups: list[list[Word]] = [[run[0]]]
    for gap, word in zip(gaps, run[1:], strict=True):
        if gap > limit:
            groups.append([word])
        else:
            groups[-1].append(word)
    return groups


def _height(words: Sequence[Word]) -> float:
    return max(w.bbox[3] - w.bbox[1] for w in words)


def _centre(word: Word) -> float:
    return (word.bbox[0] + word.bbox[2]) / 2


def _join_run(run: list[Word]) -> list[Word]:
    if len(run) < MIN_RUN:
        return run
    groups = _groups(run)
    steps = [_centre(b) - _centre(a) for g in groups for a, b in zip(g, g[1:], strict=False)]
    if len(steps) < MIN_RUN - 1:
        return run
    pitch = median(steps)
    height = _height(run)
    if not MIN_PITCH_PER_HEIGHT * height <= pitch <= MAX_PITCH_PER_HEIGHT * height:
        return run
    out: list[Word] = []
    for group in groups:
        out.extend([_joined(group)] if _regular(group, pitch) else group)
    return out


def _regular(group: list[Word], pitch: float) -> bool:
    """A group that reads as characters in consecutive cells."""
    digits = all(w.text.isdigit() for w in group)
    if len(group) < (4 if digits else 2):
        return False
    steps = [_centre(b) - _centre(a) for a, b in zip(group, group[1:], strict=False)]
    return all(PITCH_LOW * pitch <= s <= PITCH_HIGH * pitch for s in steps)


def _joined(group: list[Word]) -> Word:
    glyphs = tuple(g for w in group for g in w.glyphs)
    return Word(
        "".join(w.text for w in group),
        union_boxes(w.bbox for w in group),
        min(w.confidence for w in group),
        glyphs if len(glyphs) == len(group) else (),
        confirmed=all(w.confirmed for w in group),
    )
