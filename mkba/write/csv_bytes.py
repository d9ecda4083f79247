"""Write tables as CSV bytes, the same way for every output of mkba.

Two dialects (:data:`CSV_DIALECTS`): ``excel-nl``, the default for Dutch output, is what Dutch
Excel opens in columns with numbers: UTF-8 with a byte-order mark, ``;`` between the fields and a
decimal comma; ``plain`` is for programs: UTF-8 without a byte-order mark, ``,`` and a decimal
point (the default for English output). :func:`csv_dialect` picks one for a language.

Either way: ``\\n`` line ends, no index column, and a guard against formula injection: a text that a
spreadsheet would take for a formula (starting with ``= + - @``, a tab or a carriage return)
gets a leading apostrophe, so that Excel shows it as text when the file is opened. The guard
applies to the header row as well as to the data cells. Control characters are removed first
(:func:`mkba.text_clean.clean_text`), so that none can hide a formula from the guard, and a
line break within a cell is written as ``\\n`` (a bare carriage return would split the row for
a CSV reader).

Large tables are written in slices of :data:`CHUNK_ROWS` rows, and every distinct text is
cleaned and guarded once, so that memory and time grow linearly with the number of rows.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.text_clean import clean_text, needs_cleaning

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHUNK_ROWS", "CSV_DIALECTS", "FORMULA_START", "csv_bytes", "csv_dialect",
           "safe_text"]

#: The CSV dialects: (field separator, decimal sign, byte-order mark) of each.
CSV_DIALECTS = {"excel-nl": (";", ",", b"\xef\xbb\xbf"), "plain": (",", ".", b"")}

#: Characters that make a spreadsheet read a text cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_FIRST = set(FORMULA_START)

#: Rows converted to text at a time (bounds the memory of the text of a large table).
CHUNK_ROWS = 100_000


def safe_text(value):
    """A text as written to a CSV cell: cleaned, then guarded; other values as they are.

    Examples
    --------
    >>> safe_text("=HYPERLINK(\\"http://x\\")"), safe_text("\\x00+1"), safe_text(3)
    ('\\'=HYPERLINK("http://x")', "'+1", 3)
    >>> safe_text("\\r=1\\r\\nregel")
    "'\\n=1\\nregel"
    """
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith(FORMULA_START):
        value = "'" + value
    # a carriage return ends a line for CSV readers but the writer leaves it unquoted (only the
    # line end, "\n", makes it quote): line breaks in a cell are written as "\n", and quoted
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _safe_column(column: pd.Series) -> pd.Series:
    """The column with every text made safe; itself when nothing changes. A column of texts
    is done one distinct value at a time (fast for long tables of repeated labels)."""
    import pandas as pd
    from pandas.api.types import infer_dtype

    if infer_dtype(column, skipna=True) != "string":  # numbers, bools or a mix: one by one
        return column.map(safe_text, na_action="ignore")
    texts = column.dropna().tolist()
    joined = "\n".join(texts)  # one look at all of them: most columns need nothing
    if not needs_cleaning(joined) and "\r" not in joined and \
            not {t[:1] for t in texts} & _FIRST:
        return column
    codes, uniques = pd.factorize(column)
    values = list(uniques)
    safe = [safe_text(v) for v in values]
    if safe == values:
        return column
    # code -1 (a missing value) takes the None at the end: an empty cell, as before
    return pd.Series(safe + [None], dtype=object).take(codes).set_axis(column.index)


def _decimals(column, decimal: str):
    """A column of mixed values with its floats written with ``decimal`` (pandas applies its
    ``decimal`` to float columns only); itself when there is nothing to change."""
    if decimal == "." or not any(isinstance(v, float) for v in column):
        return column
    return column.map(lambda v: str(v).replace(".", decimal)
                      if isinstance(v, float) and v == v else v)


def csv_dialect(lang: str = "nl", dialect: str | None = None) -> str:
    """The CSV dialect for output in ``lang``: ``dialect`` when given, else ``excel-nl`` for
    Dutch and ``plain`` for English.

    Examples
    --------
    >>> csv_dialect("nl"), csv_dialect("en"), csv_dialect("nl", "plain")
    ('excel-nl', 'plain', 'plain')
    """
    if dialect is None:
        dialect = "excel-nl" if check_lang(lang) == "nl" else "plain"
    if dialect not in CSV_DIALECTS:
        raise ArgumentError(Text("csv-dialect {d} is niet toegestaan; gebruik {known}",
                                 "csv dialect {d} is not allowed; use {known}",
                                 d=repr(dialect), known=list(CSV_DIALECTS)))
    return dialect


def csv_bytes(frame, dialect: str = "plain") -> bytes:
    """``frame`` as CSV bytes in ``dialect`` (see the module description); numbers are written
    as they are, with the dialect's decimal sign. ``frame`` may also be a list of frames with
    the same columns: their rows one after the other, under the header of the first.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_bytes(pd.DataFrame({"label": ["=1+1", "wijk"], "amount": [-5, 10]}))
    b"label,amount\\n'=1+1,-5\\nwijk,10\\n"
    >>> csv_bytes(pd.DataFrame({"=cmd": ["a\\x1b[31m"]}))
    b"'=cmd\\na[31m\\n"
    >>> csv_bytes(pd.DataFrame({"maat": ["B/K"], "waarde": [1.84]}), "excel-nl")
    b'\\xef\\xbb\\xbfmaat;waarde\\nB/K;1,84\\n'
    >>> csv_bytes(pd.DataFrame({"zwaar": [1.5, "ja"]}), "excel-nl")  # a column of mixed values
    b'\\xef\\xbb\\xbfzwaar\\n1,5\\nja\\n'
    """
    import pandas as pd  # here, not on import: the command line reads CSV_DIALECTS quickly

    sep, decimal, bom = CSV_DIALECTS[csv_dialect(dialect=dialect)]
    frames = [frame] if isinstance(frame, pd.DataFrame) else list(frame)
    if len(frames[0].columns) == 0:
        return bom + frames[0].to_csv(index=False, lineterminator="\n").encode("utf-8")
    header = [str(safe_text(c)) for c in frames[0].columns]
    out = io.BytesIO()  # getvalue() hands over its buffer: the text is not held twice
    out.write(bom)
    for number, one in enumerate(frames):
        columns = [one.iloc[:, j] for j in range(len(one.columns))]  # by position: names repeat
        safe = [c if pd.api.types.is_numeric_dtype(c) else
                _safe_column(_decimals(c, decimal)) for c in columns]
        if any(a is not b for a, b in zip(safe, columns, strict=True)):
            one = pd.concat(safe, axis=1, ignore_index=True)
        for start in range(0, max(len(one), 1), CHUNK_ROWS):
            part = one.iloc[start:start + CHUNK_ROWS]
            head = header if number == 0 and start == 0 else False
            if len(part) or head:
                out.write(part.to_csv(index=False, header=head, sep=sep, decimal=decimal,
                                      lineterminator="\n").encode("utf-8"))
    return out.getvalue()
