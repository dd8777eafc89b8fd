"""``POST /api/v1/projections``: run a projection to 2035 (or any horizon up to this server's limit).

The body names a built-in scenario, a saved scenario's id, or carries a whole scenario document;
the answer is the JSON of ``nato3 project --format json`` (see
:mod:`nato3.web.schemas_projection`), or with ``?format=csv`` the long format (scenario × iso3 ×
indicator × year). Running a projection writes nothing, so it needs no token; saving a scenario
(``POST /api/v1/scenarios``) does.
"""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from nato3.csvsafe import safe_frame
from nato3.web import projection_data as data
from nato3.web.errors import ParameterError
from nato3.web.params import FORMAT, Format
from nato3.web.responses import CSV_CONTENT, CSV_MEDIA_TYPE, JSON_MEDIA_TYPE, citation
from nato3.web.schemas import ErrorResponse
from nato3.web.schemas_projection import ProjectionIn, ProjectionResponse

router = APIRouter(tags=["paths to 2035"])
KINDS = ("builtin", "saved", "scenario")
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
    """The checked scenario the body names, and what it was."""
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
    elif kind == "saved":
        resolved = data.saved(request.app.state.scenarios, body.saved, limits, body.draws)
    else:
        data.check_limits(body.scenario, body.draws, limits)
        resolved = data.resolve(body.scenario)
    return kind, resolved


def long_csv(projection) -> bytes:
    """The long format of ``nato3 project --format csv`` with a ``source_citation`` column."""
    long = projection.long.copy()
    long["source_citation"] = "; ".join(citation(s) for s in data.queries.sources(*_tables(projection)))
    buffer = io.StringIO()
    safe_frame(long).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def _tables(projection) -> list[str]:
    return [s["table"] for s in projection.sources()]


def _checked(body: ProjectionIn, request: Request):
    """The body's scenario, checked, with the draws and seed of the run."""
    kind, resolved = _resolve(body, request)
    draws, seed = data.effective(resolved.scenario, body.draws, body.seed)
    return kind, resolved, draws, seed


def _render(projection, body: ProjectionIn, kind: str, draws: int, seed: int, fmt: str):
    """Body, media type and headers of the answer."""
    if fmt == "csv":
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", projection.name).strip("-") or "scenario"
        disposition = {"content-disposition": f'attachment; filename="nato3-projection-{name}.csv"'}
        return long_csv(projection), CSV_MEDIA_TYPE, disposition
    origin: dict[str, Any] = {"kind": kind, "draws": draws, "seed": seed}
    if kind != "scenario":
        origin[kind] = getattr(body, kind)
    doc = data.to_document(projection, origin)
    payload = ProjectionResponse.model_validate(doc)
    return payload.model_dump_json(exclude_unset=True).encode(), JSON_MEDIA_TYPE, {}


@router.post("/projections", response_model=ProjectionResponse, responses=RESPONSES)
async def projections(body: ProjectionIn, request: Request, format: Format = FORMAT):
    """Project every ally's share of GDP, spending and gap to the target, year by year, with Monte
    Carlo odds of reaching it when `draws` > 0. **Projection, not data.**

    Send exactly one of `builtin` (a name from GET /api/v1/scenarios/builtin), `saved` (an id from
    GET /api/v1/scenarios) or `scenario` (a whole scenario document). `draws` and `seed` override
    the scenario's. Bounded: at most this server's draws and horizon (2050 by default); over a
    limit is a 422 naming the field and the limit. Two runs at a time per server process and four
    waiting; beyond that an immediate 503 with `Retry-After`. Needs no token (nothing is written).

    Starting shares come from NATO's newest edition (2025: shares only) and GDP from the newest
    edition with constant-price GDP (2024), two separate inputs (`editions`, `notes`).
    `?format=csv` gives the long format (scenario × iso3 × indicator × year)."""
    kind, resolved, draws, seed = await run_in_threadpool(_checked, body, request)
    cache_key = data.key(resolved, draws, seed)
    projection = data.RUNS.get(cache_key)
    if projection is not None:
        content, media_type, headers = await run_in_threadpool(_render, projection, body, kind, draws, seed, format)
    else:  # computed and rendered in a worker process; awaited here, holding no thread
        pool, wait_s = request.app.state.projection_slots, request.app.state.settings.limits.projection_wait_s
        future = pool.submit(run_and_render, resolved, body, kind, draws, seed, format)
        projection, (content, media_type, headers) = await pool.wait(future, wait_s)
        data.RUNS.put(cache_key, projection)
    return Response(content=content, media_type=media_type, headers=headers)


def run_and_render(resolved, body: ProjectionIn, kind: str, draws: int, seed: int, fmt: str):
    """A worker process's job: the projection and the answer's bytes (rendering is a fifth of the
    work, so it is done there too)."""
    projection = data.compute(resolved, draws, seed)
    return projection, _render(projection, body, kind, draws, seed, fmt)
