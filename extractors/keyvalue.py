"""Layout-independent key–value reading: find a field's printed label, then its value.

Labels come from the label tables in ``labels/*.txt`` (one file per form version, each
wording with its source). A label may be numbered («2.», «13)») or not, upper or mixed
case, and may wrap over two lines. Its value may sit

* on the same line after it (``labelled_line``),
* in the next cell of the table row: words right of the label in the same vertical band,
  even when grouped into another visual line (``table_cell``),
* on the line under it (``next_line``), when that line is not itself a label or a hint.

Blank-form hints printed under or after a value («(фамилия, имя, отчество)»,
«(нужное подчеркнуть)», «(при наличии)») and underscores are skipped.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz

from mseflow.extractors.layout import LABEL_MIN_SCORE, DocumentView, TextLine
from mseflow.extractors.text import normalise_line

FORMS = ("1031n", "486n", "379n", "printout")
"""Label tables, one per form version (``labels/<form>.txt``)."""

HINT = re.compile(
    r"\((?:при\s+наличии|последнее\s*-?\s*при\s+наличии|нужное\s+подчеркнуть|"
    r"фамилия[^)]*|наименование[^)]*|указ\w+[^)]*|число[^)]*|день[^)]*)\)?",
    re.IGNORECASE,
)
FILLER = re.compile(r"^[\s:;.,\-_)(|/\\]*")
NUMBERING = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?:[‚‘’`'\"|,.]{1,2}\s+)?")
"""A point's number before its label, and a speck OCR left between them («9 ' Дата очередного»:
a table's rule or dust, family 15's scanner-app copies)."""
TAIL_HINT = re.compile(r"день\s*_+\s*месяц\s+прописью\s*_*\s*год\s*_*.*$", re.IGNORECASE)
OTHER_LABEL = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?[А-ЯЁA-Z][^:\d]{2,60}:\s*\S")
"""A line of its own label and value («Дата выдачи: …»): never the value of the label above."""
CELL_GAP = 3.0
"""A gap wider than this many character widths between label and value: a table cell."""


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a field's value was found: the line, the character range and how."""

    key: str
    line: TextLine
    start: int
    end: int
    method: str
    score: float
    label_line: TextLine
    label: str = ""

    @property
    def text(self) -> str:
        """The value's normalised text."""
        return self.line.text[self.start : self.end]


@cache
def label_table() -> dict[str, tuple[str, ...]]:
    """Key -> label wordings of every form, longest first (normalised, lower case)."""
    table: dict[str, list[str]] = {}
    root = resources.files("mseflow.extractors").joinpath("labels")
    for form in FORMS:
        text = root.joinpath(f"{form}.txt").read_text(encoding="utf-8")
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if "|" not in line:
                continue
            key, _, label = (part.strip() for part in line.partition("|"))
            label = normalise_line(label).lower()
            if label and label not in table.setdefault(key, []):
                table[key].append(label)
    return {key: tuple(sorted(labels, key=len, reverse=True)) for key, labels in table.items()}


def labels_for(key: str) -> tuple[str, ...]:
    """Every wording of ``key``'s label, longest first."""
    return label_table().get(key, ())


@cache
def _all_label_starts() -> tuple[str, ...]:
    return tuple(
        sorted({lab for labels in label_table().values() for lab in labels}, key=len, reverse=True)
    )


def is_label_line(tl: TextLine) -> bool:
    """The line starts with some field's label (after its point number)."""
    low = NUMBERING.sub("", tl.text.lower())
    return any(low.startswith(lab) for lab in _all_label_starts() if len(lab) >= 5)


def starts_label(text: str) -> bool:
    """The line starts another label: a whole known label, or the first line of one that
    wraps («Дата очередного» / «переосвидетельствования»), or its own «Label: value»."""
    low = NUMBERING.sub("", text.lower()).strip()
    if not low:
        return False
    if any(low.startswith(lab) for lab in _all_label_starts() if len(lab) >= 5):
        return True
    words = low.split()
    if len(words) >= 2:
        head = " ".join(words[:2]).rstrip(":")
        if len(head) >= 8 and any(
            lab.startswith(head) for lab in _all_label_starts() if len(lab.split()) > 2
        ):
            return True
    return OTHER_LABEL.match(text) is not None or DOCUMENT_LINE.match(text) is not None


