"""Helpers shared by the figures of a pooled analysis (:class:`mkba.analysis.PooledStudies`)."""

from __future__ import annotations

from matplotlib.axes import Axes
from scipy.special import ndtri

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.errors import ArgumentError
from mkba.evidence import POOLED_MEASURES
from mkba.messages import Text
from mkba.plots import _numbers, style
from mkba.vocab import vocabulary

_T = {
    "model": ("{model}, {pct}-betrouwbaarheidsinterval (BI){pi}; {tau}; {i2}.",
              "{model}, {pct} confidence interval (CI){pi}; {tau}; {i2}."),
    "pi_note": (" en voorspellingsinterval (VI) voor een nieuwe setting",
                " and prediction interval (PI) for a new setting"),
    "flagged": ("Open symbool: geen eigen onzekerheid bekend, standaardaanname (grootste "
                "variantie van de andere studies): {}.",
                "Open symbol: no own uncertainty known, default assumption (largest variance "
                "of the other studies): {}."),
    "excluded": ("Niet in de pooling (maat niet gedefinieerd): {}.",
                 "Not pooled (measure undefined): {}."),
    "euro_axis": ("{label} (€ per huishouden, prijspeil {py})",
                  "{label} (€ per household, {py} prices)"),
    "range_note": ("Onzekerheid per studie uit de bandbreedte van haar eigen "
                   "gevoeligheidsvarianten (aanname: {cov} dekking).",
                   "Per-study uncertainty from the range of its own sensitivity variants "
                   "(assumption: {cov} coverage)."),
}
_MODELS = {"fe": ("Fixed-effectmodel", "Fixed effect"),
           "dl": ("Random-effectsmodel (DerSimonian-Laird)", "Random effects (DerSimonian-Laird)"),
           "pm": ("Random-effectsmodel (Paule-Mandel)", "Random effects (Paule-Mandel)"),
           "reml": ("Random-effectsmodel (REML)", "Random effects (REML)"),
           "ml": ("Random-effectsmodel (ML)", "Random effects (ML)")}


t = style.texts(_T)


def checked(pooled) -> PooledStudies:
    if not isinstance(pooled, PooledStudies):
        raise ArgumentError(Text("pooled={type} is niet toegestaan; geef de PooledStudies van "
                                 "mkba.analysis.pool_studies", "pooled={type} is not allowed; "
                                 "give the PooledStudies of mkba.analysis.pool_studies",
                                 type=type(pooled).__name__))
    return pooled


def price_year(pooled: PooledStudies) -> int:
    return pooled.evidence.basis.price_year


def value_label(pooled: PooledStudies, lang: str) -> str:
    """Label of the value axis: a ratio on a log scale, or euros per household."""
    if pooled.log_scale:
        return f"{style.text('ratio_axis', lang)}, {style.text('log', lang)}"
    name, _, code = pooled.evidence.measure.partition(":")
    label = POOLED_MEASURES[name][lang == "en"]
    if code:
        vocab = "benefit_categories" if name.startswith("benefit") else "actors"
        label += f": {vocabulary(vocab).label(code, lang)}"
    return t("euro_axis", lang).format(label=label, py=price_year(pooled))


def level_text(level: float, lang: str) -> str:
    """The level of an interval as a percentage: '95%' (:func:`mkba.formatting.level`)."""
    return formatting.level(level, lang)


def z(level: float) -> float:
    return float(ndtri(0.5 + level / 2))


def value_axis(ax: Axes, pooled: PooledStudies, lo: float, hi: float, lang: str) -> None:
    """Scale, limits, ticks and the line of no effect on the x axis (values as shown)."""
    if pooled.log_scale:
        _numbers.log_ratio_axis(ax, lo, hi, lang)
        style.reference_line(ax, 1.0)
    else:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        pad = (hi - lo) * 0.05 or 1.0
        ax.set_xlim(lo - pad, hi + pad)
        _numbers.euro_axis(ax, lang)
        style.reference_line(ax, 0.0)


def fmt(pooled: PooledStudies, value: float, lang: str) -> str:
    """A value of the pooled scale as shown: ratio with 2 decimals, or whole euros."""
    return formatting.estimate(pooled.shown(value), lang, ratio=pooled.log_scale, minus=True)


def interval(pooled: PooledStudies, low: float, high: float, lang: str) -> str:
    # "1,51; 2,36" and "1.51, 2.36"; English euros have thousands commas: "1,000 to 2,000"
    sep = "; " if lang == "nl" else (", " if pooled.log_scale else " to ")
    return f"[{fmt(pooled, low, lang)}{sep}{fmt(pooled, high, lang)}]"


def model_name(pooled: PooledStudies, lang: str) -> str:
    p = pooled.pooled
    model = _MODELS.get(p.method, (p.method, p.method))[lang == "en"]
    return model + (", Knapp-Hartung" if p.ci_method == "hksj" else "")


def model_text(pooled: PooledStudies, lang: str, *, pi: bool = True) -> str:
    p = pooled.pooled
    model = model_name(pooled, lang)
    # tau2 of log ratios is a small number; of euros a huge one: then its root, in euros
    tau = formatting.tau2_text(p.tau2, lang, euro_scale=not pooled.log_scale)
    return t("model", lang).format(model=model, pct=level_text(p.level, lang),
                                   pi=t("pi_note", lang) if pi else "",
                                   i2=formatting.i2_text(p.i2, lang), tau=tau)


def footnote_lines(pooled: PooledStudies, lang: str, *extra: str, pi: bool = True,
                   details: bool = True) -> list[str]:
    """Basis and count, then (with ``details``) the model and the notes on the evidence of the
    pooled measure, then ``extra``, then the caveat that pooled figures are descriptive."""
    ev = pooled.evidence
    table = ev.table
    ratio = pooled.log_scale and details
    lines = [ev.basis.describe(lang, ratio=ratio) + " "
             + style.count_text(len(table), lang) + "."]
    if details:
        lines.append(model_text(pooled, lang, pi=pi))
        if (table["variance_source"] == "range").any():
            lines.append(t("range_note", lang).format(cov=formatting.level(ev.coverage, lang)))
        flagged = sorted(table.loc[table["flagged"].astype(bool), "study_id"])
        if flagged:
            lines.append(t("flagged", lang).format(style.named(flagged, lang)))
        pv_only = sorted(table.loc[~table["recomputed"].astype(bool), "study_id"])
        if pv_only:
            lines.append(style.pv_only_text(pv_only, lang))
    if ev.excluded:
        lines.append(t("excluded", lang).format(style.named(sorted(s for s, _ in ev.excluded),
                                                            lang)))
    lines.extend(extra)
    lines.append(style.text("not_representative", lang))
    return lines


def finish(ax: Axes, pooled: PooledStudies, lang: str, title: str, xlabel: str, ylabel: str,
           *extra: str, pi: bool = True, details: bool = True) -> Axes:
    """Title, axis labels and the footnote of a pooled figure (:func:`footnote_lines`; the
    notice when any study is illustrative)."""
    style.finish(ax, title, xlabel, ylabel)
    style.footnote(ax, footnote_lines(pooled, lang, *extra, pi=pi, details=details), lang,
                   illustrative=illustrative(pooled))
    return ax


def illustrative(pooled: PooledStudies) -> bool:
    return bool(pooled.evidence.table["illustrative"].astype(bool).any())


def study_label(row) -> str:
    return row["study_id"] + ("" if row["recomputed"] else " *")
