"""Disability group 1/2/3 from «II (вторая)», «2 группа», «вторая группа», OCR «П».

Roman numerals and the spelled word are cross-checked (env-notes trap 10: OCR
reads «II» as «П»); where they disagree the spelled word wins at lower confidence.
"""

from __future__ import annotations

import re

from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.captions import captioned_blocks
from mseflow.extractors.keyvalue import find_values
from mseflow.extractors.layout import DocumentView
from mseflow.extractors.options import printed_choice
from mseflow.extractors.text import roman_to_int

GROUP_WORD = re.compile(r"групп[аыуе]?\b", re.IGNORECASE)
SPELLED = re.compile(r"\b(перв|втор|трет)(ая|ой|ую|ья|ьей|ью|ей)\b", re.IGNORECASE)
SPELLED_VALUE = {"перв": 1, "втор": 2, "трет": 3}
TOKEN = re.compile(r"[^\s(),:;]+")
EXCLUDE = re.compile(r"степен|групп\w*\s+кров|подгрупп|подчеркн", re.IGNORECASE)
FILL_RULE = str.maketrans("_", " ")
"""The rule a value is typed or written on («Группа инвалидности _1-я_», «__вторая__»): not part
of the value. Replaced by spaces of the same length, so offsets still map to the words."""


def _spelled(text: str) -> tuple[int, int, int] | None:
    m = SPELLED.search(text)
    return (SPELLED_VALUE[m.group(1).lower()], m.start(), m.end()) if m else None


DATE_PREPOSITIONS = frozenset({"с", "со", "до", "по", "от", "на"})
"""Words after «группы» that open a date or a term, never the group's numeral."""
ORDINAL_TAIL = re.compile(r"(?<=[\dIVXivx])-?(?:я|й|ая|ой|ей|ья)$")
"""The ordinal ending of a numeral («2-я группа», «III-й группы»): the numeral is before it."""
BRACKETS = re.compile(r"(?<=[IVXПШ])[\]\[}{]+$|^[\]\[}{]+(?=[IVXПШ])")
"""A bracket OCR read from a stroke beside a Roman numeral («Ш]» for «III»): not part of it."""
RULE_GLYPHS = frozenset({"|", "||", "|||", "l", "ll", "lll"})
"""What OCR reads from table rules and stamp rims: never a group on its own."""


FRAME_GLYPHS = frozenset({"I", "l"})
"""A cell's rule read as a letter: before an Arabic numeral («| Группа инвалидности I 3-я I»)
it is the table's frame, not the group «I» — a group is never printed as «I 3»."""
ARABIC = re.compile(r"[1-3](?:-?(?:я|й|ая|ой|ей|ья))?\.?")


def _frames_numeral(tokens: list[str], i: int) -> bool:
    """Token ``i`` is a rule glyph standing before an Arabic group numeral."""
    return (
        tokens[i] in FRAME_GLYPHS and i + 1 < len(tokens) and bool(ARABIC.fullmatch(tokens[i + 1]))
    )


def _numeral_after(text: str, pos: int) -> tuple[int, int, int] | None:
    """The numeral among the next three tokens («II», «3.» at a sentence's end)."""
    found = list(TOKEN.finditer(text, pos))[:4]
    tokens = [m.group() for m in found]
    for i, m in enumerate(found):
        if i >= 3:
            break
        token = m.group()
        if token in RULE_GLYPHS or _frames_numeral(tokens, i):
            continue
        if token.lower() in DATE_PREPOSITIONS:
            break  # «… третьей группы с 1 апреля 2026»: a date follows, not the group
        token = ORDINAL_TAIL.sub("", token)
        token = BRACKETS.sub("", token) or token
        value = roman_to_int(token.rstrip(".") if len(token) > 1 else token)
        if value is not None:
            return value, m.start(), m.start() + len(token.rstrip("."))
    return None


def _numeral_before(text: str, pos: int) -> tuple[int, int, int] | None:
    tokens = list(TOKEN.finditer(text[:pos]))
    if not tokens:
        return None
    m = tokens[-1]
    is_item_number = len(tokens) == 1 and m.group().endswith(".")
    value = roman_to_int(ORDINAL_TAIL.sub("", m.group()))
    return (value, m.start(), m.end()) if value is not None and not is_item_number else None


