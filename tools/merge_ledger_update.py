"""Merge a folder of new and corrected ledger rows (shared/data/updates_2026-12/) into the bundled tables.

How the bundled ledger tables were derived on 2026-12-03, kept so the merge can be checked and
repeated: ``python tools/merge_ledger_update.py PATH/TO/updates_2026-12`` then ``make provenance``.

Each update file has its table's columns plus ``source_quote`` (and ``source_url`` for the DMDC
table, which lacked it). The merge:

* adds those columns to the bundled table; rows bundled before keep them blank, except the DMDC
  rows' ``source_url``, which is the intermediary every DMDC row was read from (SOURCES.md §5);
* replaces a bundled row by the update's row with the same key (a correction: FP045, the MARCOM
  commander's rank), keeping its place; appends every other update row after the last bundled
  row of its group (same post, period or table end), ids kept;
* records in each descriptor which rows came from the update (``update_2026_12``).

No value is changed other than by an update row; nothing is computed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[1] / "src" / "nato3" / "data" / "datasets"
DMDC_URL = (
    "https://github.com/corbett-hobbs/congress-ideology/blob/3751cfd7899bf0c2853a018fdbec53553c45e54c/"
    "pipeline/output/troops_location.json"
)
# Table → how a row is identified (a correction replaces the bundled row with the same key) and grouped.
TABLES = {
    "us_military_personnel_in_allied_countries_dmdc": {"key": ("period_end", "iso3"), "group": None},
    "force_posture_events": {"key": ("event_id",), "group": None},
    "nato_command_posts": {"key": ("post", "holder_iso3", "from_date", "status"), "group": "post"},
    "defence_production_capacity": {"key": ("item", "producer", "year", "measure"), "group": None},
    "national_defence_plans": {"key": ("iso3", "announced_on", "target_year", "scope"), "group": None},
    "nato30_context_facts": {"key": ("fact_id",), "group": None},
}


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _key(row: dict, names: tuple[str, ...]) -> tuple:
    return tuple(row.get(n, "") for n in names)


def merge(table: str, updates: Path) -> dict:
    """Merge one table; return what the descriptor records."""
    spec = TABLES[table]
    header, bundled = _read(DATASETS / f"{table}.csv")
    ending = "\r\n" if b"\r\n" in (DATASETS / f"{table}.csv").read_bytes() else "\n"  # keep the file's own
    new_header, incoming = _read(updates / f"{table}.csv")
    assert new_header[: len(header)] == header, f"{table}: the update's columns do not extend the table's"
    added_columns = new_header[len(header) :]
    for row in bundled:
        for column in added_columns:
            row[column] = DMDC_URL if (column == "source_url" and table.endswith("_dmdc")) else ""
    index = {_key(r, spec["key"]): i for i, r in enumerate(bundled)}
    corrected, added = [], []
    for row in incoming:
        key = _key(row, spec["key"])
        if key in index:
            bundled[index[key]] = row
            corrected.append(list(key))
            continue
        if spec["group"]:
            same = [i for i, r in enumerate(bundled) if r[spec["group"]] == row[spec["group"]]]
            place = (same[-1] + 1) if same else len(bundled)
        else:
            place = len(bundled)
        bundled.insert(place, row)
        index = {_key(r, spec["key"]): i for i, r in enumerate(bundled)}
        added.append(list(key))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=new_header, lineterminator=ending)
    writer.writeheader()
    writer.writerows(bundled)
    (DATASETS / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")
    return {"key": list(spec["key"]), "added": added, "corrected": corrected, "columns_added": added_columns}


def main(updates: Path) -> None:
    for table in TABLES:
        record = merge(table, updates)
        path = DATASETS / f"{table}.resource.json"
        d = json.loads(path.read_text(encoding="utf-8"))
        d["update_2026_12"] = {
            "date": "2026-12-03",
            "source": "shared/data/updates_2026-12/ (README.md there says, per table, what was searched, found "
            "and not found); merged by tools/merge_ledger_update.py",
            **record,
        }
        path.write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{table}: +{len(record['added'])} rows, {len(record['corrected'])} corrected", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
