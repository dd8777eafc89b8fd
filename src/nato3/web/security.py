"""What keeps a local server local and its writes authorised.

* :class:`Guard`, one ASGI middleware: answers ``POST /api/v1/projections`` with 503 and
  ``Retry-After`` while the projection pool is full, before reading the body and after a pause of
  :data:`SHED_DELAY_S` that holds no thread (so a client that ignores ``Retry-After`` and asks
  again at once, as load generators do, cannot turn refusals into a flood that starves ``/health``
  and the data endpoints); rejects a
  Host header that is not this machine or a name
  the server was told to answer to (DNS rebinding), request headers over the size limit (431;
  ``nato3 serve`` also makes uvicorn's parser stop reading them at that size), bodies over the
  size limit (before they are read when the length is declared; a streamed body is read here up
  to the limit, then replayed) and over-long query strings; adds security headers to every answer.
* :func:`require_token`: the dependency every writing endpoint uses; a missing or wrong bearer
  token is a 401.
"""

from __future__ import annotations

import asyncio
import hmac
import json

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from nato3.web.errors import LimitError, error_body
from nato3.web.settings import Settings

MAX_QUERY_BYTES = 4096
PROJECTIONS_PATH = "/api/v1/projections"
SHED_DELAY_S = 0.25  # a refused projection is answered after this pause

# Pages load scripts and styles only from this server; Plotly and Swagger UI set inline styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]

bearer = HTTPBearer(auto_error=False, description="The token printed by `nato3 serve` or set in NATO3_TOKEN.")


def _host_name(value: str) -> str:
    """The host part of a Host header, without the port ("[::1]:8000" → "[::1]")."""
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """Pure ASGI middleware (cheap on the hot path): host check, size limits, security headers."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.allowed = {h.lower() for h in settings.allowed_hosts}
        self.max_body = settings.limits.max_body_bytes
        self.max_header = settings.limits.max_header_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        problem = self._reject(scope, headers)
        if problem is not None:
            return await self._error(send, *problem)
        busy = _projections_busy(scope)
        if busy is not None:  # shed at the door: no body read, no validation, no thread
            await asyncio.sleep(SHED_DELAY_S)  # holds no thread; a client ignoring Retry-After cannot flood
            return await self._error(send, busy.status, busy.message, busy.headers)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        if b"content-length" not in headers and scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            body = await self._read_limited(receive)
            if body is None:
                return await self._error(send, 413, f"request body over the limit of {self.max_body} bytes")
            receive = _replay(body, receive)
        await self.app(scope, receive, send_with_headers)

    async def _read_limited(self, receive) -> bytes | None:
        """A streamed body of unknown length, read up to the limit; None when it is over."""
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the app sees an empty body
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body:
                return None
        return body

    def _reject(self, scope, headers) -> tuple[int, str] | None:
        host = _host_name(headers.get(b"host", b"").decode("latin-1").lower())
        if host not in self.allowed:
            return 400, "unknown Host header; this server answers only to " + ", ".join(sorted(self.allowed))
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            return 414, f"query string over the limit of {MAX_QUERY_BYTES} bytes"
        size = len(scope.get("raw_path") or b"") + sum(len(k) + len(v) + 4 for k, v in scope["headers"])
        if size > self.max_header:
            return 431, f"request headers over the limit of {self.max_header} bytes"
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return 400, "Content-Length must be a number of bytes"
            if int(length) > self.max_body:
                return 413, f"request body over the limit of {self.max_body} bytes"
        return None

    async def _error(self, send, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        body = json.dumps(error_body(status, message)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS]
        headers += [(k.lower().encode(), v.encode()) for k, v in (extra or {}).items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _projections_busy(scope) -> LimitError | None:
    """The 503 for ``POST /api/v1/projections`` while the app's projection pool is full, else None."""
    if scope["method"] != "POST" or scope["path"] != PROJECTIONS_PATH or "app" not in scope:
        return None
    pool = getattr(scope["app"].state, "projection_slots", None)
    return pool.busy() if pool is not None and pool.full else None


def _replay(body: bytes, receive):
    """An ASGI receive that gives ``body`` once, then defers to ``receive`` (disconnects)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def require_token(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
    """Allow the request only with ``Authorization: Bearer <token>`` matching the server's token.

    Raises:
        LimitError: 401 with ``WWW-Authenticate: Bearer`` when the token is missing or wrong.
    """
    expected: str = request.app.state.settings.token
    given = credentials.credentials if credentials is not None else ""
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise LimitError(
            401,
            "this endpoint writes; send 'Authorization: Bearer <token>' (printed by nato3 serve)",
            headers={"WWW-Authenticate": "Bearer"},
        )
