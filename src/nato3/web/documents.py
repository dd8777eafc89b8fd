"""Serve documents: the API's JSON and CSV, and the pages' data, from :func:`nato3.documents.build`.

The web app computes nothing itself. A request's parameters (named as the library names them)
go to the document builder; the finished answer is kept as bytes per process (bounded, emptied
when the data change), so repeated requests cost a dictionary lookup. Documents with an
in-memory index (:data:`QUICK`: spending, asked for in thousands of country-year combinations)
answer a JSON request from it on the event loop, in microseconds, rather than building a
document in a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Response
from starlette.concurrency import run_in_threadpool

from nato3.web.document_bytes import JSON_MEDIA_TYPE, render_document
from nato3.web.responses import CACHE

__all__ = ["answer_now", "document", "render", "render_document", "respond"]


def _spending(**params: Any) -> bytes | None:
    from nato3.documents.spending_index import index

    return index().answer(**params)


# kind → the JSON of its document for some parameters from an in-memory index (None: build it).
QUICK: dict[str, Callable[..., bytes | None]] = {"spending": _spending}


def render(kind: str, params: dict[str, Any], fmt: str, table: str | None) -> tuple[bytes, str, dict[str, str]]:
    """Body, media type and headers of document ``kind`` in ``fmt`` (json, csv)."""
    from nato3.documents import build

    return render_document(build(kind, **params), fmt, table)


def answer_now(kind: str, **params: Any) -> bytes | None:
    """The JSON of a document from its in-memory index (:data:`QUICK`), else None; None too for
    parameters the document refuses (the router then says why)."""
    from nato3.errors import Nato3Error
    from nato3.store import cache

    quick = QUICK.get(kind)
    if quick is None:
        return None
    cache.check()
    try:
        return quick(**params)
    except Nato3Error:
        return None


async def respond(kind: str, fmt: str = "json", table: str | None = None, **params: Any) -> Response:
    """The answer for one document request: from its index (not stored: it costs less than the
    room it would take), or stored bytes, or built off the event loop and stored.

    Errors (a :class:`~nato3.errors.Nato3Error` naming its parameter) propagate to the handlers
    in :mod:`nato3.web.errors` and are not stored.
    """
    from nato3.store import cache

    cache.check()
    quick = QUICK.get(kind) if fmt == "json" and table is None else None
    body = quick(**params) if quick is not None else None
    if body is not None:
        return Response(content=body, media_type=JSON_MEDIA_TYPE, headers={})
    key = ("document", kind, tuple(sorted(params.items())), fmt, table)
    hit = CACHE.get(key)
    if hit is None:
        hit = await run_in_threadpool(render, kind, params, fmt, table)
        CACHE.put(key, hit)
    body, media_type, headers = hit
    return Response(content=body, media_type=media_type, headers=headers)


def document(kind: str, **params: Any):
    """The document itself, for a page to render (cached by the library)."""
    from nato3.documents import build

    return build(kind, **params)
