"""Start-up time of `nato3 --help` against `python -c "import typer"`, the framework's floor."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 21


def _median_seconds(cmd: list[str]) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[dict]:
    python = sys.executable
    nato3 = str(Path(python).with_name("nato3"))
    floor = _median_seconds([python, "-c", "import typer"])
    ours = _median_seconds([nato3, "--help"])
    status = _median_seconds([nato3, "status", "--help"])
    return [
        {"name": "python -c 'import typer' (baseline)", "value": floor * 1000, "unit": "ms"},
        {"name": "nato3 --help", "value": ours * 1000, "unit": "ms"},
        {"name": "nato3 --help / import typer", "value": ours / floor, "unit": "x", "goal": "<= 1.5"},
        {"name": "nato3 status --help / import typer", "value": status / floor, "unit": "x", "goal": "<= 1.5"},
    ]
