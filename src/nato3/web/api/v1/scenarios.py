"""``/api/v1/scenarios``: the built-in scenarios, and saved scenarios to create, list, read and
delete (writes need the bearer token).

A saved scenario's ``spec`` is a projection scenario (the JSON form of a scenario file), checked
like a run of ``POST /api/v1/projections`` before it is written, which runs it by id
(``{"saved": ID}``). Each records the NATO editions in the database when it was saved, so a
later run can say which data it was built on.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request, Response

from nato3.web.documents import respond as respond_document
from nato3.web.params import FORMAT, Format, nato_edition_labels
from nato3.web.responses import CSV_CONTENT, respond
from nato3.web.schemas import ErrorResponse, ScenarioIn, ScenarioListResponse, ScenarioResponse, Source
from nato3.web.schemas_document import DocumentResponse
from nato3.web.security import require_token
from nato3.web.store import ScenarioStore

router = APIRouter(tags=["scenarios"])

USER_SOURCE = Source(
    table="scenarios",
    title="Saved scenarios: assumptions entered by users of this server, not published data",
    producer="users of this nato3 server",
)
SCENARIO_ID = Path(pattern=r"^[0-9a-f]{32}$", description="The id returned when the scenario was saved.")
NOT_FOUND = {404: {"model": ErrorResponse, "description": "No such scenario."}}
WRITE = {
    401: {"model": ErrorResponse, "description": "Missing or wrong bearer token."},
    413: {"model": ErrorResponse, "description": "Request body over the size limit."},
}


def _store(request: Request) -> ScenarioStore:
    return request.app.state.scenarios


# Before /scenarios/{scenario_id}, which would otherwise take "builtin" for an id.
@router.get("/scenarios/builtin", response_model=DocumentResponse, responses=CSV_CONTENT)
async def builtin_scenarios(format: Format = FORMAT):
    """The built-in scenarios (current-trend, hague-linear, announced-plans): what each assumes, the
    editions and base year it starts from, the Monte Carlo settings it runs with, and its
    `scenario_json`, a starting point to edit and send to POST /api/v1/projections as `scenario`
    (or run it by name with `builtin`). The same document as `nato3 scenario list --format json`."""
    return await respond_document("scenarios", format)


@router.post(
    "/scenarios",
    status_code=201,
    response_model=ScenarioResponse,
    dependencies=[Depends(require_token)],
    responses={**WRITE, 409: {"model": ErrorResponse, "description": "The store is full."}},
)
def create_scenario(body: ScenarioIn, request: Request):
    """Save a scenario. Needs `Authorization: Bearer <token>`. The spec is a projection scenario (the
    `scenario` of POST /api/v1/projections), within the size and depth limits and this server's
    projection limits, and valid against the data: otherwise a 422 naming the field or the limit."""
    editions = nato_edition_labels()
    item = _store(request).create(body.name, body.description, body.spec, editions)
    response = respond(ScenarioResponse(data=item, source=[USER_SOURCE], edition=editions), "json", "scenario")
    response.status_code = 201
    return response


@router.get("/scenarios", response_model=ScenarioListResponse, responses=CSV_CONTENT)
def list_scenarios(request: Request, format: Format = FORMAT):
    """Every saved scenario (without its spec), newest first."""
    items = _store(request).list()
    editions = sorted({e for i in items for e in i.get("data_editions") or []}, reverse=True)
    return respond(ScenarioListResponse(data=items, source=[USER_SOURCE], edition=editions), format, "scenarios")


@router.get("/scenarios/{scenario_id}", response_model=ScenarioResponse, responses=NOT_FOUND)
def get_scenario(request: Request, scenario_id: str = SCENARIO_ID):
    """One saved scenario with its spec."""
    item = _store(request).get(scenario_id)
    return respond(ScenarioResponse(data=item, source=[USER_SOURCE], edition=item["data_editions"]), "json", "scenario")


@router.delete(
    "/scenarios/{scenario_id}",
    status_code=204,
    response_class=Response,
    dependencies=[Depends(require_token)],
    responses={**WRITE, **NOT_FOUND},
)
def delete_scenario(request: Request, scenario_id: str = SCENARIO_ID):
    """Delete a saved scenario. Needs `Authorization: Bearer <token>`."""
    _store(request).delete(scenario_id)
    return Response(status_code=204)
