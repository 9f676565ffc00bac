"""Family 11 (pages drawn by cairo: PDF surface, image surface): the generator's own output."""

from __future__ import annotations

import datetime as dt
import io
import random
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from mseflow.contract import Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family11
from mseflow.fixtures.family11 import plan, scans
from mseflow.fixtures.family11.canvas import Face, Page, render_pdf
from mseflow.fixtures.family11.persons import Person, fmt_date, snils
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.fixtures.verdicts import expected_status

from .generated import (
    SetsByKind,
    check_a_new_process_writes_the_same_bytes,
    check_same_seed_same_bytes,
    check_set_layout,
    check_verdicts,
    flat,
    one_set_per_kind,
    set_rows,
)

REF = family11.DEFAULT_REFERENCE_DATE


def _text(path: Path, pages: list[int]) -> str:
    """The text layer as poppler's ``pdftotext`` reads it (not the project's reader)."""
    parts = []
    for page in pages:
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        parts.append(done.stdout)
    return flat(" ".join(parts))


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f11text")
    family11.generate(40, 23, out, kinds=["text_layer"], violation_share=0.4)
    return out, set_rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> SetsByKind:
    return one_set_per_kind(family11.generate, family11.KINDS, tmp_path_factory, "f11", 70)


def test_family11_is_registered_and_writes_the_set_layout(tmp_path: Path) -> None:
    assert "family11" in FAMILIES
    rows = generate_set("family11", 3, 3, tmp_path / "s", kinds=["text_layer"])
    check_set_layout("family11", tmp_path / "s", rows, REF, 3)
    assert (tmp_path / "s").stat().st_mode & 0o777 == 0o700


def test_unknown_kinds_and_n_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        family11.generate(1, 1, tmp_path, kinds=["scan_999"])
    with pytest.raises(ConfigError):
        family11.generate(0, 1, tmp_path)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    check_same_seed_same_bytes(
        lambda out, seed: family11.generate(
            4, seed, out, kinds=["text_layer", "dithered_g4", "cmyk_jpeg"]
        ),
        tmp_path,
    )


def test_a_new_process_writes_the_same_bytes(tmp_path: Path) -> None:
    """cairo's font subsets and PDF objects do not depend on the process (no clock, no hash seed)."""
    check_a_new_process_writes_the_same_bytes(
        "family11", "family11.generate(3, 5, out, kinds=['text_layer'])", tmp_path
    )


def test_truth_rows_parse_with_the_contract(text_set) -> None:
    _, rows = text_set
    for row in rows:
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert rec == {"doc_type": "other"}
            assert row["expected_issue_codes"] == ["not_a_disability_document"]
            assert row["expected_status"] == "needs_review"
            continue
        keys = plan.IPRA_KEYS if rec["doc_type"] == "ipra" else plan.RECORD_KEYS
        assert set(rec) == {"doc_type", *keys}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        assert rec["indefinite"] == (rec["valid_until"] is None)
        assert not (rec["indefinite"] and rec["reexamination_date"])
        if rec["incapable_of_work"]:
            assert rec["work_restriction_degree"] == 3, row["file"]
        assert row["expected_status"] == expected_status(row["expected_issue_codes"])


def test_verdicts_match_the_validators(text_set) -> None:
    _, rows = text_set
    check_verdicts(rows, REF)
    assert {r["expected_status"] for r in rows} == {"valid", "needs_review", "invalid"}


def test_the_text_layer_prints_every_value_and_item(text_set) -> None:
    out, rows = text_set
    for row in rows:
        text = _text(out / row["file"], row["pages"])
        for key, value in row["printed"].items():
            assert flat(value) in text, (row["file"], key, value)
        for item in row["printed_items"]:
            assert flat(item) in text, (row["file"], item)
        rec = row["record"]
        if rec["doc_type"] == "other":
            continue
        if "name_dative" in row["printed"]:  # «Выдана Кондратьевой Инне …»: truth nominative
            assert row["printed"]["name_dative"] != rec["full_name"]
        else:
            assert rec["full_name"].lower() in text.lower()
        assert rec["issuer"] in text, (row["file"], rec["issuer"])
        if rec["document_series"]:
            assert rec["document_series"] in text and rec["document_number"] in text
        if rec["indefinite"]:
            assert "бессрочно" in text.lower()
        for key in ("contraindications", "recommended_conditions", "available_work"):
            for item in rec[key]:
                assert item in row["printed_items"]


def test_forms_scenarios_and_layouts_are_mixed(text_set) -> None:
    _, rows = text_set
    layouts = {r["layout"] for r in rows}
    assert {"mse_certificate", "ipra", "other"} <= {lay.split("/")[0] for lay in layouts}
    assert len(layouts) >= 8
    files: dict[str, list[str]] = {}
    for r in rows:
        files.setdefault(r["file"], []).append(r["record"]["doc_type"])
    assert any(sorted(v) == ["ipra", "mse_certificate"] for v in files.values())
    forms = {r["form"] for r in rows}
    assert {"1031n", "486n", "379n"} <= forms


def test_the_default_mix_keeps_a_third_text_layers(tmp_path: Path) -> None:
    from mseflow.fixtures.family11 import _kind_deck

    deck = _kind_deck(random.Random(1), 40, list(family11.KINDS))
    assert deck.count("text_layer") == 12
    assert set(deck) == set(family11.KINDS)
    comps = family11._deck(random.Random(1), 40)
    family11._fit(comps, deck)
    for comp, kind in zip(comps, deck, strict=True):
        if scans.KIND_SPECS[kind].single_page:
            assert comp in family11.SINGLE_PAGE
        if scans.KIND_SPECS[kind].multi_page:
            assert comp not in family11.SINGLE_PAGE


