"""Scenario builder: a form (no JSON to write) → every ally's projected path to the horizon, a fan
chart for one ally or aggregate, and a table of who reaches the target, when, with what
probability and what gap. Projection, not data: the page says so, with the editions used."""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.projection.result import METHOD
from nato3.web import projection_data, queries
from nato3.web import scenario_form as sf
from nato3.web.errors import NotFoundError, ParameterError
from nato3.web.pages.common import PALETTE, layout, render

router = APIRouter()
NAV = ("Scenario builder", "/scenarios")
SAVED_ID = 32
SAVED_SHOWN = 50


def text(description: str):
    """A text field of the form (a new Query each time: FastAPI must not share one between parameters)."""
    return Query(None, max_length=40, description=description)


def rows(description: str):
    return Query(None, max_length=sf.MAX_OVERRIDES, description=description)


def _clean(values) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 4) for v in values]


def observed(code: str, edition: str) -> tuple[list[int], list[float]]:
    """The published shares of ``code`` (an ally, NATO_EUR_CAN or NATO_TOTAL) in ``edition``."""
    if code in queries.aggregate_codes():
        rows = [r for r in queries.aggregates(edition) if r["iso3"] == code]
    elif len(code) == 3:
        rows = queries.spending((code,), None, None, ("nato",), edition)
    else:
        rows = []
    rows = [r for r in rows if r["defence_share_gdp_pct"] is not None]
    return [r["year"] for r in rows], [r["defence_share_gdp_pct"] for r in rows]


def fan_chart(projection, code: str) -> dict[str, Any]:
    """Observed shares, the deterministic path and, with draws, the 5–95 % band and median."""
    years = [int(y) for y in projection.setup.compiled.years]
    path = projection.wide().loc[code, years].tolist()
    edition = projection.setup.base.edition.label
    data: list[dict[str, Any]] = []
    x_seen, y_seen = observed(code, edition)
    if x_seen:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": f"published (NATO {edition} ed.)",
                "x": x_seen,
                "y": y_seen,
                "line": {"color": "#7f7f7f"},
                "marker": {"size": 5},
            }
        )
    mc = projection.montecarlo
    if mc is not None and code in mc.codes:
        row, q = mc.codes.index(code), mc.quantiles
        band = {"type": "scatter", "mode": "lines", "x": years, "line": {"width": 0, "color": PALETTE[0]}}
        data.append({**band, "y": _clean(q[0.95][row]), "name": "95th percentile", "showlegend": False})
        data.append(
            {
                **band,
                "y": _clean(q[0.05][row]),
                "name": "projection: 5–95 % of draws",
                "fill": "tonexty",
                "fillcolor": "rgba(31, 78, 121, 0.18)",
            }
        )
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "projection: median of draws",
                "x": years,
                "y": _clean(q[0.5][row]),
                "line": {"color": PALETTE[0], "dash": "dot"},
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "projection: scenario path",
            "x": years,
            "y": _clean(path),
            "line": {"color": PALETTE[1]},
            "marker": {"size": 4},
        }
    )
    spec = layout("% of GDP", hlines=[(projection.target_pct, f"target {projection.target_pct:g} %")])
    return {"data": data, "layout": spec}


def ally_rows(projection) -> list[dict[str, Any]]:
    from nato3.plain import plain as jsonable

    h = projection.horizon
    rows = []
    for raw in projection.summary.to_dict("records"):
        r = {k: jsonable(v) for k, v in raw.items()}
        gap = r[f"gap_{h}_musd"]
        rows.append(
            {
                **r,
                "has": r["base_share_pct"] is not None,
                "base_share_year": None if r["base_share_year"] is None else int(r["base_share_year"]),
                "share_h": r[f"share_{h}_pct"],
                "gap_bn": None if gap is None else gap / 1000,
                "reach": None if r["year_reaching_target"] is None else int(r["year_reaching_target"]),
                "p": r.get("p_reach_by_horizon"),
            }
        )
    return rows


def aggregate_rows(projection) -> list[dict[str, Any]]:
    from nato3.projection.engine import GAP, SHARE

    at = projection.aggregates[projection.aggregates["year"] == projection.horizon]
    mc = projection.montecarlo
    rows = []
    for r in at.to_dict("records"):
        p = float(mc.p_reach_by[mc.codes.index(r["iso3"]), -1]) if mc is not None and r["iso3"] in mc.codes else None
        rows.append({"iso3": r["iso3"], "name": r["name"], "share_h": r[SHARE], "gap_bn": r[GAP] / 1000, "p": p})
    return rows


def _start(form: sf.Form, request: Request) -> tuple[dict[str, Any], str]:
    """The starting scenario's document and name: a built-in, or a saved scenario by id."""
    if form.start in projection_data.builtins_by_name():
        return projection_data.builtins_by_name()[form.start]["document"], form.start
    if len(form.start) == SAVED_ID:
        try:
            item = request.app.state.scenarios.get(form.start)
        except (NotFoundError, ParameterError):
            raise ParameterError("start", f"no saved scenario {form.start!r}") from None
        return item.get("spec") or {}, f"saved-{form.start[:8]}"
    allowed = ", ".join(projection_data.builtins_by_name())
    raise ParameterError("start", f"unknown scenario {form.start!r}; allowed: {allowed} or a saved scenario's id")


