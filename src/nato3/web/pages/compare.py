"""Compare allies: share of GDP over time for the allies chosen, from one source and edition."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web import queries
from nato3.web.errors import ParameterError
from nato3.web.pages.common import line_chart, render
from nato3.web.params import check_countries

router = APIRouter()
NAV = ("Compare", "/compare")
DEFAULT = ("USA", "POL", "DEU", "FRA", "GBR")
MAX_ALLIES = 12


def series_choices() -> dict[str, tuple[str, str | None]]:
    """Menu value → (source, edition): every NATO edition, then SIPRI."""
    choices = {f"nato-{e['label']}": ("nato", e["label"]) for e in queries.nato_editions()}
    choices["sipri"] = ("sipri", queries.sipri_edition())
    return choices


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    iso3: list[str] | None = Query(None, max_length=MAX_ALLIES * 3),
    series: str | None = Query(None, max_length=40),
):
    """A chart and a table of the chosen allies' shares of GDP, one series at a time."""
    codes = check_countries(iso3, MAX_ALLIES, aggregates=False) if iso3 else DEFAULT
    choices = series_choices()
    series = series or next(iter(choices))
    if series not in choices:
        raise ParameterError("series", f"unknown series {series!r}; allowed: {', '.join(choices)}")
    source, edition = choices[series]
    rows = queries.spending(codes, None, None, (source,), edition)
    rows = [r for r in rows if r["defence_share_gdp_pct"] is not None and (source == "nato" or r["year"] >= 2000)]
    names = {a["iso3"]: a["name"] for a in queries.allies()}
    lines = [
        {
            "name": names[c],
            "x": [r["year"] for r in rows if r["iso3"] == c],
            "y": [r["defence_share_gdp_pct"] for r in rows if r["iso3"] == c],
        }
        for c in codes
    ]
    years = sorted({r["year"] for r in rows}, reverse=True)
    cells = {(r["iso3"], r["year"]): r for r in rows}
    datasets = sorted({r["dataset"] for r in rows})
    return render(
        request,
        "compare.html",
        {
            "codes": codes,
            "allies": sorted(queries.allies(), key=lambda a: a["name"]),
            "choices": choices,
            "series": series,
            "chart": line_chart(lines, "% of GDP", hlines=[(2.0, "2 %"), (3.5, "3.5 %")]),
            "years": years,
            "cells": cells,
            "names": names,
            "max_allies": MAX_ALLIES,
            "csv_url": f"/api/v1/spending?iso3={','.join(codes)}&source={source}&edition={edition}&format=csv",
            "sources": queries.sources(*datasets) if datasets else [],
        },
    )
