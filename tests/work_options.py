"""The recommended working conditions of the 486н IPRA, as the form prints them (Приказ
Минтруда России № 486н, Приложение № 2, «Рекомендации о показанных и противопоказанных видах
трудовой деятельности …»: «Заключение о рекомендуемом характере и условиях труда»; see
shared/forms-reference.md). Tests draw and read these options; the texts are the form's.
"""

from __future__ import annotations

OPTIMAL = "Доступны виды трудовой деятельности в оптимальных, допустимых условиях труда"
ANY = (
    "Доступны виды трудовой деятельности в любых условиях труда, но выполнение трудовой "
    "деятельности может быть затруднено"
)
HELP = "Трудовая деятельность возможна при значительной помощи других лиц"
BREAKS = "Нуждается в дополнительных перерывах"

ROWS: list[tuple[str, ...]] = [
    (OPTIMAL,),
    (
        "Доступны виды трудовой деятельности в любых условиях труда, но выполнение трудовой",
        "деятельности может быть затруднено",
    ),
    (HELP,),
    (BREAKS,),
]
"""The options one a row, as the form's column wraps them (the second on two lines)."""
