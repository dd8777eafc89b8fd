"""The allies: an index, and one page per ally with its series from every source, where it stands
and what it pays — the ``allies`` document, rendered; the chart is drawn from its ``series`` table."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from nato3.errors import Nato3Error
from nato3.web.documents import document
from nato3.web.errors import NotFoundError
from nato3.web.pages.common import PALETTE, line_chart, pledge_lines, render

router = APIRouter()
NAV = ("Allies", "/allies")


def ally_page(record: dict[str, Any]) -> str:
    return f"/allies/{record['iso3']}"


@router.get("/allies", response_class=HTMLResponse)
def allies_index(request: Request):
    """Every ally with its share of GDP and rank in the status view."""
    doc = document("allies")
    return render(request, "allies.html", {"doc": doc, "link": ally_page, "sources": doc.sources})


def series_chart(table) -> dict[str, Any]:
    """One line per series of an ally's ``series`` table (NATO editions solid, SIPRI dotted), with
    the pledges measured on the share of GDP (pledges document) as reference lines."""
    rows = table.records()
    lines = []
    for i, column in enumerate(c for c in table.columns if c.name != "year"):
        points = [(r["year"], r[column.name]) for r in rows if r[column.name] is not None]
        lines.append(
            {
                "name": column.label,
                "x": [x for x, _ in points],
                "y": [y for _, y in points],
                "color": PALETTE[i % len(PALETTE)],
                "dash": "dot" if column.name.startswith("sipri") else "solid",
            }
        )
    return line_chart(lines, "% of GDP", hlines=pledge_lines("defence_share_gdp_pct"))


@router.get("/allies/{iso3}", response_class=HTMLResponse)
def ally_page_view(request: Request, iso3: str = Path(min_length=1, max_length=12)):
    """One ally: share of GDP in every NATO edition and in SIPRI, where it stands, what it pays."""
    try:
        doc = document("allies", iso3=iso3.strip().upper())
    except Nato3Error as exc:
        if exc.parameter == "iso3":
            raise NotFoundError("iso3", str(exc)) from exc
        raise
    series = doc.tables["series"]
    return render(
        request,
        "ally.html",
        {
            "doc": doc,
            "ally": doc.tables["ally"].records()[0],
            "standing": next(iter(doc.tables["status"].records()), None),
            "burden_row": next(iter(doc.tables["burden"].records()), None),
            "chart": series_chart(series) if len(series.frame) else None,
            "pledges": {f"meets_{r['pledge_id']}": r for r in document("pledges").tables["pledges"].records()},
            "sources": doc.sources,
        },
    )
