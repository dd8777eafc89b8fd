"""``POST /api/v1/projections`` answers from stored bytes, computes identical concurrent requests
once, stops runs nobody waits for, and its workers run without the database (issue 15).

The answers are the library's projection document, byte for byte; speed is measured in
``make bench`` (benchmarks/projection_server.py), never here.
"""

from __future__ import annotations

import asyncio
import pickle
import subprocess
import sys
from concurrent.futures import CancelledError, Future

import pytest

from web_support import client, make_app

BODY = {"builtin": "current-trend", "draws": 1000, "seed": 11}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


def library_bytes(fmt: str = "json", table: str | None = None, **params) -> bytes:
    """The library's projection document rendered as the API renders documents."""
    from nato3.documents import build
    from nato3.web.documents import render_document

    return render_document(build("projection", **params), fmt, table)[0]


class Counted:
    """Counts the runs an app's projection pool is given (wrapping ``submit_stoppable``)."""

    def __init__(self, pool, monkeypatch):
        self.runs = 0
        submit = pool.submit_stoppable

        def counted(*args):
            self.runs += 1
            return submit(*args)

        monkeypatch.setattr(pool, "submit_stoppable", counted)


def test_a_repeated_question_is_answered_from_stored_bytes_without_a_run(api, monkeypatch):
    from nato3.web import projection_data

    projection_data.ANSWERS.cache_clear()
    pool = Counted(api.app.state.projection_slots, monkeypatch)
    first = api.post("/api/v1/projections", json=BODY)
    assert first.status_code == 200, first.text
    assert first.content == library_bytes(scenario="current-trend", draws=1000, seed=11)
    again = api.post("/api/v1/projections", json={"seed": 11, "draws": 1000, "builtin": "current-trend"})
    assert again.content == first.content and pool.runs == 1  # other key order, same question
    csv = api.post("/api/v1/projections?format=csv&table=paths", json=BODY)
    assert csv.content == library_bytes("csv", "paths", scenario="current-trend", draws=1000, seed=11)
    assert pool.runs == 2  # another format is another answer
    other = api.post("/api/v1/projections", json={**BODY, "seed": 12})
    assert other.content != first.content and pool.runs == 3


def test_the_same_scenario_named_two_ways_is_one_run(api, monkeypatch):
    """A whole scenario document that checks out to the same scenario as one asked before, in
    other words, reuses that run's answer."""
    from nato3.web import projection_data

    projection_data.ANSWERS.cache_clear()
    pool = Counted(api.app.state.projection_slots, monkeypatch)
    scenario = {"horizon": 2031}
    first = api.post("/api/v1/projections", json={"scenario": scenario, "draws": 500, "seed": 3})
    same = api.post("/api/v1/projections", json={"scenario": {**scenario, "target": "hague-core-3.5"}, "draws": 500,
                                                  "seed": 3})  # fmt: skip
    assert first.status_code == same.status_code == 200, (first.text, same.text)
    assert same.content == first.content and pool.runs == 1


def test_an_unknown_table_is_refused_naming_it(api):
    r = api.post("/api/v1/projections?format=csv&table=nope", json=BODY)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["parameter"] == "table"
    assert "unknown table 'nope'" in r.json()["message"] and "paths_allies" in r.json()["message"]


def test_a_data_change_empties_the_answers_and_refuses_older_runs():
    from nato3.store import cache
    from nato3.web.projection_answers import ProjectionAnswers

    answers = cache.register(ProjectionAnswers())
    key = answers.key("q")
    answers.put(key, (b"old", "application/json", {}))
    assert answers.get(key) == (b"old", "application/json", {})
    started_before = answers.key("r")  # a run that started before the change…
    cache.clear()
    assert answers.get(key) is None and answers.key("q") != key
    answers.put(started_before, (b"stale", "application/json", {}))  # …is not stored after it
    assert answers.get(started_before) is None and answers.get(answers.key("r")) is None


def _flights(waiters: int, leave: set[int]):
    """``waiters`` identical requests for one run; those in ``leave`` have clients that go away.
    Returns what each got, how many runs started and whether the run was cancelled."""
    from nato3.web.projection_answers import ClientGone, ProjectionAnswers

    answers = ProjectionAnswers()
    future: Future = Future()
    started, cancelled = [], []

    def start():
        started.append(1)
        return future, lambda: cancelled.append(1)

    async def wait(f):  # as the pool's: a waiter that is cancelled leaves the run alone
        return await asyncio.shield(asyncio.wrap_future(f))

    async def main():
        gone = asyncio.Event()

        async def request(i):
            async def is_gone():
                return i in leave and gone.is_set()

            try:
                return await answers.compute("k", start, wait, is_gone)
            except ClientGone:
                return "gone"

        tasks = [asyncio.create_task(request(i)) for i in range(waiters)]
        await asyncio.sleep(0)
        gone.set()
        if len(leave) < waiters:
            while not all(t.done() for i, t in enumerate(tasks) if i in leave):
                await asyncio.sleep(0.01)
            future.set_result("answer")
        return await asyncio.gather(*tasks), answers.in_flight()

    got, in_flight = asyncio.run(main())
    return got, len(started), bool(cancelled), in_flight


