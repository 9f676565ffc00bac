"""Values printed in boxed one-character cells («знакоместа»), read back as words.

Forms meant for machine reading give each character a cell of its own: a name as
«Ч|Е|Б|О|Т|А|Р|Ё|В|А», a date as «2|0|.|0|1|.|1|9|6|7», a series and number as
«М|С|Э|-|2|0|2|3» and «5|4|2|7|7|3|4», an empty cell between the words. Examples of
the layout in Russian official paperwork (paraphrased, not quoted): the sick-leave
certificate «листок нетрудоспособности» (form of Приказ Минздравсоцразвития России от
26.04.2011 № 347н; its filling-in rules, Приказ № 624н of 29.06.2011, ask for printed
capitals one to a cell from the first cell), the tax service's machine-readable forms
(each field a row of character cells, «знакоместа»), the referral to MSE № 088/у
(СНИЛС and dates in cells). *Unverified* whether any bureau prints a certificate so; the
layout is supported because the value reads the same either way. A text layer gives one word
per cell, OCR of a clean scan one word per cell too.

OCR that reads the cells' rules between the letters («[Х[а|с|а|н|о|в|а|», «1519171031813]»
for «5970383») is left as read: a digit cannot be told from the rule beside it (1 / |),
and letters squeezed between rules were misread often enough on family-8 scans that
stripping the rules gave wrong names as well as right ones (a wrong name is worse than a
null). Removing the rules from the image before OCR is the reading layer's work.

:func:`join_cells` turns such runs back into words: single-character words spaced at
one cell's pitch are one word, an empty cell (a gap of about two pitches) ends it.
Ordinary text seldom prints four one-letter words in a row at an even pitch; prose
prepositions («в», «с», «и») never stand so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from mseflow.reading.page import Word, union_boxes

MIN_CELLS = 4
"""Least one-character words in a row read as cells: a date, a series or a number fills
eight, seven or more, a name's words four or more; three in a row («1 2 3», the degree
columns of a table header printed close) are left alone."""
PITCH_SLACK = 0.3
"""How far one step may differ from the run's pitch (a fraction of it) and stay a cell."""
EMPTY_CELL = 1.6
"""A step this many pitches wide (or wider) passes an empty cell: the word ends there."""
MAX_STEP = 3.0
"""Steps wider than this many character heights leave the cells (another column)."""
CELL_CHAR = re.compile(r"^[0-9A-Za-zА-Яа-яЁё.\-/]$")
"""What a cell holds: a letter, a digit, or a date's or a double surname's separator."""


def _cell(word: Word) -> bool:
    return CELL_CHAR.match(word.text.strip()) is not None


def _merged(run: Sequence[Word]) -> Word:
    """One word of a run of cells: the characters joined, the boxes united, as sure as its
    least sure cell."""
    return Word(
        text="".join(w.text.strip() for w in run),
        bbox=union_boxes(w.bbox for w in run),
        confidence=min(w.confidence for w in run),
    )


def _alnum(word: Word) -> bool:
    return word.text.strip().isalnum()


def _pitch(run: Sequence[Word]) -> float:
    """The median step between letters or digits of the run (a separator may sit between
    two cells, «2|0|.|0|1», or take a cell of its own, «Э|-|2»: its steps do not count)."""
    steps = sorted(
        b.bbox[0] - a.bbox[0] for a, b in zip(run, run[1:], strict=False) if _alnum(a) and _alnum(b)
    )
    return steps[len(steps) // 2] if steps else 0.0


def _step_fits(a: Word, b: Word, pitch: float) -> bool | None:
    """True: ``b`` is the cell after ``a``; None: an empty cell between them; False: uneven."""
    step = b.bbox[0] - a.bbox[0]
    if not (_alnum(a) and _alnum(b)):
        return 0 < step <= (1 + PITCH_SLACK) * pitch
    if step >= EMPTY_CELL * pitch:
        return None
    return abs(step - pitch) <= PITCH_SLACK * pitch


def _words_of_run(run: list[Word]) -> list[Word]:
    """A run of one-character words: cells joined into words, split at empty cells; a run
    whose steps are not one even pitch stays as it is."""
    if len(run) < MIN_CELLS:
        return run
    pitch = _pitch(run)
    if pitch <= 0:
        return run
    groups: list[list[Word]] = [[run[0]]]
    for a, b in zip(run, run[1:], strict=False):
        fits = _step_fits(a, b, pitch)
        if fits is None:
            groups.append([b])
        elif fits:
            groups[-1].append(b)
        else:
            return run  # uneven steps: words of a sentence, not cells
    if max(len(g) for g in groups) < 2:
        return run
    out: list[Word] = []
    for g in groups:
        spelt = any(_alnum(w) for w in g)
        out.extend([_merged(g)] if len(g) > 1 and spelt else g)
    return out


def _close(a: Word, b: Word) -> bool:
    """``b`` is the next cell of ``a``'s row (not a word of another column)."""
    height = max(1.0, a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])
    return 0 < b.bbox[0] - a.bbox[0] <= MAX_STEP * height


def join_cells(words: Iterable[Word]) -> tuple[Word, ...]:
    """``words`` with runs of one-character cells read as the words they spell.

    >>> cells = [Word(ch, (10.0 * i, 0, 10.0 * i + 6, 10), 1.0) for i, ch in enumerate("ИВАН")]
    >>> [w.text for w in join_cells(cells)]
    ['ИВАН']
    >>> gap = [Word(ch, (10.0 * i + 50, 0, 10.0 * i + 56, 10), 1.0) for i, ch in enumerate("ЛИ")]
    >>> [w.text for w in join_cells(cells + gap)]
    ['ИВАН', 'ЛИ']
    """
    out: list[Word] = []
    run: list[Word] = []
    for w in words:
        if _cell(w) and (not run or _close(run[-1], w)):
            run.append(w)
            continue
        out.extend(_words_of_run(run))
        run = [w] if _cell(w) else []
        if not run:
            out.append(w)
    out.extend(_words_of_run(run))
    return tuple(out)
