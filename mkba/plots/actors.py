"""Who pays, who benefits: the balance per actor per study (:func:`actor_balance_plot`) and
pooled over the studies (:func:`pooled_actor_balance_plot`).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.appraisal import Appraisal
from mkba.plots import _bars, _layout, _numbers, _pooled, _studies, style
from mkba.schema import Study, check_lang
from mkba.vocab import vocabulary

__all__ = ["actor_balance_plot", "pooled_actor_balance_plot"]

_T = {
    "title": ("Wie betaalt, wie profiteert: saldo per actor per studie",
              "Who pays, who benefits: balance per actor per study"),
    "x": ("Saldo (baten min kosten) per huishouden (€, prijspeil {py})",
          "Balance (benefits minus costs) per household (€, {py} prices)"),
    "net": ("Netto contante waarde", "Net present value"),
    "note": ("Links van 0 de actoren die per saldo betalen, rechts die per saldo profiteren; "
             "ruit: netto contante waarde per huishouden. Gesorteerd op die netto waarde, "
             "hoogste boven.",
             "Left of 0 the actors who pay on balance, right those who benefit; diamond: net "
             "present value per household. Sorted by that net value, highest on top."),
    "title_pooled": ("Wie betaalt, wie profiteert: gepoold saldo per actor",
                     "Who pays, who benefits: pooled balance per actor"),
    "actor": ("Actor", "Actor"),
    "p_col": ("Kans saldo > 0", "P(balance > 0)"),
    "note_pooled": ("Balk: gemiddelde van de voorspellingsverdeling ({model}, per actor); "
                    "lijn: {pct}-voorspellingsinterval voor een nieuwe setting; rechts: kans op "
                    "een positief saldo (Monte Carlo, {n} trekkingen, seed {seed}). Een studie "
                    "waarin de actor niet voorkomt telt mee met saldo 0.",
                    "Bar: mean of the prediction distribution ({model}, per actor); line: "
                    "{pct} prediction interval for a new setting; right: probability of a "
                    "positive balance (Monte Carlo, {n} draws, seed {seed}). A study in which "
                    "the actor does not appear counts with a balance of 0."),
}


_t = style.texts(_T)


def actor_balance_plot(appraisals: Sequence[Appraisal], studies: Sequence[Study], *,
                       ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Balance (benefits minus costs) per actor per household, one diverging bar per study.

    The actors who pay on balance stack to the left of 0, those who benefit to the right; a
    diamond marks the net present value per household (the sum of the balances).

    Parameters
    ----------
    appraisals : sequence of Appraisal
        One per study, all at one price year.
    studies : sequence of Study
        The studies of the appraisals.
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.appraisal import appraise
    >>> from mkba.plots._examples import example_studies
    >>> studies = example_studies()
    >>> ax = actor_balance_plot([appraise(s, price_year=2015) for s in studies], studies)
    >>> len(ax.get_yticklabels()), ax.get_legend().get_texts()[0].get_text()
    (4, 'Gemeente')
    """
    lang = check_lang(lang)
    pairs = style.paired(appraisals, studies)
    used, left_out = _studies.split(pairs, lang, "no_households")
    used = _studies.by_net(used)
    ax = style.axes(ax, (9.0, style.row_height(len(used))))
    rows = []
    for a, _ in used:
        actors = a.by_actor
        rows.append([("actors", str(code), float(bal) / a.households)
                     for code, bal in zip(actors["actor"], actors["balance"], strict=True)])
    _bars.balance_bars(ax, used, rows, lang)
    return _studies.finish(ax, pairs, used, left_out, lang, _t("title", lang),
                           _t("x", lang).format(py=pairs[0][0].price_year),
                           style.text("study", lang), _t("note", lang))


def pooled_actor_balance_plot(pooled: PooledStudies, *, ax: Axes | None = None,
                              lang: str = "nl") -> Axes:
    """The pooled balance per household of each actor, with its prediction interval.

    Uses ``pooled.by_actor`` (:func:`mkba.analysis.pool_studies` pools each actor's balance per
    household for the measures ``log_bcr`` and ``net_per_household``): a bar at the mean of the
    prediction distribution, a line over its interval, and the probability that the actor's
    balance is positive in a new setting.

    Parameters
    ----------
    pooled : PooledStudies
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.plots._examples import example_studies
    >>> ax = pooled_actor_balance_plot(pool_studies(example_studies(), draws=200), lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Municipality', 'Health insurer', 'Central government (incl. UWV/SVB)']
    """
    pooled, lang = _pooled.checked(pooled), check_lang(lang)
    codes = [c for c in vocabulary("actors").codes if c in pooled.by_actor]
    codes += sorted(c for c in pooled.by_actor if c not in codes)
    ax = style.axes(ax, (8.0, style.row_height(len(codes), base=2.8, per_row=0.42)))
    ys = [float(-i) for i in range(len(codes))]
    results = [pooled.by_actor[c] for c in codes]
    for y, code, mc in zip(ys, codes, results, strict=True):
        ax.barh(y, mc.mean, height=0.6, gid=f"actors:{code}", **style.fill_style("actors", code))
    if codes:
        means = [mc.mean for mc in results]
        ax.errorbar(means, ys, xerr=[[m - mc.low for m, mc in zip(means, results, strict=True)],
                                     [mc.high - m for m, mc in zip(means, results, strict=True)]],
                    fmt="none", ecolor="black", elinewidth=1.0, capsize=3, zorder=5,
                    gid="prediction-intervals")
        _layout.row_labels(ax, ys, [style.code_label("actors", c, lang) for c in codes])
        kw = {"xycoords": ("axes fraction", "data"), "textcoords": "offset points",
              "fontsize": 7.5, "va": "center", "ha": "right", "annotation_clip": False}
        ax.annotate(_t("p_col", lang), (1, ys[0] + 0.7), (70, 0), fontweight="bold", **kw)
        for y, mc in zip(ys, results, strict=True):
            ax.annotate(formatting.percent(mc.p_above, lang, 1), (1, y), (70, 0), **kw)
        level, n, seed = results[0].level, results[0].n, results[0].seed
    else:
        style.no_data(ax, lang)
        level, n, seed = pooled.pooled.level, pooled.monte_carlo.n, pooled.monte_carlo.seed
    style.reference_line(ax, 0.0)
    _numbers.euro_axis(ax, lang)
    _layout.grid(ax, "x", "#DDDDDD")
    note = _t("note_pooled", lang).format(pct=_pooled.level_text(level, lang),
                                          n=_numbers.num(n, 0, lang), seed=seed,
                                          model=_pooled.model_name(pooled, lang))
    return _pooled.finish(ax, pooled, lang, _t("title_pooled", lang),
                          _t("x", lang).format(py=_pooled.price_year(pooled)), _t("actor", lang),
                          note, details=False)
