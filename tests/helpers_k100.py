"""A deterministic evidence base of many studies, built in memory (for the figure tests at
k = 100), from the example generator ``scripts/make_example_studies.py``.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

__all__ = ["many_studies"]

_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_example_studies.py"


@cache
def _generator():
    spec = importlib.util.spec_from_file_location("make_example_studies", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def many_studies(k: int = 100) -> tuple:
    """``k`` valid studies (``make_studies(count=k)`` of the example generator: the 13 examples,
    then their repeats in other districts with other households), the same on every call."""
    return tuple(study for _, study in _generator().make_studies(count=k))
