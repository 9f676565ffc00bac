"""Which option of a printed choice line the officer marked («нужное подчеркнуть»).

Blank forms print choices on one line: «Инвалидность установлена: впервые / повторно
(нужное подчеркнуть)», «на срок до ____ / бессрочно», «Трудовая деятельность: доступна /
противопоказана». The chosen option is underlined, circled, ticked before it, or every
other option is struck out. Text alone does not show which, so this module looks at the
graphics around the words of each choice line:

* text-layer PDFs: the page's vector paths (pypdfium2 page objects) —
  :func:`mseflow.reading.vector_marks.find_vector_marks`;
* scans: small bands of the deskewed page image around the OCR words of the choice
  lines only (no second OCR pass of the page) —
  :func:`mseflow.reading.raster_marks.find_raster_marks`.

This module finds the choice lines and decides each line's mark from what those found.
It also finds the option lists printed one option a row under the hint
(:func:`option_rows`, 486н «Заключение о рекомендуемом характере и условиях труда (нужное
подчеркнуть):»), whose chosen rows are underlined or circled (:func:`decide_rows`).

A horizontal stroke under an option's words is an underline, one through their middle a
strike; a closed curve (a ring of ink) around them a circle; a tick shape, a tick glyph
(✓ V X ■) or a ticked box just before them a tick. A stroke that reaches into another
option (a table rule, a fill-in rule under the whole line) marks nothing; printed
underscores «____» for a fill-in are never an underline. A line counts only when exactly
one option is marked, or every option but one is struck out (:func:`decide`); anything
else gives no mark: a wrong value is worse than a null.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from mseflow.reading.page import BoxTuple, Checkbox, Line, MarkKind, OptionMark, PageText, Word

SEPARATOR = "/"
TICK_GLYPHS = frozenset("✓✔☑☒✗✘×■●VvXx√")
"""A word made only of these, just before an option, is a tick mark."""
NUMERIC_SLASH = re.compile(r"\d\s*/\s*\d")
OPTION_DIGITS = re.compile(r"^[1-3](?:/[1-3])+$")
FILL_IN = re.compile(r"^[_.…\-—]{2,}$")
"""A printed blank for a fill-in (never an underline), or a stand-in for lost print."""
HINT_START = "("
HINT_WORD = re.compile(r"подчеркн|нужное", re.IGNORECASE)

MIN_COVER = 0.8
"""A stroke must run under/through this share of an option word."""
GRAZE = 0.3
"""A stroke over this share of a word of another option marks nothing (a rule)."""


@dataclass(slots=True)
class Segment:
    """One option of a choice line: its words, the option's own words (``core``), marks."""

    words: list[Word] = field(default_factory=list)
    core: list[Word] = field(default_factory=list)
    ticked_glyph: bool = False
    positive: set[str] = field(default_factory=set)
    struck: bool = False
    hit: list[Word] = field(default_factory=list)
    """The core words an underline or a circle covers (the option as marked)."""
    ring: BoxTuple | None = None
    """The circle's box (scans), where its inside can be read again."""

    @property
    def text(self) -> str:
        """The option's printed text."""
        return " ".join(w.text for w in self.core)

    @property
    def marked_text(self) -> str:
        """The words the mark covers, in order (the whole option when a strike chose it)."""
        words = [w for w in self.core if w in self.hit] or self.core
        return " ".join(w.text for w in words)

    def mark(self, kind: str, words: Iterable[Word]) -> None:
        """Note a positive mark of ``kind`` over ``words``."""
        self.positive.add(kind)
        self.hit.extend(w for w in words if w not in self.hit)

    @property
    def bbox(self) -> BoxTuple:
        """The union of the option's marked words (all its words when none is noted)."""
        boxes = [w.bbox for w in self.core if w in self.hit] or [w.bbox for w in self.core]
        boxes = boxes or [w.bbox for w in self.words]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass(slots=True)
