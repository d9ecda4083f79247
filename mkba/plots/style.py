"""Shared look of the figures: palette, hatches, markers, labels, number formats, footnotes.

Colours are the Okabe-Ito palette (safe for the common forms of colour blindness). Every
categorical style also carries a hatch (for filled areas) or a marker and line style (for
points and lines), so that a figure still reads when printed in black and white. Styles are
assigned by position in the shipped vocabulary, so a category, an actor or an approach type
looks the same in every figure.

Every figure has a footnote with its basis (price year, discount rate, horizon, timing, number
of studies) and, when any study is illustrative, a separate notice that says so. Both are
annotations of the Axes with the gids :data:`FOOTNOTE_GID` and :data:`NOTICE_GID`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from mkba.appraisal import Appraisal, describe_basis
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.phrases import PHRASES, short_repr
from mkba.schema import FIELDS_BY_NAME, Study, found_twice
from mkba.text_clean import clean_value
from mkba.vocab import vocabulary
from mkba.write.figures import FIGURE_DPI

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: (fill, hatch) per vocabulary position for benefit categories and actors. Okabe-Ito fills
#: fall into three lightness classes in greyscale (dark: blue, vermillion, green; middle:
#: sky blue, orange, reddish purple, grey; light: yellow); every (class, hatch) pair occurs
#: once, so the categories stay apart in black-and-white print, and neighbours differ.
CATEGORY_STYLES = (
    ("#0072B2", ""), ("#F0E442", ""), ("#D55E00", "///"), ("#56B4E9", ""),
    ("#009E73", "..."), ("#E69F00", "///"), ("#CC79A7", "xxx"), ("#F0E442", "\\\\\\"),
    ("#0072B2", "xxx"), ("#999999", "..."), ("#D55E00", "---"), ("#F0E442", "..."),
)
#: Greys and hatches for cost categories (kept apart from the colours of benefits), each with
#: its own lightness.
COST_STYLES = (("#4D4D4D", ""), ("#BDBDBD", "..."), ("#7F7F7F", "///"), ("#E5E5E5", ""),
               ("#A6A6A6", "xxx"), ("#FFFFFF", "---"))
#: Line colours (no yellow: too light for a line on white).
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7", "#E69F00", "#56B4E9")
MARKERS = ("o", "s", "^", "D", "v", "P")
LINESTYLES = ("-", "--", ":", "-.")
#: Hatches of the series of a bar chart (scenarios side by side), in order.
SERIES_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "---")
#: Line styles of series drawn without markers (histogram outlines); "--" is left out, for the
#: lines that mark a value of each series.
SERIES_LINESTYLES = ("-", "-.", ":", (0, (4, 1, 1, 1, 1, 1)))
#: Fill colours whose hatch lines are drawn white.
_DARK = {"#0072B2", "#D55E00", "#009E73", "#4D4D4D", "#7F7F7F", "#000000"}

#: The smallest font size of any text in a figure, in points: figures are rendered at 150 dpi
#: and shown at their natural size, so 7 pt is 9.3 px on the page.
MIN_FONTSIZE = 7.0
#: Above this number of studies a figure switches to its layout for many studies: rows grouped
#: by approach type, summarised legends, footnotes that count studies instead of naming them.
MANY = 30
#: At most this many study ids are named in a footnote; more are counted.
MAX_NAMED = 8

FOOTNOTE_GID = "mkba-footnote"
NOTICE_GID = "mkba-notice"
REFERENCE_GID = "mkba-reference-line"

_T = {
    # the shared phrases (mkba.phrases)
    "notice": PHRASES["illustrative_figure"], "not_representative": PHRASES["not_representative"],
    **{key: PHRASES[key] for key in ("basis", "basis_ratio", "own_rate", "own_horizon", "years",
                                     "t1", "t0")},
    "n_studies": ("{} studies", "{} studies"),
    "n_study": ("1 studie", "1 study"),
    "pv_only": ("{} alleen contante waarden (geïndexeerd, niet opnieuw verdisconteerd)",
                "{} present values only (price indexed, not re-discounted)"),
    "left_out": ("Weggelaten: {}.", "Left out: {}."),
    "no_data": ("Geen gegevens voor deze figuur", "No data for this figure"),
    "study": ("Studie", "Study"),
    "eur_hh": ("€ per huishouden (prijspeil {py})", "€ per household ({py} prices)"),
    "ratio_axis": ("Baten-kostenverhouding (€ baten per € kosten)",
                   "Benefit-cost ratio (€ benefits per € costs)"),
    "log": ("logaritmische schaal", "log scale"),
    "unlabelled": ("Namen bij {} van de {} punten: de buitenste eerst, alleen waar de naam vrij "
                   "staat.", "Names at {} of the {} points: the outermost first, only where "
                   "the name stands clear."),
}


def texts(table: dict[str, tuple[str, str]]):
    """The function ``(key, lang) -> str`` that gives the Dutch or English text of ``key`` in
    ``table`` (each entry a pair: Dutch, English).

    Examples
    --------
    >>> t = texts({"yes": ("ja", "yes")})
    >>> t("yes", "nl"), t("yes", "en")
    ('ja', 'yes')
    """
    def text(key: str, lang: str) -> str:
        return table[key][lang == "en"]
    return text


#: The Dutch or English text of a key of the shared texts: ``text(key, lang)``.
text = texts(_T)


# --- styles ----------------------------------------------------------------------------

def vocab_position(vocab: str, code: str) -> int:
    """Position of ``code`` in ``vocab`` (the basis of its colour, hatch and marker)."""
    codes = vocabulary(vocab).codes
    # An unknown code (never from a validated study) goes after the known ones, stably.
    return codes.index(code) if code in codes else len(codes) + sum(map(ord, str(code))) % 11


def fill_style(vocab: str, code: str) -> dict:
    """Bar keyword arguments (colour, hatch, edge) for a code of ``vocab``.

    Cost categories get greys, everything else Okabe-Ito colours; each position a distinct
    colour and hatch combination.

    Examples
    --------
    >>> style = fill_style("benefit_categories", "jeugdzorg")
    >>> style["facecolor"], style["hatch"]
    ('#F0E442', None)
    """
    i = vocab_position(vocab, code)
    if vocab == "cost_categories":
        face, hatch = COST_STYLES[i % len(COST_STYLES)]
    else:
        face, hatch = CATEGORY_STYLES[i % len(CATEGORY_STYLES)]
    return {"facecolor": face, "hatch": hatch or None,
            "edgecolor": "white" if face in _DARK else "#333333", "linewidth": 0.4}


def point_style(i: int) -> dict:
    """Colour, marker and line style of the i-th item of a series of lines or points."""
    # marker and line style together are unique for the first 24 items
    return {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "marker": MARKERS[i % len(MARKERS)],
            "linestyle": LINESTYLES[(i // len(MARKERS)) % len(LINESTYLES)]}


def series_fill(i: int) -> dict:
    """Bar keyword arguments (colour, hatch, edge) of the i-th series of a bar chart, such as
    scenarios side by side: the colour of :func:`point_style` and a hatch of its own.

    Examples
    --------
    >>> [(s["facecolor"], s["hatch"]) for s in map(series_fill, range(3))]
    [('#0072B2', None), ('#D55E00', '///'), ('#009E73', '...')]
    """
    face = LINE_COLOURS[i % len(LINE_COLOURS)]
    hatch = SERIES_HATCHES[i % len(SERIES_HATCHES)]
    return {"facecolor": face, "hatch": hatch or None,
            "edgecolor": "white" if face in _DARK else "#333333", "linewidth": 0.4}


def series_line(i: int) -> dict:
    """Colour and line style of the i-th series drawn as a line without markers (the colour of
    :func:`point_style` and :func:`series_fill`)."""
    return {"color": LINE_COLOURS[i % len(LINE_COLOURS)],
            "linestyle": SERIES_LINESTYLES[i % len(SERIES_LINESTYLES)]}


def code_label(vocab: str, code: str, lang: str) -> str:
    """The label of a code, or the code itself when it is not in the vocabulary."""
    v = vocabulary(vocab)
    return v.label(code, lang) if code in v.codes else str(code)


def characteristic_label(name: str, lang: str, *, lower: bool = False) -> str:
    """The label of a study characteristic ('Type aanpak' / 'Approach type')."""
    label = FIELDS_BY_NAME[name].label(lang)
    return label[0].lower() + label[1:] if lower else label


# --- axes, inputs ------------------------------------------------------------------------

def axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new Figure of ``size`` inches (outside pyplot's registry)."""
    if ax is not None:
        if not isinstance(ax, Axes):
            raise ArgumentError(Text("ax={ax} is niet toegestaan; geef een matplotlib Axes of None",
                                     "ax={ax} is not allowed; give a matplotlib Axes or None",
                                     ax=short_repr(ax)))
        return ax
    # laid out at the resolution it is rendered at, so that what is measured is what is drawn
    fig = Figure(figsize=size, layout="constrained", dpi=FIGURE_DPI)
    return fig.add_subplot()


