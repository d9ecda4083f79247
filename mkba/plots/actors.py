"""Who pays, who benefits: the balance per actor per study (:func:`actor_balance_plot`) and
pooled over the studies (:func:`pooled_actor_balance_plot`).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from mkba import formatting
from mkba.analysis import MIN_STUDIES_PROBABILITY, NO_VARIANCE, ActorBalance, PooledStudies
from mkba.appraisal import Appraisal
from mkba.messages import check_lang
from mkba.phrases import phrase
from mkba.plots import _bars, _layout, _numbers, _pooled, _studies, style
from mkba.schema import Study
from mkba.vocab import vocabulary

__all__ = ["actor_balance_plot", "pooled_actor_balance_plot"]

_T = {
    "title": ("Wie betaalt, wie profiteert: kosten en baten per actor per studie",
              "Who pays, who benefits: costs and benefits per actor per study"),
    "x": ("Kosten (links van 0) en baten (rechts) per huishouden, contante waarde (€, "
          "prijspeil {py})",
          "Costs (left of 0) and benefits (right) per household, present value (€, {py} "
          "prices)"),
    "x_pooled": ("Saldo (baten min kosten) per huishouden (€, prijspeil {py})",
                 "Balance (benefits minus costs) per household (€, {py} prices)"),
    "net": ("Saldo (netto contante waarde)", "Balance (net present value)"),
    "note": ("Bruto, per actor in de kleur van de actor: links van 0 de kosten die de actor "
             "draagt, rechts de baten die de actor ontvangt; ruit: het saldo, de netto "
             "contante waarde per huishouden. Gesorteerd op dat saldo, hoogste boven.",
             "Gross, per actor in the actor's colour: left of 0 the costs the actor bears, "
             "right the benefits the actor receives; diamond: the balance, the net present "
             "value per household. Sorted by that balance, highest on top."),
    "title_pooled": ("Wie betaalt, wie profiteert: gepoold saldo per actor",
                     "Who pays, who benefits: pooled balance per actor"),
    "actor": ("Actor", "Actor"),
    "p_col": ("Studies (k); kans saldo > 0", "Studies (k); P(balance > 0)"),
    "k_p": ("k = {k}: {p}", "k = {k}: {p}"),
    "too_few_estimate": ("k = {k}: te weinig studies voor een schatting",
                         "k = {k}: too few studies for an estimate"),
    "note_pooled": ("Per actor gepoold over de k studies waarin de actor voorkomt; een studie "
                    "zonder die actor telt niet mee (geen saldo 0). Balk: gemiddelde van de "
                    "voorspellingsverdeling ({model}, per actor); lijn: {pct}-"
                    "voorspellingsinterval voor een nieuwe setting; rechts: k en de kans op een "
                    "positief saldo (Monte Carlo, {n} trekkingen, seed {seed}), alleen bij ten "
                    "minste {min_k} studies.",
                    "Per actor pooled over the k studies in which the actor appears; a study "
                    "without that actor does not count (no balance of 0). Bar: mean of the "
                    "prediction distribution ({model}, per actor); line: {pct} prediction "
                    "interval for a new setting; right: k and the probability of a positive "
                    "balance (Monte Carlo, {n} draws, seed {seed}), only with at least {min_k} "
                    "studies."),
}


_t = style.texts(_T)


def actor_balance_plot(appraisals: Sequence[Appraisal], studies: Sequence[Study], *,
                       ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Gross costs and benefits per actor per household, one diverging bar per study.

    The costs each actor bears stack to the left of 0, the benefits each actor receives to
    the right, both in the actor's colour (gid ``actor_costs:<actor>`` and
    ``actors:<actor>``); a diamond marks the balance,
    the net present value per household. Above :data:`mkba.plots.style.MANY` studies the rows
    are grouped by approach type.

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
    >>> [t.get_text() for t in ax.get_legend().get_texts()][:2]
    ['Actor', 'Gemeente']
    """
    lang = check_lang(lang)
    pairs = style.paired(appraisals, studies)
    used, left_out = _studies.split(pairs, lang, "no_households")
    used = _studies.by_net(used)
    ax = style.axes(ax, (9.0, style.row_height(_bars.n_rows(used))))
    rows = []
    for a, _ in used:
        actors = a.by_actor
        codes = [str(c) for c in actors["actor"]]
        rows.append([(_bars.COST_OF_ACTOR, code, -float(c) / a.households)
                     for code, c in zip(codes, actors["costs"], strict=True)]
                    + [("actors", code, float(b) / a.households)
                       for code, b in zip(codes, actors["benefits"], strict=True)])
    _bars.balance_bars(ax, used, rows, lang, {"actors": _t("actor", lang)},
                       net_label=_t("net", lang))
    return _studies.finish(ax, pairs, used, left_out, lang, _t("title", lang),
                           _t("x", lang).format(py=pairs[0][0].price_year),
                           style.text("study", lang), _t("note", lang),
                           *_bars.grouped_note(used, lang))


