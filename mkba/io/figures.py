"""Render matplotlib figures to bytes, the same way for every output of mkba.

PNG and SVG come out byte-identical for the same figure: no creation date, no software stamp,
and a fixed hash salt for the ids inside the SVG.
"""

from __future__ import annotations

import io

import matplotlib

__all__ = ["FIGURE_FORMATS", "figure_bytes"]

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
    with matplotlib.rc_context({"svg.hashsalt": "mkba", "svg.fonttype": "none"}):
        for fmt in formats:
            buf = io.BytesIO()
            # figures lay themselves out (constrained layout); bbox_inches="tight" would draw
            # every figure twice
            fig.savefig(buf, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
            out[fmt] = buf.getvalue()
    return out
