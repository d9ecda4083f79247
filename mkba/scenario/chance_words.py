"""The uncertainty of a scenario in plain words, from its Monte Carlo draws (for the one-page
summary, :mod:`mkba.scenario.summary`).

- :func:`chance_sentence`: "In 8 van de 10 gesimuleerde situaties zijn de baten groter dan de
  kosten", with the rounding rule of :func:`chance_in_ten` and the edges said as they are;
- :func:`range_sentence`: the middle 80% of the simulated net present values in words;
- :func:`uncertainty_sentences`: both for a result (all actors, then the municipality), or that
  no uncertainty was computed.
"""

from __future__ import annotations

import numpy as np

from mkba import formatting
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.scenario.result import ScenarioResult, check_result

__all__ = ["RANGE_SHARE", "chance_in_ten", "chance_sentence", "range_sentence",
           "uncertainty_sentences"]

#: The share of the draws the range in words covers: 80%, "in 8 van de 10 situaties".
RANGE_SHARE = 0.8

# the clause of a chance sentence; English puts "do" first after a negative ("in none ... do")
_CLAUSES = {
    "total": (Text("zijn de baten groter dan de kosten", "the benefits exceed the costs"),
              Text("zijn de baten groter dan de kosten", "do the benefits exceed the costs")),
    "municipality": (Text("zijn de baten van de gemeente groter dan haar eigen kosten",
                          "the municipality's benefits exceed its own costs"),
                     Text("zijn de baten van de gemeente groter dan haar eigen kosten",
                          "do the municipality's benefits exceed its own costs")),
}


