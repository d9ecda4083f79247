"""Render a report's index.html in headless Chromium and save a screenshot.

Usage: python scripts/screenshot_report.py [reports/index.html] [out.png] [--height PX]

Needs Debian's chromium package (/usr/bin/chromium). Chromium runs with a fresh profile, without
network access, GPU or background services, so it shows exactly what the offline file shows.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default="reports/index.html", type=Path)
    parser.add_argument("out", nargs="?", default="reports/screenshot.png", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args(argv)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found; install Debian's chromium package", file=sys.stderr)
        return 1
    if not args.html.is_file():
        print(f"{args.html} does not exist; run 'make report' first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
               f"--window-size={args.width},{args.height}",
               f"--screenshot={args.out.resolve()}", args.html.resolve().as_uri()]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not args.out.is_file():
        print(result.stderr[-2000:], file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
