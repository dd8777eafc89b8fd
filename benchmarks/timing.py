"""Honest timing for every benchmark: whole processes, interleaved runs, medians, goals.

Runs alternate between the commands being compared (A B A B …) so a burst of load on the shared
machine hits both sides alike; the median of each side is reported, never the best run.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence


def interleaved(commands: Mapping[str, Sequence[str]], runs: int = 11, env: dict | None = None) -> dict[str, float]:
    """Median wall-clock seconds of each whole-process command, run in turn ``runs`` times after one warm-up."""
    for cmd in commands.values():
        subprocess.run(list(cmd), capture_output=True, check=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(list(cmd), capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def interleaved_calls(
    calls: Mapping[str, Callable[[], object]], runs: int = 11, clock: Callable[[], float] = time.perf_counter
) -> dict[str, float]:
    """The same for in-process calls: median seconds of each callable, run in turn (``clock``:
    ``time.process_time`` for the CPU seconds of all this process's threads)."""
    for call in calls.values():
        call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            start = clock()
            call()
            times[name].append(clock() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def row(name: str, value: float, unit: str, goal: str | None = None, met: bool | None = None) -> dict:
    """One result line; ``goal`` is printed beside the value and ``met`` says whether it was reached."""
    out: dict = {"name": name, "value": value, "unit": unit}
    if goal is not None:
        out["goal"] = goal
    if met is not None:
        out["met"] = met
    return out
