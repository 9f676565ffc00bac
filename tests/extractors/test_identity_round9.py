"""The identity fields, round 9 (issue #10): one row per real printing of the value.

Synthetic pages with consistent boxes, built word by word where the layout is in the
geometry (boxed cells) or in OCR's own per-letter readings (:class:`Glyph`).

* **Boxed one-character cells** («знакоместа»): forms meant for machine reading give each
  character a cell, an empty cell between words (the sick-leave certificate of Приказ
  Минздравсоцразвития России № 347н, the ФНС forms, the 088/у referral's СНИЛС and dates).
  A text layer gives one word per cell; OCR of a scan may give the letters with the cells'
  rules between them («[Х[а|с|а|н|о|в|а|»): that reading is left as read (null), since
  letters squeezed between rules are misread too often. The name may go on in the next
  row of cells.
* **The typed 379н card** (Приказ Минздравсоцразвития России от 04.08.2008 № 379н): «Ф.И.О.:»
  typed with the typewriter's round «О» that OCR reads as a zero («Ф.И.0.:», «0.И.0.:»).
* **The 486н IPRA number** «№ 1308.1.52/2019» (running number, bureau, region code, year):
  a reading with a dot lost, or with a dot OCR nearly read as a digit, is null.
* **OCR's rival letters**: a surname in no dictionary whose coin-toss letter's rival gives a
  known name («подлорный» over «подгорный») is null; the bureau's number is judged by its
  digits' own readings («5» over «у» is sure, «3» over «5» by 0.04 is not).

A wrong name or number is worse than a null: the rows that end in None say where.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.cells import join_cells
from mseflow.extractors.numbers import separator_doubt, shape_quality
from mseflow.reading.page import Glyph, Line, PageSource, PageText, Word

from .pages import LEFT, LINE_H, words_at

CELL_W = 6.0
PITCH = 12.5
"""A cell's character width and the cells' pitch (a text layer of a boxed form, in points)."""


def _cells(text: str, x: float, y: float, confidence: float = 1.0) -> list[Word]:
    """One word per character of ``text`` at the cells' pitch; a space is an empty cell."""
    out = []
    for i, ch in enumerate(text):
        if ch != " ":
            left = x + i * PITCH
            out.append(Word(ch, (left, y, left + CELL_W, y + 12), confidence))
    return out


Row = str | tuple[str, str]
"""A plain line, or (label, value in cells) on one line."""


def _page(rows: list[Row], source: PageSource = "text_layer") -> PageText:
    page = PageText(number=1, source=source, width=595, height=842)
    conf = 0.95 if source == "ocr" else 1.0
    for i, row in enumerate(rows):
        y = 40 + i * LINE_H
        if isinstance(row, tuple):
            label, cells = row
            words = [*words_at(label, LEFT, y, conf), *_cells(cells, LEFT + 160, y, conf)]
        elif row.startswith("@"):
            words = _cells(row[1:], LEFT + 3, y, conf)  # a row of cells under its label
        else:
            words = list(words_at(row, LEFT, y, conf))
        if words:
            page.lines.append(Line(tuple(words)))
    return page


def _values(
    rows: list[Row], source: PageSource = "text_layer", doc: DocType = DocType.mse_certificate
) -> dict:
    return extract_fields(DocumentSpan(doc, [_page(rows, source)])).values


HEAD = ["Справка, подтверждающая факт установления инвалидности"]

BOXED = [
    pytest.param([*HEAD, ("Серия / Series", "МСЭ-2023"), "Ф.И.О. / Full name", "@ЧЕБОТАРЁВА-ВЕРЕСКОВА ДАРЬЯ", "@АРТЁМОВНА", ("Дата рожд. / Date of birth", "20.01.1967")], "full_name", "ЧЕБОТАРЁВА-ВЕРЕСКОВА ДАРЬЯ АРТЁМОВНА", id="name-in-cells-patronymic-in-the-next-row"),
    pytest.param([*HEAD, "Ф.И.О.", "@ЦОЙ ЭЛЬВИРА", ("Дата рождения", "08.08.1970")], "full_name", "ЦОЙ ЭЛЬВИРА", id="short-surname-and-first-name-in-cells"),
    pytest.param([*HEAD, "Ф.И.О.", "@ЦОЙ ЭЛЬВИРА", ("Дата рождения", "08.08.1970")], "birth_date", "1970-08-08", id="date-of-birth-in-cells-dots-in-cells"),
    pytest.param([*HEAD, ("Серия", "МСЭ-2019"), "Ф.И.О.", "@НУРИЕВ ГЛЕБ ИЛЬИЧ"], "document_series", "МСЭ-2019", id="series-in-cells"),
    pytest.param([*HEAD, "Серия МСЭ-2019 № / No.", "Ф.И.О.", "@НУРИЕВ ГЛЕБ ИЛЬИЧ"], "document_series", "МСЭ-2019", id="series-typed-name-in-cells"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "key", "expected"), BOXED)
