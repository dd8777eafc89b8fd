"""``/api/v1/ledger/...``: the NATO 3.0 ledger — US posture, the events ledger, Europe's share of
forces, command posts, production capacity and the built-in drawdowns.

Each response names its tables (``source``, ``edition``), its ``caveats``, and marks rows from
secondary sources (``is_secondary``, ``src = "†"``). ``?format=csv`` gives ``data``; ``table``
picks another of the response's tables for the CSV.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Path, Query

from nato3.web import ledger_data, queries
from nato3.web.params import FORMAT, Format
from nato3.web.responses import CSV_CONTENT, cached
from nato3.web.schemas import ErrorResponse
from nato3.web.schemas_ledger import (
    CommandsResponse,
    DrawdownResponse,
    DrawdownsResponse,
    EventsResponse,
    ForcesResponse,
    IndustryResponse,
    PostureResponse,
)

router = APIRouter(tags=["NATO 3.0 ledger"])

TABLE = "Which of the response's tables the CSV holds. Default: data."
NAME = Path(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$", description="A built-in drawdown, e.g. germany-2026.")


def provenance(view: dict[str, Any]) -> dict[str, Any]:
    """``source``, ``edition``, ``caveats`` and ``secondary_note`` of a ledger view."""
    from nato3.ledger.provenance import SECONDARY_NOTE

    sources = queries.sources(*view["tables"])
    editions = sorted({str(s["edition"]) for s in sources if s.get("edition")}, reverse=True)
    return {"source": sources, "edition": editions, "caveats": view["caveats"], "secondary_note": SECONDARY_NOTE}


@router.get("/ledger/posture", response_model=PostureResponse, responses=CSV_CONTENT)
async def posture(
    table: Literal["europe_totals", "timeline"] | None = Query(None, description=TABLE),
    format: Format = FORMAT,
):
    """US active-duty personnel permanently assigned in each host (newest DMDC period), with the
    US changes on record; DMDC totals over the European allies; and US forces in Europe over time
    as separate series (DMDC levels; EUCOM/DoD totals incl. rotational forces; counted changes).
    DMDC excludes rotational forces (since December 2017): every row says so."""

    def build() -> PostureResponse:
        view = ledger_data.posture()
        return PostureResponse(
            period=view["period"],
            data=view["hosts"],
            europe_totals=view["europe_totals"],
            timeline=view["timeline"],
            **provenance(view),
        )

    return await cached("ledger-posture", build, format, "ledger-posture", table)


@router.get("/ledger/events", response_model=EventsResponse, responses=CSV_CONTENT)
async def events(
    by: Literal["date", "host", "total"] = Query("date", description="Sum the ledger by date, host or in total."),
    host: str | None = Query(None, max_length=12, description="Only events in this host (ISO3 code, or EUR)."),
    table: Literal["totals", "events"] | None = Query(None, description=TABLE),
    format: Format = FORMAT,
):
    """Counted personnel changes to forces in Europe: US vs European vs Canadian vs mixed
    (multinational, not split), executed apart from announced or planned; the totals; and every
    event row. Level rows and overlapping rows are listed but never added (`counted`, `reason`)."""

    def build() -> EventsResponse:
        view = ledger_data.events(by, host)
        return EventsResponse(
            view=view["view"],
            host=view["host"],
            data=view["ledger"],
            totals=view["totals"],
            events=view["events"],
            **provenance(view),
        )

    return await cached(("ledger-events", by, host), build, format, f"ledger-events-{by}", table)


@router.get("/ledger/forces", response_model=ForcesResponse, responses=CSV_CONTENT)
async def forces(
    table: Literal["europe_personnel"] | None = Query(None, description=TABLE),
    format: Format = FORMAT,
):
    """Europe's share of the forces in Europe: the European allies' military personnel (NATO
    Table 7) against every dated level of US forces in Europe. Personnel is a proxy, not
    capability; against DMDC (rotational forces excluded) Europe's share is an upper bound."""

    def build() -> ForcesResponse:
        view = ledger_data.forces()
        return ForcesResponse(
            counted=view["counted"], data=view["share"], europe_personnel=view["europe_personnel"], **provenance(view)
        )

    return await cached("ledger-forces", build, format, "ledger-forces", table)


