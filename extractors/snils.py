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
from mseflow.extractors.layout import DocumentView

SNILS = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{3})[\s-]{0,2}(\d{2})(?!\d)")


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
    if int(digits[:9]) > 1001998 and snils_check(digits) != int(digits[9:]):
        return None
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


class SnilsExtractor(Extractor):
    """СНИЛС by its label (IPRA point 13, printouts)."""

    code = "snils"
    keys = ("snils",)
    version = 1
    doc_types = frozenset({DocType.mse_certificate, DocType.ipra})

    def extract(self, span: DocumentSpan) -> list[FieldValue]:
        """The checked number after «СНИЛС» / «Страховой номер …»."""
        out = []
        for spot in find_values(DocumentView(span.pages), "snils"):
            m = SNILS.search(spot.line.text, spot.start)
            if m is None:
                continue
            value = valid_snils(m.group())
            if value is not None:
                ev = spot.line.evidence(m.start(), m.end(), spot.score)
                out.append(FieldValue("snils", value, ev, spot.method))
        return out
