"""`nato3 report` (HTML; HTML + PDF), cold and warm, against `nato3 status --format json`.

Whole processes, interleaved (status, report warm, report cold, … in turn), medians. Warm: what
a previous report left in $NATO3_HOME/cache is there (the backtest document, the scenario's
projection inputs, the drawn charts); cold: everything nato3 keeps there is removed before each
run, so the hindcast is computed (by the forked child, on the second core), the projection inputs
read from the database and every chart drawn. Both are printed against the issue's goals: ≤ 3 s
for HTML, ≤ 5 s with the PDF. The machine is shared: the ratios to the status baseline of the
same run are what compare between runs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.timing import interleaved, row

RUNS = 5
PDF_RUNS = 3
HTML_GOAL, PDF_GOAL = 3.0, 5.0


def _cold(command: list[str]) -> list[str]:
    """``command`` after removing every result nato3 keeps on disk (a shell line; the removal
    takes milliseconds)."""
    from nato3.store import disk_cache

    pattern = f"{disk_cache.folder()}/*{disk_cache.SUFFIX}"
    return ["sh", "-c", f'rm -f {pattern} && exec "$@"', "cold", *command]


def _rows(times: dict[str, float], label: str, goal: float) -> list[dict]:
    baseline = times["status"]
    out = []
    for state in ("warm", "cold"):
        seconds = times[state]
        out.append(row(f"nato3 report {label}, {state}", seconds, "s", goal=f"<= {goal:g}", met=seconds <= goal))
        out.append(row(f"  {state} / nato3 status --format json", seconds / baseline, "x"))
    return out


def run() -> list[dict]:
    nato3 = str(Path(sys.executable).with_name("nato3"))
    out = tempfile.mkdtemp(prefix="nato3-bench-report-")
    try:
        status = [nato3, "status", "--format", "json"]
        html = [nato3, "report", "--out", out]
        times = interleaved({"status": status, "warm": html, "cold": _cold(html)}, runs=RUNS)
        rows = [row("nato3 status --format json (baseline)", times["status"], "s")]
        rows += _rows(times, "(HTML)", HTML_GOAL)
        from nato3.report.browser import chromium_path

        if chromium_path().is_file():  # PDF needs Chromium; without it there is no PDF figure
            both = [*html, "--format", "both"]
            times = interleaved({"status": status, "warm": both, "cold": _cold(both)}, runs=PDF_RUNS)
            rows += _rows(times, "--format both (HTML + PDF)", PDF_GOAL)
        return rows
    finally:
        shutil.rmtree(out, ignore_errors=True)
