"""Finished answers of ``POST /api/v1/projections``: stored bytes, one computation per question.

A projection's answer depends only on the scenario, the draws, the seed, the format and table
asked for, and the data. So:

* **Stored bytes.** Each answer is kept as the bytes sent (JSON or CSV), bounded by their total
  size, least recently used first out, and registered with :mod:`nato3.store.cache` so a data
  change empties it. Keys carry the data generation they were computed in, so a run that started
  before a change can never be stored as an answer after it. A repeated question is found before
  its scenario is even checked against the data, and a request repeated in the very same bytes
  before FastAPI even reads it (:mod:`nato3.web.projection_lane`): a cache hit costs what a
  cached GET costs.
* **Single flight.** Identical requests that miss at the same time share one run in the
  projection pool (and one slot of it).
* **Abandoned runs stop.** A request whose client has gone stops waiting; when nobody waits for a
  run any more it is cancelled: dropped from the queue if it has not started, told to stop at its
  next Monte Carlo chunk if it has (:meth:`~nato3.web.projection_pool.ProjectionPool.submit`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from nato3.store import cache as cache_registry

MAX_BYTES = 32 * 2**20  # stored answers, all together (a JSON answer with 10,000 draws is ~0.4 MB)
MAX_ALIASES = 4096  # request bodies remembered as the run they asked for
DISCONNECT_POLL_S = 0.25  # how often a waiting request looks whether its client is still there

Answer = tuple[bytes, str, dict[str, str]]  # body, media type, headers


@dataclass(eq=False)
class _Flight:
    """One run in the pool and how many requests wait for it."""

    future: Future
    cancel: Callable[[], None]
    waiting: int = 0


class ProjectionAnswers:
    """Stored answers and the runs in flight, for one server process."""

    def __init__(self, max_bytes: int = MAX_BYTES):
        from cachetools import LRUCache

        self.items: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=lambda answer: len(answer[0]) + 512)
        self.aliases: LRUCache = LRUCache(maxsize=MAX_ALIASES)  # a request's words → its run's key
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.generation = 0  # bumped whenever the data change
        self.flights: dict[Hashable, _Flight] = {}

    def key(self, *parts: Hashable) -> tuple:
        """A key of this data generation (looked at first: a data change bumps it)."""
        cache_registry.check()
        return (self.generation, *parts)

    def get(self, key: Hashable) -> Answer | None:
        """The answer stored under ``key``, or under the run a request's words (``key``) asked for."""
        with self.lock:
            hit = self.items.get(key)
            if hit is None and key in self.aliases:
                hit = self.items.get(self.aliases[key])
            return hit

    def answer_asked(self, asked: Hashable) -> Answer | None:
        """The stored answer of the run a request's words (``asked``) were answered by before."""
        with self.lock:
            run_key = self.aliases.get(asked)
            return None if run_key is None else self.items.get(run_key)

    def run_asked(self, asked: Hashable | None) -> Hashable | None:
        """The key of the run a request's words (``asked``) were answered by before, if any."""
        if asked is None:
            return None
        with self.lock:
            return self.aliases.get(asked)

    def alias(self, asked: Hashable, run_key: Hashable) -> None:
        """Remember that the request ``asked`` is answered by the run ``run_key`` (its bytes are
        stored once, under the run)."""
        with self.lock:
            if asked[0] == run_key[0] == self.generation:
                self.aliases[asked] = run_key

    def put(self, key: Hashable, answer: Answer) -> None:
        """Store ``answer`` unless the data changed since ``key`` was made (or it is too big)."""
        if len(answer[0]) >= self.max_bytes:
            return
        with self.lock:
            if key[0] == self.generation:
                self.items[key] = answer

    def cache_clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.aliases.clear()
            self.generation += 1

    async def compute(
        self,
        key: Hashable,
        start: Callable[[], tuple[Future, Callable[[], None]]],
        wait: Callable[[Future], Awaitable[Any]],
        gone: Callable[[], Awaitable[bool]],
    ) -> Any:
        """The result of the run for ``key``: one already in flight, else ``start()`` (which
        returns the pool's future and how to cancel it), awaited with ``wait`` (the pool's
        time limit and errors; cancelling ``wait`` must leave the run alone, as
        :meth:`~nato3.web.projection_pool.ProjectionPool.wait` does). Gives up with
        :class:`ClientGone` once ``gone()`` says the client has left, cancelling the run when no
        other request waits for it. Runs on the event loop only (``flights`` needs no lock)."""
        flight = self.flights.get(key)
        if flight is None or flight.future.done():  # a finished flight's answer is stored or failed
            flight = self.flights[key] = _Flight(*start())
        flight.waiting += 1
        waiter = asyncio.ensure_future(wait(flight.future))
        try:
            while True:
                done, _ = await asyncio.wait({waiter}, timeout=DISCONNECT_POLL_S)
                if done:
                    return waiter.result()
                if await gone():
                    raise ClientGone
        finally:
            flight.waiting -= 1
            if not waiter.done():
                waiter.cancel()
                await asyncio.gather(waiter, return_exceptions=True)
                if flight.waiting == 0:  # nobody wants it any more
                    flight.cancel()
                    self._forget(key, flight)
            elif flight.future.done():
                self._forget(key, flight)

    def _forget(self, key: Hashable, flight: _Flight) -> None:
        if self.flights.get(key) is flight:
            del self.flights[key]

    def in_flight(self) -> int:
        return len(self.flights)


class ClientGone(Exception):
    """The client closed its connection before its projection finished: nothing to answer."""
