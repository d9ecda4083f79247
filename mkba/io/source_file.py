"""Read an input file's bytes safely, and parse TOML within bounds.

Every input file mkba reads (a study workbook, a mapping file, a scenario TOML file or input
workbook) goes through :func:`read_source`. It refuses, before opening, anything that is not a
regular file after following symbolic links (a folder, ``/dev/zero``, a named pipe, a socket),
whose opening or reading could block or never end, and a file larger than its bound. The file is
opened read-only and without blocking, checked again once open (it may have been swapped), and
read up to one byte past the bound, so that a file that grows while it is read is refused too.

:func:`parse_toml` parses TOML text and refuses nesting deeper than
:data:`~mkba.limits.MAX_TOML_DEPTH` (which would otherwise exhaust Python's recursion limit) and
control characters in keys and strings.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

from mkba.errors import MkbaError
from mkba.limits import MAX_TOML_DEPTH
from mkba.messages import Text
from mkba.text_clean import control_character

__all__ = ["SourceFileError", "read_source", "read_text_source", "read_toml", "parse_toml"]

_CHUNK = 1 << 20
_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_BINARY", 0))


class SourceFileError(MkbaError):
    """An input file that cannot be used.

    Attributes
    ----------
    code : str
        An issue code of :data:`mkba.issues.ISSUE_CODES`: ``file_not_found``,
        ``not_a_regular_file`` or ``file_too_large`` (from :func:`read_source`), or
        ``invalid_toml`` (from :func:`parse_toml`; readers report it as their own code).
    message : Text
        What is wrong, in Dutch and English (``str(error)`` is Dutch).
    found : object
        As in an issue: a value as read, a :class:`~mkba.messages.Text` or None.
    expected : Text or None
        As in an issue.
    """

    def __init__(self, code: str, message: Text, found=None, expected: Text | None = None):
        super().__init__(message)
        self.code, self.message, self.found, self.expected = code, message, found, expected

    @property
    def unreadable(self) -> bool:
        """True when the file could not be read at all (rather than read and found wrong)."""
        return self.code in ("file_not_found", "not_a_regular_file", "file_too_large")


_A_FILE = Text("een bestand", "a file")
_KINDS = ((stat.S_ISDIR, Text("een map", "a folder")),
          (stat.S_ISFIFO, Text("een named pipe (FIFO)", "a named pipe (FIFO)")),
          (stat.S_ISCHR, Text("een apparaat (character device)", "a character device")),
          (stat.S_ISBLK, Text("een apparaat (block device)", "a block device")),
          (stat.S_ISSOCK, Text("een socket", "a socket")))


def _kind(mode: int) -> Text:
    for test, name in _KINDS:
        if test(mode):
            return name
    return Text("geen gewoon bestand", "not a regular file")


def _at_most(max_bytes: int) -> Text:
    return Text("hoogstens {n} bytes", "at most {n} bytes", n=max_bytes)


def _check(st: os.stat_result, max_bytes: int, expected: Text) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = _kind(st.st_mode)
        raise SourceFileError("not_a_regular_file",
                              Text("het pad is {kind}, geen gewoon bestand",
                                   "the path is {kind}, not a regular file", kind=kind),
                              found=kind, expected=expected)
    if st.st_size > max_bytes:
        raise SourceFileError("file_too_large", Text("het bestand is groter dan mkba leest",
                                                     "the file is larger than mkba reads"),
                              found=Text("{n} bytes", "{n} bytes", n=st.st_size),
                              expected=_at_most(max_bytes))


def _unreadable(exc: OSError, expected: Text) -> SourceFileError:
    return SourceFileError("file_not_found", Text("het bestand kan niet gelezen worden ({reason})",
                                                  "cannot read the file ({reason})",
                                                  reason=exc.strerror or str(exc)),
                           expected=expected)


def read_source(path: str | Path, *, max_bytes: int, expected: Text = _A_FILE) -> bytes:
    """The bytes of an input file: a regular file (symbolic links followed) of at most
    ``max_bytes`` bytes.

    Parameters
    ----------
    path : str or Path
        The file. It is never written; its modification time does not change.
    max_bytes : int
        The largest size accepted (:data:`~mkba.limits.MAX_FILE_BYTES` for workbooks,
        :data:`~mkba.limits.MAX_TEXT_FILE_BYTES` for TOML files).
    expected : Text
        What the file should be, for the error (e.g. ``Text("een .xlsx-bestand", "an .xlsx
        file")``).

    Returns
    -------
    bytes

    Raises
    ------
    SourceFileError
        ``file_not_found`` (missing or unreadable), ``not_a_regular_file`` (a folder, device,
        pipe or socket; refused before it is opened), ``file_too_large``.

    Examples
    --------
    >>> read_source("/dev/zero", max_bytes=100)
    Traceback (most recent call last):
    ...
    mkba.io.source_file.SourceFileError: het pad is een apparaat (character device), geen gewoon bestand
    """  # noqa: E501
    try:
        _check(os.stat(path), max_bytes, expected)  # follows symbolic links; never opens
        fd = os.open(path, _FLAGS)  # without blocking, should a pipe have taken its place
    except OSError as exc:
        raise _unreadable(exc, expected) from None
    try:
        _check(os.fstat(fd), max_bytes, expected)
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _unreadable(exc, expected) from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise SourceFileError("file_too_large",
                              Text("het bestand werd tijdens het lezen groter dan mkba leest",
                                   "the file grew beyond the size mkba reads while it was read"),
                              found=Text("meer dan {n} bytes", "more than {n} bytes", n=max_bytes),
                              expected=_at_most(max_bytes))
    return b"".join(chunks)


_A_TEXT_FILE = Text("een tekstbestand", "a text file")


def read_text_source(path: str | Path, *, max_bytes: int, expected: Text = _A_TEXT_FILE) -> str:
    """The text of a UTF-8 input file, read with :func:`read_source`.

    Raises
    ------
    SourceFileError
        As :func:`read_source`, and ``invalid_toml`` when the bytes are not UTF-8 text.
    """
    data = read_source(path, max_bytes=max_bytes, expected=expected)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFileError("invalid_toml", Text("het bestand is geen UTF-8-tekst (byte {b})",
                                                   "the file is not UTF-8 text (byte {b})",
                                                   b=exc.start),
                              expected=Text("een tekstbestand, opgeslagen als UTF-8",
                                            "a text file saved as UTF-8")) from None


def read_toml(path: str | Path, *, max_bytes: int, expected: Text) -> tuple[str, dict]:
    """The text of a TOML input file and what it holds (:func:`read_text_source`, then
    :func:`parse_toml`); SourceFileError as they raise it."""
    text = read_text_source(path, max_bytes=max_bytes, expected=expected)
    return text, parse_toml(text)


def _deepest(data) -> tuple[int, str]:
    """The nesting depth of parsed TOML and the dotted path where it is deepest (iteratively)."""
    best, where = 0, ""
    stack = [(data, 0, "")]
    while stack:
        node, depth, path = stack.pop()
        if depth > best:
            best, where = depth, path
        if depth > MAX_TOML_DEPTH:
            break
        if isinstance(node, dict):
            stack.extend((v, depth + 1, f"{path}.{k}" if path else str(k))
                         for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in enumerate(node))
    return best, where


def _control(data) -> tuple[str, str] | None:
    """(dotted path, escaped character) of the first key or string with a control character."""
    stack = [(data, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                key = f"{path}.{k}" if path else str(k)
                if (ch := control_character(k)) is not None:
                    return key, ch
                stack.append((v, key))
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node))
        elif (ch := control_character(node)) is not None:
            return path, ch
    return None


def parse_toml(text: str) -> dict:
    """Parse TOML text with nesting of at most :data:`~mkba.limits.MAX_TOML_DEPTH` levels and no
    control characters other than tab and line breaks in its keys and strings.

    Raises
    ------
    SourceFileError
        With code ``invalid_toml`` (syntax, nesting) or ``control_character``; the message
        names the line or the key.

    Examples
    --------
    >>> parse_toml("a = [[[1]]]")
    {'a': [[[1]]]}
    >>> parse_toml("a = " + "[" * 50 + "]" * 50)
    Traceback (most recent call last):
    ...
    mkba.io.source_file.SourceFileError: 21 niveaus diep genest bij a[0][0]...; mkba leest hoogstens 20 niveaus
    """  # noqa: E501
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _invalid(str(exc)) from None
    except ValueError as exc:  # an integer of more than 4300 digits
        raise _invalid(str(exc)[:80]) from None
    except RecursionError:
        raise SourceFileError("invalid_toml", Text("te diep genest voor TOML die mkba leest",
                                                   "nested too deeply for TOML that mkba reads"),
                              expected=_LEVELS) from None
    depth, where = _deepest(data)
    if depth > MAX_TOML_DEPTH:
        shown = where if len(where) <= 40 else where[:40] + "..."
        raise SourceFileError("invalid_toml",
                              Text("{d} niveaus diep genest bij {where}; mkba leest hoogstens {n} "
                                   "niveaus", "nested {d} levels deep at {where}; at most {n} "
                                   "levels are read", d=depth, where=shown, n=MAX_TOML_DEPTH),
                              expected=_LEVELS)
    found = _control(data)
    if found is not None:
        raise SourceFileError("control_character",
                              Text("{key}: een sleutel of tekst bevat het stuurteken {ch}",
                                   "{key}: a key or text holds the control character {ch}",
                                   key=found[0], ch=found[1]),
                              found=found[1], expected=Text("tekst zonder stuurtekens",
                                                            "text without control characters"))
    return data


_LEVELS = Text("hoogstens {n} niveaus van tabellen en lijsten",
               "at most {n} levels of tables and arrays", n=MAX_TOML_DEPTH)


def _invalid(reason: str) -> SourceFileError:
    # tomllib's reason is English ("Invalid value (at line 3, column 5)"): it names the line
    return SourceFileError("invalid_toml", Text("geen geldige TOML: {reason}",
                                                "not valid TOML: {reason}", reason=reason))