def _right_text(balance: ActorBalance, lang: str) -> str:
    """k and the probability of a positive balance, or why there is none."""
    k = _numbers.num(balance.k, 0, lang)
    if balance.reason == NO_VARIANCE:
        return phrase("no_spread", lang).format(k=k)
    if balance.monte_carlo is None:
        return _t("too_few_estimate", lang).format(k=k)
    if balance.p_above is None:
        return phrase("too_few_for_probability", lang).format(k=k)
    return _t("k_p", lang).format(k=k, p=formatting.probability(balance.p_above, lang))


def pooled_actor_balance_plot(pooled: PooledStudies, *, ax: Axes | None = None,
                              lang: str = "nl") -> Axes:
    """The pooled balance per household of each actor, with its prediction interval and k.

    Uses ``pooled.by_actor`` (:func:`mkba.analysis.pool_studies` pools each actor's balance per
    household over the studies in which the actor occurs, for the measures ``log_bcr`` and
    ``net_per_household``): a bar at the mean of the prediction distribution, a line over its
    interval, and to the right the number of studies ``k`` with the probability that the
    actor's balance is positive in a new setting. An actor with fewer than
    :data:`mkba.analysis.MIN_STUDIES_PROBABILITY` studies gets no probability and the row says
    so ("k = 2: te weinig studies voor een kans"); with one study it has no bar either.

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
    >>> sorted({t.get_text()[:6] for t in ax.texts if t.get_gid() == "actor-k"})
    ['k = 4:']
    """
    pooled, lang = _pooled.checked(pooled), check_lang(lang)
    codes = [c for c in vocabulary("actors").codes if c in pooled.by_actor]
    codes += sorted(c for c in pooled.by_actor if c not in codes)
    ax = style.axes(ax, (8.0, style.row_height(len(codes), base=2.8, per_row=0.42)))
    ys = [float(-i) for i in range(len(codes))]
    balances = [pooled.by_actor[c] for c in codes]
    drawn = [(y, b.monte_carlo) for y, b in zip(ys, balances, strict=True)
             if b.monte_carlo is not None]
    for y, code, b in zip(ys, codes, balances, strict=True):
        if b.monte_carlo is not None:
            ax.barh(y, b.monte_carlo.mean, height=0.6, gid=f"actors:{code}",
                    **style.fill_style("actors", code))
    if drawn:
        means = [mc.mean for _, mc in drawn]
        ax.errorbar(means, [y for y, _ in drawn],
                    xerr=[[m - mc.low for m, (_, mc) in zip(means, drawn, strict=True)],
                          [mc.high - m for m, (_, mc) in zip(means, drawn, strict=True)]],
                    fmt="none", ecolor="black", elinewidth=1.0, capsize=3, zorder=5,
                    gid="prediction-intervals")
        level, n, seed = drawn[0][1].level, drawn[0][1].n, drawn[0][1].seed
    else:
        level, n, seed = pooled.pooled.level, pooled.monte_carlo.n, pooled.monte_carlo.seed
    if codes:
        _layout.row_labels(ax, ys, [style.code_label("actors", c, lang) for c in codes])
        kw = {"xycoords": ("axes fraction", "data"), "textcoords": "offset points",
              "fontsize": 7.5, "va": "center", "ha": "left", "annotation_clip": False}
        ax.annotate(_t("p_col", lang), (1, ys[0] + 0.7), (8, 0), fontweight="bold", **kw)
        for y, b in zip(ys, balances, strict=True):
            ax.annotate(_right_text(b, lang), (1, y), (8, 0), gid="actor-k", **kw)
    else:
        style.no_data(ax, lang)
    style.reference_line(ax, 0.0)
    _numbers.euro_axis(ax, lang)
    _layout.grid(ax, "x", "#DDDDDD")
    note = _t("note_pooled", lang).format(pct=_pooled.level_text(level, lang),
                                          n=_numbers.num(n, 0, lang), seed=seed,
                                          model=_pooled.model_name(pooled, lang),
                                          min_k=_numbers.num(MIN_STUDIES_PROBABILITY, 0, lang))
    return _pooled.finish(ax, pooled, lang, _t("title_pooled", lang),
                          _t("x_pooled", lang).format(py=_pooled.price_year(pooled)),
                          _t("actor", lang),
                          note, details=False)
