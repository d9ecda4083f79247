"""Argument checks shared by the pooling functions.

Every check raises :class:`mkba.errors.ArgumentError` with the argument's name, the offending
value and what is allowed (a :class:`mkba.messages.Text`, Dutch and English), so that a caller
can fix the call from the message alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from mkba import limits
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.phrases import short_repr as show

#: Largest Monte Carlo seed: numpy takes any whole number >= 0, but a seed is also printed and
#: written to results.json, and a number of thousands of digits cannot be (Python refuses to
#: turn it into text). 2**64 - 1 is the range of numpy's own 64-bit seeds. Local to the checks
#: of ``seed`` (:func:`seed`); not an amount of work, so not in :mod:`mkba.limits`.
MAX_SEED = 2**64 - 1


def vector(name: str, values) -> np.ndarray:
    """``values`` as a one-dimensional float array of finite numbers."""
    not_numbers = Text("{name} moet een reeks getallen zijn; gevonden: {found}",
                       "{name} must be a sequence of numbers; got {found}", name=name,
                       found=show(values))
    if values is None or isinstance(values, str | bytes):
        raise ArgumentError(not_numbers)
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(not_numbers) from exc
    if arr.ndim != 1:
        raise ArgumentError(Text(
            "{name} moet eendimensionaal zijn (één waarde per studie); gevonden: een array met "
            "vorm {shape}", "{name} must be one-dimensional (one value per study); got an "
            "array of shape {shape}", name=name, shape=str(arr.shape)))
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        i = int(bad[0])
        raise ArgumentError(Text("{name}[{i}] is {value}; elke waarde moet een eindig getal zijn",
                                 "{name}[{i}] is {value}; every value must be a finite number",
                                 name=name, i=i, value=repr(float(arr[i]))))
    return arr


def effects_and_variances(effects, variances) -> tuple[np.ndarray, np.ndarray]:
    """Checked ``(y, v)``: equal lengths, at least one study, variances finite and > 0."""
    y = vector("effects", effects)
    v = vector("variances", variances)
    if y.size != v.size:
        raise ArgumentError(Text(
            "effects en variances moeten elk één waarde per studie hebben; gevonden: {y} "
            "effecten en {v} varianties", "effects and variances must have one value per study "
            "each; got {y} effects and {v} variances", y=y.size, v=v.size))
    if y.size == 0:
        raise ArgumentError(Text("effects is leeg; poolen vraagt ten minste één studie",
                                 "effects is empty; pooling needs at least one study"))
    bad = np.flatnonzero(v <= 0)
    if bad.size:
        i = int(bad[0])
        raise ArgumentError(Text(
            "variances[{i}] is {value}; elke steekproefvariantie moet > 0 zijn (een studie "
            "zonder onzekerheid kan geen gewicht krijgen)", "variances[{i}] is {value}; every "
            "sampling variance must be > 0 (a study without uncertainty cannot be weighted)",
            i=i, value=repr(float(v[i]))))
    return y, v


def choice(name: str, value, allowed: Sequence[str]) -> str:
    """``value`` if it is one of ``allowed`` (case-insensitive), in lower case."""
    if isinstance(value, str) and value.lower() in allowed:
        return value.lower()
    raise ArgumentError(Text("{name}={value} wordt niet ondersteund; toegestaan: {options}",
                             "{name}={value} is not supported; allowed: {options}", name=name,
                             value=show(value), options=[repr(a) for a in allowed]))


def level(value) -> float:
    """A confidence level strictly between 0 and 1."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | np.integer | np.floating)
        or not math.isfinite(value)
        or not 0 < value < 1
    ):
        raise ArgumentError(Text(
            "level={value} is niet toegestaan; geef een kans tussen 0 en 1, bijv. 0.95 (niet 95)",
            "level={value} is not allowed; give a probability between 0 and 1, e.g. 0.95 "
            "(not 95)", value=show(value)))
    return float(value)


def labels(values, k: int, name: str = "labels") -> tuple:
    """Study labels: the given ones (one per study) or ``1..k``."""
    if values is None:
        return tuple(str(i + 1) for i in range(k))
    if isinstance(values, str | bytes):
        raise ArgumentError(Text(
            "{name} moet een reeks met één label per studie zijn; gevonden: {found}",
            "{name} must be a sequence with one label per study; got {found}", name=name,
            found=show(values)))
    out = tuple(plain(x) for x in values)
    if len(out) != k:
        raise ArgumentError(Text("{name} heeft {n} waarden; verwacht: één per studie ({k})",
                                 "{name} has {n} values; expected one per study ({k})",
                                 name=name, n=len(out), k=k))
    return out


def plain(x):
    """A numpy scalar as the matching Python scalar (other values unchanged)."""
    return x.item() if isinstance(x, np.generic) else x


def check_draws(value, name: str = "draws") -> int:
    """A number of Monte Carlo draws: a whole number from 1 to :data:`mkba.limits.MAX_DRAWS`
    (bools are refused); checked before anything is drawn.

    Examples
    --------
    >>> check_draws(10_000)
    10000
    >>> check_draws(10**10)
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: draws=10000000000 is niet toegestaan; geef een geheel getal van 1 \
tot en met 1.000.000 (mkba.limits.MAX_DRAWS)
    """
    bound = limits.MAX_DRAWS
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or \
            not 1 <= value <= bound:
        raise ArgumentError(Text("{name}={value} is niet toegestaan; geef een geheel getal van 1 "
                                 "tot en met {bound} (mkba.limits.MAX_DRAWS)", "{name}={value} is "
                                 "not allowed; give a whole number from 1 to {bound} "
                                 "(mkba.limits.MAX_DRAWS)", name=name, value=show(value),
                                 bound=bound))
    return int(value)


def check_seed(value) -> int:
    """A seed of ``numpy.random.default_rng``: a whole number from 0 to :data:`MAX_SEED`
    (bools are refused).

    Examples
    --------
    >>> check_seed(42)
    42
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: seed=-1 is niet toegestaan; geef een geheel getal van 0 tot en met \
2**64 - 1
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or \
            not 0 <= value <= MAX_SEED:
        raise ArgumentError(Text("seed={value} is niet toegestaan; geef een geheel getal van 0 tot "
                                 "en met 2**64 - 1", "seed={value} is not allowed; give a whole "
                                 "number from 0 to 2**64 - 1", value=show(value)))
    return int(value)
