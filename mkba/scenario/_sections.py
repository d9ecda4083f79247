"""The sections of a scenario, read and checked (for :func:`~mkba.scenario.spec.spec_from_mapping`).

Each reader takes the :class:`~mkba.scenario._checks.Checker` of the file and the raw value of
one field or section, and returns checked values or raises :class:`mkba.errors.InputError`
naming the file (or cell), the field, what was found and what is allowed (see
:mod:`mkba.scenario._checks`).
"""

from __future__ import annotations

from numbers import Real

from mkba.basis import parse_rate
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.pooling import METHODS
from mkba.reference import discount_regimes
from mkba.scenario._checks import (
    DEFAULT_SHARES,
    NEGATIVE_DRAWS,
    SECTION_KEYS,
    SEGMENT_SPLITS,
    TOLERANCE,
    Checker,
    one_of,
    segments,
)
from mkba.schema import CHARACTERISTIC_VOCABULARIES, CHARACTERISTICS
from mkba.text_clean import control_character
from mkba.vocab import vocabulary


def population(c: Checker, data) -> tuple:
    pop = c.table(data, "population", SECTION_KEYS["population"])
    has_counts, has_total = "households" in pop, "total" in pop
    if has_counts == has_total:
        c.fail("population", Text(
            "geef óf huishoudens per segment (population.households) óf een totaal "
            "(population.total, eventueel met population.shares), {which}",
            "give either households per segment (population.households) or a total "
            "(population.total, with optional population.shares), not {which}",
            which=Text("niet allebei", "both") if has_counts else Text("nu geen van beide",
                                                                       "neither")))
    households = Text("een aantal huishoudens", "a number of households")
    if has_counts:
        if "shares" in pop:
            c.fail("population.shares", Text(
                "aandelen (shares) horen bij population.total, niet bij huishoudens per segment",
                "shares go with population.total, not with households per segment"))
        counts = segments(c, pop["households"], "population.households", 0.0, what=households)
        return counts, None, None
    total = c.number(pop["total"], "population.total", what=households)
    shares = DEFAULT_SHARES
    if "shares" in pop:
        shares = segments(c, pop["shares"], "population.shares", 0.0,
                          what=Text("een deel van het totaal (0.05 voor 5%)",
                                    "a share of the total (0.05 for 5%)"))
        if sum(shares) > 1 + TOLERANCE:
            c.fail("population.shares", Text(
                "de aandelen tellen op tot {total}; samen mogen ze hooguit 1 zijn (de hele "
                "bevolking)", "the shares add up to {total}; they may add up to at most 1 "
                "(the whole population)", total=sum(shares)))
    return tuple(total * s for s in shares), total, shares


def reach(c: Checker, team: dict, households: tuple) -> tuple:
    """The share of each segment reached at full operation; required, 0 for a segment not
    named (mkba never assumes a reach)."""
    if team.get("reach") is None:
        c.fail("team.reach", Text(
            "ontbreekt; geef per segment het deel dat het team bij volle inzet bereikt, bijv. "
            "reach = {{zwaar = 1.0, kwetsbaar = 0.5}} (een segment dat u niet noemt, wordt niet "
            "bereikt). mkba neemt geen bereik aan: de bevolking telt {n} huishoudens en zonder "
            "deze invoer zou het team ze allemaal bereiken", "is missing; give per segment the "
            "share the team reaches at full operation, e.g. reach = {{zwaar = 1.0, kwetsbaar = "
            "0.5}} (a segment you do not name is not reached). mkba assumes no reach: the "
            "population has {n} households and without this input the team would reach them "
            "all", n=round(sum(households))))
    return segments(c, team["reach"], "team.reach", 0.0, what=Text(
        "het deel van het segment dat bij volle inzet wordt bereikt",
        "the share of the segment reached at full operation"))


def rate(c: Checker, value) -> tuple[float, str | None]:
    allowed = Text("geef een regimecode ({regimes}), een decimaal getal zoals 0.0225 of een "
                   "percentage zoals '2,25%'", "give a regime code ({regimes}), a decimal such "
                   "as 0.0225 or a percentage such as '2.25%'", regimes=list(discount_regimes()))
    if isinstance(value, bool) or not isinstance(value, str | Real):
        c.bad("discount_rate", value, allowed)
    try:
        rate, regime = parse_rate(value)
    except ArgumentError:
        c.bad("discount_rate", value, allowed)
    if rate is None:
        c.bad("discount_rate", value, Text(
            "{allowed} (een scenario heeft geen eigen disconteringsvoet, 'own')",
            "{allowed} (a scenario has no 'own' rate)", allowed=allowed))
    return rate, regime


