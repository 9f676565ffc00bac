"""Plain-Python composition of the stages: bytes -> pages -> documents -> fields -> records.

``process_source`` raises on bad input; ``process_source_safely`` never does (the
per-document error boundary): it returns an ``unreadable`` record carrying the
reason. :func:`keep_file` stores one file's records (and quarantines an unreadable
original), :func:`finish_out` validates everything in OUT across documents and
mirrors records.sqlite into records.jsonl. Prefect flows (``mseflow.flows``) wrap
these functions; nothing here imports Prefect.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mseflow import __version__
from mseflow.contract import DocType, Issue, Record, Severity, Status, TextSource, Validation
from mseflow.errors import InputError, MseflowError, OutputError
from mseflow.ingest import (
    InputWalk,
    Refusal,
    file_sha256,
    path_key,
    quarantine_copy,
    read_input,
    sha256_hex,
)
from mseflow.logs import doc_logger
from mseflow.outputs import (
    QUARANTINE,
    RECORDS_DB,
    RECORDS_JSONL,
    out_lock,
    private_dir,
    remove_stale_temps,
)
from mseflow.reading import PagePlan, read_bytes, require_text
from mseflow.reading.page import PageText
from mseflow.reading.two_up import document_pages
from mseflow.settings import ReadingSettings, Settings
from mseflow.sheet_crops import with_sheet_crops

if TYPE_CHECKING:
    from mseflow.extractors import DocumentSpan, Extraction
    from mseflow.records.sqlite import SqliteStore

logger = logging.getLogger(__name__)


def pipeline_version(settings: Settings | ReadingSettings | None = None) -> str:
    """Version of everything that makes a record: code, tables, data files, reading settings.

    ``<package>+x.<extractors>.r.<rules>.d.<data>.s.<reading>``: the extractor and rule
    registries, a hash of every data file shipped in ``mseflow.extractors``
    (dictionaries, label tables) and a hash of the reading settings (dpi, lang, psm,
    limits). Changing any of them changes the version, so stored results are redone.
    Without ``settings`` the default reading settings are meant.
    """
    reading = settings.reading if isinstance(settings, Settings) else settings
    return _version((reading or ReadingSettings()).model_dump_json())


@functools.cache
def _version(reading_json: str) -> str:
    from mseflow.extractors import EXTRACTORS_VERSION
    from mseflow.validators import RULES_VERSION

    reading = hashlib.sha256(reading_json.encode()).hexdigest()[:10]
    return f"{__version__}+x.{EXTRACTORS_VERSION}.r.{RULES_VERSION}.d.{data_version()}.s.{reading}"


@functools.cache
def data_version() -> str:
    """A 10-hex hash over the names and contents of the data files of ``mseflow.extractors``."""
    digest = hashlib.sha256()
    for name, data in sorted(_data_files(resources.files("mseflow.extractors"), "")):
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:10]


def _data_files(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__" and not entry.name.startswith("."):
                yield from _data_files(entry, name + "/")
        elif not entry.name.endswith((".py", ".pyc", ".pyi")) and not entry.name.startswith("."):
            yield name, entry.read_bytes()


def process_source(path: Path, settings: Settings, data: bytes | None = None) -> list[Record]:
    """Read, split, extract and validate one file; raises :class:`InputError` on bad input."""
    raw = path.read_bytes() if data is None else data
    return process_bytes(raw, str(path), sha256_hex(raw), settings)


def process_bytes(data: bytes, source_path: str, sha256: str, settings: Settings) -> list[Record]:
    """Like :func:`process_source` for bytes already read and hashed."""
    return records_from_pages(read_bytes(data, settings.reading), source_path, sha256, settings)


def records_from_pages(
    pages: Sequence[PageText], source_path: str, sha256: str, settings: Settings
) -> list[Record]:
    """Split a file's pages into documents, extract and validate them.

    Raises :class:`~mseflow.errors.NoTextError` when no page has text.
    """
    from mseflow.extractors import extract_fields, split_documents

    require_text(pages)
    log = doc_logger(logger, sha256)
    log.info("read %d page(s): %s", len(pages), ",".join(sorted({p.source for p in pages})))
    version = pipeline_version(settings)
    records = [
        build_record(span, extract_fields(span), source_path, sha256, version)
        for span in split_documents(document_pages(pages))
    ]
    log.info("found %d document(s): %s", len(records), ", ".join(r.doc_type for r in records))
    return validate_records(with_page_problems(records, pages), settings)


def process_source_safely(path: Path, settings: Settings) -> list[Record]:
    """Process one file; bad input becomes a single ``unreadable`` record, never an exception.

    The file is read once (:func:`mseflow.ingest.read_input`: no named pipes, the byte
    limit checked before reading, a file still being written refused); a file that
    cannot be read has no content hash and is named by its path's hash instead.
    """
    try:
        data = read_input(path, settings.reading.max_file_bytes)
    except InputError as exc:
        return unreadable_records(str(path), "", str(exc), exc.issue_code, settings)
    except Exception as exc:  # the one per-file boundary: nothing may escape it
        return internal_error_records(str(path), "", exc, settings)
    return process_bytes_safely(data, str(path), sha256_hex(data), settings)


def refusal_records(refusal: Refusal, settings: Settings) -> list[Record]:
    """The ``unreadable`` record of an entry the input walk refused (nothing of it was read)."""
    return unreadable_records(str(refusal.path), "", refusal.reason, refusal.code, settings)


def process_bytes_safely(
    data: bytes, source_path: str, sha256: str, settings: Settings
) -> list[Record]:
    """The per-document error boundary: :func:`process_bytes`, any failure as one record.

    Bad input becomes ``unreadable`` with its input code; any other exception becomes
    ``unreadable`` with ``internal_error`` and the exception type (traceback at DEBUG,
    by hash only). Nothing escapes.
    """
    return _within_boundary(
        lambda: process_bytes(data, source_path, sha256, settings), source_path, sha256, settings
    )


def records_from_pages_safely(
    pages: Sequence[PageText], source_path: str, sha256: str, settings: Settings
) -> list[Record]:
    """:func:`records_from_pages` inside the same boundary as :func:`process_bytes_safely`."""
    return _within_boundary(
        lambda: records_from_pages(pages, source_path, sha256, settings),
        source_path,
        sha256,
        settings,
    )


def _within_boundary(
    work: Callable[[], list[Record]], source_path: str, sha256: str, settings: Settings
) -> list[Record]:
    """Run one file's ``work``; bad input and any other failure become its one record."""
    try:
        return work()
    except InputError as exc:
        return unreadable_records(source_path, sha256, str(exc), exc.issue_code, settings)
    except OutputError:  # a store that cannot be read (the review history): not the file's
        raise  # fault; the run stops with the reason and the file is done on the next run
    except Exception as exc:  # the one per-file boundary: nothing may escape it
        return internal_error_records(source_path, sha256, exc, settings)


