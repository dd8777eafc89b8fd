"""What the server answers when something goes wrong: one readable message, never a traceback.

* A bad parameter (:class:`ParameterError`, FastAPI's validation errors, a library
  :class:`~nato3.errors.Nato3Error`) is a 4xx whose message names the parameter and what is
  allowed.
* Anything unexpected is a generic 500; the traceback goes to the server log only.

API paths get JSON (:class:`~nato3.web.schemas.ErrorResponse`); pages get a small HTML page.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from nato3.errors import Nato3Error

log = logging.getLogger("nato3.web")

JSON_PREFIXES = ("/api/", "/health", "/openapi")


class ParameterError(Exception):
    """A request parameter with a value the data cannot answer (unknown ally, year outside the data)."""

    def __init__(self, parameter: str, problem: str, location: str = "query", status: int = 422):
        self.parameter, self.problem, self.location, self.status = parameter, problem, location, status
        super().__init__(f"parameter {parameter!r}: {problem}")


class NotFoundError(ParameterError):
    """A path names something that does not exist (an ally, a saved scenario)."""

    def __init__(self, parameter: str, problem: str):
        super().__init__(parameter, problem, location="path", status=404)


class LimitError(Exception):
    """A request over one of the server's limits (body size, number of saved scenarios)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        self.status, self.message, self.headers = status, message, headers
        super().__init__(message)


def error_body(status: int, message: str, errors: list[dict] | None = None) -> dict:
    return {"status": status, "message": message, "errors": errors or []}


def _respond(request: Request, status: int, message: str, errors: list[dict] | None = None, headers=None):
    if request.url.path.startswith(JSON_PREFIXES) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, message, errors), status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers
    )


def _problem(error: dict) -> dict:
    """One pydantic validation error as {parameter, location, problem}."""
    loc = [str(part) for part in error.get("loc", ())]
    location = loc[0] if loc else None
    # A query parameter given several times reports its position ("source", 0): name it only.
    parameter = (loc[1] if location != "body" else ".".join(loc[1:])) if len(loc) > 1 else None
    problem = error.get("msg", "invalid value")
    ctx = error.get("ctx") or {}
    if error.get("type") == "missing":
        problem = "is required"
    elif "expected" in ctx and str(ctx["expected"]) not in problem:
        problem = f"{problem} (allowed: {ctx['expected']})"
    if error.get("type") == "json_invalid":
        parameter, problem = "body", f"is not valid JSON ({ctx.get('error', 'parse error')})"
    return {"parameter": parameter, "location": location, "problem": problem}


async def _validation(request: Request, exc: RequestValidationError):
    errors = [_problem(e) for e in exc.errors()]
    message = "; ".join(
        f"{e['location']}: {e['problem']}"
        if e["parameter"] is None
        else f"{e['location']} parameter {e['parameter']!r}: {e['problem']}"
        if e["location"] != "body"
        else f"body field {e['parameter']!r}: {e['problem']}"
        for e in errors
    )
    return _respond(request, 422, message or "invalid request", errors)


async def _parameter(request: Request, exc: ParameterError):
    item = {"parameter": exc.parameter, "location": exc.location, "problem": exc.problem}
    return _respond(request, exc.status, f"{exc.location} parameter {exc.parameter!r}: {exc.problem}", [item])


async def _limit(request: Request, exc: LimitError):
    return _respond(request, exc.status, exc.message, headers=exc.headers)


async def _nato3(request: Request, exc: Nato3Error):
    parameter = getattr(exc, "parameter", None)
    if parameter is None:
        return _respond(request, 422, str(exc))
    item = {"parameter": parameter, "location": "query", "problem": str(exc)}
    return _respond(request, 422, f"query parameter {parameter!r}: {exc}", [item])


async def _http(request: Request, exc: StarletteHTTPException):
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such page or endpoint: {request.url.path}; see /docs for the API"
    return _respond(request, exc.status_code, message, headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception):
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse(error_body(500, "internal error; the details are in the server's log"), status_code=500)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(ParameterError, _parameter)
    app.add_exception_handler(LimitError, _limit)
    app.add_exception_handler(Nato3Error, _nato3)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
