"""Exceptions raised by mkba.

``MkbaError`` is the root; the command line turns any of them into a plain message and exit code 1.
"""

from __future__ import annotations

__all__ = ["MkbaError", "InputError", "ArgumentError", "ReferenceDataError", "OutputFolderError"]


class MkbaError(Exception):
    """Base class of every error that mkba raises on purpose.

    Parameters
    ----------
    message : Text or str
        What went wrong, in Dutch and English (:class:`mkba.messages.Text`); ``str(error)`` is
        the Dutch text and :meth:`render` gives either language.

    Examples
    --------
    >>> from mkba.messages import Text
    >>> err = MkbaError(Text("map bestaat niet", "folder does not exist"))
    >>> str(err), err.render("en")
    ('map bestaat niet', 'folder does not exist')
    """

    def __init__(self, message, *args):
        # a Text (anything with ``render``; errors sit below mkba.messages and do not import it)
        self.text = message
        super().__init__(self.render("nl"), *args)

    def render(self, lang: str = "nl") -> str:
        """The message in ``lang`` ('nl' or 'en')."""
        return self.text.render(lang) if hasattr(self.text, "render") else str(self.text)


class InputError(MkbaError, ValueError):
    """An input file cannot be used; ``report`` holds every problem found.

    Parameters
    ----------
    message : Text or str
        One-line summary.
    report : ValidationReport, optional
        All issues found, when the error comes from validation.
    """

    def __init__(self, message, report=None):
        super().__init__(message)
        self.report = report


class ArgumentError(MkbaError, ValueError):
    """A function or command was called with a value it does not accept."""


class ReferenceDataError(MkbaError, ValueError):
    """A value falls outside a reference table (for example a price year without CPI data)."""


class OutputFolderError(MkbaError):
    """An output folder mkba may not write into: not its own, an input, read-only or in use
    (see :mod:`mkba.write.output_folder`)."""
