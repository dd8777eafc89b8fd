"""`nato3 report` (HTML; HTML + PDF), cold and warm, against `nato3 status --format json`.

Whole processes, interleaved (status, report warm, report cold, … in turn), medians. Warm: what
a previous report left in $NATO3_HOME/cache is there (the backtest document, the scenario's
projection inputs, the drawn charts); cold: everything nato3 keeps there is removed before each
run, so the hindcast is computed (by the forked child, on the second core), the projection inputs
read from the database and every chart drawn. Both are printed against the issue's goals: ≤ 3 s
for HTML, ≤ 5 s with the PDF. The machine is shared: the ratios to the status baseline of the
same run are what compare between runs, and beside each wall-clock median the median CPU seconds
of the whole process tree (the report, its forked child, Chromium; user + system), which load on
the other core disturbs far less than the wall clock.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import row

RUNS = 5
PDF_RUNS = 3
HTML_GOAL, PDF_GOAL = 3.0, 5.0


def _cold(command: list[str]) -> list[str]:
    """``command`` after removing every result nato3 keeps on disk (a shell line; the removal
    takes milliseconds)."""
    from nato3.store import disk_cache

    pattern = f"{disk_cache.folder()}/*{disk_cache.SUFFIX}"
    return ["sh", "-c", f'rm -f {pattern} && exec "$@"', "cold", *command]


def interleaved(commands: dict[str, list[str]], runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """As :func:`benchmarks.timing.interleaved` (one warm-up each, then A B A B …, medians), also
    counting each run's CPU seconds: those of the waited-for process tree (``RUSAGE_CHILDREN``)."""
    for command in commands.values():
        subprocess.run(command, capture_output=True, check=True)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            walls[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    median = statistics.median
    return {n: median(t) for n, t in walls.items()}, {n: median(t) for n, t in cpus.items()}


def _rows(times: dict[str, float], cpu: dict[str, float], label: str, goal: float) -> list[dict]:
    baseline = times["status"]
    out = []
    for state in ("warm", "cold"):
        seconds = times[state]
        out.append(row(f"nato3 report {label}, {state}", seconds, "s", goal=f"<= {goal:g}", met=seconds <= goal))
        out.append(row(f"  {state} / nato3 status --format json", seconds / baseline, "x"))
        out.append(row(f"  {state}, CPU of the process tree", cpu[state], "s"))
    return out


def run() -> list[dict]:
    nato3 = str(Path(sys.executable).with_name("nato3"))
    out = tempfile.mkdtemp(prefix="nato3-bench-report-")
    try:
        status = [nato3, "status", "--format", "json"]
        html = [nato3, "report", "--out", out]
        times, cpu = interleaved({"status": status, "warm": html, "cold": _cold(html)}, runs=RUNS)
        rows = [row("nato3 status --format json (baseline)", times["status"], "s")]
        rows += _rows(times, cpu, "(HTML)", HTML_GOAL)
        from nato3.report.browser import chromium_path

        if chromium_path().is_file():  # PDF needs Chromium; without it there is no PDF figure
            both = [*html, "--format", "both"]
            times, cpu = interleaved({"status": status, "warm": both, "cold": _cold(both)}, runs=PDF_RUNS)
            rows += _rows(times, cpu, "--format both (HTML + PDF)", PDF_GOAL)
        return rows
    finally:
        shutil.rmtree(out, ignore_errors=True)
