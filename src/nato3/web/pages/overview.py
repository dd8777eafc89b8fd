"""The overview: headline numbers, who meets which pledge, and the US and European shares over time."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web.documents import document
from nato3.web.pages.burden import shares_chart, sourced
from nato3.web.pages.common import PALETTE, bar_chart, pledge_lines, render
from nato3.web.params import YEAR_MAX, YEAR_MIN

router = APIRouter()
NAV = ("Overview", "/")


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)):
    """The status document for ``year`` (default: the defaults rule) and the long view."""
    status = document("status", year=year)
    table = status.tables["allies"]
    allies = table.frame[table.frame["kind"] == "ally"]
    ranked = allies[allies["defence_share_gdp_pct"].notna()]
    share_chart = bar_chart(
        ranked["iso3"].tolist(),
        ranked["defence_share_gdp_pct"].tolist(),
        "% of GDP",
        hlines=pledge_lines("defence_share_gdp_pct"),
        colors=[PALETTE[1] if c == "USA" else PALETTE[0] for c in ranked["iso3"]],
    )
    series = document("burden_series")  # NATO's money edition, every year it covers
    burden = document("burden")  # the newest year of the same edition
    burden_chart = shares_chart(series)
    return render(
        request,
        "overview.html",
        {
            "status": status,
            "sourced": sourced,
            "headline": _headline(status),
            "share_chart": share_chart,
            "burden_chart": burden_chart,
            "series": series,
            "us_share": next(r for r in burden.tables["group_shares"].records() if r["group"] == "united_states"),
            "burden": burden,
            "sources": [*status.sources, *burden.sources],
        },
    )


def _headline(status) -> dict:
    """The aggregates' rows and how many allies meet each pledge, read from the status document."""
    from nato3.standing.pledges import pledges

    table = status.tables["allies"]
    records = table.records()
    allies = [r for r in records if r["kind"] == "ally"]
    return {
        "aggregates": [r for r in records if r["kind"] == "aggregate"],
        "allies": len(allies),
        "pledges": [
            {
                "pledge": p,
                "met": sum(1 for r in allies if r[f"meets_{p.pledge_id}"] is True),
                "unknown": sum(1 for r in allies if r[f"meets_{p.pledge_id}"] is None),
            }
            for p in pledges().values()
            if p.metric == "defence_share_gdp_pct"
        ],
    }
