"""What every page shares: rendering with the menu, number formats, and Plotly chart specs.

Charts are plain Plotly JSON (``{"data": [...], "layout": {...}}``) embedded in the page as
``<script type="application/json">`` and drawn by ``static/nato3.js`` with the bundled
plotly.min.js; no inline script, so the Content-Security-Policy can forbid them.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from nato3.version import __version__
from nato3.web.responses import citation

MARKS = {True: "✔", False: "✗", None: "–"}
PALETTE = ["#1f4e79", "#c0504d", "#2e8b57", "#e69f00", "#6a3d9a", "#56b4e9", "#8c564b", "#d62728", "#7f7f7f"]


def number(value: Any, digits: int = 2) -> str:
    """A number for a table cell; '–' when missing."""
    if value is None or value != value:
        return "–"
    return f"{value:,.{digits}f}"


def pledge_label(pledge: dict[str, Any]) -> str:
    """A pledge's short name from the pledges table ("2 %", "3.5 % core")."""
    from nato3.standing.pledges import get_pledge

    return get_pledge(pledge["pledge_id"]).short_name


def pledge_lines(metric: str) -> list[tuple[float, str]]:
    """Reference lines for a chart of ``metric``: every pledge measured on it (the pledges document)."""
    from nato3.web.documents import document

    rows = document("pledges").tables["pledges"].records()
    return [(r["threshold_pct"], r["short_name"]) for r in rows if r["metric"] == metric]


def configure(templates) -> None:
    """Give every template (pages and error pages) the menu, the version and the helpers."""
    from nato3.render.cells import probability
    from nato3.web import pages

    templates.env.globals.update(
        probability=probability,
        nav=pages.nav(),
        version=__version__,
        number=number,
        mark=lambda v: MARKS.get(v, "–"),
        citation=citation,
        pledge_label=pledge_label,
        ally_link=ally_link,
        ally_link_by_code=lambda record: f"/allies/{record['iso3']}",
    )


def ally_link(record: dict[str, Any]) -> str | None:
    """The page of an ally's row in a document table (aggregates have none)."""
    return f"/allies/{record['iso3']}" if record.get("kind") == "ally" else None


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200):
    """Render a page template (``templates/<template>``) with ``context``."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)


def line_chart(series: list[dict[str, Any]], y_title: str, hlines: list[tuple[float, str]] = ()) -> dict[str, Any]:
    """Lines of ``{"name", "x", "y", "dash"?}`` with optional horizontal reference lines (pledges)."""
    data = []
    for i, s in enumerate(series):
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": s["name"],
                "x": s["x"],
                "y": s["y"],
                "line": {"color": s.get("color", PALETTE[i % len(PALETTE)]), "dash": s.get("dash", "solid")},
                "marker": {"size": 5},
                "hovertemplate": "%{x}: %{y:.2f}<extra>" + s["name"] + "</extra>",
            }
        )
    return {"data": data, "layout": layout(y_title, hlines)}


def bar_chart(labels: list[str], values: list[float], y_title: str, hlines=(), colors=None) -> dict[str, Any]:
    data = [{"type": "bar", "x": labels, "y": values, "marker": {"color": colors or PALETTE[0]}}]
    return {"data": data, "layout": layout(y_title, hlines, showlegend=False)}


def layout(y_title: str, hlines=(), showlegend: bool = True) -> dict[str, Any]:
    """The shared look of every chart: y title, dotted horizontal reference lines, legend below."""
    shapes = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": y,
            "y1": y,
            "line": {"color": "#888", "width": 1, "dash": "dot"},
        }
        for y, _ in hlines
    ]
    notes = [
        {"xref": "paper", "x": 1, "y": y, "text": label, "showarrow": False, "xanchor": "right", "yanchor": "bottom"}
        for y, label in hlines
    ]
    return {
        "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero"},
        "xaxis": {"tickformat": "d"},
        "legend": {"orientation": "h", "y": -0.15},
        "showlegend": showlegend,
        "shapes": shapes,
        "annotations": notes,
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "height": 360,
    }
