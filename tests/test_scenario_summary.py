"""The one-page summary of a scenario (mkba.scenario.summary, mkba.scenario.chance_words).

Expected numbers are written out by hand: the Dutch and English amounts by an independent
rule (thousands grouped with '.' in Dutch and ',' in English, whole euros), the plain-language
chances from counts worked out on paper, and the pages of a PDF counted from its own page tree
(not by WeasyPrint's layout that made it).
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import replace

import numpy as np
import pytest
from conftest import REPO, STUDIES

from mkba.cli import main
from mkba.io import read_studies
from mkba.messages import Text
from mkba.scenario import (
    PRESETS,
    compare_scenarios,
    read_preset,
    read_spec,
    run_scenario,
    write_comparison,
)
from mkba.scenario.chance_words import (
    chance_in_ten,
    chance_sentence,
    range_sentence,
    uncertainty_sentences,
)
from mkba.scenario.summary import summary_file_names, summary_html, summary_pdf

weasyprint = pytest.importorskip("weasyprint")

DRAWS = 300  # small: the summaries need draws, not precision


@pytest.fixture(scope="module")
def studies():
    return read_studies(sorted(STUDIES.glob("*.xlsx")))


@pytest.fixture(scope="module")
def presets(studies):
    return {name: run_scenario(read_preset(name), studies, draws=DRAWS, seed=1)
            for name in PRESETS}


def dutch_euro(x: float) -> str:
    """€ 1.234.567 / € -2.500: whole euros, '.' between thousands (hand rule)."""
    n = round(x)
    return "€ " + ("-" if n < 0 else "") + f"{abs(n):,}".replace(",", ".")


def english_euro(x: float) -> str:
    """€1,234,567 / -€2,500 (hand rule)."""
    n = round(x)
    return ("-" if n < 0 else "") + f"€{abs(n):,}"


def pdf_pages(data: bytes) -> int:
    """The /Count of the PDF's page tree, read from the file (object streams decompressed)."""
    text = data
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, flags=re.S):
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            pass
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages",
                        text)
    assert counts, "no page tree found"
    return int(next(a or b for a, b in counts))


def test_pdf_pages_counts_pages():
    two = weasyprint.HTML(string="<p>een</p><p style='break-before: page'>twee</p>").write_pdf()
    assert pdf_pages(two) == 2


def layout_pages(page: str) -> int:
    return len(weasyprint.HTML(string=page).render().pages)


