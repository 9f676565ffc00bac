"""Tell what kind of file a byte string is, by its magic bytes, not its name."""

from __future__ import annotations

from enum import StrEnum

from mseflow.errors import UnreadableInputError, UnsupportedFormatError


class FileKind(StrEnum):
    """Input kinds mseflow reads."""

    pdf = "pdf"
    tiff = "tiff"
    png = "png"
    jpeg = "jpeg"


_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", FileKind.pdf),
    (b"II*\x00", FileKind.tiff),
    (b"MM\x00*", FileKind.tiff),
    (b"\x89PNG\r\n\x1a\n", FileKind.png),
    (b"\xff\xd8\xff", FileKind.jpeg),
)


def sniff_kind(data: bytes) -> FileKind:
    """Return the kind of ``data`` or raise a typed input error.

    >>> sniff_kind(b"%PDF-1.7 ...")
    <FileKind.pdf: 'pdf'>
    """
    if not data:
        raise UnreadableInputError("empty file (0 bytes)")
    head = data[:1024].lstrip(b"\x00\t\r\n ")
    for magic, kind in _MAGIC:
        if head.startswith(magic) or (kind is FileKind.pdf and magic in data[:1024]):
            return kind
    raise UnsupportedFormatError(
        "not a PDF, TIFF, PNG or JPEG file (unknown leading bytes); "
        "supported inputs: PDF with or without a text layer, TIFF, PNG, JPEG"
    )
