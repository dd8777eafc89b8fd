"""The fast lane: plainly valid ``GET /api/v1/spending`` JSON requests answered before the router.

Country-year spending queries come by the thousand and each is different, so the response
cache rarely holds them; answering one from the spending index takes a few dozen microseconds,
but FastAPI's routing and parameter validation around it take several times that. This pure
ASGI middleware sits inside :class:`~nato3.web.security.Guard` (so the Host check, the limits
and the security headers apply as to any request) and answers a request itself only when every
parameter is one the endpoint declares, given once where it takes one value, and of a form
FastAPI would accept as it stands (digits for a year within bounds, ``nato``/``sipri``,
lengths within the declared limits, ``format`` json). It then asks for the same document with
the same parameters as the endpoint (:func:`~nato3.web.api.v1.spending.library_params`) and
sends the same bytes and headers. Anything else — a CSV, a value FastAPI would refuse or
coerce, an error of the document, an answer the index does not have — goes on to the app
untouched, which answers it as it always did.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from nato3.store.cache import register
from nato3.web.params import YEAR_MAX, YEAR_MIN
from nato3.web.responses import Cache, body_size

PATH = "/api/v1/spending"
LISTS = {"iso3": 40, "source": None}  # list parameters → longest item (None: a choice)
MAX_VALUES = 40  # of one list parameter (the endpoint's max_length)
SCALARS = {"from_year", "to_year", "edition", "format"}
SOURCES = ("nato", "sipri")
EDITION_MAX = 20


def _year(value: str) -> int | None:
    if not (value.isascii() and value.isdigit() and len(value) <= 4):
        return None
    year = int(value)
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def parse(query_string: bytes) -> dict | None:
    """The endpoint's arguments for a query string FastAPI would take as it stands, else None."""
    lists: dict[str, list[str]] = {}
    scalars: dict[str, str] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in LISTS:
            longest = LISTS[name]
            if (longest is None and value not in SOURCES) or (longest is not None and len(value) > longest):
                return None
            lists.setdefault(name, []).append(value)
            if len(lists[name]) > MAX_VALUES:
                return None
        elif name in SCALARS and name not in scalars:
            scalars[name] = value
        else:
            return None  # unknown or repeated: the router says what is wrong
    years = {}
    for name in ("from_year", "to_year"):
        if name in scalars:
            years[name] = _year(scalars[name])
            if years[name] is None:
                return None
    if scalars.get("format", "json") != "json" or len(scalars.get("edition", "")) > EDITION_MAX:
        return None
    return {
        "iso3": lists.get("iso3"),
        "from_year": years.get("from_year"),
        "to_year": years.get("to_year"),
        "source": lists.get("source"),
        "edition": scalars.get("edition"),
    }


class SpendingLane:
    """Pure ASGI middleware: the fast lane for ``GET /api/v1/spending`` (see the module)."""

    def __init__(self, app, max_countries: int):
        self.app, self.max_countries = app, max_countries

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            body = self._answer(scope.get("query_string", b""))
            if body is not None:
                headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def _answer(self, query_string: bytes) -> bytes | None:
        from nato3.store import cache
        from nato3.web.api.v1.spending import library_params
        from nato3.web.documents import answer_now

        cache.check()
        hit = ANSWERS.get(query_string)
        if hit is not None:
            return hit[0]
        arguments = parse(query_string)
        if arguments is None:
            return None
        codes = [c for v in arguments["iso3"] or [] for c in v.split(",") if c.strip()]
        if len(codes) > self.max_countries:
            return None
        body = answer_now("spending", **library_params(**arguments, max_countries=self.max_countries))
        if body is not None:
            ANSWERS.put(query_string, (body,))
        return body


# The lane's recent answers by query string (a repeated query skips even the parsing); bounded by
# size and emptied when the data change, like the response cache, but apart from it, so that
# thousands of cheap spending answers never push out documents that take long to build.
ANSWERS = register(Cache(8 * 2**20, weigh=body_size))
