"""The warnings of a scenario's result: what a council should know before it trusts a figure.

Every result carries them (:attr:`mkba.scenario.result.ScenarioResult.warnings`, a tuple of
:class:`~mkba.messages.Text` in Dutch and English), empty only when none applies. A warning is
given when the result

- rests on a **default** the file did not give (:attr:`ScenarioSpec.defaulted`): the price year,
  the segment shares of a total, the caseload of a reached segment, the ramp-up;
- has a **price year after the last CPI year**: the studies' amounts are in the prices of that
  last year (no extrapolation, :attr:`ScenarioSpec.index_year`);
- has an input outside its **plausible range** (:data:`mkba.scenario.norms.PLAUSIBLE`);
- rests on **few studies**: fewer than :data:`MIN_STUDIES` (5), or a between-study variance
  estimated at 0 from fewer than :data:`FEW_FOR_TAU2` (10) studies, which is no evidence that
  the studies agree and makes the intervals too narrow;
- rests on a study whose variance is the **default** of :mod:`mkba.evidence`, or on a benefit
  category or the additional assistance that could **not be pooled** (one study, or no variance:
  :data:`~mkba.scenario.evidence.CATEGORY_BASES`);
- has **Monte Carlo draws below 0** of the benefit per reached household, saying what was done
  with them (:mod:`mkba.scenario.montecarlo`).
"""

from __future__ import annotations

from mkba.messages import Text
from mkba.scenario import _labels as L
from mkba.scenario.evidence import ScenarioEvidence
from mkba.scenario.norms import PLAUSIBLE
from mkba.scenario.spec import ScenarioSpec
from mkba.schema import SEGMENTS

__all__ = ["FEW_FOR_TAU2", "MIN_STUDIES", "category_segment_notes", "evidence_warnings",
           "input_warnings", "draw_warnings"]

#: Fewer studies than this behind the pooled benefits: a warning.
MIN_STUDIES = 5
#: A between-study variance of 0 estimated from fewer studies than this: a warning.
FEW_FOR_TAU2 = 10



def _default(field: str, spec: ScenarioSpec) -> Text | None:
    """The wording of one default, or None when it does not matter (an unreached segment)."""
    if field == "price_year":
        return Text("prijspeil {year} (het laatste jaar van de CBS-prijsindex): alle bedragen "
                    "worden gelezen als euro's van dat jaar", "price year {year} (the latest "
                    "year of the CBS price index): every amount is read as euros of that year",
                    year=spec.price_year)
    if field == "population.shares":
        return Text("de verdeling van de bevolking over de segmenten: 5% zwaar, 15% kwetsbaar, "
                    "80% overig (MKBA-tool 2014)", "the split of the population over the "
                    "segments: 5% heavy, 15% vulnerable, 80% other (2014 MKBA tool)")
    if field == "team.ramp_up":
        return Text("de ingroei: het volledige bereik vanaf het eerste jaar",
                    "the ramp-up: full reach from the first year")
    if field.startswith("team.caseload."):
        segment = field.rsplit(".", 1)[1]
        i = SEGMENTS.index(segment)
        if spec.households[i] * spec.reach[i] <= 0:
            return None
        return Text("de caseload {segment}: {load} huishoudens per fte (het midden van de "
                    "MKBA-tool 2014)", "the caseload {segment}: {load} households per FTE (the "
                    "midpoint of the 2014 MKBA tool)", segment=L.SEGMENT_WORDS[segment],
                    load=spec.caseload[i])
    return None


