"""The scenario input workbook (``mkba scenario-template``): write it blank, read it filled.

The input workbook is the TOML scenario for analysts who work in Excel, in the order of the 2014
MKBA tool for social teams: *Algemeen* (general), *Invoer A Bereik* (households per segment, share
reached, caseload), *Ingroei* (ramp-up), *Invoer B Kosten* (costs) with *Betalers* (who pays),
*Invoer C Effect* (the evidence and local overrides) with *Vaste baten* (fixed local benefits),
and a hidden *Lijsten* behind the drop-downs. Sheet and field names are Dutch (English with
``lang="en"``); the reader accepts both, finds fields by the machine key in the last column, and
gives the same :class:`~mkba.scenario.spec.ScenarioSpec` as the equivalent TOML file. Problems
name the cell and the field, what was found and what is allowed, in Dutch and English. Every
cell the reader uses is screened first: a formula without a cached value or a text with a
control character is an error, never read as empty (which would mean a default); so is a value
under an unknown key or segment code.

The blank workbook is written with deterministic bytes (fixed timestamps) and atomically. (The
workbook of a comparison is :func:`mkba.scenario.workbook.comparison_workbook`.)
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font

from mkba.errors import InputError
from mkba.io.numbers import NumberError, parse_number
from mkba.io.workbook import load_workbook, screen
from mkba.issues import IssueLog
from mkba.messages import Text, lang_index
from mkba.pooling import METHODS
from mkba.reference import discount_regimes
from mkba.scenario._checks import DEFAULT_CASELOADS, found
from mkba.scenario.spec import ScenarioSpec
from mkba.scenario.spec import spec_from_mapping as _from_mapping
from mkba.schema import CHARACTERISTIC_VOCABULARIES, SEGMENTS
from mkba.text_clean import printable
from mkba.vocab import vocabulary
from mkba.write.input_workbook import drop_down, header_row, hidden_lists, new_input_workbook
from mkba.write.xlsx_bytes import save_workbook

__all__ = ["SHEETS", "write_scenario_template", "read_scenario_workbook"]

#: Sheet names per role: (Dutch, English).
SHEETS = {
    "intro": ("Toelichting", "Instructions"), "general": ("Algemeen", "General"),
    "reach": ("Invoer A Bereik", "Input A Reach"), "ramp": ("Ingroei", "Ramp-up"),
    "costs": ("Invoer B Kosten", "Input B Costs"), "payers": ("Betalers", "Payers"),
    "effect": ("Invoer C Effect", "Input C Effect"), "fixed": ("Vaste baten", "Fixed benefits"),
    "lists": ("Lijsten", "Lists"),
}
_YES_NO = {"ja": True, "nee": False, "yes": True, "no": False, "j": True, "n": False}
# Key-value sheets: (key, Dutch label, English label, kind, Dutch help, English help).
# kind: text, int, money, share, number, rate, bool, ids, or list:<name> (a drop-down).
_FIELDS = {
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
    ],
}
# Table sheets: role -> headers (Dutch, English).
_TABLES = {
    "reach": (("Segment", "Huishoudens (aantal)", "Aandeel van totaal", "Bereik (aandeel)",
               "Caseload (huishoudens per fte)", "code"),
              ("Segment", "Households (number)", "Share of total", "Reach (share)",
               "Caseload (households per FTE)", "code")),
    "ramp": (("Jaar", "Aandeel van volledig bereik"), ("Year", "Share of full reach")),
    "payers": (("Actor", "Aandeel in de kosten"), ("Actor", "Share of the costs")),
    "fixed": (("Categorie", "Bedrag per bereikt huishouden per jaar (€)", "Actor (optioneel)"),
              ("Category", "Amount per reached household per year (€)", "Actor (optional)")),
}
_REACH_COLS = {2: "population.households", 3: "population.shares", 4: "team.reach",
               5: "team.caseload"}
_ROOM = 30  # rows for the ramp-up, payers and fixed benefits
# The columns the reader uses per sheet (from row 2 on).
_USED = {"general": (2, 4), "costs": (2, 4), "effect": (2, 4), "reach": (2, 3, 4, 5, 6),
         "ramp": (2,), "payers": (1, 2), "fixed": (1, 2, 3)}
_INTRO = {
    "nl": ("Scenario voor een sociaal wijkteam", [
        "Dit werkboek beschrijft één scenario: het team dat de gemeente plant. Vul de bladen in "
        "en reken het door met: mkba scenario bestand.xlsx (meerdere bestanden = vergelijking).",
        "Algemeen: naam, gemeente, eerste jaar, looptijd, prijspeil en discontovoet.",
        "Invoer A Bereik: huishoudens per segment (aantal), of alleen het totaal in de regel "
        "Totaal met eventueel de aandelen (leeg = 5% / 15% / 80%, MKBA-tool 2014). Bereik "
        "(verplicht): deel van het segment dat het team bij volle inzet bereikt; een leeg "
        "segment wordt niet bereikt, mkba neemt geen bereik aan. Caseload: huishoudens per fte "
        "(standaard 6 / 35 / 100, het midden van 5-7, 30-40 en 100 in de MKBA-tool 2014).",
        "Ingroei: deel van het volledige bereik per jaar (bijv. 50%, 80%, 100%); het laatste "
        "getal geldt voor de jaren daarna. Leeg = meteen volledig.",
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
        "sheets and run it with: mkba scenario file.xlsx (several files = a comparison).",
        "General: name, municipality, first year, horizon, price year and discount rate.",
        "Input A Reach: households per segment (number), or only the total in the row Total "
        "with optional shares (empty = 5% / 15% / 80%, 2014 MKBA tool). Reach (required): "
        "share of the segment the team reaches at full operation; an empty segment is not "
        "reached, mkba assumes no reach. Caseload: households per FTE (default 6 / "
        "35 / 100, the midpoints of 5-7, 30-40 and 100 in the 2014 MKBA tool).",
        "Ramp-up: share of full reach per year (e.g. 50%, 80%, 100%); the last value holds for "
        "the years after. Empty = full reach at once.",
        "Input B Costs: cost per FTE, overhead, start-up costs. Payers: who bears the costs "
        "(shares adding up to 100%; empty = all to the municipality).",
        "Input C Effect: which studies are the evidence (empty = all) and local adjustments. "
        "Fixed benefits: a local amount per reached household per year for a category; it "
        "replaces the pooled benefits of that category.",
        "Amounts in euros of the price year; shares as 15% or 0.15. Do not change the 'code' "
        "column. Where a field has a drop-down list, pick from it.",
    ]),
}
_FORMATS = {"money": "#,##0", "share": "0%", "int": "0"}


def _lists(lang: str) -> dict[str, list[str]]:
    lists = {key: [t.label(lang) for t in vocabulary(v).terms]
             for key, v in CHARACTERISTIC_VOCABULARIES.items()}
    lists |= {"actor": [t.label(lang) for t in vocabulary("actors").terms],
              "category": [t.label(lang) for t in vocabulary("benefit_categories").terms],
              "rate": list(discount_regimes()), "timing": ["t1", "t0"],
              "method": list(METHODS), "bool": ["ja", "nee"] if lang == "nl" else ["yes", "no"]}
    return lists


def write_scenario_template(path: str | Path, *, lang: str = "nl") -> Path:
    """Write the blank scenario input workbook (atomically, the same bytes on every run).

    Parameters
    ----------
    path : str or Path
        The .xlsx file to write; an existing file is replaced.
    lang : {'nl', 'en'}
        Language of the sheet names, labels and drop-down lists.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> path = write_scenario_template(pathlib.Path(tempfile.mkdtemp()) / "scenario.xlsx")
    >>> openpyxl.load_workbook(path).sheetnames[:4]
    ['Toelichting', 'Algemeen', 'Invoer A Bereik', 'Ingroei']
    """
    i = lang_index(lang)
    wb, ws = new_input_workbook(SHEETS, _INTRO[lang], lang)
    refs = hidden_lists(ws["lists"], _lists(lang))

    for role, rows in _FIELDS.items():
        s = ws[role]
        header_row(s, ("Veld", "Waarde", "Toelichting", "code") if lang == "nl"
                   else ("Field", "Value", "Help", "code"), (40, 24, 60, 26))
        for row, (key, nl, en, kind, help_nl, help_en) in enumerate(rows, start=2):
            s.cell(row, 1, (nl, en)[i])
            s.cell(row, 3, (help_nl, help_en)[i])
            s.cell(row, 4, key).font = Font(color="808080")
            name = kind[5:] if kind.startswith("list:") else kind
            if name in refs:
                drop_down(s, refs[name], f"B{row}", lang)
            if kind in _FORMATS:
                s.cell(row, 2).number_format = _FORMATS[kind]

    s = ws["reach"]
    header_row(s, _TABLES["reach"][i], (30, 20, 18, 16, 30, 12))
    labels = [t.label(lang) for t in vocabulary("segments").terms]
    for row, (code, label, caseload) in enumerate(zip(SEGMENTS, labels, DEFAULT_CASELOADS,
                                                      strict=True), start=2):
        s.cell(row, 1, label)
        s.cell(row, 4).number_format = "0%"  # no reach is assumed: the user fills it in
        s.cell(row, 5, caseload)
        s.cell(row, 3).number_format = "0%"
        s.cell(row, 6, code).font = Font(color="808080")
    s.cell(5, 1, "Totaal (alleen met aandelen)" if lang == "nl" else "Total (with shares only)")
    s.cell(5, 6, "total").font = Font(color="808080")

    header_row(ws["ramp"], _TABLES["ramp"][i], (10, 30))
    for row in range(2, _ROOM + 2):
        ws["ramp"].cell(row, 1, row - 1)
        ws["ramp"].cell(row, 2).number_format = "0%"
    header_row(ws["payers"], _TABLES["payers"][i], (34, 22))
    drop_down(ws["payers"], refs["actor"], f"A2:A{_ROOM + 1}", lang)
    for row in range(2, _ROOM + 2):
        ws["payers"].cell(row, 2).number_format = "0%"
    header_row(ws["fixed"], _TABLES["fixed"][i], (44, 40, 30))
    drop_down(ws["fixed"], refs["category"], f"A2:A{_ROOM + 1}", lang)
    drop_down(ws["fixed"], refs["actor"], f"C2:C{_ROOM + 1}", lang)
    save_workbook(wb, path)
    return Path(path)


# -- reading ----------------------------------------------------------------------------------
class _Reader:
    def __init__(self, wb, path: Path):
        self.wb, self.path, self.data, self.where = wb, path, {}, {}

    def sheet(self, role: str):
        for name in SHEETS[role]:
            found = self.wb.sheet(name)
            if found is not None:
                return found
        raise InputError(Text("{path}: de werkmap heeft geen blad {nl} ({en}); begin met "
                              "mkba scenario-template", "{path}: the workbook has no sheet {nl} "
                              "({en}); start from mkba scenario-template", path=_shown(self.path),
                              nl=SHEETS[role][0], en=SHEETS[role][1]))

    def fail(self, sheet, row, col, key, message: Text):
        where = f"{self.wb.source(sheet.name, row, col)} ({key})"
        raise InputError(Text("{where}: {message}", "{where}: {message}", where=_shown(where),
                              message=message))

    def put(self, key: str, value, sheet, row: int, col: int, name: str | None = None) -> None:
        """Set ``data[a][b]...`` for ``key = "a.b..."`` (plus ``name``, which may hold dots)."""
        *parents, last = key.split(".") if name is None else [*key.split("."), name]
        node = self.data
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
        self.where[key if name is None else f"{key}.{name}"] = self.wb.source(sheet.name, row,
                                                                              col)

    def convert(self, value, kind: str, sheet, row: int, col: int, key: str):
        if kind in ("text", "ids") or kind.startswith("list:"):
            text = str(value).strip()
            if kind == "ids":
                return [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]
            return text
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).strip().lower() in _YES_NO:
                return _YES_NO[str(value).strip().lower()]
            self.fail(sheet, row, col, key, Text("{found} is niet toegestaan; gebruik ja of nee",
                                                 "{found} is not allowed; use ja or nee",
                                                 found=found(value)))
        if kind == "rate" and isinstance(value, str):
            return value.strip()  # a regime code or '2,25%': spec_from_mapping reads and checks
        try:
            number = parse_number(value, percent=kind in ("share", "rate", "number"))
        except NumberError as exc:
            self.fail(sheet, row, col, key, Text("{problem}; geef een getal",
                                                 "{problem}; give a number",
                                                 problem=exc.text))
        if kind == "rate":
            return number
        if kind == "int" and float(number).is_integer():
            return int(number)
        return number

    def screen(self) -> None:
        """Raise on formulas without a cached value or control characters in the cells used."""
        log = IssueLog(self.wb.name)
        for role, cols in _USED.items():
            screen(log, self.sheet(role), lambda row, col, c=cols: row >= 2 and col in c)
        if log.issues:
            first = log.issues[0]
            more = Text(" (nog {n} zulke cellen)", " ({n} more such cells)", n=len(log) - 1)
            raise InputError(Text(
                "{where}: {message}; {expected}{more}", "{where}: {message}; {expected}{more}",
                where=_shown(f"{self.wb.name}!{first.sheet}!{first.cell}"),
                message=first.message, expected=first.expected or "",
                more=more if len(log) > 1 else ""))

    def fields(self, role: str) -> None:
        sheet = self.sheet(role)
        kinds = {f[0]: f[3] for f in _FIELDS[role]}
        for row in range(2, sheet.max_row + 1):
            key, value = sheet.value(row, 4), sheet.value(row, 2)
            if _blank(value) or _blank(key):
                continue
            if not isinstance(key, str) or key.strip() not in kinds:
                self.fail(sheet, row, 4, str(key), Text(
                    "{key} is geen veldsleutel van dit blad, dus de waarde ernaast zou genegeerd "
                    "worden; zet de sleutel van mkba scenario-template terug of maak de waarde "
                    "leeg", "{key} is not a field key of this sheet, so the value beside it "
                    "would be ignored; restore the key of mkba scenario-template or clear the "
                    "value", key=found(key)))
            key = key.strip()
            self.put(key, self.convert(value, kinds[key], sheet, row, 2, key), sheet, row, 2)

    def column(self, role: str, cols: dict[int, tuple[str, str]]):
        """Rows of a table sheet from row 2: yields (row, {col: converted value})."""
        sheet = self.sheet(role)
        for row in range(2, sheet.max_row + 1):
            values = {}
            for col, (key, kind) in cols.items():
                value = sheet.value(row, col)
                if not _blank(value):
                    values[col] = self.convert(value, kind, sheet, row, col, key)
            yield sheet, row, values


def _shown(text) -> str:
    """A path or cell for a message, control characters escaped."""
    return printable(str(text), lines=False)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_scenario_workbook(path: str | Path) -> ScenarioSpec:
    """Read a filled scenario input workbook into a checked :class:`ScenarioSpec`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_scenario_template(pathlib.Path(tempfile.mkdtemp()) / "leeg.xlsx")
    >>> read_scenario_workbook(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.errors.InputError: ...leeg.xlsx: municipality: ontbreekt; geef de naam van de gemeente (tekst)
    """  # noqa: E501
    path = Path(path)
    log = IssueLog(path.name)
    wb = load_workbook(path, log)
    if wb is None:
        raise InputError(Text("{path}: {message}", "{path}: {message}", path=_shown(path),
                              message=log.issues[0].message))
    r = _Reader(wb, path)
    r.screen()
    for role in _FIELDS:
        r.fields(role)
    kinds = {2: "number", 3: "share", 4: "share", 5: "number"}
    for sheet, row, values in r.column("reach", {c: (_REACH_COLS[c], kinds[c]) for c in kinds}):
        code = sheet.value(row, 6)
        if not values:
            continue
        if code not in (*SEGMENTS, "total"):
            r.fail(sheet, row, 6, "population", Text(
                "{code} is geen segmentcode ({segments} of total), dus de waarden van deze rij "
                "zouden genegeerd worden; zet de code terug of maak de rij leeg",
                "{code} is not a segment code ({segments} or total), so the values of this row "
                "would be ignored; restore the code or clear the row", code=found(code),
                segments=list(SEGMENTS)))
        for col, value in values.items():
            key = "population.total" if code == "total" else f"{_REACH_COLS[col]}.{code}"
            if code == "total" and col != 2:
                r.fail(sheet, row, col, key, Text("de rij Totaal heeft alleen een aantal "
                                                  "huishoudens", "the row Total has only a "
                                                  "number of households"))
            r.put(key, value, sheet, row, col)
    sheet = r.sheet("reach")  # a missing reach is named at its column's first cell
    r.where.setdefault("team.reach", r.wb.source(sheet.name, 2, 4))
    ramp, gap, first = [], None, None
    for sheet, row, values in r.column("ramp", {2: ("team.ramp_up", "share")}):
        if 2 in values:
            if gap is not None:
                r.fail(sheet, gap, 2, "team.ramp_up", Text(
                    "lege cel tussen de aandelen van de ingroei",
                    "empty cell between ramp-up shares"))
            ramp.append(values[2])
            first = first or (sheet, row)
        elif ramp and gap is None:
            gap = row
    if ramp:
        r.put("team.ramp_up", ramp, first[0], first[1], 2)
        for i in range(len(ramp)):  # team.ramp_up[i] in messages
            r.where[f"team.ramp_up[{i}]"] = r.wb.source(first[0].name, first[1] + i, 2)
    _pairs(r, "payers", {1: ("costs.payers", "text"), 2: ("costs.payers", "share")},
           "costs.payers")
    _pairs(r, "fixed", {1: ("effects.fixed", "text"), 2: ("effects.fixed", "money"),
                        3: ("effects.fixed", "text")}, "effects.fixed")
    return _from_mapping(r.data, source=str(path), locations=r.where, default_name=path.stem)


def _pairs(r: _Reader, role: str, cols, key: str) -> None:
    """The payers (actor -> share) or the fixed benefits (category -> amount [, actor])."""
    for sheet, row, values in r.column(role, cols):
        if not values:
            continue
        if 1 not in values or 2 not in values:
            col = 2 if 1 in values else 1
            r.fail(sheet, row, col, key, Text(
                "vul zowel de naam (kolom A) als het bedrag (kolom B) in, of maak de rij leeg",
                "fill in both the name (column A) and the amount (column B), or clear the row"))
        name = values[1]
        value = values[2] if 3 not in values else {"amount": values[2], "actor": values[3]}
        r.put(key, value, sheet, row, 2, name=name)
        r.where.setdefault(key, r.wb.source(sheet.name, row, 1))
        if isinstance(value, dict):
            r.where[f"{key}.{name}.amount"] = r.wb.source(sheet.name, row, 2)
            r.where[f"{key}.{name}.actor"] = r.wb.source(sheet.name, row, 3)
