"""Plain-Python composition of the stages: bytes -> pages -> documents -> fields -> records.

``process_source`` raises on bad input; ``process_source_safely`` never does for
input problems (the per-document error boundary): it returns an ``unreadable``
record carrying the reason. Prefect flows (``mseflow.flows``) wrap these
functions; nothing here imports Prefect.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mseflow import __version__
from mseflow.contract import DocType, Issue, Record, Severity, Status, TextSource, Validation
from mseflow.errors import InputError
from mseflow.ingest import sha256_hex
from mseflow.logs import doc_logger
from mseflow.reading import read_bytes, require_text
from mseflow.reading.page import PageText
from mseflow.settings import Settings

if TYPE_CHECKING:
    from mseflow.extractors import DocumentSpan, Extraction

logger = logging.getLogger(__name__)


@functools.cache
def pipeline_version() -> str:
    """Version of the code and of the extractor and rule tables that make a record.

    Changing an extractor or a rule changes it, so cached results are redone.
    """
    from mseflow.extractors import EXTRACTORS_VERSION
    from mseflow.validators import RULES_VERSION

    return f"{__version__}+x.{EXTRACTORS_VERSION}.r.{RULES_VERSION}"


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
    records = [
        build_record(span, extract_fields(span), source_path, sha256)
        for span in split_documents(pages)
    ]
    log.info("found %d document(s): %s", len(records), ", ".join(r.doc_type for r in records))
    return validate_records(records, settings)


def process_source_safely(path: Path, settings: Settings) -> list[Record]:
    """Process one file; bad input becomes a single ``unreadable`` record, never an exception."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [
            unreadable_record(
                str(path), "", f"cannot open the file: {exc.strerror}", "input_unreadable"
            )
        ]
    return process_bytes_safely(data, str(path), sha256_hex(data), settings)


def process_bytes_safely(
    data: bytes, source_path: str, sha256: str, settings: Settings
) -> list[Record]:
    """The per-document error boundary: :func:`process_bytes`, any failure as one record.

    Bad input becomes ``unreadable`` with its input code; any other exception becomes
    ``unreadable`` with ``internal_error`` and the exception type (traceback at DEBUG,
    by hash only). Nothing escapes.
    """
    try:
        return process_bytes(data, source_path, sha256, settings)
    except InputError as exc:
        return unreadable_records(source_path, sha256, str(exc), exc.issue_code, settings)
    except Exception as exc:  # the one per-file boundary: nothing may escape it
        return internal_error_records(source_path, sha256, exc, settings)


def records_from_pages_safely(
    pages: Sequence[PageText], source_path: str, sha256: str, settings: Settings
) -> list[Record]:
    """:func:`records_from_pages` inside the same boundary as :func:`process_bytes_safely`."""
    try:
        return records_from_pages(pages, source_path, sha256, settings)
    except InputError as exc:
        return unreadable_records(source_path, sha256, str(exc), exc.issue_code, settings)
    except Exception as exc:  # the one per-file boundary: nothing may escape it
        return internal_error_records(source_path, sha256, exc, settings)


def internal_error_records(
    source_path: str, sha256: str, exc: BaseException, settings: Settings
) -> list[Record]:
    """An ``unreadable`` record with ``internal_error``: a bug or a library failure."""
    doc_logger(logger, sha256).debug("internal error", exc_info=exc)
    reason = f"internal error while processing the file ({type(exc).__name__})"
    return unreadable_records(source_path, sha256, reason, "internal_error", settings)


def unreadable_records(
    source_path: str, sha256: str, reason: str, code: str, settings: Settings
) -> list[Record]:
    """The validated ``unreadable`` record of a file, with the reason logged by hash."""
    doc_logger(logger, sha256).warning("unreadable: %s", reason)
    return validate_records([unreadable_record(source_path, sha256, reason, code)], settings)


def process_paths(
    paths: Sequence[Path],
    settings: Settings,
    on_file_done: Callable[[Path, list[Record]], None] | None = None,
) -> list[Record]:
    """Process files in order, then validate across documents (certificate vs IPRA)."""
    records: list[Record] = []
    for path, file_records in iter_file_records(paths, settings):
        records.extend(file_records)
        if on_file_done is not None:
            on_file_done(path, file_records)
    return validate_records(records, settings)


def iter_file_records(
    paths: Sequence[Path], settings: Settings, jobs: int = 1
) -> Iterator[tuple[Path, list[Record]]]:
    """Each file's records (single-document validation only), in input order.

    ``jobs`` > 1 runs files in worker processes (issue 13); the order of what is
    yielded stays the input order. Cross-document checks are the caller's
    :func:`validate_records` over everything.
    """
    for path in paths:
        yield path, process_source_safely(path, settings)


def validate_records(records: Sequence[Record], settings: Settings) -> list[Record]:
    """Apply single-document and cross-document rules and derive obligations."""
    from mseflow.validators import validate_batch

    return validate_batch(
        records,
        today=settings.validation.effective_today(),
        min_confidence=settings.validation.min_confidence,
    )


def build_record(
    span: DocumentSpan, extraction: Extraction, source_path: str, sha256: str
) -> Record:
    """Assemble a :class:`Record` from one document's pages and its extraction."""
    return Record(
        source_path=source_path,
        source_sha256=sha256,
        pages=[page.number for page in span.pages],
        doc_type=span.doc_type,
        text_source=text_source_of(span.pages),
        evidence=dict(extraction.evidence),
        candidates=dict(extraction.candidates),
        confidence=extraction.confidence,
        pipeline_version=pipeline_version(),
        **{key: value for key, value in extraction.values.items() if value is not None},
    )


def text_source_of(pages: Iterable[PageText]) -> TextSource | None:
    """``text_layer``, ``ocr`` or ``mixed`` by where the pages' text came from."""
    sources = {page.source for page in pages}
    if not sources:
        return None
    return TextSource.mixed if len(sources) > 1 else TextSource(sources.pop())


def unreadable_record(source_path: str, sha256: str, reason: str, code: str) -> Record:
    """The record for an input that could not be read: the reason is its validation issue."""
    issue = Issue(code=code, severity=Severity.error, message=reason, fields=["source_path"])
    return Record(
        source_path=source_path,
        source_sha256=sha256,
        doc_type=DocType.unreadable,
        validation=Validation(status=Status.invalid, issues=[issue]),
        pipeline_version=pipeline_version(),
    )
