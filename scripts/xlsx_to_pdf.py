#!/usr/bin/env python3
"""Convert an xlsx workbook to PDF with LibreOffice headless.

Usage: ``python scripts/xlsx_to_pdf.py TABLES.xlsx [OUT.pdf] [--soffice PATH] [--timeout S]``

The PDF goes beside the workbook (same name, ``.pdf``) unless OUT.pdf is given. LibreOffice runs
with its own throw-away profile, so it neither touches nor waits for a running LibreOffice, and
converts into a temporary folder; the PDF is checked (non-empty, starts with ``%PDF``) and only
then moved into place. Exit status: 0 on success, 1 when the conversion fails, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


class ConversionError(Exception):
    """The workbook could not be converted."""


def convert(xlsx: Path, pdf: Path | None = None, *, soffice: str | None = None,
            timeout: float = 180) -> Path:
    """Convert ``xlsx`` to ``pdf`` (default: beside it) and return the PDF's path."""
    xlsx = Path(xlsx).resolve()
    pdf = Path(pdf) if pdf is not None else xlsx.with_suffix(".pdf")
    if not xlsx.is_file():
        raise ConversionError(f"no such workbook: {xlsx}")
    exe = soffice or shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ConversionError("LibreOffice (soffice) is not installed or not on PATH")
    with tempfile.TemporaryDirectory(prefix="xlsx_to_pdf.") as tmp:
        profile = Path(tmp, "profile").as_uri()
        command = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(Path(tmp, "out")), str(xlsx)]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                 check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConversionError(f"LibreOffice did not finish: {exc}") from None
        made = Path(tmp, "out", xlsx.with_suffix(".pdf").name)
        if run.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
            detail = (run.stderr or run.stdout).strip()
            raise ConversionError(f"LibreOffice failed (exit {run.returncode}): {detail}")
        with made.open("rb") as fh:
            if fh.read(4) != b"%PDF":
                raise ConversionError(f"LibreOffice wrote {made.name}, but it is not a PDF")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        staged = pdf.with_name(f".{pdf.name}.tmp")
        shutil.copyfile(made, staged)
        os.replace(staged, pdf)  # atomic: the PDF appears whole or not at all
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert an xlsx workbook to PDF (LibreOffice)")
    parser.add_argument("xlsx", type=Path, help="workbook to convert")
    parser.add_argument("pdf", type=Path, nargs="?", help="PDF to write (default: beside it)")
    parser.add_argument("--soffice", help="path of the soffice program (default: on PATH)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds (default 180)")
    args = parser.parse_args(argv)
    try:
        pdf = convert(args.xlsx, args.pdf, soffice=args.soffice, timeout=args.timeout)
    except ConversionError as exc:
        print(f"xlsx_to_pdf: {exc}", file=sys.stderr)
        return 1
    print(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
