"""Dates found by their labels: established, valid until / «бессрочно», issue, re-examination.

Basis: certificate form of Order 1031н (дата установления, «на срок до»,
«дата очередного освидетельствования»); IPRA form of Order 486н points 17–18
(«на срок до: …» or «бессрочно», дата выдачи); FRI printouts («Инвалидность
установлена на срок до:», «Дата проведения очередного переосвидетельствования:»).

The two-date sentence «Инвалидность установлена с 01.02.2024 до 01.03.2025» gives
the start to ``established_date`` and the end to ``valid_until``. «Бессрочно» counts
only as the value of a term label or a term sentence; an option line of a blank
form («до ____ / бессрочно (нужное подчеркнуть)») proves nothing, and a date found
for the term wins over it. When the reading stage found «бессрочно» marked on that line
(:mod:`mseflow.extractors.options` proposes it), a date printed in the other option is
not the term.
"""

from __future__ import annotations

import datetime as dt
import re

from mseflow.contract import DocType, Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.bureau_letter import CERTIFICATE_DATED, GROUP_ESTABLISHED, LETTER_TAG
from mseflow.extractors.dates import find_dates
from mseflow.extractors.keyvalue import Spot, find_values, starts_label
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.term_lines import (
    MARKED_QUALITY,
    REPAIRED,
    captioned_dates,
    captioned_indefinite,
    first_of_month,
    term_line_dates,
    typed_mark_on,
)

DATE_KEYS = ("established_date", "issue_date", "reexamination_date", "valid_until")
WEAK_ISSUE = re.compile(r"дата\s+разработки|к\s+протоколу", re.IGNORECASE)
"""Dates that are not the issue date but often equal it: kept as weak candidates only."""


def _weak_issue(spot: Spot) -> bool:
    """The issue date's label is «Дата разработки …» (IPRA point 1), also when OCR damaged
    the printed words and the label was matched loosely («Дала разработки ИПРА»)."""
    return bool(WEAK_ISSUE.search(spot.label_line.text) or WEAK_ISSUE.search(spot.label))


TWO_DATES = re.compile(
    r"(?:установлен\w*|инвалидност\w*|групп\w*|срок\w*)[^\d]{0,30}?(?:\b[сc]|<)\s+(?P<a>.{6,22}?)\s*"
    r"(?:г\.?\s*)?(?:до|по)\s+(?P<b>.{6,22})",
    re.IGNORECASE,
)
ESTABLISHED = re.compile(
    r"инвалидност\w*\s+установлен\w*\s*(?:(?:впервые|повторно)\s*)?(?:\((?:дата|число[^)]*)\)\s*)?"
    r"(?:с\s+)?:?\s*",
    re.IGNORECASE,
)
"""«Инвалидность установлена 25.04.2010 г.», «Инвалидность установлена (дата): 17.08.2026»:
the sentence of the 1031н certificate whose value is the date established (no «до»)."""
PERIOD_LINE = re.compile(
    r"\s*с\s+(?P<a>.{6,22}?)\s*(?:г\.?\s*)?(?:до|по)\s+(?P<b>.{6,22})", re.IGNORECASE
)
"""The two-date sentence's dates alone on the line under the term's label."""
INDEFINITE = re.compile(r"[бв6]есс[ро]о[чо][нпи]\w*", re.IGNORECASE)
"""«бессрочно», also as OCR reads its «н» («бессрочио», «бессрочпо») or its «ч» («бессрооно»):
the stem is the word's alone; its «р» read «о» («БЕССооЧНо») and its capital «Б» read «в»
(«вЕССрОЧНо»), as OCR read the capitals of a serif face (family 15)."""
FILL_RULE_RUN = re.compile(r"_{2,}|\.{3,}|…+")
"""A rule or a row of leader dots the value is typed on or after («на срок_______бессрочно»,
«ИПР разработана на срок ......... бессрочно»: a Writer blank filled in). Unlike the
``FILL_RULE`` of ``degree.py`` / ``group.py`` (every «_» a space), a run, and dots too."""
DATED_OPTION_BEFORE = re.compile(r"\bдо\s*$", re.IGNORECASE)


def blank_fill_rules(text: str) -> str:
    """``text`` with the fill rules and leader dots after a label turned into spaces (same
    length: offsets still map to the words). The rule right after «до» stays: that is the
    dated option left blank («до ____ / бессрочно»), which makes the line a printed choice."""
    out = text
    for m in FILL_RULE_RUN.finditer(text):
        if not DATED_OPTION_BEFORE.search(out[: m.start()]):
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out