def internal_error_records(
    source_path: str, sha256: str, exc: BaseException, settings: Settings
) -> list[Record]:
    """An ``unreadable`` record with ``internal_error``: a bug or a library failure."""
    doc_logger(logger, sha256 or path_key(source_path)).debug("internal error", exc_info=exc)
    reason = f"internal error while processing the file ({type(exc).__name__})"
    return unreadable_records(source_path, sha256, reason, "internal_error", settings)


def unreadable_records(
    source_path: str, sha256: str, reason: str, code: str, settings: Settings
) -> list[Record]:
    """The validated ``unreadable`` record of a file, with the reason logged by hash.

    A file without a content hash (never read) is logged by its path's hash.
    """
    doc_logger(logger, sha256 or path_key(source_path)).warning("unreadable: %s (%s)", code, reason)
    record = unreadable_record(source_path, sha256, reason, code, pipeline_version(settings))
    return validate_records([record], settings)


def keep_file(path: Path, records: Sequence[Record], store: SqliteStore, out_dir: Path) -> None:
    """Store one file's records in one transaction; quarantine the original first if unreadable.

    The quarantine copy (``OUT/quarantine/<sha12><ext>``) is made before the records
    are committed, so a failed copy (disk full) leaves the file to be redone.
    """
    sha = next((r.source_sha256 for r in records if r.doc_type == DocType.unreadable), "")
    if sha:
        quarantine_copy(path, sha, out_dir / QUARANTINE)
    store.commit_file(records)


