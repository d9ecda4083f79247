"""Generate the 13 illustrative example studies in studies/ (fictional, not published MKBAs).

The studies are spread over the dimensions of the 2014 meta-analysis of 13 MKBAs of social
teams (scale, target breadth, household type, stage, evaluation, kind of study) and over the
five team archetypes of the 2014 MKBA tool, in the three layouts mkba reads: the mkba template,
a consultancy cockpit model and a workbook described by a TOML mapping file. All amounts are
made up (seeded, so every run gives byte-identical files); the municipalities do not exist.

Run from the repository root::

    .venv/bin/python scripts/make_example_studies.py            # writes studies/
    .venv/bin/python scripts/make_example_studies.py --out DIR  # writes elsewhere
    .venv/bin/python scripts/make_example_studies.py --count 100 --out DIR  # 100 studies

With ``--count N`` the 13 specs are cycled: the first 13 studies are the examples themselves
(byte-identical), every further one is a repeat of a spec in a district of its own
("Bosvaart-Noord", id ``bosvaart-noord-2011``) with other households (seeded), so that a large
evidence base (benchmarks/bench_report.py) is as illustrative and as valid as the examples.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkba.reference import discount_regimes  # noqa: E402
from mkba.schema import (  # noqa: E402
    BASE_VARIANT,
    REPORTED_MEASURES,
    STUDY_FIELDS,
    ReportedFigure,
    Study,
    items_frame,
)
from mkba.vocab import vocabulary  # noqa: E402
from mkba.write.atomic import write_bytes, write_text  # noqa: E402
from mkba.write.cockpit import write_cockpit  # noqa: E402
from mkba.write.template import write_study_template  # noqa: E402
from mkba.write.xlsx_bytes import workbook_bytes  # noqa: E402

SEED = 20140613
VARIATION_SEED = 20261202  # households of the repeats made by --count
DISTRICTS = ("Noord", "Zuid", "Oost", "West", "Centrum", "Haven", "Dorp", "Veld", "Kerk",
             "Brug", "Weide", "Polder")
NOTE = ("Illustratief voorbeeld, geen gepubliceerde MKBA: fictieve gemeente en verzonnen "
        "bedragen, gemaakt met scripts/make_example_studies.py (seed {seed}). Niet gebruiken "
        "als bevinding.")
SOURCE = "Illustratief voorbeeld uit mkba/studies; geen gepubliceerde MKBA"

# id, municipality, approach name, type, scale, target breadth, household type, stage,
# evaluation, kind, year, price year, first year, horizon, households, layout, yearly flows,
# sensitivity variants, author
SPECS = [
    ("bosvaart-2011", "Bosvaart", "Achter de Voordeur Bosvaart-Noord", "wijkteam_probleemwijk",
     "wijk", "kwetsbaar", "geen_onderscheid", "lopend", "ex_post", "volledig", 2011, 2010, 2009,
     5, 450, "cockpit", True, ("effect laag", "effect hoog"), "Adviesbureau Fictief & Co"),
    ("ooststad-2012", "Ooststad", "Wijkteams Ooststad-Zuid", "wijkteam_probleemwijk",
     "meerdere_wijken", "alle_huishoudens", "geen_onderscheid", "net_gestart", "mixed",
     "quickscan", 2012, 2012, 2012, 4, 2400, "cockpit", False, ("effect laag",),
     "Voorbeeldbureau Noord"),
    ("lindemonde-2013", "Lindemonde", "Gezinsaanpak Lindemonde-Oost", "wijkteam_probleemwijk",
     "wijk", "zware_problematiek", "gezinnen", "tekentafel", "ex_ante", "indicatief", 2013,
     2013, 2014, 5, 90, "template", True, ("effect laag", "kosten hoog"),
     "Gemeentelijke afdeling Onderzoek (fictief)"),
    ("hoogmeer-2013", "Hoogmeer", "Sociaal wijkteam Hoogmeer", "zorg_welzijnsteam", "gemeente",
     "alle_huishoudens", "geen_onderscheid", "net_gestart", "ex_ante", "quickscan", 2013, 2012,
     2013, 6, 3000, "template", True, ("effect laag", "effect hoog"), "Voorbeeldbureau Noord"),
    ("klaverdam-2014", "Klaverdam", "Wijkteams Klaverdam", "zorg_welzijnsteam",
     "meerdere_wijken", "kwetsbaar", "geen_onderscheid", "lopend", "mixed", "volledig", 2014,
     2013, 2012, 6, 800, "mapping", True, ("effect laag",), "Adviesbureau Fictief & Co"),
    ("kreekdam-2017", "Kreekdam", "Breed sociaal team Kreekdam", "zorg_welzijnsteam",
     "gemeente", "alle_huishoudens", "geen_onderscheid", "tekentafel", "ex_ante", "indicatief",
     2017, 2016, 2018, 10, 2800, "cockpit", True, ("effect laag", "kosten hoog"),
     "Rekenwerk Zuid (fictief)"),
    ("brakelveen-2012", "Brakelveen", "Gezinsteam Centrum voor Jeugd en Gezin",
     "jeugd_gezinsteam", "gemeente", "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig",
     2012, 2011, 2009, 5, 600, "template", True, ("effect laag", "effect hoog", "kosten hoog"),
     "Rekenwerk Zuid (fictief)"),
    ("grevenhaven-2013", "Grevenhaven", "Jeugdteams Grevenhaven", "jeugd_gezinsteam",
     "meerdere_wijken", "zware_problematiek", "gezinnen", "net_gestart", "mixed", "quickscan",
     2013, 2012, 2013, 4, 180, "mapping", False, ("effect laag", "kosten hoog"),
     "Voorbeeldbureau Noord"),
    ("wierhoven-2015", "Wierhoven", "Gezinsteam Wierhoven-West", "jeugd_gezinsteam", "wijk",
     "kwetsbaar", "gezinnen", "tekentafel", "ex_ante", "indicatief", 2015, 2014, 2016, 5, 250,
     "cockpit", True, ("effect laag",), "Gemeentelijke afdeling Onderzoek (fictief)"),
    ("eikenrode-2012", "Eikenrode", "Ouderenteam Eikenrode-Dorp", "ouderenteam", "wijk",
     "kwetsbaar", "ouderen", "lopend", "ex_post", "quickscan", 2012, 2011, 2010, 3, 300,
     "template", False, ("effect laag",), "Adviesbureau Fictief & Co"),
    ("marsveen-2017", "Marsveen", "Seniorenteams Marsveen", "ouderenteam", "gemeente",
     "alle_huishoudens", "ouderen", "net_gestart", "ex_ante", "volledig", 2017, 2016, 2017, 8,
     1800, "mapping", True, ("effect laag", "effect hoog"), "Rekenwerk Zuid (fictief)"),
    ("duinhaven-2010", "Duinhaven", "Eén gezin, één plan Duinhaven", "zorgcoordinatie_zwaar",
     "gemeente", "zware_problematiek", "gezinnen", "lopend", "ex_post", "volledig", 2010, 2010,
     2008, 5, 220, "cockpit", True, ("effect laag", "effect hoog"), "Voorbeeldbureau Noord"),
    ("dorrekerk-2014", "Dorrekerk", "Zorgcoördinatie multiprobleemhuishoudens Dorrekerk",
     "zorgcoordinatie_zwaar", "meerdere_wijken", "zware_problematiek", "geen_onderscheid",
     "lopend", "mixed", "quickscan", 2014, 2013, 2011, 5, 140, "template", False,
     ("effect laag",), "Gemeentelijke afdeling Onderzoek (fictief)"),
]

#: Team cost per household per year (uitvoering + coördinatie) and target B/K, by breadth.
BANDS = {"zware_problematiek": ((6500, 9000), (2.6, 3.8)),
         "kwetsbaar": ((3000, 5000), (1.4, 2.4)),
         "alle_huishoudens": ((1500, 2500), (0.85, 1.5))}
ACTOR_LABELS = {
    "gemeente": ("Gemeente", "Sociaal domein gemeente"),
    "zorgverzekeraar": ("Zorgverzekeraar", "Zorgverzekeraars", "Zvw"),
    "rijk": ("Rijk", "UWV", "Rijksoverheid"),
    "woningcorporatie": ("Woningcorporatie", "Corporatie", "Corporaties"),
    "politie_justitie": ("Politie", "Politie/justitie", "Politie en justitie"),
    "onderwijs": ("Onderwijs", "Scholen"),
    "zorgaanbieders": ("Zorgaanbieders", "Hulpverlening", "Zorginstellingen"),
    "huishoudens": ("Bewoners", "Huishoudens"),
}
# category -> (label, original wording, actor) options; labels are vocabulary synonyms
COSTS = {
    "uitvoering_team": (("Inzet team", "Inzet regisseurs"),
                        ("Personeelskosten team", "Inzet generalisten"),
                        ("Uitvoeringskosten", "Formatie wijkteam"),
                        ("Teamkosten", "Inzet gezinscoaches")),
    "coordinatie_overhead": (("Coördinatie", "Regie en casusoverleg"),
                             ("Overhead", "Huisvesting en ICT"),
                             ("Projectleiding", "Kwartiermaker en projectleider")),
    "startkosten": (("Opstartkosten", "Kwartiermaken"),
                    ("Implementatiekosten", "Inrichting werkproces")),
    "opleiding_frictie": (("Opleiding", "Scholing generalisten"),
                          ("Frictiekosten", "Inwerken nieuwe werkwijze")),
    "extra_hulpverlening": (("Extra hulp", "Eerder ingezette hulp"),
                            ("Doorverwijzingen", "Meer toeleiding naar zorg")),
}
BENEFITS = {
    "huisuitzetting": (("Huisuitzettingen", "Huisuitzettingen voorkomen", "woningcorporatie"),
                       ("Huurachterstanden", "Minder huurachterstand", "woningcorporatie")),
    "specialistische_zorg": (("GGZ", "Minder inzet GGZ", "zorgverzekeraar"),
                             ("Verslavingszorg", "Minder verslavingszorg", "zorgverzekeraar")),
    "jeugdzorg": (("Jeugdzorg", "Minder uithuisplaatsingen", "gemeente"),
                  ("Uithuisplaatsingen", "Minder uithuisplaatsingen", "rijk")),
    "maatschappelijke_opvang": (("Opvang", "Voorkomen dakloosheid", "gemeente"),),
    "schulden": (("Schuldhulpverlening", "Kortere schuldhulptrajecten", "gemeente"),),
    "uitkeringen_arbeid": (("Bijstand", "Minder beroep op bijstand", "gemeente"),
                           ("Re-integratie", "Eerder aan het werk", "rijk")),
    "politie_overlast": (("Politie", "Minder politie-inzet bij huiselijk geweld",
                          "politie_justitie"),
                         ("Overlast", "Minder overlastmeldingen", "woningcorporatie")),
    "onderwijs_schooluitval": (("Schooluitval", "Minder voortijdig schoolverlaten",
                                "onderwijs"),),
    "gezondheid": (("Ziekenhuis", "Minder ziekenhuisopnames", "zorgverzekeraar"),
                   ("Huisarts", "Later opname verpleeghuis", "zorgverzekeraar")),
    "efficientere_hulp": (("Efficiëntie", "Minder hulpverleners per gezin", "zorgaanbieders"),),
    "kwaliteit_van_leven": (("Welzijn", "Meer zelfredzaamheid", "huishoudens"),),
}
WEIGHTS = {
    "wijkteam_probleemwijk": {"huisuitzetting": 3, "politie_overlast": 3, "schulden": 2,
                              "uitkeringen_arbeid": 2, "specialistische_zorg": 2,
                              "onderwijs_schooluitval": 1},
    "zorg_welzijnsteam": {"specialistische_zorg": 3, "gezondheid": 2, "efficientere_hulp": 3,
                          "schulden": 2, "uitkeringen_arbeid": 1, "kwaliteit_van_leven": 1},
    "jeugd_gezinsteam": {"jeugdzorg": 5, "onderwijs_schooluitval": 2, "specialistische_zorg": 2,
                         "efficientere_hulp": 2, "politie_overlast": 1},
    "ouderenteam": {"gezondheid": 5, "efficientere_hulp": 2, "kwaliteit_van_leven": 2,
                    "specialistische_zorg": 1},
    "zorgcoordinatie_zwaar": {"jeugdzorg": 3, "politie_overlast": 3, "huisuitzetting": 2,
                              "maatschappelijke_opvang": 2, "specialistische_zorg": 2,
                              "uitkeringen_arbeid": 1},
}
VARIANTS = {"effect laag": ("benefit", 0.5), "effect hoog": ("benefit", 1.5),
            "kosten hoog": ("cost", 1.25)}
RAMP = (0.35, 0.7)  # effects in the first two years, as a share of the full effect


def regime_rate(year: int) -> float:
    """The Dutch discount rate in force in the middle of ``year`` (discount_regimes.csv)."""
    day = date(year, 7, 1).isoformat()
    for r in discount_regimes().values():
        if r["valid_from"] <= day and (r["valid_to"] is None or day <= r["valid_to"]):
            return r["rate"]
    raise ValueError(f"no discount regime for {year}")


def _flows(spec: dict, rng) -> list[dict]:
    """Yearly flows of the base case: team costs, one-off start costs, ramped-up benefits."""
    years = range(spec["first_year"], spec["first_year"] + spec["horizon"])
    rate, (cost_band, bcr_band) = spec["discount_rate"], BANDS[spec["target_breadth"]]
    team = spec["households"] * rng.uniform(*cost_band)
    rows, actor_labels = [], {}

    def add(kind, category, label, desc, actor, amounts):
        if actor not in actor_labels:  # one label per actor within a study
            actor_labels[actor] = ACTOR_LABELS[actor][int(rng.integers(len(ACTOR_LABELS[actor])))]
        rows.extend(dict(variant=BASE_VARIANT, kind=kind, category=category,
                         category_label=label, actor=actor, actor_label=actor_labels[actor],
                         description=desc, year=y, amount=float(round(a, -2)))
                    for y, a in zip(years, amounts, strict=True) if a)

    def pick(options):
        return options[int(rng.integers(len(options)))]

    own = rng.uniform(0.85, 0.97)
    other = {"wijkteam_probleemwijk": "woningcorporatie", "ouderenteam": "zorgverzekeraar",
             "zorg_welzijnsteam": "zorgverzekeraar"}.get(spec["approach_type"])
    label, desc = pick(COSTS["uitvoering_team"])
    add("cost", "uitvoering_team", label, desc, "gemeente",
        [team * 0.87 * (own if other else 1)] * len(years))
    if other:
        add("cost", "uitvoering_team", label, desc, other,
            [team * 0.87 * (1 - own)] * len(years))
    add("cost", "coordinatie_overhead", *pick(COSTS["coordinatie_overhead"]), "gemeente",
        [team * 0.13] * len(years))
    start = "startkosten" if spec["stage"] != "lopend" else "opleiding_frictie"
    add("cost", start, *pick(COSTS[start]), "gemeente",
        [team * rng.uniform(0.15, 0.35)] + [0] * (len(years) - 1))
    extra = team * rng.uniform(0.05, 0.12)
    label, desc = pick(COSTS["extra_hulpverlening"])
    add("cost", "extra_hulpverlening", label, desc, "gemeente", [extra * 0.6] * len(years))
    add("cost", "extra_hulpverlening", label, desc, "zorgverzekeraar",
        [extra * 0.4] * len(years))
    factors = [1 / (1 + rate) ** t for t in range(1, len(years) + 1)]
    pv_costs = sum(r["amount"] * factors[r["year"] - years[0]] for r in rows)
    ramp = [RAMP[t] if t < len(RAMP) else 1.0 for t in range(len(years))]
    full = rng.uniform(*bcr_band) * pv_costs / sum(f * g for f, g in zip(factors, ramp,
                                                                          strict=True))
    weights = {c: w * rng.uniform(0.6, 1.4) for c, w in WEIGHTS[spec["approach_type"]].items()}
    total = sum(weights.values())
    for category, w in weights.items():
        label, desc, actor = pick(BENEFITS[category])
        if category == "jeugdzorg":  # youth care moved from Rijk/provincie to gemeente in 2015
            actor = "gemeente" if spec["first_year"] >= 2013 else "rijk"
        add("benefit", category, label, desc, actor, [full * w / total * g for g in ramp])
    return rows


def _present_values(rows: list[dict], spec: dict) -> list[dict]:
    """Collapse yearly flows into present values per line item (t=1 convention), in 1000s."""
    out: dict[tuple, dict] = {}
    for r in rows:
        t = r["year"] - spec["first_year"] + 1
        key = (r["kind"], r["category"], r["actor"], r["description"])
        item = out.setdefault(key, {**r, "year": None, "amount": 0.0})
        item["amount"] += r["amount"] / (1 + spec["discount_rate"]) ** t
    return [{**r, "amount": float(round(r["amount"], -3))} for r in out.values()]


def headline(items: list[dict], spec: dict, variant: str) -> dict:
    """PV of costs and benefits and their ratio: first flow discounted one year (t=1)."""
    pv = {"cost": 0.0, "benefit": 0.0}
    for r in items:
        if r["variant"] == variant:
            t = 0 if r["year"] is None else r["year"] - spec["first_year"] + 1
            pv[r["kind"]] += r["amount"] / (1 + spec["discount_rate"]) ** t
    return {"pv_costs": round(pv["cost"]), "pv_benefits": round(pv["benefit"]),
            "net_pv": round(pv["benefit"] - pv["cost"]), "bcr": round(pv["benefit"] / pv["cost"],
                                                                      2)}


def build(spec: dict, rng) -> Study:
    """The Study of one spec: flows or present values, variants and reported figures."""
    base = _flows(spec, rng)
    if not spec["yearly"]:
        base = _present_values(base, spec)
    items = list(base)
    for name in spec["variants"]:
        kind, factor = VARIANTS[name]
        items += [{**r, "variant": name, "amount": float(round(r["amount"] * factor, -2))
                   if r["kind"] == kind else r["amount"]} for r in base]
    figures = {s: headline(items, spec, s) for s in (BASE_VARIANT, *spec["variants"])}
    ratios = [figures[s]["bcr"] for s in figures if not s.startswith("kosten")]
    interval = {"effect laag", "effect hoog"} <= set(spec["variants"])
    reported = [ReportedFigure(BASE_VARIANT, m, float(figures[BASE_VARIANT][m]),
                               *((min(ratios), max(ratios)) if m == "bcr" and interval else ()))
                for m in ("pv_costs", "pv_benefits", "bcr")]
    if spec["layout"] == "cockpit":  # a cockpit model shows every variant side by side
        reported += [ReportedFigure(s, m, float(figures[s][m])) for s in spec["variants"]
                     for m in ("pv_costs", "pv_benefits", "bcr")]
    elif spec["layout"] != "template" or spec["yearly"]:
        reported += [ReportedFigure(s, "bcr", float(figures[s]["bcr"]))
                     for s in spec["variants"]]
    hh = spec["households"]
    segments = (round(hh * 0.05), round(hh * 0.15), hh - round(hh * 0.05) - round(hh * 0.15)) \
        if spec["target_breadth"] == "alle_huishoudens" else (None, None, None)
    meta = {k: spec[k] for k in ("id", "municipality", "approach_name", "approach_type", "scale",
                                 "target_breadth", "household_type", "stage", "evaluation",
                                 "kind", "year", "price_year", "discount_rate", "first_year",
                                 "horizon", "households", "author")}
    return Study(**meta, title=f"MKBA {spec['approach_name']} (illustratief)",
                 illustrative=True, items=items_frame([{**r, "study_id": spec["id"]}
                                                       for r in items]),
                 reported=tuple(reported), households_zwaar=segments[0],
                 households_kwetsbaar=segments[1], households_overig=segments[2],
                 source=SOURCE, notes=NOTE.format(seed=SEED))


# -- the three mapping-layout workbooks ----------------------------------------------------
MAPPING_STYLE = {"klaverdam-2014": "kind_sheets", "grevenhaven-2013": "overview",
                 "marsveen-2017": "actor_blocks"}


def _book(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        ws["A1"].font = Font(bold=True, size=13)
        ws.column_dimensions["B"].width = ws.column_dimensions["C"].width = 28
    return workbook_bytes(wb)


def _toml_value(v) -> str:
    return "true" if v is True else "false" if v is False else json.dumps(v, ensure_ascii=False)


def _toml(study: Study, refs: dict[str, str], items: list[dict], reported: list[dict]) -> str:
    lines = [f"# Where the study sits in {study.id}.xlsx (mkba mapping layout, see README.md).",
             "# Illustrative example, not a published MKBA.", "", "[study]"]
    for f in STUDY_FIELDS:
        value = getattr(study, f.name)
        if f.name in refs:
            lines.append(f"{f.name} = {_toml_value(refs[f.name])}")
        elif value is not None:
            value = vocabulary(f.vocabulary).label(value) if f.type == "code" else value
            lines.append(f"{f.name} = {_toml_value(value)}")
    for table, blocks in (("items", items), ("reported", reported)):
        for block in blocks:
            lines += ["", f"[[{table}]]"] + [f"{k} = {_toml_value(v)}" for k, v in block.items()]
    return "\n".join(lines) + "\n"


def _summary(study: Study, sheet: str, factor: float = 1.0):
    """Rows of a headline-figure sheet and the [[reported]] blocks that point at them."""
    variants = list(dict.fromkeys(f.variant for f in study.reported))
    rows = [[f"{sheet}: uitkomsten {study.municipality}"], [],
            ["Kengetal", *[s.capitalize() for s in variants]]]
    blocks = []
    for m, (nl, _) in REPORTED_MEASURES.items():
        figs = {f.variant: f for f in study.reported if f.measure == m}
        if not figs:
            continue
        scale = 1.0 if m == "bcr" else factor
        roles = [("value", nl)] + [(r, f"{nl} {w}") for r, w in (("low", "laag"), ("high", "hoog"))
                                   if any(getattr(f, r) is not None for f in figs.values())]
        at = {}
        for role, label in roles:
            rows.append([label] + [None if s not in figs or getattr(figs[s], role) is None else
                                   getattr(figs[s], role) / scale for s in variants])
            at[role] = len(rows)
        for s, f in figs.items():
            col = get_column_letter(2 + variants.index(s))
            block = {"measure": m, "variant": s}
            block |= {r: f"={sheet}!{col}{at[r]}" for r in at if getattr(f, r) is not None}
            blocks.append(block | ({"multiplier": factor} if scale != 1 else {}))
    return rows, blocks


def _line_rows(items, keys, columns, factor=1.0):
    """Group line items by ``keys``; one list of amounts (divided by ``factor``) per group."""
    groups: dict[tuple, dict] = {}
    for r in items.itertuples(index=False):
        key = tuple(getattr(r, k) for k in keys)
        groups.setdefault(key, {})[None if pd.isna(r.year) else int(r.year)] = r.amount
    return [[*k, *[g.get(c) / factor if g.get(c) is not None else None for c in columns]]
            for k, g in groups.items()]


def write_mapping_study(study: Study, spec: dict) -> tuple[bytes, str]:
    """A workbook in one of three non-mkba layouts, and the mapping file that reads it."""
    style = MAPPING_STYLE[spec.get("base", study.id)]
    years = list(range(study.first_year, study.last_year + 1))
    last_col = get_column_letter(3 + len(years))
    msheet = {"kind_sheets": "Gegevens", "overview": "Voorblad", "actor_blocks": "Invoer"}[style]
    pairs = [("Gemeente", "municipality"), ("Prijspeil", "price_year"),
             ("Discontovoet", "discount_rate"), ("Eerste jaar", "first_year"),
             ("Looptijd (jaren)", "horizon"), ("Bereik (huishoudens)", "households"),
             ("Uitgevoerd door", None)]
    if style == "overview":  # this one leaves the first year to the mapping file
        pairs.remove(("Eerste jaar", "first_year"))
    shown = {"discount_rate": f"{study.discount_rate:.1%}".replace(".", ","),
             None: study.author}
    meta_rows = [[f"Maatschappelijke kosten-batenanalyse {study.approach_name}"], [],
                 *[[label, shown.get(f, getattr(study, f or "author"))] for label, f in pairs]]
    refs = {f: f"={msheet}!B{3 + i}" for i, (_, f) in enumerate(pairs) if f}
    sheets = {msheet: meta_rows}
    items, basis = [], study.variant_items()
    if style == "kind_sheets":
        for kind, nl, who in (("cost", "Kosten", "Wie betaalt"), ("benefit", "Baten",
                                                                  "Wie profiteert")):
            for scen in (BASE_VARIANT, *study.variants[1:]):
                part = study.variant_items(scen)
                part = part[part["kind"] == kind]
                if scen != BASE_VARIANT and part["amount"].tolist() == \
                        basis[basis["kind"] == kind]["amount"].tolist():
                    name = nl  # the variant leaves these amounts as they are
                else:
                    name = nl if scen == BASE_VARIANT else f"{nl} {scen}"
                    rows = _line_rows(part, ("category_label", "actor_label", "description"),
                                      years)
                    totals = [sum(r[3 + j] or 0 for r in rows) for j in range(len(years))]
                    sheets[name] = [[f"{nl} ({scen}), euro, prijspeil {study.price_year}"], [],
                                    ["Post", who, "Toelichting", *years], *rows,
                                    ["Totaal", None, None, *totals]]
                items.append({"sheet": name, "variant": scen, "kind": nl,
                              "category_column": "A", "actor_column": "B",
                              "description_column": "C", "first_row": 4,
                              "last_row": "until empty", "header_row": 3,
                              "year_columns": f"D:{last_col}"})
        rows, reported = _summary(study, "Samenvatting")
    elif style == "overview":
        scen = study.variants
        amounts = {s: _line_rows(study.variant_items(s), ("kind", "category_label",
                                 "actor_label", "description"), [None], 1000) for s in scen}
        rows = [[{"cost": "Kosten", "benefit": "Baten"}[r[0]], *r[1:4],
                 *[amounts[s][i][4] for s in scen]] for i, r in enumerate(amounts[scen[0]])]
        sheets["Overzicht"] = [[f"{study.approach_name}: contante waarden (x € 1.000)"], [],
                               ["Soort", "Post", "Partij", "Toelichting",
                                *[f"CW {s}" for s in scen]], *rows]
        items = [{"sheet": "Overzicht", "variant": s, "kind_column": "A",
                  "category_column": "B", "actor_column": "C", "description_column": "D",
                  "first_row": 4, "value_column": get_column_letter(5 + i),
                  "multiplier": 1000} for i, s in enumerate(scen)]
        rows, reported = _summary(study, "Kengetallen", 1000)
    else:
        for scen in study.variants:
            name = "Kasstromen" + ("" if scen == BASE_VARIANT else f" {scen}")
            body = [[f"Kasstromen {study.approach_name} ({scen}), euro"], [],
                    ["K/B", "Post", "Toelichting", *years]]
            part = study.variant_items(scen)
            for actor, label in dict.fromkeys(zip(part["actor"], part["actor_label"],
                                                  strict=True)):
                rows = _line_rows(part[part["actor"] == actor], ("kind", "category_label",
                                                                  "description"), years)
                body.append([None, label])
                first = len(body) + 1
                body += [["K" if r[0] == "cost" else "B", *r[1:]] for r in rows] + [[]]
                items.append({"sheet": name, "variant": scen, "actor": label,
                              "kind_column": "A", "category_column": "B",
                              "description_column": "C", "first_row": first,
                              "last_row": len(body) - 1, "header_row": 3,
                              "year_columns": f"D:{last_col}"})
            sheets[name] = body
        rows, reported = _summary(study, "Resultaat")
    sheets[reported[0]["value"][1:].split("!")[0]] = rows
    return _book(sheets), _toml(study, refs, items, reported)


def specs(count: int | None = None) -> list[dict]:
    """The specs as dicts, with the discount rate of the study year's regime.

    Without ``count`` the 13 examples. With ``count`` the examples cycled to ``count`` specs:
    the n-th repeat of an example lies in a district of its own (its id, municipality and
    approach name say which) and reaches other households (x0.5 to x2, from
    :data:`VARIATION_SEED`), so ``specs(n)`` starts with ``specs(m)`` for m < n.
    """
    keys = ("id", "municipality", "approach_name", "approach_type", "scale", "target_breadth",
            "household_type", "stage", "evaluation", "kind", "year", "price_year",
            "first_year", "horizon", "households", "layout", "yearly", "variants", "author")
    base = [{**dict(zip(keys, s, strict=True)), "discount_rate": regime_rate(s[10])}
            for s in SPECS]
    if count is None:
        return base
    most = len(base) * (len(DISTRICTS) + 1)
    if not 1 <= count <= most:
        raise ValueError(f"count must be 1 to {most}, not {count}")
    rng = np.random.default_rng(VARIATION_SEED)
    out = []
    for n in range(count):
        spec = dict(base[n % len(base)])
        repeat = n // len(base)
        if repeat:
            district = DISTRICTS[repeat - 1]
            town = f"{spec['municipality']}-{district}"
            spec["base"] = spec["id"]
            spec["id"] = f"{spec['id'].rsplit('-', 1)[0]}-{district.lower()}-{spec['year']}"
            spec["approach_name"] = spec["approach_name"].replace(spec["municipality"], town) \
                if spec["municipality"] in spec["approach_name"] else \
                f"{spec['approach_name']} {town}"
            spec["municipality"] = town
            spec["households"] = max(20, int(round(spec["households"] * rng.uniform(0.5, 2.0))))
        out.append(spec)
    return out


def make_studies(seed: int = SEED, count: int | None = None) -> list[tuple[dict, Study]]:
    """Every example study with its spec, in SPECS order (one random stream, fixed seed);
    ``count`` as in :func:`specs`."""
    rng = np.random.default_rng(seed)
    return [(spec, build(spec, rng)) for spec in specs(count)]


def write_all(out: Path, seed: int = SEED, count: int | None = None) -> list[Path]:
    """Write every study into ``out`` in its layout; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec, study in make_studies(seed, count):
        path = out / f"{study.id}.xlsx"
        if spec["layout"] == "template":
            write_study_template(study, path)
        elif spec["layout"] == "cockpit":
            write_cockpit(study, path)
        else:
            book, toml = write_mapping_study(study, spec)
            write_bytes(path, book)
            write_text(path.with_name(f"{study.id}.mapping.toml"), toml)
            written.append(path.with_name(f"{study.id}.mapping.toml"))
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "studies",
                        help="folder to write into (default: studies/)")
    parser.add_argument("--count", type=int, default=None,
                        help="write this many studies (the 13 examples cycled, each repeat in "
                             "a district of its own); default: the 13 examples")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    files = write_all(args.out, args.seed, args.count)
    print(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
