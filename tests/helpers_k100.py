"""A deterministic evidence base of many studies, built in memory (for the figure tests at
k = 100), from the example generator ``scripts/make_example_studies.py``.
"""

from __future__ import annotations

from functools import cache

from helpers_generator import example_generator

__all__ = ["many_studies"]


@cache
def many_studies(k: int = 100) -> tuple:
    """``k`` valid studies (``make_studies(count=k)`` of the example generator: the 13 examples,
    then their repeats in other districts with other households), the same on every call."""
    return tuple(study for _, study in example_generator().make_studies(count=k))
