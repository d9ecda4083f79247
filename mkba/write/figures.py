"""Render matplotlib figures to bytes, the same way for every output of mkba.

PNG and SVG come out byte-identical for the same figure: no creation date, no software stamp,
and a fixed hash salt for the ids inside the SVG.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import shutil
import signal
import struct
import tempfile
import time

import matplotlib

from mkba.errors import MkbaError
from mkba.messages import Text
from mkba.text_clean import clean_figure, clean_svg
from mkba.write._folder_swap import signals_held

__all__ = ["FIGURE_DPI", "FIGURE_FORMATS", "figure_bytes", "render_figures"]

#: Resolution of every PNG (the page shows figures at their natural size: 150 dpi).
FIGURE_DPI = 150

#: Formats written for every figure.
FIGURE_FORMATS = ("png", "svg")
_METADATA = {"png": {"Software": None}, "svg": {"Date": None}}


def figure_bytes(fig, formats=FIGURE_FORMATS, *, dpi: int = FIGURE_DPI) -> dict[str, bytes]:
    """The figure as bytes per format (``{"png": ..., "svg": ...}``), deterministic.

    The PNG is rendered at ``dpi`` (150: the page shows it at its natural size, where no text
    of mkba's figures is under 7 points, 9.3 pixels) and stored with a palette of at most 256
    colours. Every output figure of mkba goes through here, so this is where its texts lose their
    control characters (:func:`mkba.text_clean.clean_figure`, and :func:`~mkba.text_clean.clean_svg`
    on the SVG as a last safeguard): a title from a study can never make an invalid SVG.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> _ = fig.subplots().plot([0, 1], [0, 1])
    >>> out = figure_bytes(fig)
    >>> out["png"][:4], out["svg"][:5], out == figure_bytes(fig)
    (b'\\x89PNG', b'<?xml', True)
    """
    clean_figure(fig)
    out = {}
    engine = fig.get_layout_engine()
    try:
        with matplotlib.rc_context({"svg.hashsalt": "mkba", "svg.fonttype": "none"}):
            for fmt in formats:
                buf = io.BytesIO()
                # figures lay themselves out (constrained layout); bbox_inches="tight" would
                # draw every figure twice more. The PNG is drawn to raw pixels and encoded once,
                # with its palette (_palette_png)
                fig.savefig(buf, format="rgba" if fmt == "png" else fmt, dpi=dpi,
                            **({} if fmt == "png" else {"metadata": _METADATA[fmt]}))
                data = buf.getvalue()
                out[fmt] = clean_svg(data) if fmt == "svg" else _palette_png(
                    data, _pixels(fig, dpi))
                # the first draw placed everything: later formats reuse that layout
                fig.set_layout_engine(None)
    finally:
        fig.set_layout_engine(engine)
    return out


def _pixels(fig, dpi: float) -> tuple[int, int]:
    """Width and height in pixels of ``fig`` drawn at ``dpi`` (as the Agg canvas rounds)."""
    width, height = fig.get_size_inches() * dpi
    return int(round(width)), int(round(height))


def _palette_png(rgba: bytes, size: tuple[int, int]) -> bytes:
    """A PNG of raw RGBA pixels with a palette of at most 256 colours (octree, no dithering):
    the same picture to the eye at a third of the bytes or less, so a figure of 100 studies
    stays well under 400 KB. Deterministic, and without metadata."""
    from PIL import Image  # matplotlib's own dependency

    rgb = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1).convert("RGB")
    small = rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="png")
    return buf.getvalue()


def _figure(item):
    """A Figure, or the Figure a zero-argument builder returns."""
    return item() if callable(item) and not hasattr(item, "savefig") else item


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _next_names(queue: int, names: list[str]):
    """The names whose positions a worker takes from the ``queue`` (the read end of a pipe
    filled with positions before the fork): each read of two bytes is one position, and no
    two workers get the same one, so a worker that is done takes the next figure."""
    while True:
        data = os.read(queue, 2)
        if len(data) < 2:
            return
        yield names[struct.unpack(">H", data)[0]]


def _child(figures: dict, names, result: str) -> None:
    """In a forked worker: render ``names`` and pickle the bytes (or the error) to ``result``.

    Ctrl-C reaches the whole process group; the worker ignores it and leaves the interrupt to
    the main process, which stops the workers. SIGTERM and SIGHUP end the worker at once. The
    worker leaves with ``os._exit`` so that nothing of the main process runs twice.
    """
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # held back by the fork
        try:
            payload = (True, {name: figure_bytes(_figure(figures[name])) for name in names})
        except Exception as exc:  # noqa: BLE001 - handed to the main process, raised there
            payload = (False, exc)
        with open(result, "wb") as fh:
            try:
                pickle.dump(payload, fh)
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                fh.seek(0)
                fh.truncate()
                pickle.dump((False, RuntimeError(repr(payload[1]))), fh)
        code = 0
    finally:
        os._exit(code)


def _render_forked(figures: dict, names: list[str], workers: int, meanwhile) -> dict:
    """Render on ``workers`` forked processes, which take the names one at a time in order
    (a figure of 100 rows takes ten times one of a few lines: fixed shares would leave one
    worker waiting for the other); once ``meanwhile`` is done, this process takes its share
    from the same queue."""
    folder = tempfile.mkdtemp(prefix="mkba-figures-")
    children: dict[int, str] = {}
    queue, filler = os.pipe()
    try:
        os.write(filler, b"".join(struct.pack(">H", i) for i in range(len(names))))
        os.close(filler)
        filler = None
        for k in range(workers):
            result = os.path.join(folder, f"{k}.pickle")
            # An interrupt during the fork must reach neither the new worker before it can
            # ignore it (the mask, inherited by the worker, holds it back there) nor this
            # process inside the fork's own hooks, where Python would swallow the exception
            # (the handlers only take note until the fork is done; signals_held).
            with signals_held():
                held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
                try:
                    pid = os.fork()
                    if pid == 0:
                        _child(figures, _next_names(queue, names), result)
                    children[pid] = result
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if meanwhile is not None:
            meanwhile()
        rendered: dict = {}
        # this process is free now: it takes figures from the same queue until none is left,
        # rather than wait for the workers
        for name in _next_names(queue, names):
            rendered[name] = figure_bytes(_figure(figures[name]))
        for pid in list(children):
            _, status = os.waitpid(pid, 0)
            result = children.pop(pid)
            if os.WIFSIGNALED(status):
                # stopped from outside: when the signal went to the whole run, this process has
                # it too; let it arrive (KeyboardInterrupt) before saying more
                time.sleep(0.2)
                raise MkbaError(Text(
                    "een proces dat de figuren tekende is gestopt door signaal {signal}; er is "
                    "niets veranderd",
                    "a process drawing the figures was stopped by signal {signal}; nothing was "
                    "changed", signal=signal.Signals(os.WTERMSIG(status)).name))
            if status != 0:
                raise MkbaError(Text(
                    "een proces dat de figuren tekende is gestopt (wachtstatus {status}); er is "
                    "niets veranderd",
                    "a process drawing the figures stopped (wait status {status}); nothing was "
                    "changed", status=Text.same(str(status))))
            with open(result, "rb") as fh:
                ok, value = pickle.load(fh)
            if not ok:
                raise value
            rendered.update(value)
        return rendered
    finally:
        for pid in children:  # interrupted or failed: stop the others, leave no zombie
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for fd in (queue, filler):
            if fd is not None:
                os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def render_figures(figures: dict, *, workers: int | None = None,
                   meanwhile=None) -> dict[str, dict[str, bytes]]:
    """Render many figures to bytes (name -> format -> bytes), on several cores where there are.

    Parameters
    ----------
    figures : dict
        Name -> Figure, or name -> zero-argument function that builds the Figure (then the
        figure is also built in the worker, in parallel).
    workers : int, optional
        Processes to use; default the number of cores available (at most 4).
    meanwhile : callable, optional
        Work for the main process while the workers render (for instance writing other files);
        after it, the main process renders figures too.

    The workers are forked, so they share the figures and their inputs without pickling; the
    result is the same as rendering one by one, in the same order. An interrupt (Ctrl-C,
    SIGTERM, SIGHUP) stops the workers quietly and is raised in the main process.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figs = {f"f{i}": Figure() for i in range(2)}
    >>> list(render_figures(figs, workers=1)) == ["f0", "f1"]
    True
    """
    if workers is None:
        workers = min(len(os.sched_getaffinity(0)), 4) if hasattr(os, "sched_getaffinity") \
            else (os.cpu_count() or 1)
    names = list(figures)
    if workers <= 1 or len(names) < 4 or not hasattr(os, "fork"):
        if meanwhile is not None:
            meanwhile()
        return {name: figure_bytes(_figure(figures[name])) for name in names}
    # The workers share this process's memory until they write to it; a collection of the
    # garbage collector there would write to every object (a large study is millions of them),
    # so they are set aside for the collector while the workers run.
    gc.freeze()
    try:
        rendered = _render_forked(figures, names, min(workers, len(names)), meanwhile)
    finally:
        gc.unfreeze()
    return {name: rendered[name] for name in names}
