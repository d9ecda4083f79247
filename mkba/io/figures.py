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


def _render_named(name: str) -> tuple[str, dict[str, bytes]]:
    return name, figure_bytes(_PENDING[name])


def render_figures(figures: dict, *, workers: int | None = None) -> dict[str, dict[str, bytes]]:
    """Render many figures (name -> Figure) to bytes, on several cores where there are.

    The figures are shared with forked worker processes (no pickling); the result is the same
    as rendering them one by one, in the same order.

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
        return {name: figure_bytes(figures[name]) for name in names}
    _PENDING.clear()
    _PENDING.update(figures)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            rendered = dict(pool.map(_render_named, names, chunksize=1))
    finally:
        _PENDING.clear()
    return {name: rendered[name] for name in names}
