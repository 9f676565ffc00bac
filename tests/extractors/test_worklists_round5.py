"""Work-list shapes of the real forms that the earlier reading missed: one row per shape.

Each page is lines of cells ``(x, text)`` (or ``(x, text, (width, height))`` for
one word of a given size, an OCR'd sign), words 5 units a letter, lines 14
units apart, on a text-layer or an OCR page. Wordings are the printed ones of
the 486н IPRA (the table «Стойкие нарушения функций организма человека … |
Рекомендации о противопоказанных видах трудовой деятельности», studinfo.net/95007t2),
the old ИПР («Заключение о рекомендуемом характере и условиях труда»,
«Рекомендации о противопоказанных и доступных условиях и видах труда»), the
ФРИ printout («Вид трудовой деятельности, условие труда | Рекомендовано»,
«Наименование | Да/Нет») and plain bureau printouts («Показаны виды труда:»);
the OCR noise rows are what Tesseract makes of scans (table rules read as «I» or
«|», a «+» read as «-», a lost number, a misread heading of the next block).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mseflow.contract import DocType
from mseflow.extractors.base import DocumentSpan
from mseflow.extractors.worklists import WorkListsExtractor
from mseflow.reading.page import Checkbox, Line, PageSource, PageText, Word

CHAR = 5.0
STEP = 14.0
HEIGHT = 10.0
Cell = tuple[float, str] | tuple[float, str, tuple[float, float]]
C, R, A = "contraindications", "recommended_conditions", "available_work"
OPTIMAL = "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда"
ANY = (
    "Доступны виды трудовой деятельности в любых условиях труда, но выполнение трудовой "
    "деятельности может быть затруднено"
)
MARGIN = [(40.0, "Бюро медико-социальной экспертизы № 7 — филиал ФКУ «ГБ МСЭ по Омской области»")]


def page_of(lines: Sequence[Sequence[Cell]], source: PageSource = "text_layer") -> PageText:
    """A page of the given lines; a cell ``(x, "[x] label")`` draws a ticked box at ``x``."""
    page = PageText(number=1, source=source, width=595, height=842)
    for i, cells in enumerate(lines):
        y = 60 + i * STEP
        words = []
        for cell in cells:
            x, text = cell[0], cell[1]
            if len(cell) == 3:
                width, height = cell[2]  # type: ignore[misc]
                top = y + HEIGHT / 2 - height / 2
                words.append(Word(text, (x, top, x + width, top + height), 0.9))
                continue
            if text.startswith(("[x] ", "[ ] ")):
                page.checkboxes.append(Checkbox((x, y, x + 8, y + 8), text[1] == "x"))
                text, x = text[4:], x + 14
            for token in text.split():
                words.append(Word(token, (x, y, x + CHAR * len(token), y + HEIGHT), 0.9))
                x += CHAR * (len(token) + 1)
        if words:
            page.lines.append(Line(tuple(words)))
    return page


def lists(lines: Sequence[Sequence[Cell]], source: PageSource = "text_layer") -> dict:
    span = DocumentSpan(DocType.ipra, [page_of(lines, source)])
    return {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}


SHAPES: list[tuple[str, PageSource, list[list[Cell]], dict[str, list[str]]]] = [
    (
        "ipr379_conclusion_on_recommended_character_and_conditions",
        "text_layer",
        [
            MARGIN,
            [(40, "Рекомендации о противопоказанных и доступных условиях и видах труда")],
            [(40, "Заключение о рекомендуемом характере и условиях труда:")],
            [(50, "1) труд в специально созданных условиях;")],
            [(50, "2) работа с сокращённой продолжительностью рабочего времени.")],
            [(40, "Противопоказаны:")],
            [(50, "— работы в ночную смену.")],
        ],
        {
            R: [
                "труд в специально созданных условиях",
                "работа с сокращённой продолжительностью рабочего времени",
            ],
            C: ["работы в ночную смену"],
        },
    ),
    (
        "f486_table_header_stojkie_narushenija_with_wrapped_cells",
        "ocr",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности и производственные факторы:")],
            [(40, "Стойкие нарушения функций —"), (200, "Рекомендации о противопоказанных видах")],
            [(40, "организма человека,"), (200, "трудовой деятельности")],
            [(40, "обусловленные заболеваниями,")],
            [(40, "последствиями травм и дефектами")],
            [(40, "Нарушение нейромышечных,"), (200, "работы с высоким зрительным напряжением;")],
            [(40, "скелетных и связанных с"), (200, "работы у открытого огня и нагретых")],
            [(40, "движением"), (200, "поверхностей")],
            [(40, "(статодинамических) функций")],
            [(40, "Нарушение функций сердечно-"), (200, "управление транспортными средствами")],
            [(40, "сосудистой системы")],
            [(40, "Мероприятия социальной реабилитации")],
        ],
        {
            C: [
                "работы с высоким зрительным напряжением",
                "работы у открытого огня и нагретых поверхностей",
                "управление транспортными средствами",
            ]
        },
    ),
    (
        "negative_impairment_degree_line_is_no_table_header",
        "text_layer",
        [
            MARGIN,
            [(40, "Стойкие нарушения функций организма: II степень выраженности")],
            [(40, "нарушение функций сердечно-сосудистой системы")],
        ],
        {},
    ),
    (
        "ocr_semicolon_read_as_colon_inside_a_table_cell",
        "ocr",
        [
            MARGIN,
            [(40, "Стойкие нарушения функций"), (200, "Рекомендации о противопоказанных видах")],
            [
                (40, "Нарушение психических функций"),
                (200, "работы в ночную смену: работы, требующие"),
            ],
            [(200, "длительного пребывания на ногах")],
            [(40, "Показаны виды труда:")],
        ],
        {C: ["работы в ночную смену", "работы, требующие длительного пребывания на ногах"]},
    ),
    (
        "pokazany_vidy_truda_is_available_not_contraindicated",
        "ocr",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(50, "— работы на высоте;")],
            [(40, "Показаны виды труда:")],
            [(40, "ремонт часов и ювелирных изделий; библиотечное и архивное дело.")],
        ],
        {
            C: ["работы на высоте"],
            A: ["ремонт часов и ювелирных изделий", "библиотечное и архивное дело"],
        },
    ),
    (
        "fri_value_table_header_rekomendovano_is_no_item",
        "text_layer",
        [
            MARGIN,
            [(40, "Рекомендуемые условия труда:")],
            [(40, "Вид трудовой деятельности, условие труда"), (400, "Рекомендовано")],
            [(40, "Нуждается в дополнительных перерывах"), (400, "Нет")],
            [(40, OPTIMAL), (440, "Да")],
        ],
        {R: [OPTIMAL]},
    ),
    (
        "naimenovanie_header_with_wrapped_da_net_title",
        "text_layer",
        [
            MARGIN,
            [(40, "Рекомендуемые условия труда:")],
            [(200, "Наименование"), (440, "Да/")],
            [(440, "Нет")],
            [(40, "Работа только в дневную смену"), (440, "Да")],
            [(40, "Работа с сокращённым рабочим днём"), (440, "Нет")],
        ],
        {R: ["Работа только в дневную смену"]},
    ),
    (
        "two_of_the_three_options_written_in_are_items",
        "ocr",
        [
            MARGIN,
            [(40, "Рекомендации по условиям труда:")],
            [(40, "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда;")],
            [(40, "Доступны виды трудовой деятельности в любых условиях труда, но выполнение")],
            [(40, "трудовой деятельности может быть затруднено.")],
        ],
        {R: [OPTIMAL, ANY]},
    ),
    (
        "ocr_da_column_closer_than_a_cell_gap_and_a_rule_before_it",
        "ocr",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(40, "работы на открытом воздухе ‘<,"), (330, "Да")],
            [(40, "работа с режущим инструментом без ограждений"), (272, "Да")],
            [(40, "работы в условиях охлаждающего микроклимата I"), (330, "да“")],
            [(40, "производственный шум выше допустимого уровня"), (330, "нет _|")],
        ],
        {
            C: [
                "работы на открытом воздухе",
                "работа с режущим инструментом без ограждений",
                "работы в условиях охлаждающего микроклимата",
            ]
        },
    ),
    (
        "ocr_plus_read_as_dash_judged_by_its_box",
        "ocr",
        [
            MARGIN,
            [(40, "Рекомендуемые условия труда:")],
            [(40, "Нуждается в дополнительных перерывах"), (400, "-", (8, 8))],
            [(40, "Работа в дневную смену"), (400, "-", (8, 2))],
            [(40, "Снижение норм выработки"), (400, ">", (8, 2))],
        ],
        {R: ["Нуждается в дополнительных перерывах"]},
    ),
    (
        "ocr_numbered_table_number_lost_or_misread",
        "ocr",
        [
            MARGIN,
            [(40, "Доступные виды трудовой деятельности:")],
            [(40, "№"), (80, "Наименование")],
            [(40, "1"), (80, "приём и выдача заказов в пункте обслуживания")],
            [(40, "2"), (80, "вахтёр в отапливаемом помещении")],
            [(40, "к"), (80, "ремонт часов и ювелирных изделий")],
            [(80, "библиотечное и архивное дело")],
            [(40, "Технические средства реабилитации")],
        ],
        {
            A: [
                "приём и выдача заказов в пункте обслуживания",
                "вахтёр в отапливаемом помещении",
                "ремонт часов и ювелирных изделий",
                "библиотечное и архивное дело",
            ]
        },
    ),
    (
        "ocr_number_read_as_a_tick_glyph",
        "ocr",
        [
            MARGIN,
            [(40, "Доступные виды трудовой деятельности:")],
            [(40, "1"), (80, "ремонт часов и ювелирных изделий")],
            [(40, "2"), (80, "преподавание в малокомплектных группах")],
            [(40, "3"), (80, "приём и выдача заказов в пункте обслуживания")],
            [(40, "х"), (80, "библиотечное и архивное дело")],
        ],
        {
            A: [
                "ремонт часов и ювелирных изделий",
                "преподавание в малокомплектных группах",
                "приём и выдача заказов в пункте обслуживания",
                "библиотечное и архивное дело",
            ]
        },
    ),
    (
        "ocr_bullet_lost_and_a_speck_row",
        "ocr",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(50, "—"), (62, "работы в вынужденной рабочей позе;")],
            [(50, "—"), (62, "обслуживание движущихся механизмов;")],
            [(300, "<")],
            [(62, "управление транспортными средствами;")],
            [(50, "—"), (62, "частые и длительные служебные командировки.")],
        ],
        {
            C: [
                "работы в вынужденной рабочей позе",
                "обслуживание движущихся механизмов",
                "управление транспортными средствами",
                "частые и длительные служебные командировки",
            ]
        },
    ),
    (
        "ocr_damaged_next_block_heading_ends_the_list",
        "ocr",
        [
            MARGIN,
            [(40, "Доступные виды трудовой деятельности:")],
            [(40, "1"), (80, "оператор ЭВМ с регламентированными перерывами")],
            [(40, "Рекоменлании по оборудованию (осиаению) специального рабочего места")],
            [(50, "— кресло с подлокотниками и регулируемой высотой;")],
            [(50, "— подставка для ног;")],
        ],
        {A: ["оператор ЭВМ с регламентированными перерывами"]},
    ),
    (
        "semicolon_list_keeps_commas_inside_items",
        "text_layer",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(40, "работа в ночное время; разъездной характер работы, командировки;")],
            [(40, "управление транспортными средствами.")],
        ],
        {
            C: [
                "работа в ночное время",
                "разъездной характер работы, командировки",
                "управление транспортными средствами",
            ]
        },
    ),
    (
        "numbered_item_keeps_its_commas",
        "text_layer",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(50, "1. работа в вынужденной рабочей позе более 25 % смены;")],
            [(50, "2. контакт с токсичными веществами, аллергенами и пылью;")],
            [(50, "3. ремонт и очистка кровли.")],
        ],
        {
            C: [
                "работа в вынужденной рабочей позе более 25 % смены",
                "контакт с токсичными веществами, аллергенами и пылью",
                "ремонт и очистка кровли",
            ]
        },
    ),
    (
        "incapable_conclusion_cells_joined_is_no_heading",
        "ocr",
        [
            MARGIN,
            [(40, "Заключение о"), (200, "трудовая деятельность")],
            [(40, "способности к трудовой"), (200, "противопоказана")],
            [(40, "деятельности")],
            [(40, "Акт освидетельствования № 2237.12.37/2013 от 07.03.2013")],
        ],
        {},
    ),
    (
        "cropped_negated_statement_under_a_cropped_title_is_no_item",
        "ocr",
        [
            MARGIN,
            [(0, "нных и противопоказанных видах трудовой деятельности с учетом")],
            [(0, "рганизма человека, обусловленных заболеваниями,")],
            [(0, "рудовой деятельности не установлена.")],
            [(0, "м труда:")],
        ],
        {},
    ),
    (
        "ticked_box_label_wrapping_under_its_box",
        "ocr",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(40, "[x] разъездной характер работы, командировки")],
            [
                (
                    40,
                    "[x] виды трудовой деятельности, при которых утрата зрительного контроля "
                    "может создать угрозу",
                )
            ],
            [(40, "жизни и здоровью инвалида и окружающих")],
            [(40, "[ ] работа в ночное время")],
        ],
        {
            C: [
                "разъездной характер работы, командировки",
                "виды трудовой деятельности, при которых утрата зрительного контроля может "
                "создать угрозу жизни и здоровью инвалида и окружающих",
            ]
        },
    ),
    (
        "ocr_missed_box_read_as_a_box_shaped_word_and_a_damaged_short_heading",
        "ocr",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(40, "[ ] подъем и перемещение тяжестей")],
            [(40, "КИ", (8, 8)), (54, "работа в условиях общей и локальной вибрации")],
            [(40, "[ ] работа в вынужденной рабочей позе")],
            [(40, "О", (8, 8)), (54, "работы у движущихся механизмов")],
            [(40, "Достуийно:")],
            [(40, "[ ] надомный труд")],
            [(40, "К7", (8, 8)), (54, "архивная и библиотечная работа")],
        ],
        {
            C: ["работа в условиях общей и локальной вибрации"],
            A: ["архивная и библиотечная работа"],
        },
    ),
    (
        "text_layer_item_keeps_its_printed_words",
        "text_layer",
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(50, "— работа в ночное время;")],
            [(50, "— тяжёлый физический труд.")],
        ],
        {C: ["работа в ночное время", "тяжёлый физический труд"]},
    ),
]


@pytest.mark.parametrize(
    ("source", "lines", "expected"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES]
)
def test_work_list_shapes_round5(
    source: PageSource, lines: list[list[Cell]], expected: dict[str, list[str]]
) -> None:
    got = lists(lines, source)
    assert got == {key: expected.get(key, []) for key in (C, R, A)}


def test_ocr_item_is_normalised_to_the_dictionary_phrase() -> None:
    """On an OCR page a damaged item takes the phrase it most likely is (text layer: not)."""
    lines = [
        MARGIN,
        [(40, "Противопоказанные виды трудовой деятельности:")],
        [(50, "— работы на высотe;")],  # Latin «e»
    ]
    assert lists(lines, "ocr")[C] == ["работы на высоте"]


def test_raster_box_with_a_square_inside_its_frame_is_ticked() -> None:
    """■ in □ (a filled mark set inside the frame) is ticked; an empty box is not."""
    import numpy as np
    from PIL import Image, ImageDraw

    from mseflow.reading.checkboxes import find_raster_checkboxes

    image = Image.new("L", (2480, 600), 255)
    draw = ImageDraw.Draw(image)
    for i, filled in enumerate([True, True, False, False]):
        x, y = 250, 100 + i * 110
        draw.rectangle((x, y, x + 52, y + 52), outline=0, width=4)
        if filled:
            draw.rectangle((x + 13, y + 13, x + 39, y + 39), fill=0)
    boxes = find_raster_checkboxes(np.asarray(image))
    assert [b.checked for b in sorted(boxes, key=lambda b: b.bbox[1])] == [True, True, False, False]


HIGH = "работы, требующие длительного"


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        pytest.param(
            [[(62, "пребывания на ногах;")], [(50, "—"), (62, "работы в ночную смену.")]],
            [f"{HIGH} пребывания на ногах", "работы в ночную смену"],
            id="item-carried-over-the-page-break",
        ),
        pytest.param(
            [[(200, "Пребывания на ногах;")], [(50, "—"), (62, "работы в ночную смену.")]],
            [HIGH],
            id="capitalised-line-elsewhere-is-no-carry-over",
        ),
    ],
)
def test_item_split_across_pages(second: list[list[Cell]], expected: list[str]) -> None:
    """The last line of a page carries on at the top of the next when the item is unfinished."""
    first = page_of(
        [
            MARGIN,
            [(40, "Противопоказанные виды трудовой деятельности:")],
            [(50, "—"), (62, "работы на высоте;")],
            [(50, "—"), (62, HIGH)],
        ],
        "ocr",
    )
    nxt = page_of(second, "ocr")
    nxt.number = 2
    span = DocumentSpan(DocType.ipra, [first, nxt])
    got = {fv.key: fv.value for fv in WorkListsExtractor().extract(span)}
    assert got[C] == ["работы на высоте", *expected]
