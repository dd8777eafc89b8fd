"""Where the web server's projections run: worker processes of their own, a short queue, and an
immediate 503 beyond it.

A projection is seconds of NumPy and pandas. Run on the server's own threads it held the
interpreter lock long and often enough that ``/health`` waited hundreds of milliseconds behind
it, and every request waiting for a slot held one of the threads all endpoints share (a flood
froze the server). Here each run goes to one of ``workers`` processes (spawned on first use,
each with its own interpreter lock and memory), at most ``queue`` more wait, and
:meth:`ProjectionPool.submit` refuses anything beyond that at once with 503 and
``Retry-After``. Workers run at a lower CPU priority (nice 10), so on a busy machine the
server's own requests get the processor first. Waiting is done with futures, never by holding
a request thread. A worker that
dies (killed, out of memory) costs the runs it had, as 503s; the next run starts a new pool.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from nato3.web.errors import LimitError

WORKER_NICENESS = 10  # projections are batch work: the server's requests come first for the CPU


def _warm_up() -> None:
    """In a new worker: lower its CPU priority, leave when the server does (a server that is
    killed cannot stop its workers), and import the projection engine before the first run."""
    import os

    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    importlib.import_module("nato3.projection.runner")


def _exit_with_parent(parent: int) -> None:
    import os
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


class ProjectionPool:
    """``workers`` processes for projections and at most ``queue`` runs waiting for one."""

    def __init__(self, workers: int, queue: int, retry_after_s: int):
        self.workers, self.queue, self.retry_after_s = workers, queue, retry_after_s
        self._lock = threading.Lock()
        self._admitted = 0
        self._executor: ProcessPoolExecutor | None = None

    @property
    def full(self) -> bool:
        """True when a new run would be refused (read without the lock: a hint for a fast 503)."""
        return self._admitted >= self.workers + self.queue

    def busy(self, why: str | None = None) -> LimitError:
        """The 503 this pool answers when it cannot take a run."""
        why = why or f"{self.workers} projections are running and {self.queue} waiting, this server's limit"
        return LimitError(503, f"{why}; try again in {self.retry_after_s} s", {"Retry-After": str(self.retry_after_s)})

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                context = multiprocessing.get_context("spawn")  # never fork a process with threads
                self._executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm_up)
                # An app that is dropped (tests make many) stops its workers.
                weakref.finalize(self, self._executor.shutdown, wait=False, cancel_futures=True)
            return self._executor

    def _broken(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run ``fn(*args)`` (picklable) in a worker process.

        Raises:
            LimitError: 503 with ``Retry-After`` when every worker is busy and the queue is full.
        """
        with self._lock:
            if self._admitted >= self.workers + self.queue:
                raise self.busy()
            self._admitted += 1
        try:
            future = self._pool().submit(fn, *args)
        except BrokenProcessPool:
            self._release()
            self._broken()
            raise self.busy("a projection worker stopped") from None
        except BaseException:
            self._release()
            raise
        future.add_done_callback(self._release)
        return future

    def _release(self, _future: Future | None = None) -> None:
        with self._lock:
            self._admitted -= 1

    def result(self, future: Future, wait_s: float) -> Any:
        """The run's result, waiting at most ``wait_s`` seconds in this thread (then 503)."""
        try:
            return future.result(timeout=wait_s)
        except FutureTimeout:
            future.cancel()
            raise self.busy(f"the projection did not finish within {wait_s:g} s") from None
        except BrokenProcessPool:
            self._broken()
            raise self.busy("a projection worker stopped") from None

    async def wait(self, future: Future, wait_s: float) -> Any:
        """Like :meth:`result`, awaited on the event loop: no thread is held meanwhile."""
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), wait_s)
        except TimeoutError:
            future.cancel()
            raise self.busy(f"the projection did not finish within {wait_s:g} s") from None
        except BrokenProcessPool:
            self._broken()
            raise self.busy("a projection worker stopped") from None

    def shutdown(self) -> None:
        """Stop the worker processes (an app being closed; also done at interpreter exit)."""
        self._broken()
