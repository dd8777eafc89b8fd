"""What the routers share about query parameters: the ``format`` choice, the bounds of a year,
the NATO editions a saved scenario may name, and the refusal of unknown parameters.

Parameter values are checked by the library (each error names its parameter; the API answers
422 naming the query field), so nothing here repeats a library check.
"""

from __future__ import annotations

from typing import Literal

from fastapi import Query, Request

from nato3.web import queries
from nato3.web.errors import ParameterError

Format = Literal["json", "csv"]
FORMAT = Query("json", description="`json` (default) or `csv` (one table of the document as a CSV file).")
YEAR_MIN, YEAR_MAX = 1900, 2100


def nato_edition_labels() -> list[str]:
    return [e["label"] for e in queries.nato_editions()]


async def reject_unknown_query(request: Request) -> None:
    """Refuse query parameters the endpoint does not know (a typo would otherwise be ignored).

    A coroutine, so FastAPI runs it on the event loop rather than handing every request to a
    thread for it.

    Raises:
        ParameterError: naming the unknown parameter and the ones allowed.
    """
    known = _known(request.scope.get("route"))
    if known is None:
        return
    for name in request.query_params:
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise ParameterError(name, f"unknown query parameter; allowed: {allowed}")


def _known(route) -> frozenset[str] | None:
    """The query parameter names of ``route`` (None when it declares none), worked out once and
    kept on the route."""
    known = getattr(route, "nato3_query_names", None)
    if known is None:
        dependant = getattr(route, "dependant", None)
        if dependant is None:
            return None
        known = frozenset(p.alias for p in _all_query_params(dependant))
        route.nato3_query_names = known
    return known


def _all_query_params(dependant):
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _all_query_params(sub)