def chance_in_ten(count: int, draws: int) -> int:
    """The share ``count / draws`` in tenths, rounded half up: ``floor(10 * count / draws + 1/2)``.

    Computed on whole numbers, so that a share of exactly 0.85 gives 9 (not 8 because 0.85 has
    no exact binary value). 0 means less than 5% of the draws, 10 means 95% or more.

    Examples
    --------
    >>> chance_in_ten(83, 100), chance_in_ten(85, 100), chance_in_ten(849, 1000)
    (8, 9, 8)
    >>> chance_in_ten(4, 100), chance_in_ten(5, 100), chance_in_ten(95, 100)
    (0, 1, 10)
    """
    for name, value in (("count", count), ("draws", draws)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            raise ArgumentError(Text("{name}={value} is niet toegestaan; geef een geheel getal "
                                     ">= 0", "{name}={value} is not allowed; give a whole number "
                                     ">= 0", name=name, value=repr(value)[:70]))
    if draws == 0 or count > draws:
        raise ArgumentError(Text("count={count} van draws={draws} is niet toegestaan; geef "
                                 "0 <= count <= draws en draws > 0", "count={count} of "
                                 "draws={draws} is not allowed; give 0 <= count <= draws and "
                                 "draws > 0", count=int(count), draws=int(draws)))
    return (20 * int(count) + int(draws)) // (2 * int(draws))


def chance_sentence(count: int, draws: int, who: str = "total") -> Text:
    """The chance that the benefits exceed the costs, in plain words, from ``count`` of
    ``draws`` simulated situations (Monte Carlo draws).

    The rule (:func:`chance_in_ten`): the share in tenths, rounded half up, as "in N van de 10
    gesimuleerde situaties", with the exact share after it. The edges are said as they are:
    "in alle" only when every draw has it and "in geen van de" only when no draw has it; a share
    that rounds to 10 (95% or more) or to 0 (less than 5%) but is not all or none is "in vrijwel
    alle" or "in vrijwel geen van de".

    Parameters
    ----------
    count : int
        The draws in which the benefits exceed the costs (net present value > 0).
    draws : int
        All draws (> 0).
    who : {'total', 'municipality'}
        All actors together, or the municipality's own benefits and costs.

    Returns
    -------
    Text

    Examples
    --------
    >>> print(chance_sentence(830, 1000))
    In 8 van de 10 gesimuleerde situaties zijn de baten groter dan de kosten (83,0% van de 1.000 trekkingen).
    >>> print(chance_sentence(1000, 1000).en)
    In all 1,000 simulated situations the benefits exceed the costs.
    >>> print(chance_sentence(0, 500, "municipality"))
    In geen van de 500 gesimuleerde situaties zijn de baten van de gemeente groter dan haar eigen kosten.
    """  # noqa: E501
    if who not in _CLAUSES:
        raise ArgumentError(Text("who={who} is niet toegestaan; gebruik 'total' of "
                                 "'municipality'", "who={who} is not allowed; use 'total' or "
                                 "'municipality'", who=repr(who)[:70]))
    tenths = chance_in_ten(count, draws)
    plain, inverted = _CLAUSES[who]
    n = draws
    share = Text(formatting.probability(count / draws, "nl", 1),
                 formatting.probability(count / draws, "en", 1))
    if count == draws:
        return Text("In alle {n:0} gesimuleerde situaties {clause}.",
                    "In all {n:0} simulated situations {clause}.", n=n, clause=plain)
    if count == 0:
        return Text("In geen van de {n:0} gesimuleerde situaties {clause}.",
                    "In none of the {n:0} simulated situations {clause}.", n=n, clause=inverted)
    if tenths == 10:
        return Text("In vrijwel alle gesimuleerde situaties {clause} ({share} van de {n:0} "
                    "trekkingen).", "In nearly all simulated situations {clause} ({share} of "
                    "the {n:0} draws).", n=n, clause=plain, share=share)
    if tenths == 0:
        return Text("In vrijwel geen van de gesimuleerde situaties {clause} ({share} van de "
                    "{n:0} trekkingen).", "In hardly any of the simulated situations {clause} "
                    "({share} of the {n:0} draws).", n=n, clause=inverted, share=share)
    return Text("In {tenths} van de 10 gesimuleerde situaties {clause} ({share} van de {n:0} "
                "trekkingen).", "In {tenths} out of 10 simulated situations {clause} ({share} "
                "of the {n:0} draws).", tenths=tenths, n=n, clause=plain, share=share)


def range_sentence(net_draws) -> Text:
    """The middle :data:`RANGE_SHARE` (80%) of the simulated net present values in words:
    "in 8 van de 10 gesimuleerde situaties ligt de netto contante waarde tussen € a en € b".

    ``a`` and ``b`` are the 10% and 90% quantiles of the draws (``numpy.quantile``, linear
    interpolation), in whole euros.

    Examples
    --------
    >>> print(range_sentence(np.arange(1.0, 102.0) * 1000))  # 1.000 ... 101.000
    In 8 van de 10 gesimuleerde situaties ligt de netto contante waarde tussen € 11.000 en € 91.000; in 1 van de 10 is ze lager en in 1 van de 10 hoger.
    """  # noqa: E501
    values = np.asarray(net_draws, dtype=float)
    if values.ndim != 1 or values.size == 0 or not np.isfinite(values).all():
        raise ArgumentError(Text("net_draws moet een niet-lege reeks eindige getallen zijn",
                                 "net_draws must be a non-empty sequence of finite numbers"))
    tail = (1 - RANGE_SHARE) / 2
    low, high = (float(q) for q in np.quantile(values, [tail, 1 - tail]))
    return Text("In {inner} van de 10 gesimuleerde situaties ligt de netto contante waarde "
                "tussen {low:euro} en {high:euro}; in {outer} van de 10 is ze lager en in "
                "{outer} van de 10 hoger.", "In {inner} out of 10 simulated situations the net "
                "present value lies between {low:euro} and {high:euro}; in {outer} out of 10 "
                "it is lower and in {outer} out of 10 higher.", low=low, high=high,
                inner=round(RANGE_SHARE * 10), outer=round(tail * 10))


def uncertainty_sentences(result: ScenarioResult) -> list[Text]:
    """The uncertainty of a scenario in plain words, from the draws the result holds: the chance
    that the benefits exceed the costs (all actors, then the municipality's own), the 80% range
    of the net present value, and what a simulated situation is. Without Monte Carlo: one
    sentence that no uncertainty was computed.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, monte_carlo=False)
    >>> print(uncertainty_sentences(r)[0].en)  # doctest: +ELLIPSIS
    No uncertainty was computed: this scenario was run without Monte Carlo draws...
    """
    check_result(result)
    if not result.monte_carlo or result.net_draws is None:
        return [Text("Er is geen onzekerheid berekend: dit scenario is doorgerekend zonder "
                     "Monte Carlo-trekkingen. De cijfers hierboven zijn puntschattingen.",
                     "No uncertainty was computed: this scenario was run without Monte Carlo "
                     "draws. The figures above are point estimates.")]
    draws = int(result.net_draws.size)
    out = [chance_sentence(int(np.count_nonzero(result.net_draws > 0)), draws)]
    if result.p_municipality_gains is not None:
        count = round(result.p_municipality_gains * draws)  # p_gain is a count / draws
        out.append(chance_sentence(count, draws, "municipality"))
    out.append(range_sentence(result.net_draws))
    out.append(Text("Een gesimuleerde situatie is één trekking van de baten per bereikt "
                    "huishouden uit de spreiding tussen de studies ({draws:0} trekkingen, seed "
                    "{seed}); de kosten liggen vast.", "A simulated situation is one draw of "
                    "the benefit per reached household from the spread between the studies "
                    "({draws:0} draws, seed {seed}); the costs are fixed.", draws=draws,
                    seed=Text.same(str(result.seed))))
    return out
