"""Values named by the caption printed under their rule («III группа» over «(группа)»).

Basis: blank forms print the field's name in small type in brackets under the line to fill
in — Order 1031н prints «(фамилия, имя, отчество)» under «Выдана», and the bureau's
certificate and extract blanks print «(группа инвалидности)», «(установлена группа
инвалидности)» and «(причина установления инвалидности)» under the typed value (the same
convention :func:`mseflow.extractors.term_lines.captioned_dates` reads for dates). The value
is the block of lines between the caption and the one above it: no label precedes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mseflow.extractors.keyvalue import is_label_line, small_captions
from mseflow.extractors.layout import DocumentView, TextLine

CAPTION = re.compile(r"^\s*[\(\[{]\s*(?P<what>[^()\[\]{}]{3,80}?)\s*[\)\]}]\s*\.?\s*$")
"""A line that is only a bracketed caption «(…)»."""
ANY_CAPTION = re.compile(r"^\s*[\(\[{][^()\[\]{}]{3,120}[\)\]}]\s*\.?\s*$")
MAX_BLOCK = 3
"""Lines a captioned value may wrap onto (the longest cause wordings of п. 14 take three)."""
MAX_GAP = 2.5
"""How far (in caption line heights) the value's last line may sit above its caption."""


def is_caption(text: str) -> bool:
    """A line holding only a bracketed caption («(адрес)», «(нужное подчеркнуть)»)."""
    return ANY_CAPTION.match(text) is not None


def caption_text(view: DocumentView, tl: TextLine) -> str:
    """The line as a bracketed caption when the blank prints its captions small and unbracketed
    under the values («дата выдачи справки» under «04.06.2026»,
    :func:`mseflow.extractors.keyvalue.small_captions`); else the line as read."""
    return f"({tl.text.strip()})" if id(tl) in small_captions(view) else tl.text


def captioned_blocks(view: DocumentView, what: re.Pattern[str]) -> Iterator[list[TextLine]]:
    """For each caption line whose bracketed text matches ``what`` (fully), the lines of the
    value above it, top first: the lines since the previous caption or label, at most
    :data:`MAX_BLOCK`, on the caption's page, none starting right of the caption."""
    lines = view.lines
    for i, tl in enumerate(lines):
        m = CAPTION.match(caption_text(view, tl))
        if m is None or what.fullmatch(" ".join(m.group("what").split())) is None:
            continue
        block: list[TextLine] = []
        below = tl
        for other in reversed(lines[max(0, i - MAX_BLOCK) : i]):
            if (
                other.page is not tl.page
                or is_caption(caption_text(view, other))
                or is_label_line(other)
            ):
                break
            height = max(1.0, below.bbox[3] - below.bbox[1])
            if below.bbox[1] - other.bbox[3] > MAX_GAP * height:
                break
            if other.bbox[0] > tl.bbox[2]:
                break  # starts right of the caption: another column's (a value is typed
                # from the rule's left end, its caption centred under the rule)
            block.insert(0, other)
            below = other
        if block:
            yield block
