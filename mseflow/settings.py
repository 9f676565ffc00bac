"""One validated settings model, a namespace per stage.

Environment variables override the defaults (``MSEFLOW_DPI``, ``MSEFLOW_TODAY``, …),
and the CLI flags map onto the same fields.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from mseflow.errors import ConfigError

_ENV: dict[str, tuple[str, str]] = {
    "MSEFLOW_DPI": ("reading", "dpi"),
    "MSEFLOW_LANG": ("reading", "lang"),
    "MSEFLOW_PSM": ("reading", "psm"),
    "MSEFLOW_MAX_PAGES": ("reading", "max_pages"),
    "MSEFLOW_MAX_FILE_BYTES": ("reading", "max_file_bytes"),
    "MSEFLOW_MAX_IMAGE_PIXELS": ("reading", "max_image_pixels"),
    "MSEFLOW_OCR_TIMEOUT_S": ("reading", "ocr_timeout_s"),
    "MSEFLOW_MIN_CONFIDENCE": ("validation", "min_confidence"),
    "MSEFLOW_TODAY": ("validation", "today"),
    "MSEFLOW_REVIEW_DSN": ("reviews", "dsn"),
    "MSEFLOW_REVIEW_PG_SCHEMA": ("reviews", "pg_schema"),
}
"""Environment variable -> (namespace, field) of :class:`Settings`."""


class ReadingSettings(BaseModel):
    """How input files are opened, rendered and OCR-ed.

    Every field here is part of :func:`mseflow.pipeline.pipeline_version`: a field
    that does not change what a record says belongs elsewhere.
    """

    model_config = ConfigDict(validate_assignment=True)

    dpi: int = Field(300, ge=100, le=600, description="render DPI for scanned PDF pages")
    lang: str = Field("rus", description="Tesseract language(s)")
    psm: int = Field(3, ge=0, le=13, description="Tesseract page segmentation mode")
    min_text_layer_chars: int = Field(
        40, ge=1, description="letters a PDF page needs to be read from its text layer"
    )
    max_pages: int = Field(60, ge=1, description="pages per file before it is refused")
    max_file_bytes: int = Field(200 * 1024 * 1024, ge=1, description="bytes per file")
    max_image_pixels: int = Field(
        40_000_000,
        ge=1,
        description="pixels per page image, checked before decoding or rendering "
        "(A4 at 600 DPI is 35 Mpx; 40 Mpx peaks at about 480 MB per worker)",
    )
    ocr_timeout_s: float = Field(180.0, gt=0, description="Tesseract time limit per page")
    faint_ink: bool = Field(
        False,
        description="darken faint ink (sleeve glare, toner bands) before OCR "
        "(mseflow.reading.faint_ink); off: it also darkened light «КОПИЯ» overprints "
        "and stamps into new wrong values (bench/README.md, round 15)",
    )


class ValidationSettings(BaseModel):
    """How records are judged."""

    model_config = ConfigDict(validate_assignment=True)

    min_confidence: float = Field(0.6, ge=0.0, le=1.0)
    today: dt.date | None = Field(None, description="processing date (default: the real today)")

    def effective_today(self) -> dt.date:
        """The date that expiry is judged against."""
        return self.today or dt.date.today()


class ReviewStoreSettings(BaseModel):
    """Where the review station's decisions live: beside the records (SQLite) or in PostgreSQL.

    With ``dsn`` set (``MSEFLOW_REVIEW_DSN``), every decision is appended to the
    ``review_history`` table in schema ``pg_schema`` and every run reads the decisions
    from there; otherwise they live in the ``reviews`` table of ``records.sqlite``.
    The DSN is a secret: it shows as ``**********`` in logs, reprs and Prefect parameters.
    """

    model_config = ConfigDict(validate_assignment=True)

    dsn: SecretStr | None = Field(None, description="postgresql://… for the review history")
    pg_schema: str = Field("mseflow", description="PostgreSQL schema of the review history")

    @field_validator("dsn")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(
            ("postgresql://", "postgres://")
        ):
            raise ValueError("must be a PostgreSQL URL: postgresql://user@host:5432/dbname")
        return value

    @field_validator("pg_schema")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if not value.isidentifier() or not value.isascii() or len(value) > 63:
            raise ValueError("must be a plain schema name (letters, digits, _)")
        return value


class Settings(BaseModel):
    """Everything one run needs to know."""

    model_config = ConfigDict(validate_assignment=True)

    reading: ReadingSettings = Field(default_factory=ReadingSettings)
    validation: ValidationSettings = Field(default_factory=ValidationSettings)
    review_database: Path | None = Field(
        None,
        description="records.sqlite whose review decisions win over extraction when a file "
        "is processed again; with reviews.dsn set they come from PostgreSQL instead "
        "(None: no decisions applied)",
    )
    reviews: ReviewStoreSettings = Field(default_factory=ReviewStoreSettings)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from defaults and ``MSEFLOW_*`` environment variables.

        A bad value raises :class:`~mseflow.errors.ConfigError` naming the variable.
        """
        environ = os.environ if environ is None else environ
        given: dict[str, dict[str, Any]] = {"reading": {}, "validation": {}, "reviews": {}}
        for name, (namespace, key) in _ENV.items():
            if value := environ.get(name, "").strip():
                given[namespace][key] = value
        try:
            return cls.model_validate(given)
        except ValidationError as exc:
            raise ConfigError(_describe(exc, {v: k for k, v in _ENV.items()})) from exc

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with ``reading.*`` / ``validation.*`` fields changed (``dpi=…``, ``today=…``).

        A bad value raises :class:`~mseflow.errors.ConfigError`.
        """
        data = self.model_dump()
        for key, value in changes.items():
            namespace = "reading" if key in ReadingSettings.model_fields else "validation"
            if key not in type(self).model_fields[namespace].annotation.model_fields:  # type: ignore[union-attr]
                raise ConfigError(f"unknown setting: {key}")
            data[namespace][key] = value
        try:
            return type(self).model_validate(data)
        except ValidationError as exc:
            raise ConfigError(_describe(exc, {})) from exc


def _describe(exc: ValidationError, names: Mapping[tuple[str, str], str]) -> str:
    """One line per bad setting: its name (the variable when it came from one) and the problem."""
    parts = []
    for error in exc.errors():
        location = tuple(str(part) for part in error["loc"][:2])
        name = names.get(location, ".".join(location))  # type: ignore[call-overload]
        parts.append(f"{name}: {error['msg']}")
    return "bad setting: " + "; ".join(parts)
