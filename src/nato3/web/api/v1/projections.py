"""``POST /api/v1/projections``: run a projection to 2035 (or any horizon up to this server's limit).

The body names a built-in scenario, a saved scenario's id, or carries a whole scenario document;
the answer is the projection document, as ``nato3 project --format json`` prints it, or with
``?format=csv`` one of its tables (``table``, default the per-ally paths). Running a projection
writes nothing, so it needs no token; saving a scenario (``POST /api/v1/scenarios``) does.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from nato3.web import projection_data as data
from nato3.web.documents import render_document
from nato3.web.errors import ParameterError
from nato3.web.params import FORMAT, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas import ErrorResponse
from nato3.web.schemas_document import DocumentResponse
from nato3.web.schemas_projection import ProjectionIn

router = APIRouter(tags=["paths to 2035"])
KINDS = ("builtin", "saved", "scenario")
TABLE = Query(
    None,
    max_length=40,
    description="Which of the document's tables the CSV holds (paths_allies, paths_summary, paths_money, paths, "
    "paths_history, paths_gaps, paths_verdicts, paths_settings, paths_announcements). Default: paths_allies.",
)
RESPONSES = {
    **CSV_CONTENT,
    404: {"model": ErrorResponse, "description": "No saved scenario with that id."},
    413: {"model": ErrorResponse, "description": "Request body over the size limit."},
    503: {
        "model": ErrorResponse,
        "description": "Every projection thread of this process is busy and its queue full; try again after "
        "the seconds in the Retry-After header.",
    },
}


def _resolve(body: ProjectionIn, request: Request):
    """The checked scenario the body names, and the scenario parameter its document names."""
    limits = request.app.state.settings.limits
    given = [k for k in KINDS if getattr(body, k) is not None]
    if len(given) != 1:
        which = f"{len(given)} given ({', '.join(given)})" if given else "none given"
        raise ParameterError(
            given[-1] if given else "scenario", f"give exactly one of {', '.join(KINDS)}; {which}", "body"
        )
    kind = given[0]
    if kind == "builtin":
        resolved = data.builtin(body.builtin)
        data.check_limits(resolved.scenario, body.draws, limits, field="builtin")
        return resolved, body.builtin
    if kind == "saved":
        return data.saved(request.app.state.scenarios, body.saved, limits, body.draws)
    data.check_limits(body.scenario, body.draws, limits)
    return data.resolve(body.scenario), data.scenario_json(body.scenario)


def _checked(body: ProjectionIn, request: Request):
    """The body's scenario, checked, what the document names it by, and the draws and seed."""
    resolved, given = _resolve(body, request)
    draws, seed = data.effective(resolved.scenario, body.draws, body.seed)
    return resolved, given, draws, seed


@router.post("/projections", response_model=DocumentResponse, responses=RESPONSES)
async def projections(body: ProjectionIn, request: Request, format: Format = FORMAT, table: str | None = TABLE):
    """Project every ally's share of GDP, spending and gap to the target, year by year, with Monte
    Carlo odds of reaching it when `draws` > 0, and Europe and Canada's spending against the United
    States'. **Projection, not data.** The same document as `nato3 project --format json`.

    Send exactly one of `builtin` (a name from GET /api/v1/scenarios/builtin), `saved` (an id from
    GET /api/v1/scenarios) or `scenario` (a whole scenario document). `draws` and `seed` override
    the scenario's. Bounded: at most this server's draws and horizon (2050 by default); over a
    limit is a 422 naming the field and the limit. Two runs at a time per server process and four
    waiting; beyond that an immediate 503 with `Retry-After`. Needs no token (nothing is written).

    Every ally starts from one base year (by default the year and edition of /api/v1/status);
    GDP comes from the newest edition with constant-price GDP (`editions` says which and why).
    `?format=csv` gives one table (`table`)."""
    resolved, given, draws, seed = await run_in_threadpool(_checked, body, request)
    cache_key = data.key(resolved, given, draws, seed)
    doc = data.RUNS.get(cache_key)
    if doc is not None:
        content, media_type, headers = await run_in_threadpool(render_document, doc, format, table)
    else:  # computed and rendered in a worker process; awaited here, holding no thread
        pool, wait_s = request.app.state.projection_slots, request.app.state.settings.limits.projection_wait_s
        future = pool.submit(run_and_render, resolved, given, draws, seed, format, table)
        doc, rendered = await pool.wait(future, wait_s)
        data.RUNS.put(cache_key, doc)
        content, media_type, headers = rendered or render_document(doc, format, table)  # an unknown table: 422
    return Response(content=content, media_type=media_type, headers=headers)


def run_and_render(resolved, given, draws: int, seed: int, fmt: str, table: str | None):
    """A worker process's job: the projection document and the answer's bytes (rendering is a
    fifth of the work, so it is done there too)."""
    doc = data.compute(resolved, given, draws, seed)
    if table is not None and table not in doc.tables:  # refused in the server, where the error keeps its parameter
        return doc, None
    return doc, render_document(doc, fmt, table)
