"""The bounds mkba works within, stated in one place.

Every number a user or a file can hand mkba that sets an amount of work (years, draws, rows,
columns, bytes, nesting) is checked against one of these bounds before the work starts, so that
no input makes mkba run without end or grow without bound in memory. A value outside a bound is
bad input: it is reported with its file and field (or cell) and exit code 1. The README's section
"Limits" lists the same numbers; ``tests/test_limits_doc.py`` checks that the two agree.

The bounds are generous for real MKBAs of social teams (a study runs 1 to 30 years, has a few
hundred line items and fits in a few MB) and keep the worst accepted input within about 2 GB of
memory on a 2-core machine.
"""

from __future__ import annotations

__all__ = [
    "MAX_HORIZON",
    "MAX_DRAWS",
    "MAX_FILE_BYTES",
    "MAX_TEXT_FILE_BYTES",
    "MAX_TOML_DEPTH",
    "MAX_SHEET_ROWS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_CELLS",
    "MAX_XLSX_ROWS",
    "MAX_SHEETS",
    "MAX_ISSUES",
    "MIN_YEAR",
    "MAX_YEAR",
    "MAX_AMOUNT",
    "MAX_HOUSEHOLDS",
]

#: Longest horizon of a study or of the common basis, in years.
MAX_HORIZON = 100

#: Most Monte Carlo draws (``--draws``). A million draws give a probability to within about
#: 0.001 and take about 0.3 GB; ten million took 1.6 GB for three scenarios.
MAX_DRAWS = 1_000_000

#: Largest input workbook (.xlsx) read, in bytes (packed). See also
#: :data:`mkba.io.workbook.MAX_UNPACKED_BYTES` for the unpacked size.
MAX_FILE_BYTES = 50 * 1024 * 1024

#: Largest text input (a mapping or scenario TOML file), in bytes.
MAX_TEXT_FILE_BYTES = 1024 * 1024

#: Deepest nesting of tables and arrays in a TOML file.
MAX_TOML_DEPTH = 20

#: Most rows of one worksheet that are read (measured before reading).
MAX_SHEET_ROWS = 100_000

#: Most columns of one worksheet that are read (measured before reading): column ZZ.
MAX_SHEET_COLUMNS = 702

#: Most cells (rows times columns of the used range) of one worksheet that are read. Also the
#: most cell and row elements one worksheet's XML may hold (filled or only formatted), and the
#: most shared strings of a workbook: the reader stops there instead of growing in memory. A
#: study of 20,000 line items over 100 years holds about 2.1 million cells; it imports in about
#: 25 s at a peak of about 1.2 GB (measured). The 100 MB cap on a workbook's unpacked size
#: (:data:`mkba.io.workbook.MAX_UNPACKED_BYTES`) allows at most about 4 million amounts.
MAX_SHEET_CELLS = 5_000_000

#: Most worksheets in one workbook (a study workbook has a handful; each sheet is read in turn).
MAX_SHEETS = 1_000

#: Most issues listed per file; beyond it they are counted, so that a workbook with millions of
#: bad cells gives a readable report in bounded memory.
MAX_ISSUES = 1_000

#: Plausible calendar years: a year of a study (publication, price year, first year, a year
#: header) or of a scenario outside this range is refused.
MIN_YEAR = 1950
MAX_YEAR = 2100

#: Largest absolute number read from a study cell or a scenario field in euros (a thousand
#: billion euros, more than the whole Dutch government budget). Keeps every sum and product of
#: amounts finite: 5 million cells times this bound is still far from float overflow.
MAX_AMOUNT = 1e12

#: Most households in a study or a scenario segment (the Netherlands has about 8.2 million).
MAX_HOUSEHOLDS = 10_000_000

#: Most data rows written to one xlsx sheet (Excel's limit of 1,048,576 rows less the header);
#: a longer table goes to CSV only, with a note in the workbook.
MAX_XLSX_ROWS = 1_048_575
