"""Reading stage: bytes of one input file -> a list of :class:`~mseflow.reading.page.PageText`."""

from __future__ import annotations

from mseflow.reading.files import (
    PagePlan,
    plan_pages,
    read_bytes,
    read_file,
    read_page,
    read_pages,
    require_text,
)
from mseflow.reading.page import Checkbox, Line, PageText, Word

__all__ = [
    "Checkbox",
    "Line",
    "PagePlan",
    "PageText",
    "Word",
    "plan_pages",
    "read_bytes",
    "read_file",
    "read_page",
    "read_pages",
    "require_text",
]
