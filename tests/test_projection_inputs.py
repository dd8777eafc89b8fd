"""A projection's seed-independent part is computed once per scenario and data generation, in
memory (:mod:`nato3.projection.prepared`) and, for ``nato3 project``, on disk
(:mod:`nato3.documents.projection_inputs`); neither ever changes a figure or outlives the data,
the scenario file or the code it came from (issue 15)."""

from __future__ import annotations

import json
import subprocess
import sys

from nato3.plain import dumps


def _document(**params) -> bytes:
    from nato3.documents import build

    return dumps(build("projection", **params).to_dict())


def _cache_files(home) -> list:
    return sorted((home / "cache").glob("projection-*.pickle"))


def test_a_run_owns_its_frames():
    """Two runs of one scenario start from the same prepared part, as copies: changing one run's
    frames changes neither the other's nor the next run's."""
    from nato3.projection import project

    first = project("current-trend", draws=0)
    second = project("current-trend", draws=0)
    assert first.setup is second.setup  # prepared once
    first.allies["defence_share_gdp_pct"] = 99.0
    first.summary["share_horizon_pct"] = 99.0
    third = project("current-trend", draws=0)
    assert (second.allies["defence_share_gdp_pct"] != 99.0).all()
    assert (third.summary["share_horizon_pct"] != 99.0).all()


def test_the_prepared_part_is_what_a_fresh_computation_gives():
    from pandas.testing import assert_frame_equal

    from nato3.projection.builtin import load_scenario
    from nato3.projection.prepared import compute, prepared

    resolved = load_scenario("announced-plans")
    cached, fresh = prepared(resolved), compute(resolved)
    for name in ("allies", "aggregates", "credibility", "summary"):
        assert_frame_equal(getattr(cached, name), getattr(fresh, name))


def test_a_later_run_reads_the_inputs_from_disk_without_duckdb(nato3_home):
    """The second process finds the first one's inputs and answers the same document, byte for
    byte, without importing DuckDB."""
    from nato3.store.database import ensure_database

    ensure_database()
    script = (
        "import sys\n"
        "from nato3.documents import build\n"
        "from nato3.plain import dumps\n"
        "sys.stdout.buffer.write(dumps(build('projection', scenario='announced-plans', draws=500, seed=2).to_dict()))\n"
        "sys.stderr.write('duckdb' if 'duckdb' in sys.modules else 'no duckdb')\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300) for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert runs[1].stderr.decode().endswith("no duckdb"), runs[1].stderr.decode()[-500:]
    assert runs[0].stdout == runs[1].stdout == _document(scenario="announced-plans", draws=500, seed=2)
    assert any("projection-" in f.name for f in _cache_files(nato3_home))


def test_nato3_project_runs_without_pyarrow_and_keeps_its_own_inputs(nato3_home):
    """``nato3 project`` keeps pandas off pyarrow (a shorter start): the same document, and
    inputs kept in a file of their own, so the library never reads back text stored
    the other way, and neither process pushes the other's file out."""
    from pathlib import Path

    nato3 = str(Path(sys.executable).with_name("nato3"))
    command = [nato3, "project", "current-trend", "--draws", "500", "--seed", "2", "--format", "json"]
    ahead = set(_cache_files(nato3_home))
    library = _document(scenario="current-trend", draws=500, seed=2)
    before = set(_cache_files(nato3_home))
    runs = [subprocess.run(command, capture_output=True, timeout=300) for _ in range(2)]
    for done in runs:
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        assert json.loads(done.stdout) == json.loads(library)
    (added,) = set(_cache_files(nato3_home)) - before  # the command's own inputs, beside the library's
    assert before <= set(_cache_files(nato3_home))
    assert b"pyarrow" not in added.read_bytes()  # its text kept as Python strings
    assert all(b"pyarrow" in kept.read_bytes() for kept in before - ahead)  # the library's, as pandas keeps it


def test_a_changed_scenario_file_is_read_afresh(tmp_path, nato3_home):
    """The same file with another target is another projection, and replaces its cache file."""
    from nato3.documents.projection import load
    from nato3.projection import project
    from nato3.projection.builtin import builtin_scenarios

    path = tmp_path / "mine.yaml"
    text = builtin_scenarios()["hague-linear"].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = project(load(str(path)), draws=0)
    mine = _cache_files(nato3_home)
    path.write_text(text.replace("target: hague-core-3.5", "target: 3.0"), encoding="utf-8")
    after = project(load(str(path)), draws=0)
    assert (before.target_pct, after.target_pct) == (3.5, 3.0)
    assert (after.summary["gap_horizon_musd"] != before.summary["gap_horizon_musd"]).any()
    assert len(_cache_files(nato3_home)) == len(mine)  # the file's older inputs were replaced


def test_a_data_change_is_never_served_old_inputs(monkeypatch):
    """The cache file's name carries the data signature: other data, another file."""
    from nato3.documents import projection_inputs
    from nato3.store import signature

    first, job = projection_inputs._where("current-trend"), projection_inputs.job_file("current-trend")
    monkeypatch.setattr(signature, "data_signature", lambda: ("another", "generation"))
    second, other_job = projection_inputs._where("current-trend"), projection_inputs.job_file("current-trend")
    for one, two in ((first, second), (job, other_job)):
        assert one != two and one.name.rsplit("-", 1)[0] == two.name.rsplit("-", 1)[0]


def test_a_file_named_two_ways_keeps_each_name(tmp_path, monkeypatch):
    """The document names the file as it was given: inputs stored for one spelling of a path are
    not served for another."""
    from nato3.documents.projection import load
    from nato3.projection.builtin import builtin_scenarios, load_scenario

    (tmp_path / "mine.yaml").write_text(builtin_scenarios()["current-trend"].read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    for spelling in ("mine.yaml", str(tmp_path / "mine.yaml"), "mine.yaml"):
        assert load(spelling).path == load_scenario(spelling).path


def test_the_code_stamp_follows_every_source_file(tmp_path, monkeypatch):
    """The code's part of every cache key changes when a source file is edited (even to the same
    size), added or renamed, and stays put otherwise."""
    import os

    from nato3 import paths
    from nato3.store import disk_cache

    package = tmp_path / "nato3"
    (package / "data" / "uncertainty").mkdir(parents=True)
    (package / "data" / "uncertainty" / "fitted.json").write_text("{}", encoding="utf-8")
    module = package / "a.py"
    module.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    monkeypatch.setattr(paths, "UNCERTAINTY_DIR", package / "data" / "uncertainty")

    def stamp() -> str:
        disk_cache.code_stamp.cache_clear()
        disk_cache.numpy_stamp.cache_clear()  # code_stamp's part a kept Monte Carlo job is named by
        return disk_cache.code_stamp()

    first = stamp()
    assert stamp() == first
    before = module.stat().st_mtime_ns
    module.write_text("X = 2\n", encoding="utf-8")  # same size
    os.utime(module, ns=(before + 1_000_000, before + 1_000_000))  # a later write, however coarse the clock
    edited = stamp()
    (package / "b.py").write_text("", encoding="utf-8")
    added = stamp()
    module.rename(package / "c.py")
    renamed = stamp()
    (package / "data" / "uncertainty" / "fitted.json").write_text('{"a": 1}', encoding="utf-8")
    refitted = stamp()
    assert len({first, edited, added, renamed, refitted}) == 5
    disk_cache.code_stamp.cache_clear()
    disk_cache.numpy_stamp.cache_clear()
