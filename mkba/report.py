"""The report: every table and figure of the comparison, the pooled statistics and the
scenarios, as a self-contained HTML page plus xlsx, csv, png, svg and json files.

:func:`build_report` computes everything (no files); :func:`write_report` writes it into a folder
atomically: the new folder replaces the old one only when every file is complete, so a failed run
leaves the previous report intact. The same inputs give byte-identical files.

Layout of the folder::

    index.html          the report (figures embedded, works offline and when moved)
    tables.xlsx         every table, formatted; tables/*.csv the same as CSV
    figures/*.png|svg   every figure
    scenarios/          the scenario comparison (when scenario files are given)
    data/               the imported studies in the common schema (CSV + xlsx)
    results.json        machine-readable results

Published studies known only by their headline figures (:class:`mkba.headlines.PublishedStudy`,
from the register of published MKBAs or from a workbook's headline sheet) get a section of their
own, "Gepubliceerde MKBA's": a table, a dot plot of their ratios and the reason each stays out of
pooling. They never enter a pooled estimate: only the recomputed studies are pooled.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import jinja2
import pandas as pd

from mkba import __version__, formatting
from mkba.analysis import PooledStudies, pool_studies
from mkba.appraisal import appraise, appraise_studies
from mkba.assumptions import assumption_frame, assumption_records
from mkba.assumptions_table import assumptions_table
from mkba.basis import Basis, as_basis
from mkba.errors import ArgumentError, MkbaError
from mkba.headlines import PublishedStudy, published_order
from mkba.io import Evidence
from mkba.messages import Text, check_lang
from mkba.phrases import ILLUSTRATIVE_NOTICE
from mkba.pooled_tables import pooled_tables
from mkba.pooling import check_draws, check_seed
from mkba.report_published import not_pooled, published_intro, published_records, published_rows
from mkba.report_summary import actor_shares, summary_block, summary_facts, summary_text
from mkba.report_text import TEXT, flags, method_items, study_flags
from mkba.schema import REPORTED_MEASURES, STUDY_FIELDS, Study, found_twice
from mkba.sensitivity import sensitivity_frame
from mkba.tables import Table, Tables, build_tables, format_value
from mkba.text_clean import clean_data, clean_text
from mkba.vocab import vocabulary
from mkba.write.figures import FIGURE_DPI, render_figures
from mkba.write.output_folder import MARKER, replace_folder

__all__ = ["Report", "build_report", "write_report", "render_html", "png_size", "figure_view"]

_NUMERIC = ("euro", "ratio", "share", "rate", "int", "tau2", "i2")

#: Line items shown per study in the appendix of index.html; a study with more (a large model
#: has tens of thousands) shows the first ones and says how many more are in data/items.csv,
#: so that the page stays readable and its size bounded. Every study shipped has far fewer.
APPENDIX_ITEMS = 1_000


@dataclass(frozen=True, eq=False)
class Report:
    """Everything the report shows, computed; see :func:`build_report`."""

    lang: str
    basis: Basis
    studies: tuple[Study, ...]
    tables: Tables
    pooled: PooledStudies
    figures: dict = field(repr=False)  # name -> function that builds the Figure
    captions: dict = field(repr=False)
    scenarios: object | None = None
    appraisals: Mapping = field(default_factory=dict, repr=False)  # id -> appraise_all
    # mkba.assumptions.assumption_frame of ``pooled``: the headline under each assumption
    assumptions: pd.DataFrame | None = field(default=None, repr=False)
    # headline-only studies, shown apart and never pooled (in the order shown)
    published: tuple[PublishedStudy, ...] = ()

    @property
    def illustrative(self) -> bool:
        """True when any study (or any scenario's evidence) is illustrative."""
        return any(s.illustrative for s in (*self.studies, *self.published)) or bool(
            self.scenarios is not None and self.scenarios.illustrative)

    def base_appraisals(self) -> dict:
        """Each study's base-case appraisal by study id (from ``appraisals``; appraised on
        ``basis`` for a study not in it), in the order of ``studies``."""
        return {s.id: (self.appraisals[s.id][0] if s.id in self.appraisals else
                       appraise(s, self.basis)) for s in self.studies}

    def to_dict(self) -> dict:
        """Machine-readable results (the content of ``results.json``)."""
        found = self.base_appraisals()
        base = [a.to_frame().iloc[0].to_dict() for a in found.values()]
        out = {
            "mkba_version": __version__,
            "lang": self.lang,
            "basis": self.basis.to_dict(),
            "illustrative": self.illustrative,
            "notice": ILLUSTRATIVE_NOTICE[self.lang] if self.illustrative else None,
            "studies": [_plain_dict({**s.metadata(), "file": s.file, "layout": s.layout})
                        for s in self.studies],
            "appraisals": [_plain_dict(a) for a in base],
            "tables": {t.name: [_plain_dict(r) for r in t.frame.to_dict(orient="records")]
                       for t in self.tables.tables},
            "pooled": self.pooled.to_dict(),
            # who pays, who benefits: each actor's share of each study's costs and benefits
            "actor_shares": actor_shares({sid: a.by_actor for sid, a in found.items()}),
        }
        if self.assumptions is not None:
            out["assumptions"] = assumption_records(self.assumptions)
        out["published"] = published_records(self.published, self.lang)
        out["not_pooled"] = not_pooled(self.published, self.lang)
        if self.scenarios is not None:
            out["scenarios"] = self.scenarios.to_dict()
        return out


def _plain(value):
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _plain_dict(row: dict) -> dict:
    return {str(k): _plain(v) for k, v in row.items()}


def _noop(_step: str) -> None:
    return None


def _split(studies, published) -> tuple[tuple[Study, ...], tuple[PublishedStudy, ...]]:
    """The recomputed studies and the published ones, from a sequence of studies or an
    :class:`mkba.io.Evidence` (its ``studies`` and ``published``), plus ``published``."""
    if isinstance(studies, Evidence):
        studies, published = studies.studies, tuple(studies.published) + tuple(published)
    published = tuple(published)
    bad = sorted({type(s).__name__ for s in published if not isinstance(s, PublishedStudy)})
    if bad:
        raise ArgumentError(Text("published=[{bad}] is niet toegestaan; geef "
                                 "PublishedStudy-objecten (mkba.io.read_register)",
                                 "published=[{bad}] is not allowed; give PublishedStudy objects "
                                 "(mkba.io.read_register)", bad=bad))
    twice = found_twice(s.id for s in published)
    if twice:
        raise ArgumentError(Text("published: elke studie-id één keer; twee keer gevonden: "
                                 "{twice}", "published: each study id once; found twice: "
                                 "{twice}", twice=twice))

    return tuple(studies), tuple(sorted(published, key=published_order))


def build_report(studies, *, published: Sequence[PublishedStudy] = (),
                 scenario_specs: Sequence = (), lang: str = "nl",
                 basis: Basis | None = None, by: str = "approach_type", method: str = "reml",
                 draws: int = 10_000, seed: int = 0,
                 progress: Callable[[str], None] = _noop, **changes) -> Report:
    """Compute every table, figure and pooled result of the report (writes nothing).

    Only the recomputed studies are pooled; the published (headline-only) studies are shown
    apart, in the section "Gepubliceerde MKBA's", and enter no pooled estimate.

    Parameters
    ----------
    studies : sequence of Study, or Evidence
        The recomputed studies, at least two (pooling needs two); or an
        :class:`mkba.io.Evidence`, whose ``studies`` are pooled and whose ``published`` are
        shown apart.
    published : sequence of PublishedStudy
        Headline-only studies (:func:`mkba.io.read_register`), shown apart, never pooled; with
        an Evidence, added to its own.
    scenario_specs : sequence of path
        Scenario files (TOML or xlsx) for the scenario section; empty for none.
    lang : {"nl", "en"}
    basis : Basis, mapping or None
        The common basis (:class:`mkba.basis.Basis`; default: the latest year of the CBS price
        index, each study's own rate and horizon, ``timing="t1"``); ``**changes`` change it.
        Each study is appraised once on it; tables, evidence and figures share the appraisals.
    by : str
        Study characteristic of the subgroup analysis.
    method : str
        Estimator of the between-study variance.
    draws, seed : int
        Monte Carlo settings: 1 to :data:`mkba.limits.MAX_DRAWS` draws, a seed from 0 to
        2**64 - 1 (ArgumentError otherwise, before any work).
    progress : callable
        Called with the name of each step as it starts.

    Returns
    -------
    Report
    """
    check_lang(lang)
    from mkba.plots import caption, figure_builders

    # the arguments that set an amount of work, checked before any work
    draws, seed = check_draws(draws), check_seed(seed)
    basis = as_basis(basis, **changes)
    studies, published = _split(studies, published)
    studies = tuple(sorted(studies, key=lambda s: s.id))
    progress("tables")
    appraisals = appraise_studies(studies, basis)
    sensitivity = sensitivity_frame(studies, basis=basis, appraisals=appraisals)
    tables = build_tables(studies, basis=basis, lang=lang, appraisals=appraisals,
                          sensitivity=sensitivity)
    progress("pooling")
    pooled = pool_studies(studies, "log_bcr", method=method, by=by, draws=draws, seed=seed,
                          basis=basis, appraisals=appraisals)
    assumptions = assumption_frame(pooled, studies, appraisals=appraisals)
    tables = Tables(lang, tables.basis, tables.tables + pooled_tables(pooled, lang)
                    + (assumptions_table(assumptions, pooled, lang),))
    progress("figures")
    figures = figure_builders(studies, pooled, basis=basis, lang=lang, by=by,
                              appraisals=appraisals, sensitivity=sensitivity,
                              assumptions=assumptions, published=published)
    captions = {name: caption(name, lang) for name in figures}
    comparison = None
    if scenario_specs:
        from mkba.scenario.files import compare_files

        progress("scenarios")
        comparison = compare_files(scenario_specs, studies, draws=draws, seed=seed)
    return Report(lang, basis, studies, tables, pooled, figures, captions, comparison,
                  MappingProxyType(appraisals), assumptions, published)


# -- rendering ------------------------------------------------------------------------------
@functools.cache
def _hyphenation(lang: str):
    import pyphen  # its Dutch and English dictionaries

    return pyphen.Pyphen(lang={"nl": "nl_NL", "en": "en_US"}[lang], left=3, right=3)


def breakable(text: str, lang: str) -> str:
    """``text`` with soft hyphens (U+00AD) at the hyphenation points of its long words, so
    that a narrow table column breaks a header word where the language allows it, with a
    hyphen, and never in the middle of a syllable.

    Examples
    --------
    >>> breakable("Terugverdienjaar", "nl").split("\u00ad")
    ['Terug', 'ver', 'dien', 'jaar']
    >>> breakable("Net per actor", "en") == "Net per actor"  # short words stay whole
    True
    """
    words = text.split(" ")
    return " ".join(_hyphenation(lang).inserted(w, hyphen="\u00ad") if len(w) > 8 else w
                    for w in words)


def _html_table(frame: pd.DataFrame, formats: dict, lang: str) -> dict:
    header = [str(c) for c in frame.columns]
    kinds = [formats.get(c, "text") for c in frame.columns]
    rows = []
    for values in frame.itertuples(index=False):
        rows.append([{"text": format_value(_plain(v), k, lang), "num": k in _NUMERIC}
                     for v, k in zip(values, kinds, strict=True)])
    return {"header": header, "head": [breakable(h, lang) for h in header], "rows": rows}


def _table_view(table: Table, lang: str) -> dict:
    return {"name": table.name, "title": table.title, "note": table.note,
            "basis": table.basis, **_html_table(table.frame, dict(table.formats), lang)}


def _appendix(study: Study, lang: str, flags: Sequence[str] = ()) -> dict:
    t = TEXT[lang]
    def shown(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return t["yes"] if value else t["no"]
        return str(value)

    meta = pd.DataFrame([[f.label(lang), shown(getattr(study, f.name)),
                          study.provenance.get(f.name, "")] for f in STUDY_FIELDS],
                        columns=[t["field"], t["value"], t["source"]])
    reported = pd.DataFrame([[r.variant, REPORTED_MEASURES[r.measure][lang == "en"], r.value,
                              r.low, r.high, r.level, r.source] for r in study.reported],
                            columns=[t["variant"], t["measure"], t["value"], t["low"],
                                     t["high"], t["level"], t["source"]])
    items = study.items.iloc[:APPENDIX_ITEMS]  # a long study: the first ones only
    cats = {**{c: vocabulary("cost_categories").label(c, lang)
               for c in vocabulary("cost_categories").codes},
            **{c: vocabulary("benefit_categories").label(c, lang)
               for c in vocabulary("benefit_categories").codes}}
    kinds = {"cost": t["cost"], "benefit": t["benefit"]}
    rows = pd.DataFrame({
        t["variant"]: items["variant"].astype(object), t["kind"]: items["kind"].map(kinds),
        t["category"]: items["category"].map(cats),
        t["original"]: items["category_label"].astype(object),
        t["actor"]: [vocabulary("actors").label(a, lang) for a in items["actor"]],
        t["description"]: items["description"].astype(object),
        t["year"]: items["year"].astype(object), t["amount"]: items["amount"],
        t["source"]: items["source"].astype(object),
    })
    num = {t["value"]: "ratio", t["low"]: "ratio", t["high"]: "ratio", t["level"]: "share",
           t["amount"]: "euro", t["year"]: "year"}
    return {
        "id": study.id, "title": study.title, "illustrative": study.illustrative,
        "flags": list(flags),
        "file": study.file, "layout": study.layout,
        "meta": _html_table(meta, {}, lang),
        "reported": _html_table(reported, num, lang) if len(reported) else None,
        "lines": _html_table(rows, num, lang),
        "more": (t["appendix_more"].format(n=format_value(len(study.items) - len(items), "int",
                                                         lang))
                 if len(study.items) > len(items) else None),
    }


def _environment() -> jinja2.Environment:
    folder = resources.files("mkba") / "templates"
    templates = {name: (folder / name).read_text(encoding="utf-8")
                 for name in ("report.html.j2", "table.html.j2", "print.css")}
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    # numbers in a template are formatted by mkba.formatting only: {{ x | euro(lang) }}
    env.filters.update({name: getattr(formatting, name) for name in (
        "number", "euro", "percent", "rate", "ratio", "p_value", "level", "tau2", "i2",
        "year")})
    return env


#: Pixels per inch of CSS: a figure PNG (rendered at :data:`mkba.write.figures.FIGURE_DPI`)
#: is shown at its natural CSS size, pixels x 96 / 150, never smaller, so that text of 7 pt
#: in the figure stays at least 9 CSS pixels high on every screen.
CSS_DPI = 96


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels of a PNG, from its header (the IHDR chunk, bytes 16 to 24);
    None when ``data`` is not a PNG with a header.

    Examples
    --------
    >>> png_size(b"\\x89PNG\\r\\n\\x1a\\n" + bytes([0, 0, 0, 13]) + b"IHDR"
    ...          + (1275).to_bytes(4, "big") + (984).to_bytes(4, "big"))
    (1275, 984)
    >>> png_size(b"\\x89PNG") is None
    True
    """
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def figure_view(name: str, caption: str, data: bytes) -> dict:
    """A figure for the page: its name, caption, the PNG as a data URI (``src``) and its
    natural CSS ``width`` and ``height`` (pixels at :data:`mkba.write.figures.FIGURE_DPI` shown
    at :data:`CSS_DPI`; None when the bytes are no PNG).

    Examples
    --------
    >>> png = (b"\\x89PNG\\r\\n\\x1a\\n" + bytes([0, 0, 0, 13]) + b"IHDR"
    ...        + (1275).to_bytes(4, "big") + (984).to_bytes(4, "big"))
    >>> v = figure_view("forest", "Forest plot", png)
    >>> v["width"], v["height"], v["src"][:22]
    (816, 630, 'data:image/png;base64,')
    """
    if isinstance(data, _Pending):  # drawn while the page is written: filled in afterwards
        return {"name": name, "caption": caption, "width": data.token("w"),
                "height": data.token("h"), "src": data.token("src")}
    size = png_size(data)
    width, height = (None, None) if size is None else (
        round(size[0] * CSS_DPI / FIGURE_DPI), round(size[1] * CSS_DPI / FIGURE_DPI))
    return {"name": name, "caption": caption, "width": width, "height": height,
            "src": "data:image/png;base64," + base64.b64encode(data).decode("ascii")}


class _Pending:
    """A figure that the workers are still drawing while the page is written: the page gets
    tokens in its place (:func:`figure_view`), which :meth:`fill` replaces by the figure once
    it is there. The tokens are made of letters, digits and hyphens, so escaping leaves them
    as they are, and carry a random part that no text of a study can foresee."""

    def __init__(self, name: str, nonce: str):
        self.name, self._stem = name, f"mkba-pending-{nonce}-{name}"

    def token(self, part: str) -> str:
        return f"{self._stem}-{part}"

    def fill(self, html: str, data: bytes) -> str:
        view = figure_view(self.name, "", data)
        width, height = view["width"], view["height"]
        size = "" if width is None else f' width="{width}" height="{height}"'
        html = html.replace(f' width="{self.token("w")}" height="{self.token("h")}"', size)
        return html.replace(self.token("src"), view["src"])


def _scenario_section(comparison, lang: str, images: dict[str, bytes],
                      pages: Sequence[str]) -> dict:
    """The scenario section: each scenario's name, title, municipality and one-page summary
    (when ``pages`` has it), its assumptions as on the first sheet of the comparison workbook
    (:mod:`mkba.scenario.workbook`, the same rows and labels), the results and figures."""
    from mkba.scenario.summary import summary_file_names
    from mkba.scenario.workbook import assumption_rows as workbook_assumptions

    t = TEXT[lang]
    frame = comparison.to_frame(lang)
    unit_col, code_col = frame.columns[2], frame.columns[0]
    kinds = {"euro": "euro", "ratio": "ratio", "share": "share", "year": "year",
             "count": "int", "fte": "ratio"}
    header = [str(c) for c in frame.columns if c not in (unit_col, code_col)]
    rows = []
    for _, r in frame.iterrows():
        kind = kinds.get(r[unit_col], "ratio")
        rows.append([{"text": str(r[frame.columns[1]]), "num": False}] + [
            {"text": format_value(_plain(r[c]), kind, lang), "num": True}
            for c in frame.columns[3:]])
    results = comparison.results

    def shown(value, fmt: str) -> dict:
        if fmt == "number":
            return {"text": "" if formatting.is_missing(value) else
                    formatting.number(value, 2, lang, trim=True), "num": True}
        kind = {"count": "int", "fte": "ratio"}.get(fmt, fmt)
        return {"text": format_value(_plain(value), kind, lang), "num": kind != "text"}

    assumptions = [[{"text": label, "num": False}] + [shown(get(r), fmt) for r in results]
                   for label, fmt, get in workbook_assumptions(lang)]
    listed = []  # the one-page summaries by the names mkba.scenario.summary gives them
    for r, stem in zip(results, summary_file_names([r.name for r in results], lang),
                       strict=True):
        listed.append({"name": r.name, "title": r.spec.title,
                       "municipality": r.spec.municipality,
                       "page": f"{stem}.html" if f"{stem}.html" in pages else None})
    return {
        "intro": t["scenario_intro"],
        "list": listed,
        "assumptions": {"header": [t["assumption"], *comparison.names], "rows": assumptions},
        # what each result rests on and warns about, above the numbers (issue #16)
        "cautions": [{"name": r.name, "warnings": [w.render(lang) for w in r.warnings],
                      "notes": [n.render(lang) for n in r.notes]}
                     for r in results if r.warnings or r.notes],
        "table": {"header": header, "rows": rows},
        "figures": [figure_view(n, t[f"scenario_{n}"], data) for n, data in images.items()],
    }


#: The folder of the calculator workbooks in the report (:func:`write_calculators`).
CALCULATOR_FOLDER = {"nl": "rekenwerkmappen", "en": "calculators"}


def write_calculators(report: Report, folder: Path) -> list[dict]:
    """Write a calculator workbook (:func:`mkba.calculator.write_calculator`) for each team
    type (:data:`mkba.scenario.PRESETS`) on the report's studies into ``folder``.

    Returns, per team type, its ``preset`` code and ``label``, and the ``file`` written
    (relative to the report) or, when the studies do not allow it (fewer than two studies of
    that type, say), the ``reason`` it was left out, in the report's language.
    """
    from mkba.calculator import write_calculator
    from mkba.scenario import PRESETS

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for preset in PRESETS:
        entry = {"preset": preset,
                 "label": vocabulary("approach_types").label(preset, report.lang)}
        try:
            write_calculator(folder / f"{preset}.xlsx", list(report.studies), preset=preset,
                             lang=report.lang)
            entry["file"] = f"{folder.name}/{preset}.xlsx"
        except MkbaError as exc:
            entry["reason"] = exc.render(report.lang)
        made.append(entry)
    return made


def _calculator_section(calculators: Sequence[dict], lang: str) -> dict | None:
    if not calculators:
        return None
    t = TEXT[lang]
    return {"intro": t["calculator_intro"].format(folder=CALCULATOR_FOLDER[lang]),
            "files": [{"label": c["label"], "file": c.get("file"),
                       "left_out": None if c.get("file") else
                       t["calculator_left_out"].format(reason=c.get("reason", ""))}
                      for c in calculators]}


def render_html(report: Report, images: dict[str, bytes],
                scenario_images: dict[str, bytes] | None = None,
                scenario_pages: Sequence[str] = (),
                calculators: Sequence[dict] = ()) -> str:
    """The report as one HTML page; ``images`` are the PNG bytes of each figure, embedded.

    ``scenario_images`` are the PNGs of the scenario figures; ``scenario_pages`` the file names
    in the report's scenarios/ folder, so that a scenario's one-page summary is linked only when
    it was written; ``calculators`` what :func:`write_calculators` made (linked). Every figure
    is shown at its natural size (:func:`figure_view`); its png link saves the embedded
    figure, so that it works when index.html is sent on its own.

    Every piece of text from the studies is escaped (Jinja2 autoescaping), and the page holds
    no control characters (:func:`mkba.text_clean.clean_text`: autoescaping leaves them).
    """
    from mkba.plots import PUBLISHED_FIGURES

    lang, t = report.lang, TEXT[report.lang]
    found = flags(report)  # once, for the method section and the appendix
    per_study = study_flags(report, found)
    views = {n: figure_view(n, report.captions[n], images[n]) for n in report.figures}
    figures = [v for n, v in views.items() if n not in PUBLISHED_FIGURES]
    published = None
    if report.published:
        published = {
            "intro": published_intro(report.published, lang),
            "rows": published_rows(report.published, lang),
            "figures": [views[n] for n in PUBLISHED_FIGURES if n in views],
            "first_figure": len(figures) + 1,
            "not_pooled": not_pooled(report.published, lang),
        }
    scenarios = None
    if report.scenarios is not None:
        scenarios = _scenario_section(report.scenarios, lang, scenario_images or {},
                                      scenario_pages)
    return clean_text(_environment().get_template("report.html.j2").render(
        lang=lang, version=__version__, t=t, illustrative=report.illustrative,
        notice=ILLUSTRATIVE_NOTICE[lang], facts=summary_facts(report),
        summary=summary_block(report),
        summary_text=summary_text(report),
        method=method_items(report, found), figures=figures,
        tables=[_table_view(tb, lang) for tb in report.tables.tables],
        scenarios=scenarios, published=published,
        calculators=_calculator_section(calculators, lang),
        appendix=[_appendix(s, lang, per_study[s.id]) for s in report.studies],
    ))


def write_report(report: Report, out_dir: str | Path, *,
                 progress: Callable[[str], None] = _noop,
                 inputs: Sequence[str | Path] = (), csv: str | None = None,
                 pdf: bool = False) -> list[Path]:
    """Write the report into ``out_dir``, replacing it as a whole only when all is written.

    ``out_dir`` must be new, empty or an earlier output of mkba, and may not be, contain or lie
    inside any of ``inputs`` (see
    :func:`mkba.write.output_folder.check_output_folder`).

    The CSVs (``tables/``, ``data/``) are in the dialect ``csv`` (:mod:`mkba.write.csv_bytes`):
    by default Dutch Excel's for a Dutch report and plain for an English one. With ``pdf`` the
    report is also written as ``report.pdf``, laid out for print (:mod:`mkba.write.pdf`).

    Returns the paths written (relative to ``out_dir``), in a fixed order.
    """
    from mkba.write.csv_bytes import csv_dialect
    from mkba.write.export import write_dataset
    from mkba.write.xlsx_tables import write_tables

    dialect = csv_dialect(report.lang, csv)  # Dutch Excel for a Dutch report, unless asked
    with replace_folder(out_dir, inputs=inputs) as tmp:
        scenario_images, scenario_pages, calculators = {}, [], []

        def other_files() -> None:  # written by the main process while the figures render
            write_tables(report.tables, tmp / "tables", lang=report.lang, csv=dialect)
            (tmp / "tables" / "tables.xlsx").replace(tmp / "tables.xlsx")
            write_dataset(list(report.studies), tmp / "data", csv=dialect)
            if report.scenarios is not None:
                from mkba.scenario import write_comparison

                written = write_comparison(report.scenarios, tmp / "scenarios",
                                           lang=report.lang, csv=dialect)
                scenario_images.update(
                    {p.stem: p.read_bytes() for p in written if p.suffix == ".png"})
                scenario_pages.extend(p.name for p in written if p.suffix == ".html")
            # the Excel route for municipalities: a live calculator per team type
            calculators.extend(write_calculators(report, tmp / CALCULATOR_FOLDER[report.lang]))

        pending = {n: _Pending(n, secrets.token_hex(8)) for n in report.figures}
        page = []

        def meanwhile() -> None:
            other_files()
            # the page too, with tokens where the figures go: the second core is free then
            page.append(render_html(report, pending, scenario_images, scenario_pages,
                                    calculators))

        progress("writing figures and tables")
        images = _write_figures(report.figures, tmp / "figures", meanwhile=meanwhile)
        progress("writing html")
        html = page[0]
        for name, figure in pending.items():
            html = figure.fill(html, images[name])
        (tmp / "index.html").write_text(html, encoding="utf-8")
        if pdf:
            from mkba.write.pdf import html_to_pdf

            progress("writing pdf")
            (tmp / "report.pdf").write_bytes(html_to_pdf(html, base_url=tmp))
        (tmp / "results.json").write_text(
            json.dumps(clean_data(report.to_dict()), indent=2, ensure_ascii=False,
                       allow_nan=False) + "\n",
            encoding="utf-8")
        written = sorted(p.relative_to(tmp) for p in tmp.rglob("*")
                         if p.is_file() and p.name != MARKER)
    return written


def _write_figures(figures: dict, folder: Path, meanwhile=None) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for name, data in render_figures(figures, meanwhile=meanwhile).items():
        for fmt, content in data.items():
            (folder / f"{name}.{fmt}").write_bytes(content)
        pngs[name] = data["png"]
    return pngs
