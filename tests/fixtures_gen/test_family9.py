"""Family 9 (hand-written PostScript drawn by Ghostscript, written blind): files, truth, verdicts, kinds.

No extraction here: these tests check what the generator writes, not what the pipeline reads.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image

from mseflow.contract import Record
from mseflow.errors import ConfigError
from mseflow.fixtures import family9
from mseflow.fixtures.family9 import facts, wording
from mseflow.fixtures.family9.certificate import CERTIFICATE_LAYOUTS, draw_certificate
from mseflow.fixtures.family9.ipra import TERM_CAPTION, draw_ipra
from mseflow.fixtures.family9.people import Person, dative, snils_check
from mseflow.fixtures.family9.postscript import ps_string, width, wrap
from mseflow.fixtures.family9.render import to_pdf
from mseflow.fixtures.family9.style import draw_style
from mseflow.fixtures.sets import FAMILIES, generate_set
from mseflow.fixtures.verdicts import expected_status

from .generated import (
    SetsByKind,
    check_same_seed_same_bytes,
    check_set_layout,
    check_verdicts,
    one_set_per_kind,
    set_rows,
)

REF = family9.DEFAULT_REFERENCE_DATE


def _text(path: Path, pages: list[int]) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(pdf.pages[i - 1].extract_text() or "" for i in pages)


@pytest.fixture(scope="module")
def text_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("f9text")
    family9.generate(30, 23, out, kinds=["text_layer"], violation_share=0.3)
    return out, set_rows(out)[1]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> SetsByKind:
    return one_set_per_kind(family9.generate, family9.KINDS, tmp_path_factory, "f9", 40)


def test_family9_is_registered_and_writes_the_set_layout(tmp_path: Path) -> None:
    assert "family9" in FAMILIES
    rows = generate_set("family9", 2, 3, tmp_path / "s", kinds=["text_layer"])
    check_set_layout("family9", tmp_path / "s", rows, REF, 2)


def test_unknown_kinds_and_n_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        family9.generate(1, 1, tmp_path, kinds=["scan_999"])
    with pytest.raises(ConfigError):
        family9.generate(0, 1, tmp_path)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    check_same_seed_same_bytes(
        lambda out, seed: family9.generate(3, seed, out, kinds=["text_layer", "punched"]), tmp_path
    )


def test_truth_rows_parse_with_the_contract(text_set) -> None:
    _, rows = text_set
    for row in rows:
        rec = row["record"]
        if rec["doc_type"] == "other":
            assert rec == {"doc_type": "other"}
            assert row["expected_issue_codes"] == ["not_a_disability_document"]
            continue
        keys = facts.IPRA_KEYS if rec["doc_type"] == "ipra" else facts.RECORD_KEYS
        assert set(rec) == {"doc_type", *keys}
        Record(source_path="x", source_sha256="0" * 64, pipeline_version="t", **rec)
        assert not (rec["indefinite"] and (rec["valid_until"] or rec["reexamination_date"]))
        if rec["incapable_of_work"]:
            assert rec["work_restriction_degree"] == 3, row["file"]
        assert row["expected_status"] == expected_status(row["expected_issue_codes"])


def test_verdicts_match_the_validators(text_set) -> None:
    _, rows = text_set
    check_verdicts(rows, REF)
    assert {r["expected_status"] for r in rows} == {"valid", "needs_review", "invalid"}


def test_the_text_layer_prints_every_value_and_item(text_set) -> None:
    out, rows = text_set
    checked = 0
    for row in rows:
        rec = row["record"]
        if rec["doc_type"] == "other":
            continue
        text = " ".join(_text(out / row["file"], row["pages"]).split())
        assert rec["document_number"] in text, row["file"]
        for key in ("name", "birth", "issued"):
            if key in row["printed"]:
                assert " ".join(row["printed"][key].split()) in text, (row["file"], key)
        if rec["document_series"]:
            assert rec["document_series"] in text
        assert " ".join(rec["issuer"].split()) in text, (row["file"], "issuer")
        for item in row["printed_items"]:
            words = item.split()
            assert " ".join(words[:3]) in text, (row["file"], item)
        checked += 1
    assert checked >= 15


def test_dated_ipras_may_print_the_word_bessrochno_in_the_instruction(text_set) -> None:
    out, rows = text_set
    seen = False
    for row in rows:
        rec = row["record"]
        if rec["doc_type"] == "ipra" and row["form"] == "486n" and rec["valid_until"]:
            text = " ".join(_text(out / row["file"], row["pages"]).split())
            if "либо делается запись «бессрочно»" in text:
                assert rec["indefinite"] is False
                seen = True
    assert seen, "no dated IPRA printed point 17's instruction"
    assert "бессрочно" in TERM_CAPTION


def test_forms_scenarios_and_layouts_are_mixed(text_set) -> None:
    _, rows = text_set
    layouts = {r["layout"] for r in rows}
    assert {"mse_certificate/blank", "ipra/points"} <= layouts
    forms = {r["form"] for r in rows}
    assert {"1031n", "486n", "379n", "other"} <= forms
    assert any(r["record"].get("indefinite") for r in rows)
    assert any(len(r["pages"]) > 1 for r in rows)


@pytest.mark.parametrize("kind", family9.KINDS)
def test_each_kind_writes_files_that_open(every_kind, kind: str) -> None:
    out, rows = every_kind[kind]
    assert rows and all(r["kind"] == kind for r in rows)
    path = out / rows[0]["file"]
    pages = max(p for r in rows for p in r["pages"])
    spec = family9.damage.KIND_SPECS[kind]
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) == pages
            text = "".join(p.extract_text() or "" for p in pdf.pages)
            if kind == "text_layer":
                assert len(text) > 200
            else:
                assert text.strip() == "" and all(p.images for p in pdf.pages)
            if kind == "mixed_dpi" and pages > 1:
                sizes = {(round(p.images[0]["srcsize"][0] / float(p.width), 1)) for p in pdf.pages}
                assert len(sizes) > 1
    else:
        with Image.open(path) as im:
            frames = getattr(im, "n_frames", 1)
            assert frames == pages
            for i in range(frames):
                im.seek(i)
                im.load()
                assert min(im.size) > 1000
            assert (spec.colour and im.mode == "RGB") or (not spec.colour and im.mode in ("L", "1"))
    if kind != "text_layer":
        assert rows[0]["rasteriser"] == "ghostscript" and rows[0]["dpi"]


def test_turned_tiff_records_the_turn(every_kind) -> None:
    _, rows = every_kind["tiff_turned"]
    assert any("turned" in step for step in rows[0]["damage"])


def test_pencil_kind_fills_in_pencil(every_kind) -> None:
    _, rows = every_kind["pencil"]
    assert all(r["fill"] == "pencil" for r in rows)
    assert all(not r["layout"].endswith("/printout") for r in rows)


@pytest.mark.parametrize(
    ("day", "style", "printed"),
    [
        (dt.date(2026, 3, 5), "dots", "05.03.2026"),
        (dt.date(2026, 3, 5), "dots_g", "05.03.2026 г."),
        (dt.date(2026, 3, 5), "spaces", "05 03 2026"),
        (dt.date(2026, 3, 5), "spelled", "5 марта 2026 г."),
        (dt.date(2026, 3, 5), "spelled_quotes", "«05» марта 2026 г."),
        (dt.date(2026, 9, 15), "short_month", "15 сен. 2026"),
        (dt.date(2026, 3, 5), "iso", "2026-03-05"),
    ],
)
def test_date_styles(day: dt.date, style: str, printed: str) -> None:
    assert wording.date_text(day, style) == printed


@pytest.mark.parametrize(
    ("group", "scenario", "years"),
    [(1, "current", 2), (2, "current", 1), (3, "current", 1)],
)
def test_terms_follow_the_group(group: int, scenario: str, years: int) -> None:
    for seed in range(20):
        term = facts.draw_term(random.Random(seed), REF, group, indefinite=False)
        assert term.valid_until is not None and term.reexam is not None
        assert term.valid_until.day == 1 and term.valid_until > REF
        assert term.established < term.reexam < term.valid_until
        assert (term.valid_until - term.established).days <= 366 * years + 31


def test_cause_codes_cover_the_contract_groups() -> None:
    assert len(facts.CAUSES) == len(facts.CAUSE_WEIGHTS)
    codes = {code for _, code in facts.CAUSES}
    assert codes == {
        "general_disease",
        "work_injury",
        "occupational_disease",
        "since_childhood",
        "military_injury",
        "chernobyl",
        "other",
    }


def test_postscript_strings_and_metrics() -> None:
    assert ps_string("(а)") == "(\\(\\241\\))"
    assert ps_string("А") == "(\\200)"
    assert width("ШШШ", "roman", 10) > width("iii", "roman", 10) > 0
    lines = wrap(
        "Федеральное казенное учреждение Главное бюро медико-социальной экспертизы", "sans", 10, 150
    )
    assert len(lines) > 1 and all(width(line, "sans", 10) <= 150 for line in lines)


def test_snils_check_number() -> None:
    assert snils_check("112233445") == 95
    assert snils_check("000000001") == 1


@pytest.mark.parametrize("layout", ["points", "printout"])
@pytest.mark.parametrize("seed", range(4))
def test_the_incapable_note_is_printed_with_degree_3(layout: str, seed: int) -> None:
    rng = random.Random(seed)
    plan = facts.plan_ipra(rng, REF, "incapable")
    style = draw_style(rng, raster=False, pencil=False, keys=[])
    drawn = draw_ipra(plan.facts, layout, style, rng)
    text = " ".join(extract(to_pdf(drawn.pages)).split())
    rec = plan.truth_record()
    assert rec["incapable_of_work"] is True and rec["work_restriction_degree"] == 3
    words = set(text.lower().replace("(", " ").replace(")", " ").split())
    assert set(plan.facts.incapable_note.replace("(", " ").replace(")", " ").split()) <= words
    assert rec["contraindications"] == [] and rec["recommended_conditions"] == []


@pytest.mark.parametrize("layout", CERTIFICATE_LAYOUTS)
@pytest.mark.parametrize("scenario", ["current", "indefinite", "old_series_degree"])
def test_each_certificate_layout_prints_its_values(layout: str, scenario: str) -> None:
    rng = random.Random(f"{layout}/{scenario}")
    plan = facts.plan_certificate(rng, REF, scenario)
    style = draw_style(rng, raster=False, pencil=False, keys=[])
    drawn = draw_certificate(plan.facts, layout, style, rng)
    assert len(drawn.pages) == 1
    text = " ".join(extract(to_pdf(drawn.pages)).split())
    rec = plan.truth_record()
    assert rec["document_number"] in text and rec["document_series"] in text
    assert plan.facts.cause_text in text
    assert drawn.printed["issued"] in text
    if scenario == "indefinite":
        assert (
            "бессрочно" in text.lower()
            and rec["valid_until"] is None
            and rec["reexamination_date"] is None
        )
    if scenario == "old_series_degree":
        assert rec["work_restriction_degree"] in (1, 2, 3)
        assert rec["incapable_of_work"] is (plan.facts.incapable_note is not None)


def extract(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@pytest.mark.parametrize(
    ("surname", "name", "patronymic", "female", "printed"),
    [
        ("Кудрявцев", "Глеб", "Арсеньевич", False, "Кудрявцеву Глебу Арсеньевичу"),
        ("Зуев", "Лев", "Ильич", False, "Зуеву Льву Ильичу"),
        ("Черкасов", "Матвей", "Всеволодович", False, "Черкасову Матвею Всеволодовичу"),
        ("Соловьёва", "Таисия", "Глебовна", True, "Соловьёвой Таисии Глебовне"),
        ("Фомина", "Нелли", "Эдуардовна", True, "Фоминой Нелли Эдуардовне"),
        ("Щербакова", "Ярослава", "Ильинична", True, "Щербаковой Ярославе Ильиничне"),
    ],
)
def test_vydana_prints_the_dative_and_the_truth_keeps_the_nominative(
    surname: str, name: str, patronymic: str, female: bool, printed: str
) -> None:
    person = Person(surname, name, patronymic, female, dt.date(1980, 1, 1))
    assert dative(person) == printed
    assert person.full_name == f"{surname} {name} {patronymic}"
