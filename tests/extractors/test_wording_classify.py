"""Title wordings and layouts of the two forms, one row each: the document type they start."""

from __future__ import annotations

import pytest

from mseflow.contract import DocType
from mseflow.extractors.classify import split_documents

from .pages import make_page

TITLES = [
    pytest.param(["Справка, подтверждающая факт установления инвалидности"], DocType.mse_certificate, id="1031n"),
    pytest.param(["СПРАВКА,", "ПОДТВЕРЖДАЮЩАЯ ФАКТ", "УСТАНОВЛЕНИЯ ИНВАЛИДНОСТИ"], DocType.mse_certificate, id="upper-three-lines"),
    pytest.param(["С П Р А В К А", "Серия МСЭ-2011 N 0123456"], DocType.mse_certificate, id="letter-spaced-series"),
    pytest.param(["ВЫПИСКА ИЗ АКТА ОСВИДЕТЕЛЬСТВОВАНИЯ ГРАЖДАНИНА,", "ПРИЗНАННОГО ИНВАЛИДОМ"], DocType.mse_certificate, id="old-vypiska"),
    pytest.param(["Индивидуальная программа", "реабилитации или абилитации инвалида, выдаваемая федеральными", "государственными учреждениями медико-социальной экспертизы"], DocType.ipra, id="486n-three-lines"),
    pytest.param(["ИНДИВИДУАЛЬНАЯ ПРОГРАММА РЕАБИЛИТАЦИИ ИНВАЛИДА"], DocType.ipra, id="379n"),
    pytest.param(["Индивидуальная программа реабилитации или абилитации ребенка-инвалида"], DocType.ipra, id="child"),
    pytest.param(["ЗАЯВЛЕНИЕ", "Прошу учесть рекомендации индивидуальной программы реабилитации"], DocType.other, id="application"),
    pytest.param(["СПРАВКА С МЕСТА РАБОТЫ", "Выдана для предъявления по месту требования"], DocType.other, id="work-reference"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), TITLES)
def test_titles(lines: list[str], expected: DocType) -> None:
    page = make_page(
        ["ФКУ «ГБ МСЭ по Омской области» Минтруда России", *lines, "Дата выдачи: 01.02.2024"]
    )
    assert [s.doc_type for s in split_documents([page])] == [expected]
