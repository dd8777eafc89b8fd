"""``/api/v1/ledger/...``: the NATO 3.0 ledger — US posture, the events ledger, Europe's share of
forces, command posts, production capacity and the built-in drawdowns.

Each endpoint answers with the ledger document of the matching command (``nato3 ledger … --format
json``): its tables, sources, caveats and marks (``secondary`` = †, ``projection``, ``derived``).
Query parameters are the document's parameters; the library checks them and a bad value is a 422
naming it. ``?format=csv`` gives the document's first table, ``table`` another.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Query

from nato3.web.documents import respond
from nato3.web.params import FORMAT, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas import ErrorResponse
from nato3.web.schemas_document import DocumentResponse

router = APIRouter(tags=["NATO 3.0 ledger"])

TABLE = Query(None, max_length=40, description="Which of the document's tables the CSV holds. Default: the first.")
NAME = Path(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$", description="A built-in drawdown, e.g. germany-2026.")


@router.get("/ledger/posture", response_model=DocumentResponse, responses=CSV_CONTENT)
async def posture(
    period: str | None = Query(None, max_length=7, description="A DMDC report period, YYYY-MM. Default: the newest."),
    table: str | None = TABLE,
    format: Format = FORMAT,
):
    """US active-duty personnel permanently assigned in each host (a DMDC report), with the US
    changes on record (`hosts`); DMDC totals over the European allies (`europe_totals`); and US
    forces in Europe over time as separate series (`timeline`: DMDC levels; EUCOM/DoD totals incl.
    rotational forces; counted changes). DMDC excludes rotational forces (since December 2017)."""
    return await respond("ledger_posture", format, table, period=period)


@router.get("/ledger/events", response_model=DocumentResponse, responses=CSV_CONTENT)
async def events(
    by: str = Query("date", max_length=10, description="Sum the ledger by date, host or total."),
    host: str | None = Query(None, max_length=12, description="Only events in this host (ISO3 code, or EUR)."),
    table: str | None = TABLE,
    format: Format = FORMAT,
):
    """Counted personnel changes to forces in Europe (`ledger`, `totals`): US vs European vs
    Canadian vs mixed (multinational, not split), executed apart from announced or planned; and
    every event row (`events`). Level rows and overlapping rows are listed but never added
    (`counted`, `reason`)."""
    return await respond("ledger_events", format, table, by=by, host=host)


@router.get("/ledger/forces", response_model=DocumentResponse, responses=CSV_CONTENT)
async def forces(
    edition: str | None = Query(
        None, max_length=20, description="NATO edition of the personnel figures. Default: the newest that has them."
    ),
    table: str | None = TABLE,
    format: Format = FORMAT,
):
    """Europe's share of the forces in Europe (`force_share`, headline row `latest`): the European allies'
    military personnel (`europe_personnel`, NATO Table 7) against every dated level of US forces in
    Europe. Personnel is a proxy, not capability; against DMDC Europe's share is an upper bound."""
    return await respond("ledger_forces", format, table, edition=edition)


@router.get("/ledger/commands", response_model=DocumentResponse, responses=CSV_CONTENT)
async def commands(table: str | None = TABLE, format: Format = FORMAT):
    """NATO's nine senior posts (`posts`): holder now and after the reallocation agreed on
    6 February 2026; Europe's share of them (`post_share`; a German–Polish rotation counts as European);
    holders' nationality on 1 January of each year (`holders`); every tenure on record (`tenures`)."""
    return await respond("ledger_commands", format, table)


@router.get("/ledger/industry", response_model=DocumentResponse, responses=CSV_CONTENT)
async def industry(
    item: str = Query("155mm", max_length=10, description="155mm, pac3, iris-t or tanks."),
    region: str | None = Query(None, max_length=20, description="155mm: region to project (Europe, USA)."),
    growth: float | None = Query(None, description="155mm: assumed growth, % a year (15 = 15 %). Default 10."),
    target: float | None = Query(None, description="155mm: target a year. Default: the region's latest stated target."),
    until: int | None = Query(None, description="155mm: last year projected. Default 2035."),
    table: str | None = TABLE,
    format: Format = FORMAT,
):
    """Production against stated targets. 155 mm shells: output, capacity and targets by region
    (`shells`; Russia's figures are all calibres, not comparable one-for-one), company figures
    (`companies`, never added to regions), and a ramp-up PROJECTION at an assumed growth rate
    (`projection`, `projection_summary`: the years to reach the target). Other items: `production`."""
    return await respond(
        "ledger_industry", format, table, item=item, region=region, growth=growth, target=target, until=until
    )


@router.get("/ledger/drawdowns", response_model=DocumentResponse, responses=CSV_CONTENT)
async def drawdowns(table: str | None = TABLE, format: Format = FORMAT):
    """The built-in drawdowns with their headline result (`drawdowns`: US withdrawn, European
    backfill and its cost a year, Europe's share before and after), beside the published
    replacement estimates (`references`: IISS 2025, Bruegel/Kiel 2025), not reconciled with them."""
    return await respond("ledger_drawdowns", format, table)


@router.get(
    "/ledger/drawdowns/{name}",
    response_model=DocumentResponse,
    responses={**CSV_CONTENT, 404: {"model": ErrorResponse, "description": "Not a built-in drawdown."}},
)
async def drawdown(name: str = NAME, table: str | None = TABLE, format: Format = FORMAT):
    """Run a built-in drawdown: US personnel withdrawn → Europe's backfill in personnel and money
    (`summary`, `steps`; cost per soldier = NATO personnel spending ÷ military personnel of the
    backfilling allies, `cost_per_soldier`) and the effect on Europe's share of personnel, beside
    the IISS and Bruegel/Kiel estimates (`references`). Only built-ins run here (`nato3 ledger
    drawdown FILE` runs your own): a name is never read as a path."""
    from nato3.errors import Nato3Error
    from nato3.ledger.scenario import check_builtin
    from nato3.web.errors import NotFoundError

    try:
        check_builtin(name)
    except Nato3Error as exc:
        raise NotFoundError("name", str(exc)) from None
    return await respond("ledger_drawdown", format, table, drawdown=name)