TERM_CONTEXT = re.compile(
    r"(?:установлен\w*|разработан\w*|срок\w*|переосвидетельствовани\w*|освидетельствовани\w*)"
    r"(?:[^.]|(?<=\d)\.(?=\s?\d)|(?<=\bг)\.|(?<=\dг)\.){0,60}?[бв6]есс[ро]о[чо][нпи]",
    re.IGNORECASE,
)
OPTION_LINE = re.compile(
    r"подчеркн|_{2,}|\bдо\s*[_.…]*\s*/|/\s*бессрочн|бессрочн\w*\s*/|запис\w*|указыва\w*|"
    r"в\s+случае|первое\s+число|\"бессрочн|"
    r"(?:\bдо|дат\w*|срок\w*)\s*[_.…]*\s*(?:,|\bили\b)\s*бессрочн|бессрочн\w*\s*(?:,|\bили\b)\s*(?:на\s+срок|до\b)",
    re.IGNORECASE,
)
"""Option lines and the form's printed instructions («либо делается запись "бессрочно"»);
the options may be listed with a comma or «или» as well as «/» («на срок до указанной даты,
бессрочно», «до ____ или бессрочно»): «бессрочно» printed beside the dated option is one
of the choices, never the value by itself (only its mark is)."""
VALUE_LEAD = re.compile(
    r"[\s\"«(]*(?:[✓✔☑■√VvXx]\s+)?(?:(?:с|до|по|от)\s+)?[\"«]?\s*", re.IGNORECASE
)
"""What may come before a date that is a line's whole value («до 01.06.2027», «"01"»,
«V до "01" марта 2027 / бессрочно»: the first option ticked, or the date filled in)."""
YEAR_WORD_AS_DIGIT = re.compile(r"\s2\.(?:\s|$)")
"""«16.05.2026 2.»: the «г.» after a whole year read as «2.» (the same page reads «г. Череповец»
as «2. Череповац»): the year is not broken, no more digits belong to it."""
SPLIT_YEAR = 0.4
"""Confidence kept by a date whose year runs on into more digits: likely misread, so null."""
ID_DOCUMENT = re.compile(r"кем\s+выдан|паспорт|\bудос|свидетельств\w*\s+о\s+рожд", re.I)
"""The identity document's own «дата выдачи» (IPRA point 14) is not the document's."""
NUMBERED_BEFORE = re.compile(r"(?<![\d./-])\d{4,}(?![\d./-])|№|\bсерия\b", re.IGNORECASE)
"""«… серия 48 95 № 462475, дата выдачи 20.10.1991»: a document's series or number before
«дата выдачи» on its line — the issue date of that (identity) document, not of this one
(the certificate's own «Серия МСЭ-2024 № …» or the IPRA's number before it is this one's)."""


def _names_another_document(spot: Spot) -> bool:
    """The «дата выдачи» found belongs to the identity document of IPRA point 14: its line
    (or the line above, where the point wraps) names a passport, or a series or number
    stands before the label on its line."""
    line = spot.label_line
    low = line.text.lower()
    at = low.find("дата выдачи")
    if at >= 0 and any(own in low[at : at + 30] for own in SPECIFIC_ISSUE):
        return False  # «Дата выдачи ИПРА инвалида», «Дата выдачи справки»: this document's
    before = low[:at] if at > 0 else ""
    above = line.page.lines[line.index - 1].text if line.index > 0 else ""
    return bool(
        ID_DOCUMENT.search(line.text)
        or (NUMBERED_BEFORE.search(before) and "мсэ" not in before and "ипр" not in before)
        or (at >= 0 and ID_DOCUMENT.search(above))
    )


SPECIFIC_ISSUE = ("ипр", "справк")


def _is_option_line(text: str) -> bool:
    """A blank form's choice «до ___ / бессрочно (нужное подчеркнуть)»: proves nothing."""
    return OPTION_LINE.search(text) is not None


def _marked_indefinite(tl: TextLine) -> bool:
    """The line is a choice line whose marked option is «бессрочно» (a date on it is not chosen)."""
    return any(
        m.line == tl.index and INDEFINITE.search(m.option) for m in getattr(tl.page, "marks", ())
    )


LEAD_GLYPH = 1
"""A date may begin one character before the value («/4 октября»: the «/» was a «1», read
by the label's separator)."""
PAST_KEYS = ("issue_date", "established_date")
FUTURE = 0.2
"""Confidence kept by an issue or establishment date years after today (a misread digit of
its year, «2056» for «2026»): null. A decision is never dated ahead of its processing; the
slack keeps documents judged as of a later reference date (a test set's) readable."""
FUTURE_SLACK = dt.timedelta(days=730)


WRAP_HEAD = re.compile(
    r"[\s\"«(]*(?:(?:с|до|по|от)\s+)?[\"«]?\s*\d{1,2}\s*[\"»]?\s*(?:[.,]\s*\d{1,2}\s*[.,]?|"
    r"[а-яё]{3,}\.?)?\s*$",
    re.IGNORECASE,
)
"""A value line that ends in the first part of a date («на срок до: «01»», «до 1 июня»,
«до 01.09.»): the rest («сентября 2028 г.») is printed on the next line."""
WRAPPED = 0.85
"""Confidence kept by a date read across a line break."""


def _wrapped_date(view: DocumentView, spot: Spot) -> FieldValue | None:
    """A date whose day (and month) close the value's line and whose year opens the next
    line: read over the line break; the evidence is the part on the value's line."""
    head = spot.line.text[spot.start : spot.end]
    nxt = view.next_line(spot.line)
    if not WRAP_HEAD.fullmatch(head) or nxt is None or starts_label(nxt.text):
        return None
    joined = f"{spot.line.text[: spot.end]} {nxt.text}"
    for d in find_dates(joined):
        if spot.start - LEAD_GLYPH <= d.start < spot.end < d.end:
            if not VALUE_LEAD.fullmatch(joined[spot.start : d.start]):
                return None
            tail = joined[spot.end + 1 : d.end]
            if not re.fullmatch(r"[\s.,а-яё]*\d{2,4}\s*(?:г\.?|года)?\s*", tail, re.IGNORECASE):
                return None
            ev = spot.line.evidence(d.start, spot.end, spot.score * WRAPPED)
            return FieldValue(spot.key, d.value, ev, spot.method)
    return None


