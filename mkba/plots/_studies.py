"""Helpers shared by the per-study figures (inputs: appraisals and their studies)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from mkba.appraisal import Appraisal
from mkba.plots import style
from mkba.schema import Study

_T = {
    "no_households": ("geen bereikte huishoudens bekend", "no households reached known"),
    "no_costs": ("geen kosten", "no costs"),
    "no_benefits": ("geen baten", "no benefits"),
    "no_flows": ("alleen contante waarden, geen jaarlijkse stromen",
                 "present values only, no yearly flows"),
}


t = style.texts(_T)


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
    if len(left_out) > style.MAX_NAMED:  # counted per reason, not named
        whys = list(dict.fromkeys(why for _, why in left_out))
        counts = [f"{why}: {sum(w == why for _, w in left_out)}" for why in whys]
        lines.append(style.text("left_out", lang).format(
            f"{style.count_text(len(left_out), lang)} ({'; '.join(counts)})"))
    elif left_out:
        lines.append(style.text("left_out", lang).format(
            "; ".join(f"{sid} ({why})" for sid, why in left_out)))
    lines.extend(extra)
    return lines


def illustrative(pairs: Sequence[tuple[Appraisal, Study]]) -> bool:
    return any(bool(s.illustrative) for _, s in pairs)


#: Why an appraisal cannot be drawn, by the key of its reason in ``_T``.
_LACKS = {
    "no_flows": lambda a: not a.recomputed,
    "no_households": lambda a: a.pv_costs_per_household is None,
    "no_costs": lambda a: a.bcr is None,
    "no_benefits": lambda a: a.pv_benefits <= 0,
}


def split(pairs, lang: str, *reasons: str):
    """Split pairs into those a figure can draw and those left out, ``(study_id, why)``.

    ``reasons`` are keys of ``_LACKS``, checked in order: a study is left out for the first
    that holds.
    """
    used, left = [], []
    for a, s in pairs:
        why = next((r for r in reasons if _LACKS[r](a)), None)
        if why is None:
            used.append((a, s))
        else:
            left.append((a.study_id, t(why, lang)))
    return used, left


def by_net(pairs) -> list:
    """The pairs by net present value per household, highest first (then by study id)."""
    return sorted(pairs, key=lambda p: (-p[0].net_per_household, p[0].study_id))


def finish(ax: Axes, pairs, used, left_out, lang: str, title: str, xlabel: str, ylabel: str,
           *extra: str, pv_mark: bool = True) -> Axes:
    """Title, axis labels and the footnote of a per-study figure (:func:`footnote_lines` of
    the appraisals ``used``; the notice when any study of ``pairs`` is illustrative)."""
    style.finish(ax, title, xlabel, ylabel)
    style.footnote(ax, footnote_lines([a for a, _ in used], left_out, lang, *extra,
                                      pv_mark=pv_mark),
                   lang, illustrative=illustrative(pairs))
    return ax
