"""The two mechanisms under :mod:`mkba.write.output_folder`: a lock per output folder, and the
swap of a finished folder into the place of the previous one.

- :func:`locked`: an ``flock`` on ``.NAME.mkba-lock`` beside the folder; a second run is refused
  at once, the system releases the lock when a run ends or dies, and the lock is re-entrant
  within one process (a run reserves its folder, its writers take the lock again).
- :func:`swap_in`: Linux ``renameat2(RENAME_EXCHANGE)`` swaps two folders in one step; where it
  is missing, two renames, which the caller runs inside :func:`signals_held` (interrupts wait
  until both are done); a run killed in between leaves the previous folder as
  ``.NAME.<8 random characters>.mkba-old``, for the next run to put back.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from mkba.errors import OutputFolderError
from mkba.messages import Text

__all__ = ["locked", "swap_in", "signals_held", "OLD_SUFFIX", "TMP_SUFFIX"]

#: Suffixes of the hidden folders beside an output folder while a report is written.
TMP_SUFFIX = ".mkba-tmp"
OLD_SUFFIX = ".mkba-old"
_LOCK_SUFFIX = ".mkba-lock"
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


# Locks this process holds, with how often each is taken (a run reserves its output folder
# at the start and its writers take the same lock again).
_HELD: dict[Path, int] = {}


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the lock of ``target`` (refused when another run holds it; re-entrant)."""
    if target in _HELD:
        _HELD[target] += 1
        try:
            yield
        finally:
            _HELD[target] -= 1
        return
    lock = target.parent / f".{target.name}{_LOCK_SUFFIX}"
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputFolderError(Text(
                "een andere run van mkba schrijft nu {target}; wacht tot die klaar is en probeer "
                "het opnieuw (het slot is {lock})",
                "another mkba run is writing {target} right now; wait until it has finished and "
                "try again (its lock is {lock})", target=str(target), lock=str(lock))) from None
        try:  # the run before us may have removed the lock file after we opened it
            current = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(fd)
    _HELD[target] = 1
    try:
        yield
    finally:
        del _HELD[target]
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        os.close(fd)


_RENAME_EXCHANGE = 2
_libc = None


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically (Linux renameat2); OSError(ENOSYS/EINVAL) where unsupported."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    func = getattr(_libc, "renameat2", None)
    if func is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    at_fdcwd = -100
    if func(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(a))


def swap_in(tmp: Path, target: Path) -> Path | None:
    """Put ``tmp`` in the place of ``target``; return where the previous folder went."""
    if not target.exists():
        os.replace(tmp, target)
        return None
    try:
        _exchange(tmp, target)
        return tmp
    except OSError as exc:
        if exc.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise
    old = tmp.with_name(tmp.name[: -len(TMP_SUFFIX)] + OLD_SUFFIX)
    os.replace(target, old)  # a run killed here is repaired by the next run (_tidy)
    os.replace(tmp, target)
    return old


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP until the block is done, then deliver the first.

    The handlers are swapped for one that only takes note, rather than the signals being
    blocked: a signal sent to the process may reach any of its threads (numpy's, say), and
    Python then runs its handler in the main thread whatever that thread's mask. Outside the
    main thread (where handlers cannot be set) the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum))
                for s in _SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])  # to the handler that was there before