def row_height(n: int, base: float = 2.4, per_row: float = 0.32) -> float:
    """Figure height in inches for ``n`` rows: ``per_row`` each up to :data:`MANY` rows, then
    rows of 0.14 inch (10 points, room for a 7-point label), at most 20 inches.

    Examples
    --------
    >>> row_height(10), row_height(100)
    (5.6, 16.4)
    """
    n = max(n, 1)
    if n <= MANY:
        return round(min(base + per_row * n, 14.0), 2)
    return round(min(base + 0.14 * n, 20.0), 2)


def row_fontsize(n: int) -> float:
    """Font size of row labels (and of the texts beside them) for ``n`` rows."""
    return MIN_FONTSIZE if n > MANY else 7.5


def named(ids: Sequence[str], lang: str) -> str:
    """The ids joined by commas, or, when there are more than :data:`MAX_NAMED`, their number
    (a footnote never lists dozens of names).

    Examples
    --------
    >>> named(["a", "b"], "nl"), named([str(i) for i in range(40)], "en")
    ('a, b', '40 studies')
    """
    ids = list(ids)
    if len(ids) > MAX_NAMED:
        return count_text(len(ids), lang)
    return ", ".join(ids)


def paired(appraisals: Iterable[Appraisal], studies: Iterable[Study]):
    """Pair each appraisal with its study, sorted by study id; ArgumentError on bad input."""
    appraisals, studies = list(appraisals), list(studies)
    bad = [type(a).__name__ for a in appraisals if not isinstance(a, Appraisal)]
    if bad or not appraisals:
        raise ArgumentError(Text("appraisals=[{bad}] is niet toegestaan; geef een of meer "
                                 "Appraisal-objecten (één per studie, bijv. de basisvarianten)",
                                 "appraisals=[{bad}] is not allowed; give one or more Appraisal "
                                 "objects (one per study, e.g. the base cases)", bad=bad))
    bad = [type(s).__name__ for s in studies if not isinstance(s, Study)]
    if bad:
        raise ArgumentError(Text("studies=[{bad}] is niet toegestaan; geef Study-objecten",
                                 "studies=[{bad}] is not allowed; give Study objects", bad=bad))
    by_id = {s.id: s for s in studies}
    ids = [a.study_id for a in appraisals]
    twice = found_twice(ids)
    if twice:
        raise ArgumentError(Text("appraisals: één per studie is toegestaan; twee keer gevonden: "
                                 "{twice}", "appraisals: one per study is allowed; found twice: "
                                 "{twice}", twice=twice))
    missing = sorted(set(ids) - set(by_id))
    if missing:
        raise ArgumentError(Text("studies: geen Study gegeven voor de appraisals van {missing}",
                                 "studies: no Study given for the appraisals of {missing}",
                                 missing=missing))
    bases = {a.basis for a in appraisals}
    if len(bases) > 1:
        raise ArgumentError(Text("appraisals: alle moeten op één basis zijn; gevonden: {bases}",
                                 "appraisals: all must be on one basis; found {bases}",
                                 bases="; ".join(sorted(map(str, bases)))))
    return [(a, by_id[a.study_id]) for a in sorted(appraisals, key=lambda a: a.study_id)]


