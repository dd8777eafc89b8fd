"""The allies: an index, and one page per ally with its series from every source, pledges and rank."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from nato3.web import queries
from nato3.web.documents import document
from nato3.web.pages.common import line_chart, pledge_lines, render
from nato3.web.params import check_ally

router = APIRouter()
NAV = ("Allies", "/allies")
CHART_FROM = 2000  # SIPRI goes back to 1949; the chart starts here, the CSV has everything


def series_label(row: dict) -> str:
    if row["source"] == "sipri":
        return f"SIPRI ({row['edition']} release)"
    return f"NATO, {row['edition']} edition"


@router.get("/allies", response_class=HTMLResponse)
def allies_index(request: Request):
    """Every ally with its newest share of GDP and rank."""
    status = document("status")
    rows = {r["iso3"]: r for r in status.tables["allies"].records() if r["kind"] == "ally"}
    allies = [{**a, "status": rows.get(a["iso3"])} for a in sorted(queries.allies(), key=lambda a: a["name"])]
    sources = queries.sources("countries", *(s.table for s in status.sources))
    return render(request, "allies.html", {"allies": allies, "status": status, "sources": sources})


@router.get("/allies/{iso3}", response_class=HTMLResponse)
def ally_page(request: Request, iso3: str = Path(min_length=1, max_length=12)):
    """One ally: share of GDP in every NATO edition and in SIPRI, the pledges it meets, its rank."""
    code = check_ally(iso3, location="path")
    ally = next(a for a in queries.allies() if a["iso3"] == code)
    rows = queries.spending((code,), None, None, ("nato", "sipri"), None)
    series: dict[str, dict] = {}
    for r in rows:
        if r["defence_share_gdp_pct"] is None or r["year"] < CHART_FROM:
            continue
        s = series.setdefault(series_label(r), {"name": series_label(r), "x": [], "y": []})
        s["x"].append(r["year"])
        s["y"].append(r["defence_share_gdp_pct"])
        if r["source"] == "sipri":
            s["dash"] = "dot"
    chart = line_chart(list(series.values()), "% of GDP", hlines=pledge_lines("defence_share_gdp_pct"))
    labels = list(dict.fromkeys(series_label(r) for r in rows))
    table: dict[int, dict] = {}
    for r in rows:
        if r["year"] >= min((x["year"] for x in rows if x["source"] == "nato"), default=CHART_FROM):
            table.setdefault(r["year"], {})[series_label(r)] = r
    status = document("status")
    records = status.tables["allies"].records()
    standing = next((r for r in records if r["iso3"] == code), None)
    ranked = sum(1 for r in records if r["kind"] == "ally" and r["rank"] is not None)
    datasets = sorted({r["dataset"] for r in rows})
    burden = document("burden")  # newest NATO year, as on the Who pays page
    sipri_first = min((r["year"] for r in rows if r["source"] == "sipri"), default=None)
    return render(
        request,
        "ally.html",
        {
            "ally": ally,
            "chart": chart,
            "labels": labels,
            "table": dict(sorted(table.items(), reverse=True)),
            "status": status,
            "standing": standing,
            "ranked": ranked,
            "pledges": queries.pledges(),
            "sipri_first": sipri_first,
            "chart_from": CHART_FROM,
            "burden": burden,
            "burden_row": next((a for a in burden.tables["ally_shares"].records() if a["iso3"] == code), None),
            "sources": queries.sources("countries", *datasets, *(s.table for s in status.sources)),
        },
    )