def _undated(spot: Spot, key: str, view: DocumentView | None) -> FieldValue | None:
    """No whole date after the label: a term's misread «01», or a date that wraps."""
    if key == "valid_until" and spot.line.page.source == "ocr":
        repaired = _first_of_month(spot)
        if repaired is not None:
            return repaired
    return _wrapped_date(view, spot) if view is not None else None


def _first_of_month(spot: Spot) -> FieldValue | None:
    """A term's end whose day «01» OCR read as «91» (see :func:`first_of_month`)."""
    found = first_of_month(spot.line.text[spot.start : spot.end])
    if found is None:
        return None
    value, a, b = found
    ev = spot.line.evidence(spot.start + a, spot.start + b, spot.score * REPAIRED)
    return FieldValue("valid_until", value, ev, spot.method)


def _date_in(spot: Spot, key: str, view: DocumentView | None = None) -> FieldValue | None:
    dates = [d for d in find_dates(spot.line.text) if d.start >= spot.start - LEAD_GLYPH]
    if key == "valid_until" and _marked_indefinite(spot.line):
        return None
    if key == "issue_date" and _names_another_document(spot):
        return None  # also when its date wraps: «паспорт …, дата выдачи 29 сентября / 2004»
    if not dates:
        return _undated(spot, key, view)
    d = dates[0]
    if spot.method == "next_line" and not VALUE_LEAD.fullmatch(
        spot.line.text[spot.start : d.start]
    ):
        return None  # the line below must be the value, not a sentence with some date in it
    if spot.label.endswith("выдана") and d.start - spot.start > 3:
        return None  # «Справка выдана Иванову …, 03.11.1975 г.р.»: a date, not the issue's
    if key == "valid_until" and len(dates) >= 2:
        between = spot.line.text[dates[0].end : dates[1].start]
        before = spot.line.text[spot.start : dates[0].start]
        if re.search(r"\b(?:до|по)\b", between) and re.search(r"\bс\s*$", before):
            d = dates[1]  # «срок действия: с 01.02.2024 по 01.03.2025»
    quality = spot.score
    after = spot.line.text[d.end : max(d.end, spot.end)]
    if re.match(r"\s?\d", after) and not YEAR_WORD_AS_DIGIT.match(after):
        quality *= SPLIT_YEAR  # «16.05.2072 6г.»: OCR broke the year, more digits follow
    if key == "issue_date" and _weak_issue(spot):
        quality *= 0.45
    if key in PAST_KEYS and d.value > dt.date.today() + FUTURE_SLACK:
        quality *= FUTURE  # «2056»: a digit of the year misread; a decision is never ahead
    return FieldValue(key, d.value, spot.line.evidence(d.start, d.end, quality), spot.method)


def _two_dates(view: DocumentView) -> list[FieldValue]:
    out: list[FieldValue] = []
    for tl in view.lines:
        m = TWO_DATES.search(tl.text)
        if m is None:
            above = _above(view, tl)
            m = PERIOD_LINE.match(tl.text)
            if m is None or above is None or not TERM_HEAD.search(above.text):
                continue  # «Срок, на который установлена инвалидность:» / «с … до …»
        a = [d for d in find_dates(tl.text) if m.start("a") <= d.start < m.end("a")]
        b = [d for d in find_dates(tl.text) if m.start("b") <= d.start < m.end("b")]
        if a and b and a[0].value < b[0].value:
            start, end = a[0], b[0]
            out.append(
                FieldValue("established_date", start.value, tl.evidence(start.start, start.end))
            )
            out.append(FieldValue("valid_until", end.value, tl.evidence(end.start, end.end)))
    return out


UNTIL_LEAD = re.compile(r"(?<!\w)(?:до|по)(?!\w)", re.IGNORECASE)
"""«Инвалидность установлена до: 01.06.2027» (older blanks): the date is the term's end."""


def _established(view: DocumentView) -> list[FieldValue]:
    """The date right after «Инвалидность установлена» (never one after «до» or «на срок до»)."""
    out: list[FieldValue] = []
    for tl in view.lines:
        for m in ESTABLISHED.finditer(tl.text):
            dates = [d for d in find_dates(tl.text) if d.start >= m.end()]
            lead = tl.text[m.end() : dates[0].start] if dates else ""
            if dates and VALUE_LEAD.fullmatch(lead) and not UNTIL_LEAD.search(lead):
                d = dates[0]
                out.append(FieldValue("established_date", d.value, tl.evidence(d.start, d.end)))
    return out


PROSE_START = re.compile(
    r"установлен\w*\s+(?:ему\s+|ей\s+)?инвалидност\w*(?:\s+[^\s\d.,:;]+){0,3}?\s+с\s+",
    re.IGNORECASE,
)
"""The letter-style sentence «… (впервые) установлена инвалидность третьей группы с
1 апреля 2026 г. на срок до 1 мая 2027 г.» (the bureau's printed letter of the 1031н facts):
the date after «с» is the date established."""
PROSE_UNTIL = re.compile(r"\s*(?:г\.?|года)?\s*,?\s*(?:на\s+срок\s+)?(?:до|по)\s+$", re.IGNORECASE)
"""What joins the start and the end of the term in that sentence («г. на срок до»)."""


