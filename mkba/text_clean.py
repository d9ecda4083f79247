"""Control characters: refused in input, removed from output files, escaped on the terminal.

This module is the one home of the character classes below; it is light (no pandas at import)
because the command line imports it at start-up.

- :func:`control_character` finds one in an input text (readers report it as an issue).
- :func:`clean_text` (and :func:`clean_frame`, :func:`clean_data`, :func:`clean_figure`,
  :func:`clean_svg`) removes them from text about to be written to a file.
- :func:`printable` and :func:`printable_json` show them as escapes on the terminal.

Text in output files without control characters, whatever the input held.

A title, id or label can hold control characters (``\\x00``, an escape sequence such as
``\\x1b[31m``, a bell ``\\x07``) when a study or a scenario is built through the API. Written raw,
they make an SVG or an xlsx invalid XML and sit in CSV and HTML files, where they can garble a
terminal or a viewer. Every writer of mkba passes its text through :func:`clean_text` (or
:func:`clean_frame`, :func:`clean_data`, :func:`clean_figure`) at the edge, just before the text
is written, so the files are safe on their own.

Removed: the C0 controls except tab, newline and carriage return (which every format of mkba
can hold: CSV quotes them, XML and HTML treat them as white space), DEL, the C1 controls
(U+0080 to U+009F) and the two non-characters U+FFFE and U+FFFF (not allowed in XML). A lone
surrogate (which UTF-8 cannot encode) becomes U+FFFD, the replacement character. The rest of the
text stays as it was, so ``"Noord\\x1b[31m"`` is written as ``"Noord[31m"``.
"""

from __future__ import annotations

import re

__all__ = ["clean_text", "clean_value", "clean_frame", "clean_data", "clean_figure",
           "clean_svg", "needs_cleaning", "control_character", "printable", "printable_json"]

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; the non-characters
# U+FFFE and U+FFFF (not allowed in XML). Removed from output text, refused in input text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# The same with tab and line breaks: refused in an id or a name.
_CONTROL_STRICT = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Never shown raw on a terminal: C0 controls, DEL, C1 controls (incl. the one-byte CSI \x9b),
# line and paragraph separators, and the bidirectional overrides that reorder shown text.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                                "\u2066-\u2069]")
# What json.dumps(ensure_ascii=False) leaves raw of the above (it escapes C0 itself).
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """``text`` without the characters of the module description.

    Examples
    --------
    >>> clean_text("Wijkteam\\x00 Noord\\x1b[31m\\x07")
    'Wijkteam Noord[31m'
    >>> clean_text("regel 1\\nregel 2\\tkolom")
    'regel 1\\nregel 2\\tkolom'
    """
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def needs_cleaning(text: str) -> bool:
    """Whether :func:`clean_text` would change ``text`` (a quick test for long texts).

    Examples
    --------
    >>> needs_cleaning("a\\nb"), needs_cleaning("a\\x07b")
    (False, True)
    """
    return bool(_CONTROL.search(text) or _SURROGATE.search(text))


def clean_value(value):
    """A string cleaned with :func:`clean_text`; any other value as it is."""
    return clean_text(value) if isinstance(value, str) else value


def _dirty(values) -> bool:
    return any(isinstance(v, str) and needs_cleaning(v) for v in values)


def clean_frame(frame):
    """``frame`` with its column names and text cells cleaned; the same object when there is
    nothing to clean (so a large table is not copied for nothing).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"naam\\x00": ["a\\x1b[0m", "b"], "n": [1, 2]})
    >>> clean_frame(df).to_dict(orient="list")
    {'naam': ['a[0m', 'b'], 'n': [1, 2]}
    """
    import pandas as pd  # here, so that importing this module stays light

    columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    dirty = [c for c in columns if _dirty(pd.unique(frame[c].dropna()))]
    header = _dirty(frame.columns)
    if not dirty and not header:
        return frame
    frame = frame.copy()
    for col in dirty:
        frame[col] = frame[col].map(clean_value, na_action="ignore")
    if header:
        frame.columns = [clean_value(c) for c in frame.columns]
    return frame


