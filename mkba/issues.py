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
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from mkba.limits import MAX_ISSUES
from mkba.messages import Text, render
from mkba.text_clean import printable, printable_json

__all__ = ["ISSUE_CODES", "Issue", "IssueLog", "ValidationReport"]

#: Every issue code with a one-line explanation in Dutch and English (for a list of the codes,
#: in the documentation or on the command line). The codes themselves are stable: the same in
#: every language and in the JSON output.
ISSUE_CODES: Mapping[str, Text] = MappingProxyType(
    {
        # the file itself
        "file_not_found": Text("het bestand bestaat niet of kan niet gelezen worden",
                               "the file does not exist or cannot be read"),
        "not_a_regular_file": Text("het pad is een map, apparaat, pipe of socket, geen bestand",
                                   "the path is a folder, device, pipe or socket, not a file"),
        "file_too_large": Text("het bestand is groter dan mkba leest",
                               "the file is larger than mkba reads"),
        "empty_file": Text("het bestand is leeg", "the file is empty"),
        "not_xlsx": Text("het bestand is geen Excel-werkmap (.xlsx)",
                         "the file is not an Excel workbook (.xlsx)"),
        "xls_format": Text("het bestand is een oude Excel 97-2003-werkmap (.xls)",
                           "the file is an old Excel 97-2003 workbook (.xls)"),
        "password_protected": Text("de werkmap is met een wachtwoord versleuteld",
                                   "the workbook is encrypted with a password"),
        "corrupt_file": Text("de werkmap is beschadigd of afgebroken",
                             "the workbook is damaged or truncated"),
        "zip_bomb": Text("de werkmap pakt uit tot meer dan de toegestane grootte",
                         "the workbook unpacks to more than the allowed size"),
        "xml_bomb": Text("de werkmap bevat XML-entiteitdeclaraties",
                         "the workbook contains XML entity declarations"),
        "unknown_layout": Text("de opzet van de werkmap wordt niet herkend",
                               "the layout of the workbook is not recognised"),
        "mapping_error": Text("het mappingbestand is ongeldig", "the mapping file is invalid"),
        # structure
        "missing_sheet": Text("een verplicht blad ontbreekt", "a required sheet is missing"),
        "sheet_too_large": Text("een blad heeft cellen buiten de rijen, kolommen of cellen die "
                                "mkba leest", "a worksheet holds cells beyond the rows, columns "
                                "or cells mkba reads"),
        "missing_field": Text("een verplicht veld is leeg of ontbreekt",
                              "a required field is empty or missing"),
        "missing_column": Text("een verplichte kolom ontbreekt", "a required column is missing"),
        "no_line_items": Text("de studie heeft geen kosten of geen baten",
                              "the study has no costs or no benefits"),
        # values
        "unknown_label": Text("een label staat niet in de woordenlijst",
                              "a label is not in the vocabulary"),
        "not_a_number": Text("een cel die een getal moet bevatten, bevat tekst",
                             "a cell that should hold a number holds text"),
        "ambiguous_number": Text("een getal kan op meer dan één manier gelezen worden",
                                 "a number could be read in more than one way"),
        "invalid_value": Text("een waarde valt buiten wat is toegestaan",
                              "a value is outside what is allowed"),
        "negative_amount": Text("een bedrag is negatief waar dat geen betekenis heeft",
                                "an amount is negative where that makes no sense"),
        "year_outside_horizon": Text("een kasstroom valt buiten de looptijd van de studie",
                                     "a flow falls outside the study's horizon"),
        "uncached_formula": Text("een formule heeft geen berekende waarde",
                                 "a formula has no calculated value"),
        "control_character": Text("een tekst bevat een stuurteken (zoals NUL of ESC)",
                                  "a text holds a control character (such as NUL or ESC)"),
        "price_year_unknown": Text("het prijsjaar valt buiten de CPI-tabel",
                                   "the price year is outside the CPI table"),
        "duplicate_study_id": Text("twee bestanden gebruiken dezelfde studie-id",
                                   "two files use the same study id"),
        "duplicate_item": Text("dezelfde post staat er twee keer in",
                               "the same line item appears twice"),
        "reported_mismatch": Text("een gerapporteerd totaal wijkt af van de eigen posten van "
                                  "de studie", "a reported total disagrees with the study's own "
                                  "line items"),
        # the report itself
        "too_many_issues": Text("er zijn meer problemen gevonden dan er in de lijst staan",
                                "more issues were found than are listed"),
    }
)

