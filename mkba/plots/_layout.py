"""Axes furniture shared by the figures: the legend right of the axes and the light grid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from matplotlib.axes import Axes
from matplotlib.legend import Legend

from mkba.plots import style
from mkba.text_clean import clean_value


def side_legend(ax: Axes, *args, bold: Iterable[int] = (), loc: str = "upper left",
                **kwargs) -> Legend:
    """A frameless legend just right of the axes, top-aligned; entries ``bold`` in bold.

    ``args`` and ``kwargs`` go to :meth:`matplotlib.axes.Axes.legend` (handles, labels,
    spacing); the place, font size and frame are the same in every figure.
    """
    leg = ax.legend(*args, loc=loc, bbox_to_anchor=(1.01, 1.0), fontsize=7.5, frameon=False,
                    borderaxespad=0.0, **kwargs)
    for i in bold:
        leg.get_texts()[i].set_fontweight("bold")
    return leg


def row_labels(ax: Axes, ys: Sequence[float], labels: Sequence[str], *,
               lim: tuple[float, float] | None = None, bold: Iterable[int] = ()) -> None:
    """Labels of the rows at ``ys`` on the y axis, without tick marks; those at the positions
    ``bold`` in bold. The y limits are ``lim``, else 0.7 beyond the first and the last row.
    """
    ax.set_yticks(list(ys), [clean_value(label) for label in labels],  # ids: no control chars
                  fontsize=style.row_fontsize(len(ys)))
    for i in bold:
        ax.get_yticklabels()[i].set_fontweight("bold")
    ax.set_ylim(*(lim if lim is not None else (min(ys) - 0.7, max(ys) + 0.7)))
    ax.tick_params(axis="y", length=0)


def grid(ax: Axes, axis: str = "both", color: str = "#E5E5E5") -> None:
    """A light grid (along ``axis``) behind everything drawn."""
    ax.grid(axis=axis, color=color, linewidth=0.6)
    ax.set_axisbelow(True)
