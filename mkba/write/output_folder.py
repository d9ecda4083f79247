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

Outputs never nest and never mix: an output folder may not lie inside another output folder of
mkba (a report's ``tables`` folder is the report's own, replaced with it; ``mkba tables`` writes
into a folder of its own), except the parts a run writes into the folder it is writing itself.
The marker names the command that wrote the folder (``mkba report``, ``mkba tables``, ...), and a
command does not write into the output of another one.

Every refusal is an :class:`~mkba.errors.OutputFolderError` with a message in Dutch and English
(:class:`mkba.messages.Text`).
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
from mkba.messages import Text
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
_COMMAND_LINE = "command: "  # the marker's line that names the command that wrote the folder
_SHOWN = 5  # entries of a refused folder named in the message

# Folders (and files) this process has put in place, newest last: the command line says after
# an interrupt whether anything was written.
_COMMITTED: list[Path] = []
# Output folders reserved by this process, with the command they were reserved for (or None).
_RESERVED: dict[Path, str | None] = {}
# Folders this process is writing into right now (the temporary folder of a report, a claimed
# folder): the parts written inside them are theirs, not outputs nested in another output.
_OPEN: set[Path] = set()


def committed() -> tuple[Path, ...]:
    """The output folders this process has put in place so far (for messages after an
    interrupt)."""
    return tuple(_COMMITTED)


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _describe(entries: list[str]) -> Text:
    more = len(entries) - _SHOWN
    if more > 0:
        return Text("{shown} en nog {more}", "{shown} and {more} more",
                    shown=entries[:_SHOWN], more=more)
    return Text.same(", ".join(entries))


def check_output_folder(path: str | Path, *, inputs: Iterable[str | Path] = (),
                        command: str | None = None) -> Path:
    """Check that mkba may write ``path``; return it as an absolute path (links followed).

    Parameters
    ----------
    path : str or Path
        The output folder. It may be missing (it is then created), empty, or an earlier output
        of mkba (it holds :data:`MARKER`).
    inputs : iterable of str or Path
        The files and folders the run reads. The output folder may not be one of them, contain
        one, or lie inside an input folder.
    command : str, optional
        The command that writes the folder (``"report"``, ``"tables"``, ...): a folder that
        holds the output of another command is refused. None checks no command.

    Returns
    -------
    Path

    Raises
    ------
    OutputFolderError
        With a message that names the folder and the reason (Dutch; ``render("en")``).

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
    mkba.errors.OutputFolderError: ... is geen uitvoermap van mkba en is niet leeg ...
    """
    given = Path(path)
    if given.is_symlink() and not given.exists():
        raise OutputFolderError(Text(
            "{given} is een koppeling naar {link}, dat niet bestaat; geef een bestaande map of "
            "een nieuwe naam",
            "{given} is a link to {link}, which does not exist; give an existing folder or a "
            "new name", given=str(given), link=os.readlink(given)))
    target = given.resolve()
    if target.exists() and not target.is_dir():
        raise OutputFolderError(Text("{given} is een bestand, geen map; geef de naam van een map",
                                     "{given} is a file, not a folder; give a folder name",
                                     given=str(given)))
    if target.parent == target:
        raise OutputFolderError(Text(
            "{given} is de hoofdmap van het bestandssysteem; geef een eigen map voor de uitvoer "
            "van mkba",
            "{given} is the root of the file system; give a folder of its own for mkba's output",
            given=str(given)))
    _check_not_inputs(given, target, inputs)
    _check_not_nested(given, target)
    if target.is_dir() and not _is_ours(target):
        try:
            entries = sorted(e.name for e in target.iterdir())
        except OSError as exc:
            raise OutputFolderError(Text("kan de map {given} niet lezen ({reason})",
                                         "cannot read the folder {given} ({reason})",
                                         given=str(given), reason=exc.strerror)) from None
        if entries:
            raise OutputFolderError(Text(
                "{given} is geen uitvoermap van mkba en is niet leeg (er staat {entries} in); "
                "mkba schrijft alleen in nieuwe of lege mappen en in mappen die het zelf heeft "
                "gemaakt. Geef een andere map, of zet deze bestanden eerst ergens anders",
                "{given} is not an output folder of mkba and is not empty (it holds "
                "{entries}); mkba writes only into new or empty folders and into folders it "
                "made itself. Give another folder, or move these files away first",
                given=str(given), entries=_describe(entries)))
    other = _command_of(target) if target.is_dir() else None
    if command is not None and other is not None and other != command:
        raise OutputFolderError(Text(
            "{given} bevat de uitvoer van mkba {other}; mkba {command} schrijft niet in de "
            "uitvoer van een andere opdracht. Geef een eigen map voor mkba {command}",
            "{given} holds the output of mkba {other}; mkba {command} does not write into the "
            "output of another command. Give a folder of its own for mkba {command}",
            given=str(given), other=other, command=command))
    return target