DOCUMENT_LINE = re.compile(
    r"^\s*(?:\d{1,2}[.)]\s*)?(?:[А-ЯЁA-Z][а-яёa-z]*|[А-ЯЁ]{2,})(?:\s+[а-яёa-zА-ЯЁ]+){0,4}\s+(?:№|N\b)",
)
"""A line naming a document by its number («Акт освидетельствования № 12 от …»,
«Протокол № 5»): its date is that document's, never the value of a label above."""

EMPTY_VALUE = re.compile(
    r"^[\s:.]*(?:[-–—]+|_{2,}|не\s+установлен\w*|не\s+назначен\w*|не\s+указан\w*|"
    r"не\s+определен\w*|нет|отсутству\w*|х|x)[\s.;,_-]*$",
    re.IGNORECASE,
)
"""What a form prints for «no value» after a label («—», «не установлен», «______»): the
value IS null, and the line below is another field's."""


def is_hint(text: str) -> bool:
    """Only a blank-form hint, underscores or punctuation."""
    rest = HINT.sub(" ", text)
    return not re.search(r"[0-9A-Za-zА-Яа-яЁё]", rest)


def _match(low: str, label: str, fuzzy: bool) -> tuple[int, int, float] | None:
    """Where ``label`` is in ``low``: exact, or (OCR text only) within a small edit distance.

    A fuzzy match must agree on the label's last word, so «установлена с» is not found
    in «установлена на срок до».
    """
    pos = low.find(label)
    if pos >= 0 and (pos == 0 or not low[pos - 1].isalpha()):
        return pos, pos + len(label), 1.0
    if not fuzzy or len(label) < 8 or len(low) < len(label) * 0.6:
        return None
    al = fuzz.partial_ratio_alignment(label, low, score_cutoff=LABEL_MIN_SCORE)
    if al is None:
        return None
    if al.dest_start > 0 and low[al.dest_start - 1].isalpha():
        return None
    dest_end, score = _stretched_end(low, label, al.dest_start, al.dest_end, al.score)
    got, want = low[al.dest_start : dest_end].split(), label.split()
    if not got or abs(len(got) - len(want)) > 1:
        return None
    if len(got) == len(want) - 1:
        want = _glued_as(got, want)
    ok = _word_agrees(got[-1], want[-1]) and _word_agrees(got[0], want[0])
    if ok and len(got) == len(want):
        ok = all(_word_agrees(g, w, WORD_MIN_RATIO) for g, w in zip(got, want, strict=True))
    return (al.dest_start, dest_end, score / 100) if ok else None


GLUED_MIN_RATIO = 90.0
"""How close the glued word must be to the two label words written as one: a word of the label
alone («установления» against «установленияинвалидности») is not a glued pair."""


def _glued_as(got: list[str], want: list[str]) -> list[str]:
    """``want`` with the two words OCR glued into one of ``got`` written as one («датаустановления
    инвалидности» for «дата установления инвалидности»: the space between them lost), or
    ``want`` as it is."""
    for j in range(len(want) - 1):
        merged = [*want[:j], want[j] + want[j + 1], *want[j + 2 :]]
        if len(want[j]) < 3 or len(want[j + 1]) < 3 or abs(len(got[j]) - len(merged[j])) > 1:
            continue  # only the space lost: «установлена с» is not «установлена до»
        if _word_agrees(got[j], merged[j], GLUED_MIN_RATIO) and all(
            _word_agrees(g, w, WORD_MIN_RATIO) for g, w in zip(got, merged, strict=True)
        ):
            return merged
    return want


def _stretched_end(low: str, label: str, start: int, end: int, score: float) -> tuple[int, float]:
    """The match's end moved over the label's last word when OCR or print added characters
    inside the label («ипра ребенка-инвалида, разработана, впервые, … на срок до»: the
    alignment's window is the label's length, so it stops a word short)."""
    want_last = label.split()[-1]
    got = low[start:end].split()
    if not got or got[-1] == want_last or len(low) <= end:
        return end, score
    nxt = low.find(want_last, end - len(want_last))
    after = nxt + len(want_last)
    if nxt < 0 or nxt - end > 6 or (after < len(low) and low[after].isalpha()):
        return end, score
    stretched = nxt + len(want_last)
    if len(low[start:stretched].split()) != len(label.split()):
        return end, score  # a word of the value inside the window («способности к вторая»)
    again = fuzz.ratio(label, low[start:stretched])
    return (stretched, again) if again >= LABEL_MIN_SCORE else (end, score)


