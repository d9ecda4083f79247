"""The calculator's Berekening (calculation) and Uitvoer (output) sheets: live formulas.

The formulas follow :mod:`mkba.scenario.engine` step by step (see its docstring and
:mod:`mkba.calculator.model`), using only functions that Excel 2010+, LibreOffice Calc and the
Python ``formulas`` library evaluate (IF, AND, ISNUMBER, SUM, SUMPRODUCT, MAX, ABS, SQRT,
NORMSDIST, NORMSINV).
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mkba.calculator.inputs import BOLD, EURO, bold, name_cell, start_sheet
from mkba.discounting import _PAYBACK_TOLERANCE
from mkba.messages import Text
from mkba.scenario.result import MUNICIPALITY
from mkba.schema import SEGMENTS
from mkba.vocab import vocabulary

__all__ = ["calculation_sheet", "output_sheet"]


def _abs(ws, col: str, row: int) -> str:
    return f"{ws.title}!${col}${row}"


def calculation_sheet(ws, model, inp: dict, ev: dict, lang: str) -> dict[str, str]:
    """Write the year-by-year formulas; return the references the output sheet needs."""
    t = lambda nl, en: Text(nl, en).render(lang)  # noqa: E731
    spec, actors = model.spec, model.actors
    out: dict[str, str] = {}
    start_sheet(ws, t("Berekening (formules; niet aanpassen)", "Calculation (formulas; do not "
                      "change)"), {"A": 44})
    segs = "BCD"
    # 1. segments at full operation
    bold(ws, "A3", t("Per segment, bij volledig bereik", "Per segment, at full reach"))
    for i, s in enumerate(SEGMENTS):
        bold(ws, f"{segs[i]}3", s)
    bold(ws, "E3", t("totaal", "total"))
    rows = {"reached": 4, "share": 5, "effect": 6, "fte": 7, "var": 8}
    labels = {"reached": t("Bereikte huishoudens", "Households reached"),
              "share": t("Aandeel van de bereikten (a)", "Share of those reached (a)"),
              "effect": t("Baat per bereikt huishouden (b)", "Benefit per reached household "
                          "(b)"),
              "fte": t("Fte", "FTE"), "var": t("Bijdrage aan de variantie van B",
                                               "Contribution to the variance of B")}
    for key, r in rows.items():
        ws[f"A{r}"] = labels[key]
    total = f"$E${rows['reached']}"
    for i, s in enumerate(SEGMENTS):
        c = segs[i]
        ws[f"{c}4"] = f"={inp['hh_' + s]}*{inp['reach_' + s]}"
        ws[f"{c}5"] = f"=IF({total}>0,{c}4/{total},0)"
        ws[f"{c}6"] = f"={ev['b_' + s]}"
        ws[f"{c}7"] = f"={c}4/{inp['caseload_' + s]}"
        cov_row = "+".join(f"${segs[j]}$5*{ev[f'cov_{i}_{j}']}" for j in range(len(SEGMENTS)))
        ws[f"{c}8"] = f"={c}5*({cov_row})"
    for r in (4, 7):
        ws[f"E{r}"] = f"=SUM(B{r}:D{r})"
    ws["E8"] = f"=SUM(B8:D8)+{ev['tau2']}*SUM(B5:D5)^2"
    ws["A10"] = t("Baat per bereikt huishouden van het team (B, euro per jaar)",
                  "The team's benefit per reached household (B, euros a year)")
    ws["B10"] = "=SUMPRODUCT(B5:D5,B6:D6)"
    ws["A11"] = t("Standaardafwijking van B (voorspelling)", "Standard deviation of B "
                  "(prediction)")
    ws["B11"] = "=SQRT(MAX(E8,0))"
    for r in (4, 6, 10, 11):
        for c in "BCDE":
            ws[f"{c}{r}"].number_format = EURO
    out.update(B=_abs(ws, "B", 10),
               sd=_abs(ws, "B", 11), reached_full=_abs(ws, "E", 4), fte_full=_abs(ws, "E", 7))

    # 2. per actor: share of B and extra care per reached household
    bold(ws, "A13", t("Per actor", "Per actor"))
    for c, head in zip("BCDEFG", (t("aandeel in B", "share of B"),
                                  t("extra hulp per hh", "extra care per hh"),
                                  t("CW kosten", "PV costs"), t("CW baten", "PV benefits"),
                                  t("CW baten per euro B", "PV benefits per euro of B"),
                                  t("netto CW", "net PV")), strict=True):
        bold(ws, f"{c}13", head)
    first_actor = 14
    actor_row = {a: first_actor + k for k, a in enumerate(actors)}
    n = spec.horizon
    y0 = first_actor + len(actors) + 2          # the yearly block
    cols = [get_column_letter(2 + i) for i in range(n)]
    first, last = cols[0], cols[-1]
    yr = {"year": y0, "t": y0 + 1, "ramp": y0 + 2, "reached": y0 + 3, "fte": y0 + 4,
          "index": y0 + 5, "staff": y0 + 6, "overhead": y0 + 7, "startup": y0 + 8,
          "friction": y0 + 9, "team": y0 + 10, "lag": y0 + 11, "df": y0 + 12,
          "unit": y0 + 13}
    cost0 = y0 + 15
    cost_row = {a: cost0 + k for k, a in enumerate(actors)}
    ben0 = cost0 + len(actors) + 1
    ben_row = {a: ben0 + k for k, a in enumerate(actors)}
    tot0 = ben0 + len(actors) + 1
    tot = {"cost": tot0, "benefit": tot0 + 1, "net": tot0 + 2, "pv_net": tot0 + 3,
           "cum": tot0 + 4, "below": tot0 + 5}
    span = lambda r: f"${first}${r}:${last}${r}"  # noqa: E731
    df = span(yr["df"])
    mode, amount, who = inp["extra_care"], inp["extra_care_amount"], inp["extra_care_actor"]
    for a in actors:
        r = actor_row[a]
        ws[f"A{r}"] = vocabulary("actors").label(a, lang)
        mix = "+".join(f"${segs[i]}$5*${segs[i]}$6*{ev[f'share_{a}_{i}']}"
                       for i in range(len(SEGMENTS)))
        ws[f"B{r}"] = f"=IF($B$10>0,({mix})/$B$10,{ev['pooled_' + a]})"
        ws[f"C{r}"] = (f'=IF({mode}="bewijs",{ev["induced_" + a]},'
                       f'IF({mode}="lokaal",IF({who}="{a}",{amount},0),0))')
        ws[f"D{r}"] = f"=SUMPRODUCT({span(cost_row[a])},{df})"
        ws[f"F{r}"] = f"=$B{r}*SUMPRODUCT({span(yr['unit'])},{df})"
        ws[f"E{r}"] = f"=F{r}*$B$10"
        ws[f"G{r}"] = f"=E{r}-D{r}"
        ws[f"B{r}"].number_format = "0.000"
        for c in "CDEFG":
            ws[f"{c}{r}"].number_format = EURO
        out[f"actor_{a}"] = str(r)

    labels = {"year": t("Jaar", "Year"), "t": "t", "ramp": t("Ingroei bereik", "Ramp-up"),
              "reached": t("Bereikte huishoudens", "Households reached"),
              "fte": t("Fte", "FTE"), "index": t("Indexfactor", "Index factor"),
              "staff": t("Personeelskosten", "Staff costs"), "overhead": "Overhead",
              "startup": t("Opstartkosten", "Start-up costs"),
              "friction": t("Frictiekosten", "Friction costs"),
              "team": t("Kosten van het team", "Team costs"),
              "lag": t("Ingroei effect", "Lag of the effect"),
              "df": t("Discontofactor", "Discount factor"),
              "unit": t("Baten per euro B (bereikt x ingroei x factor)",
                        "Benefits per euro of B (reached x lag x factor)")}
    for key, r in yr.items():
        ws[f"A{r}"] = labels[key]
    ws[f"A{cost0 - 1}"] = t("Kosten per actor", "Costs per actor")
    ws[f"A{ben0 - 1}"] = t("Baten per actor", "Benefits per actor")
    for r in (cost0 - 1, ben0 - 1, y0):
        ws[f"A{r}"].font = BOLD
    for key, label in (("cost", t("Kosten", "Costs")), ("benefit", t("Baten", "Benefits")),
                       ("net", t("Netto", "Net")), ("pv_net", t("Netto contant", "Net, PV")),
                       ("cum", t("Cumulatief netto contant", "Cumulative net PV")),
                       ("below", t("Jaarnummer als nog onder 0", "Year number if still "
                                   "below 0"))):
        ws[f"A{tot[key]}"] = label
    offset = f'IF({inp["timing"]}="t1",1,0)'
    for i, c in enumerate(cols):
        f = {
            "year": f"={inp['first_year']}+{i}", "t": str(i),
            "ramp": f"={inp[f'ramp_y{i + 1}']}",
            "reached": f"={out['reached_full']}*{c}{yr['ramp']}",
            "fte": f"={out['fte_full']}*{c}{yr['ramp']}",
            "index": f"=(1+{inp['indexation']})^{c}{yr['t']}",
            "staff": f"={c}{yr['fte']}*{inp['cost_per_fte']}*{c}{yr['index']}",
            "overhead": (f"={inp['overhead_per_year']}*{c}{yr['index']}"
                         f"+{inp['overhead_share']}*{c}{yr['staff']}"),
            "startup": f"=IF({c}{yr['t']}=0,{inp['startup']},0)",
            "friction": f"={inp[f'friction_y{i + 1}']}",
            "team": f"=SUM({c}{yr['staff']}:{c}{yr['friction']})",
            "lag": f"={inp[f'lag_y{i + 1}']}",
            "df": f"=(1+{inp['discount_rate']})^-({c}{yr['t']}+{offset})",
            "unit": f"={c}{yr['reached']}*{c}{yr['lag']}*{inp['multiplier']}",
        }
        for key, formula in f.items():
            ws[f"{c}{yr[key]}"] = int(formula) if key == "t" else formula
        for a in actors:
            ar = actor_row[a]
            ws[f"{c}{cost_row[a]}"] = (f"={inp['payer_' + a]}*{c}{yr['team']}"
                                       f"+{c}{yr['reached']}*$C${ar}")
            ws[f"{c}{ben_row[a]}"] = f"={c}{yr['unit']}*$B${ar}*$B$10"
        ws[f"{c}{tot['cost']}"] = f"=SUM({c}{cost0}:{c}{cost0 + len(actors) - 1})"
        ws[f"{c}{tot['benefit']}"] = f"=SUM({c}{ben0}:{c}{ben0 + len(actors) - 1})"
        ws[f"{c}{tot['net']}"] = f"={c}{tot['benefit']}-{c}{tot['cost']}"
        ws[f"{c}{tot['pv_net']}"] = f"={c}{tot['net']}*{c}{yr['df']}"
        ws[f"{c}{tot['cum']}"] = (f"={c}{tot['pv_net']}" if i == 0 else
                                  f"={cols[i - 1]}{tot['cum']}+{c}{tot['pv_net']}")
        ws[f"{c}{tot['below']}"] = (f"=IF({c}{tot['cum']}<-{_PAYBACK_TOLERANCE!r}*$B$"
                                    f"{tot['below'] + 2},{i + 1},0)")
        for r in range(yr["reached"], tot["cum"] + 1):
            if r not in (yr["ramp"], yr["lag"], yr["df"], yr["index"]):
                ws[f"{c}{r}"].number_format = EURO
        for r in (yr["df"], yr["index"]):
            ws[f"{c}{r}"].number_format = "0.0000"
    # the size of the present values (tolerance of the payback year, as mkba.discounting)
    scale = tot["below"] + 2
    first_a, last_a = first_actor, first_actor + len(actors) - 1
    ws[f"A{scale}"] = t("Schaal: |CW kosten| + |CW baten|", "Scale: |PV costs| + |PV benefits|")
    ws[f"B{scale}"] = f"=ABS(SUM(D{first_a}:D{last_a}))+ABS(SUM(E{first_a}:E{last_a}))"
    ws[f"A{scale + 1}"] = t("Laatste jaarnummer onder 0", "Last year number below 0")
    ws[f"B{scale + 1}"] = f"=MAX({span(tot['below'])})"
    gm = actor_row[MUNICIPALITY]
    ws[f"A{scale + 2}"] = t("CW baten per euro B, totaal", "PV benefits per euro of B, total")
    ws[f"B{scale + 2}"] = f"=SUM(F{first_a}:F{last_a})"
    out.update(
        pv_costs=f"SUM({ws.title}!$D${first_a}:$D${last_a})",
        pv_benefits=f"SUM({ws.title}!$E${first_a}:$E${last_a})",
        scale=_abs(ws, "B", scale), last_below=_abs(ws, "B", scale + 1),
        pv_unit=_abs(ws, "B", scale + 2),
        budget2=(f"{_abs(ws, cols[1], ben_row[MUNICIPALITY])}"
                 f"-{_abs(ws, cols[1], cost_row[MUNICIPALITY])}"),
        municipality_row=str(gm))
    ws.protection.sheet = True
    return out


def output_sheet(wb, ws, model, calc: dict, calc_title: str, inp: dict,
                 lang: str) -> None:
    """Write the output formulas (Uitvoer A per actor, Uitvoer B, ratio, payback year, the
    probability that the benefits exceed the costs), each with a defined name ``out_*``."""
    t = lambda nl, en: Text(nl, en).render(lang)  # noqa: E731
    start_sheet(ws, t("Uitvoer", "Output"), {"A": 46, "B": 18, "C": 18, "D": 18})
    payers = "+".join(inp["payer_" + a] for a in model.actors)
    warning = Text("LET OP: de betalers op het blad {sheet} tellen niet op tot 100%",
                   "NOTE: the payers on the sheet {sheet} do not add up to 100%",
                   sheet=inp["payer_gemeente"].split("!")[0]).render(lang)
    ws["A2"] = f'=IF(ABS({payers}-1)>0.000001,"{warning}","")'
    ws["A2"].font = Font(bold=True, color="C00000")
    bold(ws, "A3", t("Uitvoer A: contante waarde per actor (euro)", "Output A: present value per "
                     "actor (euros)"))
    for c, head in zip("ABCD", (t("Actor", "Actor"), t("CW kosten", "PV costs"),
                                t("CW baten", "PV benefits"), t("Netto CW", "Net PV")),
                       strict=True):
        bold(ws, f"{c}4", head)
        ws[f"{c}4"].alignment = Alignment(horizontal="left" if c == "A" else "right")
    for k, a in enumerate(model.actors):
        r, src = 5 + k, calc[f"actor_{a}"]
        ws[f"A{r}"] = vocabulary("actors").label(a, lang)
        for c, from_col, name in (("B", "D", "cost"), ("C", "E", "benefit"), ("D", "G", "net")):
            ws[f"{c}{r}"] = f"={calc_title}!${from_col}${src}"
            ws[f"{c}{r}"].number_format = EURO
            name_cell(wb, f"out_{name}_{a}", ws, f"{c}{r}")
    _chart(ws, len(model.actors), t("Wie betaalt, wie profiteert (contante waarde, euro)",
                                     "Who pays, who benefits (present value, euros)"))
    r = 6 + len(model.actors)
    bold(ws, f"A{r}", t("Kerncijfers", "Key figures"))
    nothing = f"AND({calc['pv_costs']}=0,{calc['pv_benefits']}=0)"
    none = t("geen", "none")
    rows = [
        ("pv_costs", t("Contante waarde kosten", "Present value of costs"),
         f"={calc['pv_costs']}", EURO),
        ("pv_benefits", t("Contante waarde baten", "Present value of benefits"),
         f"={calc['pv_benefits']}", EURO),
        ("net_pv", t("Netto contante waarde", "Net present value"),
         f"={calc['pv_benefits']}-{calc['pv_costs']}", EURO),
        ("bcr", t("Baten-kostenverhouding", "Benefit-cost ratio"),
         f'=IF({calc["pv_costs"]}>0,{calc["pv_benefits"]}/{calc["pv_costs"]},"-")', "0.00"),
        ("payback_year", t("Terugverdienjaar (contant)", "Payback year (discounted)"),
         f'=IF({nothing},"{none}",IF({calc["last_below"]}>={inp["horizon"]},"{none}",'
         f'{inp["first_year"]}+{calc["last_below"]}))', "0"),
        ("budget_year2", t("Uitvoer B: begroting gemeente in jaar 2 (baten - kosten)",
                           "Output B: municipal budget in year 2 (benefits - costs)"),
         f"={calc['budget2']}", EURO),
        ("households_reached", t("Bereikte huishoudens (volledig bereik)",
                                 "Households reached (full reach)"),
         f"={calc['reached_full']}", EURO),
        ("fte", t("Fte (volledig bereik)", "FTE (full reach)"), f"={calc['fte_full']}",
         "0.0"),
        ("benefit_per_household", t("Baat per bereikt huishouden per jaar (B)",
                                    "Benefit per reached household a year (B)"),
         f"={calc['B']}", EURO),
        ("benefit_sd", t("Standaardafwijking van B", "Standard deviation of B"),
         f"={calc['sd']}", EURO),
        ("threshold", t("B waarbij baten = kosten", "B at which benefits = costs"),
         f'=IF({calc["pv_unit"]}>0,{calc["pv_costs"]}/{calc["pv_unit"]},"-")', EURO),
    ]
    for k, (name, label, formula, fmt) in enumerate(rows):
        row = r + 1 + k
        ws[f"A{row}"] = label
        ws[f"B{row}"] = formula
        ws[f"B{row}"].number_format = fmt
        name_cell(wb, f"out_{name}", ws, f"B{row}")
    thr = f"B{r + len(rows)}"
    mean, sd = f"B{r + len(rows) - 2}", f"B{r + len(rows) - 1}"
    row = r + 1 + len(rows)
    ws[f"A{row}"] = t("Kans dat de baten de kosten overtreffen", "Probability that the "
                      "benefits exceed the costs")
    ws[f"B{row}"] = (f'=IF(ISNUMBER({thr}),IF({sd}>0,1-NORMSDIST(({thr}-{mean})/{sd}),'
                     f'IF({mean}>{thr},1,0)),0)')
    ws[f"B{row}"].number_format = "0.0%"
    name_cell(wb, "out_p_benefits_exceed_costs", ws, f"B{row}")
    z = ((0.1, t("Netto contante waarde, 80%-bereik: laag (10%)",
                 "Net present value, 80% range: low (10%)"), "net_low"),
         (0.9, t("Netto contante waarde, 80%-bereik: hoog (90%)",
                 "Net present value, 80% range: high (90%)"), "net_high"))
    for q, label, name in z:
        row += 1
        draw = f"({mean}+{sd}*NORMSINV({q}))"
        ws[f"A{row}"] = label
        ws[f"B{row}"] = (f'={calc["pv_unit"]}*IF({inp["negative_draws"]}="zero",'
                         f'MAX({draw},0),{draw})-{calc["pv_costs"]}')
        ws[f"B{row}"].number_format = EURO
        name_cell(wb, f"out_{name}", ws, f"B{row}")
    ws[f"A{row + 2}"] = t(
        "Kans: B ~ Normaal(B, sd) (de voorspellingsverdeling van het bewijs); de netto "
        "contante waarde is lineair in B, dus P = 1 - Φ((drempel - B) / sd) met drempel = CW "
        "kosten / CW baten per euro B. Een trekking onder 0 telt als 0; dat verandert deze "
        "kans niet. Het 80%-bereik: de netto contante waarde bij het 10%- en 90%-punt van B "
        "(exact, want de netto waarde stijgt met B).",
        "Probability: B ~ Normal(B, sd) (the prediction distribution of the evidence); the net "
        "present value is linear in B, so P = 1 - Φ((threshold - B) / sd) with threshold = PV "
        "costs / PV benefits per euro of B. A draw below 0 counts as 0; that does not change "
        "this probability. The 80% range: the net present value at the 10% and 90% points of "
        "B (exact, as the net rises with B).")
    ws.merge_cells(f"A{row + 2}:D{row + 2}")
    ws[f"A{row + 2}"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row + 2].height = 62
    ws[f"A{row + 3}"] = Text("Berekening: zie het blad {sheet}.",
                             "Calculation: see the sheet {sheet}.", sheet=calc_title).render(lang)
    ws.protection.sheet = True


def _chart(ws, n: int, title: str) -> None:
    """A native bar chart of the costs, benefits and net per actor (rows 5 to 4 + n)."""
    chart = BarChart()
    chart.type, chart.title = "bar", title
    chart.height, chart.width = 13, 18  # tall enough for a label per actor
    chart.add_data(Reference(ws, min_col=2, max_col=4, min_row=4, max_row=4 + n),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=5, max_row=4 + n))
    ws.add_chart(chart, "F3")