def read_group(text: str) -> tuple[int, int, int, float] | None:
    """(group, start, end, quality) from one line, or None.

    >>> read_group("Группа инвалидности: П (вторая)")[0]
    2
    >>> read_group("третья группа")[0]
    3
    >>> read_group("Группа инвалидности _1-я_")[0]
    1
    """
    text = text.translate(FILL_RULE)
    gm = GROUP_WORD.search(text)
    if gm is None or EXCLUDE.search(text) or printed_choice(text):
        return None  # a printed choice «I / II / III»: the marked one is read from the mark
    tail = text[gm.end() :]
    spelled = _spelled(tail) or _spelled(text[: gm.start()])
    numeral = _numeral_after(text, gm.end()) or _numeral_before(text, gm.start())
    if spelled and numeral:
        quality = 1.0 if spelled[0] == numeral[0] else 0.6
        start, end = min(spelled[1], numeral[1]), max(spelled[2], numeral[2])
        return spelled[0], start, end, quality
    found = spelled or numeral
    if found is None:
        return None
    return found[0], found[1], found[2], 0.9 if spelled else 0.85


def read_value(text: str) -> tuple[int, int, int, float] | None:
    """A group printed alone as a label's value: «II (вторая)», «вторая», «3».

    >>> read_value("II (вторая)")[0]
    2
    """
    text = text.translate(FILL_RULE)
    if EXCLUDE.search(text) or printed_choice(text):
        return None
    spelled = _spelled(text)
    numeral = _numeral_after(text, 0)
    if spelled and numeral:
        quality = 1.0 if spelled[0] == numeral[0] else 0.6
        return spelled[0], min(spelled[1], numeral[1]), max(spelled[2], numeral[2]), quality
    if spelled:
        return spelled[0], spelled[1], spelled[2], 0.9
    if numeral and numeral[1] < 3:
        return numeral[0], numeral[1], numeral[2], 0.85
    return None


GROUP_CAPTION = re.compile(r"(?:установлена\s+)?группа(?:\s+инвалидности)?", re.IGNORECASE)
"""The caption under the group's rule: «(группа)», «(группа инвалидности)», «(установлена
группа инвалидности)» (:mod:`mseflow.extractors.captions`)."""


def captioned_group(view: DocumentView) -> list[FieldValue]:
    """The group typed over its caption («III группа», «I (первая)», «2» over «(группа)»):
    the line right above the caption, read as a label's value."""
    out: list[FieldValue] = []
    for block in captioned_blocks(view, GROUP_CAPTION):
        tl = block[-1]
        found = read_value(tl.text) or read_group(tl.text)
        if found is None:
            continue
        value, a, b, quality = found
        out.append(FieldValue("disability_group", value, tl.evidence(a, b, quality), "next_line"))
    return out


LEADER = re.compile(r"(?:\.{2,}|…)[^:]*:\s*$")
"""A register printout's dot leader between the label and its value («ГРУППА ИНВАЛИДНОСТИ
..... уе еееекььиь я : 3»: OCR's scraps in it): the value is read after it, too far for
the numeral of the label's own line (:func:`read_group` looks three words on)."""


def extract_group(view: DocumentView) -> list[FieldValue]:
    """Lines that state a group: the labelled one, the captioned one, and the first other
    (prose) one."""
    out: list[FieldValue] = captioned_group(view)
    spots = find_values(view, "disability_group")
    labelled = {id(spot.line) for spot in spots if spot.line is spot.label_line}
    for spot in spots:
        before = spot.line.text[: spot.start]
        if GROUP_WORD.search(before) and spot.line is spot.label_line and not LEADER.search(before):
            continue  # «Группа инвалидности: II»: read with its line below
        found = read_value(spot.text)
        if found is not None:
            value, a, b, quality = found
            ev = spot.line.evidence(spot.start + a, spot.start + b, quality * spot.score)
            out.append(FieldValue("disability_group", value, ev, spot.method))
    prose = 0
    for tl in view.lines:
        found = read_group(tl.text)
        if found is None:
            continue
        value, start, end, quality = found
        method = "labelled_line" if id(tl) in labelled else "prose"
        if method == "prose":
            prose += 1
            if prose > 1:
                continue
        ev = tl.evidence(start, end, quality)
        out.append(FieldValue("disability_group", value, ev, method))
    return out


class GroupExtractor(Extractor):
    """Disability group I/II/III."""

    code = "group"
    keys = ("disability_group",)
    version = 11

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """Read the group from the first line that states it."""
        return extract_group(DocumentView(span.pages))
