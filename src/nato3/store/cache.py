"""One registry of in-process caches of what the database holds, cleared when the data change.

Analyses cache what they read (editions, members, finished documents) with :func:`data_cache`.
Every such cache is registered here, so an import in this process (:func:`clear`) or a rebuild
noticed from another process (a new data signature, checked at most every
:data:`CHECK_EVERY` seconds) empties all of them at once: nothing keeps serving the old figures.
``functools.lru_cache`` does the caching; this module only adds the registry and the check.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
CHECK_EVERY = 1.0  # seconds between two looks at the data files' signatures

_caches: list[Any] = []
_state: dict[str, Any] = {"signature": None, "checked": 0.0}
_lock = threading.Lock()


def register(clearable: Any) -> Any:
    """Register any object with a ``cache_clear()`` method (a response cache, say)."""
    _caches.append(clearable)
    return clearable


def check() -> None:
    """Empty every cache if the data changed since the last look (at most every CHECK_EVERY s)."""
    _check()


def clear() -> None:
    """Empty every registered cache (after an import or a rebuild)."""
    with _lock:
        for cached in _caches:
            cached.cache_clear()
        _state["checked"] = 0.0


def _check() -> None:
    now = time.monotonic()
    if now - _state["checked"] < CHECK_EVERY:
        return
    from nato3.store.signature import data_signature

    signature = data_signature()
    _state["checked"] = now
    if signature != _state["signature"]:
        if _state["signature"] is not None:
            clear()
            _state["checked"] = now
        _state["signature"] = signature


def data_cache(maxsize: int | None = 128) -> Callable[[F], F]:
    """``lru_cache`` that is registered here and emptied when the data change."""

    def decorate(func: F) -> F:
        cached = lru_cache(maxsize=maxsize)(func)
        _caches.append(cached)

        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            _check()
            return cached(*args, **kwargs)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
