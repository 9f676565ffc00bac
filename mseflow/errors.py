"""The project's exception tree and process exit codes.

Two error boundaries use it: the per-document boundary in
:func:`mseflow.pipeline.process_source_safely` turns an :class:`InputError` into an
``unreadable`` record carrying :attr:`InputError.issue_code`; the per-run boundary
in :mod:`mseflow.cli` turns any other :class:`MseflowError` into its exit code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit status of the ``mseflow`` command."""

    ok = 0
    bad_args = 2  # usage errors, as click reports them
    input_missing = 2
    missing_dependency = 3
    incomplete = 4
    output_error = 5
    internal_error = 70  # EX_SOFTWARE: a bug, reported in one line (traceback with -vv)
    interrupted = 130


class MseflowError(Exception):
    """Root of every error mseflow raises on purpose."""

    exit_code: ExitCode = ExitCode.bad_args


class InputError(MseflowError, ValueError):
    """A single input cannot be read; the batch goes on with an ``unreadable`` record."""

    issue_code = "input_unreadable"


class UnreadableInputError(InputError):
    """The file is empty, truncated, corrupt or not what its name says."""

    issue_code = "input_unreadable"


class EncryptedInputError(InputError):
    """The PDF is password-protected."""

    issue_code = "input_encrypted"


class UnsupportedFormatError(InputError):
    """The file is not a PDF, TIFF, PNG or JPEG."""

    issue_code = "input_unsupported_format"


class InputTooLargeError(InputError):
    """The file has more pages or pixels than the configured limits allow."""

    issue_code = "input_too_large"


class InputPermissionError(InputError):
    """The file or folder cannot be read by the user mseflow runs as."""

    issue_code = "input_permission_denied"


class InputChangedError(InputError):
    """The file changed while it was read (still being written); it is read on the next run."""

    issue_code = "input_changed"


class NotRegularFileError(InputError):
    """A named pipe, socket or device: never opened, it could block the run."""

    issue_code = "input_not_regular"


class OutsideRootError(InputError):
    """A symbolic link that points outside the input folder: never followed."""

    issue_code = "input_outside_root"


class InputLoopError(InputError):
    """A symbolic link loop (a folder link to its own ancestor, or a link cycle)."""

    issue_code = "input_loop"


class NoTextError(InputError):
    """Neither the text layer nor OCR produced any text."""

    issue_code = "input_no_text"


class InputNotFoundError(MseflowError, FileNotFoundError):
    """An input path given on the command line does not exist."""

    exit_code = ExitCode.input_missing


class MissingDependencyError(MseflowError, RuntimeError):
    """An external program (Tesseract, its Russian data) is missing."""

    exit_code = ExitCode.missing_dependency


class ConfigError(MseflowError):
    """Bad settings or arguments."""

    exit_code = ExitCode.bad_args


class OutputError(MseflowError, OSError):
    """The output directory or database cannot be written."""

    exit_code = ExitCode.output_error


class IncompleteRunError(MseflowError):
    """Some files failed for reasons other than bad input; they are retried on the next run."""

    exit_code = ExitCode.incomplete