@dataclass(frozen=True)
class Issue:
    """One problem in one place.

    Attributes
    ----------
    code : str
        Key of :data:`ISSUE_CODES`; stable, the same in every language.
    message : Text
        Plain-language explanation in Dutch and English (:class:`mkba.messages.Text`).
    file : str
        File name (without folder).
    sheet, cell : str or None
        Where the problem is, when it is in a cell.
    found : object
        What was found: the value as read (a text is shown quoted, a number in the language's
        digits) or a :class:`~mkba.messages.Text`; None when nothing is to be shown.
    expected : Text or None
        What was expected.
    """

    code: str
    message: Text
    file: str
    sheet: str | None = None
    cell: str | None = None
    found: object = None
    expected: Text | None = None

    def __post_init__(self):
        if self.code not in ISSUE_CODES:
            raise ValueError(f"unknown issue code {self.code!r}")

    @property
    def location(self) -> str:
        """``file!sheet!cell`` (as far as known)."""
        return "!".join(p for p in (self.file, self.sheet, self.cell) if p)

    def render(self, lang: str = "nl", *, escaped: bool = True) -> dict[str, str | None]:
        """Every field as text in ``lang``; control characters shown escaped unless
        ``escaped=False`` (for JSON, which escapes them itself).

        Examples
        --------
        >>> issue = Issue("negative_amount", Text("bedrag is negatief", "amount is negative"),
        ...               "a.xlsx", "Kosten", "D5", found=-292018.0,
        ...               expected=Text("0 of meer", "0 or more"))
        >>> issue.render("en")["found"], issue.render()["found"]
        ('-292,018', '-292.018')
        """
        shown = {
            "code": self.code,
            "message": render(self.message, lang),
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "found": None if self.found is None else _show(self.found, lang),
            "expected": render(self.expected, lang),
        }
        if escaped:
            shown = {k: None if v is None else printable(v, lines=False)
                     for k, v in shown.items()}
        return shown

    def format(self, lang: str = "nl") -> str:
        """One line (two when found/expected are known) for the terminal, in ``lang``; control
        characters are shown escaped (:func:`mkba.text_clean.printable`)."""
        shown = self.render(lang)
        text = f"{self.location}: [{self.code}] {shown['message']}"
        extra = []
        words = _WORDS[lang]
        if shown["found"] is not None:
            extra.append(f"{words[0]}: {shown['found']}")
        if shown["expected"] is not None:
            extra.append(f"{words[1]}: {shown['expected']}")
        if extra:
            text += "\n    " + "; ".join(extra)
        return text


_WORDS = {"nl": ("gevonden", "verwacht"), "en": ("found", "expected")}


def _text(value, name: str) -> Text:
    if not isinstance(value, Text):
        raise TypeError(f"IssueLog.add: {name} must be a mkba.messages.Text (Dutch and English), "
                        f"not {type(value).__name__}")
    return value


