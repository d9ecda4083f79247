"""mkba: social cost-benefit analysis (MKBA) of social neighbourhood teams.

Import study spreadsheets into one common schema, recompute them on a common basis, pool them
with random-effects statistics, compare municipal scenarios and regenerate every table and figure.
"""

from mkba.errors import ArgumentError, InputError, MkbaError, ReferenceDataError
from mkba.schema import Study
from mkba.validate import Issue, ValidationReport

__version__ = "0.1.0"

__all__ = [
    "ArgumentError",
    "InputError",
    "Issue",
    "MkbaError",
    "ReferenceDataError",
    "Study",
    "ValidationReport",
    "__version__",
]
