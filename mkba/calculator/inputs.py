"""The calculator's Invoer (inputs) and Bewijs (evidence) sheets.

Every input cell gets the input style, is unlocked, has a data-validation range, a comment
with its meaning and a defined name (:func:`input_sheet` returns the names with their cells,
absolute references the formulas of :mod:`mkba.calculator.formulas` use). The evidence sheet
holds values only and is protected.
"""

from __future__ import annotations

import math

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from mkba.messages import Text
from mkba.scenario._labels import SEGMENT_WORDS
from mkba.schema import SEGMENTS
from mkba.text_clean import clean_text
from mkba.vocab import vocabulary

__all__ = ["EXTRA_CARE", "evidence_sheet", "input_sheet", "name_cell", "start_sheet"]

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
INPUT_FONT = Font(color="1F4E79", bold=True)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
EURO = '#,##0'
#: The choices for the additional assistance the team brings to light: from the evidence
#: (``induced_costs``), a local amount for one actor (``costs.extra_care``), or none.
EXTRA_CARE = ("bewijs", "lokaal", "geen")


def name_cell(wb, name: str, ws, cell: str) -> str:
    """Define ``name`` for ``cell`` of ``ws``; return the absolute reference."""
    col = "".join(c for c in cell if c.isalpha())
    row = "".join(c for c in cell if c.isdigit())
    ref = f"{ws.title}!${col}${row}"
    wb.defined_names[name] = DefinedName(name, attr_text=ref)
    return ref


def start_sheet(ws, title: str, widths: dict) -> None:
    """Give ``ws`` its title in A1 and the column widths ``{letter: width}``."""
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    ws["A1"] = title
    ws["A1"].font = TITLE


def bold(ws, cell: str, value) -> None:
    """Write ``value`` in ``cell`` of ``ws``, in bold (a heading)."""
    ws[cell] = value
    ws[cell].font = BOLD


def _segment(s: str, lang: str) -> str:
    return SEGMENT_WORDS[s].render(lang)


class _Inputs:
    """Writes input cells and remembers their references."""

    def __init__(self, wb, ws, lang: str):
        self.wb, self.ws, self.lang = wb, ws, lang
        self.refs: dict[str, str] = {}
        self._dv: dict = {}

    def validation(self, kind: str, low=None, high=None, options=None) -> DataValidation:
        key = (kind, low, high, options)
        if key not in self._dv:
            if options is not None:
                dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                                    allow_blank=False)
            else:
                dv = DataValidation(type=kind, operator="between", formula1=str(low),
                                    formula2=str(high), allow_blank=False)
            dv.error = Text("Waarde buiten het toegestane bereik", "Value out of the allowed "
                            "range").render(self.lang)
            dv.errorTitle = "mkba"
            dv.showErrorMessage = True
            self.ws.add_data_validation(dv)
            self._dv[key] = dv
        return self._dv[key]

    def cell(self, name: str, cell: str, value, comment: Text, dv: DataValidation,
             number_format: str | None = None) -> None:
        c = self.ws[cell]
        c.value = value
        c.fill, c.font = INPUT_FILL, INPUT_FONT
        c.protection = Protection(locked=False)
        c.comment = Comment(comment.render(self.lang), "mkba", width=300, height=100)
        if number_format:
            c.number_format = number_format
        dv.add(cell)
        self.refs[name] = name_cell(self.wb, name, self.ws, cell)


