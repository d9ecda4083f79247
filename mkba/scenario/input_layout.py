"""The layout of the scenario input workbook: sheets, fields, tables and drop-down lists.

Shared by the writer (:mod:`mkba.scenario.input_xlsx`) and the reader
(:mod:`mkba.scenario.input_read`), so that what one writes the other reads.
"""

from __future__ import annotations

from mkba.pooling import METHODS
from mkba.reference import discount_regimes
from mkba.scenario._checks import NEGATIVE_DRAWS, SEGMENT_SPLITS
from mkba.schema import CHARACTERISTIC_VOCABULARIES
from mkba.vocab import vocabulary

__all__ = ["FIELDS", "FORMATS", "INTRO", "REACH_COLS", "ROOM", "SHEETS", "TABLES", "USED",
           "YES_NO", "lists"]

#: Sheet names per role: (Dutch, English).
SHEETS = {
    "intro": ("Toelichting", "Instructions"), "general": ("Algemeen", "General"),
    "reach": ("Invoer A Bereik", "Input A Reach"), "ramp": ("Ingroei", "Ramp-up"),
    "costs": ("Invoer B Kosten", "Input B Costs"), "payers": ("Betalers", "Payers"),
    "effect": ("Invoer C Effect", "Input C Effect"), "fixed": ("Vaste baten", "Fixed benefits"),
    "lists": ("Lijsten", "Lists"),
}
YES_NO = {"ja": True, "nee": False, "yes": True, "no": False, "j": True, "n": False}
# Key-value sheets: (key, Dutch label, English label, kind, Dutch help, English help).
# kind: text, int, money, amounts (one or several separated by ;), share, number, rate, bool,
# ids, or list:<name> (a drop-down).
FIELDS = {
    "general": [
        ("name", "Naam scenario", "Scenario name", "text",
         "Korte naam, bijv. 'breed'; leeg = bestandsnaam", "Short name; empty = file name"),
        ("title", "Titel", "Title", "text", "", ""),
        ("municipality", "Gemeente", "Municipality", "text", "verplicht", "required"),
        ("illustrative", "Illustratief voorbeeld", "Illustrative example", "bool",
         "'ja' voor een voorbeeld; leeg = nee", "'yes' for an example; empty = no"),
        ("first_year", "Eerste jaar", "First year", "int", "verplicht; kalenderjaar waarin het "
         "team start", "required; calendar year the team starts"),
        ("horizon", "Looptijd (jaren)", "Horizon (years)", "int", "verplicht", "required"),
        ("price_year", "Prijspeil (jaar)", "Price year", "int",
         "leeg = laatste jaar van de CBS-prijsindex", "empty = latest year of the CBS index"),
        ("discount_rate", "Discontovoet", "Discount rate", "rate",
         "verplicht; kies een regime (nl-2021 = 2,25%) of typ een percentage",
         "required; pick a regime (nl-2021 = 2.25%) or type a percentage"),
        ("timing", "Eerste jaar verdisconteren", "Discounting of the first year", "list:timing",
         "t1 (standaard): eerste jaar één jaar verdisconteerd; t0: niet",
         "t1 (default): first year discounted one year; t0: not"),
    ],
    "costs": [
        ("costs.per_fte", "Kosten per fte per jaar (€)", "Cost per FTE per year (€)", "money",
         "verplicht; inclusief werkgeverslasten", "required; employer costs included"),
        ("costs.overhead_per_year", "Overhead per jaar (€)", "Overhead per year (€)", "money",
         "vast bedrag per jaar; leeg = 0", "fixed amount per year; empty = 0"),
        ("costs.overhead_share", "Opslag overhead op personeelskosten", "Overhead share of staff "
         "costs", "share", "bijv. 10%; leeg = 0", "e.g. 10%; empty = 0"),
        ("costs.startup", "Startkosten in het eerste jaar (€)", "Start-up costs, first year (€)",
         "money", "leeg = 0", "empty = 0"),
        ("costs.friction", "Frictiekosten (€)", "Friction costs (€)", "amounts",
         "eenmalige overgangskosten: één bedrag (eerste jaar) of bedragen per jaar gescheiden "
         "door ; leeg = 0", "one-off transition costs: one amount (first year) or amounts per "
         "year separated by ; empty = 0"),
        ("costs.indexation", "Reële groei lopende kosten per jaar", "Real growth of running "
         "costs per year", "share", "indexatie van personeel en overhead boven de prijzen, bijv. "
         "1,5%; leeg = 0", "indexation of staff and overhead above prices, e.g. 1.5%; empty = 0"),
        ("costs.extra_care", "Extra hulpverlening per bereikt huishouden per jaar (€)",
         "Additional assistance per reached household per year (€)", "money",
         "zorg die het team aan het licht brengt, lokaal bedrag; leeg = uit de studies",
         "care the team brings to light, local amount; empty = from the studies"),
        ("costs.extra_care_actor", "Wie betaalt die extra hulpverlening", "Who pays that "
         "additional assistance", "list:actor", "leeg = verdeeld zoals in de studies",
         "empty = split as in the studies"),
    ],
    "effect": [
        ("evidence.studies", "Studies (ids)", "Studies (ids)", "ids",
         "leeg = alle studies; anders ids gescheiden door ;", "empty = all; else ids separated "
         "by ;"),
        *[(f"evidence.{key}", label_nl, label_en, f"list:{key}",
           "leeg = geen selectie hierop", "empty = no selection on this")
          for key, label_nl, label_en in (
              ("approach_type", "Type aanpak", "Approach type"),
              ("target_breadth", "Doelgroep (breedte)", "Target breadth"),
              ("household_type", "Type huishoudens", "Household type"),
              ("scale", "Schaal", "Scale"), ("stage", "Fase", "Stage"),
              ("evaluation", "Evaluatie", "Evaluation"), ("kind", "Soort MKBA", "Kind of study"))],
        ("evidence.method", "Methode pooling", "Pooling method", "list:method",
         "leeg = reml", "empty = reml"),
        ("evidence.coverage", "Dekking bandbreedte varianten", "Coverage of variant range",
         "share", "leeg = 90%", "empty = 90%"),
        ("evidence.induced_costs", "Extra hulpverlening als kosten", "Additional assistance as a "
         "cost", "bool", "leeg = ja", "empty = yes"),
        ("effects.multiplier", "Vermenigvuldiger op het gepoolde effect", "Multiplier on the "
         "pooled effect", "number", "leeg = 1 (effect zoals gepoold)", "empty = 1 (as pooled)"),
        ("effects.segment_split", "Verdeling over segmenten als het bewijs ze niet scheidt",
         "Split over segments where the evidence cannot separate them", "list:segment_split",
         "leeg = proportional; heavier = effect bij de zwaardere segmenten", "empty = "
         "proportional; heavier = effect on the heavier segments"),
        *[(f"effects.per_segment.{code}", f"Lokale baten per bereikt huishouden per jaar, {nl} "
           "(€)", f"Local benefit per reached household per year, {en} (€)", "money",
           "leeg = uit de studies; vul dan elk bereikt segment", "empty = from the studies; "
           "else fill every reached segment")
          for code, nl, en in (("zwaar", "zwaar", "heavy"),
                               ("kwetsbaar", "kwetsbaar", "vulnerable"),
                               ("overig", "overig", "other"))],
        ("effects.caseload_elasticity", "Elasticiteit van het effect naar de caseload",
         "Elasticity of the effect to the caseload", "number", "leeg = geen verband; 0,5 = "
         "twee keer de caseload geeft 71% van het effect", "empty = no link; 0.5 = twice the "
         "caseload gives 71% of the effect"),
        ("effects.negative_draws", "Trekkingen met baten onder 0", "Draws with benefits below "
         "0", "list:negative_draws", "leeg = zero (geen effect); keep = schade",
         "empty = zero (no effect); keep = harm"),
    ],
}
# Table sheets: role -> headers (Dutch, English).
TABLES = {
    "reach": (("Segment", "Huishoudens (aantal)", "Aandeel van totaal", "Bereik (aandeel)",
               "Caseload (huishoudens per fte)", "code"),
              ("Segment", "Households (number)", "Share of total", "Reach (share)",
               "Caseload (households per FTE)", "code")),
    "ramp": (("Jaar", "Aandeel van volledig bereik", "Aandeel van het volle effect"),
             ("Year", "Share of full reach", "Share of the full effect")),
    "payers": (("Actor", "Aandeel in de kosten"), ("Actor", "Share of the costs")),
    "fixed": (("Categorie", "Bedrag per bereikt huishouden per jaar (€)", "Actor (optioneel)"),
              ("Category", "Amount per reached household per year (€)", "Actor (optional)")),
}
REACH_COLS = {2: "population.households", 3: "population.shares", 4: "team.reach",
               5: "team.caseload"}
