"""Document series and number: certificate «Серия МСЭ-2015 № 2431238», IPRA «№ 123.4.56/2024».

Basis: the certificate form of Order 1031н prints a series «МСЭ-20YY» and a
7-digit number; the IPRA (Order 486н) prints «ИПРА инвалида № … к протоколу …».
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.keyvalue import find_values
from mseflow.extractors.layout import DocumentView, TextLine

SERIES = re.compile(r"(?<![А-Яа-яA-Za-z])[МM][СC][ЭЗ3]\s?-?\s?((?:19|20)\d\d)(?!\d)")
NUMBER_SIGN = r"(?:№|N[оo°eе]?|Ns|Мо|М[оo])\.?"
CERT_NUMBER = re.compile(rf"{NUMBER_SIGN}\s?(\d{{7}})(?!\d)")
LABELLED_NUMBER = re.compile(r"(?i)номер\s*:?\s*(\d{7})(?!\d)")
BARE_7 = re.compile(r"(?<![\d./-])(\d{7})(?![\d./-])")
IPRA_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,6}(?:\s?[.,]\s?(?:\d{1,4}|ЭС\d{0,2})){1,4}\s?/\s?\d{2,4})(?![\d/])"
)
"""«1308.1.52/2019»; OCR may read a dot of it as a comma («842.40,9/2026»). The unit's part
of a number drawn up by an expert composition of a main bureau is «ЭС» (экспертный состав),
with or without its number: «2679.ЭС.69/2026», «12.ЭС3.77/2024»."""


def least_sure(tl: TextLine, start: int, end: int, quality: float = 1.0) -> Any:
    """Evidence for ``[start, end)`` as sure as its least sure word (one doubtful digit
    makes the whole number doubtful), not their mean."""
    words = tl.words_in(start, end)
    if words and tl.page.source == "ocr":
        mean = sum(w.confidence for w in words) / len(words)
        least = min(w.confidence for w in words)
        if mean > 0:
            quality *= least / mean
    return tl.evidence(start, end, quality)


def _series(view: DocumentView) -> tuple[TextLine, re.Match[str]] | None:
    for tl in view.lines:
        m = SERIES.search(tl.text)
        if m:
            return tl, m
    return None


LABELLED_VALUE = re.compile(rf"\s*(?:{NUMBER_SIGN}\s?)?(\d{{7}})(?![\d./-])")
"""A 7-digit value of its own label («Номер справки» / «5477182»), a «№» before it or not."""


def _issued_by_now(series: re.Match[str]) -> bool:
    """The series' year is not in the future («МСЭ-2074»: OCR's misread, no future blank)."""
    return int(series.group(1)) <= dt.date.today().year


def labelled_certificate_numbers(view: DocumentView) -> list[FieldValue]:
    """Series and number each under (or beside) a label of its own: «Серия справки» / «МСЭ-2023»,
    «Номер справки» / «5477182», in the next cell, the same line or the line below."""
    out: list[FieldValue] = []
    for spot in find_values(view, "document_number"):
        m = LABELLED_VALUE.match(spot.text)
        if m is not None:
            a, b = spot.start + m.start(1), spot.start + m.end(1)
            ev = least_sure(spot.line, a, b, spot.score)
            out.append(FieldValue("document_number", m.group(1), ev, spot.method))
    for spot in find_values(view, "document_series"):
        m = SERIES.match(spot.text, len(spot.text) - len(spot.text.lstrip()))
        if m is not None and _issued_by_now(m):
            ev = least_sure(spot.line, spot.start + m.start(), spot.start + m.end(), spot.score)
            out.append(FieldValue("document_series", f"МСЭ-{m.group(1)}", ev, spot.method))
    return out


DAMAGED_SERIES = re.compile(
    rf"(?<![А-Яа-яA-Za-z])[МM][СC][ЭЗ3]\s?-?\s?\S{{2,7}}\s+{NUMBER_SIGN}\s?(\d{{7}})(?![\d./-])"
)
"""«СЕРИЯ МСЭ-26026 № 9786445»: the series' year misread (no series is read), the number after
its «№» still the 1031н form's seven digits (Приказ 1031н, Приложение № 1: «Серия МСЭ-____ № ___»)."""


def certificate_numbers(view: DocumentView) -> list[FieldValue]:
    """Series «МСЭ-YYYY» and the 7-digit number printed next to it, or under labels of their own."""
    labelled = labelled_certificate_numbers(view)
    found = _series(view)
    if found is None:
        return _numbers_at_damaged_series(view) + labelled
    return _numbers_at_series(view, *found) + labelled


