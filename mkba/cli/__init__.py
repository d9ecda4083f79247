"""The ``mkba`` command line: one function call per subcommand, in Dutch or English.

Exit codes: 0 success, 1 bad input or an output that cannot be written (every issue printed, no
traceback, nothing half written), 2 a usage error (an unknown command or option, a value that is
not allowed, an input path that does not exist), 130 (or 128 + the signal) when interrupted.
Every line is in the language of ``--lang`` (Dutch by default), given anywhere on the command
line: the help, argparse's own messages, the results, the issues and the errors.

The package: :mod:`~mkba.cli.parser` (the parser, :func:`build_parser`),
:mod:`~mkba.cli.options` (reading and checking each option value), :mod:`~mkba.cli.text` (the
help texts and argparse's words in Dutch), :mod:`~mkba.cli.commands` (the subcommands),
:mod:`~mkba.cli.labels` (``mkba labels``) and :mod:`~mkba.cli.register` (``mkba register``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from pathlib import Path

from mkba.cli.commands import COMMANDS, FOLDER_OUTPUT, inputs
from mkba.cli.parser import build_parser, requested_lang
from mkba.errors import ArgumentError, InputError, MkbaError
from mkba.messages import Text
from mkba.text_clean import printable

__all__ = ["main", "build_parser"]


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that every clean-up runs."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    raise _Stopped(signum)


@contextlib.contextmanager
def _signals_as_interrupts():
    """In the main thread: SIGTERM and SIGHUP stop the run the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


#: The most common reasons an operating system gives, in Dutch (English: the system's words).
_OS_REASONS = {
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "is een map",
    errno.EEXIST: "bestaat al",
    errno.ENAMETOOLONG: "naam te lang",
    errno.EBUSY: "in gebruik",
    errno.EIO: "invoer-/uitvoerfout van het apparaat",
}


def _os_message(exc: OSError) -> Text:
    """A sentence for an OSError: what could not be done with which path, and why.

    Examples
    --------
    >>> t = _os_message(PermissionError(errno.EACCES, "Permission denied", "reports"))
    >>> str(t), t.render("en")
    ('kan reports niet gebruiken: geen toestemming (Permission denied)', 'cannot use reports: \
Permission denied')
    """
    reason = exc.strerror or str(exc) or type(exc).__name__
    dutch = _OS_REASONS.get(exc.errno)
    why = Text(dutch + " ({reason})", "{reason}", reason=reason) if dutch else \
        Text.same(reason)
    if exc.filename is None:
        return Text("een bestandsbewerking is mislukt: {why}", "a file operation failed: {why}",
                    why=why)
    path = str(exc.filename) + (f" -> {exc.filename2}" if exc.filename2 is not None else "")
    return Text("kan {path} niet gebruiken: {why}", "cannot use {path}: {why}", path=path,
                why=why)


def _say(command: str, text: Text | str, lang: str) -> None:
    shown = text.render(lang) if isinstance(text, Text) else text
    print(printable(f"mkba {command}: {shown}"), file=sys.stderr)


def _run(args) -> int:
    """Run the command; bad input and unusable outputs become a message and exit code 1."""
    from mkba.write.output_folder import reserve_folder

    lang = args.lang
    try:
        args.inputs = inputs(args)
        if args.command == "scenario" and args.out is None:  # as the workbook's instructions say
            from mkba.scenario.files import default_output_folder

            args.out = default_output_folder(args.specs, cwd=Path())  # 'zwaar-resultaten'
        out = args.out if args.command in FOLDER_OUTPUT else None
        # the output folder is checked and locked before any work: a refused folder or a
        # second run into the same folder is told at once
        with reserve_folder(out, inputs=args.inputs, command=args.command):
            code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a reader that went away is told here, not at the interpreter's exit
        return code
    except InputError as exc:
        if exc.report is not None and exc.report.issues:
            print(printable(exc.report.format(lang)), file=sys.stderr)
        _say(args.command, exc.render(lang), lang)
    except MkbaError as exc:
        _say(args.command, exc.render(lang), lang)
    except BrokenPipeError:
        # the reader of the output went away (`mkba labels | head`): stop quietly, as other
        # command-line tools do, instead of reporting a failed file operation
        _quiet_stdout()
        return BROKEN_PIPE
    except OSError as exc:
        _say(args.command, _os_message(exc), lang)
    except MemoryError:
        _say(args.command, Text("niet genoeg geheugen voor deze invoer; zie de grenzen in de "
                                "README",
                                "not enough memory for this input; see the limits in the README"),
             lang)
    return 1


#: Exit code when the reader of the output stops reading: 128 + SIGPIPE, as a shell reports it.
BROKEN_PIPE = 141


def _quiet_stdout() -> None:
    """Point stdout at the null device, so that Python's flush at exit finds no broken pipe."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test's capture)
        pass


def _interrupt_handled() -> None:
    """Tell CPython that the interrupt was handled, so that the exit code stays 130.

    CPython notes an interrupt as unhandled whenever it leaves code run by ``exec`` on a string,
    and at the exit of a program started with ``-m`` (``python -m mkba``) then kills the process
    with SIGINT (exit status -2) whatever ``sys.exit`` said.
    The standard library runs such code on every import of a dataclass, and mkba imports its
    readers lazily, so Ctrl-C during the first import of a reader would end the run that way
    although the interrupt was caught and reported. The flag is CPython's own; elsewhere there is
    nothing to clear.
    """
    try:
        import ctypes

        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0
    except (ImportError, AttributeError, ValueError, OSError):  # not CPython, or no such flag
        pass


def _interrupted(done: list[str]) -> Text:
    if done:
        return Text("onderbroken; vóór de onderbreking geschreven: {done}",
                    "interrupted; written before the interruption: {done}", done=done)
    return Text("onderbroken; er is niets veranderd", "interrupted; nothing was changed")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Exit codes: 0 success, 1 bad input or an output that cannot be written (a message on
    stderr, no traceback), 2 a usage error, 130 (or 128 + the signal) when interrupted, 141
    (quietly) when the reader of the output stops reading (``mkba labels | head``).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``mkba`` (default: ``sys.argv[1:]``). ``--lang en`` anywhere gives
        every line in English, the help and argparse's messages too.

    Examples
    --------
    A usage error is reported on stderr (in Dutch) and gives exit code 2:

    >>> main(["no-such-command"])
    2
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = requested_lang(argv)
    parser = build_parser(lang)
    try:
        args = parser.parse_args(argv)
        if hasattr(args, "rate"):  # the basis options, each checked while parsing
            from mkba.basis import as_basis

            try:
                args.basis = as_basis(rate=args.rate, price_year=args.price_year,
                                      horizon=args.horizon, timing=args.timing)
            except ArgumentError as exc:
                parser.error(exc.render(lang))
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code or 0)
    from mkba.write.output_folder import committed  # after parsing: --help stays quick
    before = len(committed())
    try:
        with _signals_as_interrupts():
            return _run(args)  # an interrupt while an error is reported is still caught here
    except KeyboardInterrupt as exc:
        _interrupt_handled()
        done = [str(p) for p in committed()[before:] if p.exists()]
        _say(args.command, _interrupted(done), args.lang)
        return 128 + exc.signum if isinstance(exc, _Stopped) else 130
