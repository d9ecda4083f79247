"""The words of the command line in Dutch and English: argparse's own messages and the help.

argparse builds its messages ("usage:", "error:", "invalid choice", "the following arguments
are required", "show this help message and exit", the group titles "options" and "positional
arguments") from English templates that it looks up through :mod:`gettext` (on Python 3.11:
``from gettext import gettext as _, ngettext`` at the top of ``argparse``, so through the
process-wide domain ``messages``; the Python documentation's HOWTO "How to translate the
argparse output" lists these strings as its translatable ones). :data:`ARGPARSE_NL` is the
Dutch catalogue of those templates, keyed by the English template exactly as argparse passes
it, and :class:`ArgparseDutch` a :class:`gettext.NullTranslations` that answers from it.
:func:`argparse_language` installs it only while a Dutch parser is built, parses or prints,
and puts argparse's own lookup back afterwards; English needs nothing.

:data:`HELP` holds the help texts of the commands and options as :class:`~mkba.messages.Text`
(``%`` is written ``%%``, as argparse formats help with ``%``).
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import threading
from collections.abc import Iterator

from mkba.messages import Text
from mkba.reference import discount_regimes
from mkba.vocab import VOCABULARY_NAMES

__all__ = ["ARGPARSE_NL", "BY_CHOICES", "DEFAULT_DRAWS", "HELP", "MEASURES", "METAVARS",
           "ArgparseDutch", "argparse_language", "counted"]

#: argparse's English templates (as in its source) -> Dutch; the ``%`` fields are kept.
ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",  # Python before 3.10
    "show this help message and exit": "toon deze hulp en stop",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r (verwacht: %(type)s)",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "expected one argument": "hier hoort één waarde bij",
    "expected at most one argument": "hier hoort hoogstens één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "ambiguous option: %(option)s could match %(matches)s":
        "dubbelzinnige optie: %(option)s kan staan voor %(matches)s",
    "not allowed with argument %s": "niet toegestaan samen met %s",
    "ignored explicit argument %r": "waarde %r genegeerd: deze optie neemt geen waarde",
    "one of the arguments %s is required": "een van de argumenten %s is verplicht",
    "unexpected option string: %s": "onverwachte optie: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "onbekende opdracht %(parser_name)r (kies uit %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}
#: argparse's templates with a plural: (singular, plural) -> (Dutch singular, Dutch plural).
_ARGPARSE_NL_PLURAL = {
    ("expected %s argument", "expected %s arguments"):
        ("hier hoort %s waarde bij", "hier horen %s waarden bij"),
}


class ArgparseDutch(gettext.NullTranslations):
    """argparse's messages in Dutch (:data:`ARGPARSE_NL`); anything else as it is.

    Examples
    --------
    >>> t = ArgparseDutch()
    >>> t.gettext("usage: "), t.gettext("something else")
    ('gebruik: ', 'something else')
    >>> t.ngettext("expected %s argument", "expected %s arguments", 2) % 2
    'hier horen 2 waarden bij'
    """

    def gettext(self, message: str) -> str:
        return ARGPARSE_NL.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = _ARGPARSE_NL_PLURAL.get((msgid1, msgid2))
        if forms is None:
            return super().ngettext(msgid1, msgid2, n)
        return forms[0] if n == 1 else forms[1]


_DUTCH = ArgparseDutch()
_LOCK = threading.RLock()


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """While the block runs, argparse words its messages in ``lang`` ('nl' or 'en').

    argparse has no per-parser hook for its language: it calls the module's ``_`` and
    ``ngettext``. For Dutch these two point at :class:`ArgparseDutch` for the duration of the
    block (one thread at a time) and are put back after it, however it ends; nothing stays
    changed. English is argparse's own.

    Examples
    --------
    >>> p = argparse.ArgumentParser(prog="demo", add_help=False)
    >>> with argparse_language("nl"):
    ...     p.format_usage()
    'gebruik: demo\\n'
    >>> p.format_usage()
    'usage: demo\\n'
    """
    if lang != "nl":
        yield
        return
    with _LOCK:
        saved = argparse._, argparse.ngettext
        argparse._, argparse.ngettext = _DUTCH.gettext, _DUTCH.ngettext
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved


#: Placeholders of the usage lines, per language.
METAVARS = {
    "command": Text("OPDRACHT", "COMMAND"),
    "out_xlsx": Text("UIT.xlsx", "OUT.xlsx"),
    "path": Text("PAD", "PATH"),
    "dir": Text("MAP", "DIR"),
    "toml": Text("TOML", "TOML"),
    "rate": Text("VOET", "RATE"),
    "year": Text("JAAR", "YEAR"),
    "years": Text("JAREN", "YEARS"),
    "measure": Text("MAAT", "MEASURE"),
    "characteristic": Text("KENMERK", "CHARACTERISTIC"),
    "share": Text("AANDEEL", "SHARE"),
    "count": Text("AANTAL", "COUNT"),
    "number": Text("GETAL", "NUMBER"),
    "spec": Text("SCENARIO", "SPEC"),
    "vocabulary": Text("LIJST", "VOCABULARY"),
    "preset": Text("TEAMTYPE", "TEAM_TYPE"),
    "csv": Text("CSV", "CSV"),
}


def counted(n: int, nl: tuple[str, str], en: tuple[str, str]) -> Text:
    """``n`` with its noun, singular or plural, in Dutch and English.

    Examples
    --------
    >>> counted(1, ("studie", "studies"), ("study", "studies")).render("en")
    '1 study'
    >>> str(counted(13, ("bestand", "bestanden"), ("file", "files")))
    '13 bestanden'
    """
    i = 0 if n == 1 else 1
    return Text("{n} " + nl[i], "{n} " + en[i], n=n)


#: The number of Monte Carlo draws of ``mkba pool`` and ``mkba scenario`` unless ``--draws``.
DEFAULT_DRAWS = 10_000

#: The characteristics that ``mkba pool --by`` groups by, as the help lists them
#: (:data:`mkba.schema.CHARACTERISTICS`; a test keeps the two equal).
BY_CHOICES = ("approach_type", "scale", "target_breadth", "household_type", "stage",
              "evaluation", "kind")
#: The measures of ``mkba pool --measure``, as the help lists them
#: (:data:`mkba.evidence.POOLED_MEASURES`; a test keeps the two equal).
MEASURES = ("log_bcr", "net_per_household", "benefits_per_household", "costs_per_household",
            "benefit_per_household", "balance_per_household")

HELP = {
    # the program
    "mkba": Text(
        "Maatschappelijke kosten-batenanalyse (MKBA) van sociale wijkteams: studiewerkmappen "
        "inlezen, herberekenen op een gemeenschappelijke basis, poolen, scenario's vergelijken "
        "en rapporteren. Alle uitvoer en meldingen zijn in het Nederlands; --lang en geeft "
        "Engels.",
        "Social cost-benefit analysis (MKBA) of social neighbourhood teams: import study "
        "workbooks, recompute them on a common basis, pool, compare scenarios, report. Output "
        "and messages are Dutch by default; --lang en gives English."),
    "version": Text("toon het versienummer en stop", "show the version number and exit"),
    "lang": Text("taal van de uitvoer en de meldingen: nl (standaard) of en",
                 "language of the output and the messages: nl (default) or en"),
    "epilog": Text(
        "Exitcodes: 0 gelukt, 1 onbruikbare invoer of uitvoermap (elke melding wordt getoond, "
        "er wordt niets geschreven), 2 een fout in de opdracht of de opties, 130 onderbroken.",
        "Exit codes: 0 success, 1 unusable input or output folder (every message is shown, "
        "nothing is written), 2 a mistake in the command or its options, 130 interrupted."),
    # input options
    "layout": Text("kies de indeling in plaats van die te herkennen",
                   "force a layout instead of detecting it"),
    "mapping": Text("mappingbestand voor --layout mapping (standaard: <naam>.mapping.toml naast "
                    "elke werkmap)",
                    "mapping file for --layout mapping (default: <name>.mapping.toml beside "
                    "each workbook)"),
    "studies": Text("map (of werkmap) met studies (standaard: studies)",
                    "folder (or workbook) of studies (default: studies)"),
    # the basis
    "rate": Text("disconteringsvoet voor jaarlijkse kasstromen: own (de eigen voet van elke "
                 "studie; standaard), een decimaal getal zoals 0,03, een percentage zoals "
                 "5,5%% of een regimecode ({regimes})",
                 "discount rate for yearly flows: own (each study's own; default), a decimal "
                 "such as 0.03, a percentage such as 5.5%% or a regime code ({regimes})",
                 regimes=list(discount_regimes())),
    "price_year": Text("gemeenschappelijk prijsjaar (standaard: het laatste jaar van de "
                       "CBS-prijsindex)",
                       "common price year (default: the latest year of the CBS price index)"),
    "horizon": Text("gemeenschappelijke looptijd in jaren, of own (de eigen looptijd van elke "
                    "studie; standaard)",
                    "common horizon in years, or own (each study's own; default)"),
    "csv_dialect": Text("CSV-bestanden voor Nederlandse Excel (excel-nl: ; en decimale komma, "
                        "met BOM; standaard bij --lang nl) of voor programma's (plain: , en "
                        "decimale punt; standaard bij --lang en)",
                        "CSV files for Dutch Excel (excel-nl: ; and a decimal comma, with a "
                        "BOM; the default with --lang nl) or for programs (plain: , and a "
                        "decimal point; the default with --lang en)"),
    "report_pdf": Text("schrijf ook report.pdf: het rapport om af te drukken, met "
                       "paginanummers en inhoudsopgave (WeasyPrint)",
                       "also write report.pdf: the report for print, with page numbers and "
                       "a table of contents (WeasyPrint)"),
    "scenario_pdf": Text("schrijf ook de samenvatting van elk scenario als PDF van één A4 "
                         "(WeasyPrint); de HTML-samenvatting wordt altijd geschreven",
                         "also write each scenario's one-page summary as an A4 PDF "
                         "(WeasyPrint); the HTML summary is always written"),
    "timing": Text("eerste kasstroom één jaar verdisconteerd (t1, standaard) of helemaal niet "
                   "(t0)",
                   "first flow discounted one year (t1, default) or not at all (t0)"),
    # template
    "template": Text("schrijf een lege studiewerkmap om in te vullen",
                     "write a blank study workbook to fill in"),
    "template_description": Text(
        "Schrijf een lege studiewerkmap (toelichting, metadata, jaarlijkse kasstromen, "
        "contante waarden, kerncijfers) met keuzelijsten voor categorieën en actoren.",
        "Write a blank study workbook (instructions, metadata, yearly flows, present values, "
        "headline figures) with drop-down lists for categories and actors."),
    "out_xlsx": Text("de werkmap die geschreven wordt", "the workbook to write"),
    "force": Text("overschrijf UIT.xlsx als die al bestaat", "overwrite OUT.xlsx if it exists"),
    "preset": Text("vul de werkmap met het uitgewerkte, illustratieve voorbeeld van dit teamtype "
                   "({choices})", "fill the workbook with the worked, illustrative example of "
                   "this team type ({choices})", choices="%(choices)s"),
    # validate
    "validate": Text("controleer studiewerkmappen en toon elk probleem",
                     "check study workbooks and list every issue"),
    "validate_description": Text(
        "Controleer elke werkmap en toon elk probleem (code, bestand, blad, cel, wat er stond, "
        "wat verwacht werd). Exitcode 0 als alles geldig is, 1 bij een probleem.",
        "Check every workbook and print every issue (code, file, sheet, cell, what was found, "
        "what was expected). Exit 0 when all are valid, 1 when there is any issue."),
    "paths": Text("werkmappen of mappen met werkmappen", "workbooks or folders of workbooks"),
    "validate_json": Text("toon het verslag als JSON (vaste codes; meldingen in --lang)",
                          "print the report as JSON (stable codes; messages in --lang)"),
    # import
    "import": Text("importeer studies in het gemeenschappelijke schema (CSV + xlsx)",
                   "import studies into the common schema (CSV + xlsx)"),
    "import_description": Text(
        "Lees elke werkmap en schrijf de gecombineerde dataset als CSV-bestanden en één xlsx. "
        "Er wordt niets geschreven als een bestand een probleem heeft.",
        "Read every workbook and write the combined common-schema data set as tidy CSV files "
        "and one xlsx. Nothing is written when any file has an issue."),
    "import_out": Text("uitvoermap", "output folder"),
    # tables
    "tables": Text("herbereken de studies op een gemeenschappelijke basis en schrijf de "
                   "vergelijkingstabellen (CSV + xlsx)",
                   "recompute the studies on a common basis and write the comparison tables "
                   "(CSV + xlsx)"),
    "tables_description": Text(
        "Schrijf de zes vergelijkingstabellen (overzicht, kerncijfers, wie betaalt en wie "
        "profiteert, samenstelling van de baten, gevoeligheid voor de methode, samenvatting) "
        "als CSV-bestanden en één xlsx, in een eigen map (niet in een rapport van mkba report).",
        "Write the six comparison tables (overview, headline results, who pays and who "
        "benefits, benefit composition, method sensitivity, summary) as CSV files and one "
        "xlsx, into a folder of their own (not inside a report of mkba report)."),
    "tables_out": Text("uitvoermap (standaard: tables)", "output folder (default: tables)"),
    # pool
    "pool": Text("pool de studies: random-effects-meta-analyse",
                 "pool the studies: random-effects meta-analysis"),
    "pool_description": Text(
        "Pool één maat over de studies op een gemeenschappelijke basis: schatting met "
        "betrouwbaarheids- en voorspellingsinterval, heterogeniteit, desgewenst subgroepen met "
        "de toets van hun verschil, leave-one-out, de toets van Egger en de kans dat de baten "
        "de kosten overtreffen in een nieuwe situatie.",
        "Pool one measure over the studies on a common basis: estimate with confidence and "
        "prediction interval, heterogeneity, optional subgroups with the test of their "
        "difference, leave-one-out, Egger's test and the probability that benefits exceed "
        "costs in a new setting."),
    "measure": Text("{first} (standaard), {others}; {category} met een code uit mkba labels "
                    "benefit_categories, {actor} met een code uit mkba labels actors",
                    "{first} (default), {others}; {category} with a code of mkba labels "
                    "benefit_categories, {actor} with a code of mkba labels actors",
                    first=MEASURES[0], others=list(MEASURES[1:4]),
                    category="benefit_per_household:CATEGORIE",
                    actor="balance_per_household:ACTOR"),
    "by": Text("subgroepen naar {choices}", "subgroups by {choices}", choices=list(BY_CHOICES)),
    "method": Text("schatter van de variantie tussen studies (standaard: reml)",
                   "estimator of the between-study variance (default: reml)"),
    "ci": Text("normale (z, standaard) of Knapp-Hartung-intervallen (hksj)",
               "normal (z, default) or Knapp-Hartung (hksj) intervals"),
    "coverage": Text("aangenomen dekking van de gevoeligheidsmarge van een studie, een aandeel "
                     "tussen 0 en 1 (standaard 0,9)",
                     "assumed coverage of a study's sensitivity range, a share between 0 and 1 "
                     "(default 0.9)"),
    "draws": Text("aantal Monte Carlo-trekkingen (standaard {n})",
                  "Monte Carlo draws (default {n})", n=DEFAULT_DRAWS),
    "seed": Text("startgetal (seed) van de Monte Carlo (standaard 0)",
                 "Monte Carlo seed (default 0)"),
    "pool_json": Text("toon het volledige resultaat als JSON",
                      "print the full result as JSON"),
    # scenario
    "scenario": Text("reken gemeentelijke scenario's door op het gepoolde bewijs en vergelijk "
                     "ze",
                     "run municipal scenarios on the pooled evidence and compare them"),
    "scenario_description": Text(
        "Reken elk scenario (TOML, of de invoerwerkmap van 'mkba scenario-template') door op "
        "het gepoolde bewijs, met dezelfde trekkingen voor alle, en zet ze naast elkaar.",
        "Run each scenario (TOML, or the xlsx input workbook of 'mkba scenario-template') on "
        "the pooled evidence, with the same random draws for all, and compare them side by "
        "side."),
    "specs": Text("scenariobestanden (.toml of .xlsx)", "scenario files (.toml or .xlsx)"),
    "scenario_out": Text("schrijf comparison.csv, de figuren (png+svg) en comparison.xlsx in "
                         "deze map (standaard: NAAM-resultaten in de huidige map; "
                         "vergelijking-resultaten bij meerdere bestanden)",
                         "write comparison.csv, the figures (png+svg) and comparison.xlsx into "
                         "this folder (default: NAME-resultaten in the current folder; "
                         "vergelijking-resultaten for several files)"),
    "scenario_json": Text("toon de vergelijking als JSON", "print the comparison as JSON"),
    # scenario-template
    "scenario-template": Text("schrijf de lege invoerwerkmap voor een scenario",
                              "write the blank scenario input workbook"),
    "scenario-template_description": Text(
        "Schrijf de xlsx-invoerwerkmap voor een gemeentelijk scenario (bereik, kosten, "
        "effecten), met keuzelijsten.",
        "Write the xlsx input workbook for a municipal scenario (reach, costs, effects), with "
        "drop-down lists."),
    # calculator
    "calculator": Text("schrijf de rekenwerkmap (xlsx met formules) voor een gemeente",
                       "write the calculator workbook (xlsx with formulas) for a municipality"),
    "calculator_description": Text(
        "Schrijf een xlsx-rekenwerkmap met live formules op het gepoolde bewijs: de gemeente "
        "past bereik, caseload, kosten en ingroei aan en ziet de contante waarde per actor, de "
        "begroting in jaar 2 en de kans dat de baten de kosten overtreffen meteen opnieuw "
        "berekend, zonder Python. Rekent als 'mkba scenario'.",
        "Write an xlsx calculator workbook with live formulas on the pooled evidence: the "
        "municipality changes reach, caseload, costs and ramp-up and sees the present value per "
        "actor, the budget in year 2 and the probability that the benefits exceed the costs "
        "recalculate at once, without Python. Computes as 'mkba scenario'."),
    "calculator_preset": Text("het teamtype waarvan de werkmap uitgaat ({choices}; standaard: "
                              "%(default)s)", "the team type the workbook starts from "
                              "({choices}; default: %(default)s)", choices="%(choices)s"),
    # report
    "report": Text("maak alle tabellen en figuren opnieuw, als rapport",
                   "regenerate every table and figure as a report"),
    "report_description": Text(
        "Schrijf index.html (op zichzelf staand), tables.xlsx, tables/*.csv, figures/*.png en "
        "*.svg, de scenariovergelijking en results.json. Een mislukte run laat het vorige "
        "rapport zoals het was.",
        "Write index.html (self-contained), tables.xlsx, tables/*.csv, figures/*.png and "
        "*.svg, the scenario comparison and results.json. A failed run leaves the previous "
        "report intact."),
    "report_out": Text("uitvoermap, als geheel vervangen (standaard: reports)",
                       "output folder, replaced as a whole (default: reports)"),
    "scenarios": Text("map met scenariobestanden (*.toml, *.xlsx) voor het scenariodeel "
                      "(standaard: scenarios; overgeslagen als die niet bestaat)",
                      "folder of scenario files (*.toml, *.xlsx) for the scenario section "
                      "(default: scenarios; skipped when it does not exist)"),
    "no_scenarios": Text("laat de scenario's weg", "leave out the scenarios"),
    "report_register": Text(
        "register van gepubliceerde MKBA's voor de sectie Gepubliceerde MKBA's (standaard: het "
        "meegeleverde register); de cijfers worden getoond, nooit gepoold",
        "register of published MKBAs for the section Published MKBAs (default: the shipped "
        "register); its figures are shown, never pooled"),
    "no_register": Text("laat het register weg (kopcijfers uit de werkmappen blijven staan)",
                        "leave out the register (headline figures from the workbooks stay)"),
    "quiet": Text("toon geen voortgang", "no progress output"),
    # register
    "register": Text("toon het register van gepubliceerde MKBA's met hun kopcijfers en bronnen",
                     "print the register of published MKBAs with their headline figures and "
                     "sources"),
    "register_description": Text(
        "Toon per studie in het register de gemeente, de aanpak, het jaar, het bureau, elk "
        "kopcijfer met zijn soort en status, en de bron. Een register met een probleem: elk "
        "probleem wordt getoond, exitcode 1.",
        "Print per study of the register its municipality, approach, year and bureau, each "
        "headline figure with its kind and status, and its source. A register with any issue: "
        "every issue is printed, exit 1."),
    "register_file": Text("het register (CSV; standaard: het meegeleverde register)",
                          "the register (CSV; default: the shipped register)"),
    "register_json": Text("toon het register als JSON (codes en getallen; de tekst van elk "
                          "kopcijfer en de reden om niet te poolen in --lang)",
                          "print the register as JSON (codes and numbers; the text of each "
                          "headline figure and the reason it is not pooled in --lang)"),
    # labels
    "labels": Text("toon de vaste lijsten (actoren, categorieën, kenmerken) met hun codes, "
                   "labels en synoniemen",
                   "print the vocabularies (actors, categories, characteristics) with their "
                   "codes, labels and synonyms"),
    "labels_description": Text(
        "Toon de vaste lijsten waaruit een studie haar actoren, kosten- en batencategorieën en "
        "kenmerken kiest: per term de code, het label en de synoniemen die een werkmap ook mag "
        "gebruiken. Zonder LIJST alle lijsten.",
        "Print the vocabularies from which a study takes its actors, cost and benefit "
        "categories and characteristics: per term its code, its label and the synonyms a "
        "workbook may use as well. Without VOCABULARY, all of them."),
    "vocabulary": Text("één lijst: {names}", "one vocabulary: {names}",
                       names=list(VOCABULARY_NAMES)),
    "labels_json": Text("toon de lijsten als JSON (code, nl, en, synoniemen)",
                        "print the vocabularies as JSON (code, nl, en, synonyms)"),
}
