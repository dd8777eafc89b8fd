"""How ``nato3 serve`` runs uvicorn so that an oversized request head is refused while it arrives.

uvicorn's fast parser (httptools) has no limit on the request line and headers: a client could
send 10 MB of headers and the server would keep them all in memory before the app sees the
request. :class:`HeaderLimitedHttpTools` counts the bytes of each request head as they are
received and answers ``431 Request Header Fields Too Large`` (then closes the connection) as
soon as they pass ``Limits.max_header_bytes``. Without httptools, uvicorn's h11 parser is used
with its own limit (``h11_max_incomplete_event_size``). The app's :class:`~nato3.web.security.Guard`
checks the same limit again, for servers started some other way.
"""

from __future__ import annotations

import json
from typing import Any

from nato3.web.settings import Limits

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - uvicorn without its [standard] extra
    HttpToolsProtocol = None  # type: ignore[assignment, misc]


def _too_large(limit: int) -> bytes:
    body = json.dumps({"status": 431, "message": f"request headers over the limit of {limit} bytes", "errors": []})
    head = (
        "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return (head + body).encode("ascii")


if HttpToolsProtocol is not None:

    class HeaderLimitedHttpTools(HttpToolsProtocol):  # type: ignore[misc, valid-type]
        """uvicorn's httptools protocol, refusing a request head over ``max_header_bytes``."""

        max_header_bytes = Limits().max_header_bytes

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._head_bytes = 0  # of the request head arriving now
            self._heads = 0  # request heads completed on this connection
            self._in_body = False

        def data_received(self, data: bytes) -> None:
            in_body, heads = self._in_body, self._heads
            super().data_received(data)
            if in_body or self._heads != heads or self.transport.is_closing():
                return  # a body, or a head that ended in this chunk: nothing more to count
            self._head_bytes += len(data)
            if self._head_bytes > self.max_header_bytes:
                self.transport.write(_too_large(self.max_header_bytes))
                self.transport.close()

        def on_headers_complete(self) -> None:
            self._heads, self._head_bytes, self._in_body = self._heads + 1, 0, True
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._in_body = False


def uvicorn_options() -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run``/``uvicorn.Config`` that bound the request head at
    ``Limits.max_header_bytes``."""
    if HttpToolsProtocol is None:  # pragma: no cover
        return {"http": "h11", "h11_max_incomplete_event_size": Limits().max_header_bytes}
    return {"http": HeaderLimitedHttpTools}