def _numbers_at_damaged_series(view: DocumentView) -> list[FieldValue]:
    """The number beside a series whose year OCR misread (the series itself stays null)."""
    for tl in view.lines:
        m = DAMAGED_SERIES.search(tl.text)
        if m is not None:
            return [FieldValue("document_number", m.group(1), least_sure(tl, *m.span(1)))]
    return []


def _numbers_at_series(view: DocumentView, tl: TextLine, m: re.Match[str]) -> list[FieldValue]:
    """Series «МСЭ-YYYY» on ``tl`` and the number beside or under it."""
    out: list[FieldValue] = []
    if _issued_by_now(m):
        ev = least_sure(tl, m.start(), m.end())
        out.append(FieldValue("document_series", f"МСЭ-{m.group(1)}", ev))
    rest = tl.text[m.end() :]
    num = CERT_NUMBER.search(rest) or BARE_7.search(rest)
    if num is not None:
        a, b = m.end() + num.start(1), m.end() + num.end(1)
        out.append(FieldValue("document_number", num.group(1), least_sure(tl, a, b)))
        return out
    beside = _number_beside(view, tl, m.end())
    if beside is not None:
        out.append(beside)
        return out
    # the number printed under the series («Серия МСЭ-2015» / «№ 2431238», «Номер: …»), or
    # its «№» ending the series' line and the digits opening the next («… серии МСЭ-2026 №» /
    # «7405979 от …»: a letter's paragraph wrapped between them)
    signed = SIGN_AT_END.search(rest) is not None
    line: TextLine | None = tl
    for _ in range(2):
        line = view.next_line(line) if line is not None else None
        if line is None:
            break
        num = (
            CERT_NUMBER.search(line.text)
            or LABELLED_NUMBER.search(line.text)
            or (WRAPPED_7.match(line.text) if signed else None)
        )
        if num is not None:
            ev = least_sure(line, num.start(1), num.end(1))
            out.append(FieldValue("document_number", num.group(1), ev, "next_line"))
            break
    return out


SIGN_AT_END = re.compile(rf"{NUMBER_SIGN}\s*$")
WRAPPED_7 = re.compile(r"\s*(\d{7})(?![\d./-])")
"""The certificate's seven digits opening the line after «… МСЭ-2026 №»."""

BESIDE_GAP = 3.0
"""Character widths a number may stand right of «… №» on a visual line OCR split in two."""


def _number_beside(view: DocumentView, tl: TextLine, end: int) -> FieldValue | None:
    """The 7-digit number right of «Серия МСЭ-2020 №» that OCR put on a line of its own.

    A photo's curled line is read as two lines; the number's box still sits on the
    series line's row, just right of its last word.
    """
    last = tl.words_in(max(0, end - 1), len(tl.text))
    if not last:
        return None
    right = last[-1].bbox[2]
    width = max(1.0, (tl.bbox[2] - tl.bbox[0]) / max(1, len(tl.text)))
    top, bottom = tl.bbox[1], tl.bbox[3]
    for other in view.lines:
        if other.page is not tl.page or other is tl:
            continue
        for (a, b), w in zip(other.offsets, other.words, strict=True):
            mid = (w.bbox[1] + w.bbox[3]) / 2
            near = 0 <= w.bbox[0] - right <= BESIDE_GAP * width
            if near and top <= mid <= bottom and BARE_7.fullmatch(other.text[a:b]):
                return FieldValue(
                    "document_number", other.text[a:b], least_sure(other, a, b), "table_cell"
                )
    return None


OTHER_NUMBER = re.compile(
    r"(?:протокол\w*|акт\w*|освидетельствовани\w*|экспертизы\s+гражданина|мсэ)\s*(?:№|N)?\s*$",
    re.IGNORECASE,
)
"""What precedes the protocol's / act's number («к протоколу … №», «к акту освидетельствования
во ФГУ МСЭ №»): that number is not the IPRA's."""
IPRA_BEFORE = re.compile(
    r"(?:ипр\w*|(?<![а-яё])карта(?:\s+ипр\w*)?|инвалида|номер)\s*(?:№|N)?\s*$", re.I
)
"""What precedes the IPRA's own number: «ИПРА инвалида №», the 379н «Карта (ИПР) № …», its
number dotted as the ЕАВИИАС numbers its programmes («Карта № 1516.12.58/2013 к акту …»)."""
PROTOCOL_WORDS = re.compile(r"(?<![а-яё])(?:экспертиз|протокол|акт)\w*", re.IGNORECASE)


