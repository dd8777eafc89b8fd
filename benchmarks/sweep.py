"""Dask against one process on sweeps: cluster start-up apart, speed-up on 2 workers, auto's choice.

Three measurements, all medians of interleaved runs (A B A B …):

* start-up: importing Dask (whole processes: ``import distributed`` minus a bare interpreter)
  and starting plus closing a 2-worker LocalCluster, forked (what nato3 does on Linux) and
  spawned (Dask's default, what nato3 did before);
* ``nato3 sweep examples/sweep.yaml`` (9 points × 20,000 draws), whole processes, with
  ``--backend local``, ``dask`` and ``auto``: auto must cost no more than the faster one;
* the Monte Carlo of a big sweep (``NATO3_BENCH_SWEEP_POINTS`` points of 1,000 draws, default
  1,000; the issue's case) on the local backend and on a running 2-worker cluster (start-up
  excluded, then included), beside the speed-up of two plain processes over one on the same
  jobs: what the shared 2-core machine allows at that moment.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import sys
from pathlib import Path

from benchmarks.timing import interleaved, interleaved_calls, row

POINTS = int(os.environ.get("NATO3_BENCH_SWEEP_POINTS", 1_000))
DRAWS = 1_000
ROOT = Path(__file__).resolve().parents[1]
NATO3 = [sys.executable, "-m", "nato3"]


def _jobs(points: int, draws: int) -> list:
    """``points`` jobs of the example sweep's scenario, each with its own execution noise."""
    from nato3.projection import engine
    from nato3.projection.runner import make_job, mc_params
    from nato3.projection.sweep import load_sweep
    from nato3.projection.sweep import points as grid_points

    sweep, path = load_sweep(ROOT / "examples" / "sweep.yaml")
    resolved = grid_points(sweep, path)[0][1]
    job = make_job(engine.prepare(resolved), mc_params(resolved, draws, 7))
    return [
        dataclasses.replace(job, params=dataclasses.replace(job.params, execution_sd=1 + 9 * i / max(points - 1, 1)))
        for i in range(points)
    ]


def _cluster(method: str):
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        return LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
        )


def _start_and_close(method: str) -> None:
    _cluster(method).close()


def _local_half(jobs: list) -> None:
    from nato3.projection.backends import LocalBackend

    LocalBackend(ahead=False).run(jobs, 5_000)  # one core each


def _two_processes(jobs: list) -> float:
    """Speed-up of two plain processes (each half the jobs) over one (all of them)."""
    half = len(jobs) // 2
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_local_half, [jobs[:2], jobs[:2]])  # warm: imports

        def one():
            pool.map(_local_half, [jobs])

        def two():
            pool.map(_local_half, [jobs[:half], jobs[half:]], chunksize=1)

        times = interleaved_calls({"one": one, "two": two}, runs=3)
    return times["one"] / times["two"]


def _startup_rows() -> list[dict]:
    env = os.environ.copy()
    imports = interleaved(
        {"bare": [sys.executable, "-c", "pass"], "dask": [sys.executable, "-c", "import distributed"]}, runs=5, env=env
    )
    import distributed  # noqa: F401  (imported once here: the start-up figures below exclude it)

    cluster = interleaved_calls({m: (lambda m=m: _start_and_close(m)) for m in ("fork", "spawn")}, runs=3)
    return [
        row("import distributed (whole process, minus bare Python)", imports["dask"] - imports["bare"], "s"),
        row("LocalCluster, 2 workers: start + close, forked", cluster["fork"], "s"),
        row("LocalCluster, 2 workers: start + close, spawned (before)", cluster["spawn"], "s"),
    ]


def _example_rows() -> list[dict]:
    example = str(ROOT / "examples" / "sweep.yaml")
    commands = {b: [*NATO3, "sweep", example, "--format", "csv", "--backend", b] for b in ("local", "dask", "auto")}
    env = os.environ.copy()
    times = interleaved(commands, runs=5, env=env)
    best = min(times["local"], times["dask"])
    return [
        row("nato3 sweep examples/sweep.yaml, --backend local", times["local"], "s"),
        row("… --backend dask (2 workers; start-up included)", times["dask"], "s"),
        row("… --backend auto", times["auto"], "s"),
        row("auto / the faster of local and dask", times["auto"] / best, "x", "<= 1.05", times["auto"] <= best * 1.05),
    ]


def _big_rows() -> list[dict]:
    from distributed import Client

    from nato3.projection.backends import DaskBackend, LocalBackend, estimate_seconds

    jobs = _jobs(POINTS, DRAWS)
    cluster = _cluster("fork")
    try:
        with Client(cluster) as client:
            dask = DaskBackend(scheduler=client.scheduler.address)
            times = interleaved_calls(
                {"local": lambda: LocalBackend().run(jobs, 5_000), "dask": lambda: dask.run(jobs, 5_000)}, runs=3
            )
    finally:
        cluster.close()
    startup = interleaved_calls({"fork": lambda: _start_and_close("fork")}, runs=3)["fork"]
    ceiling = _two_processes(jobs)
    speedup = times["local"] / times["dask"]
    whole = times["local"] / (times["dask"] + startup)
    name = f"{POINTS:,} points × {DRAWS:,} draws"
    return [
        row(f"Monte Carlo of {name}, local", times["local"], "s"),
        row("auto's single-core estimate of that work", estimate_seconds(jobs), "s"),
        row("… on a running 2-worker cluster", times["dask"], "s"),
        row("Dask speed-up, start-up excluded", speedup, "x", goal=">= 1.7", met=speedup >= 1.7),
        row("Dask speed-up, start-up (fork) included", whole, "x"),
        row("baseline: 2 plain processes vs 1, same jobs", ceiling, "x"),
        row("Dask speed-up / the baseline's", speedup / ceiling, "x", goal=">= 0.9", met=speedup / ceiling >= 0.9),
    ]


def run() -> list[dict]:
    return [*_startup_rows(), *_example_rows(), *_big_rows()]
