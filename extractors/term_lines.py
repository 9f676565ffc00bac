"""The term's own lines that the label tables do not reach: «Срок: до …», a typed mark.

Basis: Order 1031н, Appendix 1 prints the term as a choice «Инвалидность установлена на
срок до ____, бессрочно (нужное подчеркнуть)»; compact blanks and printouts cut it to
«Срок: до ____ / бессрочно» and fill it in (the date typed into the «до» option, one
character per box on blanks with character cells) or mark the chosen option with a typed
«X» / «V» before it. The term's end is the first day of a month: «до 1-го числа месяца,
следующего за месяцем, на который назначено проведение очередной медико-социальной
экспертизы» (Правила признания лица инвалидом, Постановление Правительства РФ № 588 от
05.04.2022, п. 13; the IPRA's «на срок до» the same, Приказ 486н, Приложение № 2, п. 17).
"""

from __future__ import annotations

import datetime as dt
import re

from mseflow.extractors.base import FieldValue
from mseflow.extractors.captions import caption_text
from mseflow.extractors.dates import find_dates
from mseflow.extractors.keyvalue import small_captions
from mseflow.extractors.layout import DocumentView, TextLine

TERM_LINE = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]?\s*)?срок\b"
    r"(?P<mid>(?:(?!исполн|освидет|переосвид|действия\s+ипр|бессрочн)[^\d]){0,40}?)"
    r"\bдо\b(?P<gap>(?:(?!бессрочн)[^\d]){0,12})",
    re.IGNORECASE,
)
"""A line that opens with «Срок» and gives the dated option «до …» («Срок: до 01.03.2027»,
«Срок инвалидности — до 01 03 2027», «Срок / Term: до / until 0 1 . 0 3 . 2 0 2 7»); never
a rehabilitation measure's «Срок исполнения», a re-examination's «срок освидетельствования»."""
TERM_LINE_QUALITY = 0.85
"""Confidence kept by a term read from the short «Срок … до» line (no full label printed)."""


BARE_TERM = re.compile(r"(?<![а-яё])на\s?срок\s?до\s*:?\s*[\"«]?", re.IGNORECASE)
"""«… на срок до 01.09.2028» wherever the label before it was damaged past finding
(«Инвалидность у насрокдо 1 сентября 2028 г.»): the term's own words, the spaces OCR lost
between them allowed; the date must follow at once."""
BARE_TERM_QUALITY = 0.8


def _bare_term(tl: TextLine) -> FieldValue | None:
    for m in BARE_TERM.finditer(tl.text):
        dates = [d for d in find_dates(tl.text) if m.end() - 1 <= d.start <= m.end()]
        if dates:
            d = dates[0]
            ev = tl.evidence(d.start, d.end, BARE_TERM_QUALITY)
            return FieldValue("valid_until", d.value, ev, "labelled_line")
    return None


def _indefinite_marked(tl: TextLine) -> bool:
    """The reading stage found «бессрочно» marked on this line: a date on it is not chosen."""
    return any(
        m.line == tl.index and INDEFINITE.search(m.option) for m in getattr(tl.page, "marks", ())
    )


INDEFINITE = re.compile(r"бессрочн", re.IGNORECASE)


def term_line_dates(view: DocumentView) -> list[FieldValue]:
    """``valid_until`` from «Срок … до <date>» lines (see :data:`TERM_LINE`).

    >>> from mseflow.extractors.layout import DocumentView
    >>> from mseflow.reading.page import Line, PageText, Word
    >>> page = PageText(number=1, source="text_layer", width=595, height=842)
    >>> page.lines.append(Line((Word("Срок:", (0, 0, 30, 10), 1.0),
    ...     Word("до", (35, 0, 45, 10), 1.0), Word("01.03.2027", (50, 0, 110, 10), 1.0))))
    >>> [fv.value.isoformat() for fv in term_line_dates(DocumentView([page]))]
    ['2027-03-01']
    """
    out: list[FieldValue] = []
    for tl in view.lines:
        if _indefinite_marked(tl):
            continue
        m = TERM_LINE.match(tl.text)
        dates = [] if m is None else [d for d in find_dates(tl.text) if d.start >= m.end()]
        if m is not None and dates and dates[0].start == m.end():
            d = dates[0]
            ev = tl.evidence(d.start, d.end, TERM_LINE_QUALITY)
            out.append(FieldValue("valid_until", d.value, ev, "labelled_line"))
            continue
        bare = _bare_term(tl)
        if bare is not None:
            out.append(bare)
    return out