def finish_out(out_dir: Path, settings: Settings) -> list[Record]:
    """Validate every record in ``OUT`` across documents, store them, mirror records.jsonl.

    records.jsonl always holds exactly what records.sqlite holds (earlier runs
    included); it is rewritten atomically under OUT's lock, so two runs into one
    OUT never interleave. Expiry is judged again as of ``settings``' today; only
    records whose verdict changed are written back (their ``processed_at`` moves).
    """
    from mseflow.records.jsonl import write_jsonl
    from mseflow.records.sqlite import SqliteStore

    with out_lock(out_dir), SqliteStore(out_dir / RECORDS_DB) as store:
        records = store.all_records()
        before = [r.to_json_line() for r in records]
        validated = validate_records(records, settings) if records else []
        store.upsert(
            [r for r, old in zip(validated, before, strict=True) if r.to_json_line() != old]
        )
        write_jsonl(validated, out_dir / RECORDS_JSONL)
    return validated


def process_paths(
    paths: Sequence[Path],
    settings: Settings,
    on_file_done: Callable[[Path, list[Record]], None] | None = None,
    jobs: int = 1,
) -> list[Record]:
    """Process files in order, then validate across documents (certificate vs IPRA)."""
    records: list[Record] = []
    for path, file_records in iter_file_records(paths, settings, jobs):
        records.extend(file_records)
        if on_file_done is not None:
            on_file_done(path, file_records)
    return validate_records(records, settings)


def iter_file_records(
    paths: Sequence[Path], settings: Settings, jobs: int = 1
) -> Iterator[tuple[Path, list[Record]]]:
    """Each file's records (single-document validation only), in input order.

    ``jobs`` > 1 runs files in worker processes (issue 13), and the pages of a file
    with ``MIN_SPREAD_PAGES`` or more pages to OCR in several workers
    (:func:`paged_file`, :func:`read_paged_page`, :func:`records_of_paged`: the same
    records as one process); the order of what is yielded stays the input order.
    Cross-document checks are the caller's :func:`validate_records` over everything.
    """
    first = paged_file(paths[0], settings) if jobs > 1 and len(paths) == 1 else None
    if jobs > 1 and (len(paths) > 1 or first is not None):
        from mseflow.parallel import Split, map_split_in_workers
        from mseflow.scheduling import file_cost

        def crashed(path: Path, exc: BaseException) -> list[Record]:
            return internal_error_records(str(path), "", exc, settings)

        def split(path: Path) -> Split[PagedFile] | None:
            paged = first if first is not None and path == paths[0] else paged_file(path, settings)
            return None if paged is None else Split(paged, paged.plan.count)

        def guess(path: Path) -> float:
            return file_cost(path, settings.reading)

        results = map_split_in_workers(
            process_source_safely, paths, jobs, settings, split=split,
            part=read_paged_page, join=records_of_paged, on_crash=crashed, costs=_sizes(paths),
            estimate=guess,
        )  # fmt: skip
        yield from zip(paths, results, strict=True)
        return
    for path in paths:
        yield path, process_source_safely(path, settings)


def _sizes(paths: Sequence[Path]) -> list[float]:
    """File sizes: what a worker pool hands out first (big scans before small text PDFs)."""
    sizes = []
    for path in paths:
        try:
            sizes.append(float(path.stat().st_size))
        except OSError:
            sizes.append(0.0)
    return sizes


MIN_SPREAD_PAGES = 2
"""A file is read page by page in several workers when at least this many of its pages need OCR."""


@dataclass(frozen=True)
class PagedFile:
    """A file read page by page (its pages in several workers): where, its content, its plan."""

    path: Path
    sha256: str
    plan: PagePlan


def paged_file(path: Path, settings: Settings) -> PagedFile | None:
    """The page plan of a file with ``MIN_SPREAD_PAGES`` or more pages to OCR, else ``None``.

    ``None`` also when the file cannot be read or planned: the per-file path
    (:func:`process_source_safely`) then says why.
    """
    from mseflow.reading.files import ocr_page_count, plan_pages

    try:
        data = read_input(path, settings.reading.max_file_bytes)
        plan = plan_pages(data, settings.reading)
        if plan.count < MIN_SPREAD_PAGES:
            return None
        ocr_pages = ocr_page_count(data, plan, settings.reading)
    except Exception:  # noqa: BLE001 - reported by process_source_safely on the same file
        return None
    if ocr_pages < MIN_SPREAD_PAGES:
        return None
    return PagedFile(path, sha256_hex(data), plan)


