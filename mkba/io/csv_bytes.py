"""Write tables as CSV bytes, the same way for every output of mkba.

UTF-8, ``\\n`` line ends, no index column, and a guard against formula injection: a text that a
spreadsheet would take for a formula (starting with ``= + - @``, a tab or a carriage return)
gets a leading apostrophe, so that Excel shows it as text when the file is opened.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_START", "csv_bytes"]

#: Characters that make a spreadsheet read a text cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guard(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV bytes (see the module description); numbers are written as they are.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"label": ["=1+1", "wijk"], "amount": [-5, 10]}))
    b"label,amount\\n'=1+1,-5\\nwijk,10\\n"
    """
    frame = frame.copy()
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(_guard, na_action="ignore")
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