def input_warnings(spec: ScenarioSpec) -> list[Text]:
    """Warnings about the scenario's own inputs: defaults and implausible values."""
    out = []
    for field in spec.defaulted:
        text = _default(field, spec)
        if text is not None:
            out.append(Text("Rust op een standaardwaarde: {what}; geef de waarde in het "
                            "scenario als die voor uw gemeente anders is",
                            "Rests on a default: {what}; give the value in the scenario if it "
                            "differs for your municipality", what=text))
    if spec.index_year < spec.price_year:
        out.append(Text("Prijsjaar {year:year} ligt na het laatste jaar van de CBS-prijsindex "
                        "({last:year}). Regel: de bedragen uit de studies zijn in prijzen van "
                        "{last:year} en tellen als euro's van {year:year}; mkba schat de "
                        "inflatie daarna niet (0% per jaar na {last:year}), dus de baten uit "
                        "de studies vallen iets te laag uit tegenover uw eigen bedragen in "
                        "prijzen van {year:year}", "Price year {year:year} is after the last "
                        "year of the CBS price index ({last:year}). Rule: the amounts of the "
                        "studies are in {last:year} prices and count as euros of {year:year}; "
                        "mkba does not estimate the inflation after it (0% a year after "
                        "{last:year}), so the benefits from the studies come out somewhat low "
                        "against your own amounts in {year:year} prices", year=spec.price_year,
                        last=spec.index_year))
    low, high = PLAUSIBLE["costs.per_fte"]
    if not low <= spec.cost_per_fte <= high:
        out.append(Text("De kosten per fte ({value:euro}) liggen buiten het plausibele bereik "
                        "van {low:euro} tot {high:euro} per jaar (werkgeverslasten inbegrepen); "
                        "controleer costs.per_fte", "The cost per FTE ({value:euro}) is outside "
                        "the plausible range of {low:euro} to {high:euro} a year (employer costs "
                        "included); check costs.per_fte", value=spec.cost_per_fte, low=low,
                        high=high))
    high = PLAUSIBLE["costs.overhead_share"][1]
    if spec.overhead_share > high:
        out.append(Text("De overhead van {value:pct} van de personeelskosten is meer dan de "
                        "plausibele {high:pct}; controleer costs.overhead_share", "The overhead "
                        "of {value:pct} of the staff costs is more than the plausible "
                        "{high:pct}; check costs.overhead_share", value=spec.overhead_share,
                        high=high))
    high = PLAUSIBLE["population"][1]
    total = sum(spec.households)
    if total > high:
        out.append(Text("De bevolking telt {n} huishoudens: meer dan {high} (de grootste "
                        "gemeente, Amsterdam, heeft er ongeveer een half miljoen); controleer "
                        "population", "The population has {n} households: more than {high} "
                        "(the largest municipality, Amsterdam, has about half a million); check "
                        "population", n=round(total), high=round(high)))
    return out


def evidence_warnings(ev: ScenarioEvidence, replaced=()) -> list[Text]:
    """Warnings about the evidence: few studies, tau² = 0, default variances, categories that
    could not be pooled (except those ``replaced`` by a local figure)."""
    out = []
    k, tau2 = ev.total.k, ev.total.tau2
    if k < MIN_STUDIES:
        out.append(Text("Het bewijs rust op {k} studies (minder dan {min}): de gepoolde baten "
                        "per huishouden zijn onzeker, en de studies zijn geen representatieve "
                        "steekproef", "The evidence rests on {k} studies (fewer than {min}): the "
                        "pooled benefit per household is uncertain, and the studies are no "
                        "representative sample", k=k, min=MIN_STUDIES))
    if tau2 == 0 and k < FEW_FOR_TAU2:
        out.append(Text("De spreiding tussen de studies (tau²) is geschat op 0 uit {k} studies; "
                        "bij zo weinig studies bewijst dat niet dat ze het eens zijn, dus het "
                        "interval van de uitkomst is waarschijnlijk te smal", "The spread between "
                        "the studies (tau²) is estimated at 0 from {k} studies; with so few "
                        "studies that does not show that they agree, so the interval of the "
                        "result is probably too narrow", k=k))
    default = list(ev.studies.loc[ev.studies["variance_source"] == "default", "study_id"])
    if default:
        out.append(Text("Zonder eigen onzekerheid (geen interval en geen gevoeligheidsvarianten) "
                        "en daarom met de grootste variantie van de andere studies gepoold: "
                        "{ids}", "Without an uncertainty of their own (no interval and no "
                        "sensitivity variants), so pooled with the largest variance of the other "
                        "studies: {ids}", ids=default))
    cats = ev.categories[~ev.categories["category"].isin(list(replaced))]
    one = list(cats.loc[cats["basis"] == "one_study", "category"])
    if one:
        out.append(Text("Niet gepoold, want maar één studie heeft deze categorie (het bedrag van "
                        "die studie is gebruikt): {cats}", "Not pooled, as only one study has "
                        "this category (that study's amount is used): {cats}", cats=one))
    plain = cats[cats["basis"] == "unweighted"]
    if len(plain):
        out.append(Text("Niet gepoold, want geen studie geeft deze categorie een onzekerheid (het "
                        "ongewogen gemiddelde van de studies is gebruikt): {cats}", "Not pooled, "
                        "as no study gives this category an uncertainty (the unweighted mean of "
                        "the studies is used): {cats}", cats=list(plain["category"])))
    return out