def test_values_in_boxed_cells(rows: list[Row], key: str, expected: str) -> None:
    assert str(_values(rows)[key]) == expected


def test_number_in_cells_after_the_series() -> None:
    y = 40 + LINE_H
    words = [*words_at("Серия", LEFT, y), *_cells("МСЭ-2023", LEFT + 60, y)]
    words += [*words_at("№", LEFT + 170, y), *_cells("5427734", LEFT + 190, y)]
    page = _page(HEAD)
    page.lines.append(Line(tuple(words)))
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert (values["document_series"], values["document_number"]) == ("МСЭ-2023", "5427734")


def _glyphs(
    text: str, conf: float = 0.99, rivals: dict[int, tuple[str, float]] | None = None
) -> tuple[Glyph, ...]:
    rivals = rivals or {}
    return tuple(Glyph(ch, conf, *rivals.get(i, ("", 1.0))) for i, ch in enumerate(text))


def _ruled_word(text: str, x: float, y: float, word_conf: float) -> Word:
    return Word(text, (x, y, x + 8 * len(text), y + 12), word_conf, _glyphs(text))


RULED = [
    pytest.param(["[Х[а|с|а|н|о|в|а|", "|Д]а|р|ь|я|"], 0.95, None, id="letters-between-the-cells-rules-null"),
    pytest.param(["[З[а|р|е|щ|кГа|я|", "Василиса"], 0.95, None, id="two-letters-in-one-cell-null"),
]  # fmt: skip


@pytest.mark.parametrize(("tokens", "word_conf", "expected"), RULED)
def test_ocr_name_read_between_cell_rules(
    tokens: list[str], word_conf: float, expected: str | None
) -> None:
    page = _page([*HEAD, "Ф.И.О."], "ocr")
    y, x, words = 40 + 2 * LINE_H, LEFT, []
    for token in tokens:
        words.append(_ruled_word(token, x, y, word_conf))
        x += 8 * len(token) + 30
    page.lines.append(Line(tuple(words)))
    page.lines.append(Line(words_at("Дата рождения: 13.04.1964", LEFT, y + LINE_H, 0.95)))
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["full_name"] == expected


def _cell_words(spec: list[tuple[str, float]]) -> list[Word]:
    return [Word(text, (x, 0.0, x + 6, 12.0), 1.0) for text, x in spec]


JOINS = [
    pytest.param([("И", 0), ("В", 12.5), ("А", 25), ("Н", 37.5)], ["ИВАН"], id="one-word-in-cells"),
    pytest.param([("К", 0), ("И", 12.5), ("М", 25), ("Л", 50), ("И", 62.5)], ["КИМ", "ЛИ"], id="empty-cell-ends-a-word"),
    pytest.param([("2", 0), ("0", 12.5), (".", 22), ("0", 30), ("1", 42.5), (".", 52), ("1", 60), ("9", 72.5), ("6", 85), ("7", 97.5)], ["20.01.1967"], id="date-dots-between-cells"),
    pytest.param([("1", 0), ("2", 12.5), ("3", 25)], ["1", "2", "3"], id="three-numerals-of-a-table-header-stay"),
    pytest.param([("в", 0), ("и", 9), ("с", 30), ("к", 36)], ["в", "и", "с", "к"], id="uneven-one-letter-words-of-prose-stay"),
    pytest.param([("I", 0), ("II", 12), ("III", 30)], ["I", "II", "III"], id="roman-group-options-stay"),
    pytest.param([("А", 0), ("Б", 12.5), ("В", 25), ("Г", 200)], ["А", "Б", "В", "Г"], id="far-word-is-another-column"),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "words"), JOINS)
