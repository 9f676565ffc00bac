"""Error contract of the noisy parsers: on any text they return a value or None, never raise.

Dates, Roman numerals, group/degree readers, cause matching, the incapable-note
matcher and OCR normalisation must not raise TypeError, AttributeError,
UnicodeError or IndexError on arbitrary input, nor hang.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mseflow.extractors.cause import match_cause
from mseflow.extractors.dates import find_dates
from mseflow.extractors.degree import read_degree
from mseflow.extractors.group import read_group
from mseflow.extractors.incapable import find_note
from mseflow.extractors.text import normalise_line, roman_to_int, squash

ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГПШIlМСЭ0123456789 .,:;-/()«»№\n")
)
TEXTS = st.text(alphabet=ALPHABET, max_size=80)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_parsers_never_raise(text: str) -> None:
    line = normalise_line(text)
    assert isinstance(squash(text), str)
    assert all(d.start < d.end for d in find_dates(line))
    roman_to_int(text)
    read_group(line)
    read_degree(line, 0)
    match_cause(line)
    find_note(line)