def input_sheet(wb, ws, model, lang: str) -> dict[str, str]:
    """Fill the Invoer sheet with the scenario's values; return input name -> reference."""
    spec = model.spec
    t = lambda nl, en: Text(nl, en).render(lang)  # noqa: E731
    inp = _Inputs(wb, ws, lang)
    start_sheet(ws, t("Invoer", "Inputs"), {"A": 34, "B": 16, "C": 16, "D": 16, "E": 16})
    ws["A2"] = t("Gele cellen zijn invoer; de rest rekent mee.", "Yellow cells are inputs; the "
                 "rest follows.")
    bold(ws, "A4", t("A. Bereik per segment", "A. Reach per segment"))
    for col, head in zip("ABCD", (t("Segment", "Segment"), t("Huishoudens", "Households"),
                                  t("Bereik (aandeel)", "Reach (share)"),
                                  t("Caseload (per fte)", "Caseload (per FTE)")), strict=True):
        bold(ws, f"{col}5", head)
    for i, s in enumerate(SEGMENTS):
        r = 6 + i
        ws[f"A{r}"] = _segment(s, lang)
        inp.cell(f"hh_{s}", f"B{r}", spec.households[i],
                 Text("Aantal huishoudens in dit segment", "Households in this segment"),
                 inp.validation("decimal", 0, 10_000_000), EURO)
        inp.cell(f"reach_{s}", f"C{r}", spec.reach[i],
                 Text("Aandeel van het segment dat het team bereikt (0 tot 1)",
                      "Share of the segment the team reaches (0 to 1)"),
                 inp.validation("decimal", 0, 1), "0.0%")
        inp.cell(f"caseload_{s}", f"D{r}", spec.caseload[i],
                 Text("Huishoudens per fte (2014: 5-7 zwaar, 30-40 kwetsbaar, ~100 overig)",
                      "Households per FTE (2014: 5-7 heavy, 30-40 vulnerable, ~100 other)"),
                 inp.validation("decimal", 1, 10_000), "0.0")

    bold(ws, "A10", t("B. Kosten", "B. Costs"))
    scalars = [
        ("cost_per_fte", spec.cost_per_fte, t("Kosten per fte (euro per jaar)",
                                              "Cost per FTE (euros a year)"),
         Text("Loonkosten per fte per jaar, in euro van het prijspeil",
              "Staff cost per FTE per year, in euros of the price year"),
         ("decimal", 0, 1_000_000), EURO),
        ("overhead_per_year", spec.overhead_per_year, t("Overhead per jaar (euro)",
                                                        "Overhead per year (euros)"),
         Text("Vaste overhead per jaar (geïndexeerd)", "Fixed overhead per year (indexed)"),
         ("decimal", 0, 100_000_000), EURO),
        ("overhead_share", spec.overhead_share, t("Overhead (aandeel personeelskosten)",
                                                  "Overhead (share of staff costs)"),
         Text("Overhead als aandeel van de personeelskosten (0 tot 1)",
              "Overhead as a share of the staff costs (0 to 1)"), ("decimal", 0, 1), "0.0%"),
        ("startup", spec.startup_costs, t("Opstartkosten (euro, jaar 1)",
                                          "Start-up costs (euros, year 1)"),
         Text("Eenmalige opstartkosten in het eerste jaar", "One-off start-up costs in the "
              "first year"), ("decimal", 0, 100_000_000), EURO),
        ("indexation", spec.indexation, t("Indexatie lopende kosten (per jaar)",
                                          "Indexation of running costs (a year)"),
         Text("Reële jaarlijkse groei van personeel en overhead (-0,2 tot 0,2)",
              "Real yearly growth of staff and overhead costs (-0.2 to 0.2)"),
         ("decimal", -0.2, 0.2), "0.0%"),
    ]
    r = 11
    for name, value, label, comment, (kind, low, high), fmt in scalars:
        ws[f"A{r}"] = label
        inp.cell(name, f"B{r}", value, comment, inp.validation(kind, low, high), fmt)
        r += 1
    mode = ("lokaal" if spec.extra_care is not None else
            "bewijs" if spec.induced_costs else "geen")
    ws[f"A{r}"] = t("Extra hulpverlening (bewijs/lokaal/geen)",
                    "Extra care (bewijs/lokaal/geen)")
    inp.cell("extra_care", f"B{r}", mode, Text(
        "bewijs: de gepoolde extra hulpverlening per bereikt huishouden (Bewijs); lokaal: het "
        "bedrag hieronder voor de actor hieronder; geen: niet meenemen",
        "bewijs: the pooled extra care per reached household (Evidence); lokaal: the amount "
        "below for the actor below; geen: leave it out"),
        inp.validation("list", options=EXTRA_CARE))
    ws[f"A{r + 1}"] = t("Lokaal bedrag per bereikt huishouden", "Local amount per reached "
                        "household")
    inp.cell("extra_care_amount", f"B{r + 1}",
             spec.extra_care[0] if spec.extra_care else 0.0,
             Text("Euro per bereikt huishouden per jaar (bij 'lokaal')",
                  "Euros per reached household a year (with 'lokaal')"),
             inp.validation("decimal", 0, 1_000_000), EURO)
    ws[f"A{r + 2}"] = t("Actor van het lokale bedrag", "Actor of the local amount")
    inp.cell("extra_care_actor", f"B{r + 2}",
             spec.extra_care[1] if spec.extra_care else "gemeente",
             Text("Wie de lokale extra hulpverlening betaalt (code)",
                  "Who pays the local extra care (code)"),
             inp.validation("list", options=tuple(model.actors)))

    r += 4
    bold(ws, f"A{r}", t("Betalers van het team (aandeel; samen 1)", "Payers of the team (share; "
                        "together 1)"))
    payers = dict(spec.payers)
    actors = vocabulary("actors")
    for j, a in enumerate(model.actors):
        ws[f"A{r + 1 + j}"] = actors.label(a, lang)
        ws[f"C{r + 1 + j}"] = a
        inp.cell(f"payer_{a}", f"B{r + 1 + j}", payers.get(a, 0.0),
                 Text("Aandeel van deze actor in de kosten van het team (0 tot 1)",
                      "This actor's share of the team's costs (0 to 1)"),
                 inp.validation("decimal", 0, 1), "0%")
    r += len(model.actors) + 2

    bold(ws, f"A{r}", t("C. Effect", "C. Effect"))
    ws[f"A{r + 1}"] = t("Factor op de baten uit het bewijs", "Factor on the benefits from the "
                        "evidence")
    inp.cell("multiplier", f"B{r + 1}", spec.multiplier,
             Text("1 = het gepoolde effect; 0,8 = 20% voorzichtiger", "1 = the pooled effect; "
                  "0.8 = 20% more cautious"), inp.validation("decimal", 0, 5), "0.00")
    ws[f"A{r + 2}"] = t("Disconteren vanaf (t1/t0)", "Discount from (t1/t0)")
    inp.cell("timing", f"B{r + 2}", spec.timing,
             Text("t1: het eerste jaar wordt een jaar verdisconteerd; t0: niet",
                  "t1: the first year is discounted one year; t0: it is not"),
             inp.validation("list", options=("t1", "t0")))
    ws[f"A{r + 3}"] = t("Trekking van B onder 0 (zero/keep)", "Draw of B below 0 (zero/keep)")
    inp.cell("negative_draws", f"B{r + 3}", spec.negative_draws,
             Text("zero: een trekking onder 0 telt als geen effect; keep: als schade (alleen "
                  "voor het 80%-bereik)", "zero: a draw below 0 counts as no effect; keep: as "
                  "harm (only for the 80% range)"),
             inp.validation("list", options=("zero", "keep")))

    r += 5
    bold(ws, f"A{r}", t("Per jaar", "Per year"))
    for col, head in zip("ABCD", (t("Jaar", "Year"), t("Ingroei bereik", "Ramp-up of reach"),
                                  t("Ingroei effect", "Lag of the effect"),
                                  t("Frictiekosten (euro)", "Friction costs (euros)")),
                         strict=True):
        bold(ws, f"{col}{r + 1}", head)
    ramp, lag = spec.ramp(), spec.lag()
    friction = list(spec.friction) + [0.0] * (spec.horizon - len(spec.friction))
    for i, year in enumerate(spec.years):
        row = r + 2 + i
        ws[f"A{row}"] = year
        inp.cell(f"ramp_y{i + 1}", f"B{row}", ramp[i],
                 Text("Aandeel van het volle bereik in dit jaar", "Share of the full reach "
                      "in this year"), inp.validation("decimal", 0, 1), "0%")
        inp.cell(f"lag_y{i + 1}", f"C{row}", lag[i],
                 Text("Aandeel van het volle effect in dit jaar", "Share of the full effect "
                      "in this year"), inp.validation("decimal", 0, 1), "0%")
        inp.cell(f"friction_y{i + 1}", f"D{row}", friction[i],
                 Text("Eenmalige overgangskosten in dit jaar", "One-off transition costs in "
                      "this year"), inp.validation("decimal", 0, 100_000_000), EURO)

    r += 3 + spec.horizon
    bold(ws, f"A{r}", t("Vast (uit het scenario; het bewijs hangt ervan af)",
                        "Fixed (from the scenario; the evidence depends on it)"))
    for k, (name, label, value, fmt) in enumerate((
            ("first_year", t("Eerste jaar", "First year"), spec.first_year, "0"),
            ("horizon", t("Horizon (jaren)", "Horizon (years)"), spec.horizon, "0"),
            ("discount_rate", t("Discontovoet", "Discount rate"), spec.discount_rate, "0.00%"),
            ("price_year", t("Prijspeil", "Price year"), spec.price_year, "0"))):
        ws[f"A{r + 1 + k}"] = label
        ws[f"B{r + 1 + k}"] = value
        ws[f"B{r + 1 + k}"].number_format = fmt
        inp.refs[name] = name_cell(wb, name, ws, f"B{r + 1 + k}")
    ws.protection.sheet = True
    return inp.refs


