"""The ``mseflow`` command line: a thin shell over the pipeline.

Heavy modules (the pipeline, Prefect, spaCy) are imported inside commands so that
``--help`` and ``--version`` stay fast (shared/env-notes.md trap 16). The per-run
error boundary lives in :func:`main`: an :class:`~mseflow.errors.MseflowError`
becomes a one-line message and its exit code.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mseflow import __version__
from mseflow.errors import ExitCode, MseflowError
from mseflow.fixtures.cli import app as fixtures_app  # imports only typer

if TYPE_CHECKING:
    from mseflow.contract import Record
    from mseflow.settings import Settings

logger = logging.getLogger("mseflow.cli")

app = typer.Typer(
    name="mseflow",
    help="Turn scans of MSE certificates and IPRAs (486н) into validated records for HR.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(fixtures_app, name="fixtures")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"mseflow {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    verbose: Annotated[
        int,
        typer.Option("--verbose", "-v", count=True, help="More log output (-v info, -vv debug)."),
    ] = 0,
) -> None:
    from mseflow.logs import configure_logging

    configure_logging(verbose)


def _settings(today: dt.datetime | None, dpi: int | None) -> Settings:
    from mseflow.settings import Settings

    settings = Settings.from_env()
    if today is not None:
        settings.validation.today = today.date()
    if dpi is not None:
        settings.reading.dpi = dpi
    return settings


TodayOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--today", formats=["%Y-%m-%d"], help="Judge expiry as of this date (default: today)."
    ),
]


@app.command()
def process(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Files (PDF, TIFF, PNG, JPEG) or folders (walked recursively)."),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Output folder for records.jsonl and records.sqlite."),
    ],
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")
    ] = False,
    today: TodayOption = None,
    dpi: Annotated[
        int | None, typer.Option(help="Render DPI for scanned PDF pages (default 300).")
    ] = None,
) -> None:
    """Read documents, extract and validate their fields, write OUT/records.jsonl and OUT/records.sqlite.

    Unreadable inputs get an 'unreadable' record with the reason and a copy in
    OUT/quarantine/; the originals are never modified. Exit status 0 when every
    input was handled.
    """
    from mseflow.ingest import discover_inputs, quarantine_copy
    from mseflow.pipeline import process_paths
    from mseflow.records.jsonl import write_jsonl
    from mseflow.records.sqlite import SqliteStore

    settings = _settings(today, dpi)
    paths = discover_inputs(inputs)
    with _progress(len(paths), quiet) as advance:
        records = process_paths(paths, settings, on_file_done=advance)
    for record in records:
        if record.doc_type == "unreadable" and record.source_sha256:
            quarantine_copy(Path(record.source_path), record.source_sha256, out / "quarantine")
    jsonl_path, db_path = out / "records.jsonl", out / "records.sqlite"
    write_jsonl(records, jsonl_path)
    with SqliteStore(db_path) as store:
        store.upsert(records)
    if not quiet:
        _print_summary(records, len(paths), jsonl_path, db_path)


class _progress:
    """Rich progress bar on stderr for multi-file runs; a no-op when quiet or a single file."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total, self.enabled, self._bar, self._task = total, not quiet and total > 1, None, None

    def __enter__(self):  # noqa: ANN204
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn("processing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("files", total=self.total)
        return self.advance

    def advance(self, _path: Path, _records: list[Record]) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _print_summary(records: list[Record], files: int, jsonl_path: Path, db_path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    counts = Counter((str(r.doc_type), str(r.validation.status)) for r in records)
    statuses = ["valid", "needs_review", "invalid"]
    table = Table(title=f"mseflow: {files} file(s), {len(records)} document(s)")
    table.add_column("document type")
    for status in statuses:
        table.add_column(status, justify="right")
    table.add_column("total", justify="right")
    for doc_type in ["mse_certificate", "ipra", "other", "unreadable"]:
        row = [counts.get((doc_type, s), 0) for s in statuses]
        if sum(row):
            table.add_row(doc_type, *map(str, row), str(sum(row)))
    console = Console()
    console.print(table)
    console.print(f"records: {jsonl_path}\ndatabase: {db_path}")


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of a record (the machine-readable record contract)."""
    from mseflow.contract import render_json_schema

    text = render_json_schema()
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


@app.command()
def rules(
    markdown: Annotated[
        bool, typer.Option(help="Print Markdown (docs/codes.md) instead of tables.")
    ] = False,
) -> None:
    """Print the validation rules and the employer obligations, with their legal basis."""
    from mseflow.validators.tables import print_tables

    print_tables(markdown=markdown)


WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Run files on a local Dask cluster of N processes."),
]
DaskOption = Annotated[
    str | None,
    typer.Option("--dask-address", help="Run files on an existing Dask cluster (tcp://host:port)."),
]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="Output folder (records.jsonl, records.sqlite).")
]


@app.command()
def ingest(
    archive: Annotated[Path, typer.Argument(help="Archive folder to walk (recursively).")],
    out: OutOption,
    workers: WorkersOption = None,
    dask_address: DaskOption = None,
    today: TodayOption = None,
) -> None:
    """Process an archive folder once as a Prefect flow; files already done are skipped.

    A file is skipped when its SHA-256 and the pipeline version are already in
    OUT/records.sqlite, so re-runs are cheap and a rules change reprocesses.
    """
    from mseflow.flows.cli import ingest_command

    summary = ingest_command(archive, out, workers, dask_address, _settings(today, None))
    typer.echo(
        f"files {summary.files}: processed {summary.processed}, skipped {summary.skipped}, "
        f"unreadable {summary.unreadable}, failed {summary.failed}; records {summary.records} "
        f"in {out / 'records.jsonl'}"
    )


@app.command()
def serve(
    out: OutOption,
    archive: Annotated[
        Path | None, typer.Option("--archive", help="Archive folder to ingest on each run.")
    ] = None,
    cron: Annotated[
        str, typer.Option(help="Cron schedule (MSEFLOW_TIMEZONE or UTC).")
    ] = "0 2 * * *",
    workers: WorkersOption = None,
    dask_address: DaskOption = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Deployment name (default: archive-<folder label>)."),
    ] = None,
    today: TodayOption = None,
    hris_export_dir: Annotated[
        Path | None,
        typer.Option(
            "--hris-export-dir", help="Also serve the HRIS feed from OUT into this folder."
        ),
    ] = None,
    hris_cron: Annotated[
        str, typer.Option("--hris-cron", help="Cron schedule of the HRIS feed.")
    ] = "0 6 * * *",
) -> None:
    """Serve the archive ingestion (and the HRIS feed) on cron schedules with Prefect.

    Blocks; Ctrl-C or SIGTERM stops. Uses PREFECT_API_URL when set; otherwise
    starts a local Prefect server on loopback (its UI shows the runs). The folder
    label in deployment and run names is MSEFLOW_ARCHIVE_LABEL or a hash of the
    folder's path. The HRIS feed writes to PostgreSQL when MSEFLOW_HRIS_DSN is set.
    """
    from mseflow.flows.cli import serve_command

    serve_command(
        archive, out, cron, workers, dask_address, name,
        today.date() if today is not None else None, hris_export_dir, hris_cron,
    )  # fmt: skip


@app.command()
def watch(
    drop: Annotated[Path, typer.Argument(help="Drop folder to watch.")],
    out: OutOption,
    once: Annotated[bool, typer.Option(help="Handle what is there now, then exit.")] = False,
    poll_interval: Annotated[float, typer.Option(min=0.1, help="Seconds between polls.")] = 2.0,
    settle_seconds: Annotated[
        float, typer.Option(min=0.0, help="A file must be unchanged this long before it is taken.")
    ] = 2.0,
    today: TodayOption = None,
) -> None:
    """Watch a drop folder as a Prefect flow: process files once fully written, then move them.

    Prints a banner, one line per file (hash and outcome) and a summary when it
    stops (SIGTERM or Ctrl-C). Files go to DROP/processed/ or DROP/quarantine/
    (unreadable) as <sha12><ext>; nothing is deleted. A file byte-identical to
    one already done is moved without being read again.
    """
    from mseflow.flows.cli import watch_command

    watch_command(drop, out, once, poll_interval, settle_seconds, _settings(today, None))


@app.command("hris-feed")
def hris_feed(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder holding records.sqlite.")],
    export_dir: Annotated[
        Path, typer.Option("--export-dir", help="Folder for the CSV and JSONL files.")
    ],
    db: Annotated[
        str | None, typer.Option("--db", help="Also upsert into PostgreSQL (postgresql://…).")
    ] = None,
    bom: Annotated[bool, typer.Option(help="Write a UTF-8 BOM in the CSV (Excel, 1C).")] = False,
) -> None:
    """Export validated records and their obligations for an HRIS import, once each.

    Only records not exported before, or changed since, are written.
    """
    from mseflow.flows.cli import hris_feed_command

    summary = hris_feed_command(out, export_dir, db, bom)
    typer.echo(f"exported {summary.exported} record(s): {summary.csv_path or '-'}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (callable in-process from tests).

    Usage errors are reported by Typer (exit 2); a :class:`MseflowError` that stops
    the run becomes one line on stderr and its exit code.
    """
    try:
        app(args=argv, prog_name="mseflow", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else int(bool(exc.code))
    except MseflowError as exc:
        typer.echo(f"mseflow: error: {exc}", err=True)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.interrupted)
    return int(ExitCode.ok)


if __name__ == "__main__":
    raise SystemExit(main())
