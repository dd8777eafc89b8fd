"""Projections: the endpoint, the CLI and the Monte Carlo against bare NumPy doing the same draws.

* ``POST /api/v1/projections`` under load (hits against a cached GET, misses, memory):
  :mod:`benchmarks.projection_server`.
* ``nato3 project hague-linear --format json`` (the default 10,000 draws) against a bare NumPy
  script making the same draws (:mod:`benchmarks.projection_bare`), whole processes, interleaved,
  medians: the CLI's fixed cost shows (goal ≤ 2×).
* Per draw, in-process: nato3's Monte Carlo (which also aggregates, bins and counts every draw)
  against the bare kernel on the same 100,000 draws, interleaved medians (goal ≤ 1.1×), in wall
  time (a thread draws the random numbers a chunk ahead) and in CPU time of both threads, and
  nato3 in one thread (as each of the web server's projection workers runs).
* What a projection worker does for a new seed (run, document, JSON), in milliseconds, no goal.
* A scenario's NATO aggregates and groups (the seed-independent part, computed once per
  scenario, and for every point of a sweep): NumPy against the pandas groupby of
  :func:`nato3.alliance.aggregates.aggregate` on the same rows, interleaved medians.
* Throughput at 10^6 draws × 32 allies × 12 years (base year 2024 of NATO's 2024 edition to 2035),
  peak memory (goal ≤ 1 GiB, any number of draws), and the Dask speed-up of a 4-point sweep on 1
  and 2 workers against two plain processes over one on the same work.

``NATO3_BENCH_DRAWS`` sets fewer draws for the throughput part, for a quick look.
"""

from __future__ import annotations

import os
import resource
import time
import tracemalloc

import numpy as np

DRAWS = int(os.environ.get("NATO3_BENCH_DRAWS", 1_000_000))
CHUNK = 5_000
REPEATS = 3


def _setup():
    from nato3.projection.engine import prepare
    from nato3.projection.resolve import resolve
    from nato3.projection.scenario import Scenario

    scenario = Scenario.model_validate(
        {
            "edition": "2024",
            "base_year": 2024,
            "horizon": 2035,
            "policy": {"default": "linear_to_target", "eastern_flank": {"real_growth": {"rate": 3}}},
        }
    )
    return prepare(resolve(scenario))


def bare(job, chunk: int) -> np.ndarray:
    """The same draws, growth factors, cumulative products and shares, with nothing kept."""
    from benchmarks.projection_bare import arrays
    from benchmarks.projection_bare import bare as bare_kernel

    return bare_kernel(arrays(job), chunk)


