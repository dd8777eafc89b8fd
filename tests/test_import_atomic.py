"""`kill -9` of an import at random moments never leaves a corrupt or half-imported database.

Each trial starts `nato3 data import` of a revised 2024 workbook (Poland 2024e: 4.12 → 4.5) in a
subprocess on a copy of the same home and kills it with SIGKILL: at a random time after start, or
a few milliseconds after it reports a step (staging, validating, committing, committed). Then:

* the database file as the kill left it opens, and its fingerprint is that of the old data or of
  the imports now in effect — never anything else;
* the imports in effect are either none (old) or the complete new set (new);
* after the next open (which rebuilds a stale database) the fingerprint matches the data, and the
  2024 edition is entirely the old one (bundled, Poland 4.12) or entirely the new one (imported,
  Poland 4.5), all 374 rows;
* the next import's clean-up removes whatever the killed one left behind.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from nato3 import paths
from nato3.imports.commit import collect_garbage, forget_cached, import_lock
from nato3.store.build import fingerprint
from nato3.store.database import ensure_database, query, stored_fingerprint
from nato3.store.resources import all_resources, imported_resources
from publishers import NATO_2024, patched_cells

OLD, NEW = 4.120190989357147, 4.5
STEPS = ["Writing the new tables", "Validating", "Committing", "Committed"]
TRIALS = 24  # 8 at random times, 16 right after a reported step


def _start(revised, home):
    env = {**os.environ, "NATO3_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "nato3", "data", "import", str(revised)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_after_step(proc, step, delay):
    """Kill ``delay`` seconds after ``step`` appears on stderr (or when the process ends)."""
    seen = threading.Event()

    def watch():
        for line in proc.stderr:
            if line.startswith(step):
                seen.set()
        seen.set()

    threading.Thread(target=watch, daemon=True).start()
    seen.wait(timeout=60)
    time.sleep(delay)
    _kill(proc)


def _kill(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def _check(home, fp_old):
    """The invariants after a kill; returns 'old' or 'new'."""
    db = home / paths.DB_FILENAME
    with duckdb.connect(str(db), read_only=True) as con:  # opens: not corrupt
        on_disk = con.execute("SELECT value FROM _meta WHERE key = 'fingerprint'").fetchone()[0]
        assert con.execute("SELECT count(*) FROM nato_series WHERE edition = '2024'").fetchone()[0] == 374
    imported = imported_resources()
    state = "new" if imported else "old"
    fp_now = fingerprint(all_resources())
    if state == "old":
        assert fp_now == fp_old and on_disk == fp_old
    else:
        assert sorted(r.name for r in imported) == ["nato_expenditure_ed2024_imported"]
        assert on_disk in (fp_old, fp_now)
    ensure_database()
    assert stored_fingerprint(db) == fp_now
    edition = query(
        "SELECT dataset, count(*) AS n, sum(defence_share_gdp_pct) AS total FROM nato_series "
        "WHERE edition = '2024' GROUP BY dataset"
    )
    assert len(edition) == 1 and edition["n"][0] == 374
    pol = query("SELECT defence_share_gdp_pct FROM nato_series WHERE edition = '2024' AND iso3 = 'POL' AND year = 2024")
    if state == "old":
        assert edition["dataset"][0] == "nato_expenditure_ed2024" and pol.iloc[0, 0] == OLD
    else:
        assert edition["dataset"][0] == "nato_expenditure_ed2024_imported" and pol.iloc[0, 0] == NEW
    with import_lock(paths.imports_dir()):
        collect_garbage(paths.imports_dir())
    leftovers = [
        p.name for p in home.rglob("*") if ".staging-" in p.name or ".import-" in p.name or ".building" in p.name
    ]
    assert not leftovers
    return state


@pytest.mark.slow
def test_kill_9_at_random_moments_never_half_imports(tmp_path, monkeypatch):
    revised = patched_cells(NATO_2024, tmp_path / "revised.xlsx", "xl/worksheets/sheet3.xml", {"N32": NEW})
    base = tmp_path / "base"
    monkeypatch.setenv("NATO3_HOME", str(base))
    forget_cached()
    ensure_database()
    fp_old = fingerprint(all_resources())

    # One complete import, to know how long an import takes here.
    scratch = tmp_path / "scratch"
    shutil.copytree(base, scratch)
    started = time.monotonic()
    assert _start(revised, scratch).wait(timeout=120) == 0
    duration = time.monotonic() - started

    rng = random.Random(20261129)
    plan = [(None, rng.uniform(0.0, duration * 1.1)) for _ in range(8)]
    plan += [(STEPS[i % len(STEPS)], rng.uniform(0.0, 0.08)) for i in range(TRIALS - 8)]
    outcomes = []
    for i, (step, delay) in enumerate(plan):
        home = tmp_path / f"trial{i}"
        shutil.copytree(base, home)
        monkeypatch.setenv("NATO3_HOME", str(home))
        forget_cached()
        proc = _start(revised, home)
        if step is None:
            time.sleep(delay)
            _kill(proc)
        else:
            _kill_after_step(proc, step, delay)
        outcomes.append((step, round(delay, 3), proc.returncode, _check(home, fp_old)))
        shutil.rmtree(home)
    forget_cached()
    states = [o[3] for o in outcomes]
    print(
        f"\n{len(outcomes)} kill -9 trials (import takes {duration:.2f}s): {states.count('old')} old, "
        f"{states.count('new')} new, {sum(o[2] == -signal.SIGKILL for o in outcomes)} killed mid-run"
    )
    assert len(outcomes) >= 20
    assert "old" in states and "new" in states  # the kills landed on both sides of the commit point
