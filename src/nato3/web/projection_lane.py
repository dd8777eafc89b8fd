"""The projection lane: a ``POST /api/v1/projections`` the router has answered before, asked again
in the very same bytes, is answered from the stored answer before the router.

A cache hit of the endpoint costs a dictionary lookup, but FastAPI's routing, body parsing and
pydantic validation around it cost many times that (issue 15 measured a hit at a fifth of a
cached GET). This pure ASGI middleware sits inside :class:`~nato3.web.security.Guard`, so the
Host check, the size limits, the shedding of projections while the pool is full and the
security headers apply as to any request. It reads the body and looks it up by everything the
router's answer can depend on: this server's limits, the query string, the ``Content-Type``
header(s) and a SHA-256 digest of the body, in the data generation of now
(:meth:`~nato3.web.projection_answers.ProjectionAnswers.key`). It never decides what FastAPI
would accept: a request is only ever found here after the endpoint itself answered those very
bytes with a stored answer (the endpoint calls :data:`REMEMBER` from the request's scope; a
saved scenario's answer, which can change with the saved scenario, is never remembered). It then
sends the same status, headers and bytes as the endpoint. Anything else — a new body, other
headers or query, an error, a data change since — goes on to the app with the body replayed
exactly as it arrived.
"""

from __future__ import annotations

import hashlib

from nato3.web.projection_data import ANSWERS

PATH = "/api/v1/projections"
REMEMBER = "nato3.projection_lane.remember"  # scope key: how the endpoint tells the lane its run
MAX_HEADS = 1024  # response heads remembered (one per answer length, media type and headers)


class ProjectionLane:
    """Pure ASGI middleware: stored answers of ``POST /api/v1/projections`` (see the module)."""

    def __init__(self, app, limits):
        self.app, self.limits = app, limits
        self.server = ("lane", repr(limits))  # in the key: the answers are kept per process, not per app
        self.heads: dict[tuple, list] = {}  # an answer's length, media type and headers → its raw headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        messages, body = await self._read(receive)
        asked = self._asked(scope, body) if body is not None else None
        if asked is not None:
            hit = ANSWERS.answer_asked(asked)
            if hit is not None:
                return await self._send(send, hit)
            scope = {**scope, REMEMBER: lambda run_key: ANSWERS.alias(asked, run_key)}
        await self.app(scope, _replay(messages, receive), send)

    async def _read(self, receive) -> tuple[list[dict], bytes | None]:
        """The messages that carried the body, and the body (None when it did not arrive whole:
        the client left, or it is over the limit the Guard already enforces)."""
        messages, chunks, size = [], [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages, None
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if size > self.limits.max_body_bytes:
                return messages, None
            if not message.get("more_body", False):
                return messages, b"".join(chunks)

    def _asked(self, scope, body: bytes) -> tuple:
        """What the router's answer to this request depends on, as a key of this data generation."""
        content_types = tuple(v for k, v in scope["headers"] if k.lower() == b"content-type")
        digest = hashlib.sha256(body).digest()
        return ANSWERS.key(*self.server, scope.get("query_string", b""), content_types, digest)

    async def _send(self, send, answer) -> None:
        """Send a stored answer as the endpoint's ``Response(content, media_type, headers)`` does
        (the raw headers Starlette makes for it, worked out once per length, type and headers)."""
        content, media_type, headers = answer
        shape = (len(content), media_type, tuple(headers.items()))
        head = self.heads.get(shape)
        if head is None:
            from starlette.responses import Response

            if len(self.heads) >= MAX_HEADS:
                self.heads.clear()
            head = self.heads[shape] = Response(content=content, media_type=media_type, headers=headers).raw_headers
        await send({"type": "http.response.start", "status": 200, "headers": list(head)})
        await send({"type": "http.response.body", "body": content})


def _replay(messages: list[dict], receive):
    """An ASGI receive that gives ``messages`` again, in order, then defers to ``receive``."""
    pending = list(messages)

    async def replay():
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
