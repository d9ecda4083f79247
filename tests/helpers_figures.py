"""Checks on rendered figures shared by the figure tests: the visible texts of a figure, their
extents as drawn, and whether boxes overlap."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

__all__ = ["drawn", "visible_texts", "overlapping", "label_boxes", "legends_outside",
           "figures_of"]


def drawn(fig):
    """``fig`` drawn once on an Agg canvas (ticks, legends and layout as in the output)."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def visible_texts(fig) -> list[Text]:
    """Every visible, non-empty Text artist of a drawn figure (titles, axis labels, tick labels,
    legend texts and titles, annotations, footnotes)."""
    out = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        # a text inside an invisible container (an unused tick's second label, a hidden
        # legend) is not drawn either
        parent, hidden = getattr(t, "axes", None), False
        legend = next((lg for lg in _legends(fig) if t in lg.get_texts()
                       or t is lg.get_title()), None)
        if legend is not None and not legend.get_visible():
            hidden = True
        if parent is not None and not parent.get_visible():
            hidden = True
        if not hidden:
            out.append(t)
    return out


def _legends(fig):
    legends = list(fig.legends)
    legends += [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return legends


def label_boxes(fig, gid: str = "point-label"):
    """The drawn extents (display pixels) of the texts with ``gid``, with their texts."""
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for ax in fig.axes for t in ax.texts
            if t.get_gid() == gid and t.get_visible()]


def overlapping(boxes) -> list[tuple[str, str]]:
    """The pairs of ``(text, Bbox)`` whose boxes share an area (touching is not overlapping)."""
    pairs = []
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            if (box_a.x0 < box_b.x1 and box_b.x0 < box_a.x1 and box_a.y0 < box_b.y1
                    and box_b.y0 < box_a.y1):
                pairs.append((a, b))
    return pairs


def legends_outside(fig) -> list:
    """The legends of a drawn figure whose extent is not within the figure (1 px tolerance)."""
    renderer = fig.canvas.get_renderer()
    out = []
    for legend in _legends(fig):
        box, frame = legend.get_window_extent(renderer), fig.bbox
        if not (frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1 and frame.y0 - 1 <= box.y0
                and box.y1 <= frame.y1 + 1):
            out.append(legend)
    return out


def figures_of(studies, draws: int = 200) -> dict:
    """Every report figure of ``studies`` (pooled by approach type), built, not yet drawn."""
    from mkba.analysis import pool_studies
    from mkba.plots import all_figures

    return all_figures(studies, pool_studies(studies, by="approach_type", draws=draws))