def test_join_cells(spec: list[tuple[str, float]], words: list[str]) -> None:
    assert [w.text for w in join_cells(_cell_words(spec))] == words


TYPED_CARD = ["ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА", "Карта ИПР № 962.34.82/2012 к акту освидетельствования во ФГУ МСЭ № 329 от 11 сентября 2012 г."]  # fmt: skip

TYPED_LABELS = [
    pytest.param("Ф.И.О.: Бондаренко Алёна Рустамовна", "Бондаренко Алёна Рустамовна", id="as-typed"),
    pytest.param("Ф.И.0.: Бондаренко Алёна Рустамовна", "Бондаренко Алёна Рустамовна", id="round-o-read-as-zero"),
    pytest.param("0.И.0.: Нуриева Эльвира Кузьминична", "Нуриева Эльвира Кузьминична", id="both-round-letters-zeros"),
    pytest.param("Фф.И.0.: Крапивина Стефания Серафимовна", "Крапивина Стефания Серафимовна", id="ef-stroke-doubled"),
    pytest.param("ф.И.0,:; Мамедова Алёна", "Мамедова Алёна", id="small-ef-comma-and-specks"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), TYPED_LABELS)
def test_typed_379n_card_name_label(line: str, expected: str) -> None:
    rows: list[Row] = [*TYPED_CARD, line, "Дата рождения: 28 апреля 1968 г."]
    assert _values(rows, "ocr", DocType.ipra)["full_name"] == expected


IPRA_NUMBERS = [
    pytest.param("ИПРА инвалида № 562.12.53/2026 к протоколу проведения МСЭ № 3602.3.55/2026", "562.12.53/2026", id="three-parts-and-year"),
    pytest.param("ИПРА инвалида № 2679.ЭС.69/2026 к протоколу проведения МСЭ № 3602.3.55/2026", "2679.ЭС.69/2026", id="expert-composition"),
    pytest.param("ИПРА инвалида № 56212.53/2026 к протоколу проведения МСЭ № 3602.3.55/2026", None, id="a-dot-lost-null"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), IPRA_NUMBERS)
def test_ipra_number_shape(line: str, expected: str | None) -> None:
    rows: list[Row] = ["Индивидуальная программа реабилитации или абилитации инвалида", line]
    assert _values(rows, "ocr", DocType.ipra)["document_number"] == expected


@pytest.mark.parametrize(
    ("value", "quality"),
    [
        ("1308.1.52/2019", 1.0),
        ("12.ЭС3.77/2024", 1.0),
        ("179919.80/2026", 0.5),
        ("85716.75/2025", 0.5),
    ],
)
def test_shape_quality(value: str, quality: float) -> None:
    assert shape_quality(value) == quality


def _ipra_with(number: Word) -> PageText:
    page = _page(["Индивидуальная программа реабилитации или абилитации инвалида"], "ocr")
    y = 40 + LINE_H
    head = words_at("ИПРА инвалида №", LEFT, y, 0.95)
    number = Word(
        number.text, (LEFT + 120, y, LEFT + 220, y + 12), number.confidence, number.glyphs
    )
    page.lines.append(Line((*head, number, *words_at("к протоколу", LEFT + 240, y, 0.95))))
    return page


@pytest.mark.parametrize(
    ("rivals", "expected"),
    [
        pytest.param({4: ("4", 0.05)}, None, id="dot-a-coin-toss-with-a-digit-null"),
        pytest.param({4: (",", 0.05)}, "2253.9.24/2023", id="dot-or-comma-kept"),
        pytest.param({}, "2253.9.24/2023", id="no-rival-kept"),
    ],
)
def test_ipra_number_separator_doubt(
    rivals: dict[int, tuple[str, float]], expected: str | None
) -> None:
    text = "2253.9.24/2023"
    page = _ipra_with(Word(text, (0, 0, 1, 1), 0.9, _glyphs(text, 0.99, rivals)))
    number = extract_fields(DocumentSpan(DocType.ipra, [page])).values["document_number"]
    assert number == expected


def test_separator_doubt_without_glyphs() -> None:
    from mseflow.extractors.layout import DocumentView

    view = DocumentView([_page(["ИПРА инвалида № 2253.9.24/2023"], "ocr")])
    assert separator_doubt(view.lines[0], 0, len(view.lines[0].text)) == 1.0


