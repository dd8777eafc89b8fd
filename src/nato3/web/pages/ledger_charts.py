"""Plotly specs of the ledger page's charts, built from :mod:`nato3.web.ledger_data` views.

Each chart shows one kind of figure only: DMDC levels, counted changes, European personnel,
posts, or shells a year with the projection drawn as a dashed, labelled line.
"""

from __future__ import annotations

from typing import Any

from nato3.web.pages.common import PALETTE, bar_chart, layout, line_chart

ACTORS = {"us": "US", "europe": "Europe", "canada": "Canada", "mixed": "Mixed (not split)"}
ACTOR_COLOURS = {"us": PALETTE[1], "europe": PALETTE[0], "canada": PALETTE[3], "mixed": PALETTE[8]}
REGION_COLOURS = {"Europe": PALETTE[0], "USA": PALETTE[1], "Russia": PALETTE[6], "USA+Europe": PALETTE[2]}
SYMBOLS = {"output": "circle", "capacity": "square", "target": "star-open"}


def posture_chart(hosts: list[dict[str, Any]]) -> dict[str, Any]:
    """DMDC personnel permanently assigned in each European ally, largest first."""
    europe = sorted(
        (h for h in hosts if h["host_region"] == "europe"), key=lambda h: -h["us_active_duty_military_total"]
    )
    return bar_chart(
        [h["iso3"] for h in europe], [h["us_active_duty_military_total"] for h in europe], "US personnel (DMDC)"
    )


def events_chart(by_host: list[dict[str, Any]]) -> dict[str, Any]:
    """Counted changes per host: one bar per actor group, executed solid, announced or planned hatched."""
    hosts = list(dict.fromkeys(r["host_iso3"] for r in by_host))
    data = []
    for status, pattern in (("executed", ""), ("announced or planned", "/")):
        rows = {r["host_iso3"]: r for r in by_host if r["status_group"] == status}
        for actor, label in ACTORS.items():
            values = [rows[h][actor] if h in rows else 0 for h in hosts]
            if not any(values):
                continue
            data.append(
                {
                    "type": "bar",
                    "name": f"{label}, {status}",
                    "x": hosts,
                    "y": values,
                    "marker": {"color": ACTOR_COLOURS[actor], "pattern": {"shape": pattern}},
                    "hovertemplate": "%{x}: %{y:+,}<extra>" + f"{label}, {status}" + "</extra>",
                }
            )
    spec = {"data": data, "layout": layout("change in personnel (counted rows)", hlines=[(0.0, "")])}
    spec["layout"]["barmode"] = "group"
    spec["layout"]["yaxis"]["rangemode"] = "normal"
    spec["layout"]["xaxis"] = {"type": "category"}
    return spec


def personnel_chart(europe: list[dict[str, Any]]) -> dict[str, Any]:
    """The European allies' military personnel per year (thousands)."""
    return line_chart(
        [
            {
                "name": "European allies' military personnel",
                "x": [r["year"] for r in europe],
                "y": [r["europe_personnel"] / 1000 for r in europe],
            }
        ],
        "thousand personnel",
    )


def commands_chart(share: list[dict[str, Any]]) -> dict[str, Any]:
    """Senior posts held by Europe and by the US, now and after the agreed reallocation."""
    rows = [r for r in share if r["level"] == "all"]
    states = ["now" if r["state"] == "now" else "after the 6 Feb 2026 reallocation" for r in rows]
    data = [
        {
            "type": "bar",
            "name": label,
            "x": states,
            "y": [r[key] for r in rows],
            "marker": {"color": colour},
            "hovertemplate": "%{x}: %{y} posts<extra>" + label + "</extra>",
        }
        for key, label, colour in (("europe", "European allies", PALETTE[0]), ("us", "United States", PALETTE[1]))
    ]
    spec = {"data": data, "layout": layout("senior posts (of 9)")}
    spec["layout"]["barmode"] = "group"
    spec["layout"]["xaxis"] = {"type": "category"}
    return spec


def industry_chart(shells: list[dict[str, Any]], projection: list[dict[str, Any]], summary: dict) -> dict[str, Any]:
    """Shells a year by region and measure (markers), the projection (dashed) and its target (dotted)."""
    data = []
    series: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in shells:
        series.setdefault((r["region"], r["measure"]), []).append(r)
    for (region, measure), rows in series.items():
        note = " (all calibres)" if any(r["calibre"] == "all calibres" for r in rows) else ""
        name = f"{region} {measure}{note}"
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [r["year"] for r in rows],
                "y": [r["quantity_per_year"] for r in rows],
                "marker": {"size": 10, "color": REGION_COLOURS.get(region, PALETTE[8]), "symbol": SYMBOLS.get(measure)},
                "hovertemplate": "%{x}: %{y:,.0f}<extra>" + name + "</extra>",
            }
        )
    if projection:
        name = f"{summary['region']}: PROJECTION at {summary['growth']:.0%} a year (assumption)"
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "x": [r["year"] for r in projection],
                "y": [r["projected"] for r in projection],
                "line": {"color": REGION_COLOURS.get(summary["region"], PALETTE[8]), "dash": "dash"},
                "hovertemplate": "%{x}: %{y:,.0f}<extra>projection</extra>",
            }
        )
    hlines = [(summary["target"], f"target {summary['target']:,.0f} ({summary['target_label']})")] if summary else []
    return {"data": data, "layout": layout("artillery shells a year", hlines)}
