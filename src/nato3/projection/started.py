"""A Monte Carlo job started in a forked child while this process is still importing pandas.

A short ``nato3 project`` spends more time importing its libraries (pandas, pydantic, its own
document modules: ~0.3 s) than on the draws (~0.17 s at 10,000). The Monte Carlo needs NumPy
alone, and a scenario's job is kept on disk by its last run, so :func:`start` forks a child that
runs it on the second core while this process imports the rest
(:func:`nato3.documents.projection_inputs.start_job`); :class:`~nato3.projection.backends.LocalBackend`
then takes the child's result (:func:`take`) for that job instead of running it again.

The child can make the command faster, never different: it runs the same job with the same
function (bit-identical whatever the chunking), its result is used only for a job equal in every
array and setting to the one this process asks for, and a child that failed, was killed or sent
something else is ignored (the job runs here). It is forked only from a process running one
thread, before anything opens the database, and it runs NumPy alone; it sends its result
through a pipe and leaves with ``os._exit``. Only on Linux with two usable cores, and only for
short runs (:data:`AHEAD_SECONDS`): a long one shows its progress bar from this process.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nato3.projection import montecarlo as mc

AHEAD_SECONDS = 2.0  # estimated single-core Monte Carlo work up to which a run is started ahead


@dataclasses.dataclass
class Started:
    """The child running ``job``, and the read end of the pipe its pickled result comes through."""

    job: mc.Job
    pid: int
    reader: int


_started: Started | None = None


def start(kept: mc.Job, draws: int | None, seed: int | None) -> bool:
    """Fork a child running ``kept`` (a scenario's job at its own draws and seed) with ``draws``
    and ``seed`` (None: the scenario's own), when the run is short. True if started."""
    from nato3.errors import Nato3Error
    from nato3.projection.backends import estimate_seconds
    from nato3.projection.montecarlo import checked_run

    try:
        draws, seed = checked_run(
            kept.params.draws if draws is None else draws, kept.params.seed if seed is None else seed
        )
    except Nato3Error:  # the command says so in its own words
        return False
    if not draws:
        return False
    job = dataclasses.replace(kept, params=dataclasses.replace(kept.params, draws=draws, seed=seed))
    return estimate_seconds([job]) <= AHEAD_SECONDS and fork(job)


def fork(job: mc.Job) -> bool:
    """Fork the child running ``job`` (for :func:`take`); False when this process may not fork
    (see :func:`may_fork`) or a child already runs."""
    global _started
    if _started is not None or not may_fork():
        return False
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: NumPy only, then leave at once
        os.close(reader)
        _run(job, writer)
    os.close(writer)
    _started = Started(job, pid, reader)
    return True


def _run(job: mc.Job, writer: int) -> None:
    """In the child: the job's result, pickled, through ``writer``; exit code 0 once all is sent."""
    code = 1
    try:
        import pickle

        from nato3.projection.backends import LocalBackend
        from nato3.projection.montecarlo import DEFAULT_CHUNK

        (result,) = LocalBackend(ahead=False).run([job], DEFAULT_CHUNK)  # the parent has the other core
        with os.fdopen(writer, "wb") as out:
            out.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        code = 0
    finally:
        os._exit(code)


def take(jobs: list[mc.Job]) -> list[mc.Result] | None:
    """The child's result when ``jobs`` is the one job it ran, else None (the child is ended);
    either way nothing is left to take."""
    global _started
    started, _started = _started, None
    if started is None:
        return None
    if not (len(jobs) == 1 and _same(jobs[0], started.job)):
        _stop(started)
        return None
    import pickle

    with os.fdopen(started.reader, "rb") as pipe:
        data = pipe.read()  # to the end: the child wrote all and left, or died
    _, status = os.waitpid(started.pid, 0)
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
        return None
    return [pickle.loads(data)]


def discard() -> None:
    """End a child whose result nobody asked for (another backend ran, or the command failed)."""
    global _started
    started, _started = _started, None
    if started is not None:
        _stop(started)


def _stop(started: Started) -> None:
    import signal

    os.kill(started.pid, signal.SIGKILL)
    os.waitpid(started.pid, 0)
    os.close(started.reader)


def _same(a: mc.Job, b: mc.Job) -> bool:
    """Whether two jobs give the same numbers: the same settings, centre and kernel arrays."""
    import numpy as np

    if a.params != b.params or not np.array_equal(a.centre, b.centre):
        return False
    for field in dataclasses.fields(a.kernel):
        x, y = getattr(a.kernel, field.name), getattr(b.kernel, field.name)
        same = np.array_equal(x, y) if isinstance(x, np.ndarray) or isinstance(y, np.ndarray) else x == y
        if not same:
            return False
    return True


def may_fork() -> bool:
    """Linux (forking is unsafe on macOS, missing on Windows) with two usable cores, and a process
    running one thread (a lock another thread holds at the fork stays held in the child)."""
    from nato3.forking import alone

    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or not alone():
        return False
    return len(os.sched_getaffinity(0)) >= 2
