"""The report's section of published MKBAs (headline-only studies,
:class:`mkba.headlines.PublishedStudy`): :func:`published_records` (their plain data, for
``results.json`` and ``mkba register --json``), :func:`published_rows` (the table),
:func:`not_pooled` (why each stays out of pooling) and :func:`published_intro` (what the section
is), in Dutch and English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from mkba import formatting
from mkba.headlines import (
    PERSPECTIVES,
    STATUSES,
    PublishedStudy,
    headline_text,
    left_out_of_pooling,
)
from mkba.io.register import SHIPPED
from mkba.report_text import TEXT

__all__ = ["published_records", "published_rows", "published_intro", "not_pooled",
           "source_link", "figure_text"]


_URL = re.compile(r"https?://[^\s,;]+")


def source_link(source: str) -> dict:
    """A source as a link: its first web address (``href``), shown by its host name (``text``),
    and what the source says besides the address (``rest``, such as a page).

    Only ``http`` and ``https`` addresses become links; a source without one is shown as text.

    Examples
    --------
    >>> source_link("https://www.platform31.nl/wat-we-doen/x, p. 12")
    {'href': 'https://www.platform31.nl/wat-we-doen/x', 'text': 'platform31.nl', 'rest': 'p. 12'}
    >>> source_link("rapport, tabel 3")
    {'href': None, 'text': 'rapport, tabel 3', 'rest': ''}
    """
    found = _URL.search(source or "")
    if found is None:
        return {"href": None, "text": source or "", "rest": ""}
    href = found.group(0).rstrip(".)")
    host = (urlsplit(href).hostname or href).removeprefix("www.")
    rest = (source[:found.start()] + source[found.start() + len(href):]).strip(" ,;.")
    return {"href": href, "text": host, "rest": rest}


def _label(table: dict, code: str | None, lang: str) -> str:
    return table[code][lang == "en"] if code in table else ""


def figure_text(h, lang: str = "nl") -> str:
    """A headline with its kind (:func:`mkba.headlines.headline_text`), and its perspective
    when that is not society's.

    Examples
    --------
    >>> from mkba.headlines import Headline
    >>> h = Headline("bcr", 3.0, None, None, "lower", "unknown", None, "verified", "x")
    >>> figure_text(h), figure_text(h, "en")
    ('baten-kostenverhouding ≥ 3 (ondergrens); perspectief: onbekend', \
'benefit-cost ratio ≥ 3 (lower bound); perspective: unknown')
    """
    shown = headline_text(h, lang)
    if h.perspective != "society":
        perspective = _label(PERSPECTIVES, h.perspective, lang)
        shown += "; " + TEXT[lang]["perspective"].format(p=perspective)
    return shown


def published_records(published: Iterable[PublishedStudy], lang: str = "nl") -> list[dict]:
    """The published studies as plain data: codes and numbers as they are, in the given order.

    Per study its metadata (codes, not labels), its ``headlines`` (each with ``measure``,
    ``value``, ``low``, ``high`` (shares as fractions), ``bound``, ``perspective``,
    ``period``, ``price_year``, ``rate``, ``status``, ``source``, ``note`` and ``text``: the
    figure with its kind as :func:`mkba.headlines.headline_text` writes it in ``lang``) and
    ``not_pooled``: why it stays out of pooling (:func:`mkba.headlines.left_out_of_pooling`,
    in ``lang``). ``text`` and ``not_pooled`` are the only formatted texts.

    Examples
    --------
    >>> from mkba.io.register import read_register
    >>> r = {s["id"]: s for s in published_records(read_register(), "en")}
    >>> h = r["amsterdam-west-2014-buurtpraktijkteam"]["headlines"][0]
    >>> h["measure"], h["value"], h["bound"], h["text"]
    ('bcr', 2.0, 'upper', 'benefit-cost ratio ≤ 2 (upper bound)')
    """
    out = []
    for s in published:
        out.append({
            "id": s.id, "scope": s.scope, "municipality": s.municipality, "approach": s.approach,
            "approach_type": s.approach_type, "year": s.year, "bureau": s.bureau,
            "commissioner": s.commissioner, "evaluation": s.evaluation, "cases": s.cases,
            "status": s.status, "source": s.source, "file": s.file, "note": s.note,
            "illustrative": s.illustrative,
            "headlines": [{
                "measure": h.measure, "value": h.value, "low": h.low, "high": h.high,
                "bound": h.bound, "perspective": h.perspective, "period": h.period,
                "price_year": h.price_year, "rate": h.rate, "status": h.status,
                "source": h.source, "note": h.note, "text": headline_text(h, lang)}
                for h in s.headlines],
            "not_pooled": left_out_of_pooling(s).render(lang),
        })
    return out


def not_pooled(published: Iterable[PublishedStudy], lang: str = "nl") -> list[dict]:
    """Every published study with the reason it stays out of pooling (``study_id``,
    ``reason``), in the given order."""
    return [{"study_id": s.id, "reason": left_out_of_pooling(s).render(lang)}
            for s in published]


def published_rows(published: Iterable[PublishedStudy], lang: str = "nl") -> list[dict]:
    """The rows of the report's table of published studies, one per study in the given order.

    Each has the study's ``id``, ``municipality``, ``approach``, ``year``, ``bureau`` (as text)
    and its ``figures``: per headline its ``text`` (with its kind, and its perspective when not
    society's), ``status`` (a label) and ``link`` (:func:`source_link`); a study without a
    figure has one, that says so, with the study's status and source. ``group`` names the
    study's scope (social teams, related approaches, meta-analyses) on the first row of each
    run of one scope, and is None on the others.

    Examples
    --------
    >>> from mkba.io.register import read_register
    >>> rows = {r["id"]: r for r in published_rows(read_register())}
    >>> [(f["text"], f["status"], f["link"]["text"])
    ...  for f in rows["tilburg-2013-gezinsmanagement"]["figures"]]
    [('geen kopcijfer gevonden', 'niet gevonden', 'adoc.pub')]
    """
    t = TEXT[lang]
    rows = []
    previous = None
    for s in published:
        group = t.get(f"scope_{s.scope}", s.scope) if s.scope != previous else None
        previous = s.scope
        figures = [{"text": figure_text(h, lang), "status": _label(STATUSES, h.status, lang),
                    "link": source_link(h.source or s.source)} for h in s.headlines] or [
            {"text": t["no_headline"], "status": _label(STATUSES, s.status, lang),
             "link": source_link(s.source)}]
        approach = s.approach + (f" ({t['illustrative_short']})" if s.illustrative else "")
        rows.append({"id": s.id, "municipality": s.municipality, "approach": approach,
                     "year": "" if s.year is None else formatting.year(s.year),
                     "bureau": s.bureau, "figures": figures, "group": group})
    return rows


_INTRO = {
    "nl": ("Kopcijfers van gepubliceerde MKBA's en businesscases, zoals gepubliceerd: elk "
           "met zijn soort (schatting, onder- of bovengrens, bedrag per jaar) en zijn bron. Ze "
           "zijn niet herberekend op de gemeenschappelijke basis en geen ervan telt mee in de "
           "gepoolde uitkomsten van dit rapport. Bron: {sources}."),
    "en": ("Headline figures of published MKBAs (SCBAs) and business cases, as published: each "
           "with its kind (estimate, lower or upper bound, amount per year) and its source. "
           "They are not recomputed on the common basis and none of them counts in the pooled "
           "results of this report. Source: {sources}."),
}
_SHIPPED = {
    "nl": "het register dat met mkba wordt meegeleverd ({file}), in 2026 samengesteld uit "
          "openbare bronnen (zie mkba/data/register/README.md)",
    "en": "the register shipped with mkba ({file}), compiled in 2026 from public sources (see "
          "mkba/data/register/README.md)",
}


def published_intro(published: Iterable[PublishedStudy], lang: str = "nl") -> str:
    """What the section of published studies is, and where its studies come from (the shipped
    register, a register file, study workbooks: the files they were read from)."""
    shipped = SHIPPED.rsplit("/", 1)[-1]
    files = sorted({s.file for s in published if s.file})
    sources = [_SHIPPED[lang].format(file=f) if f == shipped else f for f in files]
    return _INTRO[lang].format(sources=", ".join(sources) or "-")
