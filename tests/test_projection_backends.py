"""Backends: Dask batches give the local backend's numbers bit for bit, cover every block once in
order, and ``auto`` picks local for small runs and Dask for big ones, saying why."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from documents import rows
from mc_results import assert_identical
from nato3.projection import batches
from nato3.projection import montecarlo as mc
from nato3.projection.backends import (
    DASK_FROM_SECONDS,
    AutoBackend,
    DaskBackend,
    LocalBackend,
    estimate_seconds,
    get_backend,
)


@pytest.fixture(scope="module")
def jobs():
    """Five jobs of uneven sizes (one of a partial block), each with its own volatility."""
    from nato3.projection import engine
    from nato3.projection.resolve import resolve
    from nato3.projection.runner import make_job
    from nato3.projection.scenario import Scenario

    policy = {"default": "linear_to_target", "POL": {"real_growth": {"rate": 2}}}
    setup = engine.prepare(resolve(Scenario.model_validate({"horizon": 2029, "policy": policy})))
    sizes = (2_500, 7_000, 1_000, 12_345, 600)
    return [make_job(setup, mc.Params(draws, 11, 0.5 + i / 2, 0.4, 2.0 + i)) for i, draws in enumerate(sizes, start=0)]


@pytest.fixture(scope="module")
def local(jobs):
    return LocalBackend().run(jobs, 3_000)


@pytest.mark.parametrize("n_batches", [1, 2, 3, 7, 1_000])
def test_a_plan_deals_every_chunk_once_in_block_order(jobs, n_batches):
    plan = batches.plan(jobs, n_batches, 3_000)
    assert 1 <= len(plan) <= n_batches
    pieces = [p for batch in plan for p in batch]
    for index, job in enumerate(jobs):
        mine = [p for p in pieces if p.job == index]
        starts = [p.first_block for p in mine]
        assert starts[0] == 0 and starts == sorted(starts)
        assert sum(p.n_blocks for p in mine) == job.params.n_blocks
        for a, b in zip(mine, mine[1:], strict=False):
            assert a.first_block + a.n_blocks == b.first_block
        assert all(p.first_block % 3 == 0 for p in mine)  # chunks are the local backend's, never cut
    assert sum(p.draws(jobs) for p in pieces) == sum(j.params.draws for j in jobs)


def test_batches_are_even(jobs):
    plan = batches.plan(jobs, 4, 1_000)
    sizes = [sum(p.draws(jobs) for p in batch) for batch in plan]
    assert len(plan) == 4 and max(sizes) - min(sizes) <= 2 * mc.BLOCK


@pytest.mark.parametrize("n_batches", [1, 3, 8, 1_000])
def test_batches_give_the_local_numbers_bit_for_bit(jobs, local, n_batches):
    plan = batches.plan(jobs, n_batches, 3_000)
    outputs = [batches.run_batch([jobs[p.job] for p in pieces], pieces, 3_000) for pieces in plan]
    for a, b in zip(local, batches.assemble(jobs, plan, outputs), strict=True):
        assert_identical(a, b)


def test_merged_partials_add_up_to_the_blocks_statistics(jobs):
    job = jobs[3]
    whole = mc.simulate(job, 0, 6)
    merged = batches.merge(mc.simulate(job, 0, 2), mc.simulate(job, 2, 4))
    assert merged.first_block == 0 and merged.n == whole.n == 6_000
    for name in ("at", "reach", "vmin", "vmax", "gap_sums"):
        np.testing.assert_array_equal(getattr(merged, name), getattr(whole, name))
    a, b = mc.Totals(job), mc.Totals(job)
    a.add(merged)
    b.add(whole)
    np.testing.assert_array_equal(a.hist, b.hist)


def test_a_forked_local_cluster_gives_the_local_numbers_and_reports_progress(jobs, local):
    seen = []
    results = DaskBackend(n_workers=2).run(jobs, 3_000, seen.append)
    for a, b in zip(local, results, strict=True):
        assert_identical(a, b)
    assert sum(seen) == sum(j.params.draws for j in jobs)


def _with_draws(job: mc.Job, draws: int) -> mc.Job:
    return dataclasses.replace(job, params=dataclasses.replace(job.params, draws=draws))


def test_auto_runs_small_work_locally_and_says_why(jobs, local):
    heard = []
    auto = AutoBackend(n_workers=2, announce=heard.append)
    for a, b in zip(local, auto.run(jobs, 3_000), strict=True):
        assert_identical(a, b)
    assert auto.chosen == "local"
    assert len(heard) == 1 and heard[0].startswith("Backend: local (auto: ≈") and "Dask pays off from" in heard[0]


def test_auto_picks_dask_for_big_work_with_two_workers_only(jobs):
    big = [_with_draws(jobs[0], 100_000_000)]
    assert estimate_seconds(big) > DASK_FROM_SECONDS > estimate_seconds(jobs)
    backend, why = AutoBackend(n_workers=2).choose(big)
    assert backend.name == "dask" and why.startswith("dask, 2 workers")
    backend, why = AutoBackend(n_workers=1).choose(big)
    assert backend.name == "local" and "2 or more" in why
    backend, why = AutoBackend(scheduler="tcp://127.0.0.1:1").choose(jobs)
    assert backend.name == "dask" and "scheduler was given" in why


def test_estimates_grow_with_draws_and_points(jobs):
    one = estimate_seconds([_with_draws(jobs[0], 10_000)])
    assert estimate_seconds([_with_draws(jobs[0], 20_000)]) > one
    seeds = [
        dataclasses.replace(jobs[0], params=dataclasses.replace(jobs[0].params, draws=10_000, seed=s))
        for s in (1, 2, 3)
    ]
    assert estimate_seconds(seeds) == pytest.approx(3 * one)
    # points of one seed make their random numbers once: the rest of the work still grows
    assert one < estimate_seconds([_with_draws(jobs[0], 10_000)] * 3) < 3 * one


def test_jobs_of_one_seed_make_their_random_numbers_once_and_give_what_each_gives_alone(jobs, local, monkeypatch):
    """The five jobs share seed 11: run together (the local backend, a Dask batch) each block's
    normals are drawn once, and every job's numbers are those of a run of its own."""
    made = []
    generator = mc.generator
    monkeypatch.setattr(mc, "generator", lambda seed, block: made.append(block) or generator(seed, block))
    together = LocalBackend().run(jobs, 3_000)
    blocks = {(b, job.params.block_size(b)) for job in jobs for b in range(job.params.n_blocks)}
    assert len(made) == len(blocks) < sum(job.params.n_blocks for job in jobs)  # once per block and size
    (batch,) = batches.plan(jobs, 1, 3_000)
    in_a_batch = batches.run_batch([jobs[p.job] for p in batch], batch, 3_000)
    made.clear()
    alone = [LocalBackend().run([job], 3_000)[0] for job in jobs]
    assert len(made) == sum(job.params.n_blocks for job in jobs)
    from nato3.projection import shared_normals

    monkeypatch.setattr(shared_normals, "GROUP_JOBS", 2)  # side by side two at a time: the same numbers
    in_pairs = LocalBackend().run(jobs, 3_000)
    for a, b, c, d, e in zip(alone, together, local, in_a_batch, in_pairs, strict=True):
        for other in (b, c, d, e):
            assert_identical(a, other)


