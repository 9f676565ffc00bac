"""A normalised, line-addressable view of a document span, and label search.

Each :class:`TextLine` keeps the words it came from, so a character range of
its normalised text maps back to word boxes for the evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from mseflow.contract import Evidence
from mseflow.extractors.cells import join_cells
from mseflow.extractors.text import normalise_word
from mseflow.reading.page import BoxTuple, Line, PageText, Word, union_boxes

LABEL_MIN_SCORE = 86.0
"""Least rapidfuzz partial-ratio for a printed label damaged by OCR."""


@dataclass(frozen=True, eq=False)
class TextLine:
    """One visual line of a page with its normalised text and the word offsets."""

    page: PageText
    index: int
    line: Line

    @cached_property
    def words(self) -> tuple[Word, ...]:
        """The line's non-empty words; letters printed in boxed cells joined into the words
        they spell (:mod:`mseflow.extractors.cells`)."""
        return join_cells(w for w in self.line.words if w.text.strip())

    @cached_property
    def text(self) -> str:
        """Normalised text: words normalised one by one and joined by single spaces."""
        return " ".join(normalise_word(w.text.strip()) for w in self.words)

    @cached_property
    def offsets(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of every word in :attr:`text`."""
        spans, pos = [], 0
        for w in self.words:
            n = len(normalise_word(w.text.strip()))
            spans.append((pos, pos + n))
            pos += n + 1
        return tuple(spans)

    @cached_property
    def bbox(self) -> BoxTuple:
        """The union of the line's word boxes."""
        return union_boxes(w.bbox for w in self.words)

    @property
    def confidence(self) -> float:
        """Mean OCR confidence of the line's words."""
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0

    def words_in(self, start: int, end: int) -> list[Word]:
        """Words overlapping the character range ``[start, end)`` of :attr:`text`."""
        return [
            w for w, (a, b) in zip(self.words, self.offsets, strict=True) if a < end and b > start
        ]

    def evidence(self, start: int = 0, end: int | None = None, quality: float = 1.0) -> Evidence:
        """Evidence for the text in ``[start, end)``: page, word boxes, text, confidence."""
        end = len(self.text) if end is None else end
        words = self.words_in(start, end) or list(self.words)
        conf = sum(w.confidence for w in words) / len(words) if words else 0.0
        return Evidence(
            page=self.page.number,
            bbox=[round(v, 2) for v in union_boxes(w.bbox for w in words)],
            text=" ".join(w.text for w in words),
            confidence=round(max(0.0, min(1.0, conf * quality)), 3),
        )


@dataclass(frozen=True, slots=True)
class LabelHit:
    """A label found on a line: the line, where the label ends and the match score."""

    line: TextLine
    start: int
    end: int
    score: float

    @property
    def rest(self) -> str:
        """The line's text after the label."""
        return self.line.text[self.end :]


class DocumentView:
    """All lines of a span in reading order (page by page, top to bottom).

    ``DocumentView(pages)`` for the same page objects as the last call returns that
    view again (every extractor of a span reads one view; nothing is recomputed).
    """

    _last: tuple[tuple[int, ...], DocumentView] | None = None

    def __new__(cls, pages: Sequence[PageText]) -> DocumentView:  # noqa: D102
        key = tuple(id(p) for p in pages) + tuple(len(p.lines) for p in pages)
        last = cls._last
        if (
            last is not None
            and last[0] == key
            and all(a is b for a, b in zip(last[1].pages, pages, strict=True))
        ):
            return last[1]
        view = super().__new__(cls)
        view._init(pages)
        cls._last = (key, view)
        return view

    def _init(self, pages: Sequence[PageText]) -> None:
        self.pages = list(pages)
        self.lines = [
            TextLine(page, i, line)
            for page in self.pages
            for i, line in enumerate(page.lines)
            if any(w.text.strip() for w in line.words)
        ]
        self._pos = {id(tl): i for i, tl in enumerate(self.lines)}

    def find_label(
        self, labels: Iterable[str], *, min_score: float = LABEL_MIN_SCORE
    ) -> list[LabelHit]:
        """Lines holding one of ``labels`` (case-insensitive, OCR-tolerant), best first per line."""
        hits: list[LabelHit] = []
        labels = [lab.lower() for lab in labels]
        for tl in self.lines:
            low = tl.text.lower()
            best = _best_label(low, labels, min_score)
            if best is not None:
                hits.append(LabelHit(tl, *best))
        return hits

    def next_line(self, tl: TextLine) -> TextLine | None:
        """The line after ``tl`` on the same page, if any."""
        pos = self._pos[id(tl)]
        if pos + 1 < len(self.lines) and self.lines[pos + 1].page is tl.page:
            return self.lines[pos + 1]
        return None


def _best_label(low: str, labels: list[str], min_score: float) -> tuple[int, int, float] | None:
    best: tuple[int, int, float] | None = None
    for label in labels:
        pos = low.find(label)
        if pos >= 0:
            return pos, pos + len(label), 100.0
        if len(label) < 6 or len(low) < len(label) * 0.6:
            continue
        al = fuzz.partial_ratio_alignment(label, low, score_cutoff=min_score)
        if al is not None and (best is None or al.score > best[2]):
            best = (al.dest_start, al.dest_end, al.score)
    return best


def value_after(view: DocumentView, hit: LabelHit, *, min_chars: int = 2) -> tuple[TextLine, int]:
    """Where the value of a label starts: after it on the same line, else the next line."""
    rest = hit.rest
    stripped = rest.lstrip(" :.-_)(")
    if len(stripped.strip()) >= min_chars:
        return hit.line, hit.end + (len(rest) - len(stripped))
    nxt = view.next_line(hit.line)
    if nxt is not None:
        return nxt, 0
    return hit.line, len(hit.line.text)


def first_found(
    view: DocumentView, labels: Iterable[str], *, min_score: float = LABEL_MIN_SCORE
) -> list[tuple[LabelHit, TextLine, int]]:
    """Every label hit with the line and offset where its value starts."""
    return [(hit, *value_after(view, hit)) for hit in view.find_label(labels, min_score=min_score)]
