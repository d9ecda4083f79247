"""Writing results: every file and folder mkba writes goes through this package.

:mod:`mkba.io` only reads; this package writes, and never reads an input. Its modules:

- :mod:`~mkba.write.output_folder`: output folders that are mkba's own (a marker file, refusal
  of input, working and foreign folders, a lock, the whole-folder swap of the report).
- :mod:`~mkba.write.atomic`: one file written atomically.
- :mod:`~mkba.write.csv_bytes`, :mod:`~mkba.write.xlsx_bytes`: tables as CSV and xlsx bytes, text
  cleaned and guarded against formula injection.
- :mod:`~mkba.write.xlsx_tables`: the comparison tables (CSV + one formatted xlsx).
- :mod:`~mkba.write.export`: the combined data set of imported studies.
- :mod:`~mkba.write.figures`: matplotlib figures as deterministic PNG and SVG bytes.
- :mod:`~mkba.write.cockpit`: a study as a "cockpit" workbook (for the examples and tests).
"""
