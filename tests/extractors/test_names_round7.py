"""Names and birth dates an HR officer can trust: round 7 (issue #10).

One row per real wording, layout or OCR fault, on hand-written synthetic lines. A word may
carry its OCR confidence as ``word@0.55`` (others: 0.93 on OCR pages, 1.0 on a text layer).
Rows whose expected value is ``None`` must give no value: a wrong name or date is worse
than a null (the candidates stay in the record for review).

Sources of the wordings: Order 1031н Appendix 1 (certificate: «Выдана …» with the name in
the dative, the blank's «(фамилия, имя, отчество (при наличии))», «Дата рождения»),
Order 486н Appendix 2 (IPRA: point 2 «Фамилия, имя, отчество (при наличии)», point 3
«Дата рождения», point 4 «Возраст (число полных лет)»), the register printout's one row
per part of the name. Russian spelling (Правила русской орфографии и пунктуации, 1956,
§ 80–81): «ъ» stands only before «е, ё, ю, я»; a patronymic ends in -ович/-евич/-ич or
-овна/-евна/-ична/-инична (or is the particle «оглы»/«кызы» after the father's name).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.names import (
    cut_patronymic,
    disagrees,
    fix_hard_sign,
    ocr_neighbour,
)
from mseflow.reading.page import Line, PageSource, PageText, Word

CHAR_W = 6.0
LINE_H = 20.0
LEFT = 40.0

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2021 № 1234567"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида,",
    "выдаваемая федеральными государственными учреждениями медико-социальной экспертизы",
    "ИПРА инвалида № 123.4.56/2024 к протоколу проведения медико-социальной",
    "экспертизы гражданина № 99.1.2/2024 от 01.02.2024",
]


def _page(lines: list[str], source: PageSource) -> PageText:
    """``lines`` top to bottom; ``word@0.55`` sets one word's OCR confidence."""
    default = 0.93 if source == "ocr" else 1.0
    page = PageText(number=1, source=source, width=595, height=842)
    for i, text in enumerate(lines):
        x, y, words = LEFT, 40 + i * LINE_H, []
        for token in text.split():
            word, _, conf = token.partition("@") if "@" in token[1:] else (token, "", "")
            width = CHAR_W * len(word)
            words.append(Word(word, (x, y, x + width, y + 12), float(conf) if conf else default))
            x += width + CHAR_W
        if words:
            page.lines.append(Line(tuple(words)))
    return page


def _values(lines: list[str], source: PageSource, doc_type: DocType) -> dict[str, Any]:
    head = CERT if doc_type == DocType.mse_certificate else IPRA
    return extract_fields(DocumentSpan(doc_type, [_page(head + lines, source)])).values


C, I = DocType.mse_certificate, DocType.ipra  # noqa: E741

