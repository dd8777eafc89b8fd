"""The overview: headline numbers, who meets which pledge, and the US and European shares over time."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web import queries
from nato3.web.pages.common import PALETTE, bar_chart, line_chart, render
from nato3.web.params import YEAR_MAX, YEAR_MIN, check_status_query

router = APIRouter()
NAV = ("Overview", "/")


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)):
    """Headline numbers for ``year`` (default: the newest NATO estimate) and the long view."""
    check_status_query(year, None)
    status = queries.status(year, None)
    allies = [r for r in status["data"] if r["kind"] == "ally"]
    aggregates = {r["iso3"]: r for r in status["data"] if r["kind"] == "aggregate"}
    pledges = queries.pledges()
    counts = {
        p["pledge_id"]: {
            "met": sum(1 for r in allies if r["pledges"].get(p["pledge_id"]) is True),
            "unknown": sum(1 for r in allies if r["pledges"].get(p["pledge_id"]) is None),
        }
        for p in pledges
    }
    ranked = [r for r in allies if r["defence_share_gdp_pct"] is not None]
    share_chart = bar_chart(
        [r["iso3"] for r in ranked],
        [r["defence_share_gdp_pct"] for r in ranked],
        "% of GDP",
        hlines=[(2.0, "2 %"), (3.5, "3.5 %")],
        colors=[PALETTE[1] if r["iso3"] == "USA" else PALETTE[0] for r in ranked],
    )
    edition = queries.money_edition()
    shares = queries.us_vs_europe(edition) if edition else []
    years = [r["year"] for r in shares]
    burden_chart = line_chart(
        [
            {"name": "United States", "x": years, "y": [r["united_states_share_pct"] for r in shares]},
            {"name": "Europe and Canada", "x": years, "y": [r["europe_canada_share_pct"] for r in shares]},
        ],
        "% of NATO defence spending",
    )
    dataset = next((e["dataset"] for e in queries.nato_editions() if e["label"] == edition), None)
    return render(
        request,
        "overview.html",
        {
            "status": status,
            "allies": allies,
            "aggregates": aggregates,
            "pledges": pledges,
            "counts": counts,
            "share_chart": share_chart,
            "burden_chart": burden_chart,
            "shares": shares,
            "money_edition": edition,
            "latest_share": shares[-1] if shares else None,
            "sources": queries.sources(*status["datasets"], *([dataset] if dataset else []), "pledges"),
        },
    )
