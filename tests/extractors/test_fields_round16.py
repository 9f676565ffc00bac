"""Round 16 (helper `fields14`): wordings and layouts the extractors missed or misread.

Each table row is one printed shape from the real forms:

* the 486н conclusion «невозможность (противопоказанность) осуществления трудовой
  деятельности» wrapped after its first word under «Заключение о возможности осуществления
  трудовой деятельности:» (the note is the value of the labelled conclusion; a negation on the
  next line still negates it);
* the FRI register extract's closing line on its data («Сведения актуальны на дату
  формирования выписки», «Сведения по состоянию на …», «Дата формирования выписки: …») under
  the last list of the work block, and the «Руководитель …» line OCR broke («Руководите ть
  учреждения …»): the end of the lists, never an item;
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_page
from .test_worklists_round9 import A, C, lists_of, page_of

IPRA_HEAD = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "ИПРА инвалида № 1230.19.16/2026 к протоколу проведения медико-социальной экспертизы",
    "2. Фамилия, имя, отчество (при наличии): Рябоконь Зоя Кузьминична",
    "Рекомендации о показанных и противопоказанных видах трудовой деятельности",
]
CONCLUSION = "Заключение о возможности осуществления трудовой деятельности:"
WRAPPED_NOTE = [
    ([f"{CONCLUSION} невозможность", "(противопоказанность) осуществления трудовой деятельности"], True),
    ([f"{CONCLUSION} невозможность (противопоказанность)", "осуществления трудовой деятельности"], True),
    ([f"{CONCLUSION} невозможность (противопоказанность) осуществления трудовой деятельности"], True),
    ([f"{CONCLUSION} невозможность", "(противопоказанность) осуществления трудовой деятельности", "не установлена"], False),
    ([f"{CONCLUSION} невозможность", "С содержанием ИПРА инвалида согласен(на)"], False),
    ([f"{CONCLUSION} возможность осуществления трудовой деятельности"], False),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "want"), WRAPPED_NOTE)
def test_conclusion_wrapped_after_its_first_word(lines: list[str], want: bool) -> None:
    page = make_page(IPRA_HEAD + lines, source="ocr", confidence=0.95)
    values = extract_fields(DocumentSpan(DocType.ipra, [page])).values
    assert bool(values.get("incapable_of_work")) is want


FRI_BLOCK = [
    "Выписка из федеральной государственной информационной системы «Федеральный реестр инвалидов»",
    "Сведения об индивидуальной программе реабилитации или абилитации инвалида",
    "5. Номер ИПРА инвалида 2555.35.56/2023",
    "Рекомендации о показанных и противопоказанных видах трудовой деятельности:",
    "Противопоказанные виды трудовой деятельности:",
    "1. работы в ночную смену",
    "2. работы в условиях вибрации",
]
FOOTERS = [
    ("Доступные виды трудовой деятельности: вахтёр, сборщик изделий из пластмасс.", "Сведения актуальны на дату формирования выписки."),
    ("Доступные виды трудовой деятельности: вахтёр, сборщик изделий из пластмасс", "Сведения актуальны на 26.10.2026"),
    ("Доступные виды трудовой деятельности: вахтёр, сборщик изделий из пластмасс.", "Сведения по состоянию на 26.10.2026"),
    ("Доступные виды трудовой деятельности: вахтёр, сборщик изделий из пластмасс.", "Дата формирования выписки: 26.10.2026"),
    ("Доступные виды трудовой деятельности: вахтёр, сборщик изделий из пластмасс.", "Выписка сформирована 26.10.2026"),
]  # fmt: skip


@pytest.mark.parametrize("source", ["text_layer", "ocr"])
@pytest.mark.parametrize(("available", "footer"), FOOTERS)
def test_register_footer_ends_the_lists(available: str, footer: str, source: str) -> None:
    cells = [(60, 40 + 14 * i, text) for i, text in enumerate([*FRI_BLOCK, available, footer])]
    got = lists_of(page_of(cells, source))  # type: ignore[arg-type]
    assert got.get(A) == ["вахтёр", "сборщик изделий из пластмасс"]
    assert got.get(C) == ["работы в ночную смену", "работы в условиях вибрации"]


PROSE_379 = [
    "ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА",
    "Рекомендации о противопоказанных и доступных условиях и видах труда:",
    "противопоказано: работы в ночную смену; работы в условиях вибрации.",
]
SIGNED = [
    ["Руководите ть учреждения медико-социальной экспертизы", "Н. Лаврентьева"],
    ["Руководитель учреждения медико-социальной экспертизы", "Н. Лаврентьева"],
    ["Руководитель бюро", "О. Н. Лаврентьева"],
]


@pytest.mark.parametrize("signed", SIGNED)
def test_head_of_bureau_ends_the_prose_lists(signed: list[str]) -> None:
    cells = [(60, 40 + 14 * i, text) for i, text in enumerate([*PROSE_379, *signed])]
    got = lists_of(page_of(cells, "ocr"))
    assert got.get(C) == ["работы в ночную смену", "работы в условиях вибрации"]
