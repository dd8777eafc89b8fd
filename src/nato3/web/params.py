"""Checks of what users send, shared by the routers and the pages.

Each check normalises a value or raises :class:`~nato3.web.errors.ParameterError` naming the
parameter and what is allowed. Values reach SQL only after these checks, and then only as
``?`` parameters.
"""

from __future__ import annotations

from typing import Literal

from fastapi import Query, Request

from nato3.web import queries
from nato3.web.errors import NotFoundError, ParameterError

Format = Literal["json", "csv"]
FORMAT = Query("json", description="`json` (default) or `csv` (the `data` rows as a CSV file).")
YEAR_MIN, YEAR_MAX = 1900, 2100


def ally_codes() -> dict[str, str]:
    return {a["iso3"]: a["name"] for a in queries.allies()}


def check_ally(code: str, parameter: str = "iso3", location: str = "query") -> str:
    """Normalise an ally's ISO3 code.

    Raises:
        ParameterError: not an ally (404 when it is part of the path).
    """
    iso3 = code.strip().upper()
    if iso3 not in ally_codes():
        problem = f"unknown ally {code!r}; allowed: ISO3 codes of allies ({', '.join(ally_codes())})"
        if location == "path":
            raise NotFoundError(parameter, problem)
        raise ParameterError(parameter, problem, location)
    return iso3


def check_countries(values: list[str] | None, limit: int, aggregates: bool = True) -> tuple[str, ...]:
    """Allies (and, when ``aggregates``, NATO's aggregate codes) from repeated or comma-separated values."""
    codes = [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]
    if len(codes) > limit:
        raise ParameterError("iso3", f"{len(codes)} codes given; at most {limit} allowed")
    extra = queries.aggregate_codes() if aggregates else {}
    known = {**ally_codes(), **extra}
    unknown = [c for c in codes if c not in known]
    if unknown:
        allowed = ", ".join(known)
        raise ParameterError("iso3", f"unknown code {', '.join(map(repr, unknown))}; allowed: {allowed}")
    return tuple(dict.fromkeys(codes))


def check_years(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ParameterError("from", f"from ({year_from}) is after to ({year_to}); allowed: from <= to")


def nato_edition_labels() -> list[str]:
    return [e["label"] for e in queries.nato_editions()]


def check_nato_edition(edition: str | None) -> str | None:
    if edition is None:
        return None
    if edition not in nato_edition_labels():
        allowed = ", ".join(nato_edition_labels())
        raise ParameterError("edition", f"unknown NATO edition {edition!r}; allowed: {allowed}")
    return edition


def check_spending_edition(edition: str | None, source_ids: tuple[str, ...]) -> str | None:
    """An edition of one of the chosen sources (NATO's editions, SIPRI's release)."""
    if edition is None:
        return None
    allowed = (nato_edition_labels() if "nato" in source_ids else []) + (
        [queries.sipri_edition()] if "sipri" in source_ids else []
    )
    if edition not in allowed:
        which = " or ".join(source_ids)
        raise ParameterError(
            "edition", f"no edition {edition!r} of {which}; allowed: {', '.join(dict.fromkeys(allowed))}"
        )
    return edition


def reject_unknown_query(request: Request) -> None:
    """Refuse query parameters the endpoint does not know (a typo would otherwise be ignored).

    Raises:
        ParameterError: naming the unknown parameter and the ones allowed.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in _all_query_params(dependant)}
    for name in request.query_params:
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise ParameterError(name, f"unknown query parameter; allowed: {allowed}")


def _all_query_params(dependant):
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _all_query_params(sub)