def draw_warnings(below: float | None, draws: int, negative: str) -> list[Text]:
    """The warning about Monte Carlo draws of the benefit per household below 0, if any."""
    if not below:
        return []
    if negative == "zero":
        return [Text("In {share:pct} van de {draws} trekkingen waren de baten per bereikt "
                     "huishouden lager dan 0; die trekkingen tellen als geen effect (0), niet als "
                     "schade (effects.negative_draws = \"zero\")", "In {share:pct} of the {draws} "
                     "draws the benefit per reached household was below 0; those draws count as "
                     "no effect (0), not as harm (effects.negative_draws = \"zero\")",
                     share=below, draws=draws)]
    return [Text("In {share:pct} van de {draws} trekkingen waren de baten per bereikt huishouden "
                 "lager dan 0; die trekkingen tellen als schade: de huishoudens gaan erop "
                 "achteruit (effects.negative_draws = \"keep\")", "In {share:pct} of the {draws} "
                 "draws the benefit per reached household was below 0; those draws count as "
                 "harm: the households end up worse off (effects.negative_draws = \"keep\")",
                 share=below, draws=draws)]


def segment_warnings(spec: ScenarioSpec, seg, lvl, splits) -> list[Text]:
    """Warnings about the benefit per segment (:mod:`mkba.scenario.segments`): a result the
    evidence cannot pin down for this team (with the range over the plausible splits), studies
    left out of the segment model, a tau² it could not estimate, no plausible split, local
    figures."""
    out = []
    if lvl.source == "local":
        return [Text("De baten per bereikt huishouden zijn lokale cijfers per segment "
                     "(effects.per_segment), niet uit de studies; de Monte Carlo varieert ze "
                     "niet, dus de intervallen tonen hun onzekerheid niet", "The benefit per "
                     "reached household is a local figure per segment (effects.per_segment), not "
                     "from the studies; the Monte Carlo does not vary it, so the intervals do "
                     "not show its uncertainty")]
    if lvl.source == "pooled":
        out.append(Text("Geen enkele studie heeft een bekende verdeling over de segmenten (geen "
                        "huishoudens per segment en doelgroep alle huishoudens), dus elk bereikt "
                        "huishouden krijgt dezelfde gepoolde baten, welk segment ook",
                        "No study has a known split over the segments (no households per "
                        "segment and target all households), so every reached household gets "
                        "the same pooled benefit, whatever its segment"))
    elif seg.excluded:
        out.append(Text("Buiten het segmentmodel, want hun verdeling over de segmenten is "
                        "onbekend (geen huishoudens per segment, doelgroep alle huishoudens): "
                        "{ids}", "Left out of the segment model, as their split over the "
                        "segments is unknown (no households per segment, target all "
                        "households): {ids}", ids=list(seg.excluded)))
    if lvl.source != "evidence":
        return out
    if seg.tau2_pooled and len(seg.fits) and len(seg.mixes) > 1:
        out.append(Text("Het segmentmodel heeft evenveel studies als verschillende mixen van "
                        "segmenten, dus de spreiding tussen studies binnen een mix (tau²) is niet "
                        "te schatten; de spreiding van de gewone pooling is gebruikt (breder)",
                        "The segment model has as many studies as distinct mixes of segments, "
                        "so the spread between studies within a mix (tau²) cannot be estimated; "
                        "the spread of the plain pooling is used (wider)"))
    if not any(f.plausible for f in seg.fits):
        out.append(Text("Geen verdeling over de segmenten past bij het bewijs met baten die van "
                        "zwaar naar licht niet stijgen en niet negatief zijn; de uitkomst toont "
                        "elke verdeling die past", "No split over the segments fits the evidence "
                        "with benefits that do not rise from heavy to light and are not "
                        "negative; the result shows every split that fits"))
    if not lvl.identified:
        low, high = splits.loc[splits["net_pv"].idxmin()], splits.loc[splits["net_pv"].idxmax()]
        out.append(Text(
            "De studies kunnen de segmenten voor dit team niet scheiden: onder de plausibele "
            "verdelingen liggen de baten per bereikt huishouden tussen {b_low:euro} ({s_low}) en "
            "{b_high:euro} ({s_high}) per jaar, en de netto contante waarde tussen {low:euro} en "
            "{high:euro}. Getoond: {split} (effects.segment_split = \"{choice}\"); elke verdeling "
            "staat in segment_splits", "The studies cannot separate the segments for this team: "
            "under the plausible splits the benefit per reached household lies between "
            "{b_low:euro} ({s_low}) and {b_high:euro} ({s_high}) a year, and the net present "
            "value between {low:euro} and {high:euro}. Shown: {split} (effects.segment_split = "
            "\"{choice}\"); every split is in segment_splits",
            b_low=float(low["benefit_per_household"]), s_low=_split_text(low["split"], seg),
            b_high=float(high["benefit_per_household"]), s_high=_split_text(high["split"], seg),
            low=float(low["net_pv"]), high=float(high["net_pv"]),
            split=lvl.headline.split.text(), choice=spec.segment_split))
    return out


