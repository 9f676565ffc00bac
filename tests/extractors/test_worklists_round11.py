"""Work lists, round 11 (helper `fields10`): one row per wording family 10's scans showed.

* The 486н recommended-conditions item «Доступны виды трудовой деятельности в оптимальных,
  допустимых условиях труда» with its «ы» read «ь» is an item, not the heading «Доступные
  виды трудовой деятельности:» (which follows it on the form), so the four printed options
  never become available kinds of work.
* The form's closing lines «Дата выдачи ИПРА инвалида: …» and «С содержанием ИПРА инвалида
  согласен» (Приказ 486н, прил. 2) end the last list also when OCR damaged them («Дота
  выдачи ИПРА инволиос», «С содержанчем …»).

Pages are lines placed by hand (:mod:`tests.extractors.pages`), read as OCR pages.
"""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors import extract_fields
from mseflow.extractors.base import DocumentSpan

from .pages import make_page

HEAD = [
    "Индивидуальная программа реабилитации или абилитации инвалида",
    "Мероприятия профессиональной реабилитации или абилитации",
]


def _available(lines: list[str]) -> list[str]:
    page = make_page([*HEAD, *lines], source="ocr")
    return extract_fields(DocumentSpan(DocType.ipra, [page])).values["available_work"]


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (
            [
                "Заключение о рекомендуемом характере и условиях труда (нужное подчеркнуть):",
                "Доступнь виды трудовой деятельности в оптимальных, допустимых условиях ‘груда",
                "Доступнь виды трудовой деятельности в любых условиях труда, но выполнение трудовой",
                "деятельности может быть затруднено",
                "Трудовая деятельность возможна при значительной помощи других лиц",
                "Нуждается в дополнительных перерывах",
                "Доступные виды трудовой деятельности:",
                "- работа на дому с использованием компьютера",
                "ДАТА ВЫДАЧИ ИПРА ИНВАЛИДА: 24.08.2026",
            ],
            ["работа на дому с использованием компьютера"],
        ),
        (
            [
                "Доступные виды трудовой деятельности:",
                "надомный труд",  # its dash lost by OCR: a plain line, as the closing lines are
                "Дота выдачи ИПРА инволиос: 11 января 2026 года",
                'С содержанчем ИПРА инвалида согласен У" абись)',
            ],
            ["надомный труд"],
        ),
    ],
)
def test_list_bounds(lines: list[str], want: list[str]) -> None:
    assert _available(lines) == want
