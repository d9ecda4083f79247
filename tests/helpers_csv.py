"""Read a CSV that mkba wrote, in either of its dialects (see :mod:`mkba.write.csv_bytes`)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

BOM = b"\xef\xbb\xbf"


def read_mkba_csv(source: str | Path | bytes, **kwargs) -> pd.DataFrame:
    """A frame from a CSV path or bytes: Dutch Excel's dialect (a byte-order mark, ';' and a
    decimal comma) when the file starts with the mark, else plain (',' and '.')."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if data.startswith(BOM):
        return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig",
                           **kwargs)
    return pd.read_csv(io.BytesIO(data), **kwargs)


def csv_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV without its byte-order mark, and its field separator."""
    text = data.decode("utf-8-sig")
    return text, ";" if data.startswith(BOM) else ","