def read_paged_page(paged: PagedFile, index: int, settings: Settings) -> PageText | None:
    """Page ``index`` (0-based) of a paged file; ``None`` when it cannot be read as planned.

    ``None`` (a page that raises, a file changed since it was planned) sends the whole
    file through :func:`process_source_safely` in :func:`records_of_paged`, so its record
    comes from the one per-file boundary, as if it had not been paged.
    """
    from mseflow.reading.files import read_page

    try:
        data = read_input(paged.path, settings.reading.max_file_bytes)
        if sha256_hex(data) != paged.sha256:
            return None
        return read_page(data, paged.plan, index, settings.reading)
    except Exception:  # noqa: BLE001 - the whole file is redone through the boundary
        doc_logger(logger, paged.sha256).debug("page %d not read apart", index + 1, exc_info=True)
        return None


def records_of_paged(
    paged: PagedFile, pages: Sequence[PageText | None], settings: Settings
) -> list[Record]:
    """A paged file's records from its pages read apart: the same as :func:`process_source_safely`.

    The pages go through :func:`records_from_pages_safely`, the second half of the one
    per-file composition; a page that could not be read sends the whole file there.
    """
    if any(page is None for page in pages):
        return process_source_safely(paged.path, settings)
    read = [page for page in pages if page is not None]
    return records_from_pages_safely(read, str(paged.path), paged.sha256, settings)


class RunProgress(Protocol):
    """What :func:`run_process` reports as it goes (the CLI shows it as a progress line)."""

    def start(self, total: int) -> None:
        """``total`` files are to be read."""

    def current(self, sha256: str) -> None:
        """The file with this content hash is being read now."""

    def done(self, pages: int) -> None:
        """One more file is stored; it had ``pages`` pages."""


@dataclass
class ProcessResult:
    """What one ``process`` run did: counts and this run's records as finally validated."""

    files: int = 0
    skipped: int = 0
    stored: int = 0
    records: list[Record] = field(default_factory=list)


def run_process(
    walk: InputWalk,
    out_dir: Path,
    settings: Settings,
    *,
    redo: bool = False,
    progress: RunProgress | None = None,
    jobs: int = 1,
) -> ProcessResult:
    """Process walked inputs into ``OUT``, committing each file's records as it is done.

    Refused entries become ``unreadable`` records; files whose content and pipeline
    version are stored already are skipped (unless ``redo``), so a re-run after a
    crash resumes without duplicates. At the end, and also when the run is
    interrupted, :func:`finish_out` validates across documents and mirrors records.jsonl.
    """
    from mseflow.records.reviews import check_review_source
    from mseflow.records.sqlite import SqliteStore, record_id

    private_dir(out_dir)
    check_review_source(settings.review_database, settings.reviews)  # before any file
    for folder in (out_dir, out_dir / QUARANTINE):
        remove_stale_temps(folder)
    version = pipeline_version(settings)
    result = ProcessResult(files=len(walk.files) + len(walk.refusals))
    run_ids: list[str] = []
    with SqliteStore(out_dir / RECORDS_DB) as store:
        for refusal in walk.refusals:
            records = refusal_records(refusal, settings)
            store.commit_file(records)
            run_ids += [record_id(r) for r in records]
        todo, hashes = _select_todo(walk.files, store, version, redo, result, run_ids)
        try:
            _run_files(todo, hashes, settings, store, out_dir, progress, jobs, run_ids)
        except BaseException:
            _finish_after_failure(out_dir, settings)
            raise
    final = finish_out(out_dir, settings)
    wanted = set(run_ids)
    result.records = [r for r in final if record_id(r) in wanted]
    result.stored = len(final)
    return result


def _select_todo(
    paths: Sequence[Path],
    store: SqliteStore,
    version: str,
    redo: bool,
    result: ProcessResult,
    run_ids: list[str],
) -> tuple[list[Path], list[str]]:
    """Files to read now with their hashes; stored or repeated content is counted as skipped."""
    from mseflow.records.sqlite import record_id

    todo: list[Path] = []
    hashes: list[str] = []
    seen: set[str] = set()
    for path in paths:
        sha = file_sha256(path) or ""
        if sha and (sha in seen or (not redo and store.known(sha, version))):
            result.skipped += 1
            run_ids += [record_id(r) for r in store.records_for(sha, version)]
            continue
        seen.add(sha)
        todo.append(path)
        hashes.append(sha)
    return todo, hashes


