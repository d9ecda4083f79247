"""Exceptions raised by mkba.

``MkbaError`` is the root; the command line turns any of them into a plain message and exit code 1.
"""

from __future__ import annotations

__all__ = ["MkbaError", "InputError", "ArgumentError", "ReferenceDataError", "OutputFolderError"]


class MkbaError(Exception):
    """Base class of every error that mkba raises on purpose."""


class InputError(MkbaError, ValueError):
    """An input file cannot be used; ``report`` holds every problem found.

    Parameters
    ----------
    message : str
        One-line summary.
    report : ValidationReport, optional
        All issues found, when the error comes from validation.
    """

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


class ArgumentError(MkbaError, ValueError):
    """A function or command was called with a value it does not accept."""


class ReferenceDataError(MkbaError, ValueError):
    """A value falls outside a reference table (for example a price year without CPI data)."""


class OutputFolderError(MkbaError):
    """An output folder mkba may not write into: not its own, an input, read-only or in use
    (see :mod:`mkba.write.output_folder`)."""
