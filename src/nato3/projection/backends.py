"""Where Monte Carlo chunks run: in this process, on a Dask cluster, or whichever is faster ("auto").

Every backend runs the same function (:func:`nato3.projection.montecarlo.simulate`) on whole
blocks and adds the partial statistics up in block order, so the same seed gives bit-identical
results on any of them. Several jobs (a sweep) go to a cluster together, cut into a few even
batches (:mod:`nato3.projection.batches`), so the cluster works on all of them at once.

**auto** runs locally unless Dask can win: at least two usable cores (or workers) and an
estimated single-core work of at least :data:`DASK_FROM_SECONDS`. The estimate is draws × rows
× years × :data:`SECONDS_PER_DRAW_CELL` plus :data:`SECONDS_PER_JOB` per grid point, both
measured as CPU time on a 2-core machine, the random numbers counted once for grid points that
share them (``python -m benchmarks sweep`` prints the estimate beside
the time measured). A given scheduler address means a cluster is already running, so auto uses it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from contextlib import closing
from typing import Protocol

from nato3.errors import Nato3Error
from nato3.projection import montecarlo as mc

Progress = Callable[[int], None]
BACKENDS = ("auto", "local", "dask")
SECONDS_PER_DRAW_CELL = 55e-9  # one draw of one ally (or aggregate) and year, one core
RANDOM_SHARE = 0.6  # of which making the random numbers (measured: 40 ns a cell alone, 19 ns shared by 9 jobs)
SECONDS_PER_JOB = 0.01  # a grid point's own cost: its histogram totals and quantiles
DASK_FROM_SECONDS = 4.0  # ≈ 2× the cost of importing Dask (0.8–1.9 s) and starting and closing 2 forked workers
BATCHES_PER_WORKER = 4  # enough to even out workers that run at different speeds


class Backend(Protocol):
    name: str

    def run(self, jobs: Sequence[mc.Job], chunk_draws: int, progress: Progress | None = None) -> list[mc.Result]: ...


class LocalBackend:
    """Chunks one after another in this process: memory is one chunk's worth at a time. Jobs
    that draw the same normals (a sweep's points share a seed) go chunk by chunk side by side,
    so each chunk's normals are made once, and on two cores a thread draws them a chunk ahead
    (``ahead``: None decides by :func:`~nato3.projection.shared_normals.ahead_pays`; see
    :mod:`nato3.projection.shared_normals`)."""

    name = "local"

    def __init__(self, ahead: bool | None = None):
        self.ahead = ahead

    def run(self, jobs: Sequence[mc.Job], chunk_draws: int, progress: Progress | None = None) -> list[mc.Result]:
        from nato3.projection import started
        from nato3.projection.shared_normals import ahead_pays, side_by_side

        taken = started.take(list(jobs))  # the job a forked child ran while this process started
        if taken is not None:
            if progress:
                progress(sum(job.params.draws for job in jobs))
            return taken
        plans = [list(mc.chunks(job.params, min(chunk_draws, mc.chunk_limit(job.kernel)))) for job in jobs]
        totals: dict[int, mc.Totals] = {}
        results: list = [None] * len(jobs)
        ahead = ahead_pays(jobs, plans) if self.ahead is None else self.ahead
        with closing(side_by_side(jobs, plans, ahead)) as parts:  # a progress that raises stops the thread too
            for j, part, last in parts:
                totals.setdefault(j, mc.Totals(jobs[j])).add(part)
                if last:  # finished at once: only the jobs under way keep their statistics open
                    results[j] = mc.finish(totals.pop(j))
                if progress:
                    progress(part.n)
        mc.release_workspace()
        return results


class DaskBackend:
    """Batches of chunks as tasks on a Dask cluster: ``scheduler`` is an address
    (``tcp://host:8786``) or None for a ``LocalCluster`` started here and closed afterwards.

    Raises:
        Nato3Error: the scheduler cannot be reached.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, n_workers: int | None = None, processes: bool = True):
        self.scheduler, self.n_workers, self.processes = scheduler, n_workers, processes

    def _client(self):
        import logging

        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                return Client(self.scheduler, timeout="10s"), None
            except (OSError, TimeoutError) as exc:
                raise Nato3Error(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {exc}", parameter="scheduler"
                ) from None
        # Forked workers start in a fraction of a second; spawned ones import everything again (seconds).
        if _start_method() == "fork":
            _give_forked_workers_their_own_offload_thread()
        with dask.config.set({"distributed.worker.multiprocessing-method": _start_method()}):
            cluster = LocalCluster(
                n_workers=self.n_workers or default_workers(),
                threads_per_worker=1,
                processes=self.processes,
                dashboard_address=":0",  # None still tries port 8787 and warns when it is taken
                silence_logs=logging.CRITICAL,  # a failed task is raised here as one line, not logged
            )
        return Client(cluster), cluster

    def run(self, jobs: Sequence[mc.Job], chunk_draws: int, progress: Progress | None = None) -> list[mc.Result]:
        from distributed import as_completed

        from nato3.projection.batches import assemble, pack, plan, run_packed

        client, cluster = self._client()
        try:
            workers = max(1, len(client.scheduler_info().get("workers", ())))
            batches = plan(jobs, workers * BATCHES_PER_WORKER, chunk_draws)
            # each batch's jobs go straight to one worker, once, rather than through the scheduler
            payloads = client.scatter([pack(jobs, pieces) for pieces in batches], hash=False)
            futures = [
                client.submit(run_packed, payload, pieces, chunk_draws, pure=False)
                for payload, pieces in zip(payloads, batches, strict=True)
            ]
            draws = {f.key: sum(p.draws(jobs) for p in pieces) for f, pieces in zip(futures, batches, strict=True)}
            for done in as_completed(futures):
                if progress:
                    progress(draws[done.key])
            return assemble(jobs, batches, client.gather(futures))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


class AutoBackend:
    """Local or Dask, whichever the estimate says is faster; ``announce`` hears the choice and
    why (one line) before the run starts."""

    name = "auto"

    def __init__(
        self,
        scheduler: str | None = None,
        n_workers: int | None = None,
        announce: Callable[[str], None] | None = None,
    ):
        self.scheduler, self.n_workers, self.announce = scheduler, n_workers, announce
        self.chosen: str | None = None
        self.reason = ""

    def choose(self, jobs: Sequence[mc.Job], chunk_draws: int = mc.DEFAULT_CHUNK) -> tuple[Backend, str]:
        """The backend for ``jobs`` and a line that says why."""
        if self.scheduler:
            return DaskBackend(self.scheduler), f"dask at {self.scheduler} (auto: a scheduler was given)"
        workers = self.n_workers or default_workers()
        seconds = estimate_seconds(jobs, chunk_draws)
        work = f"≈{seconds:.1f} s of Monte Carlo work on one core"
        if workers < 2:
            return LocalBackend(), f"local (auto: {work}; Dask needs 2 or more cores or workers)"
        if seconds < DASK_FROM_SECONDS:
            return LocalBackend(), f"local (auto: {work}; Dask pays off from ≈{DASK_FROM_SECONDS:g} s)"
        return DaskBackend(None, workers), f"dask, {workers} workers (auto: {work})"

    def run(self, jobs: Sequence[mc.Job], chunk_draws: int, progress: Progress | None = None) -> list[mc.Result]:
        backend, self.reason = self.choose(jobs, chunk_draws)
        self.chosen = backend.name
        if self.announce:
            self.announce(f"Backend: {self.reason}")
        return backend.run(jobs, chunk_draws, progress)


def estimate_seconds(jobs: Sequence[mc.Job], chunk_draws: int = mc.DEFAULT_CHUNK) -> float:
    """Single-core Monte Carlo time of ``jobs``: per job, draws × rows × years ×
    :data:`SECONDS_PER_DRAW_CELL` plus :data:`SECONDS_PER_JOB`, the random numbers'
    :data:`RANDOM_SHARE` of it counted once for jobs that share them (the same seed and shapes:
    :mod:`nato3.projection.shared_normals`)."""
    from nato3.projection.shared_normals import draw_key

    cells, drawn = 0, {}
    for i, job in enumerate(jobs):
        kernel = job.kernel
        rows, years = kernel.n_allies + kernel.members.shape[0], kernel.P.shape[1]
        own = job.params.draws * rows * years
        cells += own
        key = draw_key(job, chunk_draws) or ("own", i)
        drawn[key] = max(drawn.get(key, 0), own)
    work = cells * (1 - RANDOM_SHARE) + sum(drawn.values()) * RANDOM_SHARE
    return work * SECONDS_PER_DRAW_CELL + len(jobs) * SECONDS_PER_JOB


def default_workers() -> int:
    """Workers of a LocalCluster: the usable cores, at most 4."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(usable or 1, 4))


def _start_method() -> str:
    """Fork on Linux while this process runs no thread but Dask's own (workers inherit the
    imports: start-up ≈0.3 s instead of ≈3 s); else spawn, as on macOS (forking is unsafe there)
    and Windows (missing). A lock another thread holds at the fork stays held in the worker for
    ever: a worker forked from a test process beside a web client's and a process pool's threads
    hung in logging, and the cluster waited for it (CI ran into its time limit)."""
    from nato3.forking import alone

    return "fork" if sys.platform.startswith("linux") and alone(allowed="Dask-") else "spawn"


_OFFLOAD_RESET = False


def _give_forked_workers_their_own_offload_thread() -> None:
    """Make every process forked from this one start a fresh ``distributed.utils._offload_executor``.

    Dask deserialises big messages (our scattered batches) on that one-thread pool. Once its thread
    has started in this process (after a first cluster), a forked worker inherits the pool but not
    the thread, and the pool never starts another: the worker waits for ever and so does
    ``gather`` (seen as a hung ``make bench`` and test run). Registered once per process.
    """
    global _OFFLOAD_RESET
    if _OFFLOAD_RESET:
        return
    from concurrent.futures import ThreadPoolExecutor

    import distributed.utils

    def fresh_pool() -> None:
        distributed.utils._offload_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload")

    os.register_at_fork(after_in_child=fresh_pool)
    _OFFLOAD_RESET = True


def get_backend(
    name: str, scheduler: str | None = None, n_workers: int | None = None, announce: Callable[[str], None] | None = None
) -> Backend:
    """A backend by name; ``announce`` hears auto's choice.

    Raises:
        Nato3Error: unknown name, or a scheduler given for the local backend.
    """
    if name == "auto":
        return AutoBackend(scheduler, n_workers, announce)
    if name == "local":
        if scheduler:
            raise Nato3Error("a scheduler address needs the dask backend", parameter="scheduler")
        return LocalBackend()
    if name == "dask":
        return DaskBackend(scheduler, n_workers)
    raise Nato3Error(f"unknown backend {name!r}; allowed: {', '.join(BACKENDS)}", parameter="backend")
