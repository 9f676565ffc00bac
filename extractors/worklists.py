"""The IPRA work lists: contraindications, recommended conditions, available work.

Basis: IPRA form of Order Mintrud № 486н (13.06.2017), Appendix 2, block
«Рекомендации о показанных и противопоказанных видах трудовой деятельности с
учетом нарушенных функций организма человека, обусловленных заболеваниями,
последствиями травм и дефектами» (IPRAs issued from 01.01.2019 carry it); the
same block of the 545н form (26.06.2023); the old ИПР's «рекомендации о
противопоказанных и доступных условиях и видах труда»; and the ФРИ extract
printout. The lists are read under their headings (:data:`HEADINGS`, with the
source of each wording) in every shape they are printed in:

* a ticked list or table — a drawn box left of the label or in a column right of
  it, a tick glyph (V ✓ X ■ ☑ ☒ [x] …), a «да/нет» value cell; an unticked
  option of a ticked list is not an item;
* a table keyed by the kind of persistent impairment (зрение, слух, …): the
  item is the text of the row's contraindication cell;
* numbered or bulleted lines, plain lines, and semicolon-separated prose.

On OCR pages the reading tolerates what Tesseract makes of tables and marks: a
«да/нет» column found by the values' alignment (closer to the label than a cell
gap, or behind a table rule read as «I» / «|»), a lone «+» / «–» judged by the
shape of its box, a box the detector missed read as a box-shaped word, a list
number or bullet lost or read as a tick glyph, a «;» read as «:», and headings of
the next block damaged by OCR (fuzzy, on the line's start).

A section ends at the next list heading, at the next block of the form
(:data:`END`), at a footnote, a signature, a numbered point out of sequence or
a wide vertical gap, so items never bleed from the next block. The phrase
dictionaries only normalise an item and raise its confidence; they never
decide whether something is an item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from mseflow.contract import DocType, Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.dictionaries import snap
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.text import fix_lookalikes, fold, join_hyphenated, normalise_line, squash
from mseflow.extractors.ticks import (
    OCR_TICK_CELL,
    Mark,
    cell_state,
    checkbox_for,
    column_box_for,
    glyph_state,
    label_words,
    split_cells,
)
from mseflow.extractors.worklist_wordings import (
    BULLETS,
    COLUMN_HEADER,
    COLUMN_TITLE,
    COLUMN_TITLES,
    CONNECTIVES,
    END,
    END_PHRASES,
    EXCLUSIVE_OPTIONS,
    FOOTNOTE,
    FURNITURE,
    FUZZY_HEADINGS,
    FUZZY_MIN,
    HANGING,
    HEADER_ONLY,
    HEADINGS,
    IMPAIRMENT,
    IMPAIRMENT_START,
    INCAPABLE,
    ITEM_START,
    KEY_TITLE,
    LEADING,
    MARKING_NOTE,
    NEGATED_STATEMENT,
    NEGATIVE_CONDITION,
    NEGATIVE_ITEM,
    NOT_LISTED,
    NUMBER,
    OPTION_TAIL,
    RECOMMENDED_ITEM,
    RUNNING_HEADER,
    SHORT_HEADINGS,
    TITLE_TAIL,
    TRAILING,
    VALUE_COLUMN,
    VALUE_TITLE,
    Heading,
)
from mseflow.reading.marks import hint_alone, option_rows
from mseflow.reading.page import Checkbox, Line, Word, union_boxes
from mseflow.reading.strikes import struck_share

LIST_KEYS = ("contraindications", "recommended_conditions", "available_work")

METHOD_FACTOR = {"tick_box": 1.0, "table_cell": 0.95, "list_item": 0.92, "prose": 0.85}
UNKNOWN_PHRASE_FACTOR = 0.85
"""Confidence kept by an item that snaps to no dictionary phrase."""
CONCLUSION = re.compile(r"^(заключени(?!\w* о рекомендуем)|трудовая деятельность\s*:)")
"""A conclusion line of the form, never a list heading («Трудовая деятельность: доступна / …»)."""
STRUCK_MIN_SHARE = 0.6
"""Share of a row's words a strike must run through for the row to be crossed out."""
MAX_GAP_LINES = 3.5
"""A vertical gap of more line heights than this ends a section."""


@dataclass(slots=True)
class Row:
    """One line of a section: its content words and what marks it."""

    line: TextLine
    words: list[Word]
    mark: Mark | None = None
    key: str | None = None
    numbered: int | None = None
    bullet: bool = False

    @property
    def text(self) -> str:
        """The content words, look-alikes folded."""
        return " ".join(fix_lookalikes(w.text) for w in self.words)

    @property
    def x0(self) -> float:
        """Left edge of the content."""
        return self.words[0].bbox[0] if self.words else self.line.bbox[0]


@dataclass(slots=True)
class Item:
    """One item of a list: its text pieces, where it was read and how."""

    key: str
    method: str
    rows: list[Row]
    pieces: list[str]
    x0: float
    table: bool = False
    confidence: float = 1.0
    text: str = ""
    snapped: bool = False

    @property
    def joined(self) -> str:
        """The pieces with hyphenated line breaks glued."""
        return join_hyphenated(self.pieces)


@dataclass(slots=True)
class Section:
    """The rows under one heading."""

    key: str
    rows: list[Row] = field(default_factory=list)
    inline: bool = False
    value_x: float | None = None
    """Left edge of a value column («да/нет», «отметка») found in the table's header row."""
    key_x: float | None = None
    """Left edge of the second column of a table keyed by the kind of impairment."""
    same_line: bool = False
    """Items were printed on the heading's own line («Противопоказано: …»)."""
    cell_x: float | None = None
    """Left edge of the value cell of a label | value layout (the heading is the label cell):
    words left of it on later lines are the label wrapping on, not items."""
    value_cols: tuple[tuple[float, bool], ...] = ()
    """Centres of the two value columns of a header «… | нуждается | не нуждается» (or
    «да | нет»), and the state each stands for: a mark's column gives its state."""


def _low(text: str) -> str:
    return fold(normalise_line(text))


def heading_of(tl: TextLine) -> tuple[Heading, int] | None:
    """The heading printed on ``tl`` and where in its text it ends, or None."""
    low = _low(tl.text)
    bare = re.sub(r"^[\W\d_]+", "", LEADING.sub("", low))  # «\ - Доступны виды …»: OCR's specks
    if RECOMMENDED_ITEM.match(bare) or len(low.split()) > 24:
        return None
    if INCAPABLE.search(low) or CONCLUSION.match(LEADING.sub("", low)):
        return None  # «Заключение: трудовая деятельность противопоказана» is the incapable note
    best: tuple[int, int, Heading] | None = None
    for heading in HEADINGS:
        m = heading.pattern.search(low)
        if m and RECOMMENDED_ITEM.match(low[m.start() :]):
            continue  # «… труда; доступны виды трудовой деятельности в любых …»: an item
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end(), heading)
    if best is not None:
        return best[2], best[1]
    if tl.page.source != "ocr" or _reads_as_option(bare):
        return None
    return _ocr_heading(low)


OPTION_FIT = 90.0
"""How closely an OCR'd line's start must fit a 486н option to be that option (the heading
«Доступные виды трудовой деятельности:» fits «доступны виды … в любых» at 88; a line
shorter than the option is never it)."""


def _reads_as_option(bare: str) -> bool:
    """An OCR'd line opening with one of the 486н options, a letter damaged («<Ноступны
    виды трудовой деятельности в оптимальных …»: a ring drawn round it ran into its «Д»):
    an item, however well it fits the heading «Доступные виды трудовой деятельности»."""
    return bool(OPTION_TAIL.search(bare)) or any(
        len(bare) >= len(o) and fuzz.ratio(o, bare[: len(o)]) >= OPTION_FIT
        for o in EXCLUSIVE_OPTIONS
    )


def _marked_heading(tl: TextLine) -> tuple[Heading, int] | None:
    """A heading with a stray glyph or box before it («■ Доступные виды трудовой деятельности:»).

    A marked line is an option of a ticked list, and an option may name a heading's
    words («V Работы, противопоказанные при …»); it is the next heading only when the
    heading's words open it right after the mark and it ends with the heading's colon.
    """
    found = heading_of(tl)
    if found is None:
        return None
    low = _low(tl.text)
    m = found[0].pattern.search(low)
    if m is None:
        return None
    before = low[: m.start()].split()
    if len(before) > 1 or any(len(re.sub(r"[^а-яa-z0-9]", "", t)) > 1 for t in before):
        return None
    rest = squash(low[m.start() :])
    rest = re.sub(r"\s*(и )?производственные факторы$", "", rest)
    whole = any(fuzz.ratio(phrase, rest) >= FUZZY_MIN for _, phrase in FUZZY_HEADINGS)
    return found if low.rstrip().endswith(":") or whole else None


def _ocr_heading(low: str) -> tuple[Heading, int] | None:
    """A heading OCR damaged: a word split by a space, a one-word heading, or fuzzily."""
    if (joined := rejoin(low)) != low and not RECOMMENDED_ITEM.match(LEADING.sub("", joined)):
        for heading in HEADINGS:  # «Проти вопоказанные …»
            if heading.pattern.search(joined):
                return heading, len(low)
    if (short := _short_heading(low)) is not None:
        return short, len(low)
    if 12 <= len(low) <= 140 and len(low.split()) <= 14:
        squashed = squash(low)
        for key, phrase in FUZZY_HEADINGS:
            # a line shorter than the phrase is not that heading, however well it fits
            # inside it («показаны виды труда» sits inside «противопоказанные виды …»)
            if len(squashed) < 0.85 * len(phrase):
                continue
            if fuzz.partial_ratio(phrase, squashed) >= FUZZY_MIN and _ends_alike(phrase, squashed):
                return Heading(key, re.compile(re.escape(phrase)), "ocr"), len(low)
    return _damaged_title(low)


FACTORS_TAIL = ("и", "производственные", "факторы")