def _prose_term(view: DocumentView) -> list[FieldValue]:
    """The date established (and the term's end) of the letter-style sentence, which may
    run on over the next line («… группы с 1 апреля 2026» / «г. на срок до 1 мая 2027 г.»)."""
    out: list[FieldValue] = []
    for tl in view.lines:
        m = PROSE_START.search(tl.text)
        if m is None:
            continue
        nxt = view.next_line(tl)
        joined = f"{tl.text} {nxt.text}" if nxt is not None else tl.text
        dates = [d for d in find_dates(joined) if d.start >= m.end()]
        if not dates or dates[0].start >= len(tl.text):
            continue
        start = dates[0]
        if not VALUE_LEAD.fullmatch(joined[m.end() : start.start]):
            continue
        end = min(start.end, len(tl.text))
        out.append(FieldValue("established_date", start.value, tl.evidence(start.start, end)))
        if len(dates) > 1 and PROSE_UNTIL.fullmatch(joined[start.end : dates[1].start]):
            until = dates[1]
            if until.value > start.value:
                line, a, b = tl, until.start, until.end
                if until.start > len(tl.text) and nxt is not None:
                    line, a, b = nxt, until.start - len(tl.text) - 1, until.end - len(tl.text) - 1
                out.append(FieldValue("valid_until", until.value, line.evidence(a, b)))
    return out


LETTER_TERM = re.compile(
    r"инв[а-яё]{4,10}\s+установлен\w*\s+(?:(?:впервые|повторно)\s*,?\s*)?(?:с\s+)?",
    re.IGNORECASE,
)
"""The bureau letter's sentence of the 1031н facts, «Инвалидность установлена впервые
«26» января 2026 г. до «01» февраля 2028 г.» / «… повторно 08.04.2012 БЕССРОЧНО.»: the
certificate's lines «Инвалидность установлена впервые, повторно», «Дата установления
инвалидности» and «Инвалидность установлена на срок до» (Приказ 1031н, Приложение № 1)
said in one sentence, which a paragraph wraps anywhere, also inside a date. The stem's
middle is free: OCR damages it («Инволионость установлена»), «установлен…» and the
date after it make the sentence."""
LETTER_INDEFINITE = re.compile(
    r"\s*(?:г\.?|года)?\s*,?\s*(?:на\s+срок\s*:?\s*)?(?:бессроч[нпи]\w*|"
    r"без\s+(?:указания\s+)?"
    r"срока\s+(?:пере)?освидетельствовани\w*)",
    re.IGNORECASE,
)
"""What may follow the date established in that sentence when the term has no end:
«… 08.04.2012 БЕССРОЧНО.», «… 17 ноября 2018 года бессрочно.», «… без срока
переосвидетельствования» (Постановление № 588, п. 13: инвалидность устанавливается без
указания срока переосвидетельствования)."""
LETTER_LINES = 3
"""Lines of the paragraph read as one text from the line where the sentence starts."""


def _letter_term(view: DocumentView) -> list[FieldValue]:
    """The date established, the term's end or «бессрочно» of the letter's sentence, read
    over line breaks (:func:`term_candidates` keeps only what the other rules missed)."""
    out: list[FieldValue] = []
    for pos, tl in enumerate(view.lines):
        parts = [tl]
        for nxt in view.lines[pos + 1 : pos + LETTER_LINES]:
            if nxt.page is not tl.page or starts_label(nxt.text):
                break
            parts.append(nxt)
        joined = " ".join(p.text for p in parts)
        for m in LETTER_TERM.finditer(joined):
            if m.start() >= len(tl.text):
                break  # the sentence starts on a later line: read from there
            dates = [d for d in find_dates(joined) if d.start >= m.end()]
            if not dates:
                continue
            start = dates[0]
            lead = joined[m.end() : start.start]
            if not VALUE_LEAD.fullmatch(lead) or UNTIL_LEAD.search(lead):
                continue
            quality = WRAPPED if _crosses(parts, start.start, start.end) else 1.0
            ev = _span_evidence(parts, start.start, start.end, quality)
            out.append(FieldValue("established_date", start.value, ev))
            after = joined[start.end :]
            nd = dates[1] if len(dates) > 1 else None
            if nd is not None and PROSE_UNTIL.fullmatch(joined[start.end : nd.start]):
                if nd.value > start.value:
                    quality = WRAPPED if _crosses(parts, nd.start, nd.end) else 1.0
                    ev = _span_evidence(parts, nd.start, nd.end, quality)
                    out.append(FieldValue("valid_until", nd.value, ev))
                continue
            indefinite = LETTER_INDEFINITE.match(after)
            if indefinite is not None and not _is_option_line(after[: indefinite.end() + 3]):
                a, b = start.end + indefinite.start(), start.end + indefinite.end()
                out.append(FieldValue("indefinite", True, _span_evidence(parts, a, b, 1.0)))
    return out


