"""Who pays: the United States against Europe and Canada over time (NATO and SIPRI, never mixed in
one chart), the groups and allies of one year, fair-share bars, burden against GDP with the
Olson–Zeckhauser ρ, and the test's series with its ratio-bias note.

Everything shown is a burden document's (``burden``, ``burden_tests``, ``burden_series``); the
charts are drawn from their tables, in their order.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web.documents import document
from nato3.web.pages.common import PALETTE, bar_chart, layout, line_chart, render
from nato3.web.params import YEAR_MAX, YEAR_MIN

router = APIRouter()
NAV = ("Who pays", "/burden")
US, EUROPE = PALETTE[1], PALETTE[0]
TESTS_CHARTED = {  # the Olson–Zeckhauser series drawn over time, and their line style
    ("levels", "all"): "solid",
    ("levels", "without_usa"): "dot",
    ("growth", "all"): "dash",
}


def shares_chart(series) -> dict[str, Any]:
    """US and Europe-and-Canada shares of the alliance's spending per year (a ``burden_series``
    document); gaps where the total is unknown."""
    rows = series.tables["us_europe"].records()
    years = [r["year"] for r in rows]
    return line_chart(
        [
            {"name": "United States", "x": years, "y": [r["united_states_share_pct"] for r in rows], "color": US},
            {
                "name": "Europe and Canada",
                "x": years,
                "y": [r["europe_and_canada_share_pct"] for r in rows],
                "color": EUROPE,
            },
        ],
        "% of the alliance's defence spending",
        hlines=[(50.0, "50 %")],
    )


def fair_share_chart(allies: list[dict[str, Any]]) -> dict[str, Any]:
    """The fair-share index of every ally with one; Plotly orders the bars by value."""
    known = [a for a in allies if a["fair_share_index"] is not None]
    spec = bar_chart(
        [a["iso3"] for a in known],
        [a["fair_share_index"] for a in known],
        "spending share ÷ GDP share",
        hlines=[(1.0, "even share")],
        colors=[US if a["iso3"] == "USA" else EUROPE for a in known],
    )
    spec["layout"]["xaxis"]["categoryorder"] = "total descending"
    return spec


def scatter_chart(allies: list[dict[str, Any]], oz: dict[str, Any], year: int, gdp_unit: str) -> dict[str, Any]:
    """Burden (spending ÷ GDP) against GDP on a log scale, one point per ally, ρ and τ annotated."""
    points = [a for a in allies if a["gdp_musd"] and a["defence_share_gdp_pct"] is not None]
    spec = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [a["gdp_musd"] for a in points],
                "y": [a["defence_share_gdp_pct"] for a in points],
                "text": [a["iso3"] for a in points],
                "textposition": "top center",
                "textfont": {"size": 9},
                "marker": {"size": 8, "color": [US if a["iso3"] == "USA" else EUROPE for a in points]},
                "hovertemplate": "%{text}: GDP %{x:,.0f} million US$, %{y:.2f} % of GDP<extra></extra>",
            }
        ],
        "layout": layout("defence spending, % of GDP", showlegend=False),
    }
    spec["layout"]["xaxis"] = {"type": "log", "title": {"text": f"GDP, {gdp_unit}, log scale"}}
    spec["layout"]["annotations"] = [
        {
            "xref": "paper",
            "yref": "paper",
            "x": 0.01,
            "y": 0.99,
            "xanchor": "left",
            "yanchor": "top",
            "align": "left",
            "showarrow": False,
            "bgcolor": "rgba(255,255,255,0.8)",
            "text": f"{year}: Spearman ρ = {_num(oz['spearman_rho'])} (p {pvalue(oz['spearman_p'])})<br>"
            f"Kendall τ = {_num(oz['kendall_tau'])}, n = {oz['n']}<br>Ratio bias: burden has GDP in its denominator",
        }
    ]
    return spec


def oz_chart(tests) -> dict[str, Any]:
    """Spearman's ρ per year (a ``burden_tests`` document): levels (all allies, without the US) and growth."""
    rows = tests.tables["olson_zeckhauser"].records()
    lines = []
    for (test, sample), dash in TESTS_CHARTED.items():
        part = [r for r in rows if r["test"] == test and r["sample"] == sample]
        name = part[0]["comparison"] if part else f"{test}, {sample}"
        lines.append({"name": name, "x": [r["year"] for r in part], "y": [r["spearman_rho"] for r in part]})
        lines[-1]["dash"] = dash
    spec = line_chart(lines, "Spearman's ρ", hlines=[(0.0, "ρ = 0")])
    spec["layout"]["yaxis"]["rangemode"] = "normal"
    spec["layout"]["yaxis"]["range"] = [-1, 1]
    return spec


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def pvalue(p: float | None) -> str:
    """A p-value for reading: four decimals, or '< 0.0001'."""
    if p is None:
        return "–"
    return "< 0.0001" if p < 0.0001 else f"{p:.4f}"


def sourced(doc, caption: str) -> str:
    """A chart's caption followed by the sources and edition of the document it is drawn from."""
    cited = "; ".join(s.cite() for s in doc.sources if s.kind != "reference")
    return f"{caption}. Source: {cited}. {doc.editions[0].describe()}."


def ally_row(record: dict[str, Any]) -> str:
    """The anchor of an ally's row (``/burden#ally-POL``, linked from the ally's page)."""
    return f"ally-{record['iso3']}"


def ally_page(record: dict[str, Any]) -> str:
    return f"/allies/{record['iso3']}"


def by_key(table, *keys: str) -> dict[Any, dict[str, Any]]:
    """A document table's rows by the value of ``keys`` (one key: the value; several: a tuple)."""
    rows = table.records()
    return {(r[keys[0]] if len(keys) == 1 else tuple(r[k] for k in keys)): r for r in rows}


@router.get("/burden", response_class=HTMLResponse)
def burden_page(
    request: Request,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    source: str = Query("nato", max_length=10),
):
    """One year of burden sharing from ``source`` (default: NATO, newest year), with both long views."""
    doc = document("burden", year=year, source=source)
    source = doc.parameters["source"]
    tests = document("burden_tests", source=source)
    nato, sipri = document("burden_series", source="nato"), document("burden_series", source="sipri")
    oz = by_key(doc.tables["olson_zeckhauser"], "test", "sample")
    allies = doc.tables["ally_shares"]
    return render(
        request,
        "burden.html",
        {
            "doc": doc,
            "groups": by_key(doc.tables["group_shares"], "group"),
            "oz": oz,
            "jp": by_key(doc.tables["joint_product"], "proxy"),
            "tests": tests,
            "nato": nato,
            "sipri": sipri,
            "nato_chart": shares_chart(nato),
            "sipri_chart": shares_chart(sipri),
            "fair_chart": fair_share_chart(allies.records()),
            "scatter": scatter_chart(
                allies.records(), oz[("levels", "all")], doc.parameters["year"], allies.column("gdp_musd").unit
            ),
            "oz_chart": oz_chart(tests),
            "pvalue": pvalue,
            "sourced": sourced,
            "ally_row": ally_row,
            "ally_page": ally_page,
        },
    )
