"""Stacked horizontal bars shared by the per-study figures."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.patches import Patch

from mkba.plots import _layout, _numbers, _studies, style
from mkba.vocab import vocabulary


def stacked(ax: Axes, ys: Sequence[float], rows: Sequence[Sequence[tuple[str, str, float]]],
            *, height: float = 0.68) -> list[tuple[str, str]]:
    """Draw one stacked bar per row; each segment ``(vocab, code, value)``.

    Positive values stack to the right of 0, negative ones to the left (a diverging bar).
    Segments of 0 are not drawn. Returns the ``(vocab, code)`` pairs drawn, in vocabulary
    order, for :func:`legend`.
    """
    drawn = set()
    for y, segments in zip(ys, rows, strict=True):
        right = left = 0.0
        for vocab, code, value in segments:
            if value == 0:
                continue
            start = right if value > 0 else left
            ax.barh(y, value, left=start, height=height, gid=f"{vocab}:{code}",
                    **style.fill_style(vocab, code))
            if value > 0:
                right += value
            else:
                left += value
            drawn.add((vocab, code))
    return sorted(drawn, key=lambda vc: (vc[0] != "cost_categories",
                                         _order(vc[0], vc[1]), vc[1]))


def study_bars(ax: Axes, used, rows: Sequence[Sequence[tuple[str, str, float]]], lang: str, *,
               net: bool = False, net_label: str | None = None) -> list[tuple[str, str]]:
    """One stacked bar per (appraisal, study) pair of ``used``, first on top, labelled with the
    study id (:func:`stacked` of ``rows``); with ``net`` a diamond at each net present value
    per household. Without studies, the no-data message. Returns the pairs drawn.
    """
    ys = [float(-i) for i in range(len(used))]
    drawn = stacked(ax, ys, rows)
    if used:
        if net:
            ax.scatter([a.net_per_household for a, _ in used], ys, marker="D", s=36,
                       facecolor="white", edgecolor="black", linewidth=1.2, zorder=5, gid="net",
                       **({} if net_label is None else {"label": net_label}))
        _layout.row_labels(ax, ys, [_studies.label(a) for a, _ in used])
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
    legend(ax, drawn, lang, headers)


def _order(vocab: str, code: str) -> int:
    codes = vocabulary(vocab).codes
    return codes.index(code) if code in codes else len(codes)


def legend(ax: Axes, drawn: Sequence[tuple[str, str]], lang: str,
           headers: dict[str, str] | None = None, *, loc: str = "upper left") -> None:
    """A legend right of the axes; with ``headers`` (vocab -> title) a bold title per vocab."""
    handles, labels, bold = [], [], []
    current = None
    for vocab, code in drawn:
        if headers and vocab != current and vocab in headers:
            handles.append(Patch(visible=False))
            labels.append(headers[vocab])
            bold.append(len(labels) - 1)
            current = vocab
        handles.append(Patch(**style.fill_style(vocab, code)))
        labels.append(style.code_label(vocab, code, lang))
    if not handles:
        return
    _layout.side_legend(ax, handles, labels, bold=bold, loc=loc, handlelength=2.2,
                        handleheight=1.3)