def _seconds(fn) -> float:
    from nato3.projection.montecarlo import release_workspace

    release_workspace()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _peak_bytes(fn) -> int:
    """Largest traced allocation total while ``fn`` runs (NumPy reports its arrays to tracemalloc).
    Measured in a separate run: tracing slows every small allocation, so it would skew timings."""
    from nato3.projection.montecarlo import release_workspace

    release_workspace()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _dask_sweep_seconds(setup, workers: int) -> float:
    import logging

    from distributed import LocalCluster

    from nato3.projection import montecarlo as mc
    from nato3.projection.backends import DaskBackend
    from nato3.projection.runner import make_job

    jobs = [make_job(setup, mc.Params(max(DRAWS // 5, 1000), 7, sd, 0.5, 5.0)) for sd in (0.5, 1.0, 1.5, 2.0)]
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        backend = DaskBackend(scheduler=cluster.scheduler_address)
        backend.run(jobs[:1], 25_000)  # warm the workers (imports)
        start = time.perf_counter()
        backend.run(jobs, 25_000)
        return time.perf_counter() - start


def _work(draws: int) -> float:
    """One process's share of the machine-ceiling measurement: a local run of ``draws``."""
    from nato3.projection import montecarlo as mc
    from nato3.projection.backends import LocalBackend
    from nato3.projection.runner import make_job

    job = make_job(_setup(), mc.Params(draws, 7, 1.5, 0.5, 5.0))
    start = time.perf_counter()
    LocalBackend(ahead=False).run([job], CHUNK)  # one core each
    return time.perf_counter() - start


def _process_ceiling(draws: int) -> float:
    """Speed-up of two plain processes over one on the same work: what this machine allows now."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_work, [1000, 1000])  # warm: imports, database
        start = time.perf_counter()
        pool.map(_work, [draws])
        one = time.perf_counter() - start
        start = time.perf_counter()
        pool.map(_work, [draws // 2, draws // 2])
        two = time.perf_counter() - start
    return one / two


def cli_against_bare() -> list[dict]:
    """``nato3 project hague-linear --format json`` against a bare NumPy script doing its draws."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from benchmarks.projection_bare import arrays
    from benchmarks.timing import interleaved, row
    from nato3.projection.builtin import load_scenario
    from nato3.projection.engine import prepare
    from nato3.projection.runner import make_job, mc_params

    resolved = load_scenario("hague-linear")
    job = make_job(prepare(resolved), mc_params(resolved))
    nato3 = str(Path(sys.executable).with_name("nato3"))
    with tempfile.TemporaryDirectory(prefix="nato3-bench-") as tmp:
        inputs = Path(tmp) / "hague-linear.npz"
        np.savez(inputs, **arrays(job))
        script = str(Path(__file__).with_name("projection_bare.py"))
        subprocess.run([nato3, "project", "hague-linear", "--format", "json"], capture_output=True, check=True)
        times = interleaved(
            {
                "bare": [sys.executable, script, str(inputs)],
                "nato3": [nato3, "project", "hague-linear", "--format", "json"],
            },
            runs=7,
        )
    ratio = times["nato3"] / times["bare"]
    draws = f"{job.params.draws:,} draws"
    return [
        row(f"bare NumPy script, hague-linear, {draws}", times["bare"], "s"),
        row("nato3 project hague-linear --format json", times["nato3"], "s"),
        row("nato3 project / bare script (whole processes)", ratio, "x", "<= 2", ratio <= 2),
    ]


def per_draw() -> list[dict]:
    """In-process seconds of nato3's Monte Carlo and of the bare kernel on the same 100,000 draws."""
    from benchmarks.timing import interleaved_calls, row
    from nato3.projection import montecarlo as mc
    from nato3.projection.backends import LocalBackend
    from nato3.projection.builtin import load_scenario
    from nato3.projection.engine import prepare
    from nato3.projection.runner import make_job, mc_params

    resolved = load_scenario("hague-linear")
    job = make_job(prepare(resolved), mc_params(resolved, 100_000, 1))
    calls = {
        "bare": lambda: bare(job, CHUNK),
        "nato3": lambda: LocalBackend().run([job], mc.DEFAULT_CHUNK),
        "one thread": lambda: LocalBackend(ahead=False).run([job], mc.DEFAULT_CHUNK),
    }
    times = interleaved_calls(calls, runs=5)
    cpu = interleaved_calls({k: calls[k] for k in ("bare", "nato3")}, runs=5, clock=time.process_time)
    ratio = times["nato3"] / times["bare"]
    return [
        row("bare kernel, hague-linear, 100,000 draws", times["bare"], "s"),
        row("nato3 Monte Carlo, same draws (random numbers drawn a chunk ahead)", times["nato3"], "s"),
        row("per draw: nato3 / bare kernel", ratio, "x", "<= 1.1", ratio <= 1.1),
        row("CPU per draw: nato3 (both threads) / bare kernel", cpu["nato3"] / cpu["bare"], "x"),
        row(
            "per draw, nato3 in one thread (a web projection worker) / bare kernel",
            times["one thread"] / times["bare"],
            "x",
        ),
    ]


def per_request() -> list[dict]:
    """Milliseconds of what a warm projection worker does for a new seed (10,000 draws): the run,
    the document, its JSON (interleaved medians; no goal: the parts of the endpoint's new-seed row)."""
    from benchmarks.timing import interleaved_calls, row
    from nato3.documents.projection import context, document, load
    from nato3.plain import dumps
    from nato3.projection.runner import project
    from nato3.projection.shared_normals import cores_shared

    before = cores_shared(True)  # as in a worker: its Monte Carlo runs in one thread
    resolved = load("hague-linear")
    ran = {"p": project(resolved, None, 1)}
    ctx = context(ran["p"])
    seeds = iter(range(2, 10**6))

    def run():
        ran["p"] = project(resolved, None, next(seeds))

    def build():
        ran["doc"] = document(ran["p"], "hague-linear", [], None, ctx)

    build()
    times = interleaved_calls(
        {"run": run, "document": build, "json": lambda: dumps(ran["doc"].to_dict(), indent=True)}, runs=9
    )
    cores_shared(before)
    return [
        row("new seed in a worker: Monte Carlo run, 10,000 draws", times["run"] * 1000, "ms"),
        row("new seed in a worker: projection document", times["document"] * 1000, "ms"),
        row("new seed in a worker: its JSON (to_dict + dumps)", times["json"] * 1000, "ms"),
    ]


def aggregates() -> list[dict]:
    """In-process seconds of the path's aggregates in NumPy and through the foundation's groupby."""
    from benchmarks.timing import interleaved_calls, row
    from nato3.alliance.aggregates import aggregate
    from nato3.alliance.membership import is_member
    from nato3.projection import engine
    from nato3.projection.builtin import load_scenario
    from nato3.projection.path_aggregates import aggregate_frame, groups

    setup = engine.prepare(load_scenario("hague-linear"))
    allies = engine.ally_frame(setup, *engine.run_deterministic(setup))

    def by_groupby():
        rows = allies.assign(
            is_estimate=False,
            defence_exp_musd_current=np.nan,
            gdp_musd_current=np.nan,
            military_personnel_thousands=np.nan,
            gdp_per_capita_kusd_const=np.nan,
        )
        rows = rows[[is_member(c, y) for c, y in zip(rows["iso3"], rows["year"], strict=True)]]
        return [aggregate(rows, members) for _, members in groups(setup).values()]

    times = interleaved_calls({"groupby": by_groupby, "numpy": lambda: aggregate_frame(setup, allies)}, runs=7)
    ratio = times["numpy"] / times["groupby"]
    return [
        row("path aggregates, pandas groupby (alliance.aggregates.aggregate)", times["groupby"], "s"),
        row("path aggregates in NumPy (projection.path_aggregates), same figures", times["numpy"], "s"),
        row("path aggregates: NumPy / groupby", ratio, "x"),
    ]


def run() -> list[dict]:
    from benchmarks import projection_server

    return [
        *projection_server.run(),
        *cli_against_bare(),
        *per_draw(),
        *per_request(),
        *aggregates(),
        *throughput(),
    ]


def throughput() -> list[dict]:
    from nato3.projection import montecarlo as mc
    from nato3.projection.backends import LocalBackend
    from nato3.projection.kernel import evaluate
    from nato3.projection.runner import make_job

    setup = _setup()
    job = make_job(setup, mc.Params(DRAWS, 1, 1.5, 0.5, 5.0))
    # The baseline computes the same shares as nato3's kernel (checked on a small run).
    small = make_job(setup, mc.Params(2_000, 1, 1.5, 0.5, 5.0))
    G, noise, _ = mc.draw(small, 0, 2)
    ours_small = evaluate(small.kernel, G, noise)[0][: small.kernel.n_allies]
    np.testing.assert_allclose(bare(small, 2_000), ours_small, rtol=1e-12)

    bare_times, ours_times = [], []
    for _ in range(REPEATS):  # interleaved, best of each: the machine is shared
        bare_times.append(_seconds(lambda: bare(job, CHUNK)))
        ours_times.append(_seconds(lambda: LocalBackend().run([job], CHUNK)))
    tb, to = min(bare_times), min(ours_times)
    peak = _peak_bytes(lambda: LocalBackend().run([job], CHUNK))
    one = _dask_sweep_seconds(setup, 1)
    two = _dask_sweep_seconds(setup, 2)
    ceiling = _process_ceiling(max(DRAWS // 5, 2000))
    shape = f"{DRAWS:,} draws × {setup.kernel.n_allies} allies × {len(setup.kernel.years)} years"
    return [
        {"name": f"bare NumPy kernel, {shape}", "value": tb, "unit": "s"},
        {"name": "nato3 Monte Carlo (local backend, random numbers drawn ahead), same draws", "value": to, "unit": "s"},
        {"name": "throughput ratio nato3 / bare kernel", "value": tb / to, "unit": "x", "goal": ">= 0.67"},
        {"name": "peak traced memory of the nato3 run", "value": peak / 2**20, "unit": "MiB", "goal": "<= 1024"},
        {
            "name": "process max RSS (incl. imports)",
            "value": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "unit": "MiB",
        },
        {"name": "Dask sweep (4 points), 1 worker", "value": one, "unit": "s"},
        {"name": "Dask sweep (4 points), 2 workers", "value": two, "unit": "s"},
        {"name": "Dask speed-up 1 → 2 workers", "value": one / two, "unit": "x"},
        {"name": "baseline: 2 plain processes vs 1, same work", "value": ceiling, "unit": "x"},
    ]
