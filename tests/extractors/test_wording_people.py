"""Names, dates of birth, СНИЛС and document types as scans, faxes and photos print them.

One row per real wording, layout or OCR fault, on hand-written synthetic lines: the
blank 1031н certificate's «Выдана (фамилия, имя, отчество (при наличии) гражданина)»
with its hint wrapped or cut, a value cell that wraps, a label cell that wraps around
its value («Фамилия, имя, / отчество (при / наличии)»), litter and lone dashes in a
double surname, names in the dative outside pymorphy3's dictionary, another cell's
date after a damaged birth label, the СНИЛС under or inside a split label, a title
quoted by a sentence, and fax litter above the title. Rows marked ``null`` must give
no value: a wrong one is worse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.classify import split_documents
from mseflow.extractors.names import reads_like_a_name, to_nominative
from mseflow.extractors.numbers import names_the_protocol
from mseflow.extractors.snils import snils_check
from mseflow.reading.page import Line, PageText, Word

from .pages import make_page

CERT = ["Справка, подтверждающая факт установления инвалидности", "Серия МСЭ-2021 № 1234567"]
IPRA = [
    "Индивидуальная программа реабилитации или абилитации инвалида,",
    "выдаваемая федеральными государственными учреждениями медико-социальной экспертизы",
    "ИПРА инвалида № 123.4.56/2024 к протоколу проведения",
]


def _values(
    lines: list[str], source: str = "text_layer", doc_type: DocType = DocType.mse_certificate
) -> dict[str, Any]:
    head = CERT if doc_type == DocType.mse_certificate else IPRA
    page = make_page(head + lines, source=source, confidence=0.93)  # type: ignore[arg-type]
    return extract_fields(DocumentSpan(doc_type, [page])).values


def _snils(first9: str) -> str:
    """A СНИЛС whose check number holds, printed «123-456-789 01»."""
    check = snils_check(first9)
    return f"{first9[:3]}-{first9[3:6]}-{first9[6:]} {check:02d}"


NOMINATIVE = [
    pytest.param(["ОГАНЕСЯН", "ГЮЛЬНАРЕ"], ["ОГАНЕСЯН", "ГЮЛЬНАРА"], id="first-name-outside-dictionary-woman-indeclinable-surname"),
    pytest.param(["Заозёрской", "Инге", "Олеговне"], ["Заозёрская", "Инга", "Олеговна"], id="adjectival-surname-dative-yo"),
    pytest.param(["Ласточкиной", "Софье", "Ильиничне"], ["Ласточкина", "Софья", "Ильинична"], id="possessive-surname-dative"),
    pytest.param(["Лёвушкиной", "Анне"], ["Лёвушкина", "Анна"], id="anna-is-not-the-indeclinable-reading"),
    pytest.param(["Долгих", "Тимофею", "Геннадьевичу"], ["Долгих", "Тимофей", "Геннадьевич"], id="indeclinable-surname-man"),
    pytest.param(["Лёвушкину-Заозёрскому", "Юрию", "Игоревичу"], ["Лёвушкин-Заозёрский", "Юрий", "Игоревич"], id="double-surname-man-dative"),
    pytest.param(["Ветлугиной-Ласточкиной", "Юлии", "Николаевне"], ["Ветлугина-Ласточкина", "Юлия", "Николаевна"], id="double-surname-woman-dative"),
    pytest.param(["Сыромятниковой", "Ксении", "Николаевны"], ["Сыромятникова", "Ксения", "Николаевна"], id="genitive-woman"),
    pytest.param(["Эйхману", "Давиду"], ["Эйхман", "Давид"], id="non-slavic-man-dative"),
    pytest.param(["Ким", "Лан"], ["Ким", "Лан"], id="no-plural-reading-of-a-name"),
    pytest.param(["Нагорному", "Никите", "Гордеевичу"], ["Нагорный", "Никита", "Гордеевич"], id="adjectival-surname-man-dative-dictionary-ending"),
    pytest.param(["Федосееву-Нагорному", "Никите", "Гордеевичу"], ["Федосеев-Нагорный", "Никита", "Гордеевич"], id="double-surname-adjectival-part"),
    pytest.param(["Береговому-Водкину", "Артёму", "Фомичу"], ["Береговой-Водкин", "Артём", "Фомич"], id="double-surname-stressed-adjectival-first-part"),
    pytest.param(["Толстому", "Льву", "Николаевичу"], ["Толстой", "Лев", "Николаевич"], id="surname-reading-before-the-adjective"),
    pytest.param(["Заречной", "Серафиме", "Ринатовне"], ["Заречная", "Серафима", "Ринатовна"], id="adjectival-surname-woman-dative"),
    pytest.param(["Ли", "Гульнаре", "Ефимовне"], ["Ли", "Гульнара", "Ефимовна"], id="two-letter-indeclinable-surname"),
]  # fmt: skip


@pytest.mark.parametrize(("words", "expected"), NOMINATIVE)
def test_to_nominative(words: list[str], expected: list[str]) -> None:
    got, sure = to_nominative(words)
    assert got == expected
    assert sure >= 0.8


UNSURE_NOMINATIVE = [
    pytest.param(["Кривонудному", "Никите", "Гордеевичу"], id="adjectival-surname-man-dative-outside-dictionary"),
    pytest.param(["Федосееву-Кривонудному", "Никите", "Гордеевичу"], id="double-surname-unknown-adjectival-part"),
    pytest.param(["БЕРЕГОВОЙ", "ДАРЬЕ", "ЕФИМОВНЕ"], id="woman-beregova-or-beregovaya"),
    pytest.param(["Береговой-Водкиной", "Дарье", "Тихоновне"], id="double-surname-woman-ambiguous-part"),
]  # fmt: skip


@pytest.mark.parametrize("words", UNSURE_NOMINATIVE)
def test_to_nominative_does_not_guess_adjectival_surnames(words: list[str]) -> None:
    """«Кривонудному» is Кривонудный or Кривонудной, and no dictionary says which;
    «Береговой» (a woman's, dative) is Берегова or Береговая: too unsure for a value."""
    _, sure = to_nominative(words)
    assert sure < 0.55


NOT_NAMES = [
    pytest.param(["Общее", "Заболевание"], False, id="cause"),
    pytest.param(["РОССИЙСКАЯ", "ФЕДЕРАЦИЯ"], False, id="citizenship-upper"),
    pytest.param(["Главное", "Бюро"], False, id="issuer-words"),
    pytest.param(["Долгих", "Тимофей", "Геннадьевич"], True, id="adjective-surname-is-a-name"),
    pytest.param(["Мухортов", "Олег"], True, id="unknown-surname"),
    pytest.param(["Белая", "Вера"], True, id="common-words-that-are-names"),
]  # fmt: skip


@pytest.mark.parametrize(("words", "expected"), NOT_NAMES)
def test_reads_like_a_name(words: list[str], expected: bool) -> None:
    assert reads_like_a_name(words) is expected


NAMES = [
    pytest.param(["Выдана (фамилия, имя, отчество (при наличии) гражданина):", "ОГАНЕСЯН ГЮЛЬНАРЕ", "Дата рождения:"], "ocr", "ОГАНЕСЯН ГЮЛЬНАРА", id="vydana-hint-then-name-under-it-dative"),
    pytest.param(["ВЫДАНА (ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО (ПРИ НАЛИЧИИ) ГРАЖДАНИНА): Черных Любови", "Андреевне", "ДАТА РОЖДЕНИЯ: 25.7.1988 г."], "ocr", "Черных Любовь Андреевна", id="value-wraps-patronymic-on-next-line"),
    pytest.param(["Выдана (фамилия, Сухановой Любови Петровне", "имя, отчество (при", "наличии)", "гражданина)"], "ocr", "Суханова Любовь Петровна", id="hint-cut-by-the-value-cell"),
    pytest.param(["й _|Выдана (фамилия, имя, у СЫРОМЯТНИКОВОЙ | \"НАТАЛЬЕ ®ВАСИЛЬЕВНЕ I", "‘отчество (при наличии) |"], "ocr", "СЫРОМЯТНИКОВА НАТАЛЬЯ ВАСИЛЬЕВНА", id="fax-litter-between-name-words"),
    pytest.param(["_ ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО [ПРИ НАЛИЧИИ ВЕТЛУГИНА _ - ЛАСТОЧКИНА ЮЛИЯ НИКОЛАЕВНА`"], "ocr", "ВЕТЛУГИНА-ЛАСТОЧКИНА ЮЛИЯ НИКОЛАЕВНА", id="lone-dash-in-double-surname-broken-bracket"),
    pytest.param(["Фамилия, имя, Лёвушкин Никита Фомич Причина заболевание получено", "отчество (при установления", "наличии) инвалидности"], "text_layer", "Лёвушкин Никита Фомич", id="label-cell-wraps-around-the-value"),
    pytest.param(["Фамилия, имя, — ВЕРХОЗИНСКАЯ АННА ОЛЕГОВНА Причина инвалид с детства", "отчество (при инвалидности"], "ocr", "ВЕРХОЗИНСКАЯ АННА ОЛЕГОВНА", id="label-cell-wraps-dash-before-value"),
    pytest.param(["Выдана Заозёрской Инге Олеговне, родившейся 07.08.1979г., в том, что ей"], "ocr", "Заозёрская Инга Олеговна", id="vydana-prose-adjectival-surname"),
    pytest.param(["Выдана (фамилия, имя, отчество (при наличии) гражданина) Эйхману Давиду Число, месяц, год рождения"], "ocr", "Эйхман Давид", id="next-label-word-ends-the-name"),
    pytest.param(["—— Выдана `Ласточкиной Софье Ильиничне установления"], "ocr", "Ласточкина Софья Ильинична", id="photo-quote-before-dative-name"),
    pytest.param(["Фамилия, имя, и отчество (при наличии):", "|", "полозков ОЛЕГ ВИКТОРОВИЧ"], "ocr", "ПОЛОЗКОВ ОЛЕГ ВИКТОРОВИЧ", id="surname-lost-its-capital-under-a-litter-line"),
    pytest.param(["Фамилия, имя, отчество (при наличии): ОЛЕГ ВИКТОРОВИЧ"], "ocr", None, id="null-surname-lost"),
    pytest.param(["| Программа выдана на имя Давида.", "‚ Фамилия, имя, отчество: Шмидт Давид"], "ocr", "Шмидт Давид", id="no-wrap-into-the-next-label-line"),
    pytest.param(["Фамилия, имя, отчество (при наличии): ОБЩЕЕ ЗАБОЛЕВАНИЕ"], "ocr", None, id="null-form-words-in-capitals"),
    pytest.param(["Выдана Гребен щиковой Любови Фоминичне, что ей"], "ocr", "Гребенщикова Любовь Фоминична", id="ocr-space-inside-the-surname"),
    pytest.param(["Фамилия, имя, отчество: Петров сведения отсутствуют"], "ocr", None, id="null-plain-word-is-no-surname-tail"),
    pytest.param(["ФАМИЛИЯ, ИМЯ, ОТЧЕСТВО: _ Тихомирова. Ульяна дрсеньевна"], "ocr", None, id="null-cut-at-a-damaged-patronymic"),
    pytest.param(["Вылана", "Пак-Алёхина Эльвира Семёновна", "(фамилия, имя, отчество (при наличии))", "Дата рождения"], "ocr", "Пак-Алёхина Эльвира Семёновна", id="name-above-its-hint"),
    pytest.param(["Выдана", "Королёвой Айгуль Саввичне", "(фамилия, имя, отчество (при наличии))"], "text_layer", "Королёва Айгуль Саввична", id="dative-above-its-hint-patronymic-by-rule"),
    pytest.param(["Выдана (фамилия, имя, отчество (при наличии) гражданина):", "РОССИЙСКАЯ ФЕДЕРАЦИЯ"], "ocr", None, id="null-citizenship-under-the-hint"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "source", "expected"), NAMES)
def test_names(lines: list[str], source: str, expected: str | None) -> None:
    assert _values(lines, source)["full_name"] == expected


def _two_cells(rows: list[tuple[str, str]]) -> PageText:
    """OCR lines of a two-column table: the label cell at x=100, the value cell at x=900."""
    page = PageText(number=1, source="ocr", width=2480, height=3508)
    for y, text in enumerate(CERT):
        page.lines.append(_line(text, 100.0, 100.0 + 50 * y))
    for i, (label, value) in enumerate(rows):
        y = 300.0 + 50 * i
        words = list(_line(label, 100.0, y).words) + list(_line(value, 900.0, y).words)
        page.lines.append(Line(tuple(w for w in words if w.text)))
    return page


def _line(text: str, x: float, y: float) -> Line:
    words = []
    for token in text.split():
        words.append(Word(token, (x, y, x + 20 * len(token), y + 36), 0.9))
        x += 20 * len(token) + 20
    return Line(tuple(words))


def test_value_cell_wraps_onto_the_next_line() -> None:
    """«Выдана (фамилия, имя, | Дзагоевой» / «отчество (при наличии) Марии Фоминичне»."""
    page = _two_cells(
        [
            ("I Выдана (фамилия, имя,", "Дзагоевой"),
            ("отчество (при наличии)", "Марии Фоминичне"),
            ("Гражданина)", ""),
        ]
    )
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["full_name"] == "Дзагоева Мария Фоминична"


BIRTHS = [
    pytest.param(["Число, месяц, 17.11.1977 установлена (дата)", "д рождения Срок, до которого 01.09.2027"], dt.date(1977, 11, 17), id="label-cell-wraps-around-the-date"),
    pytest.param(["Дата рождения: Срок, до которого 01.09.2020"], None, id="null-another-cells-date"),
    pytest.param(["Число, месяц, год 21.1.1987", "г.", "рождения"], dt.date(1987, 1, 21), id="label-cell-wraps-over-two-lines"),
    pytest.param(["Число, месяц, 1985-08-25 установлена на срок", "год рождения до"], dt.date(1985, 8, 25), id="label-cell-wraps-god-rozhdeniya"),
    pytest.param(["Дата 08 мая 1965 г.", "рождения Дата очередного"], dt.date(1965, 5, 8), id="data-rozhdeniya-cell-wraps"),
    pytest.param(["Дата 11.09.2012", "установления инвалидности"], None, id="null-another-dates-cell-wraps"),
    pytest.param(["Настоящая справка выдана Петровой Анне Ивановне, 25.10.1989 года", "рождения, проживающей по адресу: г. Тверь"], dt.date(1989, 10, 25), id="prose-goda-rozhdeniya-wraps"),
    pytest.param(["ДАТА РОЖДЕНИЯ:", "‚ 1965- 12-24"], dt.date(1965, 12, 24), id="fax-space-inside-iso-date"),
    pytest.param(["ДАТА РОЖДЕНИЯ: «24» ‘сентября 1958 Озёрск-на-Луге, Липовый,"], dt.date(1958, 9, 24), id="ocr-quote-before-the-month"),
    pytest.param(["3. Дата рождения 24.9.4958 Г."], None, id="null-impossible-year"),
    pytest.param(["Дата рождения: 01.02.2999"], None, id="null-future"),
    pytest.param(["Выдана Петровой Анне Ивановне, родившейся 07.08. 1979г., в том, что ей"], dt.date(1979, 8, 7), id="prose-space-after-dot"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), BIRTHS)
def test_birth_dates(lines: list[str], expected: dt.date | None) -> None:
    assert _values(lines, "ocr")["birth_date"] == expected


GOOD = _snils("112233445")
OTHER = _snils("156789123")
SNILS = [
    pytest.param(["8. СТРАХОВОЙ НОМЕР ИНДИВИДУАЛЬНОГО ЛИЦЕВОГО СЧЁТА (СНИЛС):", GOOD], GOOD, id="under-a-label-ending-in-its-hint"),
    pytest.param([f"8. СТРАХОВОЙ НОМЕР {OTHER}", "ИНДИВИДУАЛЬНОГО ЛИЦЕВОГО", "СЧЁТА (СНИЛС)"], OTHER, id="label-cell-wraps-around-the-number"),
    pytest.param([f"Сведения о застрахованном лице: {GOOD}"], GOOD, id="printed-shape-unlabelled"),
    pytest.param(["СНИЛС:", GOOD[:-2] + "00" if not GOOD.endswith("00") else GOOD[:-2] + "01"], None, id="null-check-fails"),
    pytest.param(["Паспорт гражданина РФ 18 89 423932"], None, id="null-passport"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), SNILS)
def test_snils(lines: list[str], expected: str | None) -> None:
    assert _values(lines, "text_layer", DocType.ipra)["snils"] == expected


LITTER = ["|", "_ -", "й |", ".: Федерации г", "- _", "°", "— —", "| .", "‚ _", "^ ^", "` `"]
TYPES = [
    pytest.param(["КУ «ГБ МСЭ по краю» Минтруда России, экспертный состав № 4", "Выписка из акта медико-социальной экспертизы гражданина", "направляется в территориальный орган Социального фонда России", "Гражданин(ка): ИВАНОВ ИВАН ИВАНОВИЧ", "Группа инвалидности: II", "Выписка не заменяет справку, подтверждающую факт установления инвалидности, и не", "является индивидуальной программой реабилитации."], DocType.other, id="extract-that-cites-the-certificate"),
    pytest.param(["Бюро медико-социальной экспертизы № 31", *LITTER, "СПРАВКА", "факт установления инвалидности", "СЕРИЯ МСЭ- 2011 № 5982536."], DocType.mse_certificate, id="fax-litter-above-a-damaged-title"),
    pytest.param(["Бюро медико-социальной экспертизы № 14", "пр грамма реабилитации или абилитации |", "_ инвалида, выдаваемая федеральными государственными |", "_. ип РА инвалида № 3960. 88.94/2025 к прогоко! у проведения медико- социальной", "ДАТА РАЗРАБОТКИ ИПРА ИНВАЛИДА:"], DocType.ipra, id="fax-ipra-title-and-running-line-split"),
    pytest.param(["Бюро медико-социальной экспертизы № 11", "Выписка из акта медико-социальной экспертизы гражданина", "направляется в территориальный орган Социального фонда России", "Гражданин(ка): Петров Семён Андреевич", "Выписка не заменяет справку, подтверждающую не является", "индивидуальной программой реабилитации."], DocType.other, id="extract-sentence-runs-onto-a-line-like-the-ipra-title"),
    pytest.param(["Филиал-бюро № 17 ФКУ «Главное бюро МСЭ»", "КОПИЯ ВЕРНА", "Справка, подтверждающая факт", "СЕРИЯ МСЭ-201:, № 86144242.11.2026", "Группа II (вторая)"], DocType.mse_certificate, id="stamp-cuts-title-and-series-year"),
    pytest.param(["ФКУ «ГБ МСЭ по Омской области»", "й т СПРАВКА, ПОДТВЕРЖДАЮЩАЯ ФАКТ УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ", "Дата выдачи: 01.02.2024"], DocType.mse_certificate, id="ocr-scraps-before-the-title"),
    pytest.param(["ПИСЬМО", "Направляем копию: ип ра инвалида № 12.3.4/2025 работника"], DocType.other, id="letter-citing-an-ipra-split-by-ocr"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), TYPES)
def test_doc_types(lines: list[str], expected: DocType) -> None:
    page = make_page(lines, source="ocr", confidence=0.9)
    assert [s.doc_type for s in split_documents([page])] == [expected]


def _ocr_words(rows: list[list[tuple[str, float, float, float]]]) -> PageText:
    """OCR lines of (word, x, y, confidence) as a photo's curled rows come back."""
    page = PageText(number=1, source="ocr", width=2480, height=3508)
    page.lines.append(_line(CERT[0], 100.0, 100.0))
    for row in rows:
        words = [Word(t, (x, y, x + 20 * len(t), y + 30), c) for t, x, y, c in row]
        page.lines.append(Line(tuple(words)))
    return page


def test_patronymic_beside_the_name_on_a_row_ocr_split() -> None:
    """«2. Фамилия, имя, отчество (при . ФЕДОРОВНА» / «наличии): 'ШУМИЛОВА ЭЛЬВИРА»."""
    label = [("2.", 235, 793, 0.9), ("Фамилия,", 276, 790, 0.9), ("имя,", 468, 802, 0.9)]
    label += [("отчество", 562, 793, 0.9), ("(при", 738, 795, 0.9), (".", 867, 795, 0.2)]
    page = _ocr_words(
        [
            [*label, ("ФЕДОРОВНА", 889, 835, 0.9)],
            [
                ("наличии):", 235, 834, 0.9),
                ("'ШУМИЛОВА", 435, 835, 0.9),
                ("ЭЛЬВИРА", 679, 846, 0.9),
            ],
        ]
    )
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["full_name"] == "ШУМИЛОВА ЭЛЬВИРА ФЕДОРОВНА"


def test_number_beside_the_series_on_a_line_of_its_own() -> None:
    """«Справка, 1542772 …» / «СЕРИЯ МСЭ-2020 №»: the number's box is on the series' row."""
    page = _ocr_words(
        [
            [("Справка,", 1045, 686, 0.96), ("1542772", 1835, 711, 0.96)],
            [("СЕРИЯ", 1491, 726, 0.93), ("МСЭ-2020", 1618, 719, 0.89), ("№", 1788, 718, 0.97)],
            [("Дата", 400, 800, 0.95), ("выдачи:", 500, 800, 0.95), ("16.03.2023", 700, 800, 0.95)],
        ]
    )
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert (values["document_series"], values["document_number"]) == ("МСЭ-2020", "1542772")


@pytest.mark.parametrize(
    ("year_confidence", "expected"),
    [pytest.param(0.95, "МСЭ-2023", id="sure"), pytest.param(0.33, None, id="null-doubtful-year")],
)
def test_series_is_as_sure_as_its_least_sure_word(
    year_confidence: float, expected: str | None
) -> None:
    page = _ocr_words(
        [
            [
                ("СЕРИЯ", 1021, 464, 0.6),
                ("МСЭ-", 1143, 470, 0.75),
                ("2023", 1216, 474, year_confidence),
                ("№", 1309, 473, 0.94),
                ("6290965", 1354, 473, 0.94),
            ]
        ]
    )
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["document_series"] == expected


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        pytest.param("Продолжение справки серии МСЭ-2024 № 9560114", [[1, 2]], id="continued"),
        pytest.param("Продолжение справки серии. МСЭ- 2025 № 7944064.", [[1, 2]], id="ocr-specks"),
        pytest.param(
            "Справка, подтверждающая факт установления инвалидности", [[1], [2]], id="new"
        ),
    ],
)
def test_back_page_of_a_certificate_continues_it(back: str, expected: list[list[int]]) -> None:
    front = make_page([*CERT, "Выдана Петровой Анне Ивановне"], 1, "ocr")
    rest = make_page(
        [back, "Серия МСЭ-2024 № 9560114", "Дата установления инвалидности: 18.09.2026"], 2, "ocr"
    )
    spans = split_documents([front, rest])
    assert [[p.number for p in s.pages] for s in spans] == expected
    assert {s.doc_type for s in spans} == {DocType.mse_certificate}


