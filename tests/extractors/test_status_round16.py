"""Round 16 (helper `status`): a later IPRA page filed before the file's other documents.

Lines follow the printed text of the 486н IPRA (Приказ № 486н, Приложение № 2) and of the 1031н
certificate (Приказ № 1031н, Приложение № 1).
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors.classify import split_documents

from .pages import make_pages

IPRA_BACK = [  # the closing line below the top lines, as on the form
    "Мероприятия профессиональной реабилитации или абилитации",
    "Рекомендации о показанных и противопоказанных видах трудовой деятельности с",
    "учетом нарушенных функций организма человека, обусловленных заболеваниями,",
    "Противопоказанные виды трудовой деятельности:",
    "Условия трудовой деятельности",
    "Доступны виды трудовой деятельности в оптимальных, допустимых",
    "условиях труда",
    "Нуждается в дополнительных перерывах",
    "Противопоказанные виды трудовой деятельности:",
    "1. работы в ночную смену",
    "2. работы в условиях повышенного шума",
    "3. работы с управлением транспортными средствами",
    "С содержанием ИПРА инвалида согласен(на) (подпись)",
    "Руководитель бюро (главного бюро, Федерального бюро)",
]
CERTIFICATE = [
    "ФКУ «ГБ МСЭ по Удмуртской Республике» Минтруда России (бюро № 14 общего профиля)",
    "СПРАВКА",
    "подтверждающая факт установления инвалидности",
    "Серия МСЭ-2025 № 6914905",
    "Фамилия, имя, отчество Зарецкий Тимур Ильич",
    "Группа инвалидности III группа",
]
IPRA_TITLE = [
    "Приложение № 2",
    "Индивидуальная программа реабилитации или абилитации инвалида, выдаваемая",
    "федеральными государственными учреждениями медико-социальной экспертизы",
    "ИПРА инвалида № 2004.36.49/2026 к протоколу проведения медико-социальной экспертизы",
    "1. Дата разработки ИПРА инвалида: 13.09.2026 г.",
    "2. Фамилия, имя, отчество (при наличии): Зарецкий Тимур Ильич",
    "18. Дата выдачи ИПРА инвалида: 13.09.2026 г.",
]
LETTER = ["Уважаемый коллега!", "Направляем документы работника для личного дела."]

# (id, pages, expected spans as (doc_type, page numbers))
FILES = [
    ("back-page-filed-first", [IPRA_BACK, CERTIFICATE, IPRA_TITLE],
     [(DocType.mse_certificate, [2]), (DocType.ipra, [3, 1])]),
    ("two-ipras-page-kept-apart", [IPRA_BACK, IPRA_TITLE, IPRA_TITLE],
     [(DocType.other, [1]), (DocType.ipra, [2]), (DocType.ipra, [3])]),
    ("ipra-has-its-back-page", [IPRA_BACK, CERTIFICATE, IPRA_TITLE, IPRA_BACK],
     [(DocType.other, [1]), (DocType.mse_certificate, [2]), (DocType.ipra, [3, 4])]),
    ("a-letter-first-stays", [LETTER, CERTIFICATE, IPRA_TITLE],
     [(DocType.other, [1]), (DocType.mse_certificate, [2]), (DocType.ipra, [3])]),
]  # fmt: skip


@pytest.mark.parametrize(("pages", "want"), [pytest.param(*r[1:], id=r[0]) for r in FILES])
def test_misfiled_ipra_page(pages: list[list[str]], want: list[tuple[DocType, list[int]]]) -> None:
    spans = split_documents(make_pages(*pages))
    assert [(s.doc_type, [p.number for p in s.pages]) for s in spans] == want
