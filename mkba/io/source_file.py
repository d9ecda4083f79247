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

from mkba import formatting
from mkba.limits import MAX_TOML_DEPTH
from mkba.text_clean import control_character

__all__ = ["SourceFileError", "read_source", "read_text_source", "parse_toml"]

_CHUNK = 1 << 20
_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
          | getattr(os, "O_BINARY", 0))


class SourceFileError(Exception):
    """An input file that cannot be used.

    Attributes
    ----------
    code : str
        An issue code of :data:`mkba.issues.ISSUE_CODES`: ``file_not_found``,
        ``not_a_regular_file`` or ``file_too_large`` (from :func:`read_source`), or
        ``invalid_toml`` (from :func:`parse_toml`; readers report it as their own code).
    message, found, expected : str or None
        As in an issue.
    """

    def __init__(self, code: str, message: str, found: str | None = None,
                 expected: str | None = None):
        super().__init__(message)
        self.code, self.message, self.found, self.expected = code, message, found, expected


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _check(st: os.stat_result, max_bytes: int, expected: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise SourceFileError("not_a_regular_file", f"the path is {_kind(st.st_mode)}, not a "
                              "regular file", found=_kind(st.st_mode), expected=expected)
    if st.st_size > max_bytes:
        raise SourceFileError("file_too_large", "the file is larger than mkba reads",
                              found=f"{formatting.number(st.st_size, 0, 'en')} bytes",
                              expected=f"at most {formatting.number(max_bytes, 0, 'en')} bytes")


def read_source(path: str | Path, *, max_bytes: int, expected: str = "a file") -> bytes:
    """The bytes of an input file: a regular file (symbolic links followed) of at most
    ``max_bytes`` bytes.

    Parameters
    ----------
    path : str or Path
        The file. It is never written; its modification time does not change.
    max_bytes : int
        The largest size accepted (:data:`~mkba.limits.MAX_FILE_BYTES` for workbooks,
        :data:`~mkba.limits.MAX_TEXT_FILE_BYTES` for TOML files).
    expected : str
        What the file should be, for the error (e.g. ``"an .xlsx file"``).

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
    mkba.io.source_file.SourceFileError: the path is a character device, not a regular file
    """
    try:
        _check(os.stat(path), max_bytes, expected)  # follows symbolic links; never opens
        fd = os.open(path, _FLAGS)  # without blocking, should a pipe have taken its place
    except OSError as exc:
        raise SourceFileError("file_not_found", f"cannot read the file ({exc.strerror or exc})",
                              expected=expected) from None
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
        raise SourceFileError("file_not_found", f"cannot read the file ({exc.strerror or exc})",
                              expected=expected) from None
    finally:
        os.close(fd)
    if size > max_bytes:
        most = formatting.number(max_bytes, 0, "en")
        raise SourceFileError("file_too_large", "the file grew beyond the size mkba reads "
                              "while it was read", found=f"more than {most} bytes",
                              expected=f"at most {most} bytes")
    return b"".join(chunks)


def read_text_source(path: str | Path, *, max_bytes: int, expected: str = "a text file") -> str:
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
        raise SourceFileError("invalid_toml", f"the file is not UTF-8 text (byte {exc.start})",
                              expected="a text file saved as UTF-8") from None


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
    mkba.io.source_file.SourceFileError: nested 21 levels deep at a[0][0]...; at most 20 levels are read
    """  # noqa: E501
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceFileError("invalid_toml", f"not valid TOML: {exc}") from None
    except ValueError as exc:  # an integer of more than 4300 digits
        raise SourceFileError("invalid_toml", f"not valid TOML: {str(exc)[:80]}") from None
    except RecursionError:
        raise SourceFileError("invalid_toml", "nested too deeply for TOML that mkba reads",
                              expected=f"at most {MAX_TOML_DEPTH} levels of tables and "
                              "arrays") from None
    depth, where = _deepest(data)
    if depth > MAX_TOML_DEPTH:
        shown = where if len(where) <= 40 else where[:40] + "..."
        raise SourceFileError("invalid_toml", f"nested {depth} levels deep at {shown}; at most "
                              f"{MAX_TOML_DEPTH} levels are read",
                              expected=f"at most {MAX_TOML_DEPTH} levels of tables and arrays")
    found = _control(data)
    if found is not None:
        raise SourceFileError("control_character", f"{found[0]}: a key or text holds the "
                              f"control character {found[1]}", found=found[1],
                              expected="text without control characters")
    return data