def basis_text(appraisals: Sequence[Appraisal], lang: str, *, ratio: bool = False) -> str:
    """The basis sentence of a set of appraisals on one basis
    (:func:`mkba.appraisal.describe_basis`) and their number."""
    return describe_basis(appraisals, lang, ratio=ratio) + " " + count_text(
        len(appraisals), lang) + "."


def count_text(n: int, lang: str) -> str:
    """'13 studies' / '1 studie'."""
    return text("n_study", lang) if n == 1 else text("n_studies", lang).format(n)


def pv_only_text(ids: Sequence[str], lang: str) -> str:
    """'*' footnote for studies that report present values only."""
    return "* " + text("pv_only", lang).format(named(ids, lang)) + "."


def _wrap_width(ax: Axes, fontsize: float) -> int:
    fig = ax.get_figure()
    pos = ax.get_position()
    # A figure of its own: the footnote may use the whole width; in a grid, about its column.
    share = 1.0 if len(fig.axes) == 1 else min(1.0, pos.width + 0.12)
    width_pt = (fig.get_figwidth() * share - 0.25) * 72
    return max(40, int(width_pt / (fontsize * 0.55)))


def footnote(ax: Axes, lines: Iterable[str], lang: str, *, illustrative: bool,
             fontsize: float = 7.0, notice: str | None = None) -> None:
    """Put the footnote (and the illustrative notice when needed) under the x axis label.

    The annotations start at the left of the y axis label and follow the x label, so they
    never overlap the axes' decorations; they are part of the layout (a constrained-layout
    figure makes room for them, ``bbox_inches="tight"`` keeps them). ``notice`` replaces the
    standard notice (illustrative example studies) with a wording of the figure's own.
    """
    width = _wrap_width(ax, fontsize)
    body = "\n".join(textwrap.fill(line, width) for line in lines if line)
    note = ax.annotate(body, xy=(0, 0), xycoords=(ax.yaxis.label, ax.xaxis.label),
                       xytext=(0, -6), textcoords="offset points", ha="left", va="top",
                       fontsize=fontsize, color="#333333", gid=FOOTNOTE_GID,
                       annotation_clip=False)
    if illustrative:
        notice = text("notice", lang) if notice is None else \
            textwrap.fill(notice, _wrap_width(ax, fontsize + 0.5))
        ax.annotate(notice, xy=(0, 0), xycoords=(ax.yaxis.label, note),
                    xytext=(0, -3), textcoords="offset points", ha="left", va="top",
                    fontsize=fontsize + 0.5, fontweight="bold", color="#000000",
                    gid=NOTICE_GID, annotation_clip=False)


