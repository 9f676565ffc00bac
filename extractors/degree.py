"""Degree of restriction of the ability to work (1–3), from its row or label only.

Basis: IPRA form (Order 486н) table «Перечень ограничений основных категорий
жизнедеятельности», row «трудовая деятельность»; older certificates print
«степень ограничения способности к трудовой деятельности». Other «степени»
(«степень выраженности» of impairment, lay «инвалидность второй степени»,
hazard subclass «3.3») are not this value (forms-reference, reading pitfalls).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from mseflow.contract import Evidence
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.captions import captioned_blocks
from mseflow.extractors.keyvalue import CELL_GAP, find_values
from mseflow.extractors.layout import DocumentView, TextLine
from mseflow.extractors.options import printed_choice
from mseflow.extractors.text import roman_to_int
from mseflow.reading.page import PageText

ROW_OR_LABEL = re.compile(
    r"^(?:[\d.,)\s]|[|\[\]'‘’`Il](?=\s))*(?:способност[ьи]\s+к\s+)?трудов(?:ая|ой)\s+деятельност[ьи]"
    r"|степен[ьи]\s+ограничени[яе]\s+способности\s+к\s+(?:трудовой|труду\b)"
    r"|ограничени[ея]\s+способности\s+к\s+трудовой\s+деятельности",
    re.IGNORECASE,
)
"""The row «трудовой деятельности» of the 486н table (its number or the table's left rule
before it: «I трудовой деятельности 2», the rule read «I» or «|») or the degree's label."""
NOT_THIS = re.compile(
    r"выраженност|класс|рекомендац|доступн|противопоказан|виды\s+трудов|условия", re.IGNORECASE
)
SPELLED = re.compile(r"\b(перв|втор|трет)(ая|ой|ую|ья|ьей|ью|ей)\b", re.IGNORECASE)
SPELLED_VALUE = {"перв": 1, "втор": 2, "трет": 3}
TOKEN = re.compile(
    r"(?<![\w.])([1-3]|I{1,3}|Т{2,3}|Т[1lI|]Т|[ПШзЗ])(?:\s*-?\s*(?:я|й|ая|ой))?(?![\w.]?\d)(?!\w)"
)
# «ТТ», «ТТТ», «Т1Т»: the slab-serif «II», «III» of typewriter and monospace faces as the
# Russian model reads them (env-notes trap 10; :data:`mseflow.extractors.text.ROMAN_OCR`).
DIGIT_LOOKALIKES = {"з": 3, "З": 3}
"""A lone «з» / «З» where a degree stands is the digit «3» as OCR reads it (Cyrillic «З» and «3»
share their shape; no Russian word is the letter alone)."""
OPTIONS_HINT = re.compile(r"\(?(?:\s*(?:[1-3]|I{1,3})\s*[,;/])+\s*(?:[1-3]|I{1,3})\s*\)")
"""The printed list of choices in a label («(I, II, III)», «(1, 2, 3)»): never the value."""
LEADING_HINT = re.compile(rf"\s*{OPTIONS_HINT.pattern}\s*:?\s*")
FILL_RULE = str.maketrans("_", " ")
"""The rule a value is typed or written on («деятельности: _3_»): not part of the value
(same length, so offsets still map to the words)."""
SPELLED_REACH = 3
"""How close after the numeral its spelled word stands to be the same value («2 (вторая)»)."""
NO_VALUE = re.compile(r"не\s+указан|нет|отсутству|—|^\s*-\s*$", re.IGNORECASE)


def _choices(text: str) -> bool:
    """``text`` prints the degrees to choose from («I, II, III (нужное подчеркнуть)», «1 / 2 /
    3»), not as the label's hint before its value («(I, II, III): 3»)."""
    return printed_choice(OPTIONS_HINT.sub(" ", text))


