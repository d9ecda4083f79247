"""Write a study as a cockpit model, the layout read by :mod:`mkba.io.cockpit`.

A ``Uitgangspunten`` sheet with the metadata, a ``Resultaten`` sheet with the reported headline
figures, and per variant a ``Kasstromen <variant>`` (yearly flows) or ``MKBA <variant>``
(present values) sheet with title rows, KOSTEN and BATEN blocks, total rows and columns and
merged category cells: the things the reader has to cope with in real models. Used to make the
illustrative example studies and the round-trip tests.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from mkba import formatting
from mkba.errors import ArgumentError
from mkba.io.numbers import plain_number
from mkba.messages import Text
from mkba.schema import REPORTED_MEASURES, STUDY_FIELDS, Study
from mkba.vocab import vocabulary
from mkba.write.xlsx_bytes import save_workbook

__all__ = ["write_cockpit"]


def _label(value, vocab: str, code: str) -> str:
    """The study's own label when it has one, else the vocabulary's label of ``code``."""
    text = value.strip() if isinstance(value, str) else ""
    return text or vocabulary(vocab).label(code)


def _title(ws, r: int, text: str, width: int, bold=True) -> None:
    ws.cell(r, 1, text).font = Font(bold=bold, size=13 if r == 1 else 11)
    if width > 1:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)


def _block(ws, r: int, kind: str, label_heads, heads, rows) -> int:
    """Write a KOSTEN or BATEN block at row ``r``: (labels, amounts) rows, then the total row;
    equal category labels in consecutive rows become one merged cell. Returns the next row."""
    n = len(label_heads)
    _title(ws, r, kind.upper(), n)
    for c, h in enumerate([*label_heads, *heads, None, "Totaal"], 1):
        ws.cell(r + 1, c, h).font = Font(bold=True)
    r, runs = r + 2, []
    sums = [0.0] * (len(heads) + 1)
    for i, (labels, amounts) in enumerate(rows):
        same = i > 0 and labels[0] == rows[i - 1][0][0]
        if same:
            runs[-1][1] = r
        else:
            runs.append([r, r])
        for c, v in enumerate(labels, 1):
            if v and not (c == 1 and same):
                ws.cell(r, c, v)
        present = [(j, a) for j, a in enumerate(amounts) if a is not None]
        for j, a in [*present, (len(heads), sum(a for _, a in present))]:
            ws.cell(r, n + 1 + j + (j == len(heads)), plain_number(a)).number_format = "#,##0"
            sums[j] += a
        r += 1
    for a, b in runs:
        if b > a:
            ws.merge_cells(start_row=a, start_column=1, end_row=b, end_column=1)
    ws.cell(r, 1, f"Totaal {kind.lower()}").font = Font(bold=True)
    for j, a in enumerate(sums):
        ws.cell(r, n + 1 + j + (j == len(heads)), plain_number(round(a, 6))).number_format = "#,##0"
    return r + 2


def _sheet_name(prefix: str, variant: str) -> str:
    name = f"{prefix} {variant}"
    if len(name) > 31 or any(ch in name for ch in "[]:*?/\\"):
        raise ArgumentError(Text(
            "variant {variant!r} kan geen deel zijn van de bladnaam {name!r}: hoogstens 31 "
            "tekens en geen van []:*?/\\",
            "variant {variant!r} cannot be part of a sheet name {name!r}: at most 31 characters "
            "and none of []:*?/\\", variant=variant, name=name))
    return name


def _write_scenario(wb, study: Study, variant: str, items) -> None:
    yearly = items["year"].notna()
    if yearly.any() and not yearly.all():
        raise ArgumentError(Text(
            "variant {variant!r} mengt jaarlijkse kasstromen en contante waarden; de "
            "cockpit-indeling heeft per variant het een of het ander",
            "variant {variant!r} mixes yearly flows and present values; the cockpit layout "
            "holds one or the other per variant", variant=variant))
    ws = wb.create_sheet(_sheet_name("Kasstromen" if yearly.all() else "MKBA", variant))
    what = "kasstromen" if yearly.all() else "contante waarden"
    years = sorted(set(range(study.first_year, study.last_year + 1))
                   | {int(y) for y in items["year"].dropna()})
    _title(ws, 1, f"MKBA {study.municipality}: {study.approach_name} ({variant})", 8)
    _title(ws, 2, f"{what.capitalize()} in euro, prijspeil {study.price_year}", 8, bold=False)
    r = 4
    for kind, nl, vocab in (("cost", "Kosten", "cost_categories"),
                            ("benefit", "Baten", "benefit_categories")):
        part = items[items["kind"] == kind]
        if part.empty:
            continue
        rows: dict[tuple, dict] = {}
        actors: dict[tuple, str] = {}
        for it in part.itertuples(index=False):
            cat = _label(it.category_label, vocab, it.category)
            actor = _label(it.actor_label, "actors", it.actor)
            desc = it.description if isinstance(it.description, str) else ""
            desc = desc if desc.strip() else ""
            if yearly.all():
                rows.setdefault((cat, desc, actor), {})[int(it.year)] = it.amount
            else:
                actors.setdefault((it.actor, actor), actor)
                rows.setdefault((cat, desc), {})[(it.actor, actor)] = it.amount
        keys = years if yearly.all() else list(actors)
        heads = years if yearly.all() else list(actors.values())
        table = [(list(k), [v.get(key) for key in keys]) for k, v in rows.items()]
        labels = ["Post", "Toelichting", "Actor"] if yearly.all() else ["Post", "Toelichting"]
        r = _block(ws, r, nl, labels, heads, table)
    ws.cell(r, 1, "Saldo baten min kosten (zie Resultaten)")


def _write_results(ws, study: Study) -> None:
    variants = list(dict.fromkeys(f.variant for f in study.reported))
    _title(ws, 1, f"Resultaten MKBA {study.municipality}", 1 + len(variants))
    _title(ws, 2, f"Contante waarden in euro, prijspeil {study.price_year}, discontovoet "
                  f"{formatting.rate(study.discount_rate, 'nl')}", 1, bold=False)
    for c, head in enumerate(["Kengetal", *variants], 1):
        ws.cell(4, c, head).font = Font(bold=True)
    r = 5
    for m, (nl, _) in REPORTED_MEASURES.items():
        figs = {f.variant: f for f in study.reported if f.measure == m}
        short = "B/K" if m == "bcr" else nl
        for label, attr in ((nl, "value"), (f"Bandbreedte {short} laag", "low"),
                            (f"Bandbreedte {short} hoog", "high"),
                            (f"Betrouwbaarheid {short}", "level")):
            values = {s: getattr(f, attr) for s, f in figs.items()}
            if all(v is None for v in values.values()):
                continue
            ws.cell(r, 1, label)
            for c, s in enumerate(variants, 2):
                if values.get(s) is not None:
                    fmt = "0%" if attr == "level" else "0.00" if m == "bcr" else "#,##0"
                    ws.cell(r, c, plain_number(values[s])).number_format = fmt
            r += 1


def write_cockpit(study: Study, path: str | Path) -> Path:
    """Write ``study`` as a cockpit model (see :mod:`mkba.io.cockpit`), with deterministic bytes.

    Variants with yearly flows get a ``Kasstromen <variant>`` sheet, variants with present
    values an ``MKBA <variant>`` sheet; each has title rows, a KOSTEN and a BATEN block with
    a ``Totaal`` column and total rows, and merged category cells. The original category and
    actor labels are kept. Reading the file back gives the same line items.

    Parameters
    ----------
    study : Study
        The study; each variant must hold only yearly flows or only present values.
    path : str or Path
        The .xlsx file to write (atomically).

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        When a variant mixes flows and present values or cannot be part of a sheet name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mkba.io.cockpit import read
    >>> from mkba.io.workbook import load_workbook
    >>> from mkba.schema import Study, items_frame
    >>> from mkba.issues import IssueLog
    >>> items = items_frame([
    ...     dict(variant="basis", kind="cost", category="uitvoering_team", actor="gemeente",
    ...          category_label="Inzet team", description="Inzet regisseurs", amount=3e5),
    ...     dict(variant="basis", kind="benefit", category="huisuitzetting",
    ...          actor="woningcorporatie", description="Huisuitzettingen voorkomen",
    ...          amount=450000.0)])
    >>> study = Study(id="demo", title="Demo", municipality="Ooststad", approach_name="Wijkteam",
    ...     approach_type="wijkteam_probleemwijk", scale="wijk", target_breadth="kwetsbaar",
    ...     household_type="gezinnen", stage="lopend", evaluation="ex_post", kind="quickscan",
    ...     year=2013, price_year=2012, discount_rate=0.055, first_year=2012, horizon=5,
    ...     households=150, illustrative=True, items=items)
    >>> path = write_cockpit(study, pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx")
    >>> log = IssueLog(path.name)
    >>> back = read(load_workbook(path, log), log)
    >>> back.items[["category_label", "actor", "amount", "source"]].values.tolist()
    [['Inzet team', 'gemeente', 300000.0, 'demo.xlsx!MKBA basis!C6'], ['Huisuitzetting en huurachterstand', 'woningcorporatie', 450000.0, 'demo.xlsx!MKBA basis!C11']]
    """  # noqa: E501
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Uitgangspunten"
    _title(ws, 1, f"MKBA {study.approach_name}: uitgangspunten", 4)
    r = 3
    for f in STUDY_FIELDS:
        value = getattr(study, f.name, None)
        if value is None:
            continue
        if f.type == "code":
            value = vocabulary(f.vocabulary).label(value)
        elif f.type == "bool":
            value = "ja" if value else "nee"
        ws.cell(r, 1, f.nl)
        ws.cell(r, 3, value).number_format = "0.0%" if f.type == "rate" else "General"
        ws.cell(r, 3).alignment = Alignment(horizontal="left")
        r += 1
    if study.reported:
        _write_results(wb.create_sheet("Resultaten"), study)
    for variant in study.variants:
        items = study.variant_items(variant)
        if len(items):
            _write_scenario(wb, study, variant, items)
    return save_workbook(wb, path)

