"""Reading stage: bytes of one input file -> a list of :class:`~mseflow.reading.page.PageText`."""

from __future__ import annotations

from mseflow.reading.files import read_bytes, read_file
from mseflow.reading.page import Checkbox, Line, PageText, Word

__all__ = ["Checkbox", "Line", "PageText", "Word", "read_bytes", "read_file"]
