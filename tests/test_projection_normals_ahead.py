"""Random numbers drawn a chunk ahead in a second thread: the very numbers of a run in one thread,
no thread left behind (a run that ends early, a drawing that fails), and only where it pays."""

from __future__ import annotations

import threading

import pytest

from mc_results import assert_identical
from nato3.projection import montecarlo as mc
from nato3.projection import shared_normals
from nato3.projection.backends import LocalBackend
from nato3.projection.shared_normals import ahead_pays, cores_shared

THREAD = "nato3-normals-ahead"


def ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD]


@pytest.fixture(scope="module")
def setup():
    from nato3.projection.builtin import load_scenario
    from nato3.projection.engine import prepare

    return prepare(load_scenario("hague-linear"))


def job(setup, draws: int, seed: int = 5, sd: float = 1.0) -> mc.Job:
    from nato3.projection.runner import make_job

    return make_job(setup, mc.Params(draws, seed, sd, 0.5, 4.0))


@pytest.mark.parametrize("seeds", [(5,), (5, 5, 5), (5, 6)], ids=["one job", "three of one seed", "two seeds"])
def test_drawn_ahead_or_not_the_numbers_are_the_same(setup, seeds):
    """One job of 7,500 draws in chunks of 2,000 (the last of one and a half blocks), three jobs
    sharing their normals, two that do not: every number equal, with the thread and without."""
    jobs = [job(setup, 7_500, seed, 0.5 + i) for i, seed in enumerate(seeds)]
    assert not ahead_threads()
    threaded = LocalBackend(ahead=True).run(jobs, 2_000)
    alone = LocalBackend(ahead=False).run(jobs, 2_000)
    for a, b in zip(threaded, alone, strict=True):
        assert_identical(a, b)
    assert not ahead_threads()


def test_a_run_stopped_by_its_progress_leaves_no_thread(setup):
    """The web worker stops a run nobody waits for by raising from its progress callback."""

    def stop(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        LocalBackend(ahead=True).run([job(setup, 20_000)], 2_000, stop)
    assert not ahead_threads()


def test_a_drawing_that_fails_is_raised_in_the_run_and_leaves_no_thread(setup, monkeypatch):
    generator = mc.generator

    def failing(seed: int, block: int):
        if block == 4:
            raise MemoryError("no room for block 4's normals")
        return generator(seed, block)

    monkeypatch.setattr(mc, "generator", failing)
    with pytest.raises(MemoryError, match="block 4"):
        LocalBackend(ahead=True).run([job(setup, 10_000)], 2_000)
    assert not ahead_threads()


def test_a_thread_draws_ahead_only_where_it_pays(setup, monkeypatch):
    big, small = job(setup, 10_000), job(setup, 2_000)
    plans = [list(mc.chunks(big.params, 2_000))]
    monkeypatch.setattr(shared_normals.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert ahead_pays([big], plans)
    assert not ahead_pays([small], [list(mc.chunks(small.params, 2_000))])  # one chunk: nothing to overlap
    assert not ahead_pays([big, big], plans * 2)  # a sweep's points share their normals: little to draw ahead
    other_seed = job(setup, 10_000, seed=6)
    assert ahead_pays([big, other_seed], plans * 2)
    before = cores_shared(True)  # a web worker, the report's two processes
    try:
        assert not ahead_pays([big], plans)
    finally:
        cores_shared(before)
    monkeypatch.setattr(shared_normals.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not ahead_pays([big], plans)
    monkeypatch.setattr(shared_normals, "MAX_BYTES", 1_000)
    monkeypatch.setattr(shared_normals.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert not ahead_pays([big], plans)  # a chunk's normals too big to hold three


def test_a_run_on_two_cores_draws_ahead(setup, monkeypatch):
    """The default decides by ahead_pays: here it says yes, and the thread is seen drawing."""
    monkeypatch.setattr(shared_normals, "ahead_pays", lambda jobs, plans: True)
    seen = []
    generator = mc.generator
    monkeypatch.setattr(mc, "generator", lambda s, b: seen.append(threading.current_thread().name) or generator(s, b))
    LocalBackend().run([job(setup, 6_000)], 2_000)
    assert set(seen) == {THREAD}


def _cores_shared_here() -> bool:
    return shared_normals._CORES_SHARED


def test_the_web_servers_projection_workers_draw_nothing_ahead():
    """Its workers fill the cores already: a thread drawing ahead in each would only take CPU
    from the others (and raise their memory)."""
    from nato3.web.projection_pool import ProjectionPool

    pool = ProjectionPool(workers=1, queue=1, retry_after_s=1)
    assert pool.submit(_cores_shared_here).result(timeout=120) is True
    assert _cores_shared_here() is False  # the server's own process is not changed