MARK_BEFORE = re.compile(r"(?:^|[\s/|(\[])[XxVvХх✓✔☑☒■√][\])]?\s*$")
"""A typed mark just before an option («X бессрочно», «[V] бессрочно»): the chosen one."""
DATED_OPTION = re.compile(r"\bдо\b\s*[:\-–—]?\s*[\"«]?\d", re.IGNORECASE)
MARKED_QUALITY = 0.85


def typed_mark_on(tl: TextLine, at: int) -> bool:
    """«бессрочно» at ``at`` on ``tl`` carries a typed mark before it, and the other option
    on the line («до ____») holds no date: the marked option is the value."""
    before = tl.text[:at]
    if MARK_BEFORE.search(before) is None:
        return False
    return DATED_OPTION.search(tl.text) is None and not find_dates(tl.text)


ROUND_FOR_ZERO = "96Оо"
"""Glyphs OCR reads for the round «0» of a day «01» («91.02.2027», «61.03.2026», «О1…»)."""
FIRST_OF_MONTH = re.compile(
    r"^[\s:\"«]*(?:до\s+)?[\"«]?([" + ROUND_FOR_ZERO + r"])1[\"»]?\s?[.,]\s?(\d{2})\s?[.,]\s?"
    r"((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
REPAIRED = 0.7
"""Confidence kept by a term whose day was read as «91»: the end of a term is the first of a
month (Постановление № 588, п. 13), so the misread digit can only have been «0»."""


def first_of_month(text: str) -> tuple[dt.date, int, int] | None:
    """A term's end «01.MM.YYYY» whose zero OCR read as a round glyph: (date, start, end).

    >>> first_of_month("91.02.2027 бессрочно")
    (datetime.date(2027, 2, 1), 0, 10)
    >>> first_of_month("31.02.2027") is None
    True
    """
    m = FIRST_OF_MONTH.match(text)
    if m is None:
        return _spelled_first(text)
    try:
        value = dt.date(int(m.group(3)), int(m.group(2)), 1)
    except ValueError:
        return None
    return value, m.start(1), m.end()


SPELLED_FIRST = re.compile(
    r"^[\s:\"«]*(?:до\s+)?[\"«]?([" + ROUND_FOR_ZERO + r"0]{1,2}1)[\"»]?\s*[а-яё]{3,}",
    re.IGNORECASE,
)
"""«до «091» февраля 2027 г.»: the quoted day of a spelled date, its «0» read as a round glyph
or doubled («9» beside it): the term's end is the 1st, so it can only be «01»."""


def _spelled_first(text: str) -> tuple[dt.date, int, int] | None:
    """:func:`first_of_month` for a spelled month («"091" февраля 2027»): (date, start, end).

    >>> _spelled_first("до «091» февраля 2027 г.")
    (datetime.date(2027, 2, 1), 4, 24)
    >>> _spelled_first("до «31» февраля 2027 г.") is None
    True
    """
    m = SPELLED_FIRST.match(text)
    if m is None or m.group(1) == "01":
        return None
    token = m.group(1)
    fixed = f"{text[: m.start(1)]}{'0' * (len(token) - 1)}1{text[m.end(1) :]}"
    for d in find_dates(fixed):
        if d.start <= m.start(1) < d.end and d.value.day == 1:
            return d.value, m.start(1), d.end
    return None


CAPTION = re.compile(
    r"^\s*[\(\[{]\s*(?P<what>дата\s+выдачи(?:\s+справки|\s+ипра?(?:\s+инвалида)?)?|"
    r"дата\s+установления\s+инвалидности|"
    r"инвалидность\s+установлена\s+(?:на\s+срок\s+)?до|срок\s+инвалидности(?:\s+до)?|"
    r"срок,?\s+на\s+который\s+установлена\s+инвалидность|"
    r"дата\s+(?:очередного|следующего|след\.?)\s*(?:пере)?освидетельствования|"
    r"очередное\s+(?:пере)?освидетельствование|справка\s+выдана)\s*[\)\]}]\s*$",
    re.IGNORECASE,
)
"""A caption printed under the value's rule that names the date typed on it («________»
over «(дата выдачи)»): blanks print the field's name in small type under the line to fill
in, as the 1031н form prints «(фамилия, имя, отчество)» under «Выдана». The older справка
blanks caption every line so: «(инвалидность установлена на срок до)», «(дата очередного
переосвидетельствования)», shortened on some prints to «(инвалидность установлена до)»,
«(срок инвалидности до)», «(дата след. освидетельствования)», «(очередное
освидетельствование)», «(справка выдана)»."""
CAPTION_KEYS = (
    ("выдачи", "issue_date"),
    ("выдана", "issue_date"),
    ("установления", "established_date"),
    ("освидетельствовани", "reexamination_date"),
    ("до", "valid_until"),
    ("срок", "valid_until"),
)
CAPTION_QUALITY = 0.9
MAX_ABOVE = 2.5
"""How far above its caption (in caption line heights) the value's line may sit."""

_WHOLE_LOST_SPACE = re.compile(r"^\s*(\d{2})(\d{2})\s((?:19|20)\d\d)\s*(?:г\.?|года)?\s*$")
"""A spaced date «01 05 2027» alone on its rule whose first space OCR lost («0105 2027»): only
as the whole line over a date's caption, where nothing but a date is written."""


def _caption_key(text: str) -> str | None:
    m = CAPTION.match(text)
    if m is None:
        return None
    what = m.group("what").lower()
    return next(key for word, key in CAPTION_KEYS if word in what.split() or word in what)


def _caption_value(text: str) -> tuple[dt.date, int, int] | None:
    """The one date of a captioned value's line, or None (none, or two: which is not known)."""
    dates = find_dates(text)
    if len(dates) == 1:
        return dates[0].value, dates[0].start, dates[0].end
    if dates:
        return None
    m = _WHOLE_LOST_SPACE.match(text)
    if m is None:
        return None
    try:
        value = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return value, m.start(1), m.end(3)


def captioned_dates(view: DocumentView) -> list[FieldValue]:
    """Dates named by the caption under their line («05.09.2026» over «(дата выдачи)»): the one
    date above the caption on its rule; none when the line above holds more.

    The caption is centred under the rule, the value written where the hand or the printer
    starts it (often at the rule's left end, clear of the caption's words): a line above that
    does not overlap the caption still counts when it is the only line between the caption
    and the one above it (one rule's value, not another column's)."""
    out: list[FieldValue] = []
    for tl in view.lines:
        key = _caption_key(caption_text(view, tl))
        if key is None:
            continue
        above = _value_over(view, tl)
        if above is None:
            continue
        found = _caption_value(above.text)
        if found is None:
            continue
        value, start, end = found
        ev = above.evidence(start, end, CAPTION_QUALITY)
        out.append(FieldValue(key, value, ev, "next_line"))
    return out


def _value_over(view: DocumentView, tl: TextLine) -> TextLine | None:
    """The line the caption ``tl`` names: for a small unbracketed caption
    (:func:`mseflow.extractors.keyvalue.small_captions`) the line read right before it, the
    value typed from the rule's left end; else :func:`_line_above`."""
    if id(tl) not in small_captions(view):
        return _line_above(view, tl)
    pos = view.lines.index(tl)
    above = view.lines[pos - 1] if pos else None
    return above if above is not None and above.page is tl.page else None


def _line_above(view: DocumentView, tl: TextLine) -> TextLine | None:
    """The nearest line above ``tl`` on its page: the one of its row whose words overlap
    ``tl`` horizontally, or, when that row holds one line only, that line even clear of
    ``tl``'s words (a single rule's value written left of its centred caption, not one of
    two columns)."""
    height = max(1.0, tl.bbox[3] - tl.bbox[1])
    band: list[TextLine] = []
    for other in view.lines:
        if other.page is not tl.page or other is tl:
            continue
        if other.bbox[3] > tl.bbox[1] + 0.3 * height:
            continue
        if tl.bbox[1] - other.bbox[3] > MAX_ABOVE * height:
            continue
        band.append(other)
    if not band:
        return None
    nearest = max(band, key=lambda o: o.bbox[3])
    row = [o for o in band if o.bbox[3] > nearest.bbox[1]]  # the lines level with the nearest
    over = [o for o in row if not (o.bbox[2] < tl.bbox[0] or o.bbox[0] > tl.bbox[2])]
    if over:
        return max(over, key=lambda o: o.bbox[3])
    return nearest if len(row) == 1 else None


CAPTIONED_INDEFINITE = re.compile(
    r"^[\s\"«]*бессроч[нпи]\w*[\s\"».]*(?:\(без\s+срока[^)]*\)?)?\s*$", re.I
)
"""«бессрочно» written alone on the term's rule (also «бессрочно (без срока
переосвидетельствования)», and as OCR reads its «н»: «бессрочио»)."""


def captioned_indefinite(view: DocumentView) -> list[FieldValue]:
    """«бессрочно» written on the rule over «(инвалидность установлена на срок до)»: the term
    is indefinite (older справка blanks caption the term's line so, section 8 of 1031н)."""
    out: list[FieldValue] = []
    for tl in view.lines:
        if _caption_key(caption_text(view, tl)) != "valid_until":
            continue
        above = _value_over(view, tl)
        if above is None or not CAPTIONED_INDEFINITE.match(above.text):
            continue
        ev = above.evidence(0, len(above.text), CAPTION_QUALITY)
        out.append(FieldValue("indefinite", True, ev, "next_line"))
    return out
