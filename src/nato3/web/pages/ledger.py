"""The NATO 3.0 ledger: US posture by host (DMDC, rotational forces excluded), the events ledger,
Europe's share of personnel, the senior command posts now and after February 2026, 155 mm shell
production against targets with a marked projection, and the built-in drawdowns beside the IISS
and Bruegel/Kiel estimates. Secondary-source rows carry the mark †."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web import ledger_data, queries
from nato3.web.pages import ledger_charts as charts
from nato3.web.pages.common import render

router = APIRouter()
NAV = ("NATO 3.0 ledger", "/ledger")
SECTIONS = {
    "posture": "US posture",
    "events": "Events ledger",
    "forces": "Europe's share of forces",
    "commands": "Command posts",
    "industry": "155 mm shells",
    "drawdowns": "Drawdowns",
}


def holders(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """Posts × dates → holder's ISO3 code ('?' where the data has no tenure), for a compact table."""
    dates = list(dict.fromkeys(r["date"] for r in timeline))
    posts = list(dict.fromkeys(r["post"] for r in timeline))
    cells = {(r["post"], r["date"]): r for r in timeline}
    return {"dates": dates, "posts": posts, "cells": cells}


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    growth: float | None = Query(None, ge=-0.5, le=2, description="Assumed growth of 155 mm output a year."),
):
    """Every view of the ledger on one page, each with its caveats, sources and a CSV link."""
    posture = ledger_data.posture()
    events = ledger_data.events("date", None)
    by_host = ledger_data.events("host", None)
    forces = ledger_data.forces()
    commands = ledger_data.commands()
    industry = ledger_data.industry("155mm", None, growth, None, None)
    drawdowns = ledger_data.drawdowns()
    views = (posture, events, forces, commands, industry, drawdowns)
    tables = list(dict.fromkeys(t for v in views for t in v["tables"]))
    share = {(r["state"], r["level"]): r for r in commands["share"]}
    return render(
        request,
        "ledger.html",
        {
            "sections": SECTIONS,
            "posture": posture,
            "events": events,
            "by_host": by_host,
            "forces": forces,
            "commands": commands,
            "command_share": {k[0]: v for k, v in share.items() if k[1] == "all"},
            "holders": holders(commands["timeline"]),
            "industry": industry,
            "drawdowns": drawdowns,
            "growth": industry["summary"]["growth"],
            "posture_chart": charts.posture_chart(posture["hosts"]),
            "events_chart": charts.events_chart(by_host["ledger"]),
            "personnel_chart": charts.personnel_chart(forces["europe_personnel"]),
            "commands_chart": charts.commands_chart(commands["share"]),
            "industry_chart": charts.industry_chart(
                industry["production"], industry["projection"], industry["summary"]
            ),
            "secondary_note": _secondary_note(),
            "sources": queries.sources(*tables),
        },
    )


def _secondary_note() -> str:
    from nato3.ledger.provenance import SECONDARY_NOTE

    return SECONDARY_NOTE