NAMES = [
    # the real places of a name, read as printed
    pytest.param(["2. Фамилия, имя, отчество (при наличии): Хабибуллин Фёдор Ринатович"], "ocr", I, "Хабибуллин Фёдор Ринатович", id="labelled-line"),
    pytest.param(["2. Фамилия, имя, отчество (при наличии):", "Соловьёва Мария Ивановна", "3. Дата рождения: 04.03.1963"], "text_layer", I, "Соловьёва Мария Ивановна", id="next-line"),
    pytest.param(["Фамилия Поляков", "Имя Азат", "Отчество (при наличии) Андреевич"], "text_layer", I, "Поляков Азат Андреевич", id="register-rows-table-cells"),
    pytest.param(["Фамилия Калинин", "и\"@0.2", "Имя Егор@0.56", "` Отчество Николаевич"], "ocr", I, "Калинин Егор Николаевич", id="register-rows-ocr-litter-line-between"),
    pytest.param(["Выдана Соболеву Артему Маратовичу", "(фамилия, имя, отчество (при наличии))"], "ocr", C, "Соболев Артем Маратович", id="vydana-dative-to-nominative"),
    pytest.param(["Выдана гражданке Ивановой Марии Петровне, родившейся 03.11.1975, в том, что"], "text_layer", C, "Иванова Мария Петровна", id="prose-dative-woman"),
    pytest.param(["ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО: ЛЕБЕДЕВА-ПЕТРОВА АННА ОЛЕГОВНА"], "ocr", I, "ЛЕБЕДЕВА-ПЕТРОВА АННА ОЛЕГОВНА", id="upper-case-hyphenated"),
    pytest.param(["1. Фамилия, имя, отчество Гвелесиани Богдан Никитич"], "ocr", I, "Гвелесиани Богдан Никитич", id="non-slavic-surname-no-lookalike"),
    pytest.param(["1. Фамилия, имя, отчество Оганесян Асель Гавриловна"], "ocr", I, "Оганесян Асель Гавриловна", id="non-slavic-first-name-outside-dictionary"),
    pytest.param(["1. Фамилия, имя, отчество Алиев Рашид Гейдар оглы"], "ocr", I, "Алиев Рашид Гейдар оглы", id="particle-oglu-instead-of-a-patronymic"),
    pytest.param(["1. Фамилия, имя, отчество Шульц Ирма"], "ocr", I, "Шульц Ирма", id="no-patronymic"),
    pytest.param(["1. Фамилия, имя, отчество ПУГАЧЕВА ЗАРИНА СЕМЕНОВНА"], "ocr", I, "ПУГАЧЕВА ЗАРИНА СЕМЕНОВНА", id="first-name-outside-dictionary-near-a-surname"),
    # ё and е: printed as read, a «ё» never invented
    pytest.param(["1. Фамилия, имя, отчество Огородников Мирон Семенович"], "text_layer", I, "Огородников Мирон Семенович", id="printed-e-stays-e"),
    pytest.param(["1. Фамилия, имя, отчество КОРОЛЁВ АРТЁМ СЕМЁНОВИЧ"], "ocr", C, "КОРОЛЁВ АРТЁМ СЕМЁНОВИЧ", id="printed-yo-stays-yo"),
    pytest.param(["2. Фамилия, имя, отчество (при наличии): Полякова Дарья Семеновна", "3. Дата рождения: 04.04.1987", "Программа выдана ПОЛЯКОВОЙ ДАРЬЕ СЕМЁНОВНЕ"], "ocr", I, "Полякова Дарья Семёновна", id="yo-read-in-another-place-of-the-document"),
    # OCR faults put right by spelling alone
    pytest.param(["1. Фамилия, имя, отчество Цой Денис Илъич"], "ocr", I, "Цой Денис Ильич", id="ocr-hard-sign-for-soft-sign"),
    pytest.param(["1. Фамилия, имя, отчество ПОДЪЯЧЕВ ДЕНИС ИЛЬИЧ"], "ocr", I, "ПОДЪЯЧЕВ ДЕНИС ИЛЬИЧ", id="real-hard-sign-kept"),
    pytest.param(["1. Фамилия, имя, отчество ПУГА@0.9 ЧЕВА@0.57 ЗАРИНА СЕМЕНОВНА"], "ocr", I, "ПУГАЧЕВА ЗАРИНА СЕМЕНОВНА", id="ocr-split-capital-surname-glued"),
    # damaged or cut names: null, never a wrong name
    pytest.param(["2. Фамилия, имя, отчество (при ПОЛЯКОВА ВЕРА ВИКТ РОВНА"], "ocr", I, None, id="null-cut-patronymic-ocr"),
    pytest.param(["2. Фамилия, имя, отчество: Полякова Вера Викт"], "text_layer", I, None, id="null-cut-patronymic-text-layer"),
    pytest.param(["2. Фамилия, имя, отчество (при наличии): ЛЕБЕЛЕВ НИКИТА МАРАТОВИЧ"], "ocr", I, None, id="null-ocr-lookalike-of-a-known-surname"),
    pytest.param(["1. Фамилия, имя, отчество Шульи Ирма"], "ocr", I, None, id="null-ocr-ts-read-as-i"),
    pytest.param(["2. Фамилия, имя, отчество (при наличии): Лебелев Никита Маратович"], "text_layer", I, "Лебелев Никита Маратович", id="text-layer-rare-surname-kept"),
    pytest.param(["1. Фамилия, имя, отчество: Соболевой Галина Рустамовне"], "ocr", I, None, id="null-cases-disagree"),
    pytest.param(["1. Фамилия, имя, отчество: Полякова Денис Ильич"], "ocr", I, None, id="null-genders-disagree"),
    # several readings of one name: the whole, dictionary-backed one wins
    pytest.param(["2. Фамилия, имя, отчество (при наличии): ЛЕБЕЛЕВ НИКИТА МАРАТОВИЧ", "3. Дата рождения: 2007-04-07", "Программа выдана Лебедеву Никите Маратовичу"], "ocr", I, "Лебедев Никита Маратович", id="second-reading-outweighs-a-lookalike"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "doc_type", "expected"), NAMES)
