"""Shared test set-up: a headless matplotlib backend and the paths of the shipped data."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]
STUDIES = REPO / "studies"
