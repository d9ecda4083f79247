"""Stacked horizontal bars shared by the per-study figures."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mkba.plots import _layout, _numbers, _studies, style
from mkba.vocab import vocabulary


def stacked(ax: Axes, ys: Sequence[float], rows: Sequence[Sequence[tuple[str, str, float]]],
            *, height: float = 0.68) -> list[tuple[str, str]]:
    """Draw one stacked bar per row; each segment ``(vocab, code, value)``.

    Positive values stack to the right of 0, negative ones to the left (a diverging bar).
    Segments of 0 are not drawn. Every ``(vocab, code)`` is one collection of rectangles with
    the gid ``"vocab:code"`` (one artist per category, not per bar: a figure of 100 studies
    draws in a fraction of the time); above :data:`mkba.plots.style.MANY` rows without hatches,
    which do not read in bars that thin. Returns the ``(vocab, code)`` pairs drawn, in
    vocabulary order, for :func:`legend`.
    """
    boxes: dict[tuple[str, str], list] = {}
    for y, segments in zip(ys, rows, strict=True):
        right = left = 0.0
        for vocab, code, value in segments:
            if value == 0:
                continue
            start = right if value > 0 else left
            boxes.setdefault((vocab, code), []).append((start, start + value, y))
            if value > 0:
                right += value
            else:
                left += value
    drawn = sorted(boxes, key=lambda vc: (vc[0] not in ("cost_categories", COST_OF_ACTOR),
                                         _order(vc[0], vc[1]), vc[1]))
    half = height / 2
    plain = len(ys) > style.MANY
    for vocab, code in drawn:
        look = fill(vocab, code)
        if plain:
            look["hatch"] = None
        verts = [((x0, y - half), (x1, y - half), (x1, y + half), (x0, y + half))
                 for x0, x1, y in boxes[(vocab, code)]]
        ax.add_collection(PolyCollection(verts, closed=True, gid=f"{vocab}:{code}", **look))
    ax.autoscale_view()
    return drawn


#: The pseudo-vocabulary of the costs of an actor: the actor's colour, hatched.
COST_OF_ACTOR = "actor_costs"


def fill(vocab: str, code: str) -> dict:
    """The fill of a segment: :func:`mkba.plots.style.fill_style`; the costs of an actor
    (:data:`COST_OF_ACTOR`, drawn left of 0) in the actor's own fill."""
    return style.fill_style("actors" if vocab == COST_OF_ACTOR else vocab, code)


def study_bars(ax: Axes, used, rows: Sequence[Sequence[tuple[str, str, float]]], lang: str, *,
               net: bool = False, net_label: str | None = None) -> list[tuple[str, str]]:
    """One stacked bar per (appraisal, study) pair of ``used``, first on top, labelled with the
    study id (:func:`stacked` of ``rows``); with ``net`` a diamond at each net present value
    per household. Above :data:`mkba.plots.style.MANY` studies the rows are grouped by
    approach type, each group under a bold header (the order within a group kept). Without
    studies, the no-data message. Returns the pairs drawn.
    """
    if len(used) > style.MANY:
        types = sorted({s.approach_type for _, s in used},
                       key=lambda c: (style.vocab_position("approach_types", c), c))
        ys, labels, bold, order, y = [], [], [], [], 0.0
        for code in types:
            ys.append(y)
            labels.append(style.code_label("approach_types", code, lang))
            bold.append(len(labels) - 1)
            y -= 1
            for i, (a, s) in enumerate(used):
                if s.approach_type == code:
                    order.append((i, y))
                    ys.append(y)
                    labels.append(_studies.label(a))
                    y -= 1
        study_ys = [yy for _, yy in order]
        used = [used[i] for i, _ in order]
        rows = [rows[i] for i, _ in order]
    else:
        study_ys = ys = [float(-i) for i in range(len(used))]
        labels, bold = [_studies.label(a) for a, _ in used], []
    drawn = stacked(ax, study_ys, rows)
    if used:
        if net:
            ax.scatter([a.net_per_household for a, _ in used], study_ys, marker="D",
                       s=36 if len(used) <= style.MANY else 16, facecolor="white",
                       edgecolor="black", linewidth=1.0, zorder=5, gid="net",
                       **({} if net_label is None else {"label": net_label}))
        _layout.row_labels(ax, ys, labels, bold=bold)
    else:
        style.no_data(ax, lang)
    return drawn


def balance_bars(ax: Axes, used, rows: Sequence[Sequence[tuple[str, str, float]]], lang: str,
                 headers: dict[str, str] | None = None, *,
                 net_label: str | None = None) -> None:
    """Diverging bars in euros per household: :func:`study_bars` with the net diamonds, a line
    at 0, the euro axis, the grid and the :func:`legend` (``headers`` as there)."""
    drawn = study_bars(ax, used, rows, lang, net=True, net_label=net_label)
    ax.axvline(0, color="black", linewidth=0.8, zorder=4)
    _numbers.euro_axis(ax, lang)
    _layout.grid(ax, "x", "#DDDDDD")
    legend(ax, drawn, lang, headers, net_label=net_label)


def n_rows(used) -> int:
    """The number of rows :func:`study_bars` draws for ``used``: a row per study, and above
    :data:`mkba.plots.style.MANY` studies a header per approach type."""
    if len(used) <= style.MANY:
        return len(used)
    return len(used) + len({s.approach_type for _, s in used})


_T = {"grouped": ("Meer dan {many} studies: de rijen gegroepeerd naar type aanpak (vet), de "
                   "volgorde daarbinnen zoals hierboven beschreven.",
                   "More than {many} studies: the rows grouped by approach type (bold), the "
                   "order within each group as described above.")}


def grouped_note(used, lang: str) -> list[str]:
    """The footnote line that says the rows are grouped by approach type (when they are: more
    than :data:`mkba.plots.style.MANY` studies), else nothing."""
    if len(used) <= style.MANY:
        return []
    return [style.texts(_T)("grouped", lang).format(many=style.MANY)]


def _order(vocab: str, code: str) -> int:
    codes = vocabulary("actors" if vocab == COST_OF_ACTOR else vocab).codes
    return codes.index(code) if code in codes else len(codes)


def legend(ax: Axes, drawn: Sequence[tuple[str, str]], lang: str,
           headers: dict[str, str] | None = None, *, loc: str = "upper left",
           net_label: str | None = None) -> None:
    """A legend right of the axes; with ``headers`` (vocab -> title) a bold title per vocab.
    The costs of an actor share the actor's entry; ``net_label`` adds the net diamond."""
    handles, labels, bold = [], [], []
    current = None
    drawn = list(dict.fromkeys(("actors" if v == COST_OF_ACTOR else v, c) for v, c in drawn))
    if any(v == "actors" for v, _ in drawn):
        drawn = sorted(drawn, key=lambda vc: (vc[0] != "cost_categories", _order(*vc), vc[1]))
    for vocab, code in drawn:
        if headers and vocab != current and vocab in headers:
            handles.append(Patch(visible=False))
            labels.append(headers[vocab])
            bold.append(len(labels) - 1)
            current = vocab
        handles.append(Patch(**fill(vocab, code)))
        labels.append(style.code_label("actors" if vocab == COST_OF_ACTOR else vocab, code,
                                       lang))
    if net_label is not None and handles:
        handles.append(Line2D([], [], linestyle="", marker="D", markersize=6,
                              markerfacecolor="white", markeredgecolor="black",
                              markeredgewidth=1.0))
        labels.append(net_label)
    if not handles:
        return
    _layout.side_legend(ax, handles, labels, bold=bold, loc=loc, handlelength=2.2,
                        handleheight=1.3)
