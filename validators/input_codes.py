"""The issue codes the reading stage puts on ``unreadable`` records.

They come from :mod:`mseflow.errors` (each :class:`~mseflow.errors.InputError`
subclass names its ``issue_code``); they are listed here so the one codes table
holds every code a record can carry. No predicate: the pipeline raises them.
"""

from __future__ import annotations

from mseflow.contract import DocType, Severity
from mseflow.validators.base import Rule, Scope

_UNREADABLE = frozenset({DocType.unreadable})

_TEXTS: dict[str, tuple[str, str]] = {
    "input_unreadable": (
        "Файл не читается: пустой, повреждён или не то, чем назван",
        "The file cannot be read: empty, corrupt or not what its name says",
    ),
    "input_encrypted": (
        "PDF защищён паролем",
        "The PDF is password-protected",
    ),
    "input_unsupported_format": (
        "Формат не поддерживается: нужен PDF, TIFF, PNG или JPEG",
        "Unsupported format: a PDF, TIFF, PNG or JPEG is needed",
    ),
    "input_too_large": (
        "Файл больше допустимого (байты, страницы или пиксели)",
        "The file is over the limits (bytes, pages or pixels)",
    ),
    "input_no_text": (
        "Ни текстовый слой, ни распознавание не дали текста",
        "Neither the text layer nor OCR produced any text",
    ),
    "input_permission_denied": (
        "Нет прав на чтение файла или папки: исправьте права, он будет прочитан при следующем запуске",
        "No permission to read the file or folder: fix the permissions; it is read on the next run",
    ),
    "input_changed": (
        "Файл менялся во время чтения (ещё копируется): будет прочитан при следующем запуске",
        "The file changed while it was read (still being copied): it is read on the next run",
    ),
    "input_not_regular": (
        "Не обычный файл (канал, сокет или устройство): не открывался",
        "Not a regular file (a pipe, socket or device): not opened",
    ),
    "input_outside_root": (
        "Символьная ссылка ведёт за пределы входной папки: не открывалась и не копировалась",
        "A symbolic link leads outside the input folder: not followed, not copied",
    ),
    "input_loop": (
        "Петля символьных ссылок или папок: пропущена",
        "A symbolic link or folder loop: skipped",
    ),
    "internal_error": (
        "Внутренняя ошибка при обработке файла: файл сохранён, сообщите администратору",
        "Internal error while processing the file: the file is kept, tell the administrator",
    ),
}

INPUT_RULES: tuple[Rule, ...] = tuple(
    Rule(
        code=code,
        severity=Severity.error,
        message_ru=ru,
        message_en=en,
        fields=("source_path",),
        basis="—",
        applies_to=_UNREADABLE,
        scope=Scope.input,
    )
    for code, (ru, en) in _TEXTS.items()
)
"""Input issue codes (see ``docs/errors.md`` for causes and fixes)."""

INPUT_CODES: frozenset[str] = frozenset(rule.code for rule in INPUT_RULES)