def names_the_protocol(before: str) -> bool:
    """«… экспертизы <word OCR spoilt> № …»: the protocol's number, its label damaged."""
    found = list(PROTOCOL_WORDS.finditer(before))
    return bool(found) and "ипр" not in before[found[-1].end() :].lower()


def _sign_ends_line(tl: TextLine, sign: re.Match[str] | None) -> bool:
    """Nothing follows «ИПРА инвалида №» on its line: the number wrapped onto the next one.
    A line that goes on («№ 2591.6./4/2026 к протоколу … №» / «1194.1.44/2026») holds the
    IPRA's number damaged in place; the next line's is the protocol's."""
    return sign is not None and not re.search(r"[А-Яа-яЁё\d]", tl.text[sign.end() :])


UNPLACED = 0.6
"""Confidence of a number whose line says neither whose it is (a photo's lines out of order)."""


def _number_lead(lines: list[TextLine], i: int, start: int) -> tuple[str, bool]:
    """The 40 characters before a number at ``start`` of ``lines[i]`` (the line above's end
    joined where the number's line begins near it: «… к протоколу проведения медико-социальной
    экспертизы» / «гражданина № …»), and whether the number's own line places it as the
    IPRA's («Карта № 1516.12.58/2013 к акту …» under the title «… МЕДИКО-СОЦИАЛЬНОЙ
    ЭКСПЕРТИЗЫ»: the title's last word names no protocol of this number)."""
    tl = lines[i]
    before = tl.text[max(0, start - 40) : start]
    own = bool(IPRA_BEFORE.search(before)) and not names_the_protocol(before)
    if not own and len(before) < 40 and i > 0 and lines[i - 1].page is tl.page:
        before = lines[i - 1].text[-(40 - len(before)) :] + " " + before
    return before, own


def ipra_number(view: DocumentView) -> list[FieldValue]:
    """The IPRA number on the «ИПРА инвалида № …» line (or the line after the title).

    A number after «к протоколу … №» / «к акту освидетельствования … №» is the protocol's.
    """
    loose: list[FieldValue] = []
    placed = wraps = -2
    lines = view.lines[:40]
    for i, tl in enumerate(lines):
        low = tl.text.lower()
        wrapped = i == wraps + 1  # «ИПРА инвалида №» / «1308.1.52/2019 к протоколу …»
        if not any(w in low for w in ("ипр", "№", "номер", "карта")) and not wrapped:
            continue
        card = CARD_PLACE.search(tl.text)
        sign = IPRA_PLACE.search(tl.text) or card
        undotted = sign is not None and not IPRA_NUMBER.search(tl.text, sign.end())
        # the card's own number is plain even where the act's after «к акту» is dotted
        # («Карта № 3841 к акту освидетельствования № 455.39.72/2009»)
        plain_here = sign is not None and (undotted or sign is card)
        plain = PLAIN_NUMBER.match(tl.text, sign.end()) if sign is not None and plain_here else None
        if plain is not None:
            # the 379н card «ИПР инвалида № 1829 к акту освидетельствования № 1454»
            ev = least_sure(tl, plain.start(1), plain.end(1))
            return [FieldValue("document_number", plain.group(1), ev)]
        if undotted:
            placed = i
            wraps = i if _sign_ends_line(tl, sign) else wraps
        elif sign is not None and placed < 0:
            placed = len(lines)
        for m in IPRA_NUMBER.finditer(tl.text):
            before, own = _number_lead(lines, i, m.start(1))
            shape = shape_quality(_ipra_value(m)) * separator_doubt(tl, m.start(1), m.end(1))
            if wrapped and not re.search(r"[А-Яа-яЁё\d]", tl.text[: m.start(1)][-40:]):
                ev = least_sure(tl, m.start(1), m.end(1), 0.95 * shape)
                return [FieldValue("document_number", _ipra_value(m), ev, "next_line")]
            if not own and (OTHER_NUMBER.search(before) or names_the_protocol(before)):
                continue
            value = _ipra_value(m)
            if own or IPRA_BEFORE.search(before):
                ev = least_sure(tl, m.start(1), m.end(1), shape)
                return [FieldValue("document_number", value, ev)]
            if not loose:
                ev = least_sure(tl, m.start(1), m.end(1), UNPLACED * shape)
                loose.append(FieldValue("document_number", value, ev))
    return [] if placed >= 0 else loose


