"""The export files as an integrator opens them: csv module, pandas, openpyxl.

pandas is a test dependency only (the `test` extra): mseflow itself never imports it, and
since OCR runs through tesserocr nothing loads it into `mseflow process` workers.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from mseflow.cli import main
from mseflow.errors import ConfigError
from mseflow.records.csv_export import HRIS_COLUMNS, Dialect, write_table_csv
from mseflow.records.hris_columns import Table
from mseflow.records.hris_tables import build_tables
from mseflow.records.personnel_map import load_personnel_map
from mseflow.records.sqlite import SqliteStore, record_id
from mseflow.records.xlsx import write_workbook
from mseflow.validators import OBLIGATIONS

from .records import TODAY, D, cert, ipra

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "documents"

FIRST_RELEASE_COLUMNS = (
    "record_id", "source_sha256", "pages", "doc_type", "status", "full_name", "birth_date",
    "document_series", "document_number", "issue_date", "issuer", "disability_group",
    "disability_cause", "work_restriction_degree", "established_date", "valid_until",
    "indefinite", "reexamination_date", "incapable_of_work", "contraindications",
    "recommended_conditions", "available_work", "obligation_codes", "issue_codes",
    "confidence", "pipeline_version",
)  # fmt: skip


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> list:
    """Real records: `mseflow process` on the sample text-layer documents."""
    root = tmp_path_factory.mktemp("samples")
    names = ["certificate-text.pdf", "ipra-text.pdf", "certificate-invalid-term.pdf"]
    inputs = [str(SAMPLES / name) for name in names]
    assert (
        main(["process", *inputs, "--out", str(root / "out"), "--today", "2026-11-01", "-q"]) == 0
    )
    with SqliteStore(root / "out" / "records.sqlite") as store:
        return [(row.record_id, row.record) for row in store.rows()]


def _tables(pairs: list, mapping=None) -> tuple[Table, ...]:
    return build_tables(pairs, [], pairs, mapping)


def _read(path: Path, encoding: str, delimiter: str) -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def test_default_columns_keep_the_first_release_order(processed: list, tmp_path: Path) -> None:
    assert HRIS_COLUMNS[: len(FIRST_RELEASE_COLUMNS)] == FIRST_RELEASE_COLUMNS
    documents = _tables(processed)[0]
    write_table_csv(documents, tmp_path / "d.csv", Dialect.default)
    raw = (tmp_path / "d.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header, *rows = _read(tmp_path / "d.csv", "utf-8", ",")
    assert tuple(header) == HRIS_COLUMNS
    named = [dict(zip(header, row, strict=True)) for row in rows]
    [certificate] = [
        r for r in named if r["doc_type"] == "mse_certificate" and r["status"] == "valid"
    ]
    assert certificate["birth_date"] == "1974-08-14" and certificate["indefinite"] == "false"
    assert certificate["disability_group"] == "2" and certificate["status"] == "valid"


def test_excel_ru_csv_reads_back_with_the_csv_module(processed: list, tmp_path: Path) -> None:
    documents = _tables(processed)[0]
    path = tmp_path / "d.csv"
    write_table_csv(documents, path, Dialect.excel_ru)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    header, *rows = _read(path, "utf-8-sig", ";")
    assert header[:7] == [
        "Идентификатор записи", "SHA-256 файла", "Страницы", "Тип документа (код)",
        "Тип документа", "Статус (код)", "Статус",
    ]  # fmt: skip
    group = header.index("Группа инвалидности (код)")
    assert header[group + 1] == "Группа инвалидности"
    named = [dict(zip(header, row, strict=True)) for row in rows]
    assert len(named) == len(processed) == 3
    [cert_row] = [
        r
        for r in named
        if (r["Тип документа (код)"], r["Статус (код)"]) == ("mse_certificate", "valid")
    ]
    assert cert_row["Дата рождения"] == "14.08.1974"
    assert dt.datetime.strptime(cert_row["Установлена до"], "%d.%m.%Y").date() == D(2027, 7, 1)
    assert (cert_row["Группа инвалидности"], cert_row["Причина инвалидности"]) == (
        "II группа",
        "общее заболевание",
    )
    assert (cert_row["Статус"], cert_row["Бессрочно"]) == ("действителен", "нет")
    assert "," in cert_row["Уверенность распознавания"]  # decimal comma
    [ipra_row] = [r for r in named if r["Тип документа (код)"] == "ipra"]
    lines = ipra_row["Обязанности работодателя: текст и основание"].split("\n")
    assert len(lines) == len(ipra_row["Обязанности работодателя (коды)"].split("; "))
    assert lines[0].startswith("Сокращённое рабочее время") and "ст. 92 ТК РФ" in lines[0]
    labels = ipra_row["Обязанности работодателя"].split("\n")
    assert "Исключить противопоказанные виды работ и факторы" in labels


def test_obligations_table_has_message_and_basis(processed: list, tmp_path: Path) -> None:
    obligations = _tables(processed)[2]
    write_table_csv(obligations, tmp_path / "o.csv", Dialect.default)
    with (tmp_path / "o.csv").open(encoding="utf-8", newline="") as handle:
        week = [r for r in csv.DictReader(handle) if r["code"] == "reduced_working_week"]
    assert len(week) == 2  # the group II certificate and the group II IPRA
    [rule] = [r for r in OBLIGATIONS if r.code == "reduced_working_week"]
    assert {r["basis"] for r in week} == {rule.basis} and "ст. 92 ТК РФ" in rule.basis
    assert all("35 часов" in r["message"] for r in week)


def test_pandas_reads_the_excel_ru_and_default_csv(processed: list, tmp_path: Path) -> None:
    import pandas as pd

    documents = _tables(processed)[0]
    write_table_csv(documents, tmp_path / "ru.csv", Dialect.excel_ru)
    write_table_csv(documents, tmp_path / "en.csv", Dialect.default)
    ru = pd.read_csv(
        tmp_path / "ru.csv", sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    en = pd.read_csv(tmp_path / "en.csv", dtype=str, keep_default_na=False)
    assert len(ru) == len(en) == 3 and list(en.columns) == list(HRIS_COLUMNS)
    until_ru = pd.to_datetime(ru["Установлена до"], format="%d.%m.%Y")
    until_en = pd.to_datetime(en["valid_until"], format="%Y-%m-%d")
    assert list(until_ru) == list(until_en)
    assert list(ru["Группа инвалидности (код)"].astype(int)) == list(
        en["disability_group"].astype(int)
    )


def test_per_employee_row_merges_certificate_and_ipra(tmp_path: Path) -> None:
    pairs = [(record_id(r), r) for r in (cert(), ipra())]
    _, employees, _, _ = _tables(pairs)
    [person] = employees.rows
    assert person["employee_key"] == "snils:11223344595"  # the IPRA printed a СНИЛС
    assert (person["disability_group"], person["disability_cause"]) == (2, "general_disease")
    assert person["work_restriction_degree"] == 1  # from the IPRA
    assert person["valid_until"] == D(2027, 4, 1) and person["reexamination_date"] == D(2027, 3, 15)
    assert person["contraindications"] == ["работа в ночную смену", "подъём тяжестей более 5 кг"]
    assert {"reduced_working_week", "exclude_contraindicated_factors"} <= set(
        person["obligation_codes"]
    )
    assert len(person["obligation_codes"]) == len(set(person["obligation_codes"]))
    assert (person["certificate_number"], person["ipra_number"]) == ("2431238", "123.4.56/2026")
    assert person["conflicts"] == []
    documents = _tables(pairs)[0]
    assert {row["employee_key"] for row in documents.rows} == {"snils:11223344595"}


def _mapping_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tab.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_mapping_csv_gives_personnel_numbers(tmp_path: Path) -> None:
    path = _mapping_file(
        tmp_path,
        "ФИО;Дата рождения;Табельный номер\n"
        "Федоров  Петр Ильич;12.05.1980;000123\n"
        "Другой Человек Иванович;01.01.1990;000777\n"
        "Двойной Иван;01.01.1991;1\nДвойной Иван;01.01.1991;2\n",
    )
    mapping = load_personnel_map(path)
    assert mapping.number_for(None, "Двойной Иван", D(1991, 1, 1)) is None  # ambiguous: none
    pairs = [(record_id(r), r) for r in (cert(), ipra())]
    documents, employees, obligations, _ = _tables(pairs, mapping)
    assert {row["personnel_number"] for row in documents.rows + employees.rows} == {"000123"}
    assert {row["personnel_number"] for row in obligations.rows} == {"000123"}
    write_workbook(_tables(pairs, mapping), tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Сотрудники"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Табельный номер") + 1)
    assert (cell.value, cell.data_type) == ("000123", "s")  # leading zeros kept


@pytest.mark.parametrize(
    "text",
    ["name;born\nА;1\n", "ФИО;Дата рождения;Табельный номер\nА Б;1980-13-45;1\n", ""],
)
def test_a_malformed_mapping_csv_is_a_clear_config_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError):
        load_personnel_map(_mapping_file(tmp_path, text))


def test_xlsx_has_typed_cells_frozen_headers_and_no_formulas(tmp_path: Path) -> None:
    hostile = cert(issuer='=HYPERLINK("http://x","y")')
    pairs = [(record_id(r), r) for r in (hostile, ipra())]
    write_workbook(_tables(pairs), tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book.sheetnames == ["Документы", "Сотрудники", "Обязанности", "Отзыв"]
    sheet = book["Документы"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["Дата рождения"].value == dt.datetime(1980, 5, 12)
    assert row["Дата рождения"].is_date and row["Дата рождения"].number_format == "DD.MM.YYYY"
    assert (
        row["Группа инвалидности (код)"].value == 2
        and row["Группа инвалидности"].value == "II группа"
    )
    assert row["Бессрочно"].value == "нет"
    assert row["Учреждение МСЭ"].data_type == "s"  # text, not a formula
    assert row["Учреждение МСЭ"].value.startswith("=HYPERLINK")
    assert isinstance(row["Уверенность распознавания"].value, float)
    write_table_csv(_tables(pairs)[0], tmp_path / "d.csv", Dialect.excel_ru)
    header, *rows = _read(tmp_path / "d.csv", "utf-8-sig", ";")
    assert rows[0][header.index("Учреждение МСЭ")].startswith("'=HYPERLINK")  # CSV injection
    assert oct((tmp_path / "x.xlsx").stat().st_mode & 0o777) == "0o600"


def test_due_lists_passed_and_soon_dates(tmp_path: Path) -> None:
    from mseflow.due import due_items

    soon = cert(reexamination_date=D(2026, 11, 20), valid_until=D(2027, 4, 1))
    passed = ipra(
        valid_until=D(2026, 10, 1), snils=None, full_name="Иная Ирина", birth_date=D(1990, 1, 1)
    )
    items = due_items([soon, passed], TODAY, days=30)
    assert [(i.kind, i.date, i.days_left, i.state) for i in items] == [
        ("term", D(2026, 10, 1), -31, "overdue"),
        ("reexamination", D(2026, 11, 20), 19, "due"),
    ]
    assert [i.kind for i in due_items([soon], TODAY, days=200)] == ["reexamination", "term"]
    on_the_day = due_items([cert(valid_until=TODAY, reexamination_date=TODAY)], TODAY, days=0)
    assert [(i.kind, i.state) for i in on_the_day] == [
        ("reexamination", "due"),
        ("term", "overdue"),
    ]
    assert (
        due_items([cert(indefinite=True, valid_until=None, reexamination_date=None)], TODAY, 9999)
        == []
    )


def test_docs_hris_lists_every_column_and_label() -> None:
    from mseflow.due import DUE_COLUMNS
    from mseflow.records.hris_columns import (
        DOCUMENT_COLUMNS,
        EMPLOYEE_COLUMNS,
        LABEL_COLUMNS,
        OBLIGATION_COLUMNS,
        RETRACTION_COLUMNS,
    )
    from mseflow.records.hris_labels import OBLIGATION_RU

    doc = (SAMPLES.parents[2] / "docs" / "hris.md").read_text(encoding="utf-8")
    tables = (
        DOCUMENT_COLUMNS,
        EMPLOYEE_COLUMNS,
        OBLIGATION_COLUMNS,
        RETRACTION_COLUMNS,
        DUE_COLUMNS,
    )
    for column in [c for table in tables for c in table] + list(LABEL_COLUMNS.values()):
        assert f"`{column.key}`" in doc and column.ru in doc, column.key
    assert {rule.code for rule in OBLIGATIONS} <= set(OBLIGATION_RU)  # every obligation has a title


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "give --store OUT"),
        (["--store", "{store}", "--dialect", "excel"], "--dialect is one of: default, excel-ru"),
        (["--store", "{store}", "--format", "pdf"], "--format is one of: csv, xlsx"),
        (["--store", "{store}", "--db", "mysql://x"], "--db takes a PostgreSQL URL"),
        (["--store", "{store}", "--pg-schema", "a;b"], "not a plain PostgreSQL schema name"),
        (["--store", "{store}", "--mapping", "{store}/none.csv"], "no mapping CSV"),
        (["--store", "{empty}"], "no records database in"),
    ],
)
def test_hris_feed_arguments_fail_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    store = tmp_path / "out"
    with SqliteStore(store / "records.sqlite"):
        pass
    args = [a.format(store=store, empty=tmp_path / "empty") for a in extra]
    assert main(["hris-feed", "--export-dir", str(tmp_path / "x"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()
