"""The ``mseflow`` command line: a thin shell over the pipeline.

Heavy modules (the pipeline, Prefect, spaCy) are imported inside commands so that
``--help`` and ``--version`` stay fast (shared/env-notes.md trap 16). The per-run
error boundary lives in :func:`main`: an :class:`~mseflow.errors.MseflowError`
becomes a one-line message and its exit code.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from mseflow import __version__
from mseflow.errors import ExitCode, MseflowError

if TYPE_CHECKING:
    from mseflow.pipeline import ProcessResult
    from mseflow.settings import Settings

logger = logging.getLogger("mseflow.cli")


class _RootGroup(TyperGroup):
    """The root command group; ``fixtures`` is mounted only when a run asks for it.

    The test-document generator costs ~0.2 s of imports (reportlab, the fixture
    families): a ``process`` run must not pay it. It is mounted when the command list
    is shown (``--help``) or when ``fixtures`` is the command.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command, ``fixtures`` included."""
        self._mount_fixtures()
        return super().list_commands(ctx)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``; ``fixtures`` is imported here, on first use."""
        if cmd_name == "fixtures":
            self._mount_fixtures()
        return super().get_command(ctx, cmd_name)

    def _mount_fixtures(self) -> None:
        if "fixtures" not in self.commands:
            from mseflow.fixtures.cli import app as fixtures_app

            group = typer.main.get_group(fixtures_app)
            group.name = "fixtures"
            self.add_command(readable_help(group), "fixtures")


app = typer.Typer(
    name="mseflow",
    help="Turn scans of MSE certificates and IPRAs (486н) into validated records for HR.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_RootGroup,
)


def _version_callback(value: bool) -> None:
    if value:
        from mseflow.reading.engine import describe_engine

        typer.echo(f"mseflow {__version__}")
        typer.echo(describe_engine())
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
    """Settings from the environment, then the flags; a bad value is a :class:`ConfigError`."""
    from mseflow.settings import Settings

    changes: dict[str, object] = {}
    if today is not None:
        changes["today"] = today.date()
    if dpi is not None:
        changes["dpi"] = dpi
    return Settings.from_env().with_changes(**changes)


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
        typer.Argument(
            metavar="INPUT",
            help="Files (PDF, TIFF, PNG, JPEG) or folders (walked recursively).",
        ),
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
    redo: Annotated[
        bool,
        typer.Option("--redo", help="Process every file again, also those already stored in OUT."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes (default: the number of cores)."
        ),
    ] = None,
) -> None:
    """Read documents, extract and validate their fields, write OUT/records.jsonl and OUT/records.sqlite.

    Each file's records are committed to OUT/records.sqlite as soon as the file is
    done, so an interrupted run resumes where it stopped: files already stored
    (same content, same pipeline version) are not read again. records.jsonl
    mirrors the whole database, earlier runs included. Unreadable inputs get an
    'unreadable' record with the reason and a copy in OUT/quarantine/ named by
    hash; the originals are never modified. Exit status 0 when every input was
    handled.
    """
    from mseflow.ingest import walk_inputs
    from mseflow.outputs import RECORDS_DB, RECORDS_JSONL, private_dir

    settings = _settings(today, dpi)
    settings.review_database = out / RECORDS_DB  # people's decisions win (review station)
    walk = walk_inputs(inputs)
    workers = _jobs(jobs)
    if workers > 1 and len(walk.files) > 1:  # workers load while this process imports
        from mseflow.parallel import start_workers_early

        start_workers_early()
    from mseflow.pipeline import run_process

    private_dir(out)
    try:
        with _progress(quiet) as progress:
            result = run_process(walk, out, settings, redo=redo, progress=progress, jobs=workers)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: each finished file is committed already
        typer.echo(INTERRUPTED, err=True)
        raise typer.Exit(int(ExitCode.interrupted)) from None
    if not quiet:
        _print_summary(result, out / RECORDS_JSONL, out / RECORDS_DB)


def _jobs(jobs: int | None) -> int:
    """``--jobs``, or one worker per core when not given."""
    from mseflow.parallel import default_jobs

    return jobs if jobs is not None else default_jobs()


