"""Derive the bundled 2023-edition extract from a third party's rearrangement of NATO's 2023 tables.

Input: ``tests/fixtures/publishers/230707-def-exp-2023-TABLES-en.csv`` (GitHub
marcosfabietti/pivot_in_r; see the README beside it). Output (stdout, or the file given):
``src/nato3/data/datasets/nato_share_gdp_ed2023_extract.csv``, one row per ally and year with
NATO's share of real GDP as the 2023 edition gave it — the UK for 2014-2023 (block 1) and every
other ally for 2023 (block 3) — plus the UK's Table 8 shares (block 2). Values are copied as
written; 2023 is marked ``e`` because NATO's 2023 edition labelled 2023 an estimate (the
third-party file dropped the marker). Names become ISO3 codes through
``reference/publisher_country_names.csv``. ``tests/test_revisions.py`` runs this script and
checks that its output is the bundled file.
"""

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "fixtures" / "publishers" / "230707-def-exp-2023-TABLES-en.csv"
NAMES = ROOT / "src" / "nato3" / "data" / "reference" / "publisher_country_names.csv"
COLUMNS = [
    "iso3",
    "country",
    "year",
    "is_estimate",
    "national_2pct_commitment_flag",
    "defence_share_real_gdp_pct",
    "equipment_share_of_defexp_pct",
    "personnel_share_of_defexp_pct",
    "infrastructure_share_of_defexp_pct",
    "other_share_of_defexp_pct",
    "source_block",
]
UK_ROWS = {
    "UK defence spending as % Real GDP": "defence_share_real_gdp_pct",
    "Equipment": "equipment_share_of_defexp_pct",
    "Personnel": "personnel_share_of_defexp_pct",
    "Infrastructure": "infrastructure_share_of_defexp_pct",
    "Other": "other_share_of_defexp_pct",
}
ESTIMATE_YEARS = {2023}


def derive() -> str:
    with open(NAMES, encoding="utf-8", newline="") as fh:
        iso3 = {r["name"]: r["iso3"] for r in csv.DictReader(fh) if r["publisher"] == "nato"}
    with open(SOURCE, encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    rows: dict[tuple[str, int], dict] = {}
    years: list[int] = []
    for line in lines:
        label = line[0].strip() if line else ""
        if label == "Spending":
            years = [int(y) for y in line[1:] if y.strip()]
        elif label in UK_ROWS:
            block = "blocks 1-2 (UK rows of Tables 3 and 8)"
            for year, value in zip(years, line[1:], strict=False):
                row = rows.setdefault(("GBR", year), {"country": "United Kingdom", "source_block": block})
                row[UK_ROWS[label]] = value
        elif label.rstrip("*") in iso3 and len(line) > 1 and line[1].strip():
            code = iso3[label.rstrip("*")]
            row = rows.setdefault(
                (code, 2023), {"country": label.rstrip("*"), "source_block": "block 3 (2023e column of Table 3)"}
            )
            previous = row.get("defence_share_real_gdp_pct")
            if previous is not None and float(previous) != float(line[1]):
                raise SystemExit(f"{label}: block 3 gives {line[1]}, block 1 gave {previous}")
            row.setdefault("defence_share_real_gdp_pct", line[1])
            if label.endswith("*"):
                row["national_2pct_commitment_flag"] = "*"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for (code, year), row in sorted(rows.items()):
        row.update(iso3=code, year=year, is_estimate="e" if year in ESTIMATE_YEARS else "")
        writer.writerow([row.get(c, "") for c in COLUMNS])
    return out.getvalue()


if __name__ == "__main__":
    text = derive()
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