@router.get("/ledger/commands", response_model=CommandsResponse, responses=CSV_CONTENT)
async def commands(
    table: Literal["share", "timeline"] | None = Query(None, description=TABLE),
    format: Format = FORMAT,
):
    """NATO's nine senior posts: holder now and after the reallocation agreed on 6 February 2026,
    Europe's share of them (a German–Polish rotation counts as European), and holders'
    nationality on 1 January of each year (unknown where the data has no tenure)."""

    def build() -> CommandsResponse:
        view = ledger_data.commands()
        return CommandsResponse(
            decision=view["decision"],
            data=view["posts"],
            share=view["share"],
            timeline=view["timeline"],
            **provenance(view),
        )

    return await cached("ledger-commands", build, format, "ledger-commands", table)


@router.get("/ledger/industry", response_model=IndustryResponse, responses=CSV_CONTENT)
async def industry(
    item: Literal["155mm", "pac3", "iris-t", "tanks"] = Query("155mm", description="Which production figures."),
    region: str | None = Query(None, max_length=20, description="155mm: region to project (Europe, USA)."),
    growth: float | None = Query(
        None, ge=-0.5, le=2, description="155mm: assumed growth a year (0.10 = 10 %). Default 0.10."
    ),
    target: float | None = Query(
        None, gt=0, le=1e9, description="155mm: target a year. Default: the region's latest stated target."
    ),
    until: int | None = Query(None, ge=2000, le=2100, description="155mm: last year projected. Default 2035."),
    table: Literal["companies", "projection"] | None = Query(None, description=TABLE),
    format: Format = FORMAT,
):
    """Production capacity against stated targets: output, capacity and targets by region (Russia's
    figures are all calibres, not comparable one-for-one), company figures (never added to
    regions), and for 155 mm shells a ramp-up PROJECTION at an assumed growth rate with the years
    to reach the target. The projection is an assumption, not a source figure."""

    def build() -> IndustryResponse:
        view = ledger_data.industry(item, region, growth, target, until)
        return IndustryResponse(
            item=view["item"],
            data=view["production"],
            companies=view["companies"],
            projection=view["projection"],
            projection_summary=view["summary"],
            **provenance(view),
        )

    key = ("ledger-industry", item, region, growth, target, until)
    return await cached(key, build, format, f"ledger-industry-{item}", table)


@router.get("/ledger/drawdowns", response_model=DrawdownsResponse, responses=CSV_CONTENT)
async def drawdowns(
    table: Literal["references"] | None = Query(None, description=TABLE),
    format: Format = FORMAT,
):
    """The built-in drawdowns with their headline result (US withdrawn, European backfill and its
    cost a year, Europe's share before and after), beside the published replacement estimates
    (IISS 2025, Bruegel/Kiel 2025) as references, not reconciled with them."""

    def build() -> DrawdownsResponse:
        view = ledger_data.drawdowns()
        return DrawdownsResponse(data=view["drawdowns"], references=view["references"], **provenance(view))

    return await cached("ledger-drawdowns", build, format, "ledger-drawdowns", table)


@router.get(
    "/ledger/drawdowns/{name}",
    response_model=DrawdownResponse,
    responses={**CSV_CONTENT, 404: {"model": ErrorResponse, "description": "Not a built-in drawdown."}},
)
async def drawdown(
    name: str = NAME,
    table: Literal["cost_per_soldier", "references"] | None = Query(None, description=TABLE),
    format: Format = FORMAT,
):
    """Run a built-in drawdown: US personnel withdrawn → Europe's backfill in personnel and money
    (cost per soldier = NATO personnel spending ÷ military personnel of the backfilling allies,
    2024 edition) and the effect on Europe's share of personnel, beside the IISS and Bruegel/Kiel
    estimates. Only built-in drawdowns run here (`nato3 ledger drawdown FILE` runs your own)."""

    def build() -> DrawdownResponse:
        view = ledger_data.drawdown(name)
        return DrawdownResponse(
            name=view["name"],
            title=view["title"],
            description=view["description"],
            scenario=view["scenario"],
            summary=view["summary"],
            data=view["steps"],
            cost_per_soldier=view["cost_per_soldier"],
            references=view["references"],
            **provenance(view),
        )

    return await cached(("ledger-drawdown", name), build, format, f"ledger-drawdown-{name}", table)