WORD_MIN_RATIO = 60.0
"""Least ratio of each word of a fuzzy label match to the label's word (OCR damage, not
another word: «акт освидетельствования» is not «очередное освидетельствование»)."""


def _word_agrees(got: str, want: str, min_ratio: float = 70.0) -> bool:
    """One word of a fuzzy label match read as the label's word (short words: exactly)."""
    if len(want) < 4:
        return got == want
    return fuzz.ratio(got, want) >= min_ratio


LITTER = re.compile(
    r"[‚‘’`'\"|_~^*•]+|[—–-]{2,}[а-яa-z]?(?=\s|$)|(?:(?<=\s)|^)[—–-](?=\s)|(?<=[а-я])\.(?=\s|$)"
)
"""OCR litter inside a wrapped label: stray quotes, rules («——————д»), lone dashes."""


@lru_cache(maxsize=4096)  # asked once per label for the same line: computed once (issue 13)
def _clean_mapped(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` without litter, single-spaced, and each kept character's index in ``text``."""
    keep = [True] * len(text)
    for m in LITTER.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if not keep[i] or (ch == " " and (not out or out[-1] == " ")):
            continue
        out.append(ch)
        where.append(i)
    return "".join(out), tuple(where)


def _match_littered(low: str, nxt: str, label: str) -> tuple[int, int, float] | None:
    """A label wrapped onto ``nxt`` with OCR litter on either line: (start, end in nxt, score).

    «2. Фамилия, имя, отчество (при ——————д» / «- наличии): Черных Савва …».
    """
    a = _clean_mapped(low)[0].strip()
    b, where = _clean_mapped(nxt)
    lead = len(b) - len(b.lstrip())
    b, where = b[lead:], where[lead:]
    found = _match(f"{a} {b}", label, True)
    if found is None or found[1] <= len(a) + 1 or found[0] >= len(a):
        return None
    end_b = found[1] - len(a) - 1
    return found[0], where[end_b - 1] + 1, found[2]


@dataclass(frozen=True, slots=True)
class Hit:
    """A label found, possibly wrapped: where it ends (line and offset) and its score."""

    first: TextLine
    last: TextLine
    end: int
    score: float
    label: str
    below: TextLine | None = None
    """A label wrapped inside its table cell: the cell's last line (the value is right of
    the cell, on its first line or beside it; the lines under it are the label's own)."""
    start: int = 0
    """Where the label starts on :attr:`first` (its column's left edge)."""


Cell = tuple[int, int, float, float]
_CELLS: weakref.WeakKeyDictionary[TextLine, tuple[Cell, ...]] = weakref.WeakKeyDictionary()
_WIDTHS: weakref.WeakKeyDictionary[TextLine, float] = weakref.WeakKeyDictionary()
_LABEL_CELLS: weakref.WeakKeyDictionary[TextLine, tuple[tuple[int, int, float, str], ...]] = (
    weakref.WeakKeyDictionary()
)
"""A line's cells, character width and label cells, computed once per line: the label
search asks for them for every label of every key on every line (30,000 times for 6
text-layer files, a quarter of a text page's extraction; issue 13). A line's words never
change (its ``words`` are cached on it), so neither do these; an entry goes with its line."""


def cell_runs(tl: TextLine) -> list[Cell]:
    """The line's table cells, cut at gaps wider than :data:`CELL_GAP` character widths:
    (start, end in its text, left x, right x), left to right."""
    cells = _CELLS.get(tl)
    if cells is None:
        cells = _CELLS[tl] = tuple(_cut_cells(tl))
    return list(cells)


def _cut_cells(tl: TextLine) -> list[Cell]:
    cw = _char_width(tl)
    out: list[Cell] = []
    for (a, b), w in zip(tl.offsets, tl.words, strict=True):
        if out and w.bbox[0] - out[-1][3] <= CELL_GAP * cw:
            start, _end, left, right = out[-1]
            out[-1] = (start, b, left, max(right, w.bbox[2]))
        else:
            out.append((a, b, w.bbox[0], w.bbox[2]))
    return out


def cell_pieces(lines: list[TextLine], i: int, left: float) -> list[tuple[TextLine, str]]:
    """The text under a cell starting at ``left`` on ``lines[i]``: the runs that start where
    it starts on the lines just below (other columns' lines in between are skipped)."""
    tl = lines[i]
    height = max(1.0, tl.bbox[3] - tl.bbox[1])
    cw = _char_width(tl)
    pieces: list[tuple[TextLine, str]] = []
    bottom, skipped = tl.bbox[3], False
    for other in lines[i + 1 : i + 6]:
        if other.page is not tl.page or other.bbox[1] - bottom > height * (3 if skipped else 1.2):
            break
        for start, end, x0, _x1 in cell_runs(other):
            if abs(x0 - left) <= 2 * cw:
                pieces.append((other, other.text[start:end]))
                bottom, skipped = other.bbox[3], False
                break
        else:
            skipped = True  # another column's line between the label's lines
        if len(pieces) >= 3:
            break
    return pieces


CELL_VALUE_TAIL = re.compile(
    r"\s+(?:[1-3]|I{1,3}|\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*г?\.?"
    r"|[\"«]?\d{1,2}[\"»]?\s+[а-яё]{3,}\.?\s+(?:19|20)\d\d\s*(?:г\.?)?"
    r"|\d{2}\s\d{2}\s(?:19|20)\d\d\s*(?:г\.?)?)$",
    re.IGNORECASE,
)
"""A short value closing a label cell's first line: a degree or group numeral, a date
(dotted, «01 авг. 2027», «"01" августа 2027 г.» or spaced «01 08 2027»)."""


def _cell_hit(lines: list[TextLine], i: int, label: str, fuzzy: bool) -> Hit | None:
    """``label`` wrapped inside a table cell: its first words in a cell of ``lines[i]``
    with the value right of them («Дата установления   08.09.2010» / «инвалидности»)."""
    tl = lines[i]
    for start, end, left, cell in _label_cells(tl):
        if not cell or not label.startswith(cell[:4]):
            continue  # the cell must open with the label («Дата установления …»)
        window = cell
        for other, piece in cell_pieces(lines, i, left):
            window = f"{window} {piece.lower()}"
            found = _match(window, label, fuzzy)
            if found is not None and found[0] <= 1 and found[1] > len(cell) + 1:
                return Hit(tl, tl, end, found[2], label, below=other, start=start)
    return None


def _label_cells(tl: TextLine) -> tuple[tuple[int, int, float, str], ...]:
    """The cells of ``tl`` that may hold a label's first words, with a value right of them:
    (start, end, left x, lower-cased text without its numbering); once per line."""
    found = _LABEL_CELLS.get(tl)
    if found is not None:
        return found
    runs = cell_runs(tl)
    last = runs[-1] if runs else None
    tail = CELL_VALUE_TAIL.search(tl.text[last[0] : last[1]]) if last is not None else None
    if last is not None and tail is not None and tail.start() > 0:
        # «Степень ограничения 1» / «способности к» / «трудовой» / «деятельности»: the value
        # sits close right of the label's first words, in the same run (also when the
        # label's cell is the line's only run: «Инвалидность установлена на 01 авг. 2027» /
        # «срок до»)
        runs = [*runs[:-1], (last[0], last[0] + tail.start(), last[2], last[3]), last]
    found = tuple(
        _unnumbered(tl, start, end, left)
        for start, end, left, _right in (runs[:-1] if len(runs) >= 2 else [])
    )
    _LABEL_CELLS[tl] = found
    return found


def _unnumbered(tl: TextLine, start: int, end: int, left: float) -> tuple[int, int, float, str]:
    """A label cell without its point number, its left edge the label's first word: the
    number column printed close to the label («11 ДАТА ОЧЕРЕДНОГО» / «ОСВИДЕТЕЛЬСТВОВАНИЯ»:
    the label wraps under its own words, not under «11»)."""
    text = tl.text[start:end]
    number = NUMBERING.match(text)
    if number is None:
        return start, end, left, text.lower()
    words = tl.words_in(start + number.end(), start + number.end() + 1)
    return start, end, words[0].bbox[0] if words else left, text[number.end() :].lower()


def _continuation(lines: list[TextLine], i: int) -> TextLine | None:
    """The line a label on ``lines[i]`` may wrap onto: the next one below it in its column.

    A value cell centred on a two-line label sits between the label's lines; skip it.
    """
    tl = lines[i]
    for other in lines[i + 1 : i + 3]:
        if other.page is not tl.page:
            return None
        if _speck(other):
            continue  # «--ы"--» read from a rule or a mark between the label's lines
        if other.bbox[0] < tl.bbox[2] and other.bbox[1] > tl.bbox[1]:
            return other
    return None


def _speck(tl: TextLine) -> bool:
    """An OCR'd line of litter: no word of three letters, read with almost no confidence."""
    return (
        tl.page.source == "ocr"
        and tl.confidence < 0.2
        and re.search(r"[А-Яа-яЁёA-Za-z]{3}", tl.text) is None
    )


def _rank(hit: Hit) -> tuple[bool, float, int]:
    """Exact matches first (the longest wins), then fuzzy ones by score."""
    exact = hit.score >= 1.0
    return (exact, 0.0 if exact else hit.score, len(hit.label))


ZERO_FOR_O = re.compile(r"(?<=[а-яё])0(?!\d)|(?<!\d)0(?=[а-яё])")
"""A zero printed or read for «о» inside a word («УСТАН0ВЛЕНИЯ», «НА СРОК Д0»: a text layer
or an OCR that took the round letter for the digit); never a zero of a number («2020г.»)."""


def label_text(text: str) -> str:
    """``text`` lower-cased for finding labels: a zero inside a word read as «о» (same length,
    so offsets still map to the line).

    >>> label_text("ИНВАЛИДНОСТЬ УСТАНОВЛЕНА НА СРОК Д0 01.07.2020г.")
    'инвалидность установлена на срок до 01.07.2020г.'
    """
    return ZERO_FOR_O.sub("о", text.lower())


def find_labels(view: DocumentView, key: str) -> list[Hit]:
    """Every place ``key``'s label is printed, one hit per starting line (the longest)."""
    labels = labels_for(key)
    hits: list[Hit] = []
    lines = view.lines
    for i, tl in enumerate(lines):
        nxt = _continuation(lines, i)
        low = label_text(tl.text)
        window = f"{low} {label_text(nxt.text)}" if nxt is not None else low
        fuzzy = tl.page.source == "ocr"
        best: Hit | None = None
        for label in labels:
            found = _match(low, label, fuzzy)
            target = tl
            if found is None and nxt is not None:
                found = _match(window, label, fuzzy)
                if found is not None and found[1] > len(low) + 1 and found[0] < len(low):
                    target = nxt
                else:
                    found = None
            if nxt is not None and fuzzy and (found is None or found[2] < 1.0):
                littered = _match_littered(low, label_text(nxt.text), label)
                if littered is not None and (found is None or littered[2] > found[2]):
                    target = nxt
                    found = (littered[0], littered[1] + len(low) + 1, littered[2])
            if found is None:
                cell = _cell_hit(lines, i, label, fuzzy)
                if cell is not None and (best is None or _rank(cell) > _rank(best)):
                    best = cell
                continue
            start, end, score = found
            if target is nxt:
                end -= len(low) + 1
            hit = Hit(tl, target, end, score, label, start=start)
            if best is None or _rank(hit) > _rank(best):
                best = hit
        if best is not None:
            hits.append(best)
    return hits


LEADER_JUNK = re.compile(r"^(?=[^:]*(?:\.{2,}|…|„|([а-яё])\1\1))[^:А-ЯЁA-Z\d]{0,40}:\s*")
"""A register printout's dot leader up to its colon («ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО ........ :
ЁЖИКОВА …») as OCR reads it: dots with a few lower-case scraps («„... еее :», «...... кн:»),
never a word of the value (no capital, no digit before the colon)."""


def past_leader(text: str, start: int) -> int:
    """Where the value starts after an OCR'd dot leader from ``start`` (:data:`LEADER_JUNK`),
    or ``start`` when there is none."""
    leader = LEADER_JUNK.match(text[start:])
    return start + leader.end() if leader else start


def _value_range(text: str, start: int) -> tuple[int, int] | None:
    """The value's range in ``text`` from ``start``: hints, fillers and underscores trimmed."""
    rest = text[start:]
    rest = HINT.sub(lambda m: " " * len(m.group()), rest)
    rest = TAIL_HINT.sub(lambda m: " " * len(m.group()), rest)
    leader = past_leader(rest, 0)
    lead = leader or len(FILLER.match(rest).group())  # type: ignore[union-attr]
    body = rest[lead:].rstrip(" _:;,")
    if not re.search(r"[0-9A-Za-zА-Яа-яЁё]", body):
        return None
    return start + lead, start + lead + len(body)


def _char_width(tl: TextLine) -> float:
    width = _WIDTHS.get(tl)
    if width is None:
        chars = sum(len(w.text) for w in tl.words) or 1
        width = _WIDTHS[tl] = max(1.0, sum(w.bbox[2] - w.bbox[0] for w in tl.words) / chars)
    return width


def _gap_before(tl: TextLine, label_end: int, value_start: int) -> float:
    before = tl.words_in(max(0, label_end - 1), label_end)
    after = tl.words_in(value_start, value_start + 1)
    if not before or not after or before[-1] is after[0]:
        return 0.0
    return (after[0].bbox[0] - before[-1].bbox[2]) / _char_width(tl)


def _cell_right(view: DocumentView, hit: Hit) -> tuple[TextLine, int, int] | None:
    """A value printed right of the label in the same vertical band on another visual line."""
    words = hit.last.words_in(max(0, hit.end - 1), hit.end)
    if not words:
        return None
    right = words[-1].bbox[2] + _char_width(hit.last) * CELL_GAP
    low = hit.below if hit.below is not None else hit.last
    top = min(hit.first.bbox[1], hit.last.bbox[1])
    bottom = max(hit.first.bbox[3], low.bbox[3])
    for tl in view.lines:
        if tl.page is not hit.last.page or tl is hit.last or tl is hit.first:
            continue
        mid = (tl.bbox[1] + tl.bbox[3]) / 2
        if not top - 2 <= mid <= bottom + 2:
            continue
        for (a, _b), w in zip(tl.offsets, tl.words, strict=True):
            if w.bbox[0] >= right:
                found = _value_range(tl.text, a)
                if found is not None:
                    return tl, *found
                break
    return None


def _ends_with_label(hit: Hit) -> bool:
    """Nothing but hints, a colon or rules after the label on its line."""
    rest = TAIL_HINT.sub(" ", HINT.sub(" ", hit.last.text[hit.end :]))
    return re.fullmatch(r"[\s:;.,_)(|/\\-]*", rest) is not None


def _grid_row(hit: Hit, value_start: int) -> bool:
    """What follows the label across a wide gap is another label: a row of label cells."""
    rest = hit.last.text[value_start:]
    if re.search(r"\d", rest) or _gap_before(hit.last, hit.end, value_start) <= CELL_GAP:
        return False  # a value of its own («Дата выдачи: 12.03.2026»): no label cell
    low = NUMBERING.sub("", rest.lower()).strip()
    return any(low.startswith(lab) for lab in _all_label_starts() if len(lab) >= 5)


def _left_of(tl: TextLine, offset: int) -> float:
    """The left edge of the word at character ``offset`` of ``tl``."""
    words = tl.words_in(offset, offset + 1)
    return words[0].bbox[0] if words else tl.bbox[2]


def _label_span(hit: Hit) -> tuple[float, float]:
    """(left, right) of the label's words on its last line (its first line's left edge)."""
    first = hit.first.words_in(hit.start, hit.start + 1)
    last = hit.last.words_in(max(0, hit.end - 1), hit.end)
    left = first[0].bbox[0] if first else hit.first.bbox[0]
    right = last[-1].bbox[2] if last else hit.last.bbox[2]
    if hit.first is not hit.last:
        own = hit.last.words_in(0, hit.end)
        left = min(left, own[0].bbox[0]) if own else left
        right = max(right, max(w.bbox[2] for w in hit.first.words_in(hit.start, 10**6)))
    return left, right


MAX_BELOW = 2.2
"""How far under its label (in label line heights) a value in the label's column may sit."""


def _below_in_column(
    view: DocumentView, hit: Hit, right: float | None
) -> tuple[TextLine, int, int] | None:
    """The value under a label in the label's column: the nearest line below with a cell
    that starts under the label (left of its end, not left of its start), cut at the next
    column (``right``: the next label cell's left edge, or the next wide gap).

    A two-column form lists each column's lines in turn by height («Группа инвалидности»
    at the left, «01.05.2027 г.» at the right, «третья» at the left): the next line in
    reading order may be the other column's.
    """
    left, label_right = _label_span(hit)
    cw = _char_width(hit.last)
    height = max(1.0, hit.last.bbox[3] - hit.last.bbox[1])
    bottom = hit.last.bbox[3]
    best: tuple[float, TextLine, int, int] | None = None
    for tl in view.lines:
        if tl.page is not hit.last.page or tl is hit.last or tl is hit.first:
            continue
        top = tl.bbox[1]
        if top < bottom - 0.3 * height or top - bottom > MAX_BELOW * height:
            continue
        if not re.search(r"[0-9A-Za-zА-Яа-яЁё]", tl.text):
            continue  # a speck or a rule between the label and its value
        cell = _column_cell(cell_runs(tl), left - 2 * cw, label_right, right)
        if cell is not None and (best is None or top < best[0]):
            best = (top, tl, *cell)
    if best is None:
        return None
    _top, tl, a, end = best
    if right is None and view.next_line(hit.last) is tl:
        end = len(tl.text)  # the very next line, one column: the whole line as before
    return tl, a, end


def _column_cell(
    runs: list[tuple[int, int, float, float]], left: float, start_by: float, right: float | None
) -> tuple[int, int] | None:
    """The character range of the first run starting in ``[left, start_by]``, joined with the
    runs after it up to the next column (``right``)."""
    for n, (a, b, x0, _x1) in enumerate(runs):
        if x0 < left or x0 > start_by:
            continue
        if right is not None and x0 >= right:
            return None
        end = b
        for _a, b2, x2, _ in runs[n + 1 :]:
            if right is None or x2 >= right:
                break
            end = b2
        return a, end
    return None


def _row_label_before(tl: TextLine, start: int) -> bool:
    """The cell at ``start`` of ``tl`` is the value of its own row: a label with no value of
    its own stands left of it on the line («Инвалидность   I группа,» over «Степень ограничения
    способности к   2» / «трудовой деятельности»: the «2» is the degree's, not the group's)."""
    before = NUMBERING.sub("", tl.text[:start]).strip()
    return bool(before) and not re.search(r"\d", before) and starts_label(before)


def _other_column(hit: Hit, nxt: TextLine) -> bool:
    """``nxt`` lies wholly right or left of the label's line: another column's line."""
    left = min(hit.first.bbox[0], hit.last.bbox[0])
    right = max(hit.first.bbox[2], hit.last.bbox[2])
    return nxt.bbox[0] > right + _char_width(hit.last) or nxt.bbox[2] < left


SMALL_CAPTION = 0.85
"""A caption's line height against the value's above it: blanks print the field's name in
small type, centred under the rule the value is typed on (Order 1031н's «(фамилия, имя,
отчество)» under «Выдана»; other blanks print the name unbracketed, «дата рождения» centred
under the typed date)."""
CAPTIONS_NEEDED = 2
"""Small unbracketed captions a page needs before they are read as captions, not labels: the
blank's convention, printed under every field, never a single small line."""
CENTRED_IN = 2.0
"""How far (in the caption's character widths) right of its value's start a caption begins:
centred under the rule, where a label over its value starts flush with it."""
_SMALL_CAPTIONS: weakref.WeakKeyDictionary[DocumentView, frozenset[int]] = (
    weakref.WeakKeyDictionary()
)


def _label_words(tl: TextLine) -> str:
    return " ".join(normalise_line(tl.text).lower().strip(" :.;").split())


@cache
def _label_set() -> frozenset[str]:
    return frozenset(_all_label_starts())


def _height(tl: TextLine) -> float:
    return tl.bbox[3] - tl.bbox[1]


def _caption_under(tl: TextLine, above: TextLine) -> bool:
    """``tl`` is a whole label wording in smaller type than ``above``, centred under it.

    Type size shows in the line's height or in its characters' width (a text layer's boxes
    are the font's, whatever the size; «III» has narrow letters): either counts."""
    smaller = _height(tl) < SMALL_CAPTION * _height(above) or _char_width(
        tl
    ) < SMALL_CAPTION * _char_width(above)
    return (
        smaller
        and tl.bbox[0] > above.bbox[0] + CENTRED_IN * _char_width(tl)
        and _label_words(tl) in _label_set()
        and _label_words(above) not in _label_set()  # a caption under an empty rule's caption
    )


def small_captions(view: DocumentView) -> frozenset[int]:
    """Ids of the lines that are a field's name printed small and unbracketed *under* its value
    («26.04.1987» over «дата рождения»): :func:`_caption_under` the line above, at least
    :data:`CAPTIONS_NEEDED` such lines on the page. Their value is the line above, never the
    line under them."""
    known = _SMALL_CAPTIONS.get(view)
    if known is not None:
        return known
    found: set[int] = set()
    for page in view.pages:
        lines = [tl for tl in view.lines if tl.page is page]
        small = [
            tl for above, tl in zip(lines, lines[1:], strict=False) if _caption_under(tl, above)
        ]
        if len(small) >= CAPTIONS_NEEDED:
            found.update(id(tl) for tl in small)
    result = frozenset(found)
    _SMALL_CAPTIONS[view] = result
    return result


def find_values(
    view: DocumentView, key: str, *, next_line: bool = True, label_below_ok: bool = False
) -> list[Spot]:
    """Every value of ``key`` found after one of its labels, in reading order.

    ``label_below_ok``: take the next line even where it starts like another label
    (the incapable note «Трудовая деятельность противопоказана» does).
    """
    spots: list[Spot] = []
    for hit in find_labels(view, key):
        rest = HINT.sub(" ", hit.last.text[hit.end :])
        if EMPTY_VALUE.match(rest):
            continue  # «Дата очередного освидетельствования: —»: printed as empty
        same = _value_range(hit.last.text, hit.end)
        right = None
        if same is not None and _grid_row(hit, same[0]):
            # «Дата рождения      Причина инвалидности» / «1985-10-13      инвалидность с
            # детства»: a row of label cells, each value in the cell under its label
            right, same = _left_of(hit.last, same[0]), None
        if same is not None:
            gap = _gap_before(hit.last, hit.end, same[0])
            method = "table_cell" if gap > CELL_GAP else "labelled_line"
            spots.append(Spot(key, hit.last, *same, method, hit.score, hit.first, hit.label))
            continue
        cell = _cell_right(view, hit)
        if cell is not None:
            spots.append(
                Spot(key, cell[0], cell[1], cell[2], "table_cell", hit.score, hit.first, hit.label)
            )
            continue
        if not next_line or hit.below is not None or id(hit.last) in small_captions(view):
            continue  # under a label wrapped in its cell: the label's own lines; under a
            # caption printed small below its value: the next field's value
        if right is None and not _ends_with_label(hit):
            continue  # text after the label that is no value: the line below is not its
        spot = _value_below(view, key, hit, right, label_below_ok)
        if spot is not None:
            spots.append(spot)
    return spots


def _value_below(
    view: DocumentView, key: str, hit: Hit, right: float | None, label_below_ok: bool
) -> Spot | None:
    """The value on a line under the label: in the label's column, else the next line."""
    column = _below_in_column(view, hit, right)
    nxt = view.next_line(hit.last)
    if nxt is not None and not re.search(r"[0-9A-Za-zА-Яа-яЁё]", nxt.text):
        nxt = view.next_line(nxt)  # a speck or a rule between the label and its value
    nearer = column is None or (nxt is not None and nxt.bbox[1] < column[0].bbox[1])
    if right is None and nxt is not None and nearer and not _other_column(hit, nxt):
        column = None  # the very next line, under the label's line: the value as printed
    if column is not None:
        tl, a, b = column
        if starts_label(tl.text[a:b]) and not label_below_ok:
            return None
        if _row_label_before(tl, a):
            return None  # «Степень ограничения способности к   2»: that row's value
        found = _value_range(tl.text[:b], a)
        return (
            Spot(key, tl, *found, "next_line", hit.score, hit.first, hit.label) if found else None
        )
    if right is not None or (nxt is not None and _other_column(hit, nxt)):
        return None  # the next line in reading order is another column's
    if nxt is None or (starts_label(nxt.text) and not label_below_ok):
        return None  # «Справка выдана: 16 июня 2023» under a blank label: another field's line
    found = _value_range(nxt.text, 0)
    return Spot(key, nxt, *found, "next_line", hit.score, hit.first, hit.label) if found else None
