"""Who pays: the United States against Europe and Canada over time (NATO and SIPRI, never mixed in
one chart), the groups and allies of one year, fair-share bars, burden against GDP with the
Olson–Zeckhauser ρ, and the test's series with its ratio-bias note."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web import burden_data
from nato3.web.pages.common import PALETTE, bar_chart, layout, line_chart, render
from nato3.web.params import YEAR_MAX, YEAR_MIN

router = APIRouter()
NAV = ("Who pays", "/burden")
US, EUROPE = PALETTE[1], PALETTE[0]


def shares_chart(series: dict[str, Any]) -> dict[str, Any]:
    """US and Europe-and-Canada shares of the alliance's spending per year; gaps where unknown."""
    years = [r["year"] for r in series["rows"]]
    return line_chart(
        [
            {"name": "United States", "x": years, "y": [r["united_states_share_pct"] for r in series["rows"]]},
            {"name": "Europe and Canada", "x": years, "y": [r["europe_and_canada_share_pct"] for r in series["rows"]]},
        ],
        "% of the alliance's defence spending",
        hlines=[(50.0, "50 %")],
    )


def fair_share_chart(allies: list[dict[str, Any]]) -> dict[str, Any]:
    """The fair-share index of every ally with one, largest first, with the even-share line at 1."""
    known = sorted((a for a in allies if a["fair_share_index"] is not None), key=lambda a: -a["fair_share_index"])
    return bar_chart(
        [a["iso3"] for a in known],
        [a["fair_share_index"] for a in known],
        "spending share ÷ GDP share",
        hlines=[(1.0, "even share")],
        colors=[US if a["iso3"] == "USA" else EUROPE for a in known],
    )


def scatter_chart(allies: list[dict[str, Any]], oz: dict[str, Any], year: int, price_base: str) -> dict[str, Any]:
    """Burden (spending ÷ GDP) against GDP on a log scale, one point per ally, ρ and τ annotated."""
    points = [a for a in allies if a["gdp_musd"] and a["burden_pct"] is not None]
    spec = {
        "data": [
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [a["gdp_musd"] for a in points],
                "y": [a["burden_pct"] for a in points],
                "text": [a["iso3"] for a in points],
                "textposition": "top center",
                "textfont": {"size": 9},
                "marker": {"size": 8, "color": [US if a["iso3"] == "USA" else EUROPE for a in points]},
                "hovertemplate": "%{text}: GDP %{x:,.0f} million US$, %{y:.2f} % of GDP<extra></extra>",
            }
        ],
        "layout": layout("defence spending, % of GDP", showlegend=False),
    }
    spec["layout"]["xaxis"] = {"type": "log", "title": {"text": f"GDP, million US$ ({price_base}), log scale"}}
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


def oz_chart(tests: dict[str, Any]) -> dict[str, Any]:
    """Spearman's ρ per year: levels (all allies, without the US) and growth."""
    lines = []
    for (test, sample), name in {
        ("levels", "all"): "GDP vs burden, all allies",
        ("levels", "without_usa"): "GDP vs burden, without the US",
        ("growth", "all"): "GDP share vs real growth, all allies",
    }.items():
        part = [r for r in tests["olson_zeckhauser"] if r["test"] == test and r["sample"] == sample]
        lines.append({"name": name, "x": [r["year"] for r in part], "y": [r["spearman_rho"] for r in part]})
    lines[1]["dash"] = "dot"
    lines[2]["dash"] = "dash"
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


def _headline(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["group"]: g for g in report["groups"] if g["group"] in burden_data.HEADLINE}


@router.get("/burden", response_class=HTMLResponse)
def burden_page(
    request: Request,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX),
    source: str = Query("nato", max_length=10),
):
    """One year of burden sharing from ``source`` (default: NATO, newest year), with both long views."""
    report = burden_data.report(year, source, None, ())
    tests = burden_data.tests(source, None, None)
    nato, sipri = burden_data.us_vs_europe("nato"), burden_data.us_vs_europe("sipri")
    levels = {k: report["olson_zeckhauser"][k] for k in ("spearman_rho", "spearman_p", "kendall_tau", "n")}
    sources = report["sources"] + nato["sources"] + sipri["sources"]
    return render(
        request,
        "burden.html",
        {
            "report": report,
            "headline": _headline(report),
            "years": {s: (burden_data.years(s)[0], burden_data.years(s)[-1]) for s in burden_data.SOURCES},
            "nato": nato,
            "sipri": sipri,
            "nato_chart": shares_chart(nato),
            "sipri_chart": shares_chart(sipri),
            "fair_chart": fair_share_chart(report["allies"]),
            "scatter": scatter_chart(report["allies"], levels, report["year"], report["price_base"]),
            "oz_chart": oz_chart(tests),
            "tests": tests,
            "pvalue": pvalue,
            "sources": list({s["table"]: s for s in sources}.values()),
        },
    )
