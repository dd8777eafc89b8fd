"""The part of a projection that no seed changes, computed once per scenario and data generation.

A run is the scenario's setup (base data, compiled policies, GDP paths, kernel) and its
deterministic frames (per ally, NATO's aggregates and the groups, credibility, the summary per
ally; the long format is built by a run that asks for it), plus a Monte Carlo layer that depends
on the draws and the seed. The web server runs the same few scenarios with many seeds;
rebuilding the first part every time was more than half of each run. :func:`prepared` keeps it
per process, keyed by the scenario's canonical JSON, name and file, and registered with
:mod:`nato3.store.cache` so a data change empties it. Callers get copies of the frames: nothing
a run does can change what the next one starts from.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nato3.store import cache as cache_registry

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from nato3.projection.engine import Setup
    from nato3.projection.resolve import Resolved

MAX_SCENARIOS = 16  # a few hundred kB each


@dataclass(frozen=True, eq=False)
class Prepared:
    """A scenario's setup and deterministic frames; treat as read-only (see :meth:`frames`)."""

    setup: Setup
    share: np.ndarray  # (allies + aggregates, years): the deterministic shares
    allies: pd.DataFrame
    aggregates: pd.DataFrame
    credibility: pd.DataFrame
    summary: pd.DataFrame  # one row per ally, without the Monte Carlo columns

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Copies of allies, aggregates, credibility and summary, for one run to own."""
        return self.allies.copy(), self.aggregates.copy(), self.credibility.copy(), self.summary.copy()


class ScenarioCache:
    """Something per scenario (see :func:`key`), least recently used first out, registered with
    :mod:`nato3.store.cache` (emptied with every other data cache)."""

    def __init__(self, size: int):
        from collections import OrderedDict

        self.items: OrderedDict[tuple, Any] = OrderedDict()
        self.size, self.lock = size, threading.Lock()
        self.computing: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple) -> Any:
        cache_registry.check()
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
            return hit

    def put(self, key: tuple, value: Any) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def cache_clear(self) -> None:
        with self.lock:
            self.items.clear()

    def get_or_compute(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """The value of ``key``, computing it once however many threads ask at the same time (the
        others wait for it: a burst of first requests must not repeat the work side by side)."""
        hit = self.get(key)
        if hit is not None:
            return hit
        with self.lock:
            once = self.computing.setdefault(key, threading.Lock())
        with once:
            hit = self.get(key)
            if hit is None:
                hit = compute()
                self.put(key, hit)
        with self.lock:
            self.computing.pop(key, None)
        return hit


_CACHE = cache_registry.register(ScenarioCache(MAX_SCENARIOS))


def key(resolved: Resolved) -> tuple[str, str, str]:
    """What makes two resolved scenarios the same run: their content, name and file."""
    from nato3.projection.scenario import scenario_json

    content = json.dumps(scenario_json(resolved.scenario), sort_keys=True, separators=(",", ":"))
    return content, resolved.name, str(resolved.path or "")


def prepared(resolved: Resolved) -> Prepared:
    """The seed-independent part of ``resolved``'s projection (cached; see the module docstring)."""
    return _CACHE.get_or_compute(key(resolved), lambda: compute(resolved))


def remember(resolved: Resolved, ready: Prepared) -> None:
    """Keep ``ready`` as the prepared part of ``resolved`` (read back from a cache on disk)."""
    _CACHE.put(key(resolved), ready)


def compute(resolved: Resolved) -> Prepared:
    """Setup, deterministic paths, frames, credibility and summary of ``resolved`` (uncached)."""
    from nato3.projection import engine
    from nato3.projection.credibility import score
    from nato3.projection.path_aggregates import aggregate_frame
    from nato3.projection.result import deterministic_summary

    setup = engine.prepare(resolved)
    share, gdp, gap = engine.run_deterministic(setup)
    allies = engine.ally_frame(setup, share, gdp, gap)
    aggregates = engine.observe_start(setup, aggregate_frame(setup, allies))
    base, r = setup.base, setup.resolved
    A = len(base.iso3)
    credibility = score(
        base.iso3, base.share, base.share_year, setup.compiled.years, share[:A], r.target_pct, r.horizon
    )
    summary = deterministic_summary(setup, allies, credibility)
    return Prepared(setup, share, allies, aggregates, credibility, summary)
