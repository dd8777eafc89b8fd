"""The report built by two processes is the report built by one: byte for byte, and with the same
error, the first in report order, when a section fails."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from nato3.errors import Nato3Error
from nato3.report.build import build_sections
from nato3.report.parallel import FAILED, SIDE, Side
from nato3.report.section import Section

FORKED = """
import json, os, sys
from nato3.backtest import run
from nato3.report import build, parallel
from nato3.report.sections import backtest
from nato3.projection import shared_normals
started, hindcasts, built_here, shared = [], [], [], []
real = parallel.start
def start(inputs, modules):
    side = real(inputs, modules)
    started.append(side is not None)
    shared.append(shared_normals._CORES_SHARED)
    return side
parallel.start = start
parent, real_backtest, real_build = os.getpid(), run.backtest, backtest.build
run.backtest = lambda *a, **k: (hindcasts.append(os.getpid() == parent), real_backtest(*a, **k))[1]
backtest.build = lambda ctx: (built_here.append(os.getpid() == parent), real_build(ctx))[1]
result = build.build_report(out=sys.argv[1], year=2024, edition="2024", built_on="2024-06-17")
print(json.dumps({"forked": started, "sections": [s.id for s in result.sections], "hindcasts": hindcasts,
                  "backtest_built_here": built_here, "cores_shared": shared + [shared_normals._CORES_SHARED]}))
