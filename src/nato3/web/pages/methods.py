"""Methods and sources: how the figures are chosen, aggregated and judged, and where each table came from."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from nato3.web import queries
from nato3.web.documents import document
from nato3.web.pages.common import render

router = APIRouter()
NAV = ("Methods & sources", "/methods")


@router.get("/methods", response_class=HTMLResponse)
def methods(request: Request):
    """Editions, estimates, aggregates, pledges, and every table's provenance."""
    return render(
        request,
        "methods.html",
        {
            "editions": queries.nato_editions(),
            "pledges": queries.pledges(),
            "tables": queries.all_sources(),
            "notes": [*(status := document("status")).caveats, *status.notes],
            "money_edition": queries.money_edition(),
            "limits": request.app.state.settings.limits,
        },
    )
