"""Helpers shared by the per-study figures (inputs: appraisals and their studies)."""

from __future__ import annotations

from collections.abc import Sequence

from mkba.economics import Appraisal
from mkba.plots import style
from mkba.schema import Study

_T = {
    "no_households": ("geen bereikte huishoudens bekend", "no households reached known"),
    "no_costs": ("geen kosten", "no costs"),
    "no_benefits": ("geen baten", "no benefits"),
    "no_flows": ("alleen contante waarden, geen jaarlijkse stromen",
                 "present values only, no yearly flows"),
}


def t(key: str, lang: str) -> str:
    return _T[key][lang == "en"]


def label(a: Appraisal) -> str:
    """The study id, with '*' when the study reports present values only."""
    return a.study_id + ("" if a.recomputed else " *")


def footnote_lines(used: Sequence[Appraisal], left_out: Sequence[tuple[str, str]], lang: str,
                   *extra: str, ratio: bool = False, pv_mark: bool = True) -> list[str]:
    """Basis, the '*' studies, the studies left out (with why) and ``extra`` lines."""
    lines = [style.basis_text(used, lang, ratio=ratio)] if used else []
    pv_only = [a.study_id for a in used if not a.recomputed]
    if pv_only and pv_mark:
        lines.append(style.pv_only_text(pv_only, lang))
    if left_out:
        lines.append(style.text("left_out", lang).format(
            "; ".join(f"{sid} ({why})" for sid, why in left_out)))
    lines.extend(extra)
    return lines


def illustrative(pairs: Sequence[tuple[Appraisal, Study]]) -> bool:
    return any(bool(s.illustrative) for _, s in pairs)


def per_household(pairs, lang: str, *, need_benefits: bool = False):
    """Split pairs into those with a per-household figure and those left out (with why)."""
    used, left = [], []
    for a, s in pairs:
        if a.pv_costs_per_household is None:
            left.append((a.study_id, t("no_households", lang)))
        elif need_benefits and a.pv_benefits <= 0:
            left.append((a.study_id, t("no_benefits", lang)))
        else:
            used.append((a, s))
    return used, left
