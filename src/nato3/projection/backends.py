"""Where Monte Carlo chunks run: in this process, or on a Dask cluster.

Both backends run the same function (:func:`nato3.projection.montecarlo.simulate`) on the same
``(first_block, n_blocks)`` chunks and add the partial statistics up in block order, so the same
seed gives bit-identical results on either. Several jobs (a sweep) are submitted together, so a
cluster works on all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from nato3.errors import Nato3Error
from nato3.projection import montecarlo as mc

Progress = Callable[[int], None]
BACKENDS = ("local", "dask")


class Backend(Protocol):
    def run(self, jobs: Sequence[mc.Job], chunk_draws: int, progress: Progress | None = None) -> list[mc.Result]: ...


class LocalBackend:
    """Chunks one after another in this process: memory is one chunk's worth at a time."""

    name = "local"

    def run(self, jobs: Sequence[mc.Job], chunk_draws: int, progress: Progress | None = None) -> list[mc.Result]:
        out = []
        for job in jobs:
            totals = mc.Totals(job)
            for first, count in mc.chunks(job.params, min(chunk_draws, mc.chunk_limit(job.kernel))):
                part = mc.simulate(job, first, count)
                totals.add(part)
                if progress:
                    progress(part.n)
            out.append(mc.finish(totals))
        mc.release_workspace()
        return out


class DaskBackend:
    """Chunks as tasks on a Dask cluster: ``scheduler`` is an address (``tcp://host:8786``) or
    None for a ``LocalCluster`` started here and closed afterwards.

    Raises:
        Nato3Error: the scheduler cannot be reached.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, n_workers: int | None = None, processes: bool = True):
        self.scheduler, self.n_workers, self.processes = scheduler, n_workers, processes

    def _client(self):
        import logging
        import os

        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                return Client(self.scheduler, timeout="10s"), None
            except (OSError, TimeoutError) as exc:
                raise Nato3Error(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {exc}", parameter="scheduler"
                ) from None
        workers = self.n_workers or min(os.cpu_count() or 1, 4)
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=self.processes,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster

    def run(self, jobs: Sequence[mc.Job], chunk_draws: int, progress: Progress | None = None) -> list[mc.Result]:
        client, cluster = self._client()
        try:
            submitted = []
            for job in jobs:
                shared = client.scatter(job, broadcast=True)
                futures = [
                    client.submit(mc.simulate, shared, first, count, pure=False)
                    for first, count in mc.chunks(job.params, min(chunk_draws, mc.chunk_limit(job.kernel)))
                ]
                submitted.append((job, futures))
            out = []
            for job, futures in submitted:
                totals = mc.Totals(job)
                for future in futures:  # in block order: block sums are added in order
                    part = future.result()
                    future.release()
                    totals.add(part)
                    if progress:
                        progress(part.n)
                out.append(mc.finish(totals))
            return out
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def get_backend(name: str, scheduler: str | None = None, n_workers: int | None = None) -> Backend:
    """A backend by name.

    Raises:
        Nato3Error: unknown name, or a scheduler given for the local backend.
    """
    if name == "local":
        if scheduler:
            raise Nato3Error("a scheduler address needs the dask backend", parameter="scheduler")
        return LocalBackend()
    if name == "dask":
        return DaskBackend(scheduler, n_workers)
    raise Nato3Error(f"unknown backend {name!r}; allowed: {', '.join(BACKENDS)}", parameter="backend")
