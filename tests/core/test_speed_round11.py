"""Reading cost without changing the pages (issue 13, round 11).

Strikes through words are found by labelling the page's long horizontal runs band by band
(runs of rows holding ink) instead of over the whole page, and a page with no strike skips
the last labelling; OpenCV runs single-threaded like Tesseract. The pixels kept and the
strike boxes must be exactly those of the whole-page labelling, which the tests compute
the old way on the same pages.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from mseflow.reading import preprocess
from mseflow.reading.preprocess import Gray, ink_mask, spare_strikes, struck_runs


def whole_page_spare_strikes(mask: Gray, horizontal: Gray) -> Gray:
    """The round-10 form of :func:`spare_strikes`: one labelling over the whole page."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    h = mask.shape[0]
    struck = np.zeros(count, dtype=bool)
    for i in range(1, count):
        x, y, cw, ch = (int(v) for v in stats[i, :4])
        if y < 2 or y + ch + 2 > h:
            continue
        above = np.count_nonzero(mask[y - 2, x : x + cw])
        below = np.count_nonzero(mask[y + ch + 1, x : x + cw])
        struck[i] = min(above, below) >= preprocess.STRIKE_MIN_CONTACT * cw
    out = horizontal.copy()
    out[struck[labels]] = 0
    return out


def page(*, strikes: list[int], rules: list[int], letters: list[int]) -> Gray:
    """A white 400x600 page: a line of letter stems around each y of ``letters``, a stroke
    through them at each y of ``strikes``, a bare rule at each y of ``rules``."""
    gray = np.full((400, 600), 255, np.uint8)
    for y in letters:
        for x in range(40, 560, 12):
            gray[y - 12 : y + 12, x : x + 3] = 0
    for y in strikes:
        gray[y : y + 2, 30:570] = 0
    for y in rules:
        gray[y : y + 2, 20:580] = 0
    return gray


CASES = [
    # (name, strikes, rules, letters, strike boxes: the opening by an even-length line
    # shifts a run one pixel right, as in the doctest of struck_runs)
    ("clean page, letters only", [], [], [60, 200], []),
    ("rules only", [], [120, 300], [60], []),
    ("a line of letters under a rule", [], [48], [60], []),
    ("one strike through a word", [60], [300], [60, 200], [(31.0, 60.0, 571.0, 62.0)]),
    (
        "two strikes on two lines, a rule between",
        [60, 200],
        [130],
        [60, 200],
        [(31.0, 60.0, 571.0, 62.0), (31.0, 200.0, 571.0, 202.0)],
    ),
    ("a strike touching the page's top", [1], [], [], []),
]


@pytest.mark.parametrize(
    ("name", "strikes", "rules", "letters", "boxes"), CASES, ids=[c[0] for c in CASES]
)
def test_strikes_are_those_of_the_whole_page_labelling(
    name: str,
    strikes: list[int],
    rules: list[int],
    letters: list[int],
    boxes: list[tuple[float, float, float, float]],
) -> None:
    gray = page(strikes=strikes, rules=rules, letters=letters)
    mask = ink_mask(gray)
    runs = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (24, 1))
    )
    kept = spare_strikes(mask, runs)
    assert np.array_equal(kept, whole_page_spare_strikes(mask, runs)), name
    assert (kept is runs) == (not boxes)  # nothing struck: the runs themselves, no copy
    assert struck_runs(gray) == boxes


def test_opencv_runs_single_threaded_once_the_reading_is_imported() -> None:
    import mseflow.reading  # noqa: F401

    assert cv2.getNumThreads() == 1
