"""Whether this process may fork: a lock another thread holds at the fork stays held in the
child for ever (a Dask worker forked beside a test's threads hung in logging). Every fork of
nato3's (the report's second process, ``nato3 project``'s early draws, Dask's workers) asks here."""

from __future__ import annotations

import threading


def alone(allowed: str | None = None) -> bool:
    """True when this process runs no thread but its main one and those whose name starts with
    ``allowed`` (threads a library makes safe across a fork itself)."""
    main = threading.main_thread()
    return all(t is main or (allowed and t.name.startswith(allowed)) for t in threading.enumerate())
