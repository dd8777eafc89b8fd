"""``POST /api/v1/projections``: run a projection to 2035 (or any horizon up to this server's limit).

The body names a built-in scenario, a saved scenario's id, or carries a whole scenario document;
the answer is the projection document, as ``nato3 project --format json`` prints it, or with
``?format=csv`` one of its tables (``table``, default the per-ally paths). Running a projection
writes nothing, so it needs no token; saving a scenario (``POST /api/v1/scenarios``) does.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from nato3.errors import Nato3Error
from nato3.web import projection_data as data
from nato3.web import projection_worker as worker
from nato3.web.errors import ParameterError
from nato3.web.params import FORMAT, Format
from nato3.web.projection_answers import ClientGone
from nato3.web.projection_lane import REMEMBER
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas import ErrorResponse
from nato3.web.schemas_document import DocumentResponse
from nato3.web.schemas_projection import ProjectionIn

router = APIRouter(tags=["paths to 2035"])
CLIENT_GONE = 499  # logged for a request whose client left before its projection finished
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
    answers, limits = data.ANSWERS, request.app.state.settings.limits
    asked = None if body.saved is not None else answers.key(limits, body.model_dump_json(), format, table)
    run_key = answers.run_asked(asked)
    answer = answers.get(run_key) if run_key is not None else None
    if answer is None:  # not asked before in these words
        pool = request.app.state.projection_slots
        if pool.full:  # shed at once, before any work (a flood of misses must not slow the server)
            raise pool.busy()
        run_key, answer, run = await run_in_threadpool(_looked_up, body, request, format, table)
        if answer is None:
            try:
                answer = await _computed(request, run_key, run, format, table)
            except ClientGone:
                return Response(status_code=CLIENT_GONE)  # nobody reads it; nothing is stored
            answers.put(run_key, answer)
        if asked is not None:
            answers.alias(asked, run_key)
    remember = request.scope.get(REMEMBER) if asked is not None else None
    if remember is not None:  # the lane may answer these very bytes (a saved scenario's answer can change: never)
        remember(run_key)
    content, media_type, headers = answer
    return Response(content=content, media_type=media_type, headers=headers)


def _looked_up(body: ProjectionIn, request: Request, fmt: str, table: str | None):
    """The key of the run the body asks for, its stored answer if any, else the job to run (one
    trip to a thread for all three: checking the scenario reads the data)."""
    resolved, given, draws, seed = _checked(body, request)
    run_key = data.ANSWERS.key(data.key(resolved, given, draws, seed), fmt, table)
    answer = data.ANSWERS.get(run_key)
    return run_key, answer, None if answer is not None else worker.job(resolved, given, draws, seed)


async def _computed(request: Request, run_key, run: worker.Job, fmt: str, table: str | None):
    """The answer's bytes, computed in the projection pool (or by a run already in flight for the
    same key); a client that leaves stops waiting, and the run stops when nobody waits."""
    pool, wait_s = request.app.state.projection_slots, request.app.state.settings.limits.projection_wait_s
    answer = await data.ANSWERS.compute(
        run_key,
        lambda: pool.submit_stoppable(worker.answer, run, fmt, table),
        lambda future: pool.wait(future, wait_s),
        request.is_disconnected,
    )
    if isinstance(answer, str):  # an unknown table: refused here, where the error keeps its parameter
        raise Nato3Error(answer, parameter="table")
    return answer
