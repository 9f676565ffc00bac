"""Choice lines whose options are parted by commas («I, II, III (нужное подчеркнуть)»).

The 1031н certificate and the 486н IPRA print some choices with commas, not «/»: «впервые,
повторно (нужное подчеркнуть)», the group «I, II, III», the term «на срок до указанной даты,
бессрочно». Such a line is a choice line only with the hint on it or ending the line above,
and only when every option is short; the officer's mark is read as on a «/» line. An address
or a sentence with commas is never one.
"""

from __future__ import annotations

import functools

import pytest

from mseflow.reading import read_bytes
from mseflow.reading.marks import choice_lines
from mseflow.reading.page import OptionMark, PageText
from mseflow.settings import ReadingSettings

from .option_sheet import Row, sheet_pdf

GROUP = "Группа инвалидности:"
FIRST = "Инвалидность установлена"
CASES: list[tuple[str, Row, tuple[str, str] | None]] = [
    ("group-no-hint", Row(GROUP, ("I", "II", "III"), underline=(2,), separator=",", hint=""), None),
    ("group-underlined", Row(GROUP, ("I", "II", "III"), underline=(2,), separator=","), ("III", "underline")),
    ("group-circled", Row(GROUP, ("I", "II", "III"), circle=(0,), separator=","), ("I", "circle")),
    ("group-others-struck", Row(GROUP, ("I", "II", "III"), strike=(0, 2), separator=","), ("II", "struck_others")),
    ("first-underlined", Row(FIRST, ("впервые", "повторно"), underline=(1,), separator=","), ("повторно", "underline")),
    ("term-indefinite-underlined", Row("на срок до указанной даты,", ("бессрочно",), underline=(0,)), ("бессрочно", "underline")),
    # the first option's words are told from its label only by the next option's length, so
    # an underline under both «указанной даты» reaches past it: no mark (the date filled in
    # on the term's line is read instead)
    ("term-date-underlined", Row("на срок до", ("указанной даты", "бессрочно"), underline=(0,), separator=","), None),
    ("group-unmarked", Row(GROUP, ("I", "II", "III"), separator=","), None),
]  # fmt: skip
"""(id, row, expected (option, kind) or None); the first row has no hint above it."""


@functools.cache
def page() -> PageText:
    [read] = read_bytes(sheet_pdf([c[1] for c in CASES]), ReadingSettings())
    assert read.source == "text_layer"
    return read


def _marks() -> dict[int, OptionMark]:
    return {mark.line - 1: mark for mark in page().marks}


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_comma_choice_marks(index: int) -> None:
    got = _marks().get(index)
    expected = CASES[index][2]
    if expected is None:
        assert got is None, got
    else:
        assert got is not None
        assert (got.option, got.kind) == expected


def test_comma_options_are_split() -> None:
    lines = {line.index - 1: line for line in choice_lines(page())}
    assert [s.text for s in lines[1].segments] == ["I", "II", "III"]
    assert 0 not in lines  # no hint: an ordinary line with commas


def test_address_after_hint_is_no_choice() -> None:
    rows = [
        Row("Группа инвалидности", (), hint="(нужное подчеркнуть)"),
        Row("Адрес: г. Новоречинск, ул. Заречная, д. 46, кв. 122", (), hint=""),
    ]
    [read] = read_bytes(sheet_pdf(rows), ReadingSettings())
    assert [line.index for line in choice_lines(read)] == []
