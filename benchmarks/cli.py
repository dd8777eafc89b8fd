"""Whole CLI processes against bare scripts: `nato3 burden` and `nato3 status` vs DuckDB + pandas alone.

Each bare script is what the command could not do with less: start Python, import DuckDB and pandas,
open the same database file read-only, run the command's main query and print the frame. So the
ratio shows nato3's fixed costs (Typer, its own modules, the other libraries it loads, the queries
beside the main one, the analysis and the rendering). Medians of interleaved runs (A B A B …).
Beside them, each command's document built in this process with every cache emptied first: the
part of the whole-process time that is nato3's own analysis (the report builds the same documents).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from benchmarks.timing import interleaved, interleaved_calls, row

GOAL = 1.5  # × the bare script (issue 15)

# burden: the member rows of NATO's newest edition with spending in US$ (2024), as nato3.alliance.aggregates reads them.
BURDEN_SQL = (
    "SELECT s.*, c.region FROM nato_series s JOIN countries c ON c.iso3 = s.iso3 "
    "WHERE s.edition = ? AND c.kind = 'ally' AND s.year >= CAST(substr(c.accession_date, 1, 4) AS INTEGER) "
    "ORDER BY s.year, s.iso3"
)
# status: one edition's row per country for the year shown (nato3.documents.status).
STATUS_SQL = (
    "SELECT iso3, dataset, is_estimate, source_ref, defence_share_gdp_pct, defence_exp_real_change_pct, "
    "equipment_share_pct, defence_exp_musd_const, gdp_musd_const FROM nato_series WHERE edition = ? AND year = ?"
)

BARE = """
import sys
import duckdb
import pandas as pd
con = duckdb.connect(sys.argv[1], read_only=True)
frame = con.execute(sys.argv[2], sys.argv[3:4] + [int(y) for y in sys.argv[4:]]).df()
print(frame.to_string())
"""


def run() -> list[dict]:
    python = sys.executable
    nato3 = str(Path(python).with_name("nato3"))
    home = tempfile.mkdtemp(prefix="nato3-bench-cli-")
    env = {**os.environ, "NATO3_HOME": home}
    database = str(Path(home) / "nato3.duckdb")
    rows = []
    cases = {
        "burden": ([nato3, "burden"], [python, "-c", BARE, database, BURDEN_SQL, "2024"]),
        "status": ([nato3, "status"], [python, "-c", BARE, database, STATUS_SQL, "2026", "2026"]),
    }
    for name, (ours, bare) in cases.items():
        # nato3 first: its warm-up run builds the database the bare script opens.
        medians = interleaved({"nato3": ours, "bare": bare}, env=env)
        ratio = medians["nato3"] / medians["bare"]
        rows.append(row(f"nato3 {name} (default arguments)", medians["nato3"] * 1000, "ms"))
        rows.append(row(f"bare DuckDB + pandas script, {name}'s query", medians["bare"] * 1000, "ms"))
        rows.append(row(f"nato3 {name} / bare script", ratio, "x", goal=f"<= {GOAL}", met=ratio <= GOAL))
    rows += _documents(home)
    return rows


def _documents(home: str) -> list[dict]:
    """Median in-process build of the burden and status documents, caches emptied before each."""
    old = os.environ.get("NATO3_HOME")
    os.environ["NATO3_HOME"] = home
    try:
        from nato3.documents.registry import build
        from nato3.store import cache

        def fresh(kind: str):
            def call():
                cache.clear()
                return build(kind)

            return call

        medians = interleaved_calls({kind: fresh(kind) for kind in ("burden", "status")})
    finally:
        if old is None:
            os.environ.pop("NATO3_HOME", None)
        else:
            os.environ["NATO3_HOME"] = old
    return [row(f"{kind} document built in process", t * 1000, "ms") for kind, t in medians.items()]