def read_degree(text: str, start: int) -> tuple[int, int, int] | None:
    """The degree in ``text`` after ``start``: spelled word or numeral 1–3, or None.

    >>> read_degree("трудовая деятельность 2", 21)
    (2, 22, 23)
    >>> read_degree("класс условий труда 3.3", 0) is None
    True
    >>> read_degree("Степень ограничения способности к трудовой деятельности: _3_", 56)
    (3, 58, 59)
    """
    text = text.translate(FILL_RULE)
    tail = OPTIONS_HINT.sub(lambda m: " " * len(m.group()), text[start:])
    spelled = SPELLED.search(tail)
    numeral = TOKEN.search(tail)
    if numeral is not None and (spelled is None or numeral.start() < spelled.start()):
        token = numeral.group(1)
        value = DIGIT_LOOKALIKES.get(token) or roman_to_int(token)
        if (
            value is not None
            and spelled is not None
            and spelled.start() - numeral.end() <= SPELLED_REACH
            and SPELLED_VALUE[spelled.group(1).lower()] != value
        ):
            return None  # «II (первая)»: a stroke too many or too few; which is right is unknown
        if value is not None:
            return value, start + numeral.start(1), start + numeral.end(1)
    if spelled is not None:
        value = SPELLED_VALUE[spelled.group(1).lower()]
        return value, start + spelled.start(), start + spelled.end()
    return None


def _row_label(tl: TextLine) -> re.Match[str] | None:
    """The degree's row or label on ``tl`` (:data:`ROW_OR_LABEL`), not another block's words."""
    m = ROW_OR_LABEL.search(tl.text)
    return None if m is None or NOT_THIS.search(tl.text[: m.end() + 40]) else m


def _row_value(tl: TextLine) -> tuple[int, int, int] | None:
    m = _row_label(tl)
    if m is None:
        return None
    tail = tl.text[m.end() :]
    if _choices(tail):
        return None  # a printed choice «1 / 2 / 3»: the marked one is read from the mark
    if NO_VALUE.search(tail[:30]) and not re.search(r"[1-3]", tail[:30]):
        return None
    return read_degree(tl.text, m.end()) or _degree3_definition(tl.text, m.end())


DEGREE3_DEFINITION = re.compile(
    r"(?<!не\s)(?<!\w)(?:неспособност\w*\s+к\s+трудов\w*|"
    r"(?:невозможност|противопоказанност)\w*\W{0,3}(?:противопоказанност\w*\W{0,3})?трудов\w*)",
    re.IGNORECASE,
)
"""The third degree written out by its definition on older forms: «III степень — неспособность к
трудовой деятельности или невозможность (противопоказанность) трудовой деятельности»
(Классификации и критерии, приказ Минздравсоцразвития России № 535 от 22.08.2005, п. 7;
forms-reference: «3 степень — неспособность к трудовой деятельности» before 2015)."""
DEFINITION_REACH = 40
"""How far after the label the definition may begin (an OCR scrap of the numeral before it)."""


def _degree3_definition(text: str, start: int) -> tuple[int, int, int] | None:
    """3 when the label's value is the third degree's definition, no numeral read before it."""
    m = DEGREE3_DEFINITION.search(text, start)
    if m is None or m.start() - start > DEFINITION_REACH:
        return None
    return 3, m.start(), m.end()


WRAPPED_HEAD = re.compile(
    r"степен[ьи]\s+ограничени[яе]\s+способност[ьи]\s+к\s+(?=\S)", re.IGNORECASE
)
WRAPPED_TAIL = re.compile(r"^\s*трудов(?:ой|ая)\s+деятельност[ьи]\b", re.IGNORECASE)
"""A label that wraps in its cell, the value in the next cell on the label's first line:
«Степень ограничения способности к   3» / «трудовой деятельности» (printouts of the IPRA with a
narrow label column; the label of 486н п. 16 and of the older certificates)."""


def _ends_label_cell(tl: TextLine) -> bool:
    """``tl`` is the label's second line: «трудовой деятельности» alone, or followed only by
    another column's words after a cell's gap (a two-column printout joins them in one line)."""
    m = WRAPPED_TAIL.match(tl.text)
    if m is None:
        return False
    words = tl.words
    if len(words) <= 2:
        return True
    last, following = words[1], words[2]
    char = (last.bbox[2] - last.bbox[0]) / max(1, len(last.text))
    return following.bbox[0] - last.bbox[2] > CELL_GAP * char


def _wrapped_value(view: DocumentView, tl: TextLine) -> tuple[int, int, int] | None:
    """The degree between a wrapped label's first line and its end on the next line."""
    m = WRAPPED_HEAD.search(tl.text)
    nxt = view.next_line(tl)
    if m is None or nxt is None or not _ends_label_cell(nxt):
        return None
    tail = tl.text[m.end() :]
    if _choices(tail) or len(tail.split()) > 2:
        return None  # a printed choice, or a line that goes on with other words
    return read_degree(tl.text, m.end())


