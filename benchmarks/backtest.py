"""A full backtest against the Monte Carlo floor: a bare NumPy run of the same draws.

The workload is the issue's: every SIPRI origin (1949–2023), horizons 1–10, 10,000 draws per
origin, then the scores and the Wales case study (`nato3 backtest`). The floor, in the same run,
draws the same numbers from the same per-origin, per-block streams for the same allies and years
and forms the GDP index and the compounded execution factors, keeping nothing: what any Monte
Carlo of this noise model must at least do. Ratio = floor time / nato3 time, best of 2
interleaved runs (the machine is shared). Goal: the full backtest in under 60 s.

``NATO3_BENCH_BACKTEST_DRAWS`` sets fewer draws for a quick look.
"""

from __future__ import annotations

import os
import time

import numpy as np

DRAWS = int(os.environ.get("NATO3_BENCH_BACKTEST_DRAWS", 10_000))
SEED = 2035
HORIZON = 10
REPEATS = 2


def floor(draws: int) -> int:
    """The same normal draws and cumulative products as the backtest's Monte Carlo, nothing kept;
    returns the number of origins."""
    from nato3.backtest.hindcast import origin_range, origin_seed
    from nato3.backtest.history import sipri_history
    from nato3.projection import montecarlo as mc

    history = sipri_history()
    first, last = origin_range(history)
    T, Tg = HORIZON + 1, HORIZON
    for t0 in range(first, last + 1):
        A = int((~np.isnan(history.until(t0).share[:, -1])).sum())
        seed = origin_seed(SEED, t0)
        params = mc.Params(draws, seed, 1.0, 0.5, 1.0)
        for first_block, count in mc.chunks(params, mc.DEFAULT_CHUNK):
            n = sum(params.block_size(b) for b in range(first_block, first_block + count))
            G, noise = np.empty((A, Tg + 1, n)), np.empty((A, T, n))
            G[:, 0] = 1.0
            row = 0
            for block in range(first_block, first_block + count):
                size = params.block_size(block)
                rng = mc.generator(seed, block)
                common = rng.standard_normal((Tg, size))
                G[:, 1:, row : row + size] = rng.standard_normal((A, Tg, size)) * 0.01 + common * 0.01 + 1.0
                noise[:, :, row : row + size] = rng.standard_normal((A, T, size)) * 0.05
                row += size
            for t in range(1, Tg + 1):
                G[:, t] *= G[:, t - 1]
            noise += 1.0
            for t in range(1, T):
                noise[:, t] *= noise[:, t - 1]
    return last - first + 1


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> list[dict]:
    from nato3.backtest import backtest
    from nato3.backtest.history import nato_history, sipri_history

    sipri_history(), nato_history("2024")  # load the data once, outside the timings
    origins = floor(1_000)  # warm
    floor_times, ours_times = [], []
    for _ in range(REPEATS):
        floor_times.append(_seconds(lambda: floor(DRAWS)))
        ours_times.append(_seconds(lambda: backtest("sipri", draws=DRAWS, seed=SEED)))
    nato = _seconds(lambda: backtest("nato", draws=DRAWS, seed=SEED))
    tf, to = min(floor_times), min(ours_times)
    shape = f"{origins} origins × {DRAWS:,} draws × horizons 1–{HORIZON}"
    return [
        {"name": f"floor: bare NumPy draws, {shape}", "value": tf, "unit": "s"},
        {"name": "nato3 backtest --source sipri (scores, Wales)", "value": to, "unit": "s", "goal": "< 60"},
        {"name": "ratio floor / nato3 backtest", "value": tf / to, "unit": "x"},
        {"name": "nato3 backtest --source nato (2 editions, Wales)", "value": nato, "unit": "s", "goal": "< 60"},
    ]
