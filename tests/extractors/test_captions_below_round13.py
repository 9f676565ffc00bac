"""Round 13: a blank that prints each field's name small and unbracketed, centred under the
typed value («26.04.1987» over «дата рождения»), one row per field.

The 1031н certificate's blank captions its rules so («(наименование федерального
государственного учреждения медико-социальной экспертизы)», «(фамилия, имя, отчество)»);
some prints drop the brackets. The value is then the line above the caption, never the
line under it (the next field's value); a label printed flush with its value above it stays a
label.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.reading.page import Line, PageText, Word

from .pages import words_at

D = dt.date
LEFT = 40.0
WIDTH = 515.0


SMALL_W = 4.2
"""0.7 of the test pages' character width (6.0): small type."""


def _small_at(text: str, x: float, y: float) -> Line:
    words = []
    for token in text.split():
        w = SMALL_W * len(token)
        words.append(Word(token, (x, y, x + w, y + 8.4), 1.0))
        x += w + SMALL_W
    return Line(tuple(words))


def _small(text: str, y: float) -> Line:
    """A caption: small type, centred on the line."""
    return _small_at(text, LEFT + (WIDTH - SMALL_W * len(text)) / 2, y)


def _blank(rows: list[tuple[str, str]]) -> PageText:
    """Heading, then each (value, caption) pair: the value at the rule's left, its caption
    under it."""
    page = PageText(number=1, source="text_layer", width=595, height=842)
    y = 40.0
    for text in (
        "СПРАВКА",
        "подтверждающая факт установления инвалидности",
        "Серия МСЭ-2026 № 1055478",
    ):
        page.lines.append(Line(words_at(text, 200, y)))
        y += 20
    for value, caption in rows:
        page.lines.append(Line(words_at(value, LEFT + 4, y)))
        page.lines.append(_small(caption, y + 14))
        y += 30
    return page


ROWS = [
    ("Горбунов Эдуард Витальевич", "(фамилия, имя, отчество)"),
    ("26.04.1987", "дата рождения"),
    ("01.06.2026", "дата установления инвалидности"),
    ("III (третья)", "группа инвалидности"),
    ("общее заболевание", "причина инвалидности"),
    ("до 01.07.2027", "срок, на который установлена инвалидность"),
    ("06.06.2027", "дата очередного освидетельствования"),
    ("04.06.2026", "дата выдачи справки"),
]
WANT = {
    "full_name": "Горбунов Эдуард Витальевич",
    "birth_date": D(1987, 4, 26),
    "established_date": D(2026, 6, 1),
    "disability_group": 3,
    "disability_cause": "general_disease",
    "valid_until": D(2027, 7, 1),
    "reexamination_date": D(2027, 6, 6),
    "issue_date": D(2026, 6, 4),
}


def _values(page: PageText) -> dict[str, Any]:
    return extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values


@pytest.mark.parametrize("key", sorted(WANT))
def test_value_above_its_small_caption(key: str) -> None:
    assert _values(_blank(ROWS))[key] == WANT[key]


def test_upper_case_captions() -> None:
    rows = [(v, c.upper() if not c.startswith("(") else c) for v, c in ROWS]
    values = _values(_blank(rows))
    assert {k: values[k] for k in WANT} == WANT


def test_value_under_the_caption_is_not_its() -> None:
    """The term's caption sits over the re-examination date: that date is not the term."""
    page = _blank([r for r in ROWS if not r[1].startswith("срок")])
    # the term's caption printed with no value above it, right under the cause's caption
    y = page.lines[-1].bbox[3] + 14
    page.lines.append(_small("срок, на который установлена инвалидность", y))
    page.lines.append(Line(words_at("06.06.2027", LEFT + 4, y + 16)))
    assert _values(page)["valid_until"] is None


def test_labels_flush_with_their_values_stay_labels() -> None:
    """The same wordings printed in small type flush left over their values: labels."""
    page = PageText(number=1, source="text_layer", width=595, height=842)
    y = 40.0
    page.lines.append(
        Line(words_at("СПРАВКА, подтверждающая факт установления инвалидности", 100, y))
    )
    for caption, value in (
        ("дата установления инвалидности", "01.06.2026"),
        ("дата очередного освидетельствования", "06.06.2027"),
        ("дата выдачи справки", "04.06.2026"),
    ):
        y += 20
        page.lines.append(_small_at(caption, LEFT, y))
        y += 14
        page.lines.append(Line(words_at(value, LEFT, y)))
    values = _values(page)
    assert (values["established_date"], values["reexamination_date"], values["issue_date"]) == (
        D(2026, 6, 1),
        D(2027, 6, 6),
        D(2026, 6, 4),
    )


def test_indefinite_above_the_term_caption() -> None:
    rows = [(v if not c.startswith("срок") else "бессрочно", c) for v, c in ROWS]
    values = _values(_blank(rows))
    assert (values["indefinite"], values["valid_until"]) == (True, None)
