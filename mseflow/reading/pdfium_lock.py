"""One process-wide lock for PDFium.

PDFium is not thread-safe (pypdfium2's documentation says so: never call it from two
threads at once). Prefect's thread-pool task runner reads several files at the same time
in one process, and the review station serves page images from a thread pool; without
the lock, two threads inside PDFium corrupted the heap (segmentation faults in
``PdfDocument.get_page``, glibc aborts at exit). Every use of PDFium — open, read,
render, close — happens while this lock is held; it is re-entrant, so a function that
holds it may call another that takes it. Worker processes (``process -j N``, Dask
workers) each have their own PDFium and their own lock.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()

__all__ = ["PDFIUM_LOCK"]
