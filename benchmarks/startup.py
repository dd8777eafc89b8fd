"""Start-up: every `nato3 … --help` (each command and sub-command) against `python -c "import typer"`."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from benchmarks.timing import interleaved, row
from nato3.cli.app import command_paths

GOAL = 1.5  # × import typer (issue 15)
RUNS = 7


def run() -> list[dict]:
    """Each --help is timed in its own interleaved pair with `import typer`, so its ratio compares runs made
    moments apart (the machine is shared; a pooled baseline would drift over the minute this takes)."""
    python = sys.executable
    nato3 = str(Path(python).with_name("nato3"))
    floor_cmd = [python, "-c", "import typer"]
    floors, rows, worst = [], [], 0.0
    for words in command_paths():
        name = " ".join(("nato3", *words, "--help"))
        medians = interleaved({"typer": floor_cmd, name: [nato3, *words, "--help"]}, runs=RUNS)
        floors.append(medians["typer"])
        ratio = medians[name] / medians["typer"]
        worst = max(worst, ratio)
        rows.append(row(f"{name} / import typer", ratio, "x", goal=f"<= {GOAL}", met=ratio <= GOAL))
    rows.insert(0, row("python -c 'import typer' (baseline, median)", statistics.median(floors) * 1000, "ms"))
    rows.append(row("slowest --help / import typer", worst, "x", goal=f"<= {GOAL}", met=worst <= GOAL))
    return rows