@dataclass
class IssueLog:
    """Collects issues for one file while it is read (the mutable counterpart of a report).

    The first :data:`~mkba.limits.MAX_ISSUES` issues are kept, then one ``too_many_issues``
    issue; later ones are only counted (``len(log)`` counts them all). Texts found in the files
    are shortened to what an issue shows.
    """

    file: str
    issues: list[Issue] = field(default_factory=list)
    unlisted: int = 0

    def add(self, code: str, message: Text, sheet=None, cell=None, found=None,
            expected: Text | None = None) -> None:
        """Record an issue in this log's file.

        ``message`` and ``expected`` are :class:`~mkba.messages.Text` (TypeError otherwise:
        every message reaches the user in Dutch and English); ``found`` is the value as read
        or a Text.

        Examples
        --------
        >>> log = IssueLog("a.xlsx")
        >>> log.add("empty_file", Text("het bestand is leeg", "the file is empty"))
        >>> log.add("empty_file", "the file is empty")
        Traceback (most recent call last):
        ...
        TypeError: IssueLog.add: message must be a mkba.messages.Text (Dutch and English), not str
        """
        message = _text(message, "message")
        expected = None if expected is None else _text(expected, "expected")
        if len(self.issues) >= MAX_ISSUES:
            self.unlisted += 1
            if self.unlisted == 1:
                self.issues.append(Issue(
                    "too_many_issues",
                    Text("meer dan {n} problemen in dit bestand; alleen de eerste {n} staan "
                         "in de lijst", "more than {n} issues in this file; only the first "
                         "{n} are listed", n=MAX_ISSUES),
                    printable(self.file, lines=False),
                    expected=Text("los deze op en controleer het bestand opnieuw",
                                  "fix these and check the file again")))
            return
        self.issues.append(
            Issue(code, message, printable(self.file, lines=False),
                  None if sheet is None else printable(sheet, lines=False),
                  None if cell is None else printable(cell, lines=False),
                  _shorten(found), expected)
        )

    def __len__(self) -> int:
        return len(self.issues) + self.unlisted


_SHOWN = 80


def _shorten(value):
    # a text found in a file can be long: keep what an issue shows (and one more character,
    # so that the issue still shows that it was cut)
    return value[:_SHOWN + 1] if isinstance(value, str) else value


def _show(value, lang: str) -> str:
    text = repr(value) if isinstance(value, str) else render(value, lang)
    return text if len(text) <= _SHOWN else text[:_SHOWN - 3] + "..."


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

    def to_frame(self, lang: str = "nl") -> pd.DataFrame:
        """One row per issue, its texts in ``lang``."""
        cols = ["code", "message", "file", "sheet", "cell", "found", "expected"]
        return pd.DataFrame([i.render(lang) for i in self.issues], columns=cols)

    def to_json(self, lang: str = "nl") -> str:
        """The report as a JSON document (``ok``, ``files``, ``valid``, ``issues``).

        Each issue has its stable ``code`` and its texts in ``lang``. Control characters are
        written as JSON escapes (``\\u001b``, also for the C1 range that JSON itself allows
        raw), so the document is safe to print.
        """
        text = json.dumps(
            {
                "ok": self.ok,
                "lang": lang,
                "files": list(self.files),
                "valid": list(self.valid),
                "issues": [i.render(lang, escaped=False) for i in self.issues],
            },
            indent=2,
            ensure_ascii=False,
        )
        return printable_json(text)

    def format(self, lang: str = "nl") -> str:
        """Plain text for the terminal in ``lang``: every issue, then a summary line.

        Examples
        --------
        >>> print(ValidationReport(("a.xlsx", "b.xlsx"), (), ("a", "b")).format())
        2 geldige studies in 2 bestanden: a, b
        """
        lines = [i.format(lang) for i in self.issues]
        files, valid = len(self.files), len(self.valid)
        if self.ok:
            lines.append(render(Text(
                "{studies} in {files}", "{studies} in {files}",
                studies=_plural(Text("{v} geldige studie", "{v} valid study"),
                                Text("{v} geldige studies", "{v} valid studies"), valid, v=valid),
                files=_plural(Text("{f} bestand", "{f} file"),
                              Text("{f} bestanden", "{f} files"), files, f=files)), lang)
                         + ": " + ", ".join(self.valid))
        else:
            n, bad = len(self.issues), len({i.file for i in self.issues})
            lines.append(render(Text(
                "{issues} in {bad} van {files}; {v} geldig.",
                "{issues} in {bad} of {files}; {v} valid.",
                issues=_plural(Text("{n} probleem", "{n} issue"),
                               Text("{n} problemen", "{n} issues"), n, n=n),
                bad=bad, v=valid,
                files=_plural(Text("{f} bestand", "{f} file"),
                              Text("{f} bestanden", "{f} files"), files, f=files)), lang))
        return printable("\n".join(lines))


def _plural(one: Text, more: Text, count: int, **values) -> Text:
    chosen = one if count == 1 else more
    return Text(*chosen.templates, **values)
