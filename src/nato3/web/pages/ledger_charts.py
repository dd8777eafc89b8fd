"""Plotly specs of the ledger page's charts, drawn from the ledger documents' tables.

Each chart shows one kind of figure only: DMDC levels, counted changes, European personnel,
posts, or shells a year with the projection drawn as a dashed, labelled line. The series are the
documents' rows as they are; a chart only picks which rows and columns to draw.
"""

from __future__ import annotations

from typing import Any

from nato3.web.pages.common import PALETTE, bar_chart, layout, line_chart

ACTORS = {"us": "US", "europe": "Europe", "canada": "Canada", "mixed": "Mixed (not split)"}
ACTOR_COLOURS = {"us": PALETTE[1], "europe": PALETTE[0], "canada": PALETTE[3], "mixed": PALETTE[8]}
REGION_COLOURS = {"Europe": PALETTE[0], "USA": PALETTE[1], "Russia": PALETTE[6], "USA+Europe": PALETTE[2]}
SYMBOLS = {"output": "circle", "capacity": "square", "target": "star-open"}


def posture_chart(doc) -> dict[str, Any]:
    """DMDC personnel permanently assigned in each European ally, largest first (the hosts table's order)."""
    europe = [h for h in doc.tables["hosts"].records() if h["host_region"] == "europe"]
    return bar_chart(
        [h["iso3"] for h in europe], [h["us_active_duty_military_total"] for h in europe], "US personnel (DMDC)"
    )


def events_chart(doc) -> dict[str, Any]:
    """Counted changes per host (the ledger by host): a bar per actor group, announced or planned hatched."""
    rows = doc.tables["ledger"].records()
    hosts = list(dict.fromkeys(r["host_iso3"] for r in rows))
    data = []
    for status, pattern in (("executed", ""), ("announced or planned", "/")):
        by_host = {r["host_iso3"]: r for r in rows if r["status_group"] == status}
        for actor, label in ACTORS.items():
            values = [by_host[h][actor] if h in by_host else 0 for h in hosts]
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


def personnel_chart(doc) -> dict[str, Any]:
    """The European allies' military personnel per year."""
    rows = doc.tables["europe_personnel"].records()
    return line_chart(
        [
            {
                "name": "European allies' military personnel",
                "x": [r["year"] for r in rows],
                "y": [r["europe_personnel"] for r in rows],
            }
        ],
        "military personnel (persons)",
    )


def commands_chart(doc) -> dict[str, Any]:
    """Senior posts held by Europe and by the US, now and after the agreed reallocation."""
    rows = [r for r in doc.tables["post_share"].records() if r["level"] == "all"]
    states = [r["state"] for r in rows]
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
    posts = rows[0]["posts"] if rows else 0
    spec = {"data": data, "layout": layout(f"senior posts (of {posts})")}
    spec["layout"]["barmode"] = "group"
    spec["layout"]["xaxis"] = {"type": "category"}
    return spec


def industry_chart(doc) -> dict[str, Any]:
    """Shells a year by region and measure (markers), the projection (dashed) and its target (dotted)."""
    data = []
    series: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in doc.tables["shells"].records():
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
    summary = doc.tables["projection_summary"].records()[0]
    projection = doc.tables["projection"].records()
    name = f"{summary['region']}: PROJECTION at {summary['growth']:g} % a year (assumption)"
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
    hlines = [(summary["target"], f"target {summary['target']:,.0f} ({summary['target_label']})")]
    return {"data": data, "layout": layout("artillery shells a year", hlines)}