def test_names(
    lines: list[str], source: PageSource, doc_type: DocType, expected: str | None
) -> None:
    assert _values(lines, source, doc_type)["full_name"] == expected


def test_null_name_keeps_its_candidate_in_evidence() -> None:
    page = _page(IPRA + ["2. Фамилия, имя, отчество: ЛЕБЕЛЕВ НИКИТА МАРАТОВИЧ"], "ocr")
    got = extract_fields(DocumentSpan(I, [page]))
    assert got.values["full_name"] is None
    assert [c.value for c in got.candidates["full_name"]] == ["ЛЕБЕЛЕВ НИКИТА МАРАТОВИЧ"]


BIRTHS = [
    pytest.param(["3. Дата рождения: 1986-01-25@0.15", "4. Возраст (число полных лет): 38"], None, id="null-ocr-hardly-saw-it-age-tells-only-the-year"),
    pytest.param(["3. Дата рождения: 1986-01-25", "4. Возраст (число полных лет): 38"], dt.date(1986, 1, 25), id="clear-date-age-agrees"),
    pytest.param(["3. Дата рождения: 1986-01-25@0.5", "4. Возраст (число полных лет): 38"], dt.date(1986, 1, 25), id="half-sure-date-age-confirms"),
    pytest.param(["3. Дата рождения: 1976-01-25@0.8", "4. Возраст (число полных лет): 38"], None, id="null-age-contradicts"),
    pytest.param(["3. Дата рождения: 2005-08-21@0.15"], None, id="null-doubtful-date-no-age"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), BIRTHS)
def test_birth_dates(lines: list[str], expected: dt.date | None) -> None:
    assert _values(lines, "ocr", I)["birth_date"] == expected


UNITS = [
    pytest.param(fix_hard_sign, ("Илъич",), "Ильич", id="hard-sign-before-a-vowel-other-than-e-yo-yu-ya"),
    pytest.param(fix_hard_sign, ("ОБЪЕДКОВ",), "ОБЪЕДКОВ", id="hard-sign-before-e"),
    pytest.param(ocr_neighbour, ("ЛЕБЕЛЕВ", "Surn"), "лебедев", id="neighbour-d-for-l"),
    pytest.param(ocr_neighbour, ("Шульи", "Surn"), "шульц", id="neighbour-ts-for-i"),
    pytest.param(ocr_neighbour, ("Лебедев", "Surn"), None, id="known-word-has-no-neighbour"),
    pytest.param(ocr_neighbour, ("Зарина", "Name"), None, id="neighbour-only-in-its-role"),
    pytest.param(cut_patronymic, ("ВИКТ",), True, id="cut-vikt"),
    pytest.param(cut_patronymic, ("Маратови",), True, id="cut-last-letter"),
    pytest.param(cut_patronymic, ("Маратович",), False, id="whole-patronymic"),
    pytest.param(cut_patronymic, ("Инична",), False, id="ends-like-a-patronymic"),
    pytest.param(disagrees, (["Соболева", "Галина", "Рустамовне"],), True, id="oblique-patronymic-left"),
    pytest.param(disagrees, (["Полякова", "Вера", "Ильич"],), True, id="woman-man-patronymic"),
    pytest.param(disagrees, (["Поляков", "Вера", "Ильинична"],), True, id="man-surname-woman"),
    pytest.param(disagrees, (["Оганесян", "Асель", "Гавриловна"],), False, id="unknown-first-name-no-gender-guess"),
    pytest.param(disagrees, (["Долгих", "Таисия", "Петровна"],), False, id="indeclinable-surname"),
    pytest.param(disagrees, (["Никитин", "Никита", "Ильич"],), False, id="masculine-first-name-in-a"),
]  # fmt: skip


@pytest.mark.parametrize(("func", "args", "expected"), UNITS)
def test_name_checks(func: Any, args: tuple[Any, ...], expected: Any) -> None:
    assert func(*args) == expected