def ramp_up(c: Checker, value, horizon: int, key: str = "team.ramp_up",
            of: Text | None = None) -> tuple:
    """A list of yearly shares of ``of`` (full reach; the full effect for ``effects.lag``), at
    most one per year of the horizon."""
    of = of or Text("het volledige bereik", "full reach")
    if not isinstance(value, list | tuple) or not value:
        c.bad(key, value, Text("geef een lijst met aandelen van {of} per jaar, bijv. "
                               "[0.5, 0.8, 1.0]", "give a list of shares of {of} per year, e.g. "
                               "[0.5, 0.8, 1.0]", of=of))
    if len(value) > horizon:
        c.fail(key, Text(
            "heeft {n} waarden, maar de looptijd is {horizon} jaar; geef hooguit één aandeel "
            "per jaar", "has {n} values but the horizon is {horizon} years; give at most one "
            "share per year", n=len(value), horizon=horizon))
    what = Text("een deel van {of}", "a share of {of}", of=of)
    return tuple(c.number(v, f"{key}[{i}]", field=key, what=what) for i, v in enumerate(value))


def yearly_amounts(c: Checker, value, horizon: int, key: str, what: Text) -> tuple:
    """An amount (the first year) or a list of amounts per year from the first, at most one per
    year of the horizon (``costs.friction``)."""
    if not isinstance(value, list | tuple):
        return (c.number(value, key, what=what),)
    if not value:
        c.bad(key, value, Text("geef een bedrag of een lijst met bedragen per jaar",
                               "give an amount or a list of amounts per year"))
    if len(value) > horizon:
        c.fail(key, Text("heeft {n} waarden, maar de looptijd is {horizon} jaar",
                         "has {n} values but the horizon is {horizon} years", n=len(value),
                         horizon=horizon))
    return tuple(c.number(v, f"{key}[{i}]", field=key, what=what) for i, v in enumerate(value))


def amount_with_actor(c: Checker, value, key: str, field: str,
                      what: Text) -> tuple[float, str | None]:
    """``900`` or ``{amount = 900, actor = "gemeente"}`` -> (amount, actor or None); the amount
    within ``RANGES[field]``."""
    actor = None
    if isinstance(value, dict):
        c.table(value, key, ("amount", "actor"))
        if "amount" not in value:
            c.fail(f"{key}.amount", Text("ontbreekt; geef {what}", "is missing; give {what}",
                                         what=what))
        if "actor" in value:
            actor = c.code(value["actor"], f"{key}.actor", "actors")
        value, key = value["amount"], f"{key}.amount"
    return c.number(value, key, field=field, what=what), actor


def payers(c: Checker, value) -> tuple:
    table = c.table(value, "costs.payers", tuple(value) if isinstance(value, dict) else ())
    shares: dict[str, float] = {}
    what = Text("een deel van de kosten", "a share of the costs")
    for name, share in table.items():
        actor = c.code(name, f"costs.payers.{name}", "actors")
        shares[actor] = shares.get(actor, 0.0) + c.number(
            share, f"costs.payers.{name}", field="costs.payers", what=what)
    if not shares or abs(sum(shares.values()) - 1) > 1e-6:
        c.fail("costs.payers", Text(
            "de aandelen tellen op tot {total}; samen moeten ze 1 zijn (bijv. "
            "{{gemeente = 0.8, zorgverzekeraar = 0.2}})", "the shares add up to {total}; they "
            "must add up to 1 (e.g. {{gemeente = 0.8, zorgverzekeraar = 0.2}})",
            total=sum(shares.values())))
    order = vocabulary("actors").codes
    return tuple((a, shares[a]) for a in order if a in shares and shares[a] > 0)


def evidence(c: Checker, data) -> dict:
    ev = c.table(data, "evidence", SECTION_KEYS["evidence"])
    out: dict = {}
    if "studies" in ev:
        ids = ev["studies"]
        ids = [ids] if isinstance(ids, str) else ids
        if not isinstance(ids, list | tuple) or not ids or not all(
                isinstance(i, str) and i.strip() and not control_character(i, whitespace=True)
                for i in ids):
            c.bad("evidence.studies", ev["studies"], Text("geef een lijst met studie-ids",
                                                          "give a list of study ids"))
        out["study_ids"] = tuple(dict.fromkeys(i.strip() for i in ids))
    filters = []
    for key in CHARACTERISTICS:
        if key not in ev:
            continue
        values = [ev[key]] if isinstance(ev[key], str) else ev[key]
        if not isinstance(values, list | tuple) or not values:
            c.bad(f"evidence.{key}", ev[key], Text(
                "geef een code uit {vocab} of een lijst met codes",
                "give a code of {vocab} or a list of codes",
                vocab=CHARACTERISTIC_VOCABULARIES[key]))
        codes = {c.code(v, f"evidence.{key}", CHARACTERISTIC_VOCABULARIES[key]) for v in values}
        order = vocabulary(CHARACTERISTIC_VOCABULARIES[key]).codes
        filters.append((key, tuple(code for code in order if code in codes)))
    out["filters"] = tuple(filters)
    if "method" in ev:
        if ev["method"] not in METHODS:
            c.bad("evidence.method", ev["method"], one_of(METHODS))
        out["method"] = ev["method"]
    if "coverage" in ev:
        out["coverage"] = c.number(ev["coverage"], "evidence.coverage", what=Text(
            "het deel van de onzekerheid van een studie dat haar gevoeligheidsbandbreedte dekt "
            "(0.90)", "the share of a study's uncertainty its sensitivity range covers (0.90)"))
    if "induced_costs" in ev:
        out["induced_costs"] = c.flag(ev["induced_costs"], "evidence.induced_costs")
    return out


