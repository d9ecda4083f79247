"""Caseload and effectiveness: the optional link between a team's caseload and its effect.

A higher caseload (more households per FTE) makes a team cheaper per household; whether it also
makes it less effective the studies do not say, so mkba makes no assumption unless the scenario
gives one. ``effects.caseload_elasticity = e`` multiplies the benefit per reached household of
segment ``s`` by

    f_s = (reference_s / caseload_s) ** e

with ``reference_s`` the 2014 tool's midpoint (6, 35 and 100 households per FTE: the default
caseloads): at the reference caseload ``f = 1``; with ``e = 0.5`` twice the caseload gives
``0.5 ** 0.5 = 71%`` of the effect per household, half the caseload 141%. Without an elasticity
(the default: "none") ``f = 1`` whatever the caseload, and every output says so
(:func:`caseload_note`); a reached segment whose caseload lies outside the 2014 norms
(:data:`mkba.scenario.norms.CASELOAD_NORMS`) gives a warning that names the norm and, without
an elasticity, that the lower costs of a higher caseload count in full with no loss of effect
(:func:`caseload_warnings`).
"""

from __future__ import annotations

import numpy as np

from mkba.messages import Text
from mkba.scenario import _labels as L
from mkba.scenario._checks import DEFAULT_CASELOADS
from mkba.scenario.norms import caseload_outside_norm
from mkba.schema import SEGMENTS

__all__ = ["caseload_factors", "caseload_note", "caseload_warnings"]



def caseload_factors(caseload, elasticity: float | None) -> np.ndarray:
    """``f_s`` per segment (all 1 without an elasticity).

    Examples
    --------
    >>> [round(float(f), 4) for f in caseload_factors((12.0, 35.0, 50.0), 0.5)]
    [0.7071, 1.0, 1.4142]
    >>> caseload_factors((12.0, 35.0, 50.0), None).tolist()
    [1.0, 1.0, 1.0]
    """
    caseload = np.asarray(caseload, dtype=float)
    if elasticity is None:
        return np.ones(len(caseload))
    return (np.asarray(DEFAULT_CASELOADS) / caseload) ** elasticity


def caseload_note(elasticity: float | None) -> Text:
    """The sentence every output carries about the link between caseload and effect."""
    if elasticity is None:
        return Text("Verband tussen caseload en effect: geen (effects.caseload_elasticity is niet "
                    "gegeven); de baten per bereikt huishouden hangen niet af van de caseload",
                    "Link between caseload and effect: none (effects.caseload_elasticity is not "
                    "given); the benefit per reached household does not depend on the caseload")
    return Text("Verband tussen caseload en effect: elasticiteit {e} (effects."
                "caseload_elasticity); het effect per huishouden is (referentie / caseload) tot "
                "de macht {e}, met als referentie 6, 35 en 100 huishoudens per fte",
                "Link between caseload and effect: elasticity {e} (effects.caseload_elasticity); "
                "the effect per household is (reference / caseload) to the power {e}, with "
                "reference 6, 35 and 100 households per FTE", e=elasticity)


def caseload_warnings(caseload, reached, elasticity: float | None) -> list[Text]:
    """A warning per reached segment whose caseload lies outside the 2014 norm."""
    out = []
    factors = caseload_factors(caseload, elasticity)
    for segment, load, low, high in caseload_outside_norm(caseload, reached):
        i = SEGMENTS.index(segment)
        above = load > high
        norm = Text("de caseload {segment} ({load} huishoudens per fte) ligt {where} de norm "
                    "van de MKBA-tool 2014 ({low} tot {high})", "the caseload {segment} ({load} "
                    "households per FTE) is {where} the 2014 MKBA tool's norm ({low} to {high})",
                    segment=L.SEGMENT_WORDS[segment], load=load, low=low, high=high,
                    where=Text("boven", "above") if above else Text("onder", "below"))
        if elasticity is None and above:
            out.append(Text("Let op: {norm}. Zonder elasticiteit (effects.caseload_elasticity) "
                            "blijven de baten per huishouden gelijk: de lagere kosten van de "
                            "hogere caseload tellen volledig mee, zonder verlies aan effect",
                            "Note: {norm}. Without an elasticity (effects.caseload_elasticity) "
                            "the benefit per household stays the same: the lower costs of the "
                            "higher caseload count in full, with no loss of effect", norm=norm))
        elif elasticity is None:
            out.append(Text("Let op: {norm}. Zonder elasticiteit (effects.caseload_elasticity) "
                            "levert de lagere caseload geen extra effect op, alleen hogere "
                            "kosten", "Note: {norm}. Without an elasticity "
                            "(effects.caseload_elasticity) the lower caseload brings no extra "
                            "effect, only higher costs", norm=norm))
        else:
            out.append(Text("Let op: {norm}. Met elasticiteit {e} is het effect per huishouden "
                            "{factor:pct} van dat bij de referentiecaseload", "Note: {norm}. "
                            "With elasticity {e} the effect per household is {factor:pct} of "
                            "that at the reference caseload", norm=norm, e=elasticity,
                            factor=float(factors[i])))
    return out