def extract_degree(view: DocumentView) -> FieldValue | None:
    """The first «трудовая деятельность» row or «степень ограничения …» label with a degree."""
    for tl in view.lines:
        found = _row_value(tl) or _wrapped_value(view, tl)
        if found is not None:
            value, a, b = found
            return FieldValue("work_restriction_degree", value, tl.evidence(a, b, 0.95))
    return None


DEGREE_CAPTION = re.compile(
    r"степень\s+ограничения\s+способности\s+к\s+(?:трудовой\s+деятельности|труду)",
    re.IGNORECASE,
)
"""The caption under the degree's rule on the older certificates and the bureau's extracts
(«третья степень» over «(степень ограничения способности к трудовой деятельности)»)."""


def _captioned(view: DocumentView) -> list[FieldValue]:
    """The degree typed alone over its caption: the line right above it, a numeral or the
    spelled word at its start and at most three words in all."""
    out = []
    for block in captioned_blocks(view, DEGREE_CAPTION):
        tl = block[-1]
        if len(tl.text.split()) > 3 or NOT_THIS.search(tl.text) or _choices(tl.text):
            continue
        found = read_degree(tl.text, 0)
        if found is not None and found[1] <= 2:
            value, a, b = found
            ev = tl.evidence(a, b, 0.95)
            out.append(FieldValue("work_restriction_degree", value, ev, "next_line"))
    return out


def _cell_values(view: DocumentView) -> list[FieldValue]:
    """The degree in the row's value cell or under its label (table layouts)."""
    out = []
    for spot in find_values(view, "work_restriction_degree"):
        same_line = spot.line is spot.label_line and spot.method == "labelled_line"
        if (same_line and ROW_OR_LABEL.search(spot.line.text)) or NOT_THIS.search(
            spot.label_line.text
        ):
            continue
        text = spot.text
        if _choices(text):
            continue
        if NO_VALUE.search(text[:30]) and not re.search(r"[1-3]", text[:30]):
            continue
        lead = LEADING_HINT.match(text)
        found = read_degree(text, 0)
        if found is not None and found[1] - (lead.end() if lead else 0) <= 2:
            value, a, b = found
            ev = spot.line.evidence(spot.start + a, spot.start + b, 0.95 * spot.score)
            out.append(FieldValue("work_restriction_degree", value, ev, spot.method))
    return out


WORK_HEADER = re.compile(
    r"(?:способност[ьи]\s+к\s+)?трудов(?:ая|ой)\s+деятельност[ьи]", re.IGNORECASE
)
OTHER_CATEGORIES = re.compile(
    r"самообслуживани|передвижени|ориентаци|общени|обучени|контрол\w*\s+(?:за\s+)?сво",
    re.IGNORECASE,
)
"""The other categories of the 486н table «Перечень ограничений основных категорий
жизнедеятельности | Степень ограничения (1, 2, 3)» (Приказ Минтруда № 486н, Приложение № 2,
п. 16: самообслуживание, передвижение, ориентация, общение, обучение, трудовая деятельность,
контроль за своим поведением; the form's Word rendering, github elexfreeman/ipra,
application/views/patients/word1.php, prints them with the degree cell beside each)."""
HEADER_CATEGORIES = 2
"""Other categories a line needs beside «трудовая деятельность» to be the table's header row."""
BELOW_ROWS = 3
"""Lines under the header row searched for its row of degrees."""
BELOW_REACH = 3.0
"""How far under the header (in its line heights) the row of degrees may sit."""
DASH = re.compile(r"^[-–—]+$")


def _header_column(tl: TextLine) -> tuple[float, float, float, float] | None:
    """The «трудовая деятельность» column of a header row that names the categories across
    (a landscape printout turns the table's rows into columns, each degree under its
    category): (left neighbour's right edge, column left, column right, right neighbour's
    left edge)."""
    m = WORK_HEADER.search(tl.text)
    if m is None or len(OTHER_CATEGORIES.findall(tl.text)) < HEADER_CATEGORIES:
        return None
    own = tl.words_in(m.start(), m.end())
    before = tl.words_in(0, m.start())
    after = tl.words_in(m.end() + 1, len(tl.text))
    left, right = own[0].bbox[0], own[-1].bbox[2]
    return (
        before[-1].bbox[2] if before else left - (right - left),
        left,
        right,
        after[0].bbox[0] if after else right + (right - left),
    )


