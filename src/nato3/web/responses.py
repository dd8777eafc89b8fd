"""Turn a response model into JSON or CSV bytes, and keep finished answers per process.

The database is read-only while the server runs, so a GET answer depends only on its
parameters: :func:`cached` builds it once (validated against its pydantic model, off the event
loop) and then serves the stored bytes, bounded by their total size.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Hashable
from typing import Any

from fastapi import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from nato3.csvsafe import neutralise
from nato3.store import cache as cache_registry
from nato3.web.document_bytes import CSV_MEDIA_TYPE, JSON_MEDIA_TYPE

MAX_BYTES = 64 * 2**20  # of answers kept per process: the largest document is about 2 MB

# OpenAPI entry for endpoints that also answer ``?format=csv``.
CSV_CONTENT = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def citation(src: dict[str, Any]) -> str:
    edition = f", edition {src['edition']}" if src.get("edition") else ""
    return f"{src.get('producer')}: {src.get('title')}{edition}"


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if isinstance(value, dict):
            for sub, item in value.items():
                out[f"{key}.{sub}"] = item
        elif isinstance(value, list):
            out[key] = ";".join(str(v) for v in value)
        else:
            out[key] = value
    return out


def _cited(dumped: dict[str, Any]) -> list[dict[str, Any]]:
    """The response's sources: ``source`` (every Provenance response) or ``sources`` (responses that
    keep a CLI command's JSON shape, where ``source`` names the data source, e.g. ``nato``)."""
    for key in ("source", "sources"):
        if isinstance(dumped.get(key), list):
            return dumped[key]
    return []


def _rows(payload: BaseModel, dumped: dict[str, Any], table: str | None) -> list[dict[str, Any]]:
    """The rows of the CSV: ``payload.table_rows(table)`` when the model defines it, else the list
    field ``table`` (default ``data``)."""
    if hasattr(payload, "table_rows"):
        return payload.table_rows(table)
    part = dumped[table or "data"]
    return part if isinstance(part, list) else [part]


def to_csv(payload: BaseModel, table: str | None = None) -> bytes:
    """The ``data`` rows of ``payload`` (or those of its list field ``table``) as CSV, with a
    ``source_citation`` column naming where each row came from (the row's own dataset when it has
    one, else every source of the response). Text a spreadsheet would run as a formula gets a
    leading ``'`` (:mod:`nato3.csvsafe`)."""
    dumped = payload.model_dump()
    rows = _rows(payload, dumped, table)
    by_table = {s["table"]: citation(s) for s in _cited(dumped)}
    everything = "; ".join(by_table.values())
    flat = [{**_flat(r), "source_citation": by_table.get(r.get("dataset"), everything)} for r in rows]
    flat = [{k: neutralise(v) for k, v in r.items()} for r in flat]
    columns = list(dict.fromkeys(k for r in flat for k in r)) or ["source_citation"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)
    return buffer.getvalue().encode("utf-8")


def render(payload: BaseModel, fmt: str, name: str, table: str | None = None) -> tuple[bytes, str, dict[str, str]]:
    """Body, media type and headers of ``payload`` in ``fmt`` ("json" or "csv"; ``table`` picks the
    list field the CSV holds, default ``data``)."""
    if fmt == "csv":
        return (
            to_csv(payload, table),
            CSV_MEDIA_TYPE,
            {"content-disposition": f'attachment; filename="nato3-{name}.csv"'},
        )
    return payload.model_dump_json().encode(), JSON_MEDIA_TYPE, {}


class Cache:
    """Finished answers, least recently used dropped first (cachetools), shared by the threads of one
    process and registered with :mod:`nato3.store.cache`, so a data change empties it. At most
    ``size`` entries, or with ``weigh`` (an answer → its size) at most ``size`` in total."""

    def __init__(self, size: int, weigh: Callable[[Any], int] | None = None):
        from cachetools import LRUCache

        self.items = LRUCache(maxsize=size, getsizeof=weigh)
        self.lock = threading.Lock()

    def get(self, key: Hashable):
        with self.lock:
            return self.items.get(key)

    def put(self, key: Hashable, value) -> None:
        with self.lock:
            try:
                self.items[key] = value
            except ValueError:  # one answer heavier than the whole cache: not kept
                pass

    def cache_clear(self) -> None:
        with self.lock:
            self.items.clear()

    clear = cache_clear


def body_size(hit: tuple) -> int:
    """The weight of a stored answer (body, …): its body's bytes."""
    return len(hit[0])


CACHE = Cache(MAX_BYTES, weigh=body_size)
cache_registry.register(CACHE)


async def cached(
    key: Hashable, build: Callable[[], BaseModel], fmt: str, name: str, table: str | None = None
) -> Response:
    """The answer for ``key``: stored bytes, or ``build()`` (run in a thread) rendered and stored.
    ``table`` picks which list field a CSV holds (see :func:`to_csv`).

    Errors raised by ``build`` (bad parameters) propagate and are not stored.
    """
    full_key = (key, fmt, table)
    hit = CACHE.get(full_key)
    if hit is None:
        hit = await run_in_threadpool(lambda: render(build(), fmt, name, table))
        CACHE.put(full_key, hit)
    body, media_type, headers = hit
    return Response(content=body, media_type=media_type, headers=headers)


def respond(payload: BaseModel, fmt: str, name: str) -> Response:
    """Render without caching (answers that change: saved scenarios)."""
    body, media_type, headers = render(payload, fmt, name)
    return Response(content=body, media_type=media_type, headers=headers)