IPRA_NUMBERS = [
    pytest.param(["ИПРА инвалида № 123.4.56/2024 к протоколу проведения медико-социальной", "экспертизы гражданина № 99.1.2/2024 от 01.02.2024"], "123.4.56/2024", id="486n-head"),
    pytest.param(["медико- спим ой экспертизы грамлзьыь> № 4167.20.60/2026", "1. Дата разработки ИПРА инвалида: 03.11.2026"], None, id="null-protocol-number-its-label-spoilt"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), IPRA_NUMBERS)
def test_ipra_numbers(lines: list[str], expected: str | None) -> None:
    page = make_page(["Индивидуальная программа реабилитации или абилитации инвалида", *lines])
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert values["document_number"] == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        pytest.param("медико- спим ой экспертизы грамлзьыь> ", True, id="spoilt-label"),
        pytest.param("к акту освидетельствования № ", True, id="act"),
        pytest.param("сведения о фактическом ", False, id="fakt-is-no-act"),
        pytest.param("экспертизы гражданина. ИПРА инвалида № ", False, id="ipra-after-it"),
    ],
)
def testnames_the_protocol_before_a_number(before: str, expected: bool) -> None:
    assert names_the_protocol(before) is expected


def test_half_declined_double_surname_gives_no_name() -> None:
    """A double surname whose adjectival part cannot be put into the nominative: null."""
    from mseflow.contract import DocType
    from mseflow.extractors import extract_fields
    from mseflow.extractors.base import DocumentSpan

    from .pages import make_page

    lines = [
        "Справка, подтверждающая факт установления инвалидности",
        "Серия МСЭ-2015 № 2431238",
        "Выдана Федосееву-Кривонудному Никите Гордеевичу",
        "Дата рождения: 01.02.1980",
    ]
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [make_page(lines)])).values
    assert values["full_name"] is None
    assert values["birth_date"] is not None
