"""``/api/v1/scenarios``: save, list, read and delete scenarios (writes need the bearer token).

Scenarios are opaque, bounded JSON for now; the projection engine will define and run them.
Each records the NATO editions in the database when it was saved, so a later run can say
which data it was built on.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request, Response

from nato3.web.params import FORMAT, Format, nato_edition_labels
from nato3.web.responses import CSV_CONTENT, respond
from nato3.web.schemas import ErrorResponse, ScenarioIn, ScenarioListResponse, ScenarioResponse, Source
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


@router.post(
    "/scenarios",
    status_code=201,
    response_model=ScenarioResponse,
    dependencies=[Depends(require_token)],
    responses={**WRITE, 409: {"model": ErrorResponse, "description": "The store is full."}},
)
def create_scenario(body: ScenarioIn, request: Request):
    """Save a scenario. Needs `Authorization: Bearer <token>`. The spec must be a JSON object within
    the size and depth limits (422 names the limit)."""
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
