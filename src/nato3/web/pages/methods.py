"""Methods and sources: how the figures are chosen, aggregated and judged, and where each table
came from — the ``editions``, ``pledges`` and ``sources`` documents, rendered."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from nato3.web.documents import document
from nato3.web.pages.common import render

router = APIRouter()
NAV = ("Methods & sources", "/methods")


@router.get("/methods", response_class=HTMLResponse)
def methods(request: Request):
    """Editions, estimates, aggregates, pledges, and every table's provenance."""
    status = document("status")
    return render(
        request,
        "methods.html",
        {
            "editions": document("editions"),
            "pledges": document("pledges"),
            "tables": document("sources"),
            "status": status,
            "money": document("burden_series").editions[0],
            "limits": request.app.state.settings.limits,
        },
    )