def clean_data(data):
    """Nested dicts, lists and tuples (as for JSON) with every string, keys included, cleaned.

    Examples
    --------
    >>> clean_data({"titel\\x07": ["a\\x00b", 1, None]})
    {'titel': ['ab', 1, None]}
    """
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, dict):
        return {clean_value(k): clean_data(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(clean_data(v) for v in data)
    return data


def _clean_labels(formatter) -> None:
    """Clean the fixed tick labels a formatter holds (FixedFormatter, or the table of labels
    that ``set_ticks(..., labels)`` wraps in a FuncFormatter), in place."""
    if isinstance(getattr(formatter, "seq", None), list | tuple):
        if _dirty(formatter.seq):
            formatter.seq = [clean_value(s) for s in formatter.seq]
        return
    func = getattr(formatter, "func", None)
    for table in getattr(func, "args", ()):  # functools.partial(_format_with_dict, labels)
        if isinstance(table, dict) and _dirty(table.values()):
            table.update({k: clean_value(v) for k, v in table.items()})


def clean_figure(fig):
    """Clean every text of a matplotlib figure in place (titles, labels, tick labels, legends,
    annotations, and the gids that become SVG ids), so that its SVG is valid XML and its PNG
    shows no missing glyphs; returns it. A figure without control characters is left exactly as
    it was. The categories of a categorical axis are data, not texts: clean them where they
    are drawn (as :mod:`mkba.scenario.plots` does).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> ax = fig.subplots()
    >>> _ = ax.set_title("Studie\\x1b[31m"), ax.set_yticks([0], labels=["a\\x00"])
    >>> _ = clean_figure(fig)
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Studie[31m', ['a'])
    """
    from matplotlib.text import Text

    for axes in fig.get_axes():
        for axis in (axes.xaxis, axes.yaxis):  # tick labels are made from these when drawn
            _clean_labels(axis.get_major_formatter())
            _clean_labels(axis.get_minor_formatter())
    for artist in fig.findobj():
        gid = artist.get_gid()  # an SVG id
        if isinstance(gid, str) and _dirty([gid]):
            artist.set_gid(clean_text(gid))
        if isinstance(artist, Text) and _dirty([artist.get_text()]):
            artist.set_text(clean_text(artist.get_text()))
    return fig


def clean_svg(data: bytes) -> bytes:
    """SVG (UTF-8) bytes without control characters: the last safeguard for a text that
    reached a figure some other way than those :func:`clean_figure` knows.

    Examples
    --------
    >>> clean_svg("<text>a\\x1b[0m\\x9b</text>".encode())
    b'<text>a[0m</text>'
    """
    text = data.decode("utf-8", errors="replace")
    return data if not _dirty([text]) else clean_text(text).encode("utf-8")


def _escape(match: re.Match) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def control_character(text, *, whitespace: bool = False) -> str | None:
    r"""The first control character in ``text``, escaped (``'\x1b'``), or None.

    Tab, line feed and carriage return are allowed (a line break in a note) unless
    ``whitespace=True`` (an id or a name). Non-text values give None.

    Examples
    --------
    >>> control_character("Wijkteam\x1b[31m"), control_character("twee\nregels")
    ('\\x1b', None)
    >>> control_character("twee\nregels", whitespace=True)
    '\\n'
    """
    if not isinstance(text, str):
        return None
    found = (_CONTROL_STRICT if whitespace else _CONTROL).search(text)
    return _escape(found) if found else None


def printable(text, *, lines: bool = True) -> str:
    r"""``text`` with control characters shown as escapes, safe to print to a terminal.

    C0 and C1 control characters, DEL and the characters that reorder or break shown text are
    written as Python escapes (``\x1b``, ``\u202e``); other text is unchanged. With
    ``lines=True`` (the default, for whole reports) tab and newline stay as they are; with
    ``lines=False`` (one value on one line) they are escaped too.

    Parameters
    ----------
    text : object
        Converted with ``str`` first.
    lines : bool
        Keep tab and newline.

    Returns
    -------
    str

    Examples
    --------
    >>> print(printable("Wijkteam\x1b[31m Noord\x00\x9b"))
    Wijkteam\x1b[31m Noord\x00\x9b
    >>> print(printable("regel 1\nregel 2", lines=False))
    regel 1\nregel 2
    """
    return (_UNSAFE_KEEP_LINES if lines else _UNSAFE).sub(_escape, str(text))


def printable_json(text: str) -> str:
    r"""JSON text with DEL, the C1 controls and the characters that reorder shown text written
    as ``\u`` escapes (JSON itself escapes the C0 controls), so that it stays valid JSON and
    is safe to print.

    Examples
    --------
    >>> import json
    >>> text = printable_json(json.dumps({"titel": "a\x9b2J"}, ensure_ascii=False))
    >>> text, json.loads(text)["titel"] == "a\x9b2J"
    ('{"titel": "a\\u009b2J"}', True)
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