class _progress:
    """Rich progress line on stderr: files, the current file's hash, pages done, ETA.

    A no-op when quiet or when stderr is not a terminal and only one file is read.
    """

    def __init__(self, quiet: bool) -> None:
        self.enabled, self._bar, self._task, self._pages = not quiet, None, None, 0

    def __enter__(self) -> _progress:
        return self

    def start(self, total: int) -> None:
        """Show the line for ``total`` files to read."""
        if not self.enabled or total < 1:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("processing [bold]{task.fields[current]}[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files, {task.fields[pages]} page(s)"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("files", total=total, current="…", pages=0)

    def current(self, sha256: str) -> None:
        """Name the file being read now by its hash (12 hex)."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, current=sha256[:12] or "…")

    def done(self, pages: int) -> None:
        """One more file done, with its number of pages."""
        self._pages += pages
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, pages=self._pages)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


INTERRUPTED = "mseflow: interrupted; what was done is saved, run again to go on"

REVIEW_IDS_SHOWN = 50
"""How many record ids of documents that need review the summary prints."""


def _print_summary(result: ProcessResult, jsonl_path: Path, db_path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from mseflow.records.sqlite import record_id

    records = result.records
    counts = Counter((str(r.doc_type), str(r.validation.status)) for r in records)
    statuses = ["valid", "needs_review", "invalid"]
    table = Table(title=f"mseflow: {result.files} file(s), {len(records)} document(s)")
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
    if result.skipped:
        console.print(f"already stored, not read again: {result.skipped} file(s)", highlight=False)
    review = [record_id(r) for r in records if r.validation.status == "needs_review"]
    if review:
        console.print(f"needs review ({len(review)}):", highlight=False)
        for rid in review[:REVIEW_IDS_SHOWN]:
            console.print(f"  {rid}", highlight=False)
        if len(review) > REVIEW_IDS_SHOWN:
            console.print(f"  … and {len(review) - REVIEW_IDS_SHOWN} more in {db_path}")
    console.print(
        f"records: {jsonl_path} ({result.stored} in all)\ndatabase: {db_path}", highlight=False
    )


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
        bool, typer.Option(help="Print Markdown (docs/codes.md) instead of the list.")
    ] = False,
    legal_basis: Annotated[
        bool,
        typer.Option(help="Print the cited acts with their status (docs/legal-basis.md)."),
    ] = False,
) -> None:
    """Print the validation rules and the employer obligations, with their legal basis."""
    from mseflow.validators.tables import print_tables

    print_tables(markdown=markdown, legal_basis=legal_basis)


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

    settings = _settings(today, None)
    settings.review_database = out / "records.sqlite"
    summary = ingest_command(archive, out, workers, dask_address, settings)
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

    settings = _settings(today, None)
    settings.review_database = out / "records.sqlite"
    watch_command(drop, out, once, poll_interval, settle_seconds, settings)


@app.command("hris-feed")
def hris_feed(
    export_dir: Annotated[Path, typer.Option("--export-dir", help="Folder for the export files.")],
    store: Annotated[
        Path | None,
        typer.Option("--store", "-s", help="Folder holding records.sqlite (the OUT of process)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", hidden=True, help="Deprecated alias of --store."),
    ] = None,
    dialect: Annotated[
        str,
        typer.Option(
            "--dialect",
            help="default: ',' ISO dates, English keys; excel-ru: ';' BOM dd.mm.yyyy, "
            "Russian headers and labels (Excel, 1C).",
        ),
    ] = "default",
    file_format: Annotated[
        str, typer.Option("--format", help="csv (four files) or xlsx (one workbook).")
    ] = "csv",
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", help="CSV: ФИО; Дата рождения; Табельный номер (personnel numbers)."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Also write typed PostgreSQL tables (postgresql://…)."),
    ] = None,
    pg_schema: Annotated[
        str, typer.Option("--pg-schema", help="PostgreSQL schema for the tables.")
    ] = "mseflow",
    bom: Annotated[
        bool, typer.Option(help="Write a UTF-8 BOM in the default dialect too.")
    ] = False,
    today: TodayOption = None,
) -> None:
    """Export records and their obligations for an HRIS import, once each; retract the
    ones no longer in force.

    A record goes out when it is valid on the export date, or a person confirmed it
    in the review station; expired, rejected and unconfirmed ones are held back, and
    retracted when they went out before. See docs/hris.md for the columns.
    """
    from mseflow.errors import ConfigError
    from mseflow.flows.hris import feed_command
    from mseflow.records.csv_export import Dialect

    if out is not None:
        typer.echo("mseflow: warning: --out is deprecated for hris-feed, use --store", err=True)
    folder = store or out
    if folder is None:
        raise ConfigError("give --store OUT (the folder holding records.sqlite)")
    if dialect not in {d.value for d in Dialect}:
        raise ConfigError(f"--dialect is one of: {', '.join(d.value for d in Dialect)}")
    summary = feed_command(
        folder, export_dir, db=db, bom=bom, dialect=dialect, file_format=file_format,
        mapping=mapping, today=today.date() if today else None, pg_schema=pg_schema,
    )  # fmt: skip
    main_file = summary.xlsx_path or summary.csv_path
    typer.echo(
        f"exported {summary.exported} record(s), retracted {summary.retracted}, "
        f"employees {summary.employees}: {main_file or '-'}"
    )


@app.command()
def due(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder holding records.sqlite.")],
    days: Annotated[
        int, typer.Option("--days", min=0, help="Show what ends within this many days.")
    ] = 30,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="CSV to write (default OUT/due.csv).")
    ] = None,
    dialect: Annotated[
        str, typer.Option("--dialect", help="CSV dialect: default or excel-ru.")
    ] = "default",
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Personnel number mapping CSV.")
    ] = None,
    today: TodayOption = None,
    serve: Annotated[
        bool,
        typer.Option("--serve", help="Run as a scheduled Prefect flow (OUT/due.csv + artifact)."),
    ] = False,
    cron: Annotated[str, typer.Option(help="Schedule for --serve.")] = "0 6 * * *",
) -> None:
    """List terms and re-examinations that end within N days or have passed.

    One line per person and date, from each person's current certificate and IPRA,
    passed dates first; written to the terminal and to a CSV. With --serve, a
    Prefect deployment writes OUT/due.csv and a table artifact on the cron schedule.
    """
    if serve:
        from mseflow.flows.due import serve_due

        serve_due(out, cron, days)
        return
    from mseflow.due import due_command

    due_command(out, days, csv_path, dialect, mapping, today.date() if today else None)


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="Output folder holding records.sqlite.")],
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; other than loopback needs MSEFLOW_REVIEW_TOKEN."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    sources: Annotated[
        list[Path] | None,
        typer.Option(
            "--sources", help="More folders to look for source files in (by SHA-256; repeatable)."
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Open the review station: a local web page to check, correct and confirm records.

    Open http://127.0.0.1:8765/ in a browser. Decisions go to the append-only
    reviews table in OUT/records.sqlite (or to PostgreSQL's review_history when
    MSEFLOW_REVIEW_DSN is set) and win over extraction on the next run.
    """
    from mseflow.review.server import serve_review

    settings = _settings(today, None)
    settings.review_database = out / "records.sqlite"
    serve_review(out, host, port, settings, list(sources or []))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (callable in-process from tests).

    Usage errors are reported by Typer (exit 2); a :class:`MseflowError` that stops
    the run becomes one line on stderr and its exit code; any other exception is a
    bug, reported in one line (exit 70) with the traceback only at ``-vv``. Outputs
    are created with umask 077 (files 600, folders 700); SIGTERM stops the run like
    Ctrl-C, after what was done is saved.
    """
    from mseflow.outputs import PRIVATE_UMASK

    previous_umask = os.umask(PRIVATE_UMASK)
    previous_term = _catch_sigterm()
    try:
        command = readable_help(typer.main.get_command(app))
        command.main(args=argv, prog_name="mseflow", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else int(bool(exc.code))
    except MseflowError as exc:
        typer.echo(f"mseflow: error: {exc}", err=True)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo(INTERRUPTED, err=True)
        return int(ExitCode.interrupted)
    except Exception as exc:  # the per-run boundary: a bug, never a traceback by default
        logging.getLogger("mseflow").debug("internal error", exc_info=exc)
        typer.echo(
            f"mseflow: internal error ({type(exc).__name__}); run with -vv for the details",
            err=True,
        )
        return int(ExitCode.internal_error)
    finally:
        os.umask(previous_umask)
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
    return int(ExitCode.ok)


def _catch_sigterm() -> signal.Handlers | None:
    """Turn SIGTERM into :class:`KeyboardInterrupt` (main thread only); return the old handler."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)  # type: ignore[return-value]


def readable_help(command: Any) -> Any:
    """Replace Typer's type placeholders (``<bool>``, ``<list[Path]>``) with plain metavars.

    Flags show nothing, paths ``PATH``, numbers ``N``, dates ``YYYY-MM-DD``; a metavar
    set on purpose is kept. Applied to every command and sub-command. (Typer vendors
    its own click, so parameters are told apart by their attributes.)
    """
    for param in command.params:
        _plain_metavar(param)
    original = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            _plain_metavar(option)
        return option

    command.get_help_option = help_option
    for sub in (getattr(command, "commands", None) or {}).values():
        readable_help(sub)
    return command


def _plain_metavar(param: Any) -> None:
    is_argument = param.param_type_name == "argument"
    if not is_argument and (getattr(param, "is_flag", False) or getattr(param, "count", False)):
        shown = ""
    else:
        if param.metavar is None:
            label = _type_label(param)
            if is_argument:
                label = (param.name or "value").upper()
            param.metavar = label
        shown = "" if is_argument else param.metavar

    def display_type_rich(ctx: Any = None) -> str:
        return shown

    param.display_type_rich = display_type_rich


def _type_label(param: Any) -> str:
    descriptor = getattr(param, "type_descriptor", None)  # Typer's own parameter types
    if descriptor is None:
        return "TEXT"
    if descriptor.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    if descriptor.is_datetime:
        formats = descriptor.parameter_info.formats or []
        return "YYYY-MM-DD" if "%Y-%m-%d" in formats else "DATE"
    if descriptor.is_path:
        return "PATH"
    annotation = descriptor.annotation
    if descriptor.is_list:
        annotation = getattr(annotation, "__args__", (str,))[0]
    if annotation is int:
        return "N"
    if annotation is float:
        return "NUMBER"
    return "TEXT"


if __name__ == "__main__":
    raise SystemExit(main())
