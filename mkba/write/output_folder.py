"""Output folders that are mkba's own: claimed, locked, and replaced whole or not at all.

mkba writes only into folders it made itself. Every output folder gets a marker file
(:data:`MARKER`); a folder that exists is written into, or replaced, only when it holds that
marker or is empty. Anything else (a folder of studies, a working folder, a folder with the
user's own documents) is refused with a message that names the folder and what is in it, and so
is an output folder that is, contains or lies inside one of the run's inputs, or the folder the
user is working in.

Two ways to write:

- :func:`replace_folder` (``mkba report``): everything is written into a hidden temporary folder
  beside the target, which then takes the target's place in one atomic step (Linux
  ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames with the interrupt signals held back, and
  a run killed between them is repaired by the next run). The previous folder survives every
  signal at every moment; a failed or interrupted run leaves it as it was.
- :func:`claim_folder` (``mkba tables``, ``import``, ``scenario --out``): the folder is checked,
  created with its marker, and written file by file (each file atomically).

Both hold a lock (``.NAME.mkba-lock`` beside the folder, an ``flock`` that the system releases
when a run dies), so a second run into the same folder is refused with a message instead of
mixing its files with the first. Hidden temporary folders left by a run that was killed are
removed by the next run into the same folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from mkba.errors import OutputFolderError
from mkba.write._folder_swap import OLD_SUFFIX, TMP_SUFFIX, locked, signals_held, swap_in
from mkba.write.atomic import atomic_file

__all__ = [
    "MARKER",
    "check_output_folder",
    "claim_folder",
    "replace_folder",
    "reserve_folder",
    "committed",
    "write_files",
]

#: Name of the marker file that makes a folder mkba's own.
MARKER = ".mkba-output"
_MARKER_TEXT = (
    "Deze map is geschreven door mkba. mkba mag haar vervangen, met alles wat erin staat.\n"
    "This folder was written by mkba. mkba may replace it and everything in it.\n"
)
_SHOWN = 5  # entries of a refused folder named in the message

# Folders (and files) this process has put in place, newest last: the command line says after
# an interrupt whether anything was written.
_COMMITTED: list[Path] = []


def committed() -> tuple[Path, ...]:
    """The output folders this process has put in place so far (for messages after an
    interrupt)."""
    return tuple(_COMMITTED)


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _describe(entries: list[str]) -> str:
    shown = ", ".join(entries[:_SHOWN])
    more = len(entries) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def check_output_folder(path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Path:
    """Check that mkba may write ``path``; return it as an absolute path (links followed).

    Parameters
    ----------
    path : str or Path
        The output folder. It may be missing (it is then created), empty, or an earlier output
        of mkba (it holds :data:`MARKER`).
    inputs : iterable of str or Path
        The files and folders the run reads. The output folder may not be one of them, contain
        one, or lie inside an input folder.

    Returns
    -------
    Path

    Raises
    ------
    OutputFolderError
        With a message that names the folder and the reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (work / "studies").mkdir(), (work / "studies" / "a.xlsx").write_bytes(b"PK")
    >>> check_output_folder(work / "reports") == (work / "reports").resolve()
    True
    >>> check_output_folder(work / "studies")
    Traceback (most recent call last):
    ...
    mkba.errors.OutputFolderError: ... is not an output folder of mkba ...
    """
    given = Path(path)
    if given.is_symlink() and not given.exists():
        raise OutputFolderError(f"{given} is a link to {os.readlink(given)}, which does not "
                                "exist; give an existing folder or a new name")
    target = given.resolve()
    if target.exists() and not target.is_dir():
        raise OutputFolderError(f"{given} is a file, not a folder; give a folder name")
    if target.parent == target:
        raise OutputFolderError(f"{given} is the root of the file system; give a folder of its "
                                "own for mkba's output")
    cwd = Path.cwd().resolve()
    if _is_within(cwd, target):
        raise OutputFolderError(
            f"{given} is the folder you are working in" + ("" if cwd == target else
                                                           " (or contains it)")
            + "; mkba writes its output into a folder of its own, such as reports")
    for raw in inputs:
        source = Path(raw).resolve()
        if source == target:
            raise OutputFolderError(
                f"{given} is an input of this run; mkba does not write where it reads from; "
                "give another output folder, such as reports")
        if _is_within(source, target):
            raise OutputFolderError(
                f"{given} holds the input {raw}; mkba does not write into a folder it reads "
                "from; give another output folder, such as reports")
        if source.is_dir() and _is_within(target, source):
            raise OutputFolderError(
                f"{given} lies inside the input folder {raw}; give an output folder outside it, "
                "such as reports")
    if target.is_dir() and not _is_ours(target):
        try:
            entries = sorted(e.name for e in target.iterdir())
        except OSError as exc:
            raise OutputFolderError(f"cannot read the folder {given} ({exc.strerror})") from None
        if entries:
            raise OutputFolderError(
                f"{given} is not an output folder of mkba and is not empty (it holds "
                f"{_describe(entries)}); mkba writes only into new or empty folders and into "
                "folders it made itself. Give another folder, or move these files away first")
    return target


#: What a report of mkba 0.1.0 held, from before the marker: such a folder, with nothing else in
#: it, is taken as mkba's own, so that `make report` goes on working after an upgrade.
_EARLIER_REPORT = frozenset({"index.html", "tables.xlsx", "tables", "figures", "scenarios",
                             "data", "results.json"})


def _is_ours(folder: Path) -> bool:
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        return True
    return _is_earlier_report(folder)


def _is_earlier_report(folder: Path) -> bool:
    results = folder / "results.json"
    try:
        names = {e.name for e in folder.iterdir()}
        if not names <= _EARLIER_REPORT or not results.is_file() or results.is_symlink():
            return False
        with open(results, "rb") as fh:
            return fh.read(64).lstrip().startswith(b'{\n  "mkba_version":')
    except OSError:
        return False


def _mark(folder: Path) -> None:
    marker = folder / MARKER
    if not _is_ours(folder):
        marker.write_text(_MARKER_TEXT, encoding="utf-8")
        os.chmod(marker, 0o644)


def _check_writable(target: Path, given: Path) -> None:
    """Refuse before any work when the folder (or something in it) cannot be replaced."""
    parent = target.parent
    while not parent.exists() and parent.parent != parent:  # the folder that will be written
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputFolderError(f"cannot write {given}: the folder {parent} is read-only")
    if target.is_dir():
        for folder, _, _ in os.walk(target):
            if not os.access(folder, os.W_OK | os.X_OK):
                raise OutputFolderError(
                    f"cannot replace {given}: {folder} is read-only; make it writable or give "
                    "another output folder")


def _leftovers(target: Path, suffix: str) -> list[Path]:
    """Hidden folders of earlier runs into ``target`` (they hold the marker)."""
    if not target.parent.is_dir():
        return []
    # exactly the names mkdtemp gives: ".NAME." + 8 random characters + suffix
    name = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}" + re.escape(suffix))
    return sorted(p for p in target.parent.iterdir()
                  if name.fullmatch(p.name) and p.is_dir() and not p.is_symlink()
                  and _is_ours(p))


def _tidy(target: Path) -> None:
    """Repair what a killed run left: put a moved-away folder back, remove temporary ones."""
    if not target.exists():
        old = _leftovers(target, OLD_SUFFIX)
        if old:
            os.replace(old[-1], target)
    for stale in _leftovers(target, TMP_SUFFIX) + _leftovers(target, OLD_SUFFIX):
        shutil.rmtree(stale, ignore_errors=True)


# the temporary files of mkba.write.atomic.atomic_file: ".NAME." + 8 random characters + ".tmp"
_STALE_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")

@contextlib.contextmanager
def reserve_folder(path: str | Path | None, *,
                   inputs: Iterable[str | Path] = ()) -> Iterator[Path | None]:
    """Check ``path`` and hold its lock for a whole run, before any work starts.

    A command line run reserves its output folder first, so that a refused folder or a second
    run into the same folder is told at once, not after minutes of work; what a killed run
    left there is tidied. The writers take the same lock again. ``path`` None reserves nothing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "reports"
    >>> with reserve_folder(out) as target:
    ...     with replace_folder(out) as tmp:
    ...         _ = (tmp / "index.html").write_text("nieuw")
    >>> target == out.resolve(), (out / "index.html").read_text()
    (True, 'nieuw')
    """
    if path is None:
        yield None
        return
    target = check_output_folder(path, inputs=inputs)
    _check_writable(target, Path(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target):
        _tidy(target)
        yield target


@contextlib.contextmanager
def replace_folder(path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield an empty temporary folder; on success it replaces ``path`` as a whole.

    The folder is checked first (:func:`check_output_folder`); when the body raises, or the run
    is interrupted, the temporary folder is removed and ``path`` is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "reports"
    >>> with replace_folder(out) as tmp:
    ...     _ = (tmp / "index.html").write_text("nieuw")
    >>> sorted(p.name for p in out.iterdir())
    ['.mkba-output', 'index.html']
    """
    given = Path(path)
    with reserve_folder(given, inputs=inputs):
        target = check_output_folder(given, inputs=inputs)  # again, now that we hold the lock
        _check_writable(target, given)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX,
                                    dir=target.parent))
        try:
            _mark(tmp)
            yield tmp
            os.chmod(tmp, 0o755)  # mkdtemp makes the folder private (0700)
            with signals_held():
                previous = swap_in(tmp, target)
                _COMMITTED.append(target)
                if previous is not None:
                    shutil.rmtree(previous, ignore_errors=True)
        finally:
            if tmp.exists() and _is_ours(tmp):
                shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def claim_folder(path: str | Path, *, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Check ``path``, create it with its marker, and hold its lock while the body writes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "tables"
    >>> with claim_folder(out) as folder:
    ...     _ = (folder / "a.csv").write_text("x")
    >>> sorted(p.name for p in out.iterdir())
    ['.mkba-output', 'a.csv']
    """
    given = Path(path)
    with reserve_folder(given, inputs=inputs):
        target = check_output_folder(given, inputs=inputs)  # again, now that we hold the lock
        target.mkdir(exist_ok=True)
        _mark(target)
        for stale in target.iterdir():  # files a killed run was writing (mkba.write.atomic)
            if _STALE_FILE.fullmatch(stale.name) and stale.is_file() and not stale.is_symlink():
                stale.unlink()
        yield target
        _COMMITTED.append(target)


def write_files(path: str | Path, contents: dict[str, bytes], *,
                inputs: Iterable[str | Path] = ()) -> list[Path]:
    """Write ``contents`` (file name -> bytes) into the output folder ``path``.

    The folder is claimed (:func:`claim_folder`); every file is complete on disk before the
    first one is renamed into place, so a failed run changes no file. Other files in the folder
    are left alone.

    Returns
    -------
    list of Path
        The files written, in the order of ``contents``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> [p.name for p in write_files(out, {"a.csv": b"x\\n", "b.csv": b"y\\n"})]
    ['a.csv', 'b.csv']
    """
    with claim_folder(path, inputs=inputs) as folder:
        paths = [folder / name for name in contents]
        with contextlib.ExitStack() as stack:
            for target, data in zip(paths, contents.values(), strict=True):
                stack.enter_context(atomic_file(target)).write_bytes(data)
    return [Path(path) / name for name in contents]
