"""Issue 13, the parts that buy speed: each must give the same answers as the slow way."""

from __future__ import annotations

import operator
import subprocess
import sys

import numpy as np
import pytest

from mseflow.extractors.incapable import CAN_MATCH, _nlp_and_matcher, find_note
from mseflow.parallel import map_in_workers, start_order
from mseflow.reading.checkboxes import _horizontal_bands
from mseflow.reading.preprocess import measure_skew, rotate_bound

from .drawing import draw_page


def test_costliest_items_start_first_and_results_keep_input_order() -> None:
    assert start_order(5, [1.0, 9.0, 1.0, 4.0, 9.0]) == [1, 4, 3, 0, 2]
    assert start_order(3, None) == [0, 1, 2]
    costs = [float(i % 3) for i in range(7)]
    results = list(map_in_workers(operator.mul, list(range(7)), 2, 3, costs=costs))
    assert results == [i * 3 for i in range(7)]


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_cli_imports_neither_the_generator_nor_the_models() -> None:
    loaded = _imported_after("import mseflow.cli")
    assert "mseflow.cli" in loaded
    heavy = {"mseflow.fixtures", "mseflow.fixtures.generate", "spacy", "natasha", "prefect"}
    assert not heavy & loaded


def test_preload_loads_the_common_models_once_and_leaves_spacy_and_natasha() -> None:
    code = (
        "import sys, mseflow.preload; from mseflow.extractors import models, dates; "
        "print(models.spacy_ru.cache_info().currsize, models.natasha_ner.cache_info().currsize,"
        " models.morph.cache_info().currsize, dates._parser.cache_info().currsize,"
        " int('spacy' in sys.modules), int('pkg_resources' in sys.modules),"
        " round(models.warm_common(), 3))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    spacy_n, natasha_n, morph_n, parser_n, spacy_mod, pkg_mod, again = done.stdout.split()
    assert (morph_n, parser_n) == ("1", "1")  # shared by every forked worker
    assert (spacy_n, natasha_n, spacy_mod) == ("0", "0", "0")  # loaded where a line needs them
    assert pkg_mod == "0"  # the date grammar runs on pymorphy3, not a second pymorphy2
    assert float(again) < 0.05  # a second call loads nothing


def test_warm_loads_every_model_once() -> None:
    code = (
        "from mseflow.extractors import models; first = models.warm(); "
        "print(models.spacy_ru.cache_info().currsize, models.natasha_ner.cache_info().currsize,"
        " models.morph.cache_info().currsize, round(models.warm(), 3))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    spacy_n, natasha_n, morph_n, again = done.stdout.split()
    assert (spacy_n, natasha_n, morph_n) == ("1", "1", "1")
    assert float(again) < 0.05  # a second warm() loads nothing


def test_dates_read_alike_on_pymorphy3_and_on_yargys_own_pymorphy2() -> None:
    from yargy import Parser

    from mseflow.extractors.dates import _parser
    from mseflow.extractors.grammars.date import DATE, MONTHS
    from mseflow.extractors.models import morph

    default = Parser(DATE)  # yargy's own pymorphy2 analyzer
    forms = {f.word for name in [*MONTHS, "год"] for f in morph().parse(name)[0].lexeme}
    texts = [
        text
        for form in sorted(forms)
        for word in (form, form.upper(), form.capitalize())
        for text in (f"01 {word} 2020", f"«1» {word} 2020 г.", f"12 мая 2020 {word}")
    ] + ["с 01.05.2026 до 1 июня 2027 г.", "01/05/26, 1-5-2026", "«15» МАРТА 1984 ГОДА"]
    found = 0
    for text in texts:
        ours = [(m.span, m.fact) for m in _parser().findall(text)]
        assert ours == [(m.span, m.fact) for m in default.findall(text)], text
        found += len(ours)
    assert found > len(texts) // 2  # most are dates: the comparison is not of misses only
    assert [m.fact.month for m in _parser().findall("«1» АВГУСТА 2020 г.")] == [8]


NOTE_TEXTS = [
    "Заключение: полностью неспособен к трудовой деятельности",
    "ЗАКЛЮЧЕНИЕ О ТРУДОСПОСОБНОСТИ: НЕТРУДОСПОСОБЕН",
    "трудовая деятельность противопоказана",
    "противопоказана трудовая деятельность в любых условиях",
    "невозможность (противопоказанность) осуществления трудовой деятельности",
    "противопоказанность осуществления трудовой деятельности",
    "не способен к трудовой деятельности",
    "Трудовая  деятельность, противопоказана",
    "период временной нетрудоспособности",
    "не лишён трудоспособности",
    "доступна / противопоказана (нужное подчеркнуть)",
    "противопоказаны работы на высоте",
    "трудовой-деятельности противопоказано",
    "Способен к трудовой деятельности",
]


@pytest.mark.parametrize("text", NOTE_TEXTS)
def test_the_cheap_gate_never_hides_a_matcher_hit(text: str) -> None:
    nlp, matcher = _nlp_and_matcher()
    if matcher(nlp(text)):
        assert CAN_MATCH.search(text), text
    if not CAN_MATCH.search(text):
        assert find_note(text) is None


def test_the_gate_keeps_the_known_answers() -> None:
    assert find_note(NOTE_TEXTS[0]) is not None
    assert find_note(NOTE_TEXTS[4]) is not None
    assert find_note("период временной нетрудоспособности") is None
    assert find_note("противопоказаны работы на высоте") is None


def _bands_row_by_row(region: np.ndarray, min_run: float) -> list[tuple[int, int, int]]:
    """The reference: the first longest ink run of each row, row by row, then the bands."""
    rows = []
    for r in range(region.shape[0]):
        line = np.concatenate(([0], region[r].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(line))
        starts, ends = edges[::2], edges[1::2]
        if len(starts) == 0:
            continue
        k = int(np.argmax(ends - starts))
        if ends[k] - starts[k] >= min_run:
            rows.append((r, int(starts[k]), int(ends[k] - starts[k])))
    bands: list[list[tuple[int, int, int]]] = []
    for row in rows:
        if bands and row[0] == bands[-1][-1][0] + 1:
            bands[-1].append(row)
        else:
            bands.append([row])
    out = []
    for i, band in enumerate(bands):
        edge = band[0] if i == 0 else band[-1]
        longest = max(band, key=lambda b: b[2])
        out.append((edge[0], longest[1], longest[2]))
    return out


def test_tick_box_bands_match_the_row_by_row_reference() -> None:
    rng = np.random.default_rng(13)
    for _ in range(600):
        height, width = (int(v) for v in rng.integers(1, 30, 2))
        region = rng.random((height, width)) < rng.random()
        min_run = float(rng.random() * 8)
        assert _horizontal_bands(region, min_run) == _bands_row_by_row(region, min_run)
    assert _horizontal_bands(np.zeros((0, 5), bool), 1.0) == []


@pytest.mark.parametrize("angle", [-4.5, -1.2, 0.0, 0.7, 3.0])
def test_skew_from_projected_points_finds_the_turn(angle: float) -> None:
    gray = np.asarray(draw_page().convert("L"))
    turned = rotate_bound(gray, angle) if angle else gray
    assert abs(measure_skew(turned) + angle) <= 0.2
