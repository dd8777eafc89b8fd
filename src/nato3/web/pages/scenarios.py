"""Scenario builder: a form (no JSON to write) → the projection document of the scenario it
describes: every ally's path to the horizon, who reaches the target, when, with what
probability and gap, and Europe and Canada against the United States in money, with a fan chart
for one ally or aggregate drawn from the document's tables. Projection, not data: the page says
so, with the editions used."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from nato3.web import projection_data, queries
from nato3.web import scenario_form as sf
from nato3.web.documents import document
from nato3.web.errors import NotFoundError, ParameterError
from nato3.web.pages.common import PALETTE, layout, render

router = APIRouter()
NAV = ("Scenario builder", "/scenarios")
SAVED_ID = 32
SAVED_SHOWN = 50
SHARE = "defence_share_gdp_pct"


def text(description: str):
    """A text field of the form (a new Query each time: FastAPI must not share one between parameters)."""
    return Query(None, max_length=40, description=description)


def rows(description: str):
    return Query(None, max_length=sf.MAX_OVERRIDES, description=description)


def _series(frame, code: str, *columns: str) -> dict[str, list]:
    """Year and ``columns`` of ``code``'s rows of a document table (missing values stay None)."""
    from nato3.plain import plain_records

    records = plain_records(frame[frame["iso3"] == code], ["year", *columns])
    return {c: [r[c] for r in records] for c in ["year", *columns]}


def fan_chart(doc, code: str) -> dict[str, Any]:
    """Published shares (``paths_history``), the scenario's path and, with draws, the 5–95 % band
    and median (``paths``) of ``code``: the document's own figures."""
    settings = doc.tables["paths_settings"].records()[0]
    seen = _series(doc.tables["paths_history"].frame, code, SHARE)
    path = _series(doc.tables["paths"].frame, code, SHARE, "share_p05", "share_p50", "share_p95")
    data: list[dict[str, Any]] = []
    if seen["year"]:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": f"published (NATO {settings['edition']} ed.)",
                "x": seen["year"],
                "y": seen[SHARE],
                "line": {"color": "#7f7f7f"},
                "marker": {"size": 5},
            }
        )
    if any(v is not None for v in path["share_p05"]):
        band = {"type": "scatter", "mode": "lines", "x": path["year"], "line": {"width": 0, "color": PALETTE[0]}}
        data.append({**band, "y": path["share_p95"], "name": "95th percentile", "showlegend": False})
        data.append(
            {
                **band,
                "y": path["share_p05"],
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
                "x": path["year"],
                "y": path["share_p50"],
                "line": {"color": PALETTE[0], "dash": "dot"},
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "projection: scenario path",
            "x": path["year"],
            "y": path[SHARE],
            "line": {"color": PALETTE[1]},
            "marker": {"size": 4},
        }
    )
    target = settings["target_pct"]
    return {"data": data, "layout": layout("% of GDP", hlines=[(target, f"target {target:g} %")])}


def series_names(doc) -> dict[str, str]:
    """The chart's choices: NATO's aggregates, the groups, then the allies, as the paths table names them."""
    frame = doc.tables["paths"].frame
    order = {"aggregate": 0, "group": 1, "ally": 2}
    pairs = frame[["iso3", "country", "kind"]].drop_duplicates("iso3")
    pairs = pairs.assign(_order=pairs["kind"].map(order)).sort_values(["_order", "country"], kind="stable")
    return dict(zip(pairs["iso3"], pairs["country"], strict=True))


def _start(form: sf.Form, request: Request) -> tuple[dict[str, Any], str]:
    """The starting scenario's document and name: a built-in, or a saved scenario by id."""
    from nato3.projection.builtin import builtin_scenarios

    builtins = builtin_scenarios()
    if form.start in builtins:
        return projection_data.builtin_document(form.start), form.start
    if len(form.start) == SAVED_ID:
        try:
            item = request.app.state.scenarios.get(form.start)
        except (NotFoundError, ParameterError):
            raise ParameterError("start", f"no saved scenario {form.start!r}") from None
        return item.get("spec") or {}, f"saved-{form.start[:8]}"
    allowed = ", ".join(builtins)
    raise ParameterError("start", f"unknown scenario {form.start!r}; allowed: {allowed} or a saved scenario's id")


def read_form(request: Request, raw: dict[str, Any], known: list[str]) -> sf.Form:
    limits = request.app.state.settings.limits
    pledges = [p["pledge_id"] for p in queries.pledges() if p["metric"] == SHARE]
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
        gdp_growth_sd=sf.number(raw["gdp_growth_sd"], "gdp_growth_sd", 0, 20),
        correlation=sf.number(raw["correlation"], "correlation", 0, 1),
        execution_sd=sf.number(raw["execution_sd"], "execution_sd", 0, 50),
        series=(raw["series"] or "NATO_EUR_CAN").strip(),
    )


def run(request: Request, form: sf.Form) -> dict[str, Any]:
    """Build, check and run the scenario; the page's result context."""
    limits = request.app.state.settings.limits
    start, start_name = _start(form, request)
    scenario = sf.document(form, start, start_name)
    resolved = projection_data.check(scenario, limits, field="scenario")
    draws, seed = projection_data.effective(resolved.scenario, None, None)
    given = projection_data.scenario_json(resolved.scenario)
    doc = projection_data.run(
        resolved, given, draws, seed, request.app.state.projection_slots, limits.projection_wait_s
    )
    names = series_names(doc)
    if form.series not in names:
        raise ParameterError("series", f"unknown series {form.series!r}; allowed: {', '.join(names)}")
    settings = doc.tables["paths_settings"].records()[0]
    return {
        "doc": doc,
        "settings": settings,
        "summary": doc.tables["paths_summary"].records()[0],
        "series_names": names,
        "chart": fan_chart(doc, form.series),
        "scenario_doc": json.loads(settings["scenario_json"]),
        "scenario_text": json.dumps(json.loads(settings["scenario_json"]), indent=1, ensure_ascii=False),
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
    gdp_growth_sd: str | None = text("Sd of annual real GDP growth, percentage points (empty: fitted)."),
    correlation: str | None = text("Correlation of allies' growth shocks, 0 to 1 (empty: fitted)."),
    execution_sd: str | None = text("Sd of budget execution, % of planned spending a year (empty: fitted)."),
    series: str | None = text("The chart's ally or aggregate."),
):
    """The scenario builder: the form, and the projection document it describes (or what was wrong)."""
    raw = dict(locals())
    raw.pop("request")
    allies = sorted(queries.allies(), key=lambda a: a["name"])
    context: dict[str, Any] = {
        "builtins": document("scenarios"),
        "saved": request.app.state.scenarios.list()[:SAVED_SHOWN],
        "allies": allies,
        "pledges": [p for p in queries.pledges() if p["metric"] == SHARE],
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
    return render(request, "scenarios.html", context, status_code=status)
