"""Text for the terminal: control characters from files never reach it raw.

A title or label read from a workbook can hold an escape sequence (``\\x1b[2J`` clears the
screen); everything mkba prints about its inputs goes through :func:`printable`, which shows
such characters as Python escapes. Light on purpose: the command line imports it at start-up.
"""

from __future__ import annotations

import re

__all__ = ["printable", "printable_json"]

# C0 controls except tab and newline, DEL, and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but tab and newline shown as an escape.

    Examples
    --------
    >>> printable("Wijkteam\\x1b[31m Noord\\x00")
    'Wijkteam\\\\x1b[31m Noord\\\\x00'
    >>> printable("regel 1\\nregel 2")
    'regel 1\\nregel 2'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# What JSON leaves raw with ensure_ascii=False: DEL and the C1 controls.
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")


def printable_json(text: str) -> str:
    r"""JSON text with DEL and the C1 controls written as ``\u`` escapes (JSON itself escapes
    the C0 controls), so that it stays valid JSON and safe to print.

    Examples
    --------
    >>> import json
    >>> text = printable_json(json.dumps({"titel": "a\x9b2J"}, ensure_ascii=False))
    >>> text, json.loads(text)["titel"] == "a\x9b2J"
    ('{"titel": "a\\u009b2J"}', True)
    """
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
