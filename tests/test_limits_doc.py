"""The README's table of limits states the values of mkba/limits.py, every one of them."""

import re

from conftest import REPO

from mkba import limits


def _readme_rows():
    rows = {}
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \| ([^|]+) \|", line)
        if match:
            names = re.findall(r"`([A-Z_]+)`", match.group(1))
            values = [float(v.replace(",", "")) for v in match.group(2).split(", ")]
            rows.update(zip(names, values, strict=True))
    return rows


def test_every_limit_is_in_the_readme_with_its_value():
    rows = _readme_rows()
    assert sorted(rows) == sorted(limits.__all__)
    for name, value in rows.items():
        assert getattr(limits, name) == value, name