def place_labels(ax: Axes, xs, ys, labels, *, lang: str = "nl", sizes=None,
                 fontsize: float = MIN_FONTSIZE, limit: int | None = None) -> list[int]:
    """Label points next to them so that no two labels overlap (deterministic).

    Each label goes to the first free place on three rings of eight positions around its
    point, nearest ring first: free means inside the axes, on no label placed before and, on
    the first two rings, on no other marker (extents measured with the renderer, at the
    figure's resolution). Points are served from the outside in (farthest from the median
    point first, then by label), so the outliers a reader looks for are named first. A label
    that finds no free place is left out; with ``limit`` (default 25 above :data:`MANY`
    points, else none) at most that many points are labelled. When some point has no name, a
    footnote line says how many have one. The figure's layout is run here, before measuring,
    and then fixed. Returns the indices of the labelled points. ``sizes`` are the markers'
    areas in points².

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure(layout="constrained").subplots()
    >>> _ = ax.scatter([1, 1.01, 2], [1, 1.01, 2])
    >>> sorted(place_labels(ax, [1, 1.01, 2], [1, 1.01, 2], ["a", "b", "c"]))
    [0, 1, 2]
    """
    fig = ax.get_figure()
    labels = [clean_value(str(label)) for label in labels]  # measured as drawn
    n = len(labels)
    if limit is None and n > MANY:
        limit = 25
    chosen = _place(ax, xs, ys, labels, sizes, fontsize, limit)
    if len(chosen) < n:
        note = next((t for t in ax.texts if t.get_gid() == FOOTNOTE_GID), None)
        if note is not None:
            extra = text("unlabelled", lang).format(len(chosen), n)
            note.set_text(note.get_text() + "\n" + textwrap.fill(extra, _wrap_width(ax, 7.0)))
            # the longer footnote takes room from the axes: place again in the new layout
            chosen = _place(ax, xs, ys, labels, sizes, fontsize, limit)
    # the labels are placed for this layout: keep it
    fig.set_layout_engine("none")
    return chosen