def _check_not_inputs(given: Path, target: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse the working folder, an input, a folder holding an input or inside an input."""
    cwd = Path.cwd().resolve()
    if _is_within(cwd, target):
        raise OutputFolderError(Text(
            "{given} is de map waarin u werkt{contains}; mkba schrijft zijn uitvoer in een eigen "
            "map, zoals reports",
            "{given} is the folder you are working in{contains}; mkba writes its output into a "
            "folder of its own, such as reports",
            given=str(given),
            contains=Text("", "") if cwd == target else Text(" (of bevat die)",
                                                             " (or contains it)")))
    for raw in inputs:
        source = Path(raw).resolve()
        if source == target:
            raise OutputFolderError(Text(
                "{given} is een invoer van deze run; mkba schrijft niet waar het uit leest; geef "
                "een andere uitvoermap, zoals reports",
                "{given} is an input of this run; mkba does not write where it reads from; give "
                "another output folder, such as reports", given=str(given)))
        if _is_within(source, target):
            raise OutputFolderError(Text(
                "{given} bevat de invoer {input}; mkba schrijft niet in een map waaruit het "
                "leest; geef een andere uitvoermap, zoals reports",
                "{given} holds the input {input}; mkba does not write into a folder it reads "
                "from; give another output folder, such as reports",
                given=str(given), input=str(raw)))
        if source.is_dir() and _is_within(target, source):
            raise OutputFolderError(Text(
                "{given} ligt in de invoermap {input}; geef een uitvoermap daarbuiten, zoals "
                "reports",
                "{given} lies inside the input folder {input}; give an output folder outside "
                "it, such as reports", given=str(given), input=str(raw)))


def _check_not_nested(given: Path, target: Path) -> None:
    """Refuse an output folder inside another output folder of mkba (not one being written by
    this run: its parts are its own)."""
    for parent in target.parents:
        if parent in _OPEN:
            return
        if _is_ours(parent):
            other = _command_of(parent)
            raise OutputFolderError(Text(
                "{given} ligt in {parent}, een uitvoermap van {writer}; die wordt bij een "
                "volgende run als geheel vervangen, dus mkba schrijft daar geen andere uitvoer "
                "in. Geef een map daarbuiten",
                "{given} lies inside {parent}, an output folder of {writer}; a later run "
                "replaces that folder as a whole, so mkba writes no other output into it. Give "
                "a folder outside it",
                given=str(given), parent=str(parent),
                writer=Text.same("mkba" if other is None else f"mkba {other}")))


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
        if not results.is_file() or results.is_symlink():
            return False
        names = {e.name for e in folder.iterdir()}
        if not names <= _EARLIER_REPORT:
            return False
        with open(results, "rb") as fh:
            return fh.read(64).lstrip().startswith(b'{\n  "mkba_version":')
    except OSError:
        return False


def _marker_command(folder: Path) -> str | None:
    """The command named in the folder's marker, if it names one."""
    marker = folder / MARKER
    try:
        if marker.is_file() and not marker.is_symlink():
            with open(marker, encoding="utf-8", errors="replace") as fh:
                for line in fh.read(4096).splitlines():
                    if line.startswith(_COMMAND_LINE):
                        return line[len(_COMMAND_LINE):].strip() or None
    except OSError:
        return None
    return None


def _command_of(folder: Path) -> str | None:
    """The command that wrote the folder: named in its marker; ``report`` for a report that
    does not name it (mkba 0.1.0, or a marker of before the names); None when unknown."""
    named = _marker_command(folder)
    if named is not None:
        return named
    if all((folder / n).is_file() for n in ("index.html", "results.json")):
        return "report"
    return None


def _mark(folder: Path, command: str | None = None) -> None:
    """Make ``folder`` mkba's own; a marker that names no command yet gets ``command``."""
    marker = folder / MARKER
    if _is_ours(folder) and (command is None or _marker_command(folder) is not None):
        return
    text = _MARKER_TEXT + (f"{_COMMAND_LINE}{command}\n" if command else "")
    if marker.is_symlink():
        marker.unlink()
    marker.write_text(text, encoding="utf-8")
    os.chmod(marker, 0o644)


def _check_writable(target: Path, given: Path) -> None:
    """Refuse before any work when the folder (or something in it) cannot be replaced."""
    parent = target.parent
    while not parent.exists() and parent.parent != parent:  # the folder that will be written
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputFolderError(Text("kan {given} niet schrijven: de map {parent} is alleen-lezen",
                                     "cannot write {given}: the folder {parent} is read-only",
                                     given=str(given), parent=str(parent)))
    if target.is_dir():
        for folder, _, _ in os.walk(target):
            if not os.access(folder, os.W_OK | os.X_OK):
                raise OutputFolderError(Text(
                    "kan {given} niet vervangen: {folder} is alleen-lezen; maak die schrijfbaar "
                    "of geef een andere uitvoermap",
                    "cannot replace {given}: {folder} is read-only; make it writable or give "
                    "another output folder", given=str(given), folder=folder))


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
def reserve_folder(path: str | Path | None, *, inputs: Iterable[str | Path] = (),
                   command: str | None = None) -> Iterator[Path | None]:
    """Check ``path`` and hold its lock for a whole run, before any work starts.

    A command line run reserves its output folder first, so that a refused folder or a second
    run into the same folder is told at once, not after minutes of work; what a killed run
    left there is tidied. The writers take the same lock again, and mark the folder with
    ``command`` (the command that writes it; see :func:`check_output_folder`). ``path`` None
    reserves nothing.

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
    command = _command_for(path, command)
    target = check_output_folder(path, inputs=inputs, command=command)
    _check_writable(target, Path(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target):
        outer = target not in _RESERVED
        if outer:
            _RESERVED[target] = command
        try:
            _tidy(target)
            yield target
        finally:
            if outer:
                del _RESERVED[target]


def _command_for(path: str | Path, command: str | None) -> str | None:
    """``command``, or the command the folder was reserved for by this process."""
    return command if command is not None else _RESERVED.get(Path(path).resolve())


@contextlib.contextmanager
def replace_folder(path: str | Path, *, inputs: Iterable[str | Path] = (),
                   command: str | None = None) -> Iterator[Path]:
    """Yield an empty temporary folder; on success it replaces ``path`` as a whole.

    The folder is checked first (:func:`check_output_folder`); when the body raises, or the run
    is interrupted, the temporary folder is removed and ``path`` is left as it was. Output
    folders written inside the temporary folder are parts of this one (not nested outputs).

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
    command = _command_for(given, command)
    with reserve_folder(given, inputs=inputs, command=command):
        # again, now that we hold the lock
        target = check_output_folder(given, inputs=inputs, command=command)
        _check_writable(target, given)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX,
                                    dir=target.parent))
        _OPEN.add(tmp)
        try:
            _mark(tmp, command)
            yield tmp
            os.chmod(tmp, 0o755)  # mkdtemp makes the folder private (0700)
            with signals_held():
                previous = swap_in(tmp, target)
                _COMMITTED.append(target)
                if previous is not None:
                    shutil.rmtree(previous, ignore_errors=True)
        finally:
            _OPEN.discard(tmp)
            if tmp.exists() and _is_ours(tmp):
                shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def claim_folder(path: str | Path, *, inputs: Iterable[str | Path] = (),
                 command: str | None = None) -> Iterator[Path]:
    """Check ``path``, create it with its marker (naming ``command``, or the command it was
    reserved for), and hold its lock while the body writes.

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
    command = _command_for(given, command)
    with reserve_folder(given, inputs=inputs, command=command):
        # again, now that we hold the lock
        target = check_output_folder(given, inputs=inputs, command=command)
        target.mkdir(exist_ok=True)
        _mark(target, command)
        for stale in target.iterdir():  # files a killed run was writing (mkba.write.atomic)
            if _STALE_FILE.fullmatch(stale.name) and stale.is_file() and not stale.is_symlink():
                stale.unlink()
        yield target
        _COMMITTED.append(target)


def write_files(path: str | Path, contents: dict[str, bytes], *,
                inputs: Iterable[str | Path] = (), command: str | None = None) -> list[Path]:
    """Write ``contents`` (file name -> bytes) into the output folder ``path``.

    The folder is claimed (:func:`claim_folder`, for ``command``); every file is complete on
    disk before the first one is renamed into place, so a failed run changes no file. Other files
    in the folder are left alone.

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
    with claim_folder(path, inputs=inputs, command=command) as folder:
        paths = [folder / name for name in contents]
        with contextlib.ExitStack() as stack:
            for target, data in zip(paths, contents.values(), strict=True):
                stack.enter_context(atomic_file(target)).write_bytes(data)
    return [Path(path) / name for name in contents]
