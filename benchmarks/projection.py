"""Monte Carlo throughput against a bare NumPy kernel, peak memory, and the Dask speed-up on a sweep.

The workload is the issue's: 10^6 draws × 32 allies × 12 years (base year 2024 of NATO's 2024
edition to 2035; Iceland has GDP only). The baseline, in the same run, is a bare NumPy kernel
that makes the same draws from the same per-block streams and the same cumulative products and
share paths, and keeps nothing. nato3 also aggregates, bins and counts every draw. Throughput
ratio = baseline time / nato3 time, best of 3 interleaved runs (goal ≥ 0.67); peak memory is
the largest traced total of allocations during a further nato3 run (goal ≤ 1 GiB, any number of
draws). The Dask figure is the time of a
4-point sweep on a LocalCluster with 1 worker over the time with 2 workers (1 thread each); its
baseline is the speed-up of two plain processes over one on the same work, which is what a
shared 2-core machine allows at that moment.

``NATO3_BENCH_DRAWS`` sets fewer draws for a quick look.
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
    """The same draws, growth factors, cumulative products and shares (execution compounding,
    share policies moved by GDP surprises), with nothing kept (reusing its arrays between
    chunks, as nato3 does)."""
    from nato3.projection import montecarlo as mc

    k, p = job.kernel, job.params
    A, T = k.P.shape
    Tg = k.n_growth
    sd = p.growth_sd(k.iso3)[:, None, None] / 100
    own_sd, common_sd = sd * np.sqrt(1 - p.correlation), sd * np.sqrt(p.correlation)
    scale = np.where(k.projected, p.execution(k.iso3)[:, None] / 100, 0.0)[:, :, None]
    mean = np.ones((A, Tg + 1))
    for t in range(1, Tg + 1):
        mean[:, t] = mean[:, t - 1] * k.onep_mu[:, t - 1]
    s_rows, s_g0 = k.share_rows, k.share_g0
    buffers: dict[int, tuple] = {}
    normals = np.empty(A * max(T, Tg) * mc.BLOCK)
    share = None
    for first, count in mc.chunks(p, chunk):
        sizes = [p.block_size(b) for b in range(first, first + count)]
        n = sum(sizes)
        if n not in buffers:
            buffers.clear()
            buffers[n] = (np.empty((A, Tg + 1, n)), np.empty((A, T, n)), np.empty((A, T, n)))
        G, noise, share = buffers[n]
        G[:, 0] = 1.0
        row = 0
        for block, size in zip(range(first, first + count), sizes, strict=True):
            rng = mc.generator(p.seed, block)
            rows = slice(row, row + size)
            common = rng.standard_normal((Tg, size))
            growth = G[:, 1:, rows]
            np.multiply(rng.standard_normal(out=normals[: A * Tg * size].reshape(A, Tg, size)), own_sd, out=growth)
            growth += common * common_sd
            growth += k.onep_mu[:, :, None]
            shocks = rng.standard_normal(out=normals[: A * T * size].reshape(A, T, size))
            np.multiply(shocks, scale, out=noise[:, :, rows])
            row += size
        for t in range(1, Tg + 1):
            G[:, t] *= G[:, t - 1]
        noise += 1.0
        for t in range(1, T):
            noise[:, t] *= noise[:, t - 1]
        np.multiply(k.P[:, :, None], noise, out=share)
        for a, g0 in zip(s_rows, s_g0, strict=True):
            share[a] *= np.multiply.outer(mean[a, k.offset :], G[a, g0]) / (G[a, k.offset :] * mean[a, g0])
        r = k.ratio_idx
        share[r] *= G[r, k.g0_index][:, None, :] / G[r, k.offset :]
    return share


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
    LocalBackend().run([job], CHUNK)
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


def run() -> list[dict]:
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
        {"name": "nato3 Monte Carlo (local backend), same draws", "value": to, "unit": "s"},
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
