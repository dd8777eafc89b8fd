"""``nato3 project``'s Monte Carlo started in a forked child while pandas loads
(nato3.projection.started): the same bytes as a run in one process, the child's result used only
for the very job it ran, and the Monte Carlo modules and the kept job read with NumPy alone."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import numpy as np

from nato3.projection import started

WATCHED = """
import sys
import os
from nato3.projection import started
take, parent = started.take, os.getpid()
def watched(jobs):
    result = take(jobs)
    if os.getpid() == parent:
        print("taken:", result is not None, file=sys.stderr, flush=True)
    return result
started.take = watched
sys.argv = ["nato3", *sys.argv[1:]]
from nato3.cli.app import main
main()
"""


def _taken(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("taken:")]


def _job(seed: int = 4, draws: int = 2_500):
    from nato3.projection.builtin import load_scenario
    from nato3.projection.engine import prepare
    from nato3.projection.runner import make_job, mc_params

    resolved = load_scenario("hague-linear")
    return make_job(prepare(resolved), mc_params(resolved, draws, seed))


def test_a_whole_process_takes_the_childs_draws_and_prints_the_same_bytes(cli, tmp_path):
    """The first run keeps the job; the second starts it in a child before pandas is imported and
    takes its result (with other draws and seed than the scenario's too); every output is the
    in-process run's, byte for byte. With another backend nothing is started."""
    env = {**os.environ, "NATO3_HOME": str(tmp_path)}
    forks = len(os.sched_getaffinity(0)) >= 2  # the command forks on Linux with two usable cores (CI has two)
    runs = [(["project", "hague-linear", "--format", "json"], [False, forks]),  # nothing kept yet, then the job
            (["project", "hague-linear", "--format", "json", "--draws", "3000", "--seed", "7"], [forks])]  # fmt: skip
    for args, taken in runs:
        code, inside, _ = cli(*args)
        assert code == 0
        for expected in ([f"taken: {t}"] for t in taken):
            run = subprocess.run([sys.executable, "-c", WATCHED, *args], capture_output=True, text=True, env=env,
                                 timeout=300)  # fmt: skip
            assert run.returncode == 0, run.stderr
            assert run.stdout == inside
            assert _taken(run.stderr) == expected
    dask = ["project", "hague-linear", "--format", "json", "--backend", "dask", "--workers", "1", "--draws", "1000"]
    run = subprocess.run([sys.executable, "-c", WATCHED, *dask], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0 and _taken(run.stderr) == []  # no local run: nothing to take
    assert json.loads(run.stdout)["parameters"]["draws"] == 1000


FORKS = """
import dataclasses
from nato3.projection import started
from nato3.projection.backends import LocalBackend
from mc_results import assert_identical
from test_projection_started import _job

started.may_fork = lambda: True  # the mechanism itself, on one core too (the command asks for two)
job = _job()
(alone,) = LocalBackend().run([job], 1_000)
assert started.fork(job)
(taken,) = started.take([job])
assert_identical(alone, taken)  # the child's result is the job's own

other = dataclasses.replace(job, params=dataclasses.replace(job.params, seed=5))
moved = dataclasses.replace(job, centre=job.centre + 1e-9)
for asked in ([other], [moved], [job, job]):
    assert started.fork(job)
    assert started.take(asked) is None  # another job: the child is ended, the job runs here
    assert started.take(asked) is None  # and nothing is left to take
assert started.fork(job)
started.discard()
assert started.take([job]) is None

LocalBackend.run = lambda self, jobs, chunk, progress=None: 1 / 0
assert started.fork(job)  # the child inherits the broken backend and fails: nothing to take
assert started.take([job]) is None
print("ok")
"""


def test_the_childs_result_is_used_for_its_own_job_only():
    """In a process of its own (one thread, as the command forks): the child's result equals a
    run here; asked for another job (another seed, centre or several jobs) the child is ended and
    nothing is taken; a discarded or failed child gives nothing."""
    tests = os.path.dirname(__file__)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [tests, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", FORKS], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_the_monte_carlo_and_the_kept_job_need_numpy_alone(tmp_path):
    """What runs before the fork reads the kept job and runs the draws without pandas or pydantic."""
    code = (
        "import sys\n"
        "from nato3.documents.projection_inputs import stored_job\n"
        "from nato3.projection import backends, montecarlo, started\n"
        "print(sorted(m for m in ('pandas', 'pydantic', 'duckdb', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_jobs_differing_anywhere_are_told_apart():
    job = _job()
    same = _job()
    assert started._same(job, same)
    kernel = dataclasses.replace(job.kernel, P=np.where(job.kernel.P > 3, job.kernel.P, job.kernel.P + 0.01))
    assert not started._same(job, dataclasses.replace(job, kernel=kernel))
    assert not started._same(job, _job(draws=3_000))
