"""Build time of `nato3 report` (HTML, and HTML + PDF) against `nato3 status --format json`, and
what the paths to 2035 add (the projection with its Monte Carlo draws, the section, the fan chart)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
GOAL_SECONDS = 15


def _median_seconds(cmd: list[str], runs: int = RUNS) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache and the database
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _paths_seconds(runs: int = RUNS) -> float:
    """The paths-to-2035 section, in process: the default scenario projected with the report's draws,
    the section and its fan chart built (a fresh context each run, so nothing is cached)."""
    from nato3.report.context import ReportContext
    from nato3.report.sections import paths

    paths.build(ReportContext.create())  # warm imports, the database and matplotlib
    times = []
    for _ in range(runs):
        context = ReportContext.create()
        start = time.perf_counter()
        paths.build(context)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[dict]:
    nato3 = str(Path(sys.executable).with_name("nato3"))
    out = tempfile.mkdtemp(prefix="nato3-bench-report-")
    try:
        baseline = _median_seconds([nato3, "status", "--format", "json"])
        html = _median_seconds([nato3, "report", "--out", out])
        rows = [
            {"name": "nato3 status --format json (baseline)", "value": baseline, "unit": "s"},
            {"name": "nato3 report (HTML)", "value": html, "unit": "s", "goal": f"<= {GOAL_SECONDS}"},
            {"name": "nato3 report / status --format json", "value": html / baseline, "unit": "x"},
        ]
        from nato3.report.context import DEFAULT_SCENARIO, SCENARIO_DRAWS

        section = _paths_seconds()
        rows += [
            {
                "name": f"of which paths to 2035 ({DEFAULT_SCENARIO}, {SCENARIO_DRAWS:,} draws)",
                "value": section,
                "unit": "s",
            },
            {"name": "paths to 2035 / nato3 report (HTML)", "value": section / html, "unit": "x"},
        ]
        from nato3.report.browser import chromium_path

        if chromium_path().is_file():  # PDF needs Chromium; without it there is no PDF figure
            both = _median_seconds([nato3, "report", "--out", out, "--format", "both"], runs=3)
            rows += [
                {
                    "name": "nato3 report --format both (HTML + PDF)",
                    "value": both,
                    "unit": "s",
                    "goal": f"<= {GOAL_SECONDS}",
                },
                {"name": "nato3 report --format both / status --format json", "value": both / baseline, "unit": "x"},
            ]
        return rows
    finally:
        shutil.rmtree(out, ignore_errors=True)