GROUP_INDEFINITE = re.compile(
    GROUP_ESTABLISHED.pattern.removesuffix(r"\s+(?:с\s+)?")
    + r"[^.;]{0,160}?,\s*(?P<term>бессрочно|без\s+(?:указания\s+)?срока\s+"
    r"(?:пере)?освидетельствовани\w*)\s*[.,;]",
    re.IGNORECASE,
)
"""«… признана инвалидом третьей группы, причина инвалидности — общее заболевание, бессрочно.»:
the letter's sentence of the group gives its term as the certificate's «бессрочно» (Приказ
№ 1031н, Приложение № 1; Постановление № 588, п. 13 «без указания срока
переосвидетельствования»), in the same sentence, after the group and its cause."""


def _letter_indefinite(parts: list[TextLine], joined: str, first: int) -> list[FieldValue]:
    """«бессрочно» closing the letter's sentence of the group that starts on the first line."""
    out = []
    for m in GROUP_INDEFINITE.finditer(joined):
        if m.start() >= first:
            break
        ev = _span_evidence(parts, m.start("term"), m.end("term"), 1.0)
        out.append(FieldValue("indefinite", True, ev, method="prose"))
    return out


def letter_dates(view: DocumentView) -> list[FieldValue]:
    """The date established, the certificate's date of issue and a term «бессрочно» in a
    bureau's letter (:mod:`mseflow.extractors.bureau_letter`), read over the paragraph's line
    breaks."""
    out: list[FieldValue] = []
    rules = (("established_date", GROUP_ESTABLISHED), ("issue_date", CERTIFICATE_DATED))
    for pos, tl in enumerate(view.lines):
        parts = [tl, *(n for n in view.lines[pos + 1 : pos + LETTER_LINES] if n.page is tl.page)]
        joined = " ".join(p.text for p in parts)
        out.extend(_letter_indefinite(parts, joined, len(tl.text)))
        for key, rule in rules:
            for m in rule.finditer(joined):
                if m.start() >= len(tl.text):
                    break  # the sentence starts on a later line: read from there
                dates = [d for d in find_dates(joined) if d.start >= m.end()]
                if dates and VALUE_LEAD.fullmatch(joined[m.end() : dates[0].start]):
                    d = dates[0]
                    quality = WRAPPED if _crosses(parts, d.start, d.end) else 1.0
                    ev = _span_evidence(parts, d.start, d.end, quality)
                    out.append(FieldValue(key, d.value, ev, method="prose"))
    return out


def _part_at(parts: list[TextLine], start: int) -> tuple[TextLine, int, int] | None:
    """The line of ``parts`` (joined by single spaces) where offset ``start`` lies, with that
    line's start and end in the joined text; None past the last line."""
    offset = 0
    for tl in parts:
        stop = offset + len(tl.text)
        if start < stop:
            return tl, offset, stop
        offset = stop + 1
    return None


def _crosses(parts: list[TextLine], start: int, end: int) -> bool:
    """``[start, end)`` of the joined lines runs over a line break."""
    found = _part_at(parts, start)
    return found is not None and end > found[2]


def _span_evidence(parts: list[TextLine], start: int, end: int, quality: float) -> Evidence:
    """Evidence of ``[start, end)`` of the lines joined by single spaces: the part on the
    line where it starts (a date carried over a break keeps its first line's words)."""
    found = _part_at(parts, start)
    if found is None:
        return parts[-1].evidence(0, None, quality)
    tl, offset, stop = found
    return tl.evidence(start - offset, min(end, stop) - offset, quality)


CAPTION_BELOW = re.compile(r"\s*\(?\s*нужное\s+подчеркн", re.IGNORECASE)
"""The form's caption «(нужное подчеркнуть)» printed on the line under the options."""
OTHER_OPTION = re.compile(r"\bдо\b|\d")
"""Before «бессрочно» on its line: the dated option («на срок до «01» февраля 2027 г.»)."""


def _options_captioned_below(tl: TextLine, start: int, at: int) -> bool:
    """«… на срок до «01» февраля 2027 г. , бессрочно» / «(нужное подчеркнуть)»: both options
    printed, the caption wrapped onto the next line — «бессрочно» is one of the choices, not the
    value (Приказ 1031н, Приложение № 1: «на срок до ___, бессрочно (нужное подчеркнуть)»)."""
    lines = tl.page.lines
    below = lines[tl.index + 1].text if tl.index + 1 < len(lines) else ""
    return bool(CAPTION_BELOW.match(below)) and OTHER_OPTION.search(tl.text[start:at]) is not None


