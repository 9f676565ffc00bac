"""Names, round 11 (helper `fields10`): the bureau letter's «Гражданин(ка) ФИО, дата рождения …».

The letter states the 1031н facts in one paragraph; the name is the three words right before
«, дата рождения». OCR damages the word before it («Гражоаанка», «Грожооанин»), so «Гражданка
…» cannot find it: the name is read back from the clause, the shortest run first (never glued
to the damaged word). A two-word name there is not taken (the damaged word could pass for a
surname): null, not wrong.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.names import ocr_neighbour

from .pages import make_page

HEAD = ["СПРАВКА", "подтверждающая факт установления инвалидности", "Серия МСЭ-2024 № 4231849"]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        (
            "Гражоаанка Воронцова Злата Германовна, дата рождения 23.12.1976,",
            "Воронцова Злата Германовна",
        ),
        (
            "Грожооанин Сафонов Савелий Германович, дата рождения 12 мая 2001 года,",
            "Сафонов Савелий Германович",
        ),
        (
            "Гражданка Воронцова Злата Германовна, дата рождения 23.12.1976,",
            "Воронцова Злата Германовна",
        ),
        ("Гражоаанка Смит Анна, дата рождения 01.01.1990,", None),
    ],
)
def test_name_before_the_birth_clause(line: str, want: str | None) -> None:
    page = make_page(
        [*HEAD, line, "проживающая по адресу: г. Череповец, ул. Заречная"], source="ocr"
    )
    assert extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values["full_name"] == want


@pytest.mark.parametrize(
    ("word", "role", "want"),
    [
        ("Куорявцев", "Surn", "кудрявцев"),  # «д» read «о»: its descenders cut off
        ("Кудрявцев", "Surn", None),  # the name itself
        ("Одинцова", "Surn", None),  # a known name with «о» and «д» stays
    ],
)
def test_descender_lost_lookalike(word: str, role: str, want: str | None) -> None:
    assert ocr_neighbour(word, role) == want


def test_name_with_a_lost_descender_is_not_kept() -> None:
    lines = [*HEAD, "Выдана Куорявцев Роман Германович", "(фамилия, имя, отчество)"]
    page = make_page(lines, source="ocr")
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["full_name"] is None