def test_backends_by_name():
    assert isinstance(get_backend("auto"), AutoBackend)
    assert isinstance(get_backend("local"), LocalBackend)
    assert isinstance(get_backend("dask", n_workers=2), DaskBackend)
    from nato3.errors import Nato3Error

    with pytest.raises(Nato3Error, match="unknown backend 'spark'; allowed: auto, local, dask"):
        get_backend("spark")


SWEEP = (
    "scenario: hague-linear\ndraws: 2500\nseed: 3\ngrid:\n  target: [3.0, 3.5]\n  monte_carlo.execution_sd: [2, 8]\n"
)


def test_the_cli_sweep_is_the_same_on_every_backend_and_auto_says_which_it_picked(cli, tmp_path):
    import json

    path = tmp_path / "sweep.yaml"
    path.write_text(SWEEP, encoding="utf-8")
    outputs = {}
    for backend in ("local", "dask", None):
        args = ["sweep", str(path), "--format", "json"] + (["--backend", backend, "--workers", "2"] if backend else [])
        code, out, err = cli(*args)
        assert code == 0, err
        outputs[backend] = json.loads(out)
        if backend is None:  # the default is auto: a 4-point sweep of 2,500 draws is far too small for Dask
            assert err.startswith("Backend: local (auto: ≈") and err.count("\n") == 1
        else:
            assert "Backend:" not in err
    assert outputs["local"] == outputs["dask"] == outputs[None]
    table = rows(outputs[None], "sweep")
    deu = {(r["target"], r["monte_carlo.execution_sd"]): r["share_horizon_pct"] for r in table if r["iso3"] == "DEU"}
    assert deu == {(t, sd): pytest.approx(t) for t in (3.0, 3.5) for sd in (2, 8)}  # hague-linear meets each target
    pol = {(r["target"], r["monte_carlo.execution_sd"]): r["p_reach_by_horizon"] for r in table if r["iso3"] == "POL"}
    assert all(pol[(3.0, sd)] >= pol[(3.5, sd)] for sd in (2, 8))  # Poland's own path: odds fall as the bar rises