def _indefinite_at(tl: TextLine, start: int, method: str, quality: float) -> FieldValue | None:
    text = blank_fill_rules(tl.text)
    m = INDEFINITE.search(text, start)
    written_out = NO_TERM.search(text, start)
    if written_out is not None and (m is None or written_out.start() < m.start()):
        m = written_out
    while start > 0 and not text[start - 1].isalnum():
        start -= 1  # the rules and slashes before the value: «до ______ / бессрочно»
    if m is not None and typed_mark_on(tl, m.start()):
        # «Срок: до ______ X бессрочно»: the option typed over with a mark, the date left blank
        ev = tl.evidence(m.start(), m.end(), quality * MARKED_QUALITY)
        return FieldValue("indefinite", True, ev, "marked_option")
    if m is None or _is_option_line(text[start:]):
        return None  # «(нужное подчеркнуть)» of «впервые / повторно» before the term is no matter
    if text != tl.text and _is_option_line(text):
        return None  # a rule blanked: the whole line must not print the choice («срок ___ или …»)
    if _options_captioned_below(tl, start, m.start()):
        return None
    if _dated_option_filled(text[: m.start()]):
        return None  # «Срок: до 01.03.2027 бессрочно»: the date typed into «до» is the choice
    head = text[: m.start()]
    if head.count("(") > sum(head.count(c) for c in CLOSERS) and not NO_TERM_GLOSSED.search(head):
        return None  # inside the form's printed instruction
    ev = tl.evidence(m.start(), m.end(), quality)
    if SPELLED_OUT.fullmatch(m.group()) and tl.page.source == "ocr":
        # the whole nine-letter word read letter for letter: the OCR's doubt about its glyphs
        # (capitals, a stamp's tint) says little about what it is; half of it is kept
        words = tl.words_in(m.start(), m.end())
        own = sum(w.confidence for w in words) / len(words) if words else 0.0
        ev.confidence = round(min(1.0, (1 - (1 - own) * SPELLED_DOUBT) * quality), 3)
    return FieldValue("indefinite", True, ev, method)


UNTIL_WORD = re.compile(r"\bдо\b", re.IGNORECASE)


def _dated_option_filled(between: str) -> bool:
    """A date follows «до» before an unmarked «бессрочно»: the dated option was filled in, so
    «бессрочно» is the other printed option, not the value (a found date wins over an
    unmarked option, issue 10). A date without «до» before it («установлена 01.03.2020
    бессрочно») is the start of an indefinite term and leaves «бессрочно» the value."""
    untils = list(UNTIL_WORD.finditer(between))
    return bool(untils) and bool(find_dates(between[untils[-1].end() :]))


NO_TERM_GLOSSED = re.compile(r"освидетельствовани\w*\s*\(\s*$", re.IGNORECASE)
"""«на срок: без срока переосвидетельствования (бессрочно)»: the value written out with the
certificate's word for it in brackets (Постановление № 588, п. 13 «без указания срока
переосвидетельствования»; Приказ 1031н «бессрочно»), not a printed instruction around it."""
NO_TERM = re.compile(r"без\s+(?:указания\s+)?срока\s+(?:пере)?освидетельствовани\w*", re.IGNORECASE)
"""The indefinite term in the words of Постановление № 588, п. 13, as a term's value without
the bracketed «(бессрочно)» (its bracket wrapped onto the next line, or not printed)."""
CLOSERS = ")}]"
"""What closes a bracket as OCR reads it («(нужное подчеркнуть}»: the «)» read as «}»)."""
SPELLED_OUT = re.compile(r"бессрочно", re.IGNORECASE)
SPELLED_DOUBT = 0.5
"""Share of an OCR word's doubt kept when «бессрочно» is read whole and exactly."""


def _indefinite(view: DocumentView, spots: list[Spot]) -> list[FieldValue]:
    out: list[FieldValue] = []
    for spot in spots:
        fv = _indefinite_at(spot.line, spot.start, spot.method, spot.score)
        if fv is not None:
            out.append(fv)
    for tl in view.lines:
        m = TERM_CONTEXT.search(blank_fill_rules(tl.text))
        if m is not None:
            fv = _indefinite_at(tl, m.start(), "labelled_line", 1.0)
            if fv is not None:
                out.append(fv)
        elif ALONE.fullmatch(tl.text):
            above = _above(view, tl)
            if (
                above is not None
                and TERM_HEAD.search(above.text)
                and not _is_option_line(above.text)
            ):
                out.append(FieldValue("indefinite", True, tl.evidence(), "next_line"))
    return out


YES = re.compile(r"^\s*да\b(?!.*\bнет\b)", re.IGNORECASE)
"""The answer «да» of a yes/no row (not the printed choice «да / нет» itself)."""


def answered_indefinite(view: DocumentView) -> list[FieldValue]:
    """«Инвалидность установлена бессрочно (да/нет) | да»: the indefinite term answered in a
    yes/no row of a register extract (``indefinite`` labels of ``labels/printout.txt``)."""
    out = []
    for spot in find_values(view, "indefinite", next_line=False):
        m = YES.match(spot.text)
        if m is not None:
            a, b = spot.start + m.start(), spot.start + m.end()
            ev = spot.line.evidence(a, b, spot.score)
            out.append(FieldValue("indefinite", True, ev, spot.method))
    return out


ALONE = re.compile(r"[\s\"«]*бессрочно[\s\"».]*", re.IGNORECASE)
TERM_HEAD = re.compile(
    r"(?:срок\w*|установлен\w*|разработан\w*|переосвидетельствовани\w*)[^:]{0,40}:\s*$",
    re.IGNORECASE,
)
"""A line that ends asking for the term («… установлена инвалидность:»): «бессрочно» alone
on the line under it is its value (the next-line rule of the label tables)."""


def _above(view: DocumentView, tl: TextLine) -> TextLine | None:
    """The line before ``tl`` on its page."""
    pos = view.lines.index(tl)
    if pos == 0 or view.lines[pos - 1].page is not tl.page:
        return None
    return view.lines[pos - 1]


PROTOCOL_DATE = re.compile(
    r"(?:протокол|акт)\w*(?:[^.]|(?<=\d)\.(?=\s?\d)){0,100}?\bот\s+", re.IGNORECASE
)
"""«к протоколу … № 2740.18.21/2023 от …», «Акт освидетельствования № 1.2/2026 от …»."""
CORROBORATED = 0.5
"""Share of a matching date's confidence that an OCR-damaged issue date gains from it."""