def effects(c: Checker, data) -> dict:
    eff = c.table(data, "effects", SECTION_KEYS["effects"])
    out: dict = {}
    if "multiplier" in eff:
        out["multiplier"] = c.number(eff["multiplier"], "effects.multiplier", what=Text(
            "een vermenigvuldiger op het gepoolde effect (1 = zoals gepoold)",
            "a multiplier on the pooled effect (1 = as pooled)"))
    if "negative_draws" in eff:
        if eff["negative_draws"] not in NEGATIVE_DRAWS:
            c.bad("effects.negative_draws", eff["negative_draws"], Text(
                "{options}: zero zet een trekking van de baten per huishouden onder 0 op 0 "
                "(geen effect), keep laat haar staan (het team doet schade)", "{options}: zero "
                "sets a draw of the benefit per household below 0 to 0 (no effect), keep leaves "
                "it (the team does harm)", options=one_of(NEGATIVE_DRAWS)))
        out["negative_draws"] = eff["negative_draws"]
    if "segment_split" in eff:
        if eff["segment_split"] not in SEGMENT_SPLITS:
            c.bad("effects.segment_split", eff["segment_split"], Text(
                "{options}: proportional geeft segmenten die het bewijs niet scheidt één bedrag "
                "per huishouden, heavier legt het effect bij de zwaardere segmenten",
                "{options}: proportional gives segments the evidence cannot separate one amount "
                "per household, heavier puts the effect on the heavier segments",
                options=one_of(SEGMENT_SPLITS)))
        out["segment_split"] = eff["segment_split"]
    if "caseload_elasticity" in eff:
        out["caseload_elasticity"] = c.number(
            eff["caseload_elasticity"], "effects.caseload_elasticity", what=Text(
                "de elasticiteit van het effect per huishouden naar de caseload (0,5: een twee "
                "keer zo hoge caseload geeft 71% van het effect)", "the elasticity of the "
                "effect per household to the caseload (0.5: twice the caseload gives 71% of "
                "the effect)"))
    if "per_segment" in eff:
        out["per_segment"] = segments(c, eff["per_segment"], "effects.per_segment", None,
                                      what=Text("euro's per bereikt huishouden per jaar",
                                                "euros per reached household per year"))
    fixed = eff.get("fixed", {})
    table = c.table(fixed, "effects.fixed", tuple(fixed) if isinstance(fixed, dict) else ())
    per_household = Text("euro's per bereikt huishouden per jaar",
                         "euros per reached household per year")
    rows: dict[str, tuple] = {}
    for name, value in table.items():
        key = f"effects.fixed.{name}"
        category = c.code(name, key, "benefit_categories")
        if category in rows:
            c.fail(key, Text("categorie {category!r} staat er twee keer in",
                             "category {category!r} is given twice", category=category))
        amount, actor = amount_with_actor(c, value, key, "effects.fixed", per_household)
        rows[category] = (category, amount, actor)
    order = vocabulary("benefit_categories").codes
    out["fixed"] = tuple(rows[cat] for cat in order if cat in rows)
    return out


def costs_extra(c: Checker, costs: dict, horizon: int) -> dict:
    """friction, extra_care and indexation of the section costs."""
    out: dict = {}
    if "friction" in costs:
        out["friction"] = yearly_amounts(c, costs["friction"], horizon, "costs.friction",
                                         Text("euro's frictiekosten", "euros of friction costs"))
    if "extra_care" in costs:
        out["extra_care"] = amount_with_actor(c, costs["extra_care"], "costs.extra_care",
                                              "costs.extra_care", Text(
                                                  "euro's per bereikt huishouden per jaar",
                                                  "euros per reached household per year"))
    if "indexation" in costs:
        out["indexation"] = c.number(costs["indexation"], "costs.indexation", what=Text(
            "de reële groei per jaar van de lopende kosten (0.02 voor 2%)",
            "the real yearly growth of the running costs (0.02 for 2%)"))
    return out

