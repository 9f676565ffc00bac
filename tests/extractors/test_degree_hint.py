"""The printed choices of the degree label («(I, II, III)», «(1, 2, 3)») are never the degree."""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.degree import DegreeExtractor, read_degree

from .pages import make_page

ROWS = [
    ("деятельности (I, II, III): 3", 3),
    ("I, II, III): 3", 3),
    ("Степень ограничения (1, 2, 3): II", 2),
    ("трудовая деятельность 2", 2),
    ("(1, 2, 3)", None),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_read_degree_skips_the_choices(text: str, expected: int | None) -> None:
    found = read_degree(text, 0)
    assert (found[0] if found else None) == expected


def test_wrapped_label_with_choices_gives_the_filled_value() -> None:
    page = make_page(
        [
            "8. Степень ограничения способности к трудовой",
            "деятельности (I, II, III): 3",
            "9. Дата очередного переосвидетельствования: -",
        ]
    )
    values = {
        fv.value for fv in DegreeExtractor().extract(DocumentSpan(DocType.mse_certificate, [page]))
    }
    assert values == {3}