ROOM = 30  # rows for the ramp-up, payers and fixed benefits
# The columns the reader uses per sheet (from row 2 on).
USED = {"general": (2, 4), "costs": (2, 4), "effect": (2, 4), "reach": (2, 3, 4, 5, 6),
         "ramp": (2, 3), "payers": (1, 2), "fixed": (1, 2, 3)}
INTRO = {
    "nl": ("Scenario voor een sociaal wijkteam", [
        "Dit werkboek beschrijft één scenario: het team dat de gemeente plant. Vul de bladen in "
        "en reken het door met: mkba scenario bestand.xlsx (meerdere bestanden = vergelijking). "
        "De resultaten (comparison.xlsx, tabellen en figuren) komen in de map "
        "bestand-resultaten in de map waarin u het commando geeft (bij meerdere bestanden: "
        "vergelijking-resultaten); kies een andere map met --out MAP.",
        "Algemeen: naam, gemeente, eerste jaar, looptijd, prijspeil en discontovoet.",
        "Invoer A Bereik: huishoudens per segment (aantal), of alleen het totaal in de regel "
        "Totaal met eventueel de aandelen (leeg = 5% / 15% / 80%, MKBA-tool 2014). Bereik "
        "(verplicht): deel van het segment dat het team bij volle inzet bereikt; een leeg "
        "segment wordt niet bereikt, mkba neemt geen bereik aan. Caseload: huishoudens per fte "
        "(standaard 6 / 35 / 100, het midden van 5-7, 30-40 en 100 in de MKBA-tool 2014).",
        "Ingroei: deel van het volledige bereik per jaar (bijv. 50%, 80%, 100%); het laatste "
        "getal geldt voor de jaren daarna. Leeg = meteen volledig. De kolom ernaast is de "
        "ingroei van het effect per huishouden (leeg = meteen het volle effect).",
        "Invoer B Kosten: kosten per fte, overhead, startkosten. Betalers: wie de kosten draagt "
        "(aandelen die samen 100% zijn; leeg = alles bij de gemeente).",
        "Invoer C Effect: welke studies het bewijs vormen (leeg = alle) en lokale aanpassingen. "
        "Vaste baten: een eigen bedrag per bereikt huishouden per jaar voor een categorie; het "
        "vervangt de gepoolde baten van die categorie.",
        "Bedragen in euro's van het prijspeil; aandelen als 15% of 0,15. Wijzig de kolom 'code' "
        "niet. Bij velden met een keuzelijst kiest u uit de lijst.",
    ]),
    "en": ("Scenario for a social neighbourhood team", [
        "This workbook describes one scenario: the team the municipality plans. Fill in the "
        "sheets and run it with: mkba scenario file.xlsx (several files = a comparison). The "
        "results (comparison.xlsx, tables and figures) go to the folder file-resultaten in the "
        "folder you run the command from (for several files: vergelijking-resultaten); choose "
        "another folder with --out DIR.",
        "General: name, municipality, first year, horizon, price year and discount rate.",
        "Input A Reach: households per segment (number), or only the total in the row Total "
        "with optional shares (empty = 5% / 15% / 80%, 2014 MKBA tool). Reach (required): "
        "share of the segment the team reaches at full operation; an empty segment is not "
        "reached, mkba assumes no reach. Caseload: households per FTE (default 6 / "
        "35 / 100, the midpoints of 5-7, 30-40 and 100 in the 2014 MKBA tool).",
        "Ramp-up: share of full reach per year (e.g. 50%, 80%, 100%); the last value holds for "
        "the years after. Empty = full reach at once. The next column is the lag of the effect "
        "per household (empty = the full effect at once).",
        "Input B Costs: cost per FTE, overhead, start-up costs. Payers: who bears the costs "
        "(shares adding up to 100%; empty = all to the municipality).",
        "Input C Effect: which studies are the evidence (empty = all) and local adjustments. "
        "Fixed benefits: a local amount per reached household per year for a category; it "
        "replaces the pooled benefits of that category.",
        "Amounts in euros of the price year; shares as 15% or 0.15. Do not change the 'code' "
        "column. Where a field has a drop-down list, pick from it.",
    ]),
}
FORMATS = {"money": "#,##0", "share": "0%", "int": "0"}


def lists(lang: str) -> dict[str, list[str]]:
    """The drop-down lists of the hidden sheet, by name (labels in ``lang``)."""
    lists = {key: [t.label(lang) for t in vocabulary(v).terms]
             for key, v in CHARACTERISTIC_VOCABULARIES.items()}
    lists |= {"actor": [t.label(lang) for t in vocabulary("actors").terms],
              "category": [t.label(lang) for t in vocabulary("benefit_categories").terms],
              "rate": list(discount_regimes()), "timing": ["t1", "t0"],
              "method": list(METHODS), "bool": ["ja", "nee"] if lang == "nl" else ["yes", "no"],
              "segment_split": list(SEGMENT_SPLITS), "negative_draws": list(NEGATIVE_DRAWS)}
    return lists
