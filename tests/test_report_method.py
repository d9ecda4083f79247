"""The method section of the report names every flag that applies (issue #11)."""

from __future__ import annotations

from helpers_studies import make_study

from mkba.report import build_report
from mkba.report_text import method_items


def _pv(variants: dict[str, float]) -> list[tuple]:
    """Present values: costs 1000, benefits per variant (so the ratio is benefits / 1000)."""
    return [row for variant, benefits in variants.items() for row in (
        ("cost", "uitvoering_team", "gemeente", 1000.0, variant),
        ("benefit", "jeugdzorg", "gemeente", benefits, variant))]


def test_every_flag_is_listed():
    studies = [
        # ranges of its own variants: no flag
        make_study("a", pv_items=_pv({"basis": 1500.0, "laag": 1000.0})),
        # yearly flows, no variants: a default variance (flagged); reports a ratio of 2.0
        make_study("b", discount_rate=0.25, reported={"bcr": 2.0}, approach_type="ouderenteam"),
        # present values only, reports a ratio 1.2 that its own items give exactly (1200/1000)
        make_study("c", pv_items=_pv({"basis": 1200.0, "hoog": 1800.0}), reported={"bcr": 1.2},
                   approach_type="ouderenteam"),
    ]
    items = method_items(build_report(studies, price_year=2015, draws=200))
    flags = {i.split(":")[0]: i for i in items}
    # b is the only study without its own uncertainty
    assert flags["Gemarkeerd, standaardvariantie (geen eigen onzekerheid)"].endswith(": b.")
    # a and c give present values only: price indexed, never re-discounted
    assert flags["Alleen geïndexeerd, niet herberekend (de studie geeft alleen contante "
                 "waarden)"].endswith(": a, c.")
    # b's own flows: costs 1000 in 2015 and benefits 500 a year in 2015-2017 at its own 25%:
    # ratio 0.5 * (1 + 0.8 + 0.64) = 1.22 at t=1 and the same at t=0, not the 2.0 it reports
    # only b has the health insurer (its default flows): a and c are left out of the insurer's
    # balance, not counted as a balance of 0
    absent = [i for i in items if i.startswith("Niet meegeteld in het saldo per actor")]
    assert absent == ["Niet meegeteld in het saldo per actor, omdat de actor in de studie niet "
                      "voorkomt (geen saldo 0): Zorgverzekeraar: a, c."]
    mismatch = [i for i in items if i.startswith("Gerapporteerde kengetallen")]
    assert mismatch == ["Gerapporteerde kengetallen die meer dan 2% afwijken van de eigen "
                        "posten van de studie: b: bcr (basis)."]


def test_the_appendix_names_each_study_s_flags():
    from mkba.report import render_html

    studies = [make_study("a", pv_items=_pv({"basis": 1500.0, "laag": 1000.0})),
               make_study("b", discount_rate=0.25, reported={"bcr": 2.0},
                          approach_type="ouderenteam")]
    report = build_report(studies, price_year=2015, draws=200)
    html = render_html(report, {name: b"" for name in report.figures})
    b = html[html.index('<details id="study-b">'):]
    b = b[:b.index("</details>")]
    assert ("Markeringen: Gemarkeerd, standaardvariantie (geen eigen onzekerheid); "
            "Gerapporteerde kengetallen die meer dan 2% afwijken van de eigen posten van de "
            "studie: bcr (basis).") in b
    a = html[html.index('<details id="study-a">'):]
    a = a[:a.index("</details>")]
    assert "Markeringen: Alleen geïndexeerd, niet herberekend" in a
    assert "standaardvariantie" not in a