class ChoiceLine:
    """A line of the page that prints two or more options separated by «/»."""

    index: int
    line: Line
    segments: list[Segment]
    single: bool = False
    """A scanned line with the hint «(нужное подчеркнуть)» but no options left to read
    (the OCR ran a circled option into its ring): only a ring counts, and only with its
    inside read again."""

    @property
    def band(self) -> tuple[float, float]:
        """(top, bottom) of the line: the medians of its words' tops and bottoms."""
        tops = sorted(w.bbox[1] for w in self.line.words)
        bottoms = sorted(w.bbox[3] for w in self.line.words)
        return tops[len(tops) // 2], bottoms[len(bottoms) // 2]

    @property
    def height(self) -> float:
        """The line's height (median word height)."""
        top, bottom = self.band
        return max(1.0, bottom - top)


# ---- finding choice lines ---------------------------------------------------------------


def _split_word(word: Word) -> list[Word | None]:
    """A word holding «/» cut into its pieces (``None`` stands for each separator).

    >>> [w.text if w else None for w in _split_word(Word("впервые/повторно", (0, 0, 160, 10)))]
    ['впервые', None, 'повторно']
    >>> [w.text for w in _split_word(Word("49.47.72/2025", (0, 0, 10, 10)))]
    ['49.47.72/2025']
    """
    text = word.text
    if SEPARATOR not in text or (NUMERIC_SLASH.search(text) and not OPTION_DIGITS.match(text)):
        return [word]
    if text == SEPARATOR:
        return [None]
    x0, y0, x1, y1 = word.bbox
    step = (x1 - x0) / max(1, len(text))
    out: list[Word | None] = []
    pos = 0
    for i, piece in enumerate(text.split(SEPARATOR)):
        if i:
            out.append(None)
            pos += 1
        if piece:
            a, b = x0 + pos * step, x0 + (pos + len(piece)) * step
            out.append(Word(piece, (a, y0, b, y1), word.confidence))
        pos += len(piece)
    return out


def _is_tick_word(text: str) -> bool:
    return bool(text) and all(ch in TICK_GLYPHS for ch in text) and len(text) <= 2


def _core(words: list[Word], first: bool, last: bool, width_hint: int) -> tuple[list[Word], bool]:
    """The option's own words of a segment, and whether a tick glyph stands before them."""
    core = list(words)
    if last:
        cut = next(
            (
                i
                for i, w in enumerate(core)
                if i and (w.text.startswith(HINT_START) or HINT_WORD.search(w.text))
            ),
            None,
        )
        core = core[:cut] if cut is not None else core
    if first:
        colon = [i for i, w in enumerate(core) if w.text.endswith(":")]
        if colon:
            core = core[colon[-1] + 1 :]
        elif len(core) > width_hint:
            keep = core[-width_hint:]
            before = core[-width_hint - 1] if len(core) > width_hint else None
            if before is not None and (
                _is_tick_word(before.text) or all(FILL_IN.match(w.text) for w in keep)
            ):
                keep = [before, *keep]
            core = keep
    ticked = False
    while core and _is_tick_word(core[0].text):
        ticked = True
        core = core[1:]
    if not ticked and first and words and core:
        pos = words.index(core[0])
        ticked = pos > 0 and _is_tick_word(words[pos - 1].text)
    return core, ticked


VANISHED = "……"
"""Text of a stand-in word for print the OCR lost: a wide gap inside a choice line (a
struck-out option or a fill-in blank is often not read at all)."""
GAP_LINES = 2.5
"""A gap this many line heights wide inside a choice line holds lost print."""


def _with_vanished(words: list[Word]) -> list[Word | None]:
    """The line's words with a stand-in word in every wide gap (scans only).

    A line without «/» but with the hint «(нужное подчеркнуть)» and one gap gets a
    separator beside its stand-in: after it when the gap follows the label's colon,
    before it otherwise («Трудовая деятельность: ~~доступна~~ / противопоказана» read as
    «Трудовая деятельность: противопоказана (нужное подчеркнуть)»).
    """
    if len(words) < 2:
        return list(words)
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    height = heights[len(heights) // 2]
    tops = sorted(w.bbox[1] for w in words)
    top, bottom = tops[len(tops) // 2], tops[len(tops) // 2] + height
    separated = any(SEPARATOR in w.text for w in words)
    hinted = any(HINT_WORD.search(w.text) for w in words)
    out: list[Word | None] = [words[0]]
    gaps = 0
    for prev, word in zip(words, words[1:], strict=False):
        beside_separator = prev.text.endswith(SEPARATOR) or word.text.startswith(SEPARATOR)
        if separated and not beside_separator:
            pass  # a gap away from every «/»: another table cell, not a lost option
        elif word.bbox[0] - prev.bbox[2] >= GAP_LINES * height:
            x0, x1 = prev.bbox[2] + 0.25 * height, word.bbox[0] - 0.25 * height
            stand_in = Word(VANISHED, (x0, top, x1, bottom), 0.0)
            gaps += 1
            if separated or not hinted:
                out.append(stand_in)
            elif prev.text.endswith(":"):
                out.extend([stand_in, None])
            else:
                out.extend([None, stand_in])
        out.append(word)
    if not separated and gaps != 1:
        return list(words)
    return out


def choice_lines(page: PageText, vanished: bool = False) -> list[ChoiceLine]:
    """Lines of ``page`` that print options separated by «/» (cheap: text only).

    ``vanished`` (scans): wide gaps get stand-in words (:func:`_with_vanished`), so a
    struck-out option or a blank the OCR did not read still counts as an option.
    """
    out: list[ChoiceLine] = []
    for index, line in enumerate(page.lines):
        words: list[Word | None] = list(line.words)
        separated = any(SEPARATOR in w.text for w in line.words)
        if vanished and (separated or any(HINT_WORD.search(w.text) for w in line.words)):
            words = _with_vanished(list(line.words))
        if not separated and None not in words:
            above = page.lines[index - 1] if index else None
            words = _comma_options(line, above)
            if None not in words:
                continue
        parts: list[list[Word]] = [[]]
        for word in words:
            for piece in [None] if word is None else _split_word(word):
                if piece is None:
                    parts.append([])
                else:
                    parts[-1].append(piece)
        if len(parts) < 2 or any(not _has_text(p) for p in parts):
            continue
        last = len(parts) - 1
        segments = [Segment(words=parts[0])]
        for i, part in enumerate(parts[1:], start=1):
            core, ticked = _core(part, False, i == last, 1)
            segments.append(Segment(words=part, core=core, ticked_glyph=ticked))
        hint = max(1, min(len(segments[1].core), 4))
        segments[0].core, segments[0].ticked_glyph = _core(parts[0], True, False, hint)
        if all(s.core for s in segments):
            out.append(ChoiceLine(index, Line(tuple(w for p in parts for w in p)), segments))
    return out


COMMA_OPTION_WORDS = 6
"""Most words an option of a comma-separated choice may have («на срок до указанной даты»)."""
COMMA_OPTIONS = 4
"""Most options a comma-separated choice lists (the cause list is printed one per line)."""


def _comma_options(line: Line, above: Line | None) -> list[Word | None]:
    """A choice printed with commas instead of «/» («I, II, III», «впервые, повторно», «на
    срок до указанной даты, бессрочно»): the line's words with a separator after each
    comma, only where the hint «(нужное подчеркнуть)» is on the line or ends the line above
    it and every option is short; otherwise the words unchanged (an address or a sentence
    has commas too)."""
    words = list(line.words)
    hinted = any(HINT_WORD.search(w.text) for w in words) or (
        above is not None and any(HINT_WORD.search(w.text) for w in above.words[-3:])
    )
    if not hinted or not any(w.text.endswith(",") for w in words[:-1]):
        return list(words)
    out: list[Word | None] = []
    run = 0
    for i, word in enumerate(words):
        if word.text.startswith(HINT_START) or HINT_WORD.search(word.text):
            out.extend(words[i:])  # the hint and what follows it: the last option's tail
            break
        run += 1
        if word.text.endswith(",") and i < len(words) - 1 and len(word.text) > 1:
            out.append(_without_comma(word))
            out.append(None)
            run = 0
        else:
            out.append(word)
        if run > COMMA_OPTION_WORDS and None in out:
            return list(words)  # a sentence, not a list of options
    pieces = " ".join("/" if w is None else w.text for w in out).split("/")[1:]
    if len(pieces) > COMMA_OPTIONS or any(
        re.search(r"\d", p) and not re.fullmatch(r"\s*[1-3]\s*", p.split("(")[0]) for p in pieces
    ):
        return list(words)  # «ул. Заречная, д. 46, кв. 122»: an address, not options
    return out


def _without_comma(word: Word) -> Word:
    """``word`` without its trailing comma (its box shortened by one character)."""
    x0, y0, x1, y1 = word.bbox
    step = (x1 - x0) / max(1, len(word.text))
    return Word(word.text[:-1], (x0, y0, x1 - step, y1), word.confidence)


def _has_text(words: Iterable[Word]) -> bool:
    return any(any(ch.isalnum() or ch == "_" for ch in w.text) for w in words)


# ---- options printed one a row --------------------------------------------------------

ROW_INDENT = 0.8
"""The option rows stand at least this many line heights right of the hint line's left edge
(486н, Приложение № 2: the options of the work conclusion are indented under its title);
the first line back at the margin ends the list."""
ROW_GAP = 1.5
"""A gap over this many line heights between two rows ends the list."""
MAX_ROWS = 8
"""Most lines an option list under one hint runs to."""


@dataclass(slots=True)
class OptionRows:
    """Options printed one under another under a hint line «… (нужное подчеркнуть):».

    ``options`` holds each option's line indices (an option wraps onto a second line that
    starts in lower case at the same indent).
    """

    hint: int
    options: list[list[int]]

    def text(self, page: PageText, option: int) -> str:
        """The option's printed text (its lines joined)."""
        return " ".join(page.lines[i].text for i in self.options[option])


def option_rows(page: PageText) -> list[OptionRows]:
    """The option lists of ``page`` printed one option a row (cheap: text only).

    486н, Приложение № 2 prints «Заключение о рекомендуемом характере и условиях труда
    (нужное подчеркнуть):» over its options, one a row (two when one wraps), indented
    under it; the officer underlines (or circles) the chosen ones. Printouts of the same
    list drop the hint («РЕКОМЕНДУЕМЫЕ УСЛОВИЯ ТРУДА:»): a title ending in its colon over
    indented rows is one too. A hint printed on a line of its own under the title
    («Рекомендуемые условия труда:» / «(нужное подчеркнуть)») captions the rows under it
    at its own margin, indented or not, up to the next title (a line ending in a colon). A
    hint line that is itself a choice line («впервые, повторно (нужное подчеркнуть)») has
    no rows under it.
    """
    inline = {c.index for c in choice_lines(page)}
    out: list[OptionRows] = []
    for index, line in enumerate(page.lines):
        if index in inline or not line.words or SEPARATOR in line.text:
            continue
        hinted = any(HINT_WORD.search(w.text) for w in line.words[-3:])
        if not hinted and not line.text.rstrip().endswith(":"):
            continue  # the hint (or a colon) closes the title line; its options follow
        rows = _rows_under(page, index, flush=hinted and hint_alone(line))
        if len(rows) >= 2:
            out.append(OptionRows(index, rows))
    return out


def hint_alone(line: Line) -> bool:
    """The line is the bracketed hint and nothing else: «(нужное подчеркнуть)».

    >>> hint_alone(Line((Word("(нужное", (0, 0, 30, 8)), Word("подчеркнуть)", (32, 0, 80, 8)))))
    True
    >>> hint_alone(Line((Word("Группа:", (0, 0, 30, 8)), Word("(нужное", (32, 0, 60, 8)))))
    False
    """
    text = line.text.strip().rstrip(":").strip()
    return text.startswith(HINT_START) and text.endswith(")") and text.count("(") == 1


def _rows_under(page: PageText, hint: int, flush: bool = False) -> list[list[int]]:
    """The option rows under line ``hint``, each a list of its lines. ``flush``: the hint
    stands alone on its line, and its rows may start at its margin; the next title (a line
    ending in a colon) ends them."""
    title = page.lines[hint]
    height = _line_height(title)
    options: list[list[int]] = []
    bottom = title.bbox[3]
    indent = -ROW_INDENT if flush else ROW_INDENT
    for index in range(hint + 1, min(len(page.lines), hint + 1 + MAX_ROWS)):
        line = page.lines[index]
        if not line.words or line.bbox[1] - bottom > ROW_GAP * height:
            break
        if line.bbox[0] < title.bbox[0] + indent * height:
            break  # the next title, at the margin
        if flush and line.text.rstrip().endswith(":"):
            break  # the next title, at the hint's margin
        first = next((ch for ch in line.text if ch.isalpha()), "")
        if options and first.islower():
            options[-1].append(index)
        else:
            options.append([index])
        bottom = line.bbox[3]
    return options


def _line_height(line: Line) -> float:
    heights = sorted(w.bbox[3] - w.bbox[1] for w in line.words)
    return max(1.0, heights[len(heights) // 2])


def decide_rows(
    page: PageText, rows: OptionRows, marked: dict[int, MarkKind], confidence: float
) -> list[OptionMark]:
    """The chosen options of a list (``marked``: option → its mark): only when some
    but not every option is marked (a rule printed under every row marks none)."""
    if not marked or len(marked) >= len(rows.options):
        return []
    options = tuple(rows.text(page, i) for i in range(len(rows.options)))
    out = []
    for i, kind in sorted(marked.items()):
        boxes = [page.lines[k].bbox for k in rows.options[i]]
        box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        out.append(
            OptionMark(
                option=options[i],
                kind=kind,
                bbox=tuple(round(v, 2) for v in box),  # type: ignore[arg-type]
                line=rows.options[i][0],
                options=options,
                confidence=confidence,
                listed=True,
            )
        )
    return out


ROW_COVER = 0.8
"""An underline runs under this share of a row's word width at least."""
ROW_OVERSHOOT = 1.5
"""… and reaches at most this many line heights past the row's text on either side."""


def row_underlined(
    words: Sequence[Word], strokes: Iterable[tuple[float, float]], height: float
) -> bool | None:
    """Whether the strokes under a row of an option list (their x-extents, already found in
    the band under its letters) underline it: True when they run under most of the row's
    words (:data:`ROW_COVER`), None when one overlapping the row runs far past its text (a
    rule under the column marks no row, not even by a circle), False otherwise.

    >>> row = [Word("Нуждается", (100, 0, 160, 10)), Word("в", (164, 0, 170, 10))]
    >>> [row_underlined(row, s, 10) for s in ([(98, 172)], [(98, 125)], [(20, 500)], [])]
    [True, False, None, False]
    """
    if not words:
        return False
    lo, hi = min(w.bbox[0] for w in words), max(w.bbox[2] for w in words)
    spans: list[tuple[float, float]] = []
    for x0, x1 in strokes:
        if x1 < lo or x0 > hi:
            continue
        if x0 < lo - ROW_OVERSHOOT * height or x1 > hi + ROW_OVERSHOOT * height:
            return None  # a rule under the column, not the officer's line under a row
        spans.append((x0, x1))
    total = sum(w.bbox[2] - w.bbox[0] for w in words)
    covered = sum(
        w.bbox[2] - w.bbox[0]
        for w in words
        if sum(overlap(a, b, w.bbox[0], w.bbox[2]) for a, b in spans) >= 0.5
    )
    return bool(spans) and covered >= ROW_COVER * total


# ---- judging one line -------------------------------------------------------------------


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """The share of ``[b0, b1]`` that ``[a0, a1]`` covers."""
    return max(0.0, min(a1, b1) - max(a0, b0)) / max(1e-6, b1 - b0)


def stroke_option(
    line: ChoiceLine, x0: float, x1: float, strike: bool
) -> tuple[int, list[Word]] | None:
    """The one option a horizontal stroke marks and the words it covers, or None (it marks
    none, or reaches into another option)."""
    height = line.height
    lo, hi = line.line.bbox[0], line.line.bbox[2]
    if x0 < lo - 3 * height or x1 > hi + 3 * height:
        return None  # runs far past the line's text: a rule
    marked: dict[int, list[Word]] = {}
    grazed: set[int] = set()
    for i, seg in enumerate(line.segments):
        for w in seg.words:
            share = overlap(x0, x1, w.bbox[0], w.bbox[2])
            if share >= GRAZE:
                grazed.add(i)
            fill = bool(FILL_IN.match(w.text)) or "_" in w.text
            if w in seg.core and share >= MIN_COVER and (strike or not fill):
                marked.setdefault(i, []).append(w)
    if len(grazed) != 1 or len(marked) != 1:
        return None
    [(index, words)] = marked.items()
    core = line.segments[index].core
    span = max(w.bbox[2] for w in core) - min(w.bbox[0] for w in core)
    overshoot = max(1.5 * height, 0.4 * span)
    if x0 < min(w.bbox[0] for w in core) - overshoot or x1 > max(w.bbox[2] for w in core) + (
        overshoot
    ):
        return None  # a fill-in rule or a rule under the label and the option
    return index, words


def ring_option(line: ChoiceLine, box: BoxTuple) -> tuple[int, list[Word]] | None:
    """The one option a closed curve around ``box`` encloses and the words inside, or None."""
    enclosed: set[int] = set()
    for i, seg in enumerate(line.segments):
        for w in seg.words:
            cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                enclosed.add(i)
    if len(enclosed) != 1:
        return None
    [index] = enclosed
    inside = [
        w
        for w in line.segments[index].core
        if overlap(box[0], box[2], w.bbox[0], w.bbox[2]) >= 0.7
        or box[0] <= (w.bbox[0] + w.bbox[2]) / 2 <= box[2]
    ]
    return (index, inside) if inside else None


def tick_option(line: ChoiceLine, box: BoxTuple) -> int | None:
    """The option a small mark (a tick shape, a ticked box) just left of it stands before."""
    height = line.height
    top, bottom = line.band
    cy = (box[1] + box[3]) / 2
    if not (top - 0.5 * height <= cy <= bottom + 0.5 * height):
        return None
    for i, seg in enumerate(line.segments):
        start = seg.core[0].bbox[0]
        if start - 3 * height <= box[2] <= start + 0.3 * height and box[0] < start:
            words_between = [
                w for w in line.line.words if box[2] < (w.bbox[0] + w.bbox[2]) / 2 < start
            ]
            if not words_between:
                return i
    return None


def checkbox_ticks(line: ChoiceLine, boxes: Sequence[Checkbox]) -> None:
    """Ticked boxes before options (□ впервые ☑ повторно) mark those options."""
    for cb in boxes:
        index = tick_option(line, cb.bbox)
        if index is not None and cb.checked:
            line.segments[index].positive.add("tick")


def decide(
    line: ChoiceLine, confidence: float = 1.0, reread: Callable[[BoxTuple], str] | None = None
) -> OptionMark | None:
    """The line's mark when it is unambiguous: exactly one option marked (and not struck),
    or all options but one struck out; else None.

    ``reread`` (scans) reads the inside of a circle again: a ring runs into the letters it
    encloses, so the OCR's own word there is often garbled or missing.
    """
    for seg in line.segments:
        if seg.ticked_glyph:
            seg.positive.add("tick")
    options = tuple(s.text for s in line.segments)
    positive = [i for i, s in enumerate(line.segments) if s.positive]
    struck = [i for i, s in enumerate(line.segments) if s.struck]
    chosen: int | None = None
    kind: MarkKind
    if len(positive) == 1 and positive[0] not in struck:
        chosen = positive[0]
        marks = line.segments[chosen].positive
        kind = next(k for k in ("circle", "underline", "tick") if k in marks)  # type: ignore[assignment]
        if struck and len(struck) != len(line.segments) - 1:
            return None  # some others struck, some not: unclear
    elif not positive and len(struck) == len(line.segments) - 1:
        chosen = next(i for i in range(len(line.segments)) if i not in struck)
        kind = "struck_others"
    if chosen is None:
        return None
    seg = line.segments[chosen]
    again = ""
    if kind == "circle" and seg.ring is not None and reread is not None:
        again = reread(seg.ring)
    if line.single and not again:
        return None  # a hint line: only a circle whose inside reads counts
    option = again or seg.marked_text
    if VANISHED in option:
        return None  # the chosen option is print the OCR lost: its text is unknown
    if line.single:
        options = (option,)
    return OptionMark(
        option=option,
        kind=kind,
        bbox=tuple(round(v, 2) for v in seg.bbox),  # type: ignore[arg-type]
        line=line.index,
        options=options,
        confidence=confidence,
    )


__all__ = [
    "FILL_IN",
    "HINT_WORD",
    "ChoiceLine",
    "OptionRows",
    "Segment",
    "checkbox_ticks",
    "choice_lines",
    "decide",
    "decide_rows",
    "option_rows",
    "overlap",
    "ring_option",
    "stroke_option",
    "tick_option",
]
