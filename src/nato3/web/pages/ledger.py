"""The NATO 3.0 ledger page: every ledger document on one page — US posture by host (DMDC,
rotational forces excluded), the events ledger by host, Europe's share of personnel, the senior
command posts now and after February 2026, 155 mm shells against targets with a marked
projection, and the built-in drawdowns beside the IISS and Bruegel/Kiel estimates.

The page renders the documents' tables (the shared ``document_table`` macro, † and the other
marks included) and charts drawn from those tables; it computes nothing itself.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web.documents import document
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


def drawdown_link(record: dict) -> str:
    """The API address that runs a built-in drawdown (its row in the drawdowns table)."""
    return f"/api/v1/ledger/drawdowns/{record['drawdown']}"


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    growth: float | None = Query(None, description="Assumed growth of 155 mm output, % a year (default 10)."),
):
    """Every view of the ledger, each with its sources, caveats and a CSV link."""
    docs = {
        "posture": document("ledger_posture"),
        "events": document("ledger_events", by="host"),
        "forces": document("ledger_forces"),
        "commands": document("ledger_commands"),
        "industry": document("ledger_industry", growth=growth),
        "drawdowns": document("ledger_drawdowns"),
    }
    return render(
        request,
        "ledger.html",
        {
            "sections": SECTIONS,
            **docs,
            "drawdown_link": drawdown_link,
            "posture_chart": charts.posture_chart(docs["posture"]),
            "events_chart": charts.events_chart(docs["events"]),
            "personnel_chart": charts.personnel_chart(docs["forces"]),
            "commands_chart": charts.commands_chart(docs["commands"]),
            "industry_chart": charts.industry_chart(docs["industry"]),
        },
    )