def test_identical_concurrent_requests_share_one_run():
    got, runs, cancelled, in_flight = _flights(5, leave=set())
    assert got == ["answer"] * 5 and runs == 1 and not cancelled and in_flight == 0


def test_a_run_is_stopped_only_when_every_client_has_gone():
    got, runs, cancelled, _ = _flights(3, leave={0, 2})
    assert got == ["gone", "answer", "gone"] and runs == 1 and not cancelled
    got, runs, cancelled, in_flight = _flights(2, leave={0, 1})
    assert got == ["gone", "gone"] and runs == 1 and cancelled and in_flight == 0


def test_a_stopped_run_ends_without_an_answer():
    """Stopped at once: dropped from the queue, or stopped at its first check once it runs."""
    from nato3.web import projection_data
    from nato3.web import projection_worker as worker
    from nato3.web.projection_pool import ProjectionPool, Stopped

    pool = ProjectionPool(1, 1, 2)
    try:
        job = worker.job(projection_data.builtin("current-trend"), "current-trend", 200_000, 1)
        future, stop = pool.submit_stoppable(worker.answer, job, "json", None)
        stop()
        try:
            future.result(timeout=120)
        except CancelledError:
            assert future.cancelled()
        except Stopped:
            pass
        else:
            pytest.fail("a stopped run gave an answer")
        job = worker.job(projection_data.builtin("current-trend"), "current-trend", 10, 1)
        assert pool.submit_stoppable(worker.answer, job, "json", None)[0].result(timeout=120)[1] == "application/json"
    finally:
        pool.shutdown()


def test_a_worker_runs_without_the_database(tmp_path):
    """The job carries everything read from the store: a fresh process answers it, byte for byte
    the library's document, without importing DuckDB."""
    from nato3.web import projection_data
    from nato3.web import projection_worker as worker

    job = worker.job(projection_data.builtin("announced-plans"), "announced-plans", 2000, 4)
    (tmp_path / "job.pickle").write_bytes(pickle.dumps(job))
    script = (
        "import pickle, sys\n"
        "from nato3.web.projection_worker import answer\n"
        f"body = answer(pickle.loads(open({str(tmp_path / 'job.pickle')!r}, 'rb').read()), 'json', None)[0]\n"
        "assert 'duckdb' not in sys.modules, 'the worker imported DuckDB'\n"
        "sys.stdout.buffer.write(body)\n"
    )
    env = {"NATO3_HOME": str(tmp_path / "no-data-here"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout == library_bytes(scenario="announced-plans", draws=2000, seed=4)
    assert not (tmp_path / "no-data-here").exists()  # no database was built for it


# What a worker must not have loaded (a None entry in sys.modules is an import refused on purpose).
HEAVY = ("pyarrow", "duckdb", "fastapi", "starlette", "jinja2", "uvicorn")
PROBE = f"sorted(m for m in {HEAVY!r} if __import__('sys').modules.get(m))"


def test_a_worker_answers_as_the_library_without_pyarrow_or_the_web_framework():
    """The pool's workers read their jobs without pyarrow (pandas keeps text as Python strings
    there, ~36 MB less each) and never load the web framework: the answers are the library's
    bytes all the same, for every built-in scenario, as JSON and as each CSV table."""
    from nato3.documents import build
    from nato3.projection.builtin import builtin_scenarios
    from nato3.web import projection_data
    from nato3.web import projection_worker as worker
    from nato3.web.projection_pool import ProjectionPool

    pool = ProjectionPool(1, 0, 2)
    try:
        for name in builtin_scenarios():
            job = worker.job(projection_data.builtin(name), name, 300, 7)
            tables = [None, *build("projection", scenario=name, draws=300, seed=7).tables]
            for fmt, table in [("json", None)] + [("csv", t) for t in tables]:
                body = pool.submit(worker.answer, job, fmt, table).result(timeout=300)[0]
                assert body == library_bytes(fmt, table, scenario=name, draws=300, seed=7), (name, fmt, table)
        assert pool.submit(eval, PROBE).result(timeout=60) == []
    finally:
        pool.shutdown()
