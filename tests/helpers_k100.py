"""A deterministic evidence base of many studies, built in memory (for the figure tests at
k = 100): the 13 specs of ``scripts/make_example_studies.py``, each repeated with a new id, a
new municipality and other households, drawn from one seeded random stream.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["many_studies"]

_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_example_studies.py"


@cache
def _generator():
    spec = importlib.util.spec_from_file_location("make_example_studies", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def many_studies(k: int = 100, seed: int = 20261202) -> tuple:
    """``k`` valid studies (ids ``<example id>-<n>``), the same for the same ``k`` and seed."""
    gen = _generator()
    specs = gen.specs()
    rng = np.random.default_rng(seed)
    studies = []
    for n in range(k):
        spec = dict(specs[n % len(specs)])
        rep = n // len(specs)
        if rep:
            spec["id"] = f"{spec['id']}-{rep}"
            spec["municipality"] = f"{spec['municipality']} {rep}"
            spec["households"] = int(spec["households"] * rng.uniform(0.4, 2.5))
        studies.append(gen.build(spec, rng))
    return tuple(studies)
