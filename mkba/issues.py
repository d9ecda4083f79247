"""Validation issues and the report that gathers all of them.

Readers never stop at the first problem: they add every :class:`Issue` they find to an
:class:`IssueLog` and the caller gets a :class:`ValidationReport` with all of them. Each issue
names its code (see :data:`ISSUE_CODES`), the file, sheet and cell, what was found and what was
expected.

Text from the files can hold control characters (``\x1b[2J`` clears a terminal); every issue
shows them escaped (:func:`mkba.text_clean.printable`), so no report sends them raw to a
terminal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType

import pandas as pd

from mkba import formatting
from mkba.limits import MAX_ISSUES
from mkba.text_clean import printable, printable_json

__all__ = ["ISSUE_CODES", "Issue", "IssueLog", "ValidationReport"]

#: Every issue code with a one-line explanation (Dutch messages are built from these).
ISSUE_CODES: Mapping[str, str] = MappingProxyType(
    {
        # the file itself
        "file_not_found": "the file does not exist or cannot be read",
        "not_a_regular_file": "the path is a folder, device, pipe or socket, not a file",
        "file_too_large": "the file is larger than mkba reads",
        "empty_file": "the file is empty",
        "not_xlsx": "the file is not an Excel workbook (.xlsx)",
        "xls_format": "the file is an old Excel 97-2003 workbook (.xls)",
        "password_protected": "the workbook is encrypted with a password",
        "corrupt_file": "the workbook is damaged or truncated",
        "zip_bomb": "the workbook unpacks to more than the allowed size",
        "xml_bomb": "the workbook contains XML entity declarations",
        "unknown_layout": "the layout of the workbook is not recognised",
        "mapping_error": "the mapping file is invalid",
        # structure
        "missing_sheet": "a required sheet is missing",
        "sheet_too_large": "a worksheet holds cells beyond the rows, columns or cells mkba reads",
        "missing_field": "a required field is empty or missing",
        "missing_column": "a required column is missing",
        "no_line_items": "the study has no costs or no benefits",
        # values
        "unknown_label": "a label is not in the vocabulary",
        "not_a_number": "a cell that should hold a number holds text",
        "ambiguous_number": "a number could be read in more than one way",
        "invalid_value": "a value is outside what is allowed",
        "negative_amount": "an amount is negative where that makes no sense",
        "year_outside_horizon": "a flow falls outside the study's horizon",
        "uncached_formula": "a formula has no calculated value",
        "control_character": "a text holds a control character (such as NUL or ESC)",
        "price_year_unknown": "the price year is outside the CPI table",
        "duplicate_study_id": "two files use the same study id",
        "duplicate_item": "the same line item appears twice",
        "reported_mismatch": "a reported total disagrees with the study's own line items",
        # the report itself
        "too_many_issues": "more issues were found than are listed",
    }
)

@dataclass(frozen=True)
class Issue:
    """One problem in one place.

    Attributes
    ----------
    code : str
        Key of :data:`ISSUE_CODES`.
    message : str
        Plain-language explanation.
    file : str
        File name (without folder).
    sheet, cell : str or None
        Where the problem is, when it is in a cell.
    found, expected : str or None
        What was found and what was expected.
    """

    code: str
    message: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    found: str | None = None
    expected: str | None = None

    def __post_init__(self):
        if self.code not in ISSUE_CODES:
            raise ValueError(f"unknown issue code {self.code!r}")

    @property
    def location(self) -> str:
        """``file!sheet!cell`` (as far as known)."""
        return "!".join(p for p in (self.file, self.sheet, self.cell) if p)

    def format(self) -> str:
        """One line (two when found/expected are known) for the terminal; control characters
        are shown escaped (:func:`mkba.text_clean.printable`)."""
        text = printable(f"{self.location}: [{self.code}] {self.message}", lines=False)
        extra = []
        if self.found is not None:
            extra.append(f"found: {printable(self.found, lines=False)}")
        if self.expected is not None:
            extra.append(f"expected: {printable(self.expected, lines=False)}")
        if extra:
            text += "\n    " + "; ".join(extra)
        return text


@dataclass
class IssueLog:
    """Collects issues for one file while it is read (the mutable counterpart of a report).

    The first :data:`~mkba.limits.MAX_ISSUES` issues are kept, then one ``too_many_issues``
    issue; later ones are only counted (``len(log)`` counts them all). Texts are stored with
    control characters escaped.
    """

    file: str
    issues: list[Issue] = field(default_factory=list)
    unlisted: int = 0

    def add(self, code, message, sheet=None, cell=None, found=None, expected=None) -> None:
        """Record an issue in this log's file."""
        if len(self.issues) >= MAX_ISSUES:
            self.unlisted += 1
            if self.unlisted == 1:
                most = formatting.number(MAX_ISSUES, 0, "en")
                self.issues.append(Issue(
                    "too_many_issues", f"more than {most} issues in this file; only the first "
                    f"{most} are listed", printable(self.file, lines=False),
                    expected="fix these and check the file again"))
            return
        self.issues.append(
            Issue(code, printable(message, lines=False), printable(self.file, lines=False),
                  None if sheet is None else printable(sheet, lines=False),
                  None if cell is None else printable(cell, lines=False),
                  None if found is None else _show(found),
                  None if expected is None else printable(expected, lines=False))
        )

    def __len__(self) -> int:
        return len(self.issues) + self.unlisted


def _show(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    text = text if len(text) <= 80 else text[:77] + "..."
    return printable(text, lines=False)


@dataclass(frozen=True)
class ValidationReport:
    """All issues found in a set of files, and the studies that were valid.

    Attributes
    ----------
    files : tuple of str
        Files checked.
    issues : tuple of Issue
        Every problem found, in file order.
    valid : tuple of str
        Ids of the studies read without issues.
    """

    files: tuple[str, ...]
    issues: tuple[Issue, ...]
    valid: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there is no issue."""
        return not self.issues

    @classmethod
    def merge(cls, reports: Iterable[ValidationReport]) -> ValidationReport:
        """Combine several reports into one."""
        reports = list(reports)
        return cls(
            files=tuple(f for r in reports for f in r.files),
            issues=tuple(i for r in reports for i in r.issues),
            valid=tuple(v for r in reports for v in r.valid),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per issue."""
        cols = ["code", "message", "file", "sheet", "cell", "found", "expected"]
        return pd.DataFrame([asdict(i) for i in self.issues], columns=cols)

    def to_json(self) -> str:
        """The report as a JSON document (``files``, ``valid``, ``issues``).

        Control characters are written as JSON escapes (``\\u001b``, also for the C1 range
        that JSON itself allows raw), so the document is safe to print.
        """
        text = json.dumps(
            {
                "ok": self.ok,
                "files": list(self.files),
                "valid": list(self.valid),
                "issues": [asdict(i) for i in self.issues],
            },
            indent=2,
            ensure_ascii=False,
        )
        return printable_json(text)

    def format(self) -> str:
        """Plain text for the terminal: every issue, then a summary line."""
        lines = [i.format() for i in self.issues]
        n_files = len(self.files)
        if self.ok:
            lines.append(
                f"{len(self.valid)} valid stud{'y' if len(self.valid) == 1 else 'ies'} "
                f"in {n_files} file{'s' * (n_files != 1)}: {', '.join(self.valid)}"
            )
        else:
            bad = len({i.file for i in self.issues})
            lines.append(
                f"{len(self.issues)} issue{'s' * (len(self.issues) != 1)} in {bad} of "
                f"{n_files} file{'s' * (n_files != 1)}; {len(self.valid)} valid."
            )
        return printable("\n".join(lines))
