"""How much the headline of a pooled analysis depends on each of its assumptions.

:func:`assumption_frame` takes the pooled analysis of a report (the reference: its measure,
estimator, interval method, level, coverage, basis and Monte Carlo draws and seed) and changes
one assumption at a time, keeping the others as the reference has them:

``coverage``
    the share of a study's uncertainty that the range of its sensitivity variants is taken to
    cover (:mod:`mkba.evidence`): 50%, 80%, 90%, 95% and 99%;
``default_variance``
    what a study without its own uncertainty gets: the largest variance of the other studies
    (``"largest_other"``, the rule of :func:`mkba.evidence.fill_default`), or it is left out
    (``"leave_out"``);
``method``
    the estimator of the between-study variance: DerSimonian-Laird, Paule-Mandel, REML;
``ci``
    the confidence interval: normal (``"z"``) or Knapp-Hartung (``"hksj"``, t on k - 1 df),
    each with the prediction interval that :func:`mkba.pooling.pool` gives with it (normal, or
    t on k - 1 df with the Knapp-Hartung standard error), as ``mkba pool --ci`` shows them;
``prediction``
    the quantile of the prediction interval ``estimate +/- q * sqrt(tau2 + se2)``: normal
    (``"normal"``), or Student t on k - 1 (``"t_k1"``) or k - 2 (``"t_k2"``) degrees of freedom
    (Riley, Higgins & Deeks 2011, BMJ 342:d549, use k - 2).

Each row holds the headline: the pooled estimate with its confidence and prediction intervals,
tau², I² and the probability that a new setting's effect is above the threshold (benefits
exceed costs for the ratio), from the same number of draws and the same seed as the reference.
The prediction rows draw from the t distribution of the row. The row that equals the reference
has ``is_default`` true; its numbers are those of the reference.

The studies are appraised once, by the caller (:func:`mkba.appraisal.appraise_studies`); each
row reads the effects and variances of :func:`mkba.evidence.study_evidence` on those
appraisals and pools them with :func:`mkba.pooling.pool`.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import special

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.appraisal import appraise_studies
from mkba.errors import ArgumentError
from mkba.evidence import Evidence, study_evidence
from mkba.messages import Text, check_lang
from mkba.phrases import short_repr
from mkba.pooling import monte_carlo, pool

__all__ = ["ASSUMPTIONS", "COLUMNS", "COVERAGES", "assumption_frame", "assumption_label",
           "assumption_records", "setting_label"]

#: The assumptions, in the order of the rows.
ASSUMPTIONS = ("coverage", "default_variance", "method", "ci", "prediction")
#: The coverages of a variant range that the ``coverage`` rows try.
COVERAGES = (0.50, 0.80, 0.90, 0.95, 0.99)
_METHODS = ("dl", "pm", "reml")
_CIS = ("z", "hksj")
_PREDICTIONS = ("normal", "t_k1", "t_k2")
_DEFAULT_VARIANCE = ("largest_other", "leave_out")

#: The columns of :func:`assumption_frame`.
COLUMNS = ("assumption", "setting", "is_default", "coverage", "default_variance", "method",
           "ci", "prediction", "k", "flagged", "pooled_estimate", "pooled_se", "estimate",
           "ci_low", "ci_high", "pi_low", "pi_high", "pi_df", "tau2", "i2", "p_above")

_LABELS = {
    "coverage": ("Dekking van de bandbreedte van varianten",
                 "Coverage of the range of variants"),
    "default_variance": ("Een studie zonder eigen onzekerheid",
                         "A study without own uncertainty"),
    "method": ("Schatter van tau²", "Estimator of tau²"),
    "ci": ("Betrouwbaarheidsinterval", "Confidence interval"),
    "prediction": ("Voorspellingsinterval", "Prediction interval"),
    "largest_other": ("krijgt de grootste variantie", "gets the largest variance"),
    "leave_out": ("wordt weggelaten", "is left out"),
    "dl": ("DerSimonian-Laird", "DerSimonian-Laird"), "pm": ("Paule-Mandel", "Paule-Mandel"),
    "reml": ("REML", "REML"), "ml": ("ML", "ML"), "fe": ("vast effect", "fixed effect"),
    "z": ("normaal (z)", "normal (z)"), "hksj": ("Knapp-Hartung (t, k−1)",
                                                 "Knapp-Hartung (t, k−1)"),
    "normal": ("normaal (z)", "normal (z)"), "t_k1": ("t (k−1)", "t (k−1)"),
    "t_k2": ("t (k−2), Riley e.a.", "t (k−2), Riley et al."),
}


def assumption_label(assumption: str, lang: str = "nl") -> str:
    """The name of an assumption of :data:`ASSUMPTIONS`, in Dutch or English.

    Examples
    --------
    >>> assumption_label("coverage"), assumption_label("method", "en")
    ('Dekking van de bandbreedte van varianten', 'Estimator of tau²')
    """
    check_lang(lang)
    if assumption not in ASSUMPTIONS:
        raise ArgumentError(Text("assumption={found} is niet toegestaan; gebruik een van "
                                 "{options}", "assumption={found} is not allowed; use one of "
                                 "{options}", found=short_repr(assumption),
                                 options=list(ASSUMPTIONS)))
    return _LABELS[assumption][lang == "en"]


def setting_label(assumption: str, setting: str, lang: str = "nl") -> str:
    """The name of a setting of an assumption (a row of :func:`assumption_frame`).

    A coverage is written as a percentage (:func:`mkba.formatting.level`).

    Examples
    --------
    >>> setting_label("coverage", "0.95"), setting_label("coverage", "0.5", "en")
    ('95%', '50%')
    >>> setting_label("prediction", "t_k2", "en"), setting_label("method", "pm")
    ('t (k−2), Riley et al.', 'Paule-Mandel')
    """
    assumption_label(assumption, lang)  # checks both
    if assumption == "coverage":
        return formatting.level(float(setting), lang)
    if setting not in _LABELS:
        raise ArgumentError(Text("setting={setting} is geen instelling van {assumption}",
                                 "setting={setting} is not a setting of {assumption}",
                                 setting=short_repr(setting), assumption=assumption))
    return _LABELS[setting][lang == "en"]


def _t_quantile(df: int, level: float) -> float:
    """The two-sided ``level`` quantile of Student's t on ``df`` degrees of freedom."""
    return float(special.stdtrit(df, 0.5 + level / 2))