def read_form(request: Request, raw: dict[str, Any], known: list[str]) -> sf.Form:
    limits = request.app.state.settings.limits
    pledges = [p["pledge_id"] for p in queries.pledges() if p["metric"] == "defence_share_gdp_pct"]
    return sf.Form(
        start=(raw["start"] or sf.DEFAULT_START).strip(),
        target=sf.choice(raw["target"], "target", pledges),
        target_pct=sf.number(raw["target_pct"], "target_pct", 0.01, 20),
        horizon=sf.number(raw["horizon"], "horizon", 2000, limits.max_horizon, integer=True),
        policy=sf.choice(raw["policy"], "policy", sf.POLICIES),
        by=sf.number(raw["by"], "by", 2000, 2100, integer=True),
        rate=sf.number(raw["rate"], "rate", -50, 100),
        overrides=sf.parse_overrides(raw["ally"], raw["ally_policy"], raw["ally_value"], known),
        draws=sf.number(raw["draws"], "draws", 0, limits.max_draws, integer=True),
        seed=sf.number(raw["seed"], "seed", 0, 2**63 - 1, integer=True),
        volatility=sf.number(raw["volatility"], "volatility", 0, 20),
        series=(raw["series"] or "NATO_EUR_CAN").strip(),
    )


def _series_names(projection) -> dict[str, str]:
    names = dict(zip(projection.aggregates["iso3"], projection.aggregates["name"], strict=True))
    has = projection.setup.base.has_share
    names |= {c: n for c, n, h in zip(projection.summary["iso3"], projection.summary["country"], has, strict=True) if h}
    return names


def run(request: Request, form: sf.Form) -> dict[str, Any]:
    """Build, check and run the scenario; the page's result context."""
    limits = request.app.state.settings.limits
    start, start_name = _start(form, request)
    doc = sf.document(form, start, start_name)
    resolved = projection_data.check(doc, limits, field="scenario")
    draws, seed = projection_data.effective(resolved.scenario, None, None)
    projection = projection_data.run(
        resolved, draws, seed, request.app.state.projection_slots, limits.projection_wait_s
    )
    names = _series_names(projection)
    if form.series not in names:
        raise ParameterError("series", f"unknown series {form.series!r}; allowed: {', '.join(names)}")
    s = resolved.scenario
    return {
        "projection": projection,
        "series_names": names,
        "chart": fan_chart(projection, form.series),
        "allies_table": ally_rows(projection),
        "aggregates_table": aggregate_rows(projection),
        "document": projection_data.document(s),
        "document_text": json.dumps(projection_data.document(s), indent=1, ensure_ascii=False),
        "resolved": resolved,
        "method": METHOD,
        "draws": draws,
        "seed": seed,
        "values": {
            "target": s.target if isinstance(s.target, str) else "",
            "target_pct": s.target if isinstance(s.target, float) else None,
            "horizon": s.horizon,
            "draws": draws,
            "seed": seed,
            "volatility": s.monte_carlo.gdp_growth_sd,
        },
    }


def override_rows(raw: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The per-ally rows as sent (so a wrong value stays on screen), padded with empty rows."""
    columns = [list(raw.get(k) or []) for k in ("ally", "ally_policy", "ally_value")]
    n = max(len(c) for c in columns)
    sent = [tuple(c[i] if i < len(c) else "" for c in columns) for i in range(n)]
    rows = [r for r in sent if any(v.strip() for v in r)][: sf.MAX_OVERRIDES]
    return rows + [("", "", "")] * max(0, min(sf.MAX_OVERRIDES, max(sf.OVERRIDE_ROWS, len(rows) + 1)) - len(rows))


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(
    request: Request,
    start: str | None = text("A built-in scenario or a saved scenario's id."),
    target: str | None = text("A pledge id measured as a share of GDP."),
    target_pct: str | None = text("A target share of GDP, %; beats the pledge."),
    horizon: str | None = text("Last projected year."),
    policy: str | None = text("Every ally's spending policy."),
    by: str | None = text("Straight line: the year the target is reached."),
    rate: str | None = text("Real growth of spending, % a year."),
    ally: list[str] | None = rows("An ally with its own policy (repeat)."),
    ally_policy: list[str] | None = rows("Its policy (repeat, in the same order)."),
    ally_value: list[str] | None = rows("Its target share or growth rate (repeat, in the same order)."),
    draws: str | None = text("Monte Carlo draws."),
    seed: str | None = text("Random seed."),
    volatility: str | None = text("GDP growth volatility, percentage points."),
    series: str | None = text("The chart's ally or aggregate."),
):
    """The scenario builder: the form, and the projection it describes (or what was wrong)."""
    raw = dict(locals())
    raw.pop("request")
    allies = sorted(queries.allies(), key=lambda a: a["name"])
    context: dict[str, Any] = {
        "builtins": projection_data.builtins(),
        "saved": request.app.state.scenarios.list()[:SAVED_SHOWN],
        "allies": allies,
        "pledges": [p for p in queries.pledges() if p["metric"] == "defence_share_gdp_pct"],
        "policies": sf.POLICIES,
        "limits": request.app.state.settings.limits,
        "raw": raw,
        "error": None,
    }
    status = 200
    try:
        form = read_form(request, raw, [a["iso3"] for a in allies])
        context["form"] = form
        context.update(run(request, form))
    except ParameterError as exc:
        context["error"], status = exc, exc.status
        context.setdefault("form", sf.Form())
    context["override_rows"] = override_rows(raw)
    if "projection" in context:
        context["sources"] = queries.sources(*[s["table"] for s in context["projection"].sources()])
    return render(request, "scenarios.html", context, status_code=status)
