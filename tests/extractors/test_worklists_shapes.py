"""Table-driven shapes and wordings of the IPRA work lists, on pages built by hand.

One row per printed shape (ticked list, tick glyphs, numbered and bulleted
lines, prose, «да/нет» column, table keyed by kind of impairment, old ИПР
wording, ФРИ printout) and the negative cases (unticked options, the next
block's text, «не нуждается», the incapable note). Wordings are from the 486н
and 545н forms, the 379н ИПР and the ФРИ extract printout — not the generator's.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.worklists import WorkListsExtractor
from mseflow.reading.page import Checkbox, Line, PageText, Word

CHAR_W = 3.5
LINE_H = 16.0
COLUMNS = (40.0, 300.0, 500.0)
BOX = 8.0
TITLE = [
    "Рекомендации о показанных и противопоказанных видах трудовой деятельности с учетом",
    "нарушенных функций организма человека, обусловленных заболеваниями, последствиями",
    "травм и дефектами",
]


def _cell(page: PageText, text: str, x: float, y: float) -> list[Word]:
    if text in {"[x]", "[ ]"}:
        page.checkboxes.append(Checkbox((x, y + 1, x + BOX, y + 1 + BOX), text == "[x]"))
        return []
    if text.startswith(("[x] ", "[ ] ")):
        page.checkboxes.append(Checkbox((x, y + 1, x + BOX, y + 1 + BOX), text[1] == "x"))
        text, x = text[4:], x + BOX + 5
    elif text.startswith("... "):
        text, x = text[4:], x + BOX + 5
    words = []
    for token in text.split():
        width = CHAR_W * len(token)
        words.append(Word(token, (x, y, x + width, y + 10)))
        x += width + CHAR_W
    return words


def build(lines: Sequence[str], source: str = "text_layer") -> PageText:
    """A page: ``" | "`` separates table cells (columns at :data:`COLUMNS`); ``[x]`` boxes."""
    page = PageText(number=1, source=source, width=595, height=842)  # type: ignore[arg-type]
    for i, text in enumerate(lines):
        y = 40 + i * LINE_H
        words: list[Word] = []
        for col, cell in enumerate(text.split("|")):
            if cell.strip():
                words += _cell(page, cell.strip(), COLUMNS[col], y)
        if words:
            page.lines.append(Line(tuple(words)))
    return page


def lists(lines: Sequence[str]) -> dict[str, list[str]]:
    span = DocumentSpan(DocType.ipra, [build(lines)])
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


C, R, A = "contraindications", "recommended_conditions", "available_work"
OPTIMAL = "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда"
BREAKS = "Нуждается в дополнительных перерывах"
HELP = "Трудовая деятельность возможна при значительной помощи других лиц"
ANY = (
    "Доступны виды трудовой деятельности в любых условиях труда, но выполнение трудовой "
    "деятельности может быть затруднено"
)

SHAPES: list[tuple[str, list[str], dict[str, list[str]]]] = [
    (
        "ticked_boxes_486n",
        [
            *TITLE,
            "Рекомендуемые условия труда:",
            f"[x] {OPTIMAL}",
            f"[ ] {HELP}",
            f"[x] {BREAKS}",
            "Противопоказанные виды трудовой деятельности и производственные факторы:",
            "[x] работы на высоте",
            "[ ] работы в ночную смену",
            "[x] работа с токсичными веществами",
            "Доступные виды трудовой деятельности:",
            "[x] легкий физический труд",
            "С содержанием ИПРА инвалида согласен",
        ],
        {
            C: ["работы на высоте", "работа с токсичными веществами"],
            R: [OPTIMAL, BREAKS],
            A: ["легкий физический труд"],
        },
    ),
    (
        "glyph_V_unmarked_options_skipped",
        [
            "Противопоказанные виды трудовой деятельности:",
            "V работы на высоте",
            "работы в ночную смену",
            "V работы с вибрирующим инструментом",
        ],
        {C: ["работы на высоте", "работы с вибрирующим инструментом"]},
    ),
    (
        "glyphs_check_cross_square",
        [
            "Противопоказанные производственные факторы",
            "✓ шум выше 80 дБА",
            "☐ работы на высоте",
            "X локальная вибрация",
            "■ охлаждающий микроклимат",
            "☒ физические перегрузки",
            "□ работы в ночную смену",
        ],
        {
            C: [
                "шум выше 80 дБА",
                "локальная вибрация",
                "охлаждающий микроклимат",
                "физические перегрузки",
            ]
        },
    ),
    (
        "bracket_glyphs_cyrillic_x",
        [
            "Доступные виды трудовой деятельности:",
            "[х] работа с документами",
            "[ ] операторская деятельность",
            "(х) надомный труд в оптимальных условиях",
        ],
        {A: ["работа с документами", "надомный труд в оптимальных условиях"]},
    ),
    (
        "numbered_lines",
        [
            "21. Противопоказанные виды трудовой деятельности:",
            "1) работы на высоте;",
            "2) работа с токсичными веществами;",
            "3) подъем и перенос тяжестей свыше 5 кг.",
            "22. Рекомендации по профессиональной ориентации: нуждается",
        ],
        {
            C: [
                "работы на высоте",
                "работа с токсичными веществами",
                "подъем и перенос тяжестей свыше 5 кг",
            ]
        },
    ),
    (
        "bulleted_lines_and_wrap",
        [
            "Рекомендуемые виды трудовой деятельности",
            "- работа с документами в офисе;",
            "• квалифицированный труд в оптимальных условиях с дополнительными перерывами и",
            "сокращенным рабочим днем;",
            "— работа на дому",
        ],
        {
            A: [
                "работа с документами в офисе",
                "квалифицированный труд в оптимальных условиях с дополнительными перерывами и "
                "сокращенным рабочим днем",
                "работа на дому",
            ]
        },
    ),
    (
        "semicolon_prose_inline",
        ["Противопоказаны: работы на высоте; работы в ночное время; тяжёлый физический труд."],
        {C: ["работы на высоте", "работы в ночное время", "тяжёлый физический труд"]},
    ),
    (
        "comma_prose_wrapped",
        [
            "Противопоказаны работы на высоте, работы, связанные с вибрацией, длительная ходьба, "
            "подъем тяжестей",
            "свыше 3 кг, вредные химические вещества.",
            "Дата выдачи ИПРА: 14.03.2024",
        ],
        {
            C: [
                "работы на высоте",
                "работы, связанные с вибрацией",
                "длительная ходьба",
                "подъем тяжестей свыше 3 кг",
                "вредные химические вещества",
            ]
        },
    ),
    (
        "yes_no_column",
        [
            "Противопоказанные виды трудовой деятельности | Да/нет",
            "работы на высоте | да",
            "работы в ночную смену | нет",
            "работы у конвейера | да",
            "Доступные виды трудовой деятельности | Да/нет",
            "умственный труд | да",
            "легкий физический труд | нет",
        ],
        {C: ["работы на высоте", "работы у конвейера"], A: ["умственный труд"]},
    ),
    (
        "fri_printout_value_cells",
        [
            *TITLE,
            f"{BREAKS} | Нуждается",
            f"{OPTIMAL[:49]} | Доступны",
            f"{OPTIMAL[50:]}",
            f"{HELP} | Невозможна",
        ],
        {R: [BREAKS, OPTIMAL]},
    ),
    (
        "fri_2022_heading_negative_values",
        [
            "Рекомендуемые условия труда",
            f"{BREAKS} | Не нуждается",
            f"{HELP} | Возможна",
        ],
        {R: [HELP]},
    ),
    (
        "impairment_keyed_table",
        [
            "Вид стойких нарушений функций организма | Рекомендации о противопоказанных видах",
            "человека | трудовой деятельности",
            "Нарушение функции зрения | Виды трудовой деятельности, требующие",
            " | постоянного зрительного контроля",
            "Нарушение функции слуха | Отсутствует нарушение функции организма",
            "Нарушение функций нижних | работы, связанные с длительной ходьбой",
            "конечностей | и стоянием",
            "Прогнозируемый результат: компенсация нарушенных функций",
        ],
        {
            C: [
                "Виды трудовой деятельности, требующие постоянного зрительного контроля",
                "работы, связанные с длительной ходьбой и стоянием",
            ]
        },
    ),
    (
        "impairment_table_tick_column",
        [
            "Вид стойких нарушений функций организма | Рекомендации о противопоказанных видах",
            "Нарушение функции зрения | работы, требующие напряжения зрения | [x]",
            "Нарушение функции слуха | работы, требующие восприятия звуковых сигналов | [ ]",
            "Нарушение психических функций | работы с высокой ответственностью | [x]",
        ],
        {C: ["работы, требующие напряжения зрения", "работы с высокой ответственностью"]},
    ),
    (
        "hyphenated_wrap_under_box",
        [
            "Противопоказанные виды трудовой деятельности:",
            "[x] работы, связанные с длительным пребыванием в вынужденной позе и подъе-",
            "... мом тяжестей",
            "[ ] работы на высоте",
        ],
        {C: ["работы, связанные с длительным пребыванием в вынужденной позе и подъемом тяжестей"]},
    ),
    (
        "heading_value_on_next_line_plain",
        [
            "Доступные виды трудовой деятельности",
            "работа курьером в пределах района",
            "работа с документами",
            "Прогнозируемый результат: частичная компенсация",
        ],
        {A: ["работа курьером в пределах района", "работа с документами"]},
    ),
    (
        "old_379n_combined_heading",
        [
            "Рекомендации о противопоказанных и доступных условиях и видах труда:",
            "Противопоказан тяжелый физический труд, работа в ночные смены.",
            "Доступен легкий физический труд в оптимальных условиях.",
            "Дата выдачи: 12.03.2012",
        ],
        {
            C: ["тяжелый физический труд", "работа в ночные смены"],
            A: ["легкий физический труд в оптимальных условиях"],
        },
    ),
    (
        "upper_case_headings",
        [
            "РЕКОМЕНДУЕМЫЕ УСЛОВИЯ ТРУДА:",
            "☑ Нуждается в дополнительных перерывах",
            "☐ Трудовая деятельность возможна при значительной помощи других лиц",
            "ПРОТИВОПОКАЗАННЫЕ ВИДЫ ТРУДОВОЙ ДЕЯТЕЛЬНОСТИ:",
            "☑ работы на высоте",
        ],
        {R: [BREAKS], C: ["работы на высоте"]},
    ),
    (
        "heading_and_items_in_next_cell",
        [
            "Противопоказанные виды трудовой деятельности | работы на высоте; работы у огня",
            "Доступные виды трудовой деятельности | умственный труд",
        ],
        {C: ["работы на высоте", "работы у огня"], A: ["умственный труд"]},
    ),
    (
        "numbered_table_without_dots",
        [
            "Показанные виды трудовой деятельности",
            "№ | Вид деятельности",
            "1 | Работа в оптимальных условиях труда",
            "2 | Надомный труд",
        ],
        {A: ["Работа в оптимальных условиях труда", "Надомный труд"]},
    ),
    (
        "fri_impairment_presence_values",
        [
            "Вид стойких нарушений функций организма человека | Рекомендации о противопоказанных",
            "Нарушение функции зрения | Присутствует нарушение функции организма",
            "Нарушение функции слуха | Отсутствует нарушение функции организма",
        ],
        {C: ["Нарушение функции зрения"]},
    ),
    (
        "letter_numbered_items",
        [
            "Доступные виды трудовой деятельности:",
            "а) работа в офисе;",
            "б) работа на дому;",
            "в) операторская деятельность.",
        ],
        {A: ["работа в офисе", "работа на дому", "операторская деятельность"]},
    ),
    (
        "prose_545n_wrapped_after_heading",
        [
            "Рекомендации о противопоказанных видах трудовой деятельности: работы, требующие",
            "постоянного напряжения зрения; работы в условиях вибрации.",
            "Рекомендуемые условия труда: оптимальные и допустимые (1 и 2 класс).",
        ],
        {
            C: ["работы, требующие постоянного напряжения зрения", "работы в условиях вибрации"],
            R: ["оптимальные и допустимые (1 и 2 класс)"],
        },
    ),
    (
        "negative_conditions_not_needed",
        [
            "Рекомендуемые условия труда:",
            "Не нуждается в дополнительных перерывах",
            "Не нуждается в сокращенном рабочем дне",
            "Трудовая деятельность возможна при значительной помощи других лиц",
        ],
        {R: [HELP]},
    ),
    # negative cases
    (
        "negative_unreadable_heading_ends_section",
        [
            "Рекомендуемые условия труда:",
            f"[x] {BREAKS}",
            "отивопоказанные виды т. удовой деятельности и п. оизводственные факторы:",
            "[x] работы на высоте",
        ],
        {R: [BREAKS]},
    ),
    (
        "negative_net_and_ne_nuzhdaetsya",
        [
            "Противопоказанные виды трудовой деятельности: нет",
            "Рекомендуемые условия труда: не нуждается",
            "Доступные виды трудовой деятельности: не установлены",
        ],
        {},
    ),
    (
        "negative_next_block_does_not_bleed",
        [
            "Противопоказанные виды трудовой деятельности:",
            "работы на высоте",
            "Мероприятия социальной реабилитации",
            "социально-средовая реабилитация нуждается",
            "С содержанием ИПРА инвалида согласен",
            "Руководитель бюро медико-социальной экспертизы",
        ],
        {C: ["работы на высоте"]},
    ),
    (
        "negative_incapable_note_not_an_item",
        [
            "Доступные виды трудовой деятельности:",
            "умственный труд",
            "Заключение: Трудовая деятельность противопоказана",
            "полностью неспособен к трудовой деятельности",
        ],
        {A: ["умственный труд"]},
    ),
    (
        "negative_blank_option_list",
        [
            "Рекомендуемые условия труда:",
            OPTIMAL,
            "Доступны виды трудовой деятельности в любых условиях труда, но выполнение",
            "трудовой деятельности может быть затруднено",
            HELP,
            BREAKS,
        ],
        {},
    ),
    (
        "negative_all_unticked",
        [
            "Противопоказанные виды трудовой деятельности:",
            "[ ] работы на высоте",
            "[ ] работы в ночную смену",
            "☐ работы с вибрацией",
        ],
        {},
    ),
    (
        "negative_footnote_and_numbered_point",
        [
            "Противопоказанные виды трудовой деятельности:",
            "[x] работы в условиях повышенного шума",
            "* Доступны виды трудовой деятельности, не указанные в качестве противопоказанных",
            "18. Дата выдачи ИПРА инвалида: 14.03.2024",
        ],
        {C: ["работы в условиях повышенного шума"]},
    ),
    (
        "negative_no_work_block",
        [
            "Мероприятия медицинской реабилитации: нуждается",
            "работы на высоте",
            "Прогнозируемый результат: восстановление",
        ],
        {},
    ),
]


@pytest.mark.parametrize(("lines", "expected"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_work_list_shapes(lines: list[str], expected: dict[str, list[str]]) -> None:
    got = lists(lines)
    assert got == {key: expected.get(key, []) for key in (C, R, A)}


def test_method_and_confidence() -> None:
    span = DocumentSpan(
        DocType.ipra,
        [
            build(
                [
                    "Противопоказанные виды трудовой деятельности:",
                    "[x] работы на высоте",
                    "[x] работа с токсичными веществами",
                    "Доступные виды трудовой деятельности:",
                    "1. работа с документами",
                ]
            )
        ],
    )
    out = {fv.key: fv for fv in WorkListsExtractor().extract(span)}
    assert out[C].method == "tick_box"
    assert out[A].method == "list_item"
    assert out[C].evidence.page == 1 and out[C].evidence.bbox is not None
    assert "работы на высоте" in (out[C].evidence.text or "")
    known = WorkListsExtractor().extract(
        DocumentSpan(DocType.ipra, [build(["Противопоказанные виды:", "[x] работы на высоте"])])
    )
    unknown = WorkListsExtractor().extract(
        DocumentSpan(DocType.ipra, [build(["Противопоказанные виды:", "[x] работа у станка"])])
    )
    assert known[0].value == ["работы на высоте"] and unknown[0].value == ["работа у станка"]
    assert known[0].evidence.confidence > unknown[0].evidence.confidence


def _pdf() -> bytes:
    """A text-layer IPRA block: a box with a typed «X», a filled box, an empty box, glyphs."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("DejaVu", 10)
    y = 780
    pdf.drawString(50, y, "Противопоказанные виды трудовой деятельности:")
    for label, mark in [
        ("работы на высоте", "typed"),
        ("работы в ночную смену", "empty"),
        ("работы с вибрирующим инструментом", "filled"),
    ]:
        y -= 18
        shade = 0 if mark == "filled" else 1
        pdf.setFillColorRGB(shade, shade, shade)
        pdf.rect(50, y - 1, 9, 9, fill=1, stroke=1)
        pdf.setFillColorRGB(0, 0, 0)
        if mark == "typed":
            pdf.drawString(51.5, y, "X")
        pdf.drawString(64, y, label)
    y -= 24
    pdf.drawString(50, y, "Доступные виды трудовой деятельности:")
    for line in ("✓ умственный труд", "☐ работа на дому", "☑ работа в архиве"):
        y -= 18
        pdf.drawString(56, y, line)
    y -= 24
    pdf.drawString(50, y, "Рекомендуемые условия труда")
    y -= 18
    pdf.drawString(50, y, "Нуждается в дополнительных перерывах")
    pdf.drawString(330, y, "да")
    y -= 18
    pdf.drawString(50, y, "Нуждается в сокращенном рабочем дне")
    pdf.drawString(330, y, "нет")
    y -= 24
    pdf.drawString(50, y, "С содержанием ИПРА инвалида согласен")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_text_layer_pdf_marks_through_reading() -> None:
    from mseflow.reading import read_bytes
    from mseflow.settings import Settings

    pages = read_bytes(_pdf(), Settings().reading)
    assert pages[0].source == "text_layer"
    got = {
        fv.key: fv.value for fv in WorkListsExtractor().extract(DocumentSpan(DocType.ipra, pages))
    }
    assert got == {
        C: ["работы на высоте", "работы с вибрирующим инструментом"],
        A: ["умственный труд", "работа в архиве"],
        R: ["Нуждается в дополнительных перерывах"],
    }