def evidence_sheet(wb, ws, model, lang: str) -> dict[str, str]:
    """The evidence values of ``model`` on ``ws`` (protected); return name -> reference."""
    t = lambda nl, en: Text(nl, en).render(lang)  # noqa: E731
    refs: dict[str, str] = {}
    start_sheet(ws, t("Bewijs (waarden, niet aanpassen)", "Evidence (values, do not change)"),
                {"A": 40, **{col: 16 for col in "BCDEF"}})
    ws["A2"] = t("Studies", "Studies")
    ws["B2"] = clean_text(", ".join(model.studies))  # ids from the files: no control chars
    ws["A3"] = t("Aantal studies (k)", "Number of studies (k)")
    ws["B3"] = model.k
    ws["A4"] = t("Schatting per segment", "Estimate per segment")
    ws["B4"] = (t("segmentmodel, splitsing ", "segment model, split ") + model.split
                if model.source == "evidence" else
                t("één gepoold bedrag voor elk segment", "one pooled amount for every segment"))
    bold(ws, "A6", t("Baat per bereikt huishouden per jaar (euro)", "Benefit per reached household "
                     "a year (euros)"))
    for i, s in enumerate(SEGMENTS):
        col = "BCD"[i]
        bold(ws, f"{col}5", _segment(s, lang))
        ws[f"{col}6"] = model.effects[i]
        ws[f"{col}6"].number_format = EURO
        refs[f"b_{s}"] = name_cell(wb, f"ev_b_{s}", ws, f"{col}6")
    ws["A7"] = t("Covariantie van de schattingen", "Covariance of the estimates")
    for i in range(len(SEGMENTS)):
        for j, col in enumerate("BCD"):
            ws[f"{col}{7 + i}"] = model.cov[i][j]
            ws[f"{col}{7 + i}"].number_format = "#,##0"  # euro² (the value keeps its digits)
            refs[f"cov_{i}_{j}"] = f"{ws.title}!${col}${7 + i}"
    ws["A10"] = t("Tussen-studievariantie (tau²)", "Between-study variance (tau²)")
    ws["B10"] = model.tau2
    ws["B10"].number_format = "#,##0"
    refs["tau2"] = name_cell(wb, "ev_tau2", ws, "B10")
    ws["A11"] = t("Standaardafwijking per segment (voorspelling)", "Standard deviation per "
                  "segment (prediction)")
    for i, col in enumerate("BCD"):
        ws[f"{col}11"] = math.sqrt(max(model.cov[i][i] + model.tau2, 0.0))
        ws[f"{col}11"].number_format = EURO
    bold(ws, "A12", t("Per actor: aandeel in de baten per segment, gepoold aandeel, gepoolde extra "
                      "hulpverlening per bereikt huishouden (euro per jaar)",
                      "Per actor: share of the benefits per segment, pooled share, pooled extra "
                      "care per reached household (euros a year)"))
    heads = (t("Actor", "Actor"), *(_segment(s, lang) for s in SEGMENTS),
             t("Gepoold aandeel", "Pooled share"), t("Extra hulpverlening", "Extra care"))
    for col, head in zip("ABCDEF", heads, strict=True):
        bold(ws, f"{col}13", head)
    actors = vocabulary("actors")
    for k, a in enumerate(model.actors):
        r = 14 + k
        ws[f"A{r}"] = actors.label(a, lang)
        for i, col in enumerate("BCD"):
            ws[f"{col}{r}"] = model.shares[a][i]
            ws[f"{col}{r}"].number_format = "0.000"
            refs[f"share_{a}_{i}"] = f"{ws.title}!${col}${r}"
        ws[f"E{r}"] = model.pooled_shares[a]
        ws[f"E{r}"].number_format = "0.000"
        refs[f"pooled_{a}"] = f"{ws.title}!$E${r}"
        ws[f"F{r}"] = model.induced[a]
        ws[f"F{r}"].number_format = EURO
        refs[f"induced_{a}"] = f"{ws.title}!$F${r}"
    ws.protection.sheet = True
    return refs
