"""A run's standard normals, step by step: drawn once for several Monte Carlo jobs, and on two
cores a step ahead, in a second thread, while this one evaluates and reduces the step before.

**Shared.** A block's random numbers depend only on the seed, the block and the shapes drawn
(see :mod:`nato3.projection.montecarlo`), not on the scenario: the points of a sweep that share a
seed (``nato3 sweep`` gives every point the same draws) scale the very same normals by their
own volatilities. Making them is about half of a run, so a run of several such jobs makes each
block's normals once and each job reads them.

**Ahead.** Making the normals is about half of a single job's run and the other half is NumPy
arithmetic on large arrays; NumPy lets go of the GIL in both, so with a thread drawing the next
step's normals a run takes about the longer half instead of the sum (100,000 draws of
hague-linear: about 1.3 → 0.75 s on 2 cores; the CPU time stays the same). Only when it pays
(:func:`ahead_pays`): two usable cores, two steps or more, jobs that do not share their
normals, and a process that has not said its cores are busy with other runs
(:func:`cores_shared`: the web server's projection workers and the report's two processes do).

Either way every job's numbers are the same bits as in a run of its own, and at most three steps'
normals are held (the current one, one ready, one being drawn).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from nato3.projection import montecarlo as mc

if TYPE_CHECKING:
    from nato3.projection.montecarlo import Job

MAX_BYTES = 128 * 2**20  # one step's normals at most
GROUP_JOBS = 32  # jobs run side by side at most: their statistics are open at once (≤ 2.5 MB each at 20,000 draws)

Key = tuple[int, int, int, int, int, int]  # seed, block, size, allies, growth years, years
Step = list[tuple[int, int, int, bool]]  # (job, first block, blocks, the job's last chunk)


class SharedNormals:
    """The normals of the current step's blocks, by :data:`Key`: each step's keys are drawn
    once, at :meth:`next_chunk`, or, with ``ahead``, by a thread one step in advance."""

    def __init__(self, steps: Sequence[Sequence[Key]], ahead: bool = False):
        self.blocks: dict[Key, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._steps = iter(steps)
        self._ready: queue.Queue | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if ahead:
            self._ready = queue.Queue(maxsize=1)
            self._thread = threading.Thread(target=self._draw_ahead, name="nato3-normals-ahead", daemon=True)
            self._thread.start()

    def next_chunk(self) -> None:
        """Move to the next step (waiting for its normals when a thread draws them)."""
        self.blocks = {}
        if self._ready is None:
            self.blocks = _draw_step(next(self._steps))
            return
        drawn = self._ready.get()
        if isinstance(drawn, BaseException):
            raise drawn
        self.blocks = drawn

    def normals(self, seed: int, block: int, size: int, allies: int, growth_years: int, years: int):
        """The block's common growth shocks ``(growth_years, size)``, the allies' own
        ``(allies, growth_years, size)`` and the execution shocks ``(allies, years, size)``."""
        return self.blocks[(seed, block, size, allies, growth_years, years)]

    def close(self) -> None:
        """Stop the thread (a run that ended early) and wait for it: a process forks only while
        it runs one thread (:mod:`nato3.forking`)."""
        self.blocks = {}
        if self._thread is None:
            return
        self._stop.set()
        while self._thread.is_alive():
            try:  # make room for a step the thread is putting
                self._ready.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread = None

    def _draw_ahead(self) -> None:
        try:
            for keys in self._steps:
                if self._stop.is_set():
                    return
                self._put(_draw_step(keys))
        except BaseException as exc:  # noqa: BLE001 - raised in the run's thread by next_chunk
            self._put(exc)

    def _put(self, item) -> None:
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.05)
                return
            except queue.Full:
                pass


def _draw_step(keys: Sequence[Key]) -> dict[Key, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each key's normals, in its block's stream order: common, own, execution shocks."""
    drawn = {}
    for key in keys:
        if key not in drawn:
            seed, block, size, allies, growth_years, years = key
            rng = mc.generator(seed, block)
            common = rng.standard_normal((growth_years, size))
            own = rng.standard_normal((allies, growth_years, size))
            drawn[key] = (common, own, rng.standard_normal((allies, years, size)))
    return drawn


def draw_key(job: Job, chunk_draws: int) -> tuple | None:
    """What decides a job's normals (its seed and shapes), or None when a chunk's normals would
    not fit :data:`MAX_BYTES` (such jobs draw their own)."""
    (A, T), Tg = job.kernel.P.shape, job.kernel.n_growth
    if 8 * chunk_draws * (A * (Tg + T) + Tg) > MAX_BYTES:
        return None
    return job.params.seed, A, Tg, T