def test_ocr_damaged_headings() -> None:
    page = build(
        [
            "Протнвопоказанные вилы трудовой деятелъности:",
            "[x] работы на высоте",
            "[ ] работы в ночную смену",
            "Дocтупныe виды трудoвoй деятельности:",
            "[x] умственный труд",
        ],
        source="ocr",
    )
    got = {
        fv.key: fv.value for fv in WorkListsExtractor().extract(DocumentSpan(DocType.ipra, [page]))
    }
    assert got == {C: ["работы на высоте"], R: [], A: ["умственный труд"]}


def test_certificate_without_work_block_gives_empty_lists() -> None:
    page = build(
        [
            "Справка, подтверждающая факт установления инвалидности",
            "Серия МСЭ-2015 № 2431238",
            "Причина инвалидности: общее заболевание",
            "Инвалидность установлена на срок до 01.06.2027",
        ]
    )
    span = DocumentSpan(DocType.mse_certificate, [page])
    assert [fv.value for fv in WorkListsExtractor().extract(span)] == [[], [], []]


def test_list_runs_on_over_a_page_break_under_a_running_header() -> None:
    first = build(["Противопоказанные виды трудовой деятельности:", "[x] работы на высоте"])
    second = build(
        [
            "ИПРА инвалида № 123.4.56/2024 (продолжение)",
            "[x] работы у открытого огня",
            "[ ] работы в ночную смену",
            "Прогнозируемый результат: компенсация",
            "[x] протезирование верхней конечности",
        ]
    )
    second.number = 2
    span = DocumentSpan(DocType.ipra, [first, second])
    got = {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}
    assert got[C] == ["работы на высоте", "работы у открытого огня"]