def _row(reference: PooledStudies, ev: Evidence, *, assumption: str, setting: str,
         coverage: float, default_variance: str, method: str, ci: str, prediction: str,
         is_default: bool) -> dict:
    """One row: pool ``ev`` with the settings, the prediction interval with its quantile and
    the Monte Carlo of the reference (its draws and seed) on the prediction distribution."""
    ref = reference.pooled
    row = {"assumption": assumption, "setting": setting, "is_default": is_default,
           "coverage": coverage, "default_variance": default_variance, "method": method,
           "ci": ci, "prediction": prediction}
    table = ev.table
    keep = ~table["flagged"].astype(bool).to_numpy() if default_variance == "leave_out" else \
        np.ones(len(table), dtype=bool)
    y, v = ev.effects[keep], ev.variances[keep]
    k = int(keep.sum())
    row |= {"k": k, "flagged": int(table["flagged"].astype(bool).sum())}
    df = {"normal": None, "t_k1": k - 1, "t_k2": k - 2}[prediction]
    empty = dict.fromkeys(("pooled_estimate", "pooled_se", "estimate", "ci_low", "ci_high",
                           "pi_low", "pi_high", "tau2", "i2", "p_above"), math.nan)
    if k < 2 or (df is not None and df < 1):  # nothing to pool, or no t distribution
        return row | empty | {"pi_df": df}
    p = pool(y, v, method=method, ci=ci, level=ref.level)
    quantile = float(special.ndtri(0.5 + ref.level / 2)) if df is None else \
        _t_quantile(df, ref.level)
    pi_low = p.estimate - quantile * p.prediction_sd
    pi_high = p.estimate + quantile * p.prediction_sd
    # the draws of the reference, from the distribution of this row's prediction interval
    mc = reference.monte_carlo
    # on the pooled scale: exp(x) > 1 exactly when x > 0, and heavy-tailed t draws (df 1 or 2)
    # never overflow exp
    drawn = monte_carlo(replace(p, df=df), draws=mc.n, seed=mc.seed,
                        threshold=0.0 if reference.log_scale else mc.threshold)
    shown = reference.shown
    return row | {
        "pooled_estimate": p.estimate, "pooled_se": p.se, "estimate": shown(p.estimate),
        "ci_low": shown(p.ci_low), "ci_high": shown(p.ci_high), "pi_low": shown(pi_low),
        "pi_high": shown(pi_high), "pi_df": df, "tau2": p.tau2, "i2": p.i2,
        "p_above": drawn.p_above,
    }


def _settings(default, choices) -> tuple:
    """``choices``, with the reference's ``default`` among them (added at the end if new)."""
    return tuple(choices) if default in choices else (*choices, default)