IPRA_PARTS = 3
"""Dotted parts of a 486н IPRA number before its year: the protocol's running number, the
bureau's (or expert composition's) number and the region's code, «1308.1.52/2019»,
«2679.ЭС.69/2026» (the numbers drawn up in ЕАВИИАС МСЭ; the region code is the subject's
two-digit code: 52 Нижегородская, 69 Тверская, 77 Москва). Not checked against a published
numbering rule: seen on the IPRAs quoted in this module and in the tests' wordings."""
LOST_DOT = 0.5
"""Kept by a dotted IPRA number with fewer parts: OCR dropped a dot («56212.53/2026» for
«562.12.53/2026»), so the digits around it are one wrong number, not two right ones."""


def shape_quality(value: str) -> float:
    """How far an IPRA number's shape makes it doubtful (1.0: three dotted parts or more).

    >>> shape_quality("562.12.53/2026"), shape_quality("56212.53/2026")
    (1.0, 0.5)
    """
    parts = value.split("/", 1)[0].split(".")
    return 1.0 if len(parts) >= IPRA_PARTS else LOST_DOT


SEPARATOR_RIVAL = 0.1
"""A dot or slash of a number whose rival reading is a digit this close (:attr:`Glyph.margin`):
the number's parts may be cut elsewhere («2253.9.24» with its «.» nearly a «4»)."""


def separator_doubt(tl: TextLine, start: int, end: int) -> float:
    """:data:`LOST_DOT` where OCR nearly read a separator of the number as a digit, else 1.0.

    The second reading of doubtful numbers (:mod:`mseflow.reading.reread`) weighs the
    digits; a separator that was a coin toss with a digit moves the parts themselves.
    """
    for w in tl.words_in(start, end):
        for g in w.glyphs:
            if g.text in ".,/" and g.rival.isdigit() and g.margin < SEPARATOR_RIVAL:
                return LOST_DOT
    return 1.0


def _ipra_value(m: re.Match[str]) -> str:
    return re.sub(r"\s", "", m.group(1)).replace(",", ".")


IPRA_PLACE = re.compile(r"(?i)(?:ипр\w*|карта\s+ипр\w*)\s+инвалида\s*(?:№|N)")
"""The number's own place («ИПРА инвалида № …»): found, a number elsewhere is not the IPRA's
(the number there was unreadable; the protocol's or the act's may stand on the next line)."""


CARD_PLACE = re.compile(rf"(?i)(?<![а-яё])карта\s*{NUMBER_SIGN}(?=\s*\d{{1,7}}\s*к\s*акту)")
"""The old 379н card's own number «Карта № 1940 к акту освидетельствования № 2320 от …»
(Приказ Минздравсоцразвития России № 379н от 04.08.2008, Приложение № 1: «Карта N ___ к акту
освидетельствования N ____ от "__" ____ 20__ г.»; zakonbase.ru/content/part/613971,
base.garant.ru/35390486): the card number is the document's, the act's number follows «к акту»."""


PLAIN_NUMBER = re.compile(r"\s*(\d{1,7})(?=\s+к\s|\s*к\s*акту|\s*$)")
"""A plain number right after «ИПР инвалида №», ending the line or followed by «к акту …»
(the old 379н card numbered its programmes so; the 486н number has dots and a year); OCR may
lose the spaces around «к» («Карта № 8831 какту освидетельствования …»)."""


def placed_ipra_number(text: str) -> str | None:
    """The number printed right after «ИПРА инвалида №» on one line (a running line or the
    title's), dotted (486н, :data:`IPRA_NUMBER`) or plain (379н, :data:`PLAIN_NUMBER`)."""
    sign = IPRA_PLACE.search(text)
    if sign is None:
        return None
    rest = text[sign.end() :]
    dotted = IPRA_NUMBER.match(rest.lstrip())
    if dotted is not None:
        return _ipra_value(dotted)
    plain = PLAIN_NUMBER.match(rest)
    return plain.group(1) if plain is not None else None


class NumbersExtractor(Extractor):
    """Series and number of the certificate; number of the IPRA."""

    code = "numbers"
    keys = ("document_series", "document_number")
    version = 11

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Pick the grammar by document type."""
        view = DocumentView(span.pages)
        if span.doc_type == DocType.ipra:
            return ipra_number(view)
        return certificate_numbers(view)
