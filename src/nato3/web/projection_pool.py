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

Runs submitted with :meth:`ProjectionPool.submit_stoppable` can be stopped: a queued run is
dropped, a running one raises :class:`Stopped` at its next check (:func:`stop_if_asked`, called
between Monte Carlo chunks), through a flag shared with the workers. Each worker keeps at most
:data:`MALLOC_ARENAS` malloc arenas: glibc's default (8 per core) let the freed arrays of many
runs stay mapped, and the pool's resident memory grew to over a gigabyte.
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nato3.web.errors import LimitError

WORKER_NICENESS = 10  # projections are batch work: the server's requests come first for the CPU
MALLOC_ARENAS = 2  # per worker process (glibc's M_ARENA_MAX); see the module docstring
STOP_SLOTS = 256  # stop flags shared with the workers, reused in turn (far more than runs admitted)
M_ARENA_MAX = -8  # glibc's mallopt parameter number
WARM_IMPORTS = ("nato3.projection.runner", "nato3.documents.projection", "nato3.web.projection_worker")

_stop_flags: Any = None  # in a worker: the pool's stop flags
_current = threading.local()  # in a worker: the slot of the run in progress


class Stopped(Exception):
    """The run was stopped: nobody waits for its answer any more."""


def _limit_arenas() -> None:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name and "libc" in name:
        try:
            ctypes.CDLL(name).mallopt(M_ARENA_MAX, MALLOC_ARENAS)
        except (OSError, AttributeError):  # not glibc: nothing to limit
            pass


def _warm_up(stop_flags: Any = None) -> None:
    """In a new worker: keep pandas off pyarrow, lower its CPU priority, keep few malloc arenas,
    run Monte Carlo in one thread (the workers fill the cores), leave when the server does (a
    server that is killed cannot stop its workers), and import the projection engine before the
    first run."""
    import os

    from nato3.projection.shared_normals import cores_shared
    from nato3.store.disk_cache import without_pyarrow

    global _stop_flags
    without_pyarrow()  # first: before anything imports pandas
    _stop_flags = stop_flags
    cores_shared(True)
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    _limit_arenas()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    for module in WARM_IMPORTS:
        importlib.import_module(module)


def stop_if_asked(_done: int | None = None) -> None:
    """In a worker, during a stoppable run: raise :class:`Stopped` if the server asked to stop
    it (usable as a Monte Carlo progress callback)."""
    slot = getattr(_current, "slot", None)
    if slot is not None and _stop_flags is not None and _stop_flags[slot]:
        raise Stopped


def _stoppable(slot: int, fn: Callable[..., Any], *args: Any) -> Any:
    _current.slot = slot
    try:
        stop_if_asked()
        return fn(*args)
    finally:
        _current.slot = None


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
        self._stop_flags: Any = None
        self._next_slot = 0

    @property
    def full(self) -> bool:
        """True when a new run would be refused (read without the lock: a hint for a fast 503)."""
        return self._admitted >= self.workers + self.queue

    def busy(self, why: str | None = None) -> LimitError:
        """The 503 this pool answers when it cannot take a run."""
        from nato3.web.errors import LimitError  # not at the top: workers import this module, not FastAPI

        why = why or f"{self.workers} projections are running and {self.queue} waiting, this server's limit"
        return LimitError(503, f"{why}; try again in {self.retry_after_s} s", {"Retry-After": str(self.retry_after_s)})

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                context = multiprocessing.get_context("spawn")  # never fork a process with threads
                self._stop_flags = context.RawArray("b", STOP_SLOTS)
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_warm_up, initargs=(self._stop_flags,)
                )
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

    def submit_stoppable(self, fn: Callable[..., Any], *args: Any) -> tuple[Future, Callable[[], None]]:
        """Like :meth:`submit`, and a function that stops the run: cancelled while it waits in
        the queue, :class:`Stopped` at its next :func:`stop_if_asked` once it runs."""
        self._pool()
        with self._lock:
            slot, self._next_slot = self._next_slot, (self._next_slot + 1) % STOP_SLOTS
            flags = self._stop_flags
            flags[slot] = 0
        future = self.submit(_stoppable, slot, fn, *args)

        def stop() -> None:
            flags[slot] = 1
            future.cancel()

        return future, stop

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
        """Like :meth:`result`, awaited on the event loop: no thread is held meanwhile. A waiter
        that is cancelled leaves the run alone (others may wait for it; see :meth:`submit_stoppable`)."""
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), wait_s)
        except TimeoutError:
            future.cancel()
            raise self.busy(f"the projection did not finish within {wait_s:g} s") from None
        except BrokenProcessPool:
            self._broken()
            raise self.busy("a projection worker stopped") from None

    def shutdown(self) -> None:
        """Stop the worker processes (an app being closed; also done at interpreter exit)."""
        self._broken()
