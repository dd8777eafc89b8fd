"""Version 1 of the JSON API, under ``/api/v1``: one router module per resource.

To add a resource (burden, projections, the ledger): write ``api/v1/<name>.py`` with a
module-level ``router = APIRouter(tags=[...])`` whose endpoints return models from
:mod:`nato3.web.schemas`, and add ``"<name>"`` to ``MODULES``. The routers here add the shared
error responses and refuse unknown query parameters, so a new module gets both for free.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter, Depends

from nato3.web.params import reject_unknown_query
from nato3.web.schemas import ErrorResponse

PREFIX = "/api/v1"
MODULES = ("allies", "spending", "status", "aggregates", "reference", "scenarios", "projections", "burden", "ledger")
ERRORS = {
    400: {"model": ErrorResponse, "description": "A malformed request: a body that cannot be read, a bad Host header."},
    422: {"model": ErrorResponse, "description": "A parameter the data cannot answer; the message names it."},
    414: {"model": ErrorResponse, "description": "Query string too long."},
    431: {"model": ErrorResponse, "description": "Request headers over the size limit."},
}


def router() -> APIRouter:
    """Every v1 resource router under one prefix, with the shared checks and error responses."""
    api = APIRouter(prefix=PREFIX, dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
    for name in MODULES:
        api.include_router(import_module(f"{__name__}.{name}").router)
    return api
