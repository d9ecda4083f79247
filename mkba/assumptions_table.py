"""The table of :func:`mkba.assumptions.assumption_frame`: the pooled headline with each
assumption changed in turn, in Dutch (default) or English, for the report and ``tables.xlsx``.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.assumptions import COLUMNS, assumption_label, setting_label
from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.phrases import NOT_REPRESENTATIVE
from mkba.tables import Table

__all__ = ["TABLE_NAME", "assumptions_table"]

#: The name of the table (its CSV file and the key in ``results.json``).
TABLE_NAME = "pooled_assumptions"

_T = {
    "title": ("Gevoeligheid van de gepoolde uitkomst voor de aannames",
              "Sensitivity of the pooled result to the assumptions"),
    "assumption": ("Aanname", "Assumption"), "setting": ("Instelling", "Setting"),
    "default": ("In het rapport", "In the report"), "k": ("Aantal studies", "Studies"),
    "estimate": ("Schatting", "Estimate"), "ci_low": ("BI laag", "CI low"),
    "ci_high": ("BI hoog", "CI high"), "pi_low": ("VI laag", "PI low"),
    "pi_high": ("VI hoog", "PI high"), "tau2": ("tau²", "tau²"), "i2": ("I² (%)", "I² (%)"),
    "p_ratio": ("Kans baten > kosten", "P(benefits > costs)"),
    "p_other": ("Kans > 0", "P(> 0)"),
    "yes": ("ja", "yes"), "no": ("nee", "no"),
    "note": (
        "Per rij is één aanname anders dan in het rapport (de rij 'ja'); de andere zijn zoals "
        "in het rapport. Dekking: het deel van de onzekerheid van een studie dat de bandbreedte "
        "van haar eigen varianten geacht wordt te dekken. Studies zonder eigen onzekerheid "
        "krijgen de grootste variantie van de andere studies, of worden weggelaten (zonder "
        "eigen onzekerheid: {flagged}). Knapp-Hartung met het voorspellingsinterval op t (k−1) "
        "dat erbij hoort. Voorspellingsinterval: schatting ± q × √(tau² + se²), met q uit de "
        "normale verdeling of uit t met k−1 of k−2 vrijheidsgraden (Riley, Higgins & Deeks "
        "2011). De kans uit {n} trekkingen (seed {seed}) van de voorspellende verdeling van "
        "elke rij. Een lege cel: niet te berekenen (minder dan 2 studies of 1 vrijheidsgraad).",
        "Each row changes one assumption from the report (the row 'yes'); the others are as in "
        "the report. Coverage: the share of a study's uncertainty that the range of its own "
        "variants is taken to cover. Studies without own uncertainty get the largest variance "
        "of the other studies, or are left out (without own uncertainty: {flagged}). "
        "Knapp-Hartung with the prediction interval on t (k−1) that goes with it. Prediction "
        "interval: estimate ± q × √(tau² + se²), with q from the normal distribution or from t "
        "with k−1 or k−2 degrees of freedom (Riley, Higgins & Deeks 2011). The probability "
        "from {n} draws (seed {seed}) of each row's predictive distribution. An empty cell: "
        "cannot be computed (fewer than 2 studies or 1 degree of freedom)."),
    "none": ("geen", "none"),
}


def _t(key: str, lang: str) -> str:
    return _T[key][lang == "en"]


def assumptions_table(frame: pd.DataFrame, reference: PooledStudies,
                      lang: str = "nl") -> Table:
    """The assumption frame as a presentation table: labels, rounded values, formats.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`mkba.assumptions.assumption_frame` of ``reference``.
    reference : PooledStudies
        The pooled analysis of the report (its scale, flagged studies, draws and seed).
    lang : {"nl", "en"}

    Returns
    -------
    mkba.tables.Table
        Named :data:`TABLE_NAME`; ratios with two decimals (whole euros for a measure in
        euros), tau² with :data:`mkba.formatting.TAU2_DIGITS` decimals, I² with one and the
        probability with three (shown as a percentage).

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.assumptions import assumption_frame
    >>> from mkba.io import read_studies
    >>> studies = read_studies("studies")
    >>> pooled = pool_studies(studies, draws=1000)
    >>> table = assumptions_table(assumption_frame(pooled, studies), pooled, "en")
    >>> table.frame.iloc[0, :3].tolist()
    ['Coverage of the range of variants', '50%', 'no']
    """
    lang = check_lang(lang)
    missing = [c for c in COLUMNS if c not in getattr(frame, "columns", ())]
    if not isinstance(frame, pd.DataFrame) or missing:
        raise ArgumentError(Text("frame is niet toegestaan; geef de DataFrame van "
                                 "mkba.assumptions.assumption_frame", "frame is not allowed; "
                                 "give the DataFrame of mkba.assumptions.assumption_frame"))
    ratio = reference.log_scale
    digits = 2 if ratio else 0
    value_kind = "ratio" if ratio else "euro"
    p_key = "p_ratio" if ratio else "p_other"
    rows = []
    for r in frame.itertuples(index=False):
        rows.append({
            _t("assumption", lang): assumption_label(r.assumption, lang),
            _t("setting", lang): setting_label(r.assumption, r.setting, lang),
            _t("default", lang): _t("yes" if r.is_default else "no", lang),
            _t("k", lang): r.k,
            **{_t(c, lang): round(getattr(r, c), digits)
               for c in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high")},
            _t("tau2", lang): round(r.tau2, formatting.TAU2_DIGITS if ratio else 0),
            _t("i2", lang): round(r.i2, 1),
            _t(p_key, lang): round(r.p_above, 3),
        })
    table = pd.DataFrame(rows)
    formats = {_t("assumption", lang): "text", _t("setting", lang): "text",
               _t("default", lang): "text", _t("k", lang): "int",
               **{_t(c, lang): value_kind
                  for c in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high")},
               _t("tau2", lang): "tau2" if ratio else "int", _t("i2", lang): "i2",
               _t(p_key, lang): "share"}
    ev = reference.evidence
    flagged = [s for s, f in zip(ev.labels, ev.table["flagged"], strict=True) if f]
    mc = reference.monte_carlo
    note = _t("note", lang).format(
        flagged=", ".join(flagged) if flagged else _t("none", lang),
        n=formatting.number(mc.n, 0, lang), seed=mc.seed) + " " + NOT_REPRESENTATIVE[lang]
    return Table(TABLE_NAME, _t("title", lang), note, "", table, MappingProxyType(formats))
