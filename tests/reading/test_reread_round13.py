"""Round 13: a contradicted year spreads its doubt over its whole date, month name included."""

from __future__ import annotations

import pytest

from mseflow.reading.page import Word
from mseflow.reading.reread import _run


def line(*texts: str) -> list[Word]:
    """Words of one line, 20 px high, a space (8 px) apart."""
    words, x = [], 0.0
    for text in texts:
        width = 14.0 * len(text)
        words.append(Word(text, (x, 0.0, x + width, 20.0), 0.96))
        x += width + 8
    return words


@pytest.mark.parametrize(
    ("texts", "contradicted", "doubted"),
    [
        (("25", "февраля", "2018", "г."), 2, ["25", "февраля", "2018"]),  # f11 grey16 page
        (("1", "марта", "2018", "г."), 2, ["марта", "2018"]),  # a lone digit is no number word
        (("07", "08", "2016"), 0, ["07", "08", "2016"]),
        (("группа", "II", "с", "2018"), 3, ["2018"]),  # no date around it: the year alone
        (("Серия", "МСЭ-2013", "№", "1785521"), 3, ["1785521"]),
    ],
)
def test_doubt_spreads_over_a_date(
    texts: tuple[str, ...], contradicted: int, doubted: list[str]
) -> None:
    words = line(*texts)
    assert sorted(words[j].text for j in _run(words, contradicted)) == sorted(doubted)