def _protocol_dates(view: DocumentView) -> list[FieldValue]:
    """«… к протоколу … № … от 26.01.2026»: the decision's date (486н header), no candidate."""
    out: list[FieldValue] = []
    for i, tl in enumerate(view.lines[:40]):
        text = tl.text
        m = PROTOCOL_DATE.search(text)
        nxt = view.next_line(tl) if i < 39 else None
        if m is None and nxt is not None and PROTOCOL_DATE.search(f"{text} {nxt.text}"):
            ends_from = re.search(r"\bот\s*$", text)  # «… № 2081.42.15/2026 от» / «04.02.2026»
            tl, text = nxt, nxt.text
            m = re.match(r"\s*", text) if ends_from else re.search(r"\bот\s+", text)
        if m is None:
            continue
        found = [d for d in find_dates(text)[:1] if d.start >= m.end() - 1]
        if not found and nxt is not None and tl is not nxt:
            joined = f"{text} {nxt.text}"  # «… от 20 мая» / «2013.»: the date wraps
            found = [d for d in find_dates(joined) if m.end() - 1 <= d.start < len(text)][:1]
        for d in found:
            end = min(d.end, len(text))
            out.append(FieldValue("protocol", d.value, tl.evidence(d.start, end)))
    return out


MISREAD_YEAR = 0.3
"""Confidence kept by an issue date whose day and month are the decision's but not its year."""


NUMBER_YEAR = re.compile(r"№\s*[\d. ]{3,20}/\s?((?:19|20)\d\d)\b")
"""The year that ends the decision's numbers («№ 2041.20.25/2013»: IPRA, protocol, act)."""


def _distrust_misread_year(
    view: DocumentView, out: list[FieldValue], protocol: list[FieldValue]
) -> None:
    """An issue date on the decision's day and month in another year: OCR misread a digit of
    one of the years («2015» for «2013»); the document is issued on the decision's day or
    soon after. The year the decision's numbers end with («№ …/2013») tells which one;
    without it, the issue date is distrusted when the decision's date was read as clearly."""
    decided = [fv for fv in out + protocol if fv.key in ("established_date", "protocol")]
    years = {int(y) for tl in view.lines for y in NUMBER_YEAR.findall(tl.text)}
    for fv in out:
        if fv.key != "issue_date" or any(d.value == fv.value for d in decided):
            continue
        for d in decided:
            same_day = (d.value.month, d.value.day) == (fv.value.month, fv.value.day)
            if not same_day or d.value.year == fv.value.year:
                continue
            if years:
                misread = d.value.year in years and fv.value.year not in years
            else:
                misread = d.evidence.confidence >= fv.evidence.confidence
            if misread:
                fv.evidence.confidence = round(fv.evidence.confidence * MISREAD_YEAR, 3)
                break


BEFORE_DECISION = 0.3
"""Confidence kept by a term's end read before the decision it ends (OCR, a year's digit)."""


def _distrust_term_before_decision(
    view: DocumentView, out: list[FieldValue], protocol: list[FieldValue]
) -> None:
    """A term's end read by OCR before the date established, the issue date or the protocol's
    date of the same document: no decision ends before it is taken, so a digit of a year was
    misread («2021» for «2027»: 1 and 7 of a damaged scan). The term is nulled, not guessed;
    on a text layer the printed contradiction stays for the rule ``term_before_established``.
    So is an issue date read before the act or protocol the document is issued on (1031н
    «Справка выдана на основании акта … от …»; 486н «ИПРА … к протоколу … от …»): the document
    is issued on that decision or after it (Правила № 588, п. 36)."""
    sources = {p.number: p.source for p in view.pages}
    decided = [
        fv.value
        for fv in out + protocol
        if fv.key in ("established_date", "issue_date", "protocol")
        and fv.evidence.confidence >= BEFORE_DECISION
    ]
    acts = [fv.value for fv in protocol if fv.evidence.confidence >= BEFORE_DECISION]
    for fv in out:
        if sources.get(fv.evidence.page) != "ocr":
            continue
        if fv.key == "valid_until" and decided and fv.value < min(decided):
            fv.evidence.confidence = round(fv.evidence.confidence * BEFORE_DECISION, 3)
        elif fv.key == "issue_date" and acts and fv.value < min(acts):
            # «Справка выдана на основании акта … № …/2026 от 04.02.2026» / «Дата выдачи
            # справки: 05.02.2025»: issued on the decision, never before it
            fv.evidence.confidence = round(fv.evidence.confidence * BEFORE_DECISION, 3)


def _corroborate_issue(out: list[FieldValue], protocol: list[FieldValue]) -> None:
    """A faint issue date (stamp, fax) equal to a clearly read date of the same decision.

    The certificate and the IPRA are issued on the day of the decision or soon after;
    a date read on the issue line that equals the decision's date (the protocol date,
    the date established) is more likely right than its OCR confidence says.
    """
    others = [fv for fv in out + protocol if fv.key in ("established_date", "protocol")]
    for fv in out:
        if fv.key != "issue_date" or fv.evidence.confidence >= 0.8:
            continue
        same = [o.evidence.confidence for o in others if o.value == fv.value]
        if same:
            gain = CORROBORATED * max(same)
            conf = 1 - (1 - fv.evidence.confidence) * (1 - gain)
            fv.evidence.confidence = round(min(conf, 0.85), 3)


DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?:19|20)\d\d(?!\d)")
LOST_DIGIT = 0.5
"""Confidence kept by an OCR'd dotted date with a one-digit day or month on a page that
prints every other dotted date with two («5.05.2016» among «29.02.2016», «09.07.1978»):
the OCR lost a digit, so the day or the month is not the printed one."""


def _zero_padded(view: DocumentView) -> bool:
    """The document prints its dotted dates with two-digit days and months (three or more
    dates, all padded but the one judged at most)."""
    found = [m.groups() for tl in view.lines for m in DOTTED.finditer(tl.text)]
    padded = sum(len(d) == 2 and len(mo) == 2 for d, mo in found)
    return len(found) >= 3 and padded >= len(found) - 1


def _distrust_lost_digit(view: DocumentView, fv: FieldValue, spot: Spot) -> None:
    """Lower an OCR'd date that lost a digit of its day or month (see :data:`LOST_DIGIT`)."""
    if spot.line.page.source != "ocr" or not fv.evidence.text:
        return
    m = DOTTED.search(fv.evidence.text)
    if m is None or (len(m.group(1)) == 2 and len(m.group(2)) == 2):
        return
    if _zero_padded(view):
        fv.evidence.confidence = round(fv.evidence.confidence * LOST_DIGIT, 3)


TRUSTED_SPECIFIC = 0.3
"""Least confidence of «Дата выдачи ИПРА / справки» for it to set a bare «Дата выдачи» aside:
a date distrusted as a misread («28.04.2918 г.», a year ahead) leaves the 486н point «1. Дата
выдачи: 28.04.2018 г.», the same fact printed twice, as the issue date's candidate."""


def term_candidates(view: DocumentView) -> list[FieldValue]:
    """Every candidate of the four dates and of «бессрочно»."""
    out: list[FieldValue] = []
    until_spots: list[Spot] = []
    generic_issue: list[FieldValue] = []
    weak: list[FieldValue] = []
    for key in DATE_KEYS:
        for spot in find_values(view, key):
            if key == "valid_until":
                until_spots.append(spot)
            fv = _date_in(spot, key, view)
            if fv is None:
                continue
            _distrust_lost_digit(view, fv, spot)
            out.append(fv)
            if key == "issue_date" and _weak_issue(spot):
                weak.append(fv)
            if key == "issue_date" and not any(s in spot.label for s in SPECIFIC_ISSUE):
                generic_issue.append(fv)
    specific = [
        fv
        for fv in out
        if fv.key == "issue_date"
        and fv not in generic_issue + weak
        and fv.evidence.confidence >= TRUSTED_SPECIFIC
    ]
    if generic_issue and specific:
        # «Дата выдачи ИПРА / справки» is printed: a bare «Дата выдачи» elsewhere is another's
        # («Дата разработки ИПР…» is no issue label: it never drops the plain «Дата выдачи»)
        out = [fv for fv in out if fv not in generic_issue]
    out.extend(_two_dates(view))
    out.extend(term_line_dates(view))
    out.extend(captioned_dates(view))
    out.extend(_established(view))
    out.extend(_prose_term(view))
    # the letter's sentence fills only keys no other rule read: a rival reading of its own
    # would make a conflict (a null and a review) out of a value the form's lines gave
    found = {fv.key for fv in out}
    letter = [fv for fv in _letter_term(view) if fv.key not in found]
    out.extend(fv for fv in letter if fv.key != "indefinite")
    protocol = _protocol_dates(view)
    _corroborate_issue([fv for fv in out if fv not in weak], protocol)
    _distrust_misread_year(view, out, protocol)
    _distrust_term_before_decision(view, out, protocol)
    indefinite = _indefinite(view, until_spots) + captioned_indefinite(view)
    indefinite += answered_indefinite(view)
    indefinite += [fv for fv in letter if fv.key == "indefinite"]
    has_until = any(fv.key == "valid_until" for fv in out)
    if indefinite and has_until:
        # both a term and «бессрочно» read as values: the resolver keeps the stronger,
        # the record is flagged for review
        for fv in indefinite:
            fv.evidence.conflict = True  # type: ignore[attr-defined]
    out.extend(indefinite)
    if not indefinite:
        out.append(FieldValue("indefinite", False, Evidence(confidence=0.5)))
    return out


class TermExtractor(Extractor):
    """Dates read by label: established, valid until / indefinite, issue, re-examination."""

    code = "term"
    keys = ("established_date", "valid_until", "indefinite", "issue_date", "reexamination_date")
    version = 20
    doc_types = frozenset({DocType.mse_certificate, DocType.ipra})

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Find each date by its label, the two-date sentence and «бессрочно»."""
        view = DocumentView(span.pages)
        out = term_candidates(view)
        if span.doc_type is DocType.mse_certificate and span.form == LETTER_TAG:
            # the letter's own «Исх. № … от …» or a date elsewhere in it is not the
            # certificate's: where its sentence names a date, that one stands alone
            letter = letter_dates(view)
            said = {fv.key for fv in letter}
            out = [fv for fv in out if fv.key not in said] + letter
        return out