def _named_page(surname: Word) -> PageText:
    page = _page([*HEAD, "Серия МСЭ-2015 № 2431238"], "ocr")
    y = 40 + 2 * LINE_H
    label = words_at("Фамилия, имя, отчество (при наличии):", LEFT, y, 0.95)
    x = label[-1].bbox[2] + 6
    surname = Word(
        surname.text, (x, y, x + 6 * len(surname.text), y + 12), surname.confidence, surname.glyphs
    )
    rest = words_at("Семён Кузьмич", surname.bbox[2] + 6, y, 0.95)
    page.lines.append(Line((*label, surname, *rest)))
    page.lines.append(Line(words_at("Дата рождения: 01.08.1981", LEFT, y + LINE_H, 0.95)))
    return page


RIVALS = [
    pytest.param("Подлорный", {3: ("г", 0.04)}, None, id="coin-toss-letter-rival-a-known-surname-null"),
    pytest.param("Подлорный", {3: ("г", 0.6)}, "Подлорный Семён Кузьмич", id="rival-far-behind-kept"),
    pytest.param("Подгорный", {3: ("л", 0.04)}, "Подгорный Семён Кузьмич", id="known-surname-as-read-kept"),
    pytest.param("Подлорный", {3: ("Л", 0.01)}, "Подлорный Семён Кузьмич", id="case-rival-is-no-other-reading"),
]  # fmt: skip


@pytest.mark.parametrize(("surname", "rivals", "expected"), RIVALS)
def test_name_with_an_ocr_rival_letter(
    surname: str, rivals: dict[int, tuple[str, float]], expected: str | None
) -> None:
    page = _named_page(Word(surname, (0, 0, 1, 1), 0.95, _glyphs(surname, 0.97, rivals)))
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [page])).values
    assert values["full_name"] == expected


BUREAU = ["ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, экспертный состав №"]
HINT = "(наименование федерального государственного учреждения медико-социальной экспертизы)"


def _issuer_page(number: Word) -> PageText:
    page = PageText(number=1, source="ocr", width=595, height=842)
    head = words_at(BUREAU[0], LEFT, 40, 0.96)
    x = head[-1].bbox[2] + 6
    number = Word(
        number.text, (x, 40, x + 6 * len(number.text), 52), number.confidence, number.glyphs
    )
    page.lines.append(Line((*head, number)))
    for i, row in enumerate([HINT, "СПРАВКА", "Серия МСЭ-2015 № 2431238"], start=1):
        page.lines.append(Line(words_at(row, LEFT, 40 + i * LINE_H, 0.96)))
    return page


BUREAU_NUMBERS = [
    pytest.param(Word("5", (0, 0, 1, 1), 0.77, (Glyph("5", 0.97, "у", 0.01),)), "ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, экспертный состав № 5", id="digit-sure-its-rival-a-letter-kept"),
    pytest.param(Word("13", (0, 0, 1, 1), 0.69, (Glyph("1", 0.96, "в", 0.0), Glyph("3", 0.97, "в", 0.0))), "ФКУ «ГБ МСЭ по Республике Марий Эл» Минтруда России, экспертный состав № 13", id="two-digits-sure-word-unsure-kept"),
    pytest.param(Word("30", (0, 0, 1, 1), 0.85, (Glyph("3", 0.97, "5", 0.04), Glyph("0", 0.99, "6", 0.05))), None, id="three-nearly-read-five-null"),
    pytest.param(Word("4", (0, 0, 1, 1), 0.8, (Glyph("4", 0.93),)), None, id="digit-read-unsurely-null"),
    pytest.param(Word("7", (0, 0, 1, 1), 0.8, (Glyph("7", 0.97, "1", 0.45),)), None, id="another-digit-among-the-rivals-null"),
    pytest.param(Word("31", (0, 0, 1, 1), 0.8), None, id="no-digit-readings-word-confidence-decides-null"),
]  # fmt: skip


@pytest.mark.parametrize(("number", "expected"), BUREAU_NUMBERS)
def test_bureau_number_by_its_digits(number: Word, expected: str | None) -> None:
    values = extract_fields(DocumentSpan(DocType.mse_certificate, [_issuer_page(number)])).values
    assert values["issuer"] == expected
