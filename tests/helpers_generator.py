"""The example generator ``scripts/make_example_studies.py`` loaded as a module, for tests.

``example_generator()`` loads the script once (it is not a package module) and returns the same
module on every call: its ``specs``, ``make_studies`` and ``write_all``.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

__all__ = ["example_generator"]

_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_example_studies.py"


@cache
def example_generator():
    """The module of ``scripts/make_example_studies.py``, loaded on the first call."""
    spec = importlib.util.spec_from_file_location("make_example_studies", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