def _damaged_title(low: str) -> tuple[Heading, int] | None:
    """A heading whose middle words OCR garbled, as a title line ending with its colon.

    «Противопамлзанные амль! трудз=зй деятельности и произвалетвенные факторы:» (a photo):
    the first and the last word of a heading's wording are still there (fuzzily), with
    about as many words between them.
    """
    if not low.rstrip().endswith(":"):
        return None
    words = squash(low).split()
    if words and fuzz.ratio(words[-1], FACTORS_TAIL[-1]) >= 80:
        words = words[:-1]  # «… и производственные факторы»
        if words and fuzz.ratio(words[-1], FACTORS_TAIL[1]) >= 70:
            words = words[:-1]
        if words and words[-1] == FACTORS_TAIL[0]:
            words = words[:-1]
    if not 2 <= len(words) <= 10:
        return None
    for key, phrase in FUZZY_HEADINGS:
        parts = phrase.split()
        if abs(len(parts) - len(words)) > 1 or not key:
            continue
        if fuzz.ratio(parts[0], words[0]) >= 75 and fuzz.ratio(parts[-1], words[-1]) >= 80:
            return Heading(key, re.compile(re.escape(phrase)), "ocr"), len(low)
    return None


LAST_WORD_MIN = 70.0


def _ends_alike(phrase: str, squashed: str) -> bool:
    """The heading's last word («труда», «деятельности») is in the line, OCR-damaged or not.

    «Рекомендуемые условия организации обучения» (the child's IPRA, psychological and
    pedagogical block) fits most of «рекомендуемые условия труда», but is about schooling.
    """
    last = phrase.split()[-1]
    return any(fuzz.ratio(last, word) >= LAST_WORD_MIN for word in squashed.split())


def _short_heading(low: str) -> Heading | None:
    """An OCR-damaged one-word heading of a plain printout («Достуийно:» for «Доступно:»)."""
    word = squash(low)
    if not low.rstrip().endswith(":") or " " in word or len(word) < 7:
        return None
    for key, phrase in SHORT_HEADINGS:
        if fuzz.ratio(phrase, word) >= 80:
            return Heading(key, re.compile(re.escape(phrase)), "ocr", inline=True)
    return None


def _rest_words(tl: TextLine, heading: Heading, end: int) -> list[Word]:
    """Words after a heading on its own line: after a colon or dash, or after an inline heading."""
    low = _low(tl.text)
    tail = low[end:]
    cut = re.search(r"[:—]|\s-\s", tail)
    if cut is not None and tail[: cut.start()].count(" ") <= 8:
        start = end + cut.end()
    elif heading.inline:
        start = end
    else:
        return _next_cell(tl, end)
    words = [w for w, (a, b) in zip(tl.words, tl.offsets, strict=True) if a >= start]
    partial = [w for w, (a, b) in zip(tl.words, tl.offsets, strict=True) if a < start < b]
    if partial and ":" in partial[0].text:
        after = partial[0].text.split(":", 1)[1]
        if after.strip():
            words.insert(0, Word(after, partial[0].bbox, partial[0].confidence))
    return words


def _first_item_cell(tl: TextLine, end: int) -> list[list[Word]]:
    """«Противопоказанные виды трудовой 1. Работы, …»: the cell gap too narrow to see, the
    first list number («1.», «1)») followed by a capital starts the value cell."""
    for i, (w, (a, _)) in enumerate(zip(tl.words, tl.offsets, strict=True)):
        if a < end or i + 1 >= len(tl.words):
            continue
        if re.fullmatch(r"1[.)]", w.text) and tl.words[i + 1].text[:1].isupper():
            return [list(tl.words[:i]), list(tl.words[i:])]
    return []


def _next_cell(tl: TextLine, end: int) -> list[Word]:
    """Items in the table cell right of a heading cell (not a column title such as «да/нет»)."""
    cells = split_cells(tl.words)
    if len(cells) == 1:
        cells = _first_item_cell(tl, end) or cells
    seen, out = 0, []
    for cell in cells:
        if seen >= end:
            out.extend(cell)
        seen += sum(len(w.text) + 1 for w in cell)
    text = _low(" ".join(w.text for w in out))
    if not out or COLUMN_TITLE.match(text):
        return []
    item = LEADING.sub("", text)
    listed = item != text  # «1. Доступны виды трудовой деятельности …»: a numbered item
    if (
        not listed
        and not RECOMMENDED_ITEM.match(item)
        and any(h.pattern.search(text) for h in HEADINGS)
    ):
        return []
    return out


def make_row(tl: TextLine, words: list[Word] | None = None, section: Section | None = None) -> Row:
    """Read one line: its mark (box, glyph, value cell), impairment key, numbering, content.

    ``section`` lends the columns found in its table header: a value column and
    the content column of a keyed table.
    """
    whole = words is None
    words = list(tl.words if words is None else words)
    ocr = tl.page.source == "ocr"
    boxes = tl.page.checkboxes
    row = Row(tl, words)
    if whole and (box := checkbox_for(tl, boxes)) is not None:
        row.words = label_words(box, tl)
        row.mark = Mark(box.checked or _glyph_inside(tl, box), "box", box.confidence, bbox=box.bbox)
    elif whole and (box := column_box_for(tl, boxes)) is not None:
        row.mark = Mark(box.checked, "box", box.confidence, bbox=box.bbox)
    elif whole and (box := _box_around_glyph(tl, boxes)) is not None:
        row.words = [w for w in tl.words if not _centre_in(w, box.bbox)]
        row.mark = Mark(True, "box", box.confidence, bbox=box.bbox)
    if whole and row.mark is None:
        _unboxed_mark(row, tl, ocr)
    _read_glyphs(row, ocr)
    if section is not None and section.value_x is not None:
        _read_value_column(row, section.value_x)
    _read_value_cell(row)
    if section is not None and section.key_x is not None:
        _read_key_column(row, section.key_x)
    else:
        _read_key_cell(row)
    if ocr:
        _drop_tiny(row)
        _drop_specks(row)
        if row.mark is not None and row.mark.kind == "cell":
            while len(row.words) > 1 and (
                row.words[-1].text.strip() in OCR_RULES or _border(row.words[-1].text)
            ):
                row.words = row.words[:-1]  # the table's rule before the value cell
    _read_numbering(row, ocr)
    if row.bullet and row.numbered is None:
        _read_numbering(row, ocr)  # «- 1) …»: a bullet OCR'd before the number
    if ocr and row.numbered is not None:
        _drop_specks(row)  # «1 | оператор …»: the rule between the number cell and the text
    return row


def _unboxed_mark(row: Row, tl: TextLine, ocr: bool) -> None:
    """A mark no detected box holds: a box-shaped OCR word, or a value cell put back."""
    if ocr:
        _box_shaped_word(row, tl.page.checkboxes)
    if row.mark is None and isinstance(tl, RowLine):
        _beside_value(row, tl)


def _beside_value(row: Row, tl: RowLine) -> None:
    """The value cell :func:`table_rows` put back beside its label: the row's mark."""
    state = _value_state(tl.value, row)
    if state is not None:
        row.mark = Mark(state, "cell", 0.85, tl.value)
        row.words = [w for w in row.words if all(w is not v for v in tl.value)]


