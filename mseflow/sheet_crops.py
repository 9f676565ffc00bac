"""Which side of a two-up sheet an evidence box was read on (``sheet_crop``).

A sheet holding two pages side by side is read as two pages (:mod:`mseflow.reading.two_up`),
each in its own pixels, both under the sheet's page number. A box alone does not say which
side it is on: :func:`with_sheet_crops` adds to each evidence and candidate of such a page
the side's crop on the sheet (:attr:`PageText.crop`), so the review station shows the box on
that side's image. A document holding both sides of one sheet names the side whose words lie
in the box; a box no side or both sides claim gets no crop (shown on no image: a box on the
wrong page is worse than none). Records of sheets that are one page are left as they are.

The two documents of one sheet share their pages (``[1]`` both): :func:`starts_right` tells
the store's identity (:func:`mseflow.records.sqlite.record_id`) the right one apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from mseflow.contract import BBox, Candidate, Evidence, Record

if TYPE_CHECKING:
    from mseflow.reading.page import PageText

_Item = TypeVar("_Item", Evidence, Candidate)

TOLERANCE = 2.0
"""Pixels a word's box may stand out of an evidence box and still be in it."""


def with_sheet_crops(record: Record, pages: Sequence[PageText]) -> Record:
    """``record`` with ``sheet_crop`` on the evidence and candidates read on a side of a sheet."""
    sides = [page for page in pages if page.crop is not None]
    if not sides:
        return record
    evidence = {name: _placed(ev, sides) for name, ev in record.evidence.items()}
    candidates = {
        name: [_placed(c, sides) for c in items] for name, items in record.candidates.items()
    }
    return record.model_copy(update={"evidence": evidence, "candidates": candidates})


def _placed(item: _Item, sides: Sequence[PageText]) -> _Item:
    crop = side_crop(sides, item.page, item.bbox, item.text)
    return item if crop is None else item.model_copy(update={"sheet_crop": crop})


def side_crop(
    sides: Sequence[PageText], number: int | None, bbox: BBox | None, text: str = ""
) -> BBox | None:
    """The crop of the side of sheet ``number`` that ``bbox`` was read on, or None."""
    if number is None or bbox is None:
        return None
    held = [side for side in sides if side.number == number]
    if len(held) > 1:
        held = [side for side in held if _holds(side, bbox, text)]
    if len(held) != 1 or held[0].crop is None:
        return None
    return list(held[0].crop)


def _holds(side: PageText, bbox: BBox, text: str) -> bool:
    """A word of ``side`` lies in ``bbox`` (and, when ``text`` is given, is part of it)."""
    x0, y0, x1, y1 = bbox
    for line in side.lines:
        for word in line.words:
            a, b, c, d = word.bbox
            inside = (
                a >= x0 - TOLERANCE
                and b >= y0 - TOLERANCE
                and c <= x1 + TOLERANCE
                and d <= y1 + TOLERANCE
            )
            if inside and (not text or word.text in text):
                return True
    return False


def starts_right(record: Record) -> bool:
    """The record's first page is the right side of a two-up sheet: every box it read on
    that page has a crop not starting at the sheet's left edge."""
    if not record.pages:
        return False
    items = [*record.evidence.values(), *(c for cs in record.candidates.values() for c in cs)]
    lefts = [i.sheet_crop[0] for i in items if i.page == record.pages[0] and i.sheet_crop]
    return bool(lefts) and min(lefts) > 0