def worth_sharing(jobs: Sequence[Job], chunk_draws: int) -> bool:
    """Whether two or more of ``jobs`` draw the same normals."""
    keys = [key for key in (draw_key(job, chunk_draws) for job in jobs) if key is not None]
    return len(set(keys)) < len(keys)


_CORES_SHARED = False


def cores_shared(shared: bool = True) -> bool:
    """Say whether this process runs Monte Carlo beside other processes on the same cores (then
    runs draw nothing ahead in a thread: it would only take CPU from them); the previous setting."""
    global _CORES_SHARED
    previous, _CORES_SHARED = _CORES_SHARED, shared
    return previous


def ahead_pays(jobs: Sequence[Job], plans: Sequence[Sequence[tuple[int, int]]]) -> bool:
    """Whether drawing normals a step ahead in a thread makes a run faster: two usable cores, this
    process's cores not shared (:func:`cores_shared`), two steps or more, each within
    :data:`MAX_BYTES`, and jobs that do not share their normals (a sweep's points make one
    block's numbers for up to :data:`GROUP_JOBS` of them: the thread would have little to do,
    and 1,000 points ran 2 % faster with it, within the noise of a Dask comparison)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if _CORES_SHARED or usable < 2 or sum(len(plan) for plan in plans) < 2:
        return False
    chunk_draws = _chunk_draws(plans)
    return all(draw_key(job, chunk_draws) is not None for job in jobs) and not worth_sharing(jobs, chunk_draws)


def _chunk_draws(plans: Sequence[Sequence[tuple[int, int]]]) -> int:
    """The draws of the largest chunk the plans hold."""
    return max((count for plan in plans for _, count in plan), default=1) * mc.BLOCK


def schedule(jobs: Sequence[Job], plans: Sequence[Sequence[tuple[int, int]]], shared: bool) -> list[Step]:
    """The order chunks are simulated in: job by job, or, when the jobs share their normals
    (``shared``), :data:`GROUP_JOBS` jobs at a time chunk by chunk (a step: one chunk of each)."""
    if not shared:
        return [
            [(j, first, count, i == len(plan) - 1)]
            for j, plan in enumerate(plans)
            for i, (first, count) in enumerate(plan)
        ]
    steps = []
    for start in range(0, len(jobs), GROUP_JOBS):
        group = range(start, min(start + GROUP_JOBS, len(jobs)))
        for i in range(max(len(plans[j]) for j in group)):
            steps.append([(j, *plans[j][i], i == len(plans[j]) - 1) for j in group if i < len(plans[j])])
    return steps


def step_keys(jobs: Sequence[Job], step: Step) -> list[Key]:
    """The normals a step reads: each of its chunks' blocks, by :data:`Key`."""
    keys = []
    for j, first, count, _ in step:
        job = jobs[j]
        (A, T), Tg = job.kernel.P.shape, job.kernel.n_growth
        keys.extend((job.params.seed, b, job.params.block_size(b), A, Tg, T) for b in range(first, first + count))
    return keys


def side_by_side(
    jobs: Sequence[Job], plans: Sequence[Sequence[tuple[int, int]]], ahead: bool = False
) -> Iterator[tuple[int, mc.Partial, bool]]:
    """Simulate each job's chunks (``plans[j]``: its ``(first_block, n_blocks)`` in block order),
    yielding ``(j, partial, last)`` (``last``: the job's final chunk) in :func:`schedule`'s order,
    making each step's normals once (a step ahead in a thread with ``ahead``). Each job's partials
    come in block order, and are the same numbers either way; a caller can finish a job at its
    last chunk, so few are ever open at once."""
    shared = worth_sharing(jobs, _chunk_draws(plans))
    steps = schedule(jobs, plans, shared)
    if not (shared or ahead):  # each job draws its own, chunk by chunk, into its workspace
        for step in steps:
            for j, first, count, last in step:
                yield j, mc.simulate(jobs[j], first, count), last
        return
    normals = SharedNormals([step_keys(jobs, step) for step in steps], ahead)
    try:
        for step in steps:
            normals.next_chunk()
            for j, first, count, last in step:
                yield j, mc.simulate(jobs[j], first, count, normals), last
    finally:
        normals.close()
