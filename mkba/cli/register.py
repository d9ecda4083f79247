"""``mkba register``: the register of published MKBAs on the terminal, or as JSON.

The text lists per study its id, municipality, approach, year and bureau, each headline figure
with its kind and status, and the source address; the JSON holds the same as codes and numbers
(:func:`mkba.report_published.published_records`), with the figure's text and the reason it
stays out of pooling as the only formatted texts.
"""

from __future__ import annotations

from collections.abc import Sequence

from mkba.cli.text import counted
from mkba.headlines import STATUSES, PublishedStudy
from mkba.messages import Text
from mkba.report_published import figure_text, published_records

__all__ = ["format_register", "register_data"]


def _status(code: str, lang: str) -> str:
    return STATUSES[code][lang == "en"] if code in STATUSES else code


def format_register(studies: Sequence[PublishedStudy], file: str, lang: str = "nl") -> str:
    """The register as lines of text: a heading, then a block per study, in file order.

    Examples
    --------
    >>> from mkba.io.register import read_register
    >>> text = format_register(read_register(), "published_mkbas.csv", "en")
    >>> print(text.split("\\n\\n")[0])
    Register published_mkbas.csv: 22 studies, 11 headline figures
    >>> block = text.split("\\n\\n")[9].splitlines()
    >>> block[0], block[2], block[3][:33]
    ('amsterdam-west-2014-buurtpraktijkteam', '  benefit-cost ratio ≤ 2 (upper bound) · verified', \
'  source: https://www.consultancy')
    """
    n = sum(len(s.headlines) for s in studies)
    head = Text("Register {file}: {studies}, {figures}", "Register {file}: {studies}, {figures}",
                file=file, studies=counted(len(studies), ("studie", "studies"),
                                           ("study", "studies")),
                figures=counted(n, ("kopcijfer", "kopcijfers"),
                                ("headline figure", "headline figures")))
    blocks = [head.render(lang)]
    for s in studies:
        meta = " · ".join(x for x in (s.municipality, s.approach,
                                      "" if s.year is None else str(s.year), s.bureau) if x)
        lines = [s.id, f"  {meta}"]
        for h in s.headlines:
            lines.append(f"  {figure_text(h, lang)} · {_status(h.status, lang)}")
            if h.source and h.source != s.source:
                lines.append("    " + Text("bron: {s}", "source: {s}", s=h.source).render(lang))
        if not s.headlines:
            lines.append("  " + Text("geen kopcijfer gevonden · {status}",
                                     "no headline figure found · {status}",
                                     status=_status(s.status, lang)).render(lang))
        lines.append("  " + Text("bron: {s}", "source: {s}", s=s.source).render(lang))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def register_data(studies: Sequence[PublishedStudy], file: str, lang: str = "nl") -> dict:
    """The register as plain data: ``file``, ``studies`` (:func:`published_records`),
    ``headlines`` (how many figures)."""
    return {"file": file, "headlines": sum(len(s.headlines) for s in studies),
            "studies": published_records(studies, lang)}