"""


def test_a_report_built_in_two_processes_equals_one_built_in_one(tmp_path):
    from nato3.report import build_report

    done = subprocess.run(
        [sys.executable, "-c", FORKED, str(tmp_path / "two")], capture_output=True, text=True, check=True
    )
    told = json.loads(done.stdout)
    assert told["forked"] == [True]  # a fresh process has no connection open: the side sections were forked
    # The child computed the backtest document (this process ran no hindcast; the document stored
    # by a test before may spare both) and this process built its section from it.
    assert told["hindcasts"] == [] and told["backtest_built_here"] == [True]
    # While both processes build sections their Monte Carlo runs draw nothing ahead; afterwards they may again.
    assert told["cores_shared"] == [True, False]
    one = build_report(out=tmp_path / "one", year=2024, edition="2024", built_on="2024-06-17", parallel=False)
    assert told["sections"] == [s.id for s in one.sections]
    assert set(SIDE) <= set(told["sections"])
    assert (tmp_path / "two" / "index.html").read_bytes() == one.html.read_bytes()


def test_no_child_is_forked_once_this_process_has_a_connection(tmp_path):
    from nato3.report import parallel
    from nato3.store.database import connected, query

    query("SELECT 1")
    assert connected()
    assert parallel.start({}, [SimpleNamespace(ID=SIDE[0])]) is None


def test_no_child_is_forked_while_another_thread_runs(monkeypatch):
    """A lock another thread holds at the fork would stay held in the child for ever (a test
    runner's threads, a server's): with a second thread the report is built in one process."""
    import threading

    from nato3.report import parallel
    from nato3.store import database

    monkeypatch.setattr(database, "_connections", {})  # as in a fresh process: no connection
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        side = parallel.start({}, [SimpleNamespace(ID=SIDE[0])])
        if side is not None:
            side.stop()
        assert side is None
    finally:
        done.set()
        other.join()


class FakeSide(Side):
    """A side whose child already answered ``sections``: no process."""

    def __init__(self, sections):
        super().__init__(None, None, sections)


def _module(id_: str, build):
    return SimpleNamespace(ID=id_, build=build)


def _section(id_: str):
    return lambda ctx: Section(id=id_, title=id_)


def _fails(message: str):
    def build(ctx):
        raise Nato3Error(message)

    return build


def test_a_section_the_child_could_not_build_is_built_here():
    modules = [_module("headline", _section("headline")), _module(SIDE[0], _section("rebuilt"))]
    sections = build_sections(None, FakeSide({SIDE[0]: FAILED}), modules)
    assert [s.id for s in sections] == ["headline", "rebuilt"]


def test_the_childs_sections_keep_their_place_and_none_is_left_out():
    modules = [_module(SIDE[0], _fails("not called")), _module("headline", _section("headline")),
               _module(SIDE[1], _fails("not called"))]  # fmt: skip
    side = FakeSide({SIDE[0]: Section(id="child", title="child"), SIDE[1]: None})
    assert [s.id for s in build_sections(None, side, modules)] == ["child", "headline"]


@pytest.mark.parametrize(
    ("side_first", "expected"),
    [(True, "the side section's error"), (False, "this process's error")],
)
def test_the_first_error_in_report_order_is_raised(side_first, expected):
    side_module = _module(SIDE[0], _fails("the side section's error"))
    own = _module("headline", _fails("this process's error"))
    modules = [side_module, own] if side_first else [own, side_module]
    with pytest.raises(Nato3Error, match=expected):
        build_sections(None, FakeSide({SIDE[0]: FAILED}), modules)


def test_the_backtest_computed_ahead_is_the_one_computed_here():
    from nato3.documents import backtest_stored as stored
    from nato3.documents.backtest import build, stored_parameters
    from nato3.report import ahead

    params = {"source": "sipri", "origins": [2014, 2016], "horizons": [1, 2], "draws": 100, "seed": 5, "wales": False}
    path = stored.path_for(stored_parameters(**params))
    path.unlink(missing_ok=True)
    child = ahead.start(**params)
    assert child.process is not None
    child.wait()
    assert child.process is None and path.is_file()
    assert ahead.start(**params).process is None  # stored: nothing to start
    kept = stored.load(path)
    path.unlink()
    here = build(**params)  # computed in this process (and stored again)
    assert kept.parameters == here.parameters
    for name, table in here.tables.items():
        assert kept.tables[name].frame.equals(table.frame), name


def test_a_section_is_built_by_whichever_process_claims_it_first():
    import threading
    from multiprocessing import RawArray

    from nato3.report.parallel import FREE, OURS, THEIRS

    claims = RawArray("b", [THEIRS if name == SIDE[0] else FREE for name in SIDE])
    side = Side(None, None, claims=claims, lock=threading.Lock())
    assert not side.claim(SIDE[0])  # the child took it first
    assert side.claim(SIDE[1]) and claims[1] == OURS  # free: now ours, and the child will skip it
    assert side.claim(SIDE[1])  # still ours
    assert side.claim("headline")  # only this process builds the others
    assert list(claims)[2:] == [FREE] * (len(SIDE) - 2)


def test_this_process_takes_its_own_sections_first_and_methods_and_sources_last():
    from nato3.report.parallel import own_order
    from nato3.report.registry import section_modules

    order = [m.ID for m in own_order(section_modules())]
    only_here = [m.ID for m in section_modules() if m.ID not in SIDE]
    assert order[:2] == ["headline", "paths"]  # the projection document's sections, before any the child may take
    assert order[-2:] == ["methods", "sources"]  # Methods reads the backtest, Sources every section's sources
    assert set(order) == {m.ID for m in section_modules()} and set(only_here) <= set(order)


def _hold_the_lock(lock, holding, then_exit: bool) -> None:
    """A child caught inside its claim: it takes the claims' lock, then ends or stays."""
    import os
    import time

    lock.acquire()
    holding.set()
    if then_exit:
        os._exit(0)
    time.sleep(120)


@pytest.mark.parametrize("then_exit", [False, True], ids=["killed-holding-it", "died-holding-it"])
def test_a_child_holding_the_claims_lock_never_stops_the_report(then_exit):
    """A child killed (or dead) inside its claim keeps the lock for ever. The report's process
    used to wait for that lock when it stopped the child: a report that never ended (CI, once).
    Now it never kills the child inside a claim, and a lock a dead child holds is given up:
    the child's unsent section is built here and a free one is this process's."""
    import multiprocessing

    from nato3.report.parallel import THEIRS

    forking = multiprocessing.get_context("fork")
    claims, lock, holding = forking.RawArray("b", len(SIDE)), forking.Lock(), forking.Event()
    claims[0] = THEIRS
    child = forking.Process(target=_hold_the_lock, args=(lock, holding, then_exit), daemon=True)
    child.start()
    assert holding.wait(30)
    side = Side(child, forking.Queue(), claims=claims, lock=lock)
    if then_exit:
        child.join(30)
        assert side.claim(SIDE[1])  # not blocked: the dead child's lock is given up
    side.stop()
    assert side.process is None and not child.is_alive()
    assert side.sections == {SIDE[0]: FAILED} and side.claim(SIDE[2]) and not side.claim(SIDE[0])
