"""Fill the blank mkba template as a person would, and re-save it with LibreOffice.

``fill_template(path)`` writes ``mkba template`` output and fills it with openpyxl: study
metadata picked from the drop-down labels, yearly flows with a text amount in Dutch notation, a
synonym for an actor, an empty row, a sensitivity variant and headline figures.
``resave_with_libreoffice(src, out_dir)`` opens and saves the file in LibreOffice (headless, with
a private profile so that it also runs as root in CI).

Run ``python tests/data/make_template_libreoffice.py`` to regenerate
``tests/data/template_libreoffice.xlsx``, the LibreOffice-saved file that the tests read when
LibreOffice is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from mkba.write.template import write_template

HERE = Path(__file__).resolve().parent

META_NL = {
    "id": "voorbeeldstad-2014",
    "title": "MKBA sociaal wijkteam Voorbeeldstad",
    "municipality": "Voorbeeldstad",
    "approach_name": "Sociaal wijkteam Noord",
    "approach_type": "Zorg- en welzijnsteam",
    "scale": "Meerdere wijken",
    "target_breadth": "Kwetsbare huishoudens",
    "household_type": "Geen onderscheid",
    "stage": "Lopend",
    "evaluation": "Ex post",
    "kind": "Quickscan",
    "author": "Bureau Voorbeeld",
    "year": 2014,
    "price_year": 2013,
    "discount_rate": 0.055,  # what Excel stores when a person types 5,5%
    "first_year": 2013,
    "horizon": 5,
    "households": 400,
    "households_zwaar": 20,
    "households_kwetsbaar": 60,
    "households_overig": 320,
    "source": "Rapport, p. 12",
    "illustrative": "ja",
}
TEAM, TRAINING = ("Kosten", "Uitvoering team", "Gemeente", "Teamleden"), \
    ("Kosten", "Opleiding en frictiekosten", "Gemeente", "Training")
YOUTH = ("Baten", "Jeugdzorg en uithuisplaatsing", "Gemeente", "Minder uithuisplaatsingen")
WORK = ("Baten", "Uitkeringen en arbeidsparticipatie", "UWV", "Uitstroom bijstand")
# (labels, scenario, {column letter: amount}); years 2013-2017 stand in F1:J1.
FLOWS = [
    (TEAM, "basis", dict.fromkeys("FGHIJ", 250000)),
    (TRAINING, None, {"F": "€ 12.500,00"}),
    (YOUTH, "basis", dict.fromkeys("GHIJ", 150000)),
    (WORK, "basis", {"H": 40000, "I": 60000, "J": 80000}),
    None,  # an empty row between the scenarios
    (TEAM, "laag effect", dict.fromkeys("FGHIJ", 250000)),
    (TRAINING, "laag effect", {"F": 12500}),
    (YOUTH, "laag effect", dict.fromkeys("GHIJ", 75000)),
    (WORK, "laag effect", {"H": 20000, "I": 30000, "J": 40000}),
]
# Consistent with the flows at 5.5% (worked by hand, first flow at t=0): PV costs
# 12 500 + 250 000 x 4.50515 = 1 138 788; PV benefits 677 385 (basis) and 338 692 (laag effect);
# ratios 0.595 and 0.297.
HEADLINES = [
    ("basis", "Baten-kostenverhouding", 0.59, 0.45, 0.75, 0.9),
    ("laag effect", "bcr", 0.3, None, None, None),
    (None, "Contante waarde kosten", "€ 1.139.000", None, None, None),
]


def fill_template(path: str | Path) -> Path:
    """Write the blank Dutch template to ``path`` and fill it in with openpyxl."""
    path = Path(path)
    write_template(path)
    wb = openpyxl.load_workbook(path)
    study = wb["Studie"]
    rows = {study.cell(r, 4).value: r for r in range(2, study.max_row + 1)}
    for name, value in META_NL.items():
        study.cell(rows[name], 2, value)
    flows = wb["Kasstromen"]
    for col, year in zip("FGHIJ", range(2013, 2018), strict=True):
        flows[f"{col}1"] = year
    for row, entry in enumerate(FLOWS, start=2):
        if entry is None:
            continue
        labels, scenario, amounts = entry
        for col, value in zip("ABCDE", (*labels, scenario), strict=True):
            flows[f"{col}{row}"] = value
        for col, amount in amounts.items():
            flows[f"{col}{row}"] = amount
    figures = wb["Kengetallen"]
    for row, values in enumerate(HEADLINES, start=2):
        for col, value in enumerate(values, start=1):
            figures.cell(row, col, value)
    wb.save(path)
    return path


def resave_with_libreoffice(src: str | Path, out_dir: str | Path) -> Path:
    """Open ``src`` in headless LibreOffice and save it as xlsx into ``out_dir``."""
    src, out_dir = Path(src), Path(out_dir)
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not on PATH")
    with tempfile.TemporaryDirectory(prefix="mkba-lo-profile-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "xlsx", "--outdir", str(out_dir), str(src)],
            check=True, capture_output=True, timeout=120,
        )
    out = out_dir / (src.stem + ".xlsx")
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not write {out}")
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        filled = fill_template(Path(tmp) / "template_libreoffice.xlsx")
        out = resave_with_libreoffice(filled, Path(tmp) / "out")
        shutil.copyfile(out, HERE / "template_libreoffice.xlsx")
    print(f"wrote {HERE / 'template_libreoffice.xlsx'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
