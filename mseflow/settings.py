"""One validated settings model, a namespace per stage.

Environment variables override the defaults (``MSEFLOW_DPI``, ``MSEFLOW_TODAY``, …),
and the CLI flags map onto the same fields.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import BaseModel, Field


class ReadingSettings(BaseModel):
    """How input files are opened, rendered and OCR-ed."""

    dpi: int = Field(300, ge=100, le=600, description="render DPI for scanned PDF pages")
    lang: str = Field("rus", description="Tesseract language(s)")
    psm: int = Field(3, ge=0, le=13, description="Tesseract page segmentation mode")
    min_text_layer_chars: int = Field(
        40, ge=1, description="letters a PDF page needs to be read from its text layer"
    )
    max_pages: int = Field(60, ge=1, description="pages per file before it is refused")
    max_file_bytes: int = Field(200 * 1024 * 1024, ge=1, description="bytes per file")
    max_image_pixels: int = Field(120_000_000, ge=1, description="pixels per page image")
    ocr_timeout_s: float = Field(180.0, gt=0, description="Tesseract time limit per page")


class ValidationSettings(BaseModel):
    """How records are judged."""

    min_confidence: float = Field(0.6, ge=0.0, le=1.0)
    today: dt.date | None = Field(None, description="processing date (default: the real today)")

    def effective_today(self) -> dt.date:
        """The date that expiry is judged against."""
        return self.today or dt.date.today()


class Settings(BaseModel):
    """Everything one run needs to know."""

    reading: ReadingSettings = Field(default_factory=ReadingSettings)
    validation: ValidationSettings = Field(default_factory=ValidationSettings)
    review_database: Path | None = Field(
        None,
        description="records.sqlite whose review decisions win over extraction when a file "
        "is processed again (None: no decisions applied)",
    )

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from defaults and ``MSEFLOW_*`` environment variables."""
        reading: dict[str, object] = {}
        if dpi := os.environ.get("MSEFLOW_DPI"):
            reading["dpi"] = int(dpi)
        validation: dict[str, object] = {}
        if today := os.environ.get("MSEFLOW_TODAY"):
            validation["today"] = dt.date.fromisoformat(today)
        return cls(
            reading=ReadingSettings(**reading),  # type: ignore[arg-type]
            validation=ValidationSettings(**validation),  # type: ignore[arg-type]
        )