@pytest.mark.parametrize("kind", family11.KINDS)
def test_each_kind_writes_files_that_open(every_kind, kind: str) -> None:
    out, rows = every_kind[kind]
    assert {r["kind"] for r in rows} == {kind}
    spec = scans.KIND_SPECS[kind]
    assert rows[0]["degradation"] == spec.degradation
    path = out / rows[0]["file"]
    data = path.read_bytes()
    last_page = max(p for r in rows for p in r["pages"])
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(data)
        count = len(pdf)
        assert count >= last_page
        bitmap = pdf[0].render(scale=0.2).to_pil()
        assert bitmap.width > 50
        if kind == "text_layer":
            assert rows[0]["dpi"] is None
        else:
            assert not (pdf[0].get_textpage().get_text_range() or "").strip()
            assert rows[0]["dpi"] == [spec.dpi] * count
        if kind == "duplex_blank":
            assert count == 2 * len({p for r in rows for p in r["pages"]})
        if kind == "turned_90":
            assert bitmap.width > bitmap.height  # a portrait page lying on its side
    else:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            assert getattr(im, "n_frames", 1) == last_page
            assert im.width > 500 and im.height > 500
            if kind == "grey16_png":
                assert im.mode in ("I;16", "I")
            if kind == "cmyk_jpeg":
                assert im.mode == "CMYK"
            if kind == "dithered_g4":
                assert im.mode == "1" and im.info.get("compression") == "group4"
            if kind == "scan_600":
                assert round(im.info["dpi"][0]) == 600
            if kind == "a5_on_a4":
                assert rows[0]["layout"].split("/")[0] in ("mse_certificate", "other")


def test_reversed_pages_are_counted_from_the_file() -> None:
    pages = [Page() for _ in range(3)]
    for i, page in enumerate(pages):
        page.text(100, 100, f"страница {i + 1}", Face("Charis SIL"), 40)
    parts = [{"pages": [1, 2]}, {"pages": [3]}]
    rng = np.random.default_rng(1)
    data, dpis = family11._render("reversed_pages", pages, parts, rng, ["a", "b"])
    assert parts == [{"pages": [2, 3]}, {"pages": [1]}]
    assert dpis == [300, 300, 300] and len(pdfium.PdfDocument(data)) == 3


@pytest.mark.parametrize(
    ("style", "printed"),
    [
        ("dots", "05.03.2025"),
        ("dots_g", "05.03.2025 г."),
        ("nozero", "5.03.2025"),
        ("quoted_g", "«05» марта 2025 г."),
        ("long_g", "5 марта 2025 г."),
        ("iso", "2025-03-05"),
    ],
)
def test_date_styles(style: str, printed: str) -> None:
    assert fmt_date(dt.date(2025, 3, 5), style) == printed


@pytest.mark.parametrize(
    ("surname", "first", "patronymic", "female", "dative"),
    [
        ("Кондратьева", "Инна", "Леонидовна", True, "Кондратьевой Инне Леонидовне"),
        ("Лукин", "Георгий", "Богданович", False, "Лукину Георгию Богдановичу"),
        ("Шевчук", "Лидия", "Руслановна", True, "Шевчук Лидии Руслановне"),
        ("Шевчук", "Матвей", "Эдуардович", False, "Шевчуку Матвею Эдуардовичу"),
        ("Фомичёв", "Семён", "Витальевич", False, "Фомичёву Семёну Витальевичу"),
        ("Калинина", "Зоя", "Геннадьевна", True, "Калининой Зое Геннадьевне"),
    ],
)
def test_dative_of_the_name(
    surname: str, first: str, patronymic: str, female: bool, dative: str
) -> None:
    person = Person(surname, first, patronymic, female, dt.date(1980, 1, 1))
    assert person.dative == dative


@pytest.mark.parametrize(
    ("established", "group", "until"),
    [
        (dt.date(2025, 3, 5), 2, (dt.date(2026, 4, 1), dt.date(2026, 5, 1))),
        (dt.date(2025, 3, 5), 1, (dt.date(2027, 4, 1), dt.date(2027, 5, 1))),
        (dt.date(2025, 12, 10), 3, (dt.date(2027, 1, 1), dt.date(2027, 2, 1))),
    ],
)
def test_terms_follow_the_group(
    established: dt.date, group: int, until: tuple[dt.date, dt.date]
) -> None:
    for seed in range(20):
        exam, term = plan.group_term(established, group, random.Random(seed))
        assert term in until and term == plan.first_of_next_month(exam) and exam < term


def test_snils_check_number() -> None:
    for seed in range(50):
        value = snils(random.Random(seed))
        digits = [int(d) for d in value[:11].replace("-", "")]
        total = sum(d * (9 - i) for i, d in enumerate(digits)) % 101
        assert int(value[-2:]) == (0 if total == 100 else total)


def test_cairo_text_layer_round_trips(tmp_path: Path) -> None:
    page = Page()
    line = "Серия МСЭ-2023 № 0123456 «бессрочно» Ёлкина – бюро"
    for i, family in enumerate(("Charis SIL", "Gentium Plus", "Old Standard TT", "Andika", "Hack")):
        page.text(50, 100 + 30 * i, line, Face(family), 11)
    path = tmp_path / "p.pdf"
    path.write_bytes(render_pdf([page]))
    assert _text(path, [1]).count(line) == 5
    assert render_pdf([page]) == path.read_bytes()
    assert b"CreationDate (20261101000000Z)" in path.read_bytes()
