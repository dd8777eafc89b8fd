"""Raw bundled rows for the ledger tests, read with the csv module (not through nato3), so the
expected figures are computed independently of the code under test."""

from __future__ import annotations

import csv
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[1] / "src" / "nato3" / "data" / "datasets"
REFERENCE = Path(__file__).resolve().parents[1] / "src" / "nato3" / "data" / "reference"


def rows(name: str, folder: Path = DATASETS) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def europe() -> list[str]:
    group = next(r for r in rows("groups.csv", REFERENCE) if r["group_id"] == "europe")
    return group["members"].split(";")
