"""Option values of the command line: each read from the text typed and checked before any work.

Every function takes the text as typed and returns the value the command uses, or raises
:class:`~mkba.errors.ArgumentError` with a sentence in Dutch and English that repeats what was
typed and says what is allowed. The parser (:mod:`mkba.cli.parser`) turns that into a usage error
(exit 2). The rules themselves stay where they live (the number of draws in
:func:`mkba.pooling.check_draws`, the basis in :mod:`mkba.basis`, ...): these functions read the
text, call the rule, and word the refusal for the command line. Heavy modules are imported only
when the option is given, so that ``mkba --help`` stays quick.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkba import limits
from mkba.errors import ArgumentError, ReferenceDataError
from mkba.messages import Text

__all__ = ["coverage", "draws", "existing", "horizon", "measure", "price_year", "rate",
           "seed", "subgroups"]

# a whole number as typed: digits, or groups of three split by '.', ',', '_' or a space
_WHOLE = re.compile(r"[+-]?(\d+|\d{1,3}([._, ]\d{3})+)")


def _refused(text: str, allowed: Text) -> ArgumentError:
    return ArgumentError(Text("{given!r} is niet toegestaan; {allowed}",
                              "{given!r} is not allowed; {allowed}", given=text,
                              allowed=allowed))


def _whole(text: str, allowed: Text) -> int:
    raw = text.strip()
    if not _WHOLE.fullmatch(raw):
        raise _refused(text, allowed)
    return int(re.sub(r"[._, ]", "", raw))


def draws(text: str) -> int:
    """The number of Monte Carlo draws (``--draws``): a whole number from 1 to
    :data:`mkba.limits.MAX_DRAWS`.

    Examples
    --------
    >>> draws("10.000"), draws("500")
    (10000, 500)
    >>> draws("0")
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: '0' is niet toegestaan; geef een geheel getal van 1 tot 1.000.000
    """
    from mkba.pooling import check_draws

    allowed = Text("geef een geheel getal van 1 tot {most}", "give a whole number from 1 to "
                   "{most}", most=limits.MAX_DRAWS)
    try:
        return check_draws(_whole(text, allowed))
    except ArgumentError:
        raise _refused(text, allowed) from None


def seed(text: str) -> int:
    """The seed of the Monte Carlo draws (``--seed``): a whole number from 0 to 2**64 - 1.

    Examples
    --------
    >>> seed("42")
    42
    >>> seed("-1")
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: '-1' is niet toegestaan; geef een geheel getal van 0 tot 2**64 - 1
    """
    from mkba.pooling import check_seed

    allowed = Text("geef een geheel getal van 0 tot 2**64 - 1",
                   "give a whole number from 0 to 2**64 - 1")
    try:
        return check_seed(_whole(text, allowed))
    except ArgumentError:
        raise _refused(text, allowed) from None


def coverage(text: str) -> float:
    """The assumed coverage of a study's sensitivity range (``--coverage``): a share between 0
    and 1, typed as 0.9, 0,9 or 90%.

    Examples
    --------
    >>> coverage("0,9"), coverage("0.8"), coverage("95%")
    (0.9, 0.8, 0.95)
    >>> coverage("90")
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: '90' is niet toegestaan; geef een aandeel tussen 0 en 1, zoals \
0,9 of 90%
    """
    from mkba.evidence import check_coverage

    allowed = Text("geef een aandeel tussen 0 en 1, zoals 0,9 of 90%",
                   "give a share between 0 and 1, such as 0.9 or 90%")
    raw = text.strip().replace(",", ".")
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
        return check_coverage(round(value, 12))
    except (ValueError, ArgumentError):
        raise _refused(text, allowed) from None


def measure(text: str) -> str:
    """The measure to pool (``--measure``), as :func:`mkba.evidence.study_evidence` takes it.

    Examples
    --------
    >>> measure("balance_per_household:rijk")
    'balance_per_household:rijk'
    >>> measure("bcr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: 'bcr' is niet toegestaan; geef een van log_bcr, ...
    """
    from mkba.evidence import POOLED_MEASURES, study_evidence

    try:  # the evidence checks the measure (and its code) before it reads any study
        study_evidence([], text)
    except ArgumentError:
        raise _refused(text, Text(
            "geef een van {names}; de laatste twee met een code: "
            "benefit_per_household:CATEGORIE (codes: mkba labels benefit_categories) of "
            "balance_per_household:ACTOR (codes: mkba labels actors)",
            "give one of {names}; the last two with a code: benefit_per_household:CATEGORY "
            "(codes: mkba labels benefit_categories) or balance_per_household:ACTOR (codes: mkba "
            "labels actors)", names=list(POOLED_MEASURES))) from None
    return text


def subgroups(text: str) -> str:
    """The study characteristic that ``--by`` makes subgroups of
    (:data:`mkba.schema.CHARACTERISTICS`).

    Examples
    --------
    >>> subgroups("scale")
    'scale'
    """
    from mkba.schema import CHARACTERISTICS

    if text not in CHARACTERISTICS:
        raise _refused(text, Text("kies uit {names}", "choose from {names}",
                                  names=list(CHARACTERISTICS)))
    return text


def rate(text: str) -> str:
    """The common discount rate (``--rate``) as typed, checked by :func:`mkba.basis.parse_rate`.

    Examples
    --------
    >>> rate("3%")
    '3%'
    >>> rate("nl-2030")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: rate='nl-2030' is niet toegestaan; 'nl-2030' is geen bekend \
regime (bekend zijn nl-1995, nl-2007, nl-2016, nl-2021); ...
    """
    from mkba.basis import parse_rate

    parse_rate(text)
    return text


def horizon(text: str) -> str:
    """The common horizon (``--horizon``) as typed: whole years or ``own``; checked by
    :func:`mkba.basis.as_basis`.

    Examples
    --------
    >>> horizon("own"), horizon("30")
    ('own', '30')
    """
    from mkba.basis import as_basis

    as_basis(horizon=text)
    return text


def price_year(text: str) -> str:
    """The common price year (``--price-year``) as typed: a year of the CBS price index
    (``mkba/data/cpi_nl.csv``), or ``latest``.

    Examples
    --------
    >>> price_year("2020"), price_year("latest")
    ('2020', 'latest')
    >>> price_year("2090")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: '2090' is niet toegestaan; geef een jaar van de CBS-prijsindex \
(2005-...), of 'latest' ...
    """
    from mkba.basis import as_basis
    from mkba.prices import price_index_factor
    from mkba.reference import cpi_changes

    year = as_basis(price_year=text).price_year  # a calendar year (its own message otherwise)
    try:
        price_index_factor(year, year)  # the price index knows the year
    except ReferenceDataError:
        years = sorted(cpi_changes())
        raise _refused(text, Text(
            "geef een jaar van de CBS-prijsindex ({first}-{last}), of 'latest' ('laatste') voor "
            "het laatste jaar; een nieuw jaar komt in mkba/data/cpi_nl.csv",
            "give a year of the CBS price index ({first}-{last}), or 'latest' for the latest "
            "year; a new year goes into mkba/data/cpi_nl.csv",
            first=years[0], last=years[-1])) from None
    return text


#: What an input path must be, per kind (for the message when it does not exist).
_WHAT = {
    "studies": Text("geef een map met studiewerkmappen (*.xlsx) of één werkmap",
                    "give a folder of study workbooks (*.xlsx) or one workbook"),
    "path": Text("geef een werkmap (*.xlsx) of een map met werkmappen",
                 "give a workbook (*.xlsx) or a folder of workbooks"),
    "mapping": Text("geef een mappingbestand (*.mapping.toml)",
                    "give a mapping file (*.mapping.toml)"),
    "spec": Text("geef een scenariobestand (.toml of .xlsx)",
                 "give a scenario file (.toml or .xlsx)"),
    "register": Text("geef een register van gepubliceerde MKBA's (CSV, zoals "
                     "mkba/data/register/published_mkbas.csv)",
                     "give a register of published MKBAs (CSV, such as "
                     "mkba/data/register/published_mkbas.csv)"),
}


def existing(kind: str):
    """A reader of an input path that must exist; ``kind`` is one of ``studies``, ``path``,
    ``mapping``, ``spec``, ``register`` (it words the message).

    Examples
    --------
    >>> existing("studies")("/no/such/folder")
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: '/no/such/folder' bestaat niet; geef een map met \
studiewerkmappen (*.xlsx) of één werkmap
    """
    what = _WHAT[kind]

    def read(text: str) -> Path:
        path = Path(text)
        if not path.exists() and kind == "studies" and text == "studies":  # the default
            raise ArgumentError(Text(
                "er is geen map studies in de huidige map ({cwd}) en --studies is niet gegeven; "
                "geef met --studies MAP een map met studiewerkmappen (*.xlsx) of één werkmap",
                "there is no folder studies in the current folder ({cwd}) and --studies was not "
                "given; give a folder of study workbooks (*.xlsx) or one workbook with "
                "--studies DIR", cwd=str(Path.cwd())))
        if not path.exists():
            raise ArgumentError(Text("{given!r} bestaat niet; {what}",
                                     "{given!r} does not exist; {what}", given=text, what=what))
        return path

    read.__name__ = f"existing_{kind}"
    return read