def _split_text(code: str, seg) -> Text:
    return next(f.split.text() for f in seg.fits if f.split.code == code)


def _category_reason(c) -> Text:
    """Why a category follows the total's split over the segments, in words."""
    if c.reason == "too_few_studies":
        return Text("{k} van de {needed} benodigde studies met een bekende segmentmix",
                    "{k} of the {needed} studies with a known segment mix needed", k=c.k,
                    needed=c.needed)
    if c.reason == "no_variance":
        return Text("geen studie geeft een onzekerheid", "no study gives an uncertainty")
    return Text("de studies scheiden de segmenten niet",
                "the studies do not separate the segments")


def category_segment_notes(seg, categories, lvl) -> list[Text]:
    """The note on how the benefits per category and actor follow the team's segment mix
    (:func:`mkba.scenario.segments.fit_categories`): which categories have benefits per segment
    of their own and which follow the total's split over the segments in proportion, and why.
    None without a segment model (every household gets the same pooled benefit)."""
    if not seg.fits or not categories or lvl.source == "pooled":
        return []
    own = [c.category for c in categories if c.estimated]
    rest = [c for c in categories if not c.estimated]
    if not rest:
        return [Text("Baten per categorie en actor volgen de segmentmix van het team: elke "
                     "categorie heeft eigen baten per segment, geschat uit de studies "
                     "(meta-regressie op hun mix van segmenten)", "Benefits per category and "
                     "actor follow the team's segment mix: every category has its own benefit "
                     "per segment, estimated from the studies (meta-regression on their mix of "
                     "segments)")]
    why = [Text("{cat} ({reason})", "{cat} ({reason})", cat=c.category,
                reason=_category_reason(c))
           for c in rest]
    template = "; ".join(f"{{w{i}}}" for i in range(len(why)))
    listed = Text(template, template, **{f"w{i}": w for i, w in enumerate(why)})
    return [Text("Baten per categorie en actor: eigen baten per segment (meta-regressie op de "
                 "mix van de studies) voor {own}; voor de andere categorieën volgt de verdeling "
                 "over de segmenten naar rato die van de totale baten: {rest}. Een categorie "
                 "krijgt eigen baten per segment als ten minste {needed} studies met een bekende "
                 "segmentmix haar meten (één meer dan het aantal segmenteffecten dat het bewijs "
                 "onderscheidt), met een onzekerheid, en die studies de segmenten scheiden",
                 "Benefits per category and actor: own benefits per segment (meta-regression on "
                 "the studies' mix) for {own}; the other categories follow the total's split "
                 "over the segments in proportion: {rest}. A category gets its own benefits per "
                 "segment when at least {needed} studies with a known segment mix measure it "
                 "(one more than the segment effects the evidence identifies), with an "
                 "uncertainty, and those studies separate the segments",
                 own=own or Text("geen categorie", "no category"), rest=listed,
                 needed=rest[0].needed)]