def _under_column(tl: TextLine, column: tuple[float, float, float, float]) -> list[int]:
    """Indexes of ``tl``'s words centred under the column, nearer its middle than either
    neighbour's edge."""
    lo, left, right, hi = column
    middle = (left + right) / 2
    found = []
    for n, w in enumerate(tl.words):
        centre = (w.bbox[0] + w.bbox[2]) / 2
        if lo < centre < hi and abs(centre - middle) < min(centre - lo, hi - centre):
            found.append(n)
    return found


def _header_row_value(view: DocumentView, tl: TextLine) -> FieldValue | None:
    """The degree printed under «трудовая деятельность» in the row below a header row of
    categories: the one word centred in its column (a dash there: no degree)."""
    column = _header_column(tl)
    if column is None:
        return None
    height = max(1.0, tl.bbox[3] - tl.bbox[1])
    row = tl
    for _ in range(BELOW_ROWS):
        row = view.next_line(row)
        if row is None or row.bbox[1] - tl.bbox[3] > BELOW_REACH * height:
            return None
        under = _under_column(row, column)
        if not under:
            continue
        if len(under) > 1:
            return None
        a, b = row.offsets[under[0]]
        word = row.text[a:b]
        found = read_degree(word, 0)
        if DASH.match(word) or found is None or (found[1], found[2]) != (0, len(word)):
            return None
        return FieldValue(
            "work_restriction_degree", found[0], row.evidence(a, b, 0.95), "table_cell"
        )
    return None


def _header_rows(view: DocumentView) -> list[FieldValue]:
    """The degree of every header row of categories (:func:`_header_row_value`)."""
    out = []
    for tl in view.lines:
        fv = _header_row_value(view, tl)
        if fv is not None:
            out.append(fv)
    return out


class DegreeExtractor(Extractor):
    """Degree of restriction of the ability to work."""

    code = "degree"
    keys = ("work_restriction_degree",)
    version = 12

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the degree from its row or label."""
        view = DocumentView(span.pages)
        fv = extract_degree(view)
        found = [fv] if fv is not None else []
        return found + _cell_values(view) + _captioned(view) + _header_rows(view)


FROM_NOTE = 0.9
"""Confidence kept by the third degree taken from the incapable conclusion."""


def _row_printed(pages: Sequence[PageText]) -> bool:
    """The document prints the degree's row or label (:data:`ROW_OR_LABEL`), whatever was read
    after it."""
    return any(_row_label(tl) is not None for tl in DocumentView(pages).lines)


def degree_from_note(
    values: dict[str, Any],
    evidence: dict[str, Evidence],
    candidates: dict[str, Any],
    pages: Sequence[PageText],
) -> None:
    """The third degree of an IPRA whose degree row gave no value at all, when the conclusion
    notes complete incapacity: «невозможность (противопоказанность) осуществления трудовой
    деятельности» is the third degree's own definition (Приказ Минтруда № 585н, степени
    ограничения способности к трудовой деятельности: 3 — «… либо невозможность
    (противопоказанность) трудовой деятельности»; the rule ``incapable_note_degree_mismatch``
    demands 3 beside the note). A row read with another value is never overwritten: that
    contradiction stays for the rule. Nor is a row that is printed but could not be read
    («Степень ограничения способности к трудовой р», family 15's degree 2 under a stamp): the
    rule exists for the IPRA whose degree is not 3 beside the note, so the note cannot stand
    for the degree the form prints (a wrong 3 hid that contradiction; a null asks the officer)."""
    if not values.get("incapable_of_work") or values.get("work_restriction_degree") is not None:
        return
    note = evidence.get("incapable_of_work")
    if note is None or "work_restriction_degree" in candidates or _row_printed(pages):
        return
    values["work_restriction_degree"] = 3
    evidence["work_restriction_degree"] = note.model_copy(
        update={"confidence": round(note.confidence * FROM_NOTE, 3)}
    )
