"""A study known by its published headline figures, read from a workbook.

A layout hands over the figures as found (:class:`~mkba.io.raw.RawHeadline`, one per row of the
template's sheet Kopcijfers); :func:`check_headlines` checks each the way a register's row is
checked (:func:`mkba.io.headline_checks.check_figure`, the one home of those rules), and
:func:`published_study` makes the :class:`~mkba.headlines.PublishedStudy` from the study's
metadata. A study with only headline figures needs only the fields :data:`REQUIRED` of the sheet
Studie (see :func:`mkba.io.build.check_fields`); its other fields are checked when filled in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from mkba.headlines import Headline, PublishedStudy
from mkba.io.build import check_fields
from mkba.io.headline_checks import FigureRow, check_figure, study_status
from mkba.io.raw import Cell, RawHeadline
from mkba.io.workbook import Workbook
from mkba.issues import IssueLog
from mkba.schema import STUDY_FIELDS, Study

__all__ = ["REQUIRED", "Figure", "beside_study", "check_headlines", "headlines_only",
           "published_study"]

#: Fields of the sheet Studie a headline-only study must have.
REQUIRED = ("id", "municipality", "approach_name")

#: One checked row: its status code, its source and its figure (None for a row that says no
#: figure was found).
Figure = tuple[str, str, Headline | None]


class _CellRow(FigureRow):
    """The cells of one headline figure."""

    def __init__(self, log: IssueLog, raw: RawHeadline):
        super().__init__(log)
        self.found, self.codes, self.columns = raw, raw.codes, raw.columns

    def raw(self, role: str) -> object:
        cell = self.found.cells.get(role)
        return None if cell is None else cell.value

    def place(self, role: str) -> tuple[str | None, str | None]:
        cell = self.found.cells.get(role, self.found.missing)
        return (cell.sheet, cell.ref) if cell is not None else (None, None)

    def column(self, role: str):
        return self.found.names.get(role, role)


def check_headlines(log: IssueLog, raws: Iterable[RawHeadline]) -> list[Figure] | None:
    """Check every value of every figure; the checked rows, or None when any has an issue.

    Examples
    --------
    >>> from mkba.io.raw import Cell
    >>> def row(**values):
    ...     cells = {k: Cell(v, "Kopcijfers", 2, i) for i, (k, v) in enumerate(values.items(), 1)}
    ...     return RawHeadline(cells, {k: k for k in values})
    >>> log = IssueLog("x.xlsx")
    >>> [(s, h.measure, h.value, h.bound) for s, _, h in check_headlines(log, [row(
    ...     measure="Baten-kostenverhouding", value=1.9, bound="ondergrens",
    ...     perspective="maatschappij", status="gecontroleerd", source="p. 12")])]
    [('verified', 'bcr', 1.9, 'lower')]
    >>> check_headlines(log, [row(measure="bcr", value="veel", bound="estimate",
    ...     perspective="society", status="verified", source="p. 3")]) is None
    True
    >>> issue = log.issues[0]
    >>> issue.location, issue.render("en")["message"], issue.render()["message"]
    ('x.xlsx!Kopcijfers!B2', 'column value: not a number', 'kolom value: geen getal')
    """
    out, bad = [], False
    for raw in raws:
        row = _CellRow(log, raw)
        status, figure = check_figure(row, url=False)
        bad = bad or row.bad
        out.append((status, row.text("source"), figure))
    return None if bad else out


def published_study(values: Mapping[str, object], figures: Sequence[Figure], *, file: str,
                    layout: str, cell: str = "", recomputed: bool = False) -> PublishedStudy:
    """The published study of a workbook: its metadata and its checked figures.

    Parameters
    ----------
    values : mapping
        The study's fields by name (:data:`~mkba.schema.STUDY_FIELDS`; the bureau is the field
        ``author``, the cases ``households``).
    figures : sequence of Figure
        At least one row (:func:`check_headlines`).
    file : str
        The workbook's name.
    layout : str
        The layout it was read with (``template``, ``mapping``, ...).
    cell : str
        Where the study id is (``Studie!B2``).
    recomputed : bool
        Whether the workbook also holds the study's line items.

    Returns
    -------
    PublishedStudy
        Scope ``team``; status from its figures (:func:`~mkba.io.headline_checks.study_status`);
        source that of its first figure (of its first row without one).
    """
    headlines = tuple(h for _, _, h in figures if h is not None)
    return PublishedStudy(
        id=str(values["id"]), scope="team", municipality=values.get("municipality") or "",
        approach=values.get("approach_name") or "", approach_type=values.get("approach_type"),
        year=values.get("year"), bureau=values.get("author") or "", commissioner="",
        evaluation=values.get("evaluation"), cases=values.get("households") or None,
        status=study_status(s for s, _, _ in figures),
        source=headlines[0].source if headlines else figures[0][1], headlines=headlines,
        note=values.get("notes") or "", file=file, cell=cell, recomputed=recomputed,
        illustrative=bool(values.get("illustrative")), layout=layout)


def headlines_only(wb: Workbook, log: IssueLog, meta: Mapping[str, Cell | None],
                   headlines: Iterable[RawHeadline], *, meta_sheet: str, layout: str,
                   before: int) -> tuple[None, PublishedStudy | None]:
    """The study of a workbook with headline figures and no line items: its metadata checked
    (only :data:`REQUIRED` needed, :func:`mkba.io.build.check_fields`) and its figures; (None,
    None) when the log holds more issues than ``before``."""
    values, provenance = check_fields(wb, log, meta, meta_sheet=meta_sheet, required=REQUIRED)
    figures = check_headlines(log, headlines)
    if len(log) > before or figures is None:
        return None, None
    return None, published_study(values, figures, file=wb.name, layout=layout,
                                 cell=_id_cell(provenance))


def beside_study(log: IssueLog, study: Study | None, headlines: Iterable[RawHeadline], *,
                 file: str, before: int) -> tuple[Study | None, PublishedStudy | None]:
    """A recomputed study and, when the workbook also has headline figures, those figures as a
    :class:`PublishedStudy` beside it (``recomputed=True``); (None, None) when the log holds
    more issues than ``before``."""
    figures = check_headlines(log, headlines)
    if study is None or figures is None or len(log) > before:
        return None, None
    if not figures:
        return study, None
    values = {f.name: getattr(study, f.name) for f in STUDY_FIELDS}
    return study, published_study(values, figures, file=file, recomputed=True,
                                  layout=study.layout, cell=_id_cell(study.provenance))


def _id_cell(provenance: Mapping[str, str]) -> str:
    """The cell of the study id (``B2`` of ``Studie!B2``); empty when the id was not read from
    a cell (a literal in a mapping file)."""
    return provenance.get("id", "!").split("!", 1)[1]
