"""Axes furniture shared by the figures: the legend right of the axes and the light grid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.transforms import offset_copy

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


#: The gid of the row labels of a figure of many rows (drawn as texts, not as tick labels).
ROW_LABEL_GID = "row-label"


def row_labels(ax: Axes, ys: Sequence[float], labels: Sequence[str], *,
               lim: tuple[float, float] | None = None, bold: Iterable[int] = ()) -> None:
    """Labels of the rows at ``ys`` on the y axis, without tick marks; those at the positions
    ``bold`` in bold. The y limits are ``lim``, else 0.7 beyond the first and the last row.

    Up to :data:`mkba.plots.style.MANY` rows the labels are the y tick labels. With more, they
    are texts right-aligned left of the axes (gid :data:`ROW_LABEL_GID`, 7 points) and the y
    axis has no ticks: matplotlib measures every tick label several times per drawing (layout,
    the y label's place), which made a figure of 100 rows slow; of these texts only the widest
    take part in the layout, and the y label stands left of the widest.
    """
    labels = [clean_value(label) for label in labels]  # ids: no control chars
    bold = set(bold)
    ax.set_ylim(*(lim if lim is not None else (min(ys) - 0.7, max(ys) + 0.7)))
    ax.tick_params(axis="y", length=0)
    size = style.row_fontsize(len(ys))
    if len(ys) <= style.MANY:
        ax.set_yticks(list(ys), labels, fontsize=size)
        for i in bold:
            ax.get_yticklabels()[i].set_fontweight("bold")
        return
    ax.set_yticks([])
    # the widest by their length, bold ones apart (wider per letter): measured below
    widest = set(sorted(range(len(labels)), key=lambda i: -len(labels[i]))[:3]) | {
        max(bold, key=lambda i: len(labels[i]), default=None)} - {None}
    texts = []
    for i, (y, label) in enumerate(zip(ys, labels, strict=True)):
        text = ax.annotate(label, (0, y), xycoords=("axes fraction", "data"), xytext=(-4, 0),
                           textcoords="offset points", ha="right", va="center", fontsize=size,
                           fontweight="bold" if i in bold else "normal", gid=ROW_LABEL_GID,
                           annotation_clip=False)
        text.set_in_layout(i in widest)
        texts.append(text)
    fig = ax.get_figure()
    renderer = fig._get_renderer()
    width = max(texts[i].get_window_extent(renderer).width for i in widest) * 72 / fig.dpi
    ax.yaxis.set_label_coords(0, 0.5, transform=offset_copy(
        ax.transAxes, fig=fig, x=-(width + 10), units="points"))


def grid(ax: Axes, axis: str = "both", color: str = "#E5E5E5") -> None:
    """A light grid (along ``axis``) behind everything drawn."""
    ax.grid(axis=axis, color=color, linewidth=0.6)
    ax.set_axisbelow(True)
