"""The word-level page model every extractor reads.

Coordinates: ``bbox`` is ``(x0, y0, x1, y1)`` with the origin at the top-left corner
of the page; units are **PDF points** for text-layer pages and **pixels of the
image OCR saw** (after deskew/rotation) for OCR pages. ``PageText.unit`` says which.
Confidences are 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BoxTuple = tuple[float, float, float, float]
PageSource = Literal["text_layer", "ocr"]

OCR_TIMEOUT = "ocr_timeout"
"""Page problem: OCR ran past ``ReadingSettings.ocr_timeout_s``; the page's text is missing."""


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character of an OCR word: how sure the engine was, and its closest rival.

    ``confidence`` is the engine's 0..1 certainty for the character; ``rival`` the
    best other reading of the same glyph (``""`` when the engine saw none) and
    ``margin`` how far it fell behind, 0..1 (1.0: no rival; near 0: a coin toss).
    """

    text: str
    confidence: float
    rival: str = ""
    margin: float = 1.0


@dataclass(frozen=True, slots=True)
class Word:
    """One word as read: its text, box and confidence (1.0 for text-layer words).

    OCR words also carry their ``glyphs`` (per-character confidence and rivals,
    :class:`Glyph`); ``confidence`` is then no surer than the word's least sure
    character (:mod:`mseflow.reading.reread`).
    """

    text: str
    bbox: BoxTuple
    confidence: float = 1.0
    glyphs: tuple[Glyph, ...] = field(default=(), repr=False, compare=False)
    confirmed: bool = field(default=False, repr=False)
    """The engine read the word's crop again alone and agreed: a Roman numeral whose second
    reading made as many strokes (:mod:`mseflow.reading.roman`). A page pass's confidence,
    however high, is no second reading."""


@dataclass(frozen=True, slots=True)
class Line:
    """A visual line of words, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The line's words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BoxTuple:
        """The union of the words' boxes."""
        return union_boxes(w.bbox for w in self.words)

    @property
    def confidence(self) -> float:
        """The mean word confidence (0 for an empty line)."""
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)


@dataclass(frozen=True, slots=True)
class Checkbox:
    """A square box found on the page and whether it is ticked."""

    bbox: BoxTuple
    checked: bool
    confidence: float = 1.0


MarkKind = Literal["underline", "circle", "tick", "struck_others"]
"""How an option was marked: underlined, circled, ticked before it, or every other struck out."""


@dataclass(frozen=True, slots=True)
class OptionMark:
    """The one option of a printed choice line («впервые / повторно (нужное подчеркнуть)»)
    that the officer marked; found by :mod:`mseflow.reading.marks`.

    ``option`` is the chosen option's printed text, ``options`` every option of the
    line in order, ``line`` the index of the line in :attr:`PageText.lines`, ``bbox``
    the chosen option's words (page units).
    """

    option: str
    kind: MarkKind
    bbox: BoxTuple
    line: int
    options: tuple[str, ...] = ()
    confidence: float = 1.0
    listed: bool = False
    """The options are printed one under another, a row (or two) each, under the hint
    («Заключение о рекомендуемом характере и условиях труда (нужное подчеркнуть):»);
    ``line`` is the chosen row's first line. A list may have more than one chosen row
    (:func:`mseflow.reading.marks.option_rows`); choice-line readers skip these."""


@dataclass(slots=True)
class PageText:
    """One page of one input file after reading."""

    number: int
    source: PageSource
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    checkboxes: list[Checkbox] = field(default_factory=list)
    rotation: int = 0
    skew_degrees: float = 0.0
    problems: list[str] = field(default_factory=list)
    """Page-level reading problems (issue codes, e.g. :data:`OCR_TIMEOUT`); the pipeline
    turns each into a validation issue on the records holding the page."""
    marks: list[OptionMark] = field(default_factory=list)
    """Marked options of the page's choice lines (only those marked unambiguously)."""
    strikes: list[BoxTuple] = field(default_factory=list)
    """Horizontal strokes running through the middle of a line's words: the options struck
    out of a list printed whole («ненужное зачёркнуто»); found by
    :func:`mseflow.reading.strikes.find_strikes`."""
    sides: list[PageText] = field(default_factory=list)
    """A sheet holding two pages side by side (:mod:`mseflow.reading.two_up`): each page,
    left then right, read on its own in its own coordinates; the documents are split over
    these, not over the sheet. Empty for a sheet that is one page."""
    crop: BoxTuple | None = None
    """A side of a two-up sheet: where it lies on the sheet's image as read (pixels of the
    page image before any normalisation: the decoded frame, the PDF page rendered at
    ``ReadingSettings.dpi``); its own boxes are in its own pixels. None for a whole page."""

    @property
    def unit(self) -> Literal["pt", "px"]:
        """Unit of every box on this page."""
        return "pt" if self.source == "text_layer" else "px"

    @property
    def text(self) -> str:
        """The page's lines joined by newlines."""
        return "\n".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float:
        """Mean word confidence over the page (0 when empty)."""
        words = [w for line in self.lines for w in line.words]
        if not words:
            return 0.0
        return sum(w.confidence for w in words) / len(words)


def union_boxes(boxes: object) -> BoxTuple:
    """Return the smallest box holding every box in ``boxes``.

    >>> union_boxes([(1, 2, 3, 4), (0, 5, 2, 6)])
    (0, 2, 3, 6)
    """
    items = list(boxes)  # type: ignore[call-overload]
    if not items:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        min(b[0] for b in items),
        min(b[1] for b in items),
        max(b[2] for b in items),
        max(b[3] for b in items),
    )