def text_of(page: str) -> str:
    """The page's text with tags removed and entities resolved."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


# -- the five presets -------------------------------------------------------------------------
@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_gives_a_summary_of_one_page(presets, name):
    r = presets[name]
    page = summary_html(r)
    shown = text_of(page)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert "Voorbeeldstad" in shown and r.spec.title in shown
    # the key numbers, formatted the Dutch way
    municipality = float(r.by_actor.loc[r.by_actor["actor"] == "gemeente", "net"].iloc[0])
    for amount in (r.net_pv, municipality, r.pv_costs, r.pv_benefits, r.budget_effect_year2):
        assert dutch_euro(amount) in shown, amount
    assert f"{r.bcr:.2f}".replace(".", ",") in shown
    assert (str(r.payback_year) if r.payback_year else "niet binnen de looptijd") in shown
    # the municipality heads the table of actors
    assert "Saldo Kans baten > kosten Gemeente €" in shown
    # every warning and note of the result, and the illustrative notices
    for w in (*r.warnings, *r.notes):
        assert w.render("nl") in shown
    assert "Illustratief voorbeeld" in shown and "illustratieve voorbeeldstudies" in shown
    assert uncertainty_sentences(r)[0].nl in shown and "gesimuleerde situaties" in shown
    # the page fits one A4 in the layout, and so does the PDF written from it (summary_pdf
    # lays out the same page first: test_write_comparison_writes_the_summaries)
    document = weasyprint.HTML(string=page).render()
    assert len(document.pages) == 1
    assert pdf_pages(document.write_pdf()) == 1


def test_the_assumptions_are_on_the_page(presets):
    r = presets["ouderenteam"]  # scenarios/presets/ouderenteam.toml, read by hand
    shown = text_of(summary_html(r))
    # segments: zwaar 200 households, reach 100%, caseload 7 -> 200 reached, 28,6 fte;
    # kwetsbaar 1.300 x 75% = 975 at 40 -> 24,4 fte; overig 5.500 x 10% = 550 at 100 -> 5,5 fte
    assert "zwaar 200 100% 200 7 28,6" in shown
    assert "kwetsbaar 1.300 75% 975 40 24,4" in shown
    assert "overig 5.500 10% 550 100 5,5" in shown
    assert "Totaal 1.725 58,4" in shown  # 200 + 975 + 550; 28,57 + 24,375 + 5,5 = 58,45
    assert "2026–2033 (8 jaar)" in shown and "prijspeil 2024" in shown
    assert "2,25% (nl-2021)" in shown
    assert "€ 76.000" in shown and "€ 150.000 per jaar + 10% van de personeelskosten" in shown
    assert "€ 200.000" in shown and "Gemeente 70%, Zorgverzekeraar 30%" in shown
    assert "lokaal: € 300 per bereikt huishouden per jaar (Gemeente)" in shown
    assert "approach_type = ouderenteam" in shown
    assert "Ingroei bereik (per jaar) 60% / 100%" in shown
    assert "Ingroei van het effect (per jaar) 70% / 100%" in shown
    assert "Elasticiteit effect naar caseload geen" in shown


# -- the uncertainty in words ---------------------------------------------------------------
def test_chance_in_ten_rounds_half_up_on_counts():
    # 83/100 = 8,3 tenths -> 8; 85/100 = 8,5 -> 9 (half up; 0.85 as a float is 0.8499...);
    # 849/1000 = 8,49 -> 8; 4/100 = 0,4 -> 0; 5/100 = 0,5 -> 1; 95/100 = 9,5 -> 10
    assert [chance_in_ten(c, d) for c, d in ((83, 100), (85, 100), (849, 1000), (4, 100),
                                             (5, 100), (95, 100), (0, 7), (7, 7))] == \
        [8, 9, 8, 0, 1, 10, 0, 10]


def test_chance_sentences_say_the_edges_as_they_are():
    assert chance_sentence(83, 100).nl == (
        "In 8 van de 10 gesimuleerde situaties zijn de baten groter dan de kosten "
        "(83,0% van de 100 trekkingen).")
    assert chance_sentence(83, 100).en == (
        "In 8 out of 10 simulated situations the benefits exceed the costs "
        "(83.0% of the 100 draws).")
    assert chance_sentence(1000, 1000).nl == (
        "In alle 1.000 gesimuleerde situaties zijn de baten groter dan de kosten.")
    assert chance_sentence(0, 1000).nl == (
        "In geen van de 1.000 gesimuleerde situaties zijn de baten groter dan de kosten.")
    assert chance_sentence(0, 1000).en == (
        "In none of the 1,000 simulated situations do the benefits exceed the costs.")
    # 960 of 1000 rounds to 10 tenths but is not all: "vrijwel alle"; 30 of 1000: "vrijwel geen"
    assert chance_sentence(960, 1000).nl == (
        "In vrijwel alle gesimuleerde situaties zijn de baten groter dan de kosten "
        "(96,0% van de 1.000 trekkingen).")
    assert chance_sentence(30, 1000).en == (
        "In hardly any of the simulated situations do the benefits exceed the costs "
        "(3.0% of the 1,000 draws).")
    # 9996 of 10000 would show as 100,0%: a finite number of draws shows no certainty
    assert "(> 99,9% van de 10.000 trekkingen)" in chance_sentence(9996, 10_000).nl
    assert chance_sentence(25, 100, "municipality").nl == (
        "In 3 van de 10 gesimuleerde situaties zijn de baten van de gemeente groter dan haar "
        "eigen kosten (25,0% van de 100 trekkingen).")


@pytest.mark.parametrize("bad", [(5, 0), (11, 10), (-1, 10), (1.5, 10), (True, 10)])
def test_chance_in_ten_refuses_what_is_no_count(bad):
    from mkba.errors import ArgumentError

    with pytest.raises(ArgumentError):
        chance_in_ten(*bad)


def test_range_sentence_is_the_middle_80_percent():
    # 101 draws of 1.000, 2.000, ... 101.000: the 10% quantile sits at position 0,1 x 100 = 10
    # (the 11th value, 11.000), the 90% quantile at position 90 (the 91st, 91.000)
    draws = np.arange(1.0, 102.0) * 1000
    assert range_sentence(draws).nl == (
        "In 8 van de 10 gesimuleerde situaties ligt de netto contante waarde tussen € 11.000 en "
        "€ 91.000; in 1 van de 10 is ze lager en in 1 van de 10 hoger.")
    assert "between €11,000 and €91,000" in range_sentence(draws).en


def test_the_summary_uses_the_draws_the_result_holds(presets):
    r = presets["jeugd_gezinsteam"]
    # exactly 83 of 100 draws positive; the municipality gains in 25 of them
    nets = np.array([1e6] * 83 + [-1e6] * 17)
    crafted = replace(r, draws=100, net_draws=nets, p_municipality_gains=0.25)
    sentences = [t.nl for t in uncertainty_sentences(crafted)]
    assert sentences[0].startswith("In 8 van de 10 gesimuleerde situaties zijn de baten "
                                   "groter dan de kosten (83,0%")
    assert sentences[1].startswith("In 3 van de 10 gesimuleerde situaties zijn de baten van de "
                                   "gemeente")
    # 10% and 90% quantiles of 17 x -1e6 and 83 x 1e6: positions 9,9 and 89,1 -> -1e6, 1e6
    assert "tussen € -1.000.000 en € 1.000.000" in sentences[2]
    shown = text_of(summary_html(crafted))
    assert sentences[0] in shown


def test_break_even_in_words(presets):
    r = presets["jeugd_gezinsteam"]
    # the benefits may fall short by 1 - PV costs / PV benefits before the net is 0
    drop = 1 - r.pv_costs / r.pv_benefits
    assert 0 < drop < 1
    shown = f"{100 * drop:.1f}".replace(".", ",").removesuffix(",0") + "%"
    assert f"De baten mogen {shown} lager uitvallen dan verwacht" in text_of(summary_html(r))


def test_without_monte_carlo_the_summary_says_no_uncertainty_was_computed(studies):
    r = run_scenario(read_spec(REPO / "scenarios" / "zwaar.toml"), studies, monte_carlo=False)
    shown = text_of(summary_html(r))
    assert "Er is geen onzekerheid berekend" in shown
    assert "gesimuleerde situaties" not in shown and "Kans baten" not in shown
    assert "No uncertainty was computed" in text_of(summary_html(r, lang="en"))


def test_zero_reach_has_no_payback_year(studies):
    spec = replace(read_spec(REPO / "scenarios" / "zwaar.toml"), reach=(0.0, 0.0, 0.0))
    r = run_scenario(spec, studies, draws=100)
    assert r.payback_year is None
    shown = text_of(summary_html(r))
    assert "niet binnen de looptijd (t/m 2035)" in shown  # 2026 + 10 - 1
    assert "De baten mogen" not in shown  # no benefits: no break-even


# -- English ----------------------------------------------------------------------------------
def test_english_summary(presets):
    r = presets["zorg_welzijnsteam"]
    page = summary_html(r, lang="en")
    shown = text_of(page)
    assert '<html lang="en">' in page
    for words in ("Scenario summary", "Key figures", "Net present value, municipality",
                  "Benefit-cost ratio", "Municipal budget effect in year 2", "Payback year",
                  "Uncertainty", "Key assumptions", "Warnings", "out of 10 simulated situations"):
        assert words in shown, words
    assert "Illustrative example" in shown and "illustrative example studies" in shown
    for amount in (r.net_pv, r.pv_costs, r.budget_effect_year2):
        assert english_euro(amount) in shown
    for w in r.warnings:
        assert w.render("en") in shown
    assert "Kerncijfers" not in shown and "gesimuleerde" not in shown
    assert layout_pages(page) == 1


def test_text_from_the_scenario_is_escaped(presets):
    r = presets["ouderenteam"]
    crafted = replace(r, spec=replace(r.spec, title="Wijk <Noord> & Zuid"))
    page = summary_html(crafted)
    assert "Wijk &lt;Noord&gt; &amp; Zuid" in page and "<Noord>" not in page


def test_a_summary_with_many_warnings_still_prints_on_one_page(presets):
    r = presets["wijkteam_probleemwijk"]
    many = replace(r, warnings=r.warnings * 4 + (Text("Extra waarschuwing " * 40,
                                                      "Extra warning " * 40),))
    assert pdf_pages(summary_pdf(many)) == 1


# -- files ------------------------------------------------------------------------------------
def test_file_names_are_safe_and_unique():
    assert summary_file_names(["Plan A", "plan-a", "Zorgcoördinatie/zwaar", "..", ""]) == [
        "samenvatting-plan-a", "samenvatting-plan-a-2", "samenvatting-zorgcoordinatie-zwaar",
        "samenvatting-scenario", "samenvatting-scenario-2"]
    assert summary_file_names(["a" * 300], "en") == ["summary-" + "a" * 80]


def test_write_comparison_writes_the_summaries(studies, tmp_path):
    plan = read_spec(REPO / "scenarios" / "zwaar.toml")
    runs = [run_scenario(s, studies, draws=200) for s in
            (plan, replace(plan, name="Zwaar half", multiplier=0.5))]
    comparison = compare_scenarios(runs)
    first = write_comparison(comparison, tmp_path / "a")
    names = [p.name for p in first]
    assert names[:10] == [  # the outputs that were there before, unchanged in name and order
        "comparison.csv", "by_actor.csv", "by_year.csv", "net_by_actor.png", "net_by_actor.svg",
        "npv_distribution.png", "npv_distribution.svg", "probability_best.png",
        "probability_best.svg", "comparison.xlsx"]
    assert names[10:] == ["samenvatting-zwaar.html", "samenvatting-zwaar-half.html"]
    assert "Zwaar half" in (tmp_path / "a" / "samenvatting-zwaar-half.html").read_text("utf-8")
    again = write_comparison(comparison, tmp_path / "b")  # deterministic
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    with_pdf = [p.name for p in write_comparison(comparison, tmp_path / "c", pdf=True,
                                                  lang="en")]
    assert with_pdf[10:] == ["summary-zwaar.html", "summary-zwaar.pdf",
                             "summary-zwaar-half.html", "summary-zwaar-half.pdf"]
    assert pdf_pages((tmp_path / "c" / "summary-zwaar.pdf").read_bytes()) == 1
    # the PDF is deterministic too: no date or random identifier in it
    assert summary_pdf(runs[0], lang="en") == (tmp_path / "c" / "summary-zwaar.pdf").read_bytes()


def test_mkba_scenario_pdf_writes_the_summaries(tmp_path, capsys):
    out = tmp_path / "uit"
    specs = [str(REPO / "scenarios" / "zwaar.toml"), str(REPO / "scenarios" / "ouderen.toml")]
    assert main(["scenario", *specs, "--studies", str(STUDIES), "--draws", "200", "--out",
                 str(out), "--pdf"]) == 0
    capsys.readouterr()
    for name in ("zwaar", "ouderen"):
        assert (out / f"samenvatting-{name}.html").is_file()
        assert pdf_pages((out / f"samenvatting-{name}.pdf").read_bytes()) == 1
    plain = tmp_path / "zonder"
    assert main(["scenario", specs[0], "--studies", str(STUDIES), "--draws", "200", "--out",
                 str(plain)]) == 0
    assert (plain / "samenvatting-zwaar.html").is_file()
    assert not list(plain.glob("*.pdf"))
