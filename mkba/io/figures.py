"""Render matplotlib figures to bytes, the same way for every output of mkba.

PNG and SVG come out byte-identical for the same figure: no creation date, no software stamp,
and a fixed hash salt for the ids inside the SVG.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import os

import matplotlib

__all__ = ["FIGURE_FORMATS", "figure_bytes", "render_figures"]

#: Formats written for every figure.
FIGURE_FORMATS = ("png", "svg")
_METADATA = {"png": {"Software": None}, "svg": {"Date": None}}


def figure_bytes(fig, formats=FIGURE_FORMATS, *, dpi: int = 150) -> dict[str, bytes]:
    """The figure as bytes per format (``{"png": ..., "svg": ...}``), deterministic.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> _ = fig.subplots().plot([0, 1], [0, 1])
    >>> out = figure_bytes(fig)
    >>> out["png"][:4], out["svg"][:5], out == figure_bytes(fig)
    (b'\\x89PNG', b'<?xml', True)
    """
    out = {}
    engine = fig.get_layout_engine()
    try:
        with matplotlib.rc_context({"svg.hashsalt": "mkba", "svg.fonttype": "none"}):
            for fmt in formats:
                buf = io.BytesIO()
                # figures lay themselves out (constrained layout); bbox_inches="tight" would
                # draw every figure twice more
                fig.savefig(buf, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
                out[fmt] = buf.getvalue()
                # the first draw placed everything: later formats reuse that layout
                fig.set_layout_engine(None)
    finally:
        fig.set_layout_engine(engine)
    return out


_PENDING: dict = {}


def _figure(item):
    """A Figure, or the Figure a zero-argument builder returns."""
    return item() if callable(item) and not hasattr(item, "savefig") else item


def _render_named(name: str) -> tuple[str, dict[str, bytes]]:
    return name, figure_bytes(_figure(_PENDING[name]))


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
        Work for the main process while the workers render (for instance writing other files).

    The workers are forked, so they share the figures and their inputs without pickling; the
    result is the same as rendering one by one, in the same order.

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
    if workers <= 1 or len(names) < 4 or "fork" not in mp.get_all_start_methods():
        if meanwhile is not None:
            meanwhile()
        return {name: figure_bytes(_figure(figures[name])) for name in names}
    _PENDING.clear()
    _PENDING.update(figures)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            pending = pool.map_async(_render_named, names, chunksize=1)
            if meanwhile is not None:
                meanwhile()
            rendered = dict(pending.get())
    finally:
        _PENDING.clear()
    return {name: rendered[name] for name in names}