def assumption_frame(reference: PooledStudies, studies, *, appraisals=None) -> pd.DataFrame:
    """The headline of ``reference`` with each assumption changed in turn (one tidy frame).

    Parameters
    ----------
    reference : PooledStudies
        The pooled analysis of the report (:func:`mkba.analysis.pool_studies`): its measure,
        estimator, interval method, level, coverage, basis, draws and seed are the defaults.
    studies : iterable of Study
        The studies it pooled.
    appraisals : mapping of study id to tuple of Appraisal, optional
        :func:`mkba.appraisal.appraise_all` of each study on the reference's basis (those of the
        report); computed otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per assumption setting, with the columns of :data:`COLUMNS`: the assumption
        and its setting (codes; :func:`assumption_label` and :func:`setting_label` name them),
        whether the row is the reference, every setting of the row (``coverage``,
        ``default_variance``, ``method``, ``ci``, ``prediction``), ``k`` pooled, how many
        studies got the default variance (``flagged``), the estimate and its standard error on
        the pooled scale (log ratios for ``log_bcr``), the estimate with its confidence and
        prediction intervals as shown (ratios for ``log_bcr``), the degrees of freedom of the
        prediction interval (None: normal), tau², I² (%) and ``p_above``, the share of draws
        above the threshold of the reference (benefits exceed costs for the ratio). Values
        that cannot be computed (fewer than two studies, or a t on fewer than 1 df) are NaN.

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.io import read_studies
    >>> studies = read_studies("studies")
    >>> frame = assumption_frame(pool_studies(studies, draws=1000), studies)
    >>> frame.groupby("assumption", sort=False).size().to_dict()
    {'coverage': 5, 'default_variance': 2, 'method': 3, 'ci': 2, 'prediction': 3}
    >>> frame.loc[frame["is_default"], "setting"].tolist()
    ['0.9', 'largest_other', 'reml', 'z', 'normal']
    """
    if not isinstance(reference, PooledStudies):
        raise ArgumentError(Text("reference={type} is niet toegestaan; geef de PooledStudies van "
                                 "mkba.analysis.pool_studies", "reference={type} is not allowed; "
                                 "give the PooledStudies of mkba.analysis.pool_studies",
                                 type=type(reference).__name__))
    ref, ev = reference.pooled, reference.evidence
    pooled_ids = set(ev.labels) | {i for i, _ in ev.excluded}
    studies = [s for s in studies if s.id in pooled_ids]
    appraisals = appraise_studies(studies, ev.basis, appraisals)
    defaults = {"coverage": ev.coverage, "default_variance": "largest_other",
                "method": ref.method, "ci": ref.ci_method,
                "prediction": "normal" if ref.df is None else "t_k1"}

    def evidence(coverage: float) -> Evidence:
        if coverage == ev.coverage:
            return ev
        return study_evidence(studies, ev.measure, basis=ev.basis, coverage=coverage,
                              appraisals=appraisals)

    rows = []
    for assumption, choices in (("coverage", sorted(set(COVERAGES) | {ev.coverage})),
                                ("default_variance", _DEFAULT_VARIANCE),
                                ("method", _settings(ref.method, _METHODS)),
                                ("ci", _settings(ref.ci_method, _CIS)),
                                ("prediction", _PREDICTIONS)):
        for choice in choices:
            settings = defaults | {assumption: choice}
            if assumption == "ci":  # the prediction interval that goes with it, as in pool()
                settings["prediction"] = "normal" if choice == "z" else "t_k1"
            rows.append(_row(reference, evidence(settings["coverage"]),
                             assumption=assumption, setting=str(choice),
                             is_default=choice == defaults[assumption], **settings))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["pi_df"] = frame["pi_df"].astype("Int64")
    return frame


def assumption_records(frame: pd.DataFrame) -> list[dict]:
    """The rows of :func:`assumption_frame` as plain Python values, ready for JSON: numbers as
    int or float, a value that could not be computed (NaN, a missing df) as None.

    Examples
    --------
    >>> frame = pd.DataFrame({"k": [13], "pi_df": pd.array([pd.NA], dtype="Int64"),
    ...                       "p_above": [float("nan")], "is_default": [np.True_]})
    >>> assumption_records(frame)
    [{'k': 13, 'pi_df': None, 'p_above': None, 'is_default': True}]
    """
    def plain(value):
        if value is None or value is pd.NA:
            return None
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value

    return [{str(k): plain(v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]
