"""The list of figures of a report (:data:`FIGURES`), their captions (:func:`caption`) and
:func:`all_figures`, which builds them all for a set of studies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from types import MappingProxyType

import pandas as pd
from matplotlib.figure import Figure

from mkba.analysis import PooledStudies
from mkba.appraisal import appraise_studies
from mkba.assumptions import assumption_frame
from mkba.basis import Basis, as_basis
from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.phrases import short_repr
from mkba.plots import style
from mkba.plots.actors import actor_balance_plot, pooled_actor_balance_plot
from mkba.plots.assumptions import assumptions_plot
from mkba.plots.composition import benefit_composition_plot, costs_benefits_plot
from mkba.plots.diagnostics import funnel_plot, leave_one_out_plot
from mkba.plots.forest import forest_plot, subgroup_forest_plot
from mkba.plots.outcomes import cost_ratio_plot, payback_plot
from mkba.plots.published import published_plot, published_ratios
from mkba.plots.sensitivity import rate_sensitivity_plot, tornado_plot
from mkba.schema import CHARACTERISTICS, Study, check_studies
from mkba.sensitivity import DEFAULT_RATES, sensitivity_frame

__all__ = ["FIGURES", "POOLED_FIGURES", "PUBLISHED_FIGURES", "caption", "all_figures"]

#: Figure name (English snake case, used as file name) -> short description.
FIGURES = MappingProxyType({
    "forest": "Benefit-cost ratio per study (log scale) with the pooled diamond, its confidence "
              "interval and the prediction interval",
    "forest_by_approach_type": "The forest plot by approach type, with a diamond per subgroup "
                               "and the test for subgroup differences (any characteristic "
                               "gives forest_by_<characteristic>)",
    "costs_benefits_per_household": "Costs (left) and benefits (right) per household per study, "
                                    "stacked by category, sorted by net present value",
    "actor_balance": "Who pays, who benefits: gross costs (left) and benefits (right) per "
                     "actor per household per study, with the balance as a diamond",
    "actor_balance_pooled": "Pooled balance per actor per household with prediction interval "
                            "and the probability of a positive balance",
    "benefit_composition": "Composition of each study's benefits by category (100% stacked)",
    "payback": "Cumulative societal net present value per household over the years (paid "
               "back to society, all actors together), studies with yearly flows",
    "cost_vs_ratio": "Cost per household against the benefit-cost ratio; bubble area = "
                     "households reached; line ratio = 1",
    "sensitivity_rates": "Change of each study's ratio at common discount rates against the "
                         "ratio at its own rate, with the median change",
    "tornado": "Range of the ratio over each study's sensitivity variants around the base case",
    "funnel": "Funnel plot: effect against standard error with the pooled line, the pseudo "
              "confidence funnel and Egger's test",
    "leave_one_out": "Pooled estimate with each study left out in turn",
    "assumptions": "Pooled ratio with confidence and prediction intervals and P(benefits > "
                   "costs) with each assumption changed in turn (small multiples: coverage, "
                   "default variance, estimator, interval, prediction interval)",
    "published": "Published benefit-cost ratios as published (headline-only studies): "
                 "estimates as dots, lower bounds as arrows to the right, upper bounds as "
                 "arrows to the left, ranges as lines; the pooled ratio of the recomputed "
                 "studies apart, as a reference band (only with published studies)",
})
#: The figures that need a pooled analysis.
POOLED_FIGURES = ("forest", "forest_by_approach_type", "actor_balance_pooled", "funnel",
                  "leave_one_out", "assumptions")
#: The figures of the published (headline-only) studies, made only when some have a ratio.
PUBLISHED_FIGURES = ("published",)

_CAPTIONS = {
    "forest": (
        "Baten-kostenverhouding per studie met betrouwbaarheidsinterval, de gepoolde "
        "verhouding (ruit) en het voorspellingsinterval voor een nieuwe setting. "
        "Logaritmische schaal: een verhouding van 2 ligt even ver van 1 als 0,5.",
        "Benefit-cost ratio per study with its confidence interval, the pooled ratio "
        "(diamond) and the prediction interval for a new setting. Log scale: a ratio of 2 is "
        "as far from 1 as 0.5."),
    "forest_by": (
        "Baten-kostenverhouding per {c}: de studies van elke groep, de gepoolde verhouding per "
        "groep en over alle studies, met de toets op verschil tussen de groepen.",
        "Benefit-cost ratio by {c}: the studies of each group, the pooled ratio per group and "
        "over all studies, with the test for differences between the groups."),
    "costs_benefits_per_household": (
        "Contante waarde van de kosten (links) en de baten (rechts) per bereikt huishouden, "
        "naar categorie; de ruit is het saldo.",
        "Present value of the costs (left) and the benefits (right) per household reached, by "
        "category; the diamond is the balance."),
    "actor_balance": (
        "Wie betaalt, wie profiteert: per studie de kosten die elke actor draagt (links van 0) "
        "en de baten die elke actor ontvangt (rechts), per huishouden; de ruit is het saldo.",
        "Who pays, who benefits: per study the costs each actor bears (left of 0) and the "
        "benefits each actor receives (right), per household; the diamond is the balance."),
    "actor_balance_pooled": (
        "Gepoold saldo per actor per huishouden met voorspellingsinterval, en de kans dat de "
        "actor er in een nieuwe setting per saldo op vooruitgaat.",
        "Pooled balance per actor per household with prediction interval, and the probability "
        "that the actor gains on balance in a new setting."),
    "benefit_composition": (
        "Samenstelling van de baten van elke studie naar categorie (aandelen van 100%).",
        "Composition of each study's benefits by category (shares of 100%)."),
    "payback": (
        "Gecumuleerde maatschappelijke netto contante waarde per huishouden per jaar sinds de "
        "start, alle actoren samen: waar de lijn de nul kruist is de aanpak maatschappelijk "
        "terugverdiend. Dat is niet de terugverdientijd van de gemeentebegroting: de gemeente "
        "draagt de meeste kosten en ontvangt een deel van de baten.",
        "Cumulative societal net present value per household by year since the start, all "
        "actors together: where the line crosses zero the approach has paid back to society. "
        "That is not the payback of the municipal budget: the municipality bears most of the "
        "costs and receives part of the benefits."),
    "cost_vs_ratio": (
        "Kosten per huishouden tegen de baten-kostenverhouding; de grootte van de bol is het "
        "aantal bereikte huishoudens.",
        "Cost per household against the benefit-cost ratio; the size of the bubble is the "
        "number of households reached."),
    "sensitivity_rates": (
        "Hoeveel verandert de baten-kostenverhouding van elke studie als zij opnieuw wordt "
        "verdisconteerd tegen een gemeenschappelijke discontovoet, ten opzichte van haar eigen "
        "discontovoet? Boven de mediaan over de studies.",
        "How much does each study's benefit-cost ratio change when it is re-discounted at a "
        "common rate, against its own rate? On top the median over the studies."),
    "tornado": (
        "Bandbreedte van de baten-kostenverhouding over de eigen gevoeligheidsvarianten van "
        "elke studie, rond de basis.",
        "Range of the benefit-cost ratio over each study's own sensitivity variants, around "
        "the base case."),
    "funnel": (
        "Trechterplot: effect tegen standaardfout. Asymmetrie kan op publicatievertekening "
        "wijzen, maar ook op heterogeniteit; bij weinig studies zegt zij weinig.",
        "Funnel plot: effect against standard error. Asymmetry may point to publication bias, "
        "but also to heterogeneity; with few studies it says little."),
    "leave_one_out": (
        "Gepoolde uitkomst als telkens één studie wordt weggelaten: hoe afhankelijk is de "
        "uitkomst van één studie?",
        "Pooled result with each study left out in turn: how much does the result depend on a "
        "single study?"),
    "assumptions": (
        "Hoe hangt de gepoolde uitkomst af van de aannames? Per aanname de gepoolde verhouding "
        "met betrouwbaarheids- en voorspellingsinterval en de kans dat de baten de kosten "
        "overtreffen, bij elke instelling; de andere aannames zoals in het rapport (vet).",
        "How does the pooled result depend on the assumptions? For each assumption the pooled "
        "ratio with its confidence and prediction intervals and the probability that benefits "
        "exceed costs, at each setting; the other assumptions as in the report (bold)."),
    "published": (
        "Gepubliceerde baten-kostenverhoudingen, zoals gepubliceerd: een schatting als stip, "
        "een ondergrens als pijl naar rechts, een bovengrens als pijl naar links, een "
        "bandbreedte als lijn. Ze verschillen in basis en soort, zijn niet herberekend en "
        "tellen in geen enkele gepoolde uitkomst mee; de grijze band eronder is de gepoolde "
        "verhouding van de herberekende studies, ter vergelijking.",
        "Published benefit-cost ratios, as published: an estimate as a dot, a lower bound as "
        "an arrow pointing right, an upper bound as an arrow pointing left, a range as a line. "
        "They differ in basis and kind, are not recomputed and count in no pooled result; the "
        "grey band below them is the pooled ratio of the recomputed studies, for comparison."),
}


def caption(name: str, lang: str = "nl") -> str:
    """The caption of a figure of :data:`FIGURES`, for under the figure in a report.

    ``forest_by_<characteristic>`` works for every characteristic of
    :data:`mkba.schema.CHARACTERISTICS`.

    Examples
    --------
    >>> caption("forest_by_scale", "en")[:30]
    'Benefit-cost ratio by scale: t'
    """
    lang = check_lang(lang)
    if name.startswith("forest_by_") and name[len("forest_by_"):] in CHARACTERISTICS:
        c = style.characteristic_label(name[len("forest_by_"):], lang, lower=True)
        return _CAPTIONS["forest_by"][lang == "en"].format(c=c)
    if name not in _CAPTIONS or name == "forest_by":
        raise ArgumentError(Text("name={name} is geen figuur; bekend: {known}",
                                 "name={name} is not a figure; known: {known}",
                                 name=short_repr(name), known=list(FIGURES)))
    return _CAPTIONS[name][lang == "en"]


def all_figures(studies: Iterable[Study], pooled: PooledStudies | None = None, *,
                basis: Basis | None = None, lang: str = "nl", by: str | None = "approach_type",
                rates: Sequence = DEFAULT_RATES, published: Iterable = (),
                **changes) -> dict[str, Figure]:
    """Every figure of :data:`FIGURES` for a set of studies, by name, built.

    Parameters as in :func:`figure_builders`.

    Examples
    --------
    >>> from mkba.plots._examples import example_studies
    >>> figs = all_figures(example_studies(), price_year=2015, lang="en")
    >>> type(figs["tornado"]).__name__, len(figs)
    ('Figure', 7)
    """
    builders = figure_builders(studies, pooled, basis=basis, lang=lang, by=by, rates=rates,
                               published=published, **changes)
    return {name: build() for name, build in builders.items()}


def figure_builders(studies: Iterable[Study], pooled: PooledStudies | None = None, *,
                    basis: Basis | None = None, lang: str = "nl",
                    by: str | None = "approach_type", rates: Sequence = DEFAULT_RATES,
                    appraisals: Mapping | None = None, sensitivity: pd.DataFrame | None = None,
                    assumptions: pd.DataFrame | None = None, published: Iterable = (),
                    **changes) -> dict:
    """A function per figure of :data:`FIGURES` that builds it, by name (nothing drawn yet).

    The checks run and the appraisals are made at once; each figure is built only when its
    function is called, so that a caller can build (and render) figures in parallel.

    Parameters
    ----------
    studies : iterable of Study
        Ids must be unique; the figures list them in a fixed order, whatever the input order.
    pooled : PooledStudies, optional
        From :func:`mkba.analysis.pool_studies` on the same studies and the same basis (else
        ArgumentError). Without it the pooled figures (:data:`POOLED_FIGURES`) are left out.
    basis : Basis, mapping or None
        The common basis (:class:`mkba.basis.Basis`); ``**changes`` change it.
    lang : {"nl", "en"}
    by : str or None
        Characteristic of the subgroup forest plot, named ``forest_by_<by>``; None, or fewer
        than two groups among the pooled studies, leaves it out.
    rates : sequence
        Common discount rates of the ``sensitivity_rates`` figure.
    appraisals : mapping of study id to tuple of Appraisal, optional
        :func:`mkba.appraisal.appraise_all` of each study on ``basis``, when the caller has
        them already; computed otherwise.
    sensitivity : pandas.DataFrame, optional
        :func:`mkba.sensitivity.sensitivity_frame` on ``basis`` with ``rates``, when the caller
        has it already; computed otherwise.
    assumptions : pandas.DataFrame, optional
        :func:`mkba.assumptions.assumption_frame` of ``pooled``, when the caller has it
        already; computed otherwise (only with ``pooled``).
    published : iterable of PublishedStudy
        Headline-only studies (:class:`mkba.headlines.PublishedStudy`): with a published
        benefit-cost ratio among them, the ``published`` figure (:data:`PUBLISHED_FIGURES`),
        with the pooled ratio of ``studies`` as a reference band apart. They enter no other
        figure and no pooled result.

    Returns
    -------
    dict of str to callable
        In the order of :data:`FIGURES`; each callable returns a
        :class:`matplotlib.figure.Figure`, not registered with pyplot (nothing to close).

    Examples
    --------
    >>> from mkba.plots._examples import example_studies
    >>> builders = figure_builders(example_studies(), price_year=2015, lang="en")
    >>> list(builders)  # without a pooled analysis
    ['costs_benefits_per_household', 'actor_balance', 'benefit_composition', 'payback', \
'cost_vs_ratio', 'sensitivity_rates', 'tornado']
    """
    lang = check_lang(lang)
    basis = as_basis(basis, **changes)
    studies = check_studies(studies, unique=True)
    published = tuple(published)
    has_ratios = bool(published_ratios(published))  # checks them at once
    ids = {s.id for s in studies}
    if pooled is not None:
        if not isinstance(pooled, PooledStudies):
            raise ArgumentError(Text("pooled={type} is niet toegestaan; geef de PooledStudies "
                                     "van mkba.analysis.pool_studies of None", "pooled={type} is "
                                     "not allowed; give the PooledStudies of "
                                     "mkba.analysis.pool_studies or None",
                                     type=type(pooled).__name__))
        if pooled.evidence.basis != basis:
            raise ArgumentError(Text("pooled is berekend op de basis {pooled}, de figuren worden "
                                     "gevraagd op {basis}; geef dezelfde basis", "pooled was "
                                     "computed on the basis {pooled}, the figures are asked on "
                                     "{basis}; pass the same basis",
                                     pooled=str(pooled.evidence.basis), basis=str(basis)))
        unknown = sorted(set(pooled.evidence.labels) - ids)
        if unknown:
            raise ArgumentError(Text("pooled bevat studies die niet in studies staan: {unknown}",
                                     "pooled includes studies that are not in studies: {unknown}",
                                     unknown=unknown))
    if by is not None and by not in CHARACTERISTICS:
        raise ArgumentError(Text("by={by} is niet toegestaan; gebruik een van {options} of None",
                                 "by={by} is not allowed; use one of {options} or None",
                                 by=short_repr(by), options=list(CHARACTERISTICS)))
    appraisals = appraise_studies(studies, basis, appraisals)
    base = [appraisals[s.id][0] for s in studies]

    @cache
    def frame() -> pd.DataFrame:  # built once, for both sensitivity figures
        if sensitivity is not None:
            return sensitivity
        return sensitivity_frame(studies, basis=basis, rates=rates, appraisals=appraisals)

    @cache
    def assumption_rows() -> pd.DataFrame:
        if assumptions is not None:
            return assumptions
        return assumption_frame(pooled, studies, appraisals=appraisals)

    builders = {
        "forest": lambda: forest_plot(pooled, lang=lang),
        "forest_by_approach_type": lambda: subgroup_forest_plot(pooled, by=by, lang=lang),
        "costs_benefits_per_household": lambda: costs_benefits_plot(base, studies, lang=lang),
        "actor_balance": lambda: actor_balance_plot(base, studies, lang=lang),
        "actor_balance_pooled": lambda: pooled_actor_balance_plot(pooled, lang=lang),
        "benefit_composition": lambda: benefit_composition_plot(base, studies, lang=lang),
        "payback": lambda: payback_plot(base, studies, lang=lang),
        "cost_vs_ratio": lambda: cost_ratio_plot(base, studies, lang=lang),
        "sensitivity_rates": lambda: rate_sensitivity_plot(frame(), lang=lang),
        "tornado": lambda: tornado_plot(frame(), lang=lang),
        "funnel": lambda: funnel_plot(pooled, lang=lang),
        "leave_one_out": lambda: leave_one_out_plot(pooled, lang=lang),
        "assumptions": lambda: assumptions_plot(assumption_rows(), pooled, lang=lang),
        "published": lambda: published_plot(published, pooled=pooled, lang=lang,
                                            illustrative=any(s.illustrative for s in studies)),
    }
    out = {}
    for name in FIGURES:
        if name in POOLED_FIGURES and pooled is None:
            continue
        if name in PUBLISHED_FIGURES and not has_ratios:
            continue
        if name == "forest_by_approach_type":
            if by is None or pooled.evidence.table[by].nunique() < 2:
                continue
            out[f"forest_by_{by}"] = _figure_of(builders[name])
            continue
        out[name] = _figure_of(builders[name])
    return out


def _figure_of(build):
    return lambda: build().get_figure()