def _place(ax: Axes, xs, ys, labels, sizes, fontsize: float, limit) -> list[int]:
    """One pass of :func:`place_labels`: lay out, remove earlier labels, place anew."""
    fig = ax.get_figure()
    for t in [t for t in ax.texts if t.get_gid() == "point-label"]:
        t.remove()
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    renderer = fig._get_renderer()
    px_per_pt = fig.dpi / 72.0
    points = ax.transData.transform(np.column_stack([xs, ys]))
    frame = ax.get_window_extent(renderer)
    radii = [math.sqrt(s) / 2 * px_per_pt
             for s in (sizes if sizes is not None else [36] * len(labels))]
    markers = [(px - r, py - r, px + r, py + r) for (px, py), r in zip(points, radii,
                                                                           strict=True)]
    centre = np.median(points, axis=0) if len(points) else np.zeros(2)
    order = sorted(range(len(labels)),
                   key=lambda i: (-round(float(np.hypot(*(points[i] - centre))), 3), labels[i]))
    placed: list[tuple[float, float, float, float]] = []
    pad = 1.0 * px_per_pt

    def overlaps(box, boxes):
        return any(box[0] < b[2] + pad and b[0] - pad < box[2] and box[1] < b[3] + pad
                   and b[1] - pad < box[3] for b in boxes)

    chosen = []
    for i in order:
        if limit is not None and len(chosen) >= limit:
            break
        px, py = points[i]
        if not (frame.x0 <= px <= frame.x1 and frame.y0 <= py <= frame.y1):
            continue
        probe = ax.annotate(labels[i], (xs[i], ys[i]), (0, 0), textcoords="offset points",
                            ha="left", va="bottom", fontsize=fontsize, color="#333333",
                            gid="point-label")
        probe.set_in_layout(False)  # inside the axes, and the layout is fixed
        box = probe.get_window_extent(renderer)
        w, h = box.width, box.height
        others = [m for j, m in enumerate(markers) if j != i]
        spot = None
        for ring in range(3):
            r = radii[i] * 0.7 + (2 + ring * 0.9 * fontsize) * px_per_pt
            for dx, dy in ((r, r * 0.3), (r, -r * 0.3 - h), (-r - w, r * 0.3),
                           (-r - w, -r * 0.3 - h), (-w / 2, r), (-w / 2, -r - h),
                           (r * 0.7, r * 0.7), (-r * 0.7 - w, -r * 0.7 - h)):
                cand = (px + dx, py + dy, px + dx + w, py + dy + h)
                inside = (frame.x0 <= cand[0] and cand[2] <= frame.x1 and frame.y0 <= cand[1]
                          and cand[3] <= frame.y1)
                if inside and not overlaps(cand, placed) and not (
                        ring < 2 and overlaps(cand, others)):
                    spot = (dx, dy, cand)
                    break
            if spot is not None:
                break
        if spot is None:
            probe.remove()
            continue
        dx, dy, cand = spot
        probe.set_position((dx / px_per_pt, dy / px_per_pt))
        placed.append(cand)
        chosen.append(i)
    return sorted(chosen)


def no_data(ax: Axes, lang: str) -> None:
    """A centred message on an empty Axes."""
    ax.text(0.5, 0.5, text("no_data", lang), transform=ax.transAxes, ha="center",
            va="center", fontsize=10, color="#555555")


def reference_line(ax: Axes, value: float, *, axis: str = "x", label: str | None = None):
    """The line of no effect (ratio 1, or 0 euros), with gid :data:`REFERENCE_GID`."""
    draw = ax.axvline if axis == "x" else ax.axhline
    return draw(value, color="#000000", linewidth=0.9, linestyle="--", zorder=1,
                gid=REFERENCE_GID, label=label)


def finish(ax: Axes, title: str, xlabel: str, ylabel: str) -> Axes:
    """Title and axis labels, and a light grid along the value axis."""
    # at a fixed height (just above the axes: no figure has ticks on top), so that matplotlib
    # does not measure every tick label at each draw to place it
    ax.set_title(title, fontsize=11, fontweight="bold", y=1.0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