def test_a_failure_on_a_worker_is_the_local_backends_error(jobs):
    from nato3.errors import Nato3Error

    broken = dataclasses.replace(jobs[0].kernel, P=np.full_like(jobs[0].kernel.P, np.nan))
    job = dataclasses.replace(jobs[0], kernel=broken)
    with pytest.raises(Nato3Error, match="share of GDP for ALB is not finite"):
        DaskBackend(n_workers=2).run([job], 1_000)


FORKED_AFTER_OFFLOAD = """
import distributed.comm.utils, distributed.utils
from nato3.projection import engine, montecarlo as mc
from nato3.projection.backends import DaskBackend, LocalBackend
from nato3.projection.resolve import resolve
from nato3.projection.runner import make_job
from nato3.projection.scenario import Scenario

setup = engine.prepare(resolve(Scenario.model_validate({"horizon": 2029})))
jobs = [make_job(setup, mc.Params(draws, 11, 0.5, 0.4, 2.0)) for draws in (3_000, 1_500)]
distributed.comm.utils.OFFLOAD_THRESHOLD = 1  # every message is deserialised on the offload thread
distributed.utils._offload_executor.submit(lambda: None).result()  # its thread runs, as after a first cluster
for a, b in zip(LocalBackend().run(jobs, 1_000), DaskBackend(n_workers=2).run(jobs, 1_000), strict=True):
    assert (a.expected_gap == b.expected_gap).all() and (a.quantiles[0.5] == b.quantiles[0.5]).all()
print("same numbers")
"""


def test_workers_forked_after_dask_offloaded_a_message_still_run_their_tasks():
    """Regression: forked workers inherited Dask's offload pool without its thread and hung for ever
    on the first big message. Run apart, so that a hang fails this test instead of the suite."""
    import subprocess
    import sys

    try:
        done = subprocess.run([sys.executable, "-c", FORKED_AFTER_OFFLOAD], capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.fail("the Dask run never finished: a forked worker waits on an offload thread it does not have")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "same numbers"


START_METHODS = """
import threading
from nato3.projection.backends import _start_method
seen = [_start_method()]
done = threading.Event()
for name in ("Dask-Offload_0", "a web client's"):
    threading.Thread(target=done.wait, name=name, daemon=True).start()
    seen.append(_start_method())
done.set()
print(" ".join(seen))
"""


def test_workers_are_forked_only_from_a_process_running_no_other_thread():
    """A lock another thread holds at the fork stays held in a forked worker for ever (a worker
    forked from a test process hung in logging and its cluster waited for it): Dask's workers are
    forked while only Dask's own threads run, spawned otherwise."""
    import subprocess
    import sys

    run = [sys.executable, "-c", START_METHODS]
    done = subprocess.run(run, capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["fork", "fork", "spawn"]