def _run_files(
    todo: list[Path],
    hashes: list[str],
    settings: Settings,
    store: SqliteStore,
    out_dir: Path,
    progress: RunProgress | None,
    jobs: int,
    run_ids: list[str],
) -> None:
    from mseflow.records.sqlite import record_id

    if progress is not None:
        progress.start(len(todo))
        if todo:
            progress.current(hashes[0])
    for index, (path, records) in enumerate(iter_file_records(todo, settings, jobs)):
        keep_file(path, records, store, out_dir)
        run_ids += [record_id(r) for r in records]
        if progress is not None:
            progress.done(sum(len(r.pages) for r in records))
            if index + 1 < len(todo):
                progress.current(hashes[index + 1])


def _finish_after_failure(out_dir: Path, settings: Settings) -> None:
    """Mirror what was stored before a run stopped; a second failure is logged, not raised."""
    try:
        finish_out(out_dir, settings)
    except (MseflowError, OSError) as exc:
        logger.warning("records.jsonl not brought up to date: %s", exc)


def validate_records(records: Sequence[Record], settings: Settings) -> list[Record]:
    """Apply single-document and cross-document rules and derive obligations.

    Decisions of the review station (``settings.review_database``, or PostgreSQL when
    ``settings.reviews.dsn`` is set) are applied first: a value a person confirmed or
    corrected wins over extraction.
    """
    from mseflow.records.reviews import apply_reviews_from
    from mseflow.validators import validate_batch

    return validate_batch(
        apply_reviews_from(records, settings.review_database, settings.reviews),
        today=settings.validation.effective_today(),
        min_confidence=settings.validation.min_confidence,
    )


def build_record(
    span: DocumentSpan,
    extraction: Extraction,
    source_path: str,
    sha256: str,
    version: str | None = None,
) -> Record:
    """Assemble a :class:`Record` from one document's pages and its extraction.

    Evidence read on a side of a two-up sheet gets that side's ``sheet_crop``
    (:mod:`mseflow.sheet_crops`).
    """
    record = Record(
        source_path=source_path,
        source_sha256=sha256,
        pages=sorted(dict.fromkeys(page.number for page in span.pages)),
        doc_type=span.doc_type,
        text_source=text_source_of(span.pages),
        evidence=dict(extraction.evidence),
        candidates=dict(extraction.candidates),
        confidence=extraction.confidence,
        pipeline_version=version or pipeline_version(),
        **{key: value for key, value in extraction.values.items() if value is not None},
    )
    return with_sheet_crops(record, span.pages)


def text_source_of(pages: Iterable[PageText]) -> TextSource | None:
    """``text_layer``, ``ocr`` or ``mixed`` by where the pages' text came from."""
    sources = {page.source for page in pages}
    if not sources:
        return None
    return TextSource.mixed if len(sources) > 1 else TextSource(sources.pop())


def unreadable_record(
    source_path: str, sha256: str, reason: str, code: str, version: str | None = None
) -> Record:
    """The record for an input that could not be read: the reason is its validation issue."""
    issue = Issue(code=code, severity=Severity.error, message=reason, fields=["source_path"])
    return Record(
        source_path=source_path,
        source_sha256=sha256,
        doc_type=DocType.unreadable,
        validation=Validation(status=Status.invalid, issues=[issue]),
        pipeline_version=version or pipeline_version(),
    )


def with_page_problems(records: list[Record], pages: Sequence[PageText]) -> list[Record]:
    """Records with a warning issue for each reading problem of their pages (``ocr_timeout``).

    A page that could not be read is never a silent blank: the record that holds it
    says which page, and its status becomes ``needs_review`` at least.
    """
    problems = {page.number: page.problems for page in pages if page.problems}
    if not problems or not records:
        return records
    held = {n for record in records for n in record.pages}
    out = []
    for index, record in enumerate(records):
        numbers = [*record.pages, *(n for n in problems if n not in held and index == 0)]
        found = [(n, code) for n in numbers for code in problems.get(n, [])]
        if not found:
            out.append(record)
            continue
        copy = record.model_copy(deep=True)
        for number, code in found:
            message = f"page {number}: OCR ran past its time limit, its text is missing"
            copy.validation.issues.append(
                Issue(code=code, severity=Severity.warning, message=message, fields=[])
            )
        out.append(copy)
    return out
