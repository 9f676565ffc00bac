"""Round 16 (helper `marks14`): what OCR leaves of a hand tick in a ticked table's mark column.

The 486н work block as a ticked table (options at the left, a column «Отметка» at the right,
the chosen rows ticked there). On a thin or creased scan the Russian model reads a hand «V» /
«✓» as the one stroke it still sees, «\\» or «/», or as «\\/»; what is left of a mark is still a
mark, since nothing printed stands alone in that column. A bare «|» there is a table rule,
never a tick. Pages are built here, word by word, as OCR reports them.
"""

from __future__ import annotations

import pytest

from .test_fields_round15 import CONTRA, _table
from .test_worklists_round9 import C, lists_of, page_of

A = "работы на открытом воздухе в холодный период года"
B = "работы в командировках с переездами"
T = "работы с токсичными химическими веществами"

STROKES = [
    ("\\", "\\", [A, T]),  # the V's left stroke
    ("/", "/", [A, T]),  # its right stroke (or a ✓'s long one)
    ("\\/", "\\", [A, T]),  # both strokes, cut apart
    ("\\", "", [A]),  # one tick only
    ("|", "\\", [T]),  # a table rule beside the first option: no mark there
]


@pytest.mark.parametrize(("first", "third", "want"), STROKES)
def test_tick_stroke_in_mark_column(first: str, third: str, want: list[str]) -> None:
    rows = [(A, first), (B, ""), (T, third)]
    got = lists_of(page_of(_table(rows, CONTRA), "ocr"))
    assert got.get(C, []) == want


def test_stroke_on_a_text_layer_is_no_tick() -> None:
    """A text layer prints its marks as glyphs: a lone «/» there is no OCR remnant."""
    rows = [(A, "V"), (B, "/"), (T, "")]
    got = lists_of(page_of(_table(rows, CONTRA), "text_layer"))
    assert got.get(C, []) == [A]
