"""СНИЛС (IPRA point 13 «Страховой номер индивидуального лицевого счета»), «123-456-789 01».

Kept only when its check number holds (Pension Fund rule: the digits weighted 9…1,
the sum below 100 is the check, 100 and 101 give 00, above that the sum mod 101,
where 100 again gives 00); numbers up to 001-001-998 carry no check and are taken as
printed. A number that fails the check is null, never a guess.
"""

from __future__ import annotations

import re

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan, Extractor, FieldValue
from mseflow.extractors.keyvalue import find_values
from mseflow.extractors.layout import DocumentView, TextLine

SNILS = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{3})[\s-]{0,2}(\d{2})(?!\d)")


UNCHECKED_MAX = 1001998
"""Numbers up to 001-001-998 were issued before the check number was introduced."""


def snils_check(digits: str) -> int:
    """The check number of the first nine digits.

    >>> snils_check("112233445")
    95
    """
    total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1), strict=True))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest == 100 else rest


def valid_snils(text: str) -> str | None:
    """``text`` as «123-456-789 01» when it is a СНИЛС whose check holds, else None.

    >>> valid_snils("112-233-445 95")
    '112-233-445 95'
    >>> valid_snils("112-233-445 96") is None
    True
    """
    m = SNILS.search(text)
    if m is None:
        return None
    digits = "".join(m.groups())
    if int(digits[:9]) > UNCHECKED_MAX and snils_check(digits) != int(digits[9:]):
        return None
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


STRICT = re.compile(r"(?<![\d-])\d{3}-\d{3}-\d{3}[ -]\d{2}(?![\d-])")
"""The printed shape «123-456-789 01»: no other number of these forms is written so."""
LABEL_WORDS = re.compile(r"снилс|страхов\w*\s+номер|лицев\w*\s+сч", re.IGNORECASE)
"""Parts of the label; a label split around its value («Страховой номер 123-… / индивидуального …»)."""
NEXT_LINES = 2
"""Lines under a label whose own line holds only a hint («… счета (СНИЛС):» / «120-396-350 30»)."""
UNLABELLED = 0.75
"""Confidence kept by a checked number in the printed shape with no label near it."""


CHECKED = 0.8
"""Least confidence of a number whose check number holds, times its label's quality: OCR's
doubt about the digits (a dot screen, a faint fax) says little once the check agrees — one
misread digit always breaks it (it moves the weighted sum by 1–81, never by a multiple of
101), two break it but for about one case in a hundred."""


def _checked(tl: TextLine, start: int, quality: float, method: str) -> list[FieldValue]:
    m = SNILS.search(tl.text, start)
    value = valid_snils(m.group()) if m is not None else None
    if m is None or value is None:
        return []
    ev = tl.evidence(m.start(), m.end(), quality)
    if int(re.sub(r"\D", "", value)[:9]) > UNCHECKED_MAX:
        ev.confidence = round(max(ev.confidence, CHECKED * min(1.0, quality)), 3)
    return [FieldValue("snils", value, ev, method)]


def snils_candidates(view: DocumentView) -> list[FieldValue]:
    """Checked numbers by the label (same line, next cell, the lines under it), and unlabelled."""
    out: list[FieldValue] = []
    for spot in find_values(view, "snils"):
        found = _checked(spot.line, spot.start, spot.score, spot.method)
        line: TextLine | None = spot.line
        for _ in range(NEXT_LINES if not found else 0):
            line = view.next_line(line) if line is not None else None
            if line is None or (found := _checked(line, 0, spot.score * 0.95, "next_line")):
                break
        out.extend(found)
    for tl in view.lines:
        if LABEL_WORDS.search(tl.text):
            out.extend(_checked(tl, 0, 0.95, "labelled_line"))
        elif STRICT.search(tl.text):
            m = STRICT.search(tl.text)
            out.extend(_checked(tl, m.start() if m else 0, UNLABELLED, "prose"))
    return out


class SnilsExtractor(Extractor):
    """СНИЛС by its label (IPRA point 13, printouts)."""

    code = "snils"
    keys = ("snils",)
    version = 3
    doc_types = frozenset({DocType.mse_certificate, DocType.ipra})

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """The checked number after «СНИЛС» / «Страховой номер …», or printed in its shape."""
        return snils_candidates(DocumentView(span.pages))