def _box_shaped_word(row: Row, boxes: list[Checkbox]) -> None:
    """A box the detector missed, OCR'd as a word («КИ», «К7»): the word has the box's shape.

    Its box is square, the size of the page's detected boxes, in their column.
    The detector misses ticked boxes (the tick's ink) far more than empty ones,
    so the word is a ticked box unless it reads as an empty-box glyph.
    """
    if not boxes or len(row.words) < 2:
        return
    first = row.words[0]
    sides = sorted(b.bbox[2] - b.bbox[0] for b in boxes)
    side = sides[len(sides) // 2]
    width, height = first.bbox[2] - first.bbox[0], first.bbox[3] - first.bbox[1]
    if not (0.8 * side <= width <= 1.25 * side and 0.8 * side <= height <= 1.25 * side):
        return
    if min(abs(first.bbox[0] - b.bbox[0]) for b in boxes) > 0.3 * side:
        return
    ticked = glyph_state(first.text, ocr=True) is not False
    row.mark = Mark(ticked, "box", 0.6, (first,), bbox=first.bbox)
    row.words = row.words[1:]


SPECKS = frozenset(".,_'`‘’\"„:;|~")
"""Characters OCR makes of dirt at a line's start (never a tick, a bullet or a number)."""


OCR_RULES = frozenset({"I", "l", "[", "]", "|", "[|", "|]"})
"""Lone tokens OCR makes of a table's vertical rule at a row's start."""


TINY = 0.35
"""An OCR'd word less tall than this share of the page's typical word, read with low
confidence, is noise (a stroke, a stamp's edge), never a word of an item."""


def _drop_tiny(row: Row) -> None:
    typical = _typical_height(row.line.page)
    row.words = [
        w for w in row.words if w.confidence >= 0.5 or (w.bbox[3] - w.bbox[1]) >= TINY * typical
    ]


_HEIGHTS: dict[int, tuple[object, float]] = {}


def _typical_height(page: Any) -> float:
    """The median word height of an OCR page (cached per page object)."""
    hit = _HEIGHTS.get(id(page))
    if hit is not None and hit[0] is page:
        return hit[1]
    heights = sorted(w.bbox[3] - w.bbox[1] for line in page.lines for w in line.words)
    value = heights[len(heights) // 2] if heights else 0.0
    if len(_HEIGHTS) > 64:
        _HEIGHTS.clear()
    _HEIGHTS[id(page)] = (page, value)
    return value


def _drop_specks(row: Row) -> None:
    while len(row.words) > 1 and (
        all(c in SPECKS for c in row.words[0].text.strip())
        or row.words[0].text.strip() in OCR_RULES
    ):
        row.words = row.words[1:]
    first = row.words[0].text if row.words else ""
    if re.fullmatch(r"[\[|(]\d{1,2}[.)\]]?", first):  # «[1» : a number cell after a rule
        w = row.words[0]
        row.words[0] = Word(first[1:].rstrip("]"), w.bbox, w.confidence)


def _read_numbering(row: Row, ocr: bool) -> None:
    """A leading number («1)», «a.», a lone «1» in its own cell) or a bullet, taken off."""
    if not row.words:
        return
    first = row.words[0].text.strip()
    cells = split_cells(row.words)
    if re.fullmatch(r"\d{1,2}", first) and len(cells) > 1 and len(cells[0]) == 1:
        row.numbered = int(first)
        row.words = row.words[1:]
    elif ocr and re.fullmatch(r"\d", first) and len(cells) == 1 and _lower_word(row.words[1:2]):
        row.numbered = int(first)  # OCR lost the «)» of «1)»
        row.words = row.words[1:]
    elif NUMBER.match(first) and len(row.words) > 1:
        row.numbered = _number(first)
        row.words = row.words[1:]
    elif (m := re.match(r"^(\d{1,2})[.)](?=[А-Яа-яA-Za-z])", first)) is not None:
        row.numbered = int(m.group(1))
    elif first in BULLETS and len(row.words) > 1 and not row.bullet:
        row.bullet = True
        row.words = row.words[1:]
    elif first[:1] in {"•", "·", "●", "◦", "—", "–"} and len(first) > 1 and not row.bullet:
        row.bullet = True
    elif ocr and len(first) <= 3 and not any(c.isalnum() for c in first) and len(row.words) > 1:
        row.bullet = True  # a dash OCR'd as «„=» or «"=»
        row.words = row.words[1:]


def _lower_word(words: Sequence[Word]) -> bool:
    return bool(words) and words[0].text[:1].isalpha() and words[0].text[:1].islower()


def _centre_in(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x, y = (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2
    return bbox[0] - 1 <= x <= bbox[2] + 1 and bbox[1] - 1 <= y <= bbox[3] + 1


def _glyph_inside(tl: TextLine, box: Checkbox) -> bool:
    """A tick printed as a character inside a drawn box («X», «✓» typed into the box)."""
    return any(_centre_in(w, box.bbox) and glyph_state(w.text) for w in tl.words)


def _box_around_glyph(tl: TextLine, boxes: list[Checkbox]) -> Checkbox | None:
    """A drawn box holding the line's first word, a tick character (the box is the mark)."""
    if len(tl.words) < 2 or not glyph_state(tl.words[0].text):
        return None
    return next((b for b in boxes if _centre_in(tl.words[0], b.bbox)), None)


def _number(token: str) -> int:
    digits = token.rstrip(".)")
    return int(digits) if digits.isdigit() else ord(digits.lower()) % 32 + 1


def _read_glyphs(row: Row, ocr: bool) -> None:
    """A tick or empty-box glyph before the label (or glued to its first word)."""
    if row.mark is not None or not row.words:
        return
    words = row.words
    first = words[0].text.strip()
    if len(words) > 2 and first in {"[", "("} and words[1].text.strip() in {"]", ")"}:
        row.mark, row.words = Mark(False, "glyph", 0.9, tuple(words[:2])), words[2:]
        return
    state = glyph_state(first, ocr=ocr)
    if state is not None and len(words) > 1:
        row.mark, row.words = Mark(state, "glyph", 0.9, (words[0],)), words[1:]
        return
    head = first[:1]
    if head and not head.isalnum() and glyph_state(head) is not None and len(first) > 1:
        rest = first[1:].lstrip()
        if rest[:1].isalpha():
            w = words[0]
            row.mark = Mark(bool(glyph_state(head)), "glyph", 0.85, (w,))
            row.words = [Word(rest, w.bbox, w.confidence), *words[1:]]
            return
    last = words[-1].text.strip()
    tick = glyph_state(last) is True or (ocr and last in OCR_TICK_CELL)
    if len(words) > 1 and tick and last not in {"+"}:
        cells = split_cells(words)
        if len(cells) > 1 and len(cells[-1]) == 1:
            row.mark, row.words = Mark(True, "glyph", 0.85, (words[-1],)), words[:-1]


def _read_value_cell(row: Row) -> None:
    """A «да/нет» value: the last cell of a table row, or after a dash or colon."""
    if row.mark is not None or len(row.words) < 2:
        return
    cells = split_cells(row.words)
    if len(cells) >= 2:
        state = _value_state(cells[-1], row)
        if state is not None:
            row.mark = Mark(state, "cell", 0.9, tuple(cells[-1]))
            row.words = [w for c in cells[:-1] for w in c]
            return
    for n in (2, 1):
        if len(row.words) <= n + 1:
            continue
        before = row.words[-n - 1].text
        value = " ".join(w.text for w in row.words[-n:])
        if before in {"-", "—", "–", ":"} or before.endswith(":"):
            state = cell_state(value)
            if state is not None:
                keep = row.words[: -n - 1] if before in {"-", "—", "–", ":"} else row.words[:-n]
                row.mark, row.words = Mark(state, "cell", 0.85, tuple(row.words[-n:])), keep
                return


SIGNS = frozenset({"+", "-", "—", "–", ">", "<", "=", "~", "±", "†", "‡", "÷", "*"})
"""What OCR makes of a «+» or «–» value cell: judged by the shape of its box, not its code."""


def _value_state(words: Sequence[Word], row: Row) -> bool | None:
    """The state a value cell's words say: «да/нет»-like words, a tick glyph, or a sign.

    On an OCR page a lone sign is judged by its box: a «+» is about as tall as
    wide (OCR often drops its stroke and reads «-»), a «–» is flat (OCR may read
    «>»); anything in between says nothing.
    """
    text = " ".join(w.text for w in words)
    if row.line.page.source == "ocr" and len(words) == 1 and text.strip() in SIGNS:
        x0, y0, x1, y1 = words[0].bbox
        width, height = max(x1 - x0, 1.0), y1 - y0
        if height >= 0.6 * width:
            return True
        return False if height <= 0.4 * width else None
    state = cell_state(text)
    return glyph_state(text) if state is None else state


def _read_value_column(row: Row, value_x: float) -> None:
    """The words at the value column of the table header: a «да/нет» mark when they read so."""
    if row.mark is not None or len(row.words) < 2:
        return
    tol = _tol(row)
    value = [w for w in row.words if w.bbox[0] >= value_x - tol]
    if not value or len(value) == len(row.words):
        return
    state = _value_state(value, row)
    if state is not None:
        row.mark = Mark(state, "cell", 0.9, tuple(value))
        row.words = [w for w in row.words if w.bbox[0] < value_x - tol]


def _read_key_column(row: Row, key_x: float) -> None:
    """A row of a keyed table whose second column starts at ``key_x``.

    A row whose first cell starts an impairment («Нарушение функции …») starts a
    key; words in the first column of any other row are the key cell wrapping on
    (dropped), so only the content column is left.
    """
    if not row.words:
        return
    tol = _tol(row)
    first = [w for w in row.words if w.bbox[0] < key_x - tol]
    rest = [w for w in row.words if w.bbox[0] >= key_x - tol]
    if not first:
        return
    text = " ".join(w.text for w in first)
    if IMPAIRMENT_START.match(_low(text)) or IMPAIRMENT.match(_low(text)):
        row.key = text
        row.words = rest
    elif rest or row.mark is None:
        row.words = rest


def _read_key_cell(row: Row) -> None:
    """The impairment cell of a table keyed by the kind of persistent impairment."""
    if not row.words:
        return
    cells = split_cells(row.words)
    first = _low(" ".join(w.text for w in cells[0]))
    if len(cells) >= 2 and IMPAIRMENT.match(first):
        row.key = " ".join(w.text for w in cells[0])
        row.words = [w for c in cells[1:] for w in c]
        return
    if IMPAIRMENT.match(first) and len(cells) == 1 and row.mark is not None:
        row.key, row.words = " ".join(w.text for w in row.words), []
        return
    if IMPAIRMENT.match(first):
        for i, w in enumerate(row.words[:12]):
            if w.text.endswith(":") or (i and w.text in {"-", "—", "–"}):
                cut = i + 1
                rest = row.words[cut:]
                if len(rest) >= 2:
                    row.key = " ".join(x.text for x in row.words[:cut]).rstrip(":—–- ")
                    row.words = rest
                return


def read_sections(view: DocumentView) -> list[Section]:
    """The rows under each list heading, in reading order, each section closed where it ends."""
    reader = _SectionReader()
    for tl in table_rows(view.lines):
        reader.feed(tl)
    for section in reader.sections:
        _refine_key_column(section)
        _aligned_values(section)
    return reader.sections


@dataclass(slots=True)
class _SectionReader:
    """The state of :func:`read_sections` while it walks the lines."""

    sections: list[Section] = field(default_factory=list)
    current: Section | None = None
    previous: TextLine | None = None
    skip_tail: bool = False

    def feed(self, tl: TextLine) -> None:
        """Read one line: a heading opens a section, a body line adds rows or ends it."""
        low = _low(tl.text)
        unruled = " ".join(t for t in low.split() if t not in {"i", "|", "l", "[", "]"})
        if FURNITURE.match(low):
            return
        if COLUMN_HEADER.match(unruled):
            if (titled := _titled_table(tl)) is not None:
                self._open(titled, tl, skip_tail=False)
            return
        if self.previous is not None and _gap_breaks(self.previous, tl):
            self.current = None
        found = heading_of(tl) if not _starts_marked(tl) else _marked_heading(tl)
        if found is not None:
            section = _open_section(tl, *found)
            self._open(section, tl, not low.rstrip().endswith(":") and not section.same_line)
        elif self.current is not None:
            self._body(self.current, tl, low)

    def _open(self, section: Section, tl: TextLine, skip_tail: bool) -> None:
        self.sections.append(section)
        self.current, self.previous, self.skip_tail = section, tl, skip_tail

    def _body(self, current: Section, tl: TextLine, low: str) -> None:
        stripped = re.sub(r"^\W+", "", LEADING.sub("", low))  # OCR'd specks before a word
        if _running_header(tl, self.previous, stripped):
            return
        if _negated_note(low):
            self.previous = tl  # «Вывод о неспособности … не сделан»: no item, and no end
            return
        if MARKING_NOTE.match(low):
            self.previous = tl  # «(ненужное зачеркнуть)»: how to mark, not an option
            return
        if _ends_section(tl, low, stripped):
            self.current, self.skip_tail = None, False
            return
        if self.skip_tail and TITLE_TAIL.search(stripped) and not _starts_marked(tl):
            self.skip_tail = not low.rstrip().endswith(":")
            self.previous = tl
            return
        self.skip_tail = False
        if _upper_heading(tl) or _out_of_sequence(current, tl) or _unknown_heading(tl, stripped):
            self.current = None
            return
        if _header_row(current, tl):
            self.previous = tl
            return
        if (rows := _rows_of(current, tl)) is None:
            self.current = None  # a new label in the label column: the printout's next field
            return
        current.rows.extend(rows)
        self.previous = tl


NEGATED_NOTE = re.compile(r"(?<![а-я])не (сделан|вынесен|установлен|выявлен)\w*\W*$")
"""The incapable note denied («Вывод о полной неспособности к трудовой деятельности не
сделан»): a line of the work block that neither ends it nor is an item."""


def _negated_note(low: str) -> bool:
    return bool(INCAPABLE.search(low)) and NEGATED_NOTE.search(low) is not None


def table_rows(lines: Sequence[TextLine]) -> list[TextLine]:
    """Lines with each value cell put back on its table row.

    A table prints a short value cell («Доступны», «+», «да») vertically centred
    against a label cell that wraps over two lines, so the value lands between the
    label's lines and is read as a line of its own. A value-only line that overlaps
    a neighbour vertically, standing right of it, joins the label's first line: the
    line above (or below), walked up while that line is the label wrapping on.
    """
    out = _marks_to_row_start(list(lines))
    i = 0
    while i < len(out):
        tl = out[i]
        target = _row_of_value(out, i) if _value_only(tl) else None
        if target is None:
            i += 1
            continue
        host = out[target]
        words = tuple(sorted((*host.words, *tl.words), key=lambda w: w.bbox[0]))
        out[target] = RowLine(host.page, host.index, Line(words), tuple(tl.words))
        del out[i]
    return out


def _marks_to_row_start(lines: list[TextLine]) -> list[TextLine]:
    """A mark that leads a line wrapping on in a later column goes to its row's first line.

    A table whose first column holds the mark prints it vertically centred against its
    row; a keyed row (the impairment cell, then the contraindications cell wrapping over
    three lines) gets it on its second line, before that line's words in the
    contraindications column: «нарушения функций зрения | вождение …; работы с
    постоянным» / «× | использованием персонального компьютера …». Read as it stands, the
    row's first line is unmarked and the mark starts an item mid-sentence. The mark moves
    to the row's first line when the words after it start a column right of that line's
    start, lower-case, close below it, and the line above is a keyed row (words of a key
    cell, then words in the column the line wraps on in) with no mark of its own.
    """
    out = list(lines)
    for i in range(1, len(out)):
        tl, above = out[i], out[i - 1]
        if len(tl.words) < 2 or glyph_state(tl.words[0].text) is not True:
            continue
        if above.page is not tl.page or not above.words:
            continue
        glyph, first = tl.words[0], tl.words[1]
        height = max(first.bbox[3] - first.bbox[1], 1.0)
        if glyph_state(above.words[0].text) is not None or not first.text[:1].islower():
            continue
        if not (glyph.bbox[2] <= above.bbox[0] + 0.5 * height):
            continue  # the mark stands in a column of its own, left of the row
        if first.bbox[0] < above.bbox[0] + 2 * height:
            continue  # the line is a row of its own (or its label wrapping at the same edge)
        key = [w for w in above.words if w.bbox[2] < first.bbox[0] - height]
        if not any(sum(c.isalpha() for c in w.text) >= 3 for w in key) or len(key) == len(
            above.words
        ):
            continue  # above is no keyed row (a key cell in words, then the same column)
        if not 0 <= first.bbox[1] - above.bbox[3] <= max(above.bbox[3] - above.bbox[1], height):
            continue  # close below (OCR's tight word boxes leave about a line's height)
        target = i - 1
        host = out[target]
        out[target] = TextLine(host.page, host.index, Line((glyph, *host.words)))
        out[i] = TextLine(tl.page, tl.index, Line(tl.words[1:]))
    return out


@dataclass(frozen=True, eq=False)
class RowLine(TextLine):
    """A label line with the value cell that was printed beside it (:func:`table_rows`)."""

    value: tuple[Word, ...] = ()


def _value_only(tl: TextLine) -> bool:
    if not tl.words or len(tl.words) > 3:
        return False
    text = " ".join(w.text for w in tl.words)
    return cell_state(text) is not None or glyph_state(text) is not None


def _row_of_value(lines: list[TextLine], i: int) -> int | None:
    tl = lines[i]
    height = max(tl.bbox[3] - tl.bbox[1], 1.0)
    mark = glyph_state(" ".join(w.text for w in tl.words)) is not None

    def beside(j: int) -> bool:
        if not 0 <= j < len(lines) or lines[j].page is not tl.page or j == i:
            return False
        other = lines[j].bbox
        overlap = min(other[3], tl.bbox[3]) - max(other[1], tl.bbox[1])
        left = mark and tl.bbox[2] + height < other[0]  # a mark column before the label
        return overlap > 0.2 * height and (other[2] + height < tl.bbox[0] or left)

    target = i - 1 if beside(i - 1) else (i + 1 if beside(i + 1) else None)
    if target is None:
        return None
    if mark and tl.bbox[2] < lines[target].bbox[0]:  # a mark column left of the row
        # centred against its row, the mark overlaps the row's first line or its second
        up = target == i + 1 and target > 1 and _wraps_on(lines[i - 1], lines[target], under=True)
        return i - 1 if up else target
    while target > 0 and _wraps_on(lines[target - 1], lines[target]):
        target -= 1
    return target


def _wraps_on(above: TextLine, line: TextLine, under: bool = False) -> bool:
    """``line`` is ``above``'s cell wrapping on: same left edge, lower-case start, close below.

    ``under``: the mark stands in a column left of the row, whose first line may start
    further left (a keyed row: the impairment cell, then the contraindications cell
    wrapping on below it alone): ``above`` may start left of ``line`` too.
    """
    if above.page is not line.page or not line.words or not above.words:
        return False
    height = max(above.bbox[3] - above.bbox[1], 1.0)
    edge = above.bbox[0] - line.bbox[0]
    return (
        (abs(edge) <= height or (under and edge < 0))
        and 0 <= line.bbox[1] - above.bbox[3] <= 0.8 * height
        and line.words[0].text[:1].islower()
        and not above.text.rstrip().endswith((";", ".", ":"))
    )


YES_TITLE = re.compile(r"^(нуждается|да|доступн\w*|возможн\w*|рекомендован\w*|есть|имеется)$")
NO_TITLE = re.compile(
    r"^(не нуждается|нет|недоступн\w*|не доступн\w*|невозможн\w*|не возможн\w*|"
    r"не рекомендован\w*|отсутствует)$"
)


def value_columns(tl: TextLine) -> tuple[tuple[float, bool], ...]:
    """The two value columns of a header row «… | нуждается | не нуждается» (or «да | нет»).

    The ФРИ printout and bureau tables put a «+» or a tick under the column that
    applies; the row's mark is then read by its column, not by its glyph.
    """
    cells = split_cells(tl.words)
    if len(cells) < 3:
        return ()
    yes, no = (_low(" ".join(w.text for w in c)) for c in cells[-2:])
    for a, b, first in ((yes, no, True), (no, yes, False)):
        if YES_TITLE.match(a) and NO_TITLE.match(b):
            centres = [(c[0].bbox[0] + c[-1].bbox[2]) / 2 for c in cells[-2:]]
            return ((centres[0], first), (centres[1], not first))
    return ()


def _column_state(section: Section, row: Row) -> Row:
    """A mark under one of two value columns takes that column's state («+» under «нет»)."""
    if not section.value_cols or row.mark is None:
        return row
    if row.mark.words:
        text = " ".join(w.text for w in row.mark.words).strip()
        ocr_tick = row.line.page.source == "ocr" and text in OCR_TICK_CELL
        if not (text in SIGNS or glyph_state(text) is True or ocr_tick):
            return row
        words = row.mark.words
        centre = (words[0].bbox[0] + words[-1].bbox[2]) / 2
    elif row.mark.kind == "box" and row.mark.bbox is not None and row.mark.ticked:
        # a ticked box in the column of «нет» (OCR pages read a hand tick as a box)
        centre = (row.mark.bbox[0] + row.mark.bbox[2]) / 2
    else:
        return row
    _, state = min(section.value_cols, key=lambda c: abs(c[0] - centre))
    return replace(row, mark=replace(row.mark, ticked=state))


def _value_cell_words(section: Section, tl: TextLine) -> list[Word] | None:
    """A line of a label | value printout: the words of the value cell.

    Words in the label column are the heading's label wrapping on («деятельности»,
    lower case): dropped. A label in capitals there is the printout's next field:
    None (the section ends).
    """
    cell_x = section.cell_x if section.cell_x is not None else 0.0
    tol = _tol(Row(tl, list(tl.words)))
    left = [w for w in tl.words if w.bbox[0] < cell_x - tol]
    if not left or re.fullmatch(r"\d{1,2}[.)]?|[-–—•]", left[0].text):
        return list(tl.words)  # a list number at the left margin: no label column after all
    if re.match(r"[А-ЯЁA-Z][а-яёa-z]{2}", left[0].text) and _worded(left):
        return None
    return [w for w in tl.words if w.bbox[0] >= cell_x - tol]


GLUED_NUMBER = re.compile(r"^(\d{1,2})[.)]$")


def split_glued(row: Row) -> list[Row]:
    """A numbered row holding the next number's item too («… 2. Работы, связанные …»).

    The next number (one more than the row's) followed by a capital splits the row.
    """
    if row.numbered is None or len(row.words) < 3:
        return [row]
    for i in range(1, len(row.words) - 1):
        m = GLUED_NUMBER.match(row.words[i].text)
        nxt = row.words[i + 1].text
        if m and int(m.group(1)) == row.numbered + 1 and nxt[:1].isupper():
            head = replace(row, words=row.words[:i])
            tail = replace(row, words=row.words[i + 1 :], numbered=row.numbered + 1, mark=None)
            return [head, *split_glued(tail)]
    return [row]


def _titled_table(tl: TextLine) -> Section | None:
    """«№ | Рекомендации о противопоказанных видах …»: a numbered table whose column title is
    the list's heading opens the list (any other numbered table's header is skipped)."""
    titled = heading_of(tl)
    return Section(titled[0].key) if titled is not None and titled[0].key else None


def _header_row(section: Section, tl: TextLine) -> bool:
    """A table's header row inside a section: its value columns are kept, it holds no item."""
    if cols := value_columns(tl):
        section.value_cols = cols
        return True
    if (key_x := _keyed_header(tl)) is not None:
        section.key_x = key_x
        return True
    if (value_x := _value_header(tl)) is not None or _title_row(tl):
        section.value_x = value_x if value_x is not None else section.value_x
        return True
    return False


def _keyed_header(tl: TextLine) -> float | None:
    """Left edge of the item column when ``tl`` is the header row of a table keyed by the
    kind of impairment («Стойкие нарушения функций организма | Виды трудовой деятельности»)."""
    cells = split_cells(tl.words)
    if len(cells) != 2:
        return None
    key, items = (_low(" ".join(w.text for w in cell)) for cell in cells)
    if KEY_TITLE.match(key) and HEADER_ONLY.match(items):
        return cells[1][0].bbox[0]
    return None


def _rows_of(section: Section, tl: TextLine) -> list[Row] | None:
    """The rows one line adds to ``section`` (None: the line ends it)."""
    if section.cell_x is None:
        rows = split_glued(make_row(tl, section=section))
    elif (words := _value_cell_words(section, tl)) is None:
        return None
    else:
        rows = split_glued(make_row(tl, words, section=section)) if words else []
    return [_column_state(section, row) for row in rows]


def _refine_key_column(section: Section) -> None:
    """The content column of a keyed table starts where its wrapped content lines start.

    The header's second title may be centred over its column; a line holding only
    content (a cell wrapping on) shows where the column really starts.
    """
    if section.key_x is None or not section.rows or section.same_line:
        return
    first_x = min(r.line.bbox[0] for r in section.rows)
    tol = _tol(section.rows[0])
    content = [
        r.line.bbox[0]
        for r in section.rows
        if first_x + 3 * tol < r.line.bbox[0] < section.key_x - tol
        and len(r.line.words) >= 2
        and _has_text(r)
    ]
    if content:
        section.key_x = min(content)
        section.rows = [make_row(r.line, section=section) for r in section.rows]


BORDER = frozenset({"|", "I", "l", "[", "]", "!", "‘", "’", "'", "`", "<", ">", "_"})
"""What OCR makes of a table's vertical rule between a label cell and its value cell."""


def _trailing_value(row: Row) -> tuple[int, bool] | None:
    """Where a «да/нет» value cell starts at the end of an unmarked row, and its state.

    The value is the row's last word; it stands apart from the label (a gap of a
    line height or more, or a table rule OCR'd as a character before it).
    """
    if row.mark is not None or len(row.words) < 2:
        return None
    end = len(row.words)
    while end > 2 and _border(row.words[end - 1].text):
        end -= 1  # «да _|»: the table's rule after the value
    last = row.words[end - 1]
    state = _value_state([last], row)
    if state is None or len(squash(last.text)) > 12:
        return None
    start = end - 1
    while start > 1 and _border(row.words[start - 1].text):
        start -= 1
    before = row.words[start - 1]
    height = max(last.bbox[3] - last.bbox[1], 1.0)
    if start == end - 1 and last.bbox[0] - before.bbox[2] < height:
        return None
    return start, state


def _border(text: str) -> bool:
    token = text.strip()
    return bool(token) and (token in BORDER or not any(c.isalnum() for c in token))


def _aligned_values(section: Section) -> None:
    """A «да/нет» column the row-by-row reading missed: values standing apart at one x.

    OCR often puts a value cell closer to its label than a cell gap (or reads the
    table rule before it as a character); a value is taken when another value of
    the section's rows stands at the same x on the page, or when the section is
    already a value table (two value cells or more).
    """
    found = [(row, hit) for row in section.rows if (hit := _trailing_value(row)) is not None]
    if not found:
        return
    cells = [r for r in section.rows if r.mark is not None and r.mark.kind == "cell"]
    xs = [(r.line.page, r.mark.words[0].bbox[0]) for r in cells if r.mark and r.mark.words]
    xs += [(row.line.page, row.words[start].bbox[0]) for row, (start, _) in found]
    table = len(cells) >= 2
    for row, (start, state) in found:
        x, tol = row.words[start].bbox[0], _tol(row)
        aligned = sum(1 for page, other in xs if page is row.line.page and abs(other - x) <= tol)
        if aligned < 2 and not table:
            continue
        value = tuple(row.words[start:])
        keep = row.words[:start]
        while len(keep) > 1 and _border(keep[-1].text):
            keep = keep[:-1]
        row.mark, row.words = Mark(state, "cell", 0.85, value), keep


def _open_section(tl: TextLine, heading: Heading, end: int) -> Section:
    """The section a heading line opens, with the items printed on the heading's own line.

    A heading that is the header row of a value table («Условия труда | нуждается |
    не нуждается») holds no item; its value columns are kept. Items in the cell right
    of a heading cell (a label | value printout) set the value cell's left edge.
    """
    section = Section(heading.key, inline=heading.inline)
    if cols := value_columns(tl):
        section.value_cols = cols
        return section
    section.key_x = _key_column(tl, heading)
    rest = _rest_words(tl, heading, end) if section.key_x is None else []
    if rest:
        section.rows.extend(split_glued(make_row(tl, rest)))
        section.same_line = True
        if _cell_start(tl, rest) and _worded(rest):
            section.cell_x = rest[0].bbox[0]
    return section


def _worded(words: Sequence[Word]) -> bool:
    """Words that hold a real word (four letters or more), not OCR'd specks or marks."""
    return any(len(re.sub(r"[^А-Яа-яЁёA-Za-z]", "", w.text)) >= 4 for w in words)


def _cell_start(tl: TextLine, rest: Sequence[Word]) -> bool:
    """The rest of a heading line starts a cell of its own (a gap wider than a word space,
    or a first list number printed well right of the page's left margin)."""
    i = next((k for k, w in enumerate(tl.words) if w is rest[0]), 0)
    if i == 0:
        return False
    before = tl.words[i - 1]
    if re.fullmatch(r"1[.)]", rest[0].text) and rest[0].bbox[0] > 0.3 * tl.page.width:
        return not before.text.endswith(":")
    height = max(before.bbox[3] - before.bbox[1], 1.0)
    return rest[0].bbox[0] - before.bbox[2] > 1.8 * height and not before.text.endswith(":")


def _ends_section(tl: TextLine, low: str, stripped: str) -> bool:
    """The next block of the form, the incapable note, the «not listed» note or a footnote."""
    return bool(
        END.match(stripped)
        or _fuzzy_end(tl, stripped)
        or INCAPABLE.search(low)
        or NOT_LISTED.search(low)
        or (FOOTNOTE.match(tl.text.strip()) and not _ocr_bullet(tl))
    )


def _ocr_bullet(tl: TextLine) -> bool:
    """«* контакт с …»: an item under a «*» bullet (or a «•» OCR read so), not a footnote's
    mark (a footnote opens with a capital, «* Заполняется …»)."""
    return re.match(r"^\*\s+[а-яё]", tl.text.strip()) is not None


def _fuzzy_end(tl: TextLine, low: str) -> bool:
    """An OCR-damaged start of the next block («Рекоменлании по оборудованию …»)."""
    if tl.page.source != "ocr" or _starts_marked(tl):
        return False
    head = squash(low)
    for phrase in END_PHRASES:
        if len(head) >= len(phrase) and fuzz.ratio(phrase, head[: len(phrase)]) >= FUZZY_MIN:
            return True
    return False


def _key_column(tl: TextLine, heading: Heading) -> float | None:
    """Left edge of the second column when the heading is a keyed table's header row."""
    if "нарушени" not in heading.pattern.pattern:
        return None
    for word in tl.words[2:]:  # the second column's title: «Рекомендации о противопоказанных …»
        if re.match(r"^(рекомендаци|противопоказан)", _low(word.text)):
            return word.bbox[0]
    cells = split_cells(tl.words)
    return cells[1][0].bbox[0] if len(cells) >= 2 else None


def _value_header(tl: TextLine) -> float | None:
    """Left edge of a value column when ``tl`` is a table header («Рекомендация | да/нет»)."""
    cells = split_cells(tl.words)
    if len(cells) < 2 or len(" ".join(w.text for c in cells[:-1] for w in c).split()) > 6:
        return None
    title = _low(" ".join(w.text for w in cells[-1]))
    if VALUE_COLUMN.match(title) is not None:
        return cells[-1][0].bbox[0]
    first = re.sub(r"^[\W_]+", "", _low(" ".join(w.text for c in cells[:-1] for w in c)))
    if VALUE_TITLE.match(title) and COLUMN_TITLES.match(first):
        return cells[-1][0].bbox[0]  # «Вид трудовой деятельности, условие труда | Рекомендовано»
    return None


def _title_row(tl: TextLine) -> bool:
    """A table's header row that is only column titles («Наименование», «Наименование | Да/»).

    The title of the value column may have wrapped («Да/» over «Нет») or been lost
    to OCR; the row is the table's furniture, never an item.
    """
    words = [w.text for w in tl.words if not _border(w.text)]
    while words and (COLUMN_TITLE.match(_low(words[-1]).rstrip("/")) or "/" in words[-1]):
        words = words[:-1]
    text = _low(" ".join(words))
    if tl.page.source == "ocr":
        text = rejoin(text)  # «Наим енова ние»
    return bool(words) and HEADER_ONLY.match(text) is not None


SPLIT_PIECE = re.compile(r"^[А-Яа-яЁё]+$")
TAIL_PUNCT = re.compile(r"^([А-Яа-яЁё]+)([.,;:)]*)$")


def rejoin(text: str) -> str:
    """Words OCR split with spaces put back together («Програм ми рование» → «Программирование»).

    Two or three neighbouring pieces are joined only when the joined word is a known
    Russian word (pymorphy3's dictionary) and one of the pieces is not: the dictionary
    repairs a word, it never decides whether an item is one.

    >>> rejoin("Програм ми рование")
    'Программирование'
    >>> rejoin("работы на высоте")
    'работы на высоте'
    """
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in (3, 2):
            joined = _joined(tokens[i : i + n]) if i + n <= len(tokens) else None
            if joined is not None:
                out.append(joined)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


def _joined(pieces: list[str]) -> str | None:
    if not all(SPLIT_PIECE.match(p) for p in pieces[:-1]):
        return None
    last = TAIL_PUNCT.match(pieces[-1])
    if last is None:
        return None
    letters = [*pieces[:-1], last.group(1)]
    word = "".join(letters)
    known = _morph().word_is_known
    if len(word) < 5 or not known(word.lower()):
        return None
    if all(known(p.lower()) and len(p) >= 3 for p in letters):
        return None  # two real words («ремонт часов») stay apart
    if all(known(p.lower()) for p in letters):
        return None
    return word + last.group(2)


def _running_header(tl: TextLine, previous: TextLine | None, low: str) -> bool:
    """The document's title repeated atop the next page while a list runs on: skipped."""
    if previous is None or previous.page is tl.page or tl.index > 2:
        return False
    return RUNNING_HEADER.match(low) is not None


def _starts_marked(tl: TextLine) -> bool:
    if checkbox_for(tl, tl.page.checkboxes) is not None:
        return True
    return bool(tl.words) and glyph_state(tl.words[0].text) is not None


def _gap_breaks(previous: TextLine, tl: TextLine) -> bool:
    if previous.page is not tl.page:
        return False
    height = max(previous.bbox[3] - previous.bbox[1], 1.0)
    if tl.bbox[1] - previous.bbox[3] <= MAX_GAP_LINES * height:
        return False
    # struck-out options OCR could not read fill the gap: the list goes on below them
    return not any(
        previous.bbox[3] <= (s[1] + s[3]) / 2 <= tl.bbox[1]
        and min(s[2], tl.bbox[2]) > max(s[0], tl.bbox[0])
        for s in tl.page.strikes
    )


def _unknown_heading(tl: TextLine, low: str) -> bool:
    """An unmarked title ending in a colon that no heading wording matched (OCR-damaged):
    it ends the section, so the next list's items do not join this one."""
    if not low.rstrip().endswith(":") or len(low.split()) < 2 or IMPAIRMENT.match(low):
        return False
    if re.match(r"^\s*(\d{1,2}\)|[-–—•])\s", tl.text):
        return False  # «1) Оператор ЭВМ т:»: a list's item with OCR's dirt, never a title
    if len(re.sub(r"[^а-яa-z]", "", low.split()[-1])) < 3:
        return False  # a title ends in a word, not in a letter of dirt before a colon
    return not _starts_marked(tl) and column_box_for(tl, tl.page.checkboxes) is None


def _upper_heading(tl: TextLine) -> bool:
    """A line in capitals (a block title of the form), not a marked option."""
    letters = [c for c in tl.text if c.isalpha()]
    return len(letters) >= 12 and all(c.isupper() for c in letters) and not _starts_marked(tl)


def _out_of_sequence(section: Section, tl: TextLine) -> bool:
    """A numbered point of the form («19. …», «21.2 …») where the list is not numbered so."""
    m = re.match(r"^(\d{1,2})(\.\d{1,2})*[.)]?\s+\S", tl.text.strip())
    if m is None:
        return False
    if m.group(2):
        return True
    n = int(m.group(1))
    numbered = [r for r in section.rows if r.numbered is not None]
    if numbered:
        last = numbered[-1]
        if tl.page.source == "ocr" and n <= 9 and abs(tl.bbox[0] - last.line.bbox[0]) < _tol(last):
            return False  # an OCR'd digit of the same list («5)» for «3)»), at its indent
        return n != last.numbered + 1
    return n > 3


def section_items(section: Section) -> list[Item]:
    """Items of one section: ticked rows of a marked list, else every row or prose piece."""
    rows = [r for r in section.rows if r.words or (r.mark and r.mark.ticked and r.key)]
    rows = [r for r in rows if not _struck(r)]  # «ненужное зачёркнуто»: crossed out, not chosen
    rows = [r for r in rows if r.mark is not None or r.key or _has_text(r)]  # OCR'd specks
    rows = _misread_numbers(_missed_boxes(rows))
    # a mark with no label beside it (OCR's dirt read as «=» on a line of its own) marks no
    # option: it does not make the list a ticked one
    marked = any(_marks_option(r) and (_worded(r.words) or r.key) for r in rows)
    # a table keyed by the kind of impairment delimits its items by cells, not by numbers:
    # a dash OCR'd from the rule after a key cell («Нарушение функции слуха -») is no bullet
    keyed = section.key_x is not None or any(r.key is not None for r in rows)
    items: list[Item] = []
    cur: Item | None = None
    for index, row in enumerate(rows):
        if row.mark is not None:
            cur = None
            if row.mark.ticked:
                cur = _start(section.key, row)
                items.append(cur)
            continue
        if cur is not None and _continues(cur, row):
            _extend(cur, row)
            continue
        listed = row.numbered is not None or row.bullet
        if not listed and _introduces_list(row, rows[index + 1 : index + 2]):
            cur = None  # «Нарушения зрительных функций:» over its bulleted items: a sub-heading
            continue
        if (
            cur is not None
            and cur.method == "prose"
            and section.same_line
            and not listed
            and not marked
            and cur.pieces[-1].rstrip().endswith(";")
            and row.line.page is cur.rows[-1].line.page
            and abs(row.line.bbox[0] - cur.rows[0].line.bbox[0]) <= _tol(row)
        ):
            _extend(cur, row)  # «противопоказано: …;» / «Точные …; Работы …»: the prose runs on
            continue
        if marked or (section.inline and section.same_line and items and not listed):
            cur = None
            continue
        if items and not listed and not keyed and all(_listed(i) for i in items):
            lost = _lost_number(row, items)
            if lost is None:
                break  # a numbered or bulleted list ends at the first line that is neither
            row = lost
        cur = _start(section.key, row)
        items.append(cur)
    return items


def _struck(row: Row) -> bool:
    """The row's words are crossed out (a strike through most of them)."""
    strikes = row.line.page.strikes
    if not strikes or not row.words:
        return False
    return struck_share(Line(tuple(row.words)), strikes) >= STRUCK_MIN_SHARE


def _introduces_list(row: Row, following: Sequence[Row]) -> bool:
    """A line ending in a colon (or naming a kind of impairment) right over a numbered or
    bulleted line: the sub-heading of the items under it (the impairment they are
    contraindicated for), not an item.
    """
    if not following:
        return False
    if not row.text.rstrip().endswith(":") and not IMPAIRMENT.match(_low(row.text)):
        return False  # a title ends in its colon, or names the kind of impairment
    nxt = following[0]
    return nxt.mark is None and (nxt.numbered is not None or nxt.bullet)


def _missed_boxes(rows: list[Row]) -> list[Row]:
    """An option between two boxed options of an OCR page that has no box: its mark hid it.

    The detector finds empty boxes well; a box under a heavy tick or inside a
    circle drawn round the option is what it misses. The row stands at the
    boxed labels' indent, between boxed rows of its page, below a short line
    (so it is no wrapped label), with nothing in the box column.
    """
    boxed = [r for r in rows if r.mark is not None and r.mark.kind == "box" and r.mark.bbox]
    if len(boxed) < 2:
        return rows
    out = list(rows)
    for i, row in enumerate(rows):
        if row.mark is not None or not row.words or row.line.page.source != "ocr" or i == 0:
            continue
        page = row.line.page
        mine = [r for r in boxed if r.line.page is page]
        if not any(r.line.bbox[1] < row.line.bbox[1] for r in mine) or not any(
            r.line.bbox[1] > row.line.bbox[1] for r in mine
        ):
            continue
        label_x = sorted(r.x0 for r in mine)[len(mine) // 2]
        if abs(row.x0 - label_x) > 0.5 * _tol(row) or row.line.bbox[0] < label_x - _tol(row):
            continue
        prev = rows[i - 1].line
        margin = max(w.bbox[2] for line in page.lines for w in line.words)
        if prev.bbox[2] - prev.bbox[0] >= 0.7 * (margin - prev.bbox[0]):
            continue  # the line above is long: this one may be its label wrapping on
        above = rows[i - 1].text.rstrip()
        hanging = bool(above) and above.split()[-1].lower().strip(",") in HANGING
        if above.endswith(("-", ",")) or hanging or CONNECTIVES.match(row.text.lower()):
            continue  # the label above breaks off («… с подъемом и»): this line carries it on
        out[i] = replace(row, mark=Mark(True, "box", 0.5))
    return out


def _has_text(row: Row) -> bool:
    return any(c.isalpha() for w in row.words for c in w.text)


def _misread_numbers(rows: list[Row]) -> list[Row]:
    """A numbered list's number OCR'd as a tick glyph («х», «+» for «4»): a number again.

    Only where the other rows are numbered, no row has an unticked mark, and the
    glyph stands in the number column (at the numbered rows' left edge).
    """
    numbered = [r for r in rows if r.numbered is not None and r.mark is None]
    glyphs = [r for r in rows if r.mark is not None and r.mark.kind == "glyph"]
    if len(numbered) < 2 or not glyphs or len(glyphs) >= len(numbered):
        return rows
    if any(r.mark is not None and (not r.mark.ticked or r.mark.kind != "glyph") for r in rows):
        return rows
    left = sorted(r.line.bbox[0] for r in numbered)[len(numbered) // 2]
    out = []
    for row in rows:
        if row in glyphs and abs(row.line.bbox[0] - left) <= _tol(row):
            before = [r.numbered for r in out if r.numbered is not None]
            row = replace(row, mark=None, numbered=(before[-1] + 1) if before else 1)
        out.append(row)
    return out


def _lost_number(row: Row, items: list[Item]) -> Row | None:
    """A row of a numbered table whose number OCR lost or misread («к ремонт часов …»).

    The table has a number column (its rows' text starts well right of their
    numbers); the row's text starts at that text column, a row's height below
    the row before (not a wrapped cell line), with nothing or one short token
    in the number column. Returns the row as numbered, else None.
    """
    tol = _tol(row)
    firsts = [i.rows[0] for i in items if i.rows[0].numbered is not None or i.rows[0].bullet]
    height = max(row.line.bbox[3] - row.line.bbox[1], 1.0)
    printed = [r for r in firsts if r.x0 - r.line.bbox[0] >= 0.5 * height]  # a number column
    if not printed or printed[-1].line.page is not row.line.page or not row.words:
        return None
    number_x, text_x = printed[-1].line.bbox[0], printed[-1].x0
    tol = min(tol, 0.5 * (text_x - number_x))
    prev = items[-1].rows[-1].line
    height = max(min(prev.bbox[3] - prev.bbox[1], height), 1.0)
    # something stood in the number column (a speck dropped from the row): a listed row
    marked = abs(row.line.bbox[0] - number_x) <= tol and row.x0 - row.line.bbox[0] > tol
    if row.line.bbox[1] - prev.bbox[3] < 0.4 * height and not marked:
        return None
    words = row.words
    if len(words) >= 2 and abs(words[0].bbox[0] - number_x) <= tol and len(words[0].text) <= 3:
        words = words[1:]
    if abs(words[0].bbox[0] - text_x) > tol:
        return None
    if printed[-1].bullet:
        return replace(row, words=words, bullet=True)
    return replace(row, words=words, numbered=(printed[-1].numbered or 0) + 1)


def _listed(item: Item) -> bool:
    return item.rows[0].numbered is not None or item.rows[0].bullet


def _marks_option(row: Row) -> bool:
    """A mark that picks options of a list (a value cell of an impairment row does not)."""
    return row.mark is not None and not (row.mark.kind == "cell" and row.key is not None)


def _start(key: str, row: Row) -> Item:
    if row.mark is not None:
        method = "tick_box" if row.mark.kind in {"box", "glyph"} else "table_cell"
    elif row.key is not None:
        method = "table_cell"
    elif row.numbered is not None or row.bullet:
        method = "list_item"
    else:
        method = "prose"
    text = row.text if row.words else (row.key or "")
    table = row.key is not None or (row.mark is not None and row.mark.kind == "cell")
    conf = row.mark.confidence if row.mark is not None else 1.0
    return Item(key, method, [row], [text], row.x0, table=table, confidence=conf)


def _extend(item: Item, row: Row) -> None:
    words = [w for w in row.words if w.bbox[0] >= item.x0 - _tol(row)] if item.table else row.words
    item.rows.append(row)
    item.pieces.append(" ".join(fix_lookalikes(w.text) for w in words))


def _tol(row: Row) -> float:
    return 1.5 * max(row.line.bbox[3] - row.line.bbox[1], 1.0)


def _continues(item: Item, row: Row) -> bool:
    """Whether an unmarked row carries on ``item`` (a wrapped label or cell)."""
    prev = item.rows[-1]
    if row.numbered is not None or row.bullet or row.key is not None or not row.words:
        return False
    if prev.line.page is not row.line.page:
        return _page_wraps(item, row)
    height = max(prev.line.bbox[3] - prev.line.bbox[1], 1.0)
    if row.line.bbox[1] - prev.line.bbox[3] > 1.2 * height:
        return False
    if _ticked_label_wraps(item, row):
        return True
    if item.table:
        return _cell_wraps(item, row)
    if row.x0 < min(item.x0, item.rows[0].line.bbox[0]) - _tol(row):
        return False
    if row.x0 - item.x0 > 4 * _tol(row):
        return False
    last = item.pieces[-1].rstrip()
    if last.endswith((";", ".")):
        return False
    first = row.words[0].text
    words = last.split()
    hanging = bool(words) and words[-1].lower().strip(",") in HANGING
    if last.endswith(("-", ",")) or hanging or CONNECTIVES.match(row.text.lower()):
        return True
    if not first[:1].islower():
        return False
    tail, head = item.joined.rsplit(";", 1)[-1], row.text.split(";", 1)[0]
    if _known(tail, item.key) and _known(head, item.key):
        return False
    return _runs_on(item, prev, row)


def _runs_on(item: Item, prev: Row, row: Row) -> bool:
    """``prev``'s text ran to the margin, so ``row`` carries it on; a mark in a column right
    of the label makes the line look full: the label ended short of that column
    (:func:`_had_room`), and the row is an option of its own."""
    mark = item.rows[0].mark
    if mark is not None and _had_room(prev, row, mark):
        return False
    return _full_line(prev) or _wrapped(prev, row)


def _page_wraps(item: Item, row: Row) -> bool:
    """An item carried over a page break: the last line of one page, the first of the next.

    The item has not ended («;» or «.»), the next page's first content line starts
    in lower case at the item's indent (as a share of the page width, scans differ).
    """
    prev = item.rows[-1].line
    if item.pieces[-1].rstrip().endswith((";", ".", ":")) or not row.words:
        return False
    if not row.words[0].text[:1].islower() or row.line.index > 3:
        return False
    below = [ln for ln in prev.page.lines if ln.words and ln.bbox[1] > prev.bbox[3]]
    if any(not FURNITURE.match(_low(" ".join(w.text for w in ln.words))) for ln in below):
        return False
    share = abs(row.x0 / row.line.page.width - item.x0 / prev.page.width)
    return share <= 0.03


def _cell_wraps(item: Item, row: Row) -> bool:
    """A table row whose words at the item's column carry the item's cell on."""
    right = [w for w in row.words if w.bbox[0] >= item.x0 - _tol(row)]
    left = [w for w in row.words if w.bbox[0] < item.x0 - _tol(row)]
    if right and right[0].bbox[0] - item.x0 > 4 * _tol(row):
        return False  # a speck far right in the row, not the cell's text wrapping on
    if right and _new_sentence(item.pieces[-1], right[0].text):
        return False  # «… под напряжением» / «Работы с источниками …»: the next item of the cell
    return bool(right) and not (left and left[0].text[:1].isupper())


def _new_sentence(last: str, first: str) -> bool:
    """A line that starts with a capital after a piece that has not broken off mid-phrase.

    An abbreviation in capitals («ПК», «ЭВМ») may carry a phrase on; a piece ending
    in a comma, a hyphen or a preposition («… с») is cut mid-phrase.
    """
    word = re.sub(r"[^\w-]", "", first)
    if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
        return False
    last = last.rstrip()
    words = last.split()
    return bool(words) and not last.endswith(("-", ",", "(")) and words[-1].lower() not in HANGING


def _ticked_label_wraps(item: Item, row: Row) -> bool:
    """An unmarked lower-case line at a ticked option's label indent: the label wrapping on.

    In a ticked list an unmarked line is never an option of its own, so a line
    that starts where the label starts, in lower case, carries the label on.
    """
    first = item.rows[0]
    if first.mark is None or first.mark.kind not in {"box", "glyph"} or not row.words:
        return False
    if item.pieces[-1].rstrip().endswith((";", ".")) or _known(row.text, item.key):
        return False
    prev = item.rows[-1].line
    margin = max(w.bbox[2] for line in prev.page.lines for w in line.words)
    long_line = prev.bbox[2] - prev.bbox[0] >= 0.7 * (margin - prev.bbox[0])
    starts = (item.x0, first.mark.bbox[0] if first.mark.bbox else item.x0)  # label or box
    at_indent = any(abs(row.x0 - x) <= _tol(row) for x in starts)
    lower = row.words[0].text[:1].islower()
    return long_line and at_indent and lower and not _had_room(item.rows[-1], row, first.mark)


ROOM_SLACK = 2.0
"""Line heights of room a label line must have left before its mark's column for the next
line's first word to count as not wrapped (the column's own edge is left of the mark)."""


def _had_room(prev: Row, row: Row, mark: Mark) -> bool:
    """The first word of ``row`` would have fitted after ``prev``'s text, short of the mark's
    column right of it: ``prev`` ended there, so ``row`` is an option of its own.

    A ticked table prints each option on its row and the mark in a column at the right
    («работы с воздействием пыли и аэрозолей  V» / «работы, требующие переноса грузов …»,
    unmarked): the row under a ticked one starts in lower case like every option of the
    list, and only a label that ran up to its column's edge wraps onto the next line.
    """
    box = mark.bbox or (union_boxes([w.bbox for w in mark.words]) if mark.words else None)
    if not prev.words or not row.words or box is None:
        return False
    end = max(w.bbox[2] for w in prev.words)
    if box[0] <= end:
        return False  # the mark stands left of the label (or in it): no column to measure
    height = max(prev.line.bbox[3] - prev.line.bbox[1], 1.0)
    first = row.words[0].bbox
    return end + 0.3 * height + (first[2] - first[0]) < box[0] - ROOM_SLACK * height


def _known(text: str, key: str) -> bool:
    return snap(_clean(text), key)[1] > 0


def _full_line(row: Row) -> bool:
    """The row runs (nearly) to the right margin of its page's text: its text wraps."""
    page = row.line.page
    margin = max(max(w.bbox[2] for w in line.words) for line in page.lines if line.words)
    char = max((row.line.bbox[3] - row.line.bbox[1]) * 0.6, 1.0)
    return row.line.bbox[2] >= margin - 5 * char


def _wrapped(prev: Row, row: Row) -> bool:
    """The first word of ``row`` would not have fitted at the end of ``prev``: the text wrapped."""
    page = prev.line.page
    margin = max(max(w.bbox[2] for w in line.words) for line in page.lines if line.words)
    first = row.words[0].bbox
    space = 0.3 * max(prev.line.bbox[3] - prev.line.bbox[1], 1.0)
    return prev.line.bbox[2] + space + (first[2] - first[0]) > margin


OCR_SEMICOLON = re.compile(r"(?<=[а-яё]{3}):\s+(?=(работ|труд|управлен|контакт|воздейств)\w*[\s,])")
"""A «;» between two items of a cell that OCR read as «:» («… ночную смену: работы, …»)."""


def _clean(text: str) -> str:
    """Item text without bullets, numbering, trailing punctuation and quotes; single spaces.

    >>> _clean("1. работы  на высоте;")
    'работы на высоте'
    >>> _clean("– тяжёлый физический труд.")
    'тяжёлый физический труд'
    """
    text = " ".join(text.replace("\u00ad", "").split())
    text = TRAILING.sub("", LEADING.sub("", text)).strip()
    text = re.sub(r"(\s+[^\w\s()]+)+$", "", text)  # OCR'd dirt or a table rule after the text
    text = TRAILING.sub("", text)
    text = re.sub(r"^(и|а также|а|или)\s+", "", text)
    return text.strip(" \"'«»").strip()


DEPENDENT = re.compile(
    r"^(связанн|требующ|сопряж|предполагающ|включающ|обусловленн|котор|не |в том числе|"
    r"а также|особенно|кроме|за исключением|исключая)"
)
"""How a comma-separated piece that qualifies the previous one starts («работы, связанные с …»)."""


@cache
def _morph() -> Any:
    from mseflow.extractors.models import morph

    return morph()


def _starts_item(piece: str) -> bool:
    """Whether a comma-separated piece of prose starts a new item (never gates one).

    A new item starts with a known item word or with a noun or adjective in the
    nominative («бухгалтер», «вредные химические вещества»); a participle or an
    adjective in another case carries on the previous item («в оптимальных,
    допустимых условиях»).
    """
    low = _low(piece)
    if not low or DEPENDENT.match(low):
        return False
    if ITEM_START.match(low):
        return True
    word = re.sub(r"[^а-я-]", "", low.split()[0])
    if not word:
        return False
    for parse in _morph().parse(word)[:2]:
        tag = parse.tag
        if tag.POS in {"NOUN", "ADJF"} and tag.case in {"nomn", "accs"}:
            return True
    return False


def _split_prose(text: str, key: str) -> list[str]:
    """Pieces of a prose list: by semicolons, then by commas before a new item's first word."""
    out: list[str] = []
    listed_by_semicolons = ";" in text.rstrip(" ;.")  # then a comma is inside an item
    for part in re.split(r";|\s•\s|\.\s+(?=[А-ЯЁ])", text):
        part = part.strip()
        if not part:
            continue
        if (
            key == "recommended_conditions"
            or listed_by_semicolons
            or "," not in part
            or _known(part, key)
        ):
            out.append(part)
            continue
        pieces = [p.strip() for p in part.split(",")]
        merged = [pieces[0]]
        for p in pieces[1:]:
            if _starts_item(p):
                merged.append(p)
            else:
                merged[-1] = f"{merged[-1]}, {p}"
        out.extend(merged)
    return out


def _clean_part(part: str, ocr: bool) -> str:
    """One item's text cleaned; on OCR pages split words rejoined and trailing dirt dropped.

    >>> _clean_part("1) Оператор ЭВМ т:", ocr=True)
    'Оператор ЭВМ'
    """
    if not ocr:
        return _clean(part)
    text = _clean(rejoin(part))
    # a lone small letter after the item («Оператор ЭВМ т:») is OCR's dirt
    return _clean(re.sub(r"(\s+[а-яёa-z])+\W*$", "", text))


def _parts(item: Item) -> list[str]:
    """An item's text split into the items it lists."""
    joined = item.joined
    if item.method == "tick_box" and any(r.key for r in item.rows):
        return [p for p in joined.split(";") if p.strip()]  # a keyed row's list cell
    if item.method == "tick_box":
        return [joined]
    if item.method in {"table_cell", "list_item"}:  # a number or bullet marks one item
        if all(r.line.page.source == "ocr" for r in item.rows):
            joined = OCR_SEMICOLON.sub(";", joined)
        return [p for p in joined.split(";") if p.strip()]
    return _split_prose(joined, item.key)


def finish(items: list[Item]) -> list[Item]:
    """Split prose, clean and normalise every item, drop negations and blank option lists."""
    out: list[Item] = []
    for item in items:
        parts = _parts(item)
        ocr = any(r.line.page.source == "ocr" for r in item.rows)
        for part in parts:
            text = _clean_part(part, ocr)
            low = _low(text)
            if len(re.sub(r"[^а-яa-z]", "", low)) < 3 or NEGATIVE_ITEM.match(low):
                continue
            if NEGATED_STATEMENT.search(low):  # «… к трудовой деятельности не установлена»
                continue
            if not any(len(re.sub(r"[^а-яa-z]", "", w)) >= 4 for w in low.split()):
                continue  # OCR'd dirt («\ Е ип»): an item has a word of four letters
            if item.key == "recommended_conditions" and NEGATIVE_CONDITION.match(low):
                continue
            if TITLE_TAIL.search(low) and len(low.split()) <= 3:
                continue
            phrase, score = snap(text, item.key)
            piece = Item(item.key, item.method, item.rows, [text], item.x0, item.table)
            # a text layer's free-text item keeps the document's own words (the dictionary
            # raises confidence only); OCR'd words, and the form's fixed options of the
            # recommended conditions, take the phrase they most likely are
            printed = all(r.line.page.source == "text_layer" for r in item.rows)
            own = item.key != "recommended_conditions" and (printed or _read_clean(text, phrase))
            piece.text, piece.snapped = (text if own else phrase, True) if score else (text, False)
            if piece.snapped and not own and text[:1].isupper():
                piece.text = piece.text[:1].upper() + piece.text[1:]
            line_conf = min(r.line.confidence for r in item.rows)
            factor = 1.0 if score else UNKNOWN_PHRASE_FACTOR
            piece.confidence = round(
                line_conf * item.confidence * factor * METHOD_FACTOR[item.method], 3
            )
            out.append(piece)
    return out


def _read_clean(text: str, phrase: str) -> bool:
    """OCR read the item as other real words than the phrase it resembles: it keeps them.

    «Работы в условиях повышенного уровня шума» fits «работы в условиях повышенного
    шума» at ratio 90, but every word of it is a known Russian word and it has a word
    the phrase lacks: the document's own wording, not OCR damage (a damaged word is
    unknown to the dictionary, «Консультированяё»; a word read as another known word,
    with no word added, may be damage too: the phrase is taken).
    """
    words = [re.sub(r"[^а-яё-]", "", w) for w in text.lower().split()]
    words = [w.strip("-") for w in words if w.strip("-")]
    theirs = {re.sub(r"[^а-яё-]", "", w) for w in fold(phrase).split()}
    if len(words) <= len(theirs) or all(w.replace("ё", "е") in theirs for w in words):
        return False  # a word read otherwise than the phrase has it may be OCR's damage
    known = _morph().word_is_known
    return all(len(w) < 3 or known(w) for w in words)


def _blank_options(items: list[Item], marked: bool) -> bool:
    """The 486н options printed without any mark: a blank option list.

    The form prints its three exclusive options together; all of them unmarked is
    the blank form (a conclusion picks one or two of them, never all three).
    Fewer of them as plain lines are the ones the bureau wrote in.
    """
    if marked:
        return False
    hits = {o for i in items for o in EXCLUSIVE_OPTIONS if _low(i.text).startswith(o)}
    return len(hits) >= len(EXCLUSIVE_OPTIONS)


def _underlined_rows(items: list[Item]) -> list[Item] | None:
    """The items of a list printed one option a row that the officer underlined or
    circled (486н, Приложение № 2: «Заключение о рекомендуемом характере и условиях труда
    (нужное подчеркнуть):»); None when no row of the list is marked so.

    The reading stage reports such marks only when some but not all rows are marked
    (:func:`mseflow.reading.marks.decide_rows`). An item on a marked option's lines is
    kept (the lines of one option, read as two items, joined again), one touching any
    other option's line dropped, one outside the list kept.
    """
    chosen, listed = _listed_lines(items)
    if not chosen:
        return None
    out: list[Item] = []
    last: int | None = None
    for item in items:
        inside = {(id(r.line.page), r.line.index) for r in item.rows} & listed
        if not inside:
            out.append(item)
            last = None
            continue
        if not inside <= chosen.keys():
            last = None
            continue  # (part of) an option not marked
        options = {chosen[k] for k in inside}
        if last is not None and options == {last}:
            for row in item.rows:
                _extend(out[-1], row)
            continue
        out.append(item)
        last = options.pop() if len(options) == 1 else None
    return out


def _listed_lines(items: list[Item]) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    """The (page, line) keys of the marked options' lines (each to its option's number) and
    of every line of the lists they are in, with a list's hint standing alone on its line
    («(нужное подчеркнуть)» under the title: the list's caption, no item)."""
    pages = {id(r.line.page): r.line.page for i in items for r in i.rows}
    chosen: dict[tuple[int, int], int] = {}
    listed: set[tuple[int, int]] = set()
    for page in pages.values():
        starts = {m.line for m in page.marks if m.listed}
        if not starts:
            continue
        for rows in option_rows(page):
            if not starts & {k for option in rows.options for k in option}:
                continue
            if hint_alone(page.lines[rows.hint]):
                listed.add((id(page), rows.hint))
            for option in rows.options:
                lines = {(id(page), k) for k in option}
                listed |= lines
                if option[0] in starts:
                    chosen.update(dict.fromkeys(lines, len(chosen)))
    return chosen, listed


def read_items(view: DocumentView) -> list[Item]:
    """Every item of the work lists, in reading order."""
    items: list[Item] = []
    for section in read_sections(view):
        neutral = section.key == ""
        key = "recommended_conditions" if neutral else section.key
        raw = section_items(replace(section, key=key))
        marked = any(_marks_option(r) or _struck(r) for r in section.rows)
        chosen = None if marked or key != "recommended_conditions" else _underlined_rows(raw)
        found = finish(raw if chosen is None else chosen)
        marked = marked or chosen is not None
        if neutral:
            found = [i for i in found if i.snapped or RECOMMENDED_ITEM.match(_low(i.text))]
        if key == "recommended_conditions" and _blank_options(found, marked):
            continue
        items.extend(found)
    items.extend(_guessed_items(view, items))
    return items


def _guessed_items(view: DocumentView, found: list[Item]) -> list[Item]:
    """Ticked boxes the OCR box detector missed, read as a junk first word (OCR pages only).

    Only on pages that have detected boxes, at their column, and only when the
    rest of the line is a known phrase.
    """
    seen = {id(r.line) for i in found for r in i.rows}
    out: list[Item] = []
    for tl in view.lines:
        if tl.page.source != "ocr" or id(tl) in seen or checkbox_for(tl, tl.page.checkboxes):
            continue
        boxes = tl.page.checkboxes
        if not boxes or len(tl.words) < 2:
            continue
        first = tl.words[0]
        xs = sorted(b.bbox[0] for b in boxes)
        side = max(b.bbox[2] - b.bbox[0] for b in boxes)
        junk = (
            not re.search(r"[а-яА-Я]{3}", first.text) and glyph_state(first.text, ocr=True) is None
        )
        if not junk or abs(first.bbox[0] - xs[len(xs) // 2]) > side:
            continue
        text = _clean(" ".join(fix_lookalikes(w.text) for w in tl.words[1:]))
        for key in LIST_KEYS:
            phrase, score = snap(text, key)
            if score:
                row = Row(tl, list(tl.words[1:]), Mark(True, "box", 0.5))
                item = Item(key, "tick_box", [row], [phrase], row.x0, text=phrase, snapped=True)
                item.confidence = round(tl.confidence * 0.5 * score, 3)
                out.append(item)
                break
    return out


def _evidence(items: list[Item]) -> Evidence:
    page = items[0].rows[0].line.page
    on_page = [i for i in items if i.rows[0].line.page is page]
    boxes = [r.line.bbox for i in on_page for r in i.rows]
    boxes += [r.mark.bbox for i in on_page for r in i.rows if r.mark and r.mark.bbox]
    conf = [i.confidence for i in items]
    return Evidence(
        page=page.number,
        bbox=[round(v, 2) for v in union_boxes(boxes)],
        text="; ".join(i.text for i in items),
        confidence=round(sum(conf) / len(conf), 3),
    )


class WorkListsExtractor(Extractor):
    """The IPRA work lists, by heading, in every printed shape."""

    code = "worklists"
    keys = LIST_KEYS
    version = 10
    doc_types = frozenset({DocType.ipra, DocType.mse_certificate})

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """One value per list: unique items in printed order, with evidence and method."""
        items = read_items(DocumentView(span.pages))
        out = []
        for key in LIST_KEYS:
            mine = [i for i in items if i.key == key]
            unique: dict[str, Item] = {}
            for item in mine:
                unique.setdefault(item.text.lower(), item)
            kept = list(unique.values())
            values = [i.text for i in kept]
            method = Counter(i.method for i in kept).most_common(1)[0][0] if kept else "tick_box"
            evidence = _evidence(kept) if kept else Evidence()
            out.append(FieldValue(key, values, evidence, method=method))
        return out
