"""The common basis of every recomputation: price year, discount rate, horizon and timing.

A :class:`Basis` is made once, by :func:`as_basis`, from whatever the user typed (the command
line, a TOML file, the Python API) and then travels as one object through the appraisal, the
tables, the evidence, the figures and the report. It is resolved when it is made: the price year
is a calendar year (the latest year of the CBS price index when none is given) and a regime code
is turned into its decimal rate (the code is kept, to be shown). It describes itself once per
language (:meth:`Basis.describe`), the sentence under every table and figure.

Accepted values
---------------
price_year
    None or ``"latest"`` (the latest CPI year), a year as an int or as text (``"2023"``).
rate
    None, ``"own"`` or ``"eigen"`` (each study's own rate); a decimal from 0 up to 1 (``0.03``,
    ``"0,03"``, ``"0.03"``); a percentage as text (``"3%"``, ``"2,25%"``); a Dutch regime code
    of ``mkba/data/discount_regimes.csv`` (``"nl-2021"``).
horizon
    None or ``"own"`` (each study's own), or whole years from 1 to
    :data:`mkba.limits.MAX_HORIZON` (an int or text).
timing
    ``"t1"`` (the first flow year discounted one year, the default) or ``"t0"`` (not at all);
    see :mod:`mkba.discounting`.

A value that is not allowed raises :class:`~mkba.errors.ArgumentError` with a message in Dutch
and English (:class:`mkba.messages.Text`) that names the argument, the value as given and what is
allowed; an unknown regime code names the known ones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from numbers import Integral, Real

from mkba import formatting, limits
from mkba.discounting import TIMINGS, rate_value, regime_rate, timing_offset
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.phrases import basis_line, horizon_phrase, rate_phrase, timing_phrase
from mkba.prices import latest_price_year
from mkba.reference import discount_regimes

__all__ = ["Basis", "as_basis", "parse_rate"]

_OWN = ("own", "eigen", "")
_LATEST = ("latest", "laatste", "")
_REGIME_LIKE = re.compile(r"[a-z]{2}-\d{2,4}")  # typed as a regime code: nl-2021, nl-21


def _refused(name: str, value, allowed: Text) -> ArgumentError:
    """'name=value is not allowed; allowed' in Dutch and English (the value as given)."""
    return ArgumentError(Text("{name}={value} is niet toegestaan; {allowed}",
                              "{name}={value} is not allowed; {allowed}",
                              name=Text.same(name), value=Text.same(_shown(value)),
                              allowed=allowed))


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Basis:
    """One common basis, resolved; make it with :func:`as_basis`.

    Attributes
    ----------
    price_year : int
        Target price year of every amount.
    rate : float or None
        Discount rate as a decimal; None for each study's own rate.
    regime : str or None
        The Dutch regime code the rate came from, when one was given.
    horizon : int or None
        Common horizon in years; None for each study's own.
    timing : {"t1", "t0"}
        Discounting of the first flow year.

    Examples
    --------
    >>> b = as_basis(price_year=2023, rate="nl-2021", horizon=30)
    >>> b.rate, b.regime, b.horizon, b.timing
    (0.0225, 'nl-2021', 30, 't1')
    >>> b.rate_for(0.055), as_basis(price_year=2023).rate_for(0.055)
    (0.0225, 0.055)
    """

    price_year: int
    rate: float | None = None
    regime: str | None = None
    horizon: int | None = None
    timing: str = "t1"

    def __post_init__(self):
        # a Basis made directly (not through as_basis) is held to the same rules
        if isinstance(self.price_year, bool) or not isinstance(self.price_year, Integral):
            raise _refused("price_year", self.price_year,
                           Text("geef een kalenderjaar, zoals 2023",
                                "give a calendar year such as 2023"))
        if self.regime is not None and self.rate != regime_rate(self.regime):
            raise ArgumentError(Text("rate={rate} is niet de disconteringsvoet van regime "
                                     "{regime!r}",
                                     "rate={rate} is not the rate of regime {regime!r}",
                                     rate=Text.same(repr(self.rate)), regime=self.regime))
        if self.rate is not None:
            rate_value(self.rate)
        _horizon(self.horizon)
        timing_offset(self.timing)

    def rate_for(self, own: float) -> float:
        """The rate applied to a study whose own rate is ``own``."""
        return own if self.rate is None else self.rate

    def horizon_for(self, own: int) -> int:
        """The horizon applied to a study whose own horizon is ``own``."""
        return own if self.horizon is None else self.horizon

    def with_(self, **changes) -> Basis:
        """This basis with some fields changed; the changes are read as by :func:`as_basis`.

        Examples
        --------
        >>> as_basis(price_year=2020, rate="3%").with_(rate="own").rate is None
        True
        """
        return as_basis(self, **changes)

    def to_dict(self) -> dict:
        """The basis as the output files show it: the rate as its regime code when it had one.

        Examples
        --------
        >>> as_basis(price_year=2023, rate="nl-2021").to_dict()
        {'price_year': 2023, 'rate': 'nl-2021', 'horizon': None, 'timing': 't1'}
        """
        return {"price_year": self.price_year,
                "rate": self.regime if self.regime is not None else self.rate,
                "horizon": self.horizon, "timing": self.timing}

    def describe(self, lang: str, *, ratio: bool = False, own_rates=()) -> str:
        """THE basis sentence, shown under every table and figure.

        Parameters
        ----------
        lang : {"nl", "en"}
        ratio : bool
            For ratios only, which do not depend on the price year.
        own_rates : iterable of float
            With each study's own rate: the studies' rates, whose range is shown.

        Examples
        --------
        >>> as_basis(price_year=2023, rate="nl-2021", horizon=30).describe("nl")
        'Basis: prijspeil 2023 (CBS-CPI); discontovoet: 2,25% (nl-2021); looptijd: 30 jaar \
voor alle studies (geen extrapolatie); eerste jaar één jaar verdisconteerd (t=1).'
        >>> as_basis(price_year=2023, timing="t0").describe("en", ratio=True,
        ...                                               own_rates=[0.04, 0.055, 0.04])
        "Basis: ratios (independent of the price year); discount rate: each study's own rate \
(4%-5.5%); horizon: each study's own horizon; first year not discounted (t=0)."
        """
        rate = rate_phrase(self.rate, self.regime, lang)
        rates = sorted(set(own_rates))
        if self.rate is None and rates:
            shown = [formatting.rate(r, lang) for r in (rates[0], rates[-1])]
            rate += f" ({shown[0]})" if len(rates) == 1 else f" ({shown[0]}-{shown[1]})"
        return basis_line(self.price_year, rate, horizon_phrase(self.horizon, lang),
                          timing_phrase(self.timing, lang), lang, ratio=ratio)


def as_basis(basis: Basis | Mapping | None = None, /, **changes) -> Basis:
    """A :class:`Basis` from a Basis, a mapping (e.g. a TOML table) or nothing, with changes.

    Parameters
    ----------
    basis : Basis, mapping or None
        The starting point; None for the default basis (latest CPI year, each study's own rate
        and horizon, ``timing="t1"``). A mapping may hold ``price_year``, ``rate``, ``horizon``
        and ``timing``.
    **changes
        The same four names; each overrides ``basis``. Values as in the module docstring.

    Returns
    -------
    Basis

    Raises
    ------
    ArgumentError
        For an unknown name, or a value that is not allowed (the message names the value and
        what is allowed).

    Examples
    --------
    >>> [as_basis(rate=r, price_year=2020).rate for r in ("3%", "0,03", 0.03, "own")]
    [0.03, 0.03, 0.03, None]
    >>> as_basis({"rate": "nl-2007", "horizon": "10"}, price_year=2020).to_dict()
    {'price_year': 2020, 'rate': 'nl-2007', 'horizon': 10, 'timing': 't1'}
    >>> as_basis(rate="3")
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: rate='3' is niet toegestaan; geef een regimecode (nl-1995, \
nl-2007, nl-2016, nl-2021), een decimaal getal van 0 tot 1 (0,03), een percentage ('3%') of 'own' \
('eigen') voor de eigen disconteringsvoet van elke studie (bedoelt u '3%'?)
    """
    if isinstance(basis, Basis) and not changes:
        return basis
    names = [f.name for f in fields(Basis) if f.name != "regime"]
    if basis is None:
        values = {}
    elif isinstance(basis, Basis):
        values = basis.to_dict()
    elif isinstance(basis, Mapping):
        values = dict(basis)
    else:
        raise _refused("basis", basis, Text("geef een Basis, een mapping met {names}, of None",
                                            "give a Basis, a mapping of {names}, or None",
                                            names=names))
    for source in (values, changes):
        unknown = [k for k in source if k not in names]
        if unknown:
            raise ArgumentError(Text("{name!r} hoort niet bij een basis; gebruik {names}",
                                     "{name!r} is not part of a basis; use {names}",
                                     name=unknown[0], names=names))
    values.update(changes)
    rate, regime = parse_rate(values.get("rate"))
    return Basis(price_year=_price_year(values.get("price_year")), rate=rate, regime=regime,
                 horizon=_horizon(values.get("horizon")), timing=_timing(values.get("timing")))


def _price_year(value) -> int:
    if value is None or (isinstance(value, str) and value.strip().lower() in _LATEST):
        return latest_price_year()
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise _refused("price_year", value, Text(
            "geef een kalenderjaar, zoals 2023, of 'latest' ('laatste') voor het laatste jaar "
            "van de CBS-prijsindex",
            "give a calendar year such as 2023, or 'latest' for the latest year of the CBS "
            "price index"))
    return int(value)


def parse_rate(value) -> tuple[float | None, str | None]:
    """A rate as typed (see the module docstring): (decimal or None for each study's own rate,
    the regime code or None).

    Examples
    --------
    >>> parse_rate("2,25%"), parse_rate("nl-2021"), parse_rate("eigen"), parse_rate(0.04)
    ((0.0225, None), (0.0225, 'nl-2021'), (None, None), (0.04, None))
    """
    others = Text("een decimaal getal van 0 tot 1 (0,03), een percentage ('3%') of 'own' "
                  "('eigen') voor de eigen disconteringsvoet van elke studie",
                  "a decimal from 0 up to 1 (0.03), a percentage ('3%') or 'own' for each "
                  "study's own rate")
    regimes = list(discount_regimes())
    allowed = Text("geef een regimecode ({regimes}), {others}",
                   "give a regime code ({regimes}), {others}", regimes=regimes, others=others)
    if value is None:
        return None, None
    if isinstance(value, str):
        raw = value.strip().lower()
        if raw in _OWN:
            return None, None
        if raw in discount_regimes():
            return regime_rate(raw), raw
        if _REGIME_LIKE.fullmatch(raw):
            raise _refused("rate", value, Text(
                "{code!r} is geen bekend regime (bekend zijn {regimes}); geef een van die "
                "regimecodes, {others}",
                "{code!r} is not a known regime (the known ones are {regimes}); give one of "
                "those regime codes, {others}", code=raw, regimes=regimes, others=others))
        number = (raw[:-1] if raw.endswith("%") else raw).strip().replace(",", ".")
        try:
            parsed = float(number)
        except ValueError:
            parsed = math.nan
        if raw.endswith("%"):
            parsed = round(parsed / 100, 10)
        if not 0 <= parsed < 1:  # also NaN
            if 1 <= parsed < 100 and not raw.endswith("%"):  # a percentage without its sign
                allowed = allowed + Text(" (bedoelt u {pct!r}?)", " (did you mean {pct!r}?)",
                                         pct=f"{value.strip()}%")
            raise _refused("rate", value, allowed)
        return parsed, None
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= float(value) < 1:
        raise _refused("rate", value, allowed)
    return float(value), None


def _horizon(value) -> int | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in _OWN):
        return None
    years = int(value.strip()) if isinstance(value, str) and value.strip().isdigit() else value
    if isinstance(years, bool) or not isinstance(years, Integral) or \
            not 1 <= years <= limits.MAX_HORIZON:
        raise _refused("horizon", value, Text(
            "geef hele jaren van 1 tot {most} (mkba.limits.MAX_HORIZON) of 'own' ('eigen') voor "
            "de eigen looptijd van elke studie",
            "give whole years from 1 to {most} (mkba.limits.MAX_HORIZON) or 'own' for each "
            "study's own", most=limits.MAX_HORIZON))
    return int(years)


def _timing(value) -> str:
    if value is None:
        return "t1"
    timing = value.strip().lower() if isinstance(value, str) else value
    if timing not in TIMINGS:
        raise _refused("timing", value, Text("kies uit {timings}", "use one of {timings}",
                                             timings=list(TIMINGS)))
    return timing
