"""Paths to 2035: every ally's projected share of GDP under one scenario, the year it reaches the
target, the money gap by year, the Monte Carlo odds of reaching the target by the horizon, the
credible-path verdicts and, for announced plans, which allies fell back and which announcements
were not used.

Everything comes from :func:`nato3.projection.project`, run once per build by the context
(:attr:`~nato3.report.context.ReportContext.projection`): the default scenario or
``--scenario NAME|FILE``, with a fixed number of draws and the scenario's own seed. Every figure
is a projection, not data, and the section says so, along with the two editions it draws on.
"""

from __future__ import annotations

from typing import Any

from nato3.report.charts import drawn_chart
from nato3.report.context import DEFAULT_SCENARIO, ReportContext
from nato3.report.format import pct, plain, probability, threshold
from nato3.report.section import Section, SummaryRow

ID = "paths"
TITLE = "Paths to 2035"
ORDER = 40

ALTERNATIVE = "hague-linear"  # the built-in the text offers beside the default
CHART_SERIES = ["USA", "NATO_EUR_CAN", "NATO_TOTAL"]  # the fan chart: US blue, Europe and Canada orange
EUROPE_CANADA, TOTAL, US = "NATO_EUR_CAN", "NATO_TOTAL", "USA"
MID_YEAR = 2030  # a column between the start and the horizon, when the horizon is after it
UNKNOWN_SCOPE = "unknown"
QUANTILES = (0.05, 0.95)
SUPERSEDED = "superseded by a later announcement for the same year"


def _float(value: Any) -> float | None:
    value = plain(value)
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    value = plain(value)
    return None if value is None else int(value)


def _mc_row(p: Any, code: str) -> dict[str, float | None]:
    """P(at or above the target in the horizon year) and the 5–95 % range there, for ``code``."""
    m = p.montecarlo
    if m is None or code not in m.codes:
        return {"p_reach": None, "low": None, "high": None}
    row = m.codes.index(code)
    low, high = QUANTILES
    return {
        "p_reach": float(m.p_reach_by[row, -1]),
        "low": float(m.quantiles[low][row, -1]),
        "high": float(m.quantiles[high][row, -1]),
    }


def _unknown_scope(p: Any) -> set[str]:
    """Projected allies whose path uses an announcement whose source does not say which
    definition it measures."""
    base = p.setup.base
    projected = {c for c, has in zip(base.iso3, base.has_share, strict=True) if has}
    rows = p.setup.compiled.announced_rows or []
    return {r.iso3 for r in rows if r.used and r.scope == UNKNOWN_SCOPE and r.iso3 in projected}


def _reason(text: str) -> str:
    """A reason a row was not used, as a clause: "money only (no share of GDP)"."""
    if text.startswith("superseded"):
        return SUPERSEDED
    text = text.removesuffix("; not used")
    return text.split(": ", 1)[1] if text.startswith("scope ") and ": " in text else text


def _allies(p: Any, mid: int | None) -> list[dict[str, Any]]:
    """One row per ally with NATO figures, in the order of the projection's summary."""
    from nato3.projection.engine import GAP, SHARE

    shares = p.allies.pivot(index="iso3", columns="year", values=SHARE)
    gaps = p.allies.pivot(index="iso3", columns="year", values=GAP)
    unknown = _unknown_scope(p)
    horizon, target = p.horizon, p.target_pct
    rows = []
    for r in p.summary.to_dict("records"):
        start = _float(r["base_share_pct"])
        if start is None:
            continue
        code = r["iso3"]
        reach = _int(r["year_reaching_target"])
        rows.append(
            {
                "iso3": code,
                "name": r["country"],
                "start": start,
                "start_year": _int(r["base_share_year"]),
                "start_estimate": bool(plain(r["base_is_estimate"])),
                "mid": _float(shares.loc[code, mid]) if mid is not None else None,
                "end": _float(shares.loc[code, horizon]),
                "reach_year": reach,
                "already": start >= target,
                "at_target_end": _float(shares.loc[code, horizon]) >= target,
                "gap_end": _float(gaps.loc[code, horizon]),
                "verdict": r["credibility"],
                "shortfall": _float(r["largest_shortfall_pp"]),
                "shortfall_year": _int(r["shortfall_year"]),
                "policy": r["policy"],
                "fell_back": bool(r["fell_back"]),
                "unknown_scope": code in unknown,
                **_mc_row(p, code),
            }
        )
    return rows


def _aggregates(p: Any, mid: int | None) -> list[dict[str, Any]]:
    from nato3.projection.engine import GAP, SHARE

    out = []
    for code in (EUROPE_CANADA, TOTAL):
        rows = p.aggregates[p.aggregates["iso3"] == code].set_index("year")
        out.append(
            {
                "iso3": code,
                "name": rows["name"].iloc[0],
                "start": _float(rows.loc[p.setup.resolved.base_year, SHARE]),
                "mid": _float(rows.loc[mid, SHARE]) if mid is not None else None,
                "end": _float(rows.loc[p.horizon, SHARE]),
                "gap_end": _float(rows.loc[p.horizon, GAP]),
                **_mc_row(p, code),
            }
        )
    return out


def gap_by_year(p: Any) -> list[dict[str, Any]]:
    """The money gap each year (million US$ at the GDP edition's prices): NATO Europe and Canada
    and NATO Total as aggregates (allies above the target offset those below), the shortfall of
    the European allies and Canada below the target alone, and the United States."""
    from nato3.projection.engine import GAP

    agg = p.aggregates.pivot(index="year", columns="iso3", values=GAP)
    allies = p.allies.dropna(subset=[GAP])
    europe = allies[(allies["iso3"] != US) & (allies[GAP] > 0)].groupby("year")[GAP].sum()
    us = allies[allies["iso3"] == US].set_index("year")[GAP]
    m = p.montecarlo
    expected = m.expected_gap[m.codes.index(EUROPE_CANADA)] if m is not None else None
    return [
        {
            "year": int(year),
            "europe_canada": _float(agg.loc[year, EUROPE_CANADA]),
            "europe_canada_below": float(europe.get(year, 0.0)),
            "united_states": _float(us.get(year)),
            "total": _float(agg.loc[year, TOTAL]),
            "expected_europe_canada": float(expected[k]) if expected is not None else None,
        }
        for k, year in enumerate(p.setup.compiled.years)
    ]


def _verdicts(allies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from nato3.projection.credibility import CATEGORIES

    out = []
    for category in CATEGORIES:
        names = [a["name"] for a in allies if a["verdict"] == category]
        if names:
            out.append({"category": category, "count": len(names), "names": names})
    return out


def _announced(p: Any, names: dict[str, str]) -> dict[str, Any] | None:
    """Announcements used and not used, by reason (announced plans only)."""
    rows = p.setup.compiled.announced_rows
    if rows is None:
        return None
    unused: dict[str, list[str]] = {}
    for r in rows:
        if not r.used:
            reason = _reason(r.reason)
            unused.setdefault(reason, [])
            name = names.get(r.iso3, r.iso3)
            if name not in unused[reason]:
                unused[reason].append(name)
    return {
        "used": sum(r.used for r in rows),
        "rows": len(rows),
        "unknown_scope": sorted(names.get(c, c) for c in _unknown_scope(p)),
        "unused": [{"reason": reason, "allies": allies} for reason, allies in sorted(unused.items())],
    }


def reaching(p: Any) -> dict[str, Any]:
    """Allies at or above the target in the horizon year (deterministic path), of those projected."""
    allies = _allies(p, None)
    at = [a for a in allies if a["at_target_end"]]
    return {"count": len(at), "of": len(allies), "names": [a["name"] for a in at], "iso3": [a["iso3"] for a in at]}


def scenario_info(ctx: ReportContext, p: Any) -> dict[str, Any]:
    from nato3.projection.builtin import builtin_scenarios

    r = p.setup.resolved
    builtin = r.path in {str(path) for path in builtin_scenarios().values()}
    return {
        "name": r.name,
        "description": " ".join(r.scenario.description.split()),
        "file": None if builtin else r.path,
        "builtin": builtin,
        "is_default": ctx.scenario is None,
    }


def _chart(p: Any, target_text: str) -> Any:
    from nato3.projection.charts import fan_chart

    eur = next(a for a in _aggregates(p, None) if a["iso3"] == EUROPE_CANADA)
    band = ""
    if eur["low"] is not None:
        band = f" (5–95 % of draws: {pct(eur['low'])} to {pct(eur['high'])})"
    alt = (
        f"Fan chart of defence spending as a share of GDP from {p.setup.resolved.base_year} to {p.horizon} under "
        f"the scenario {p.name}, a projection: the United States, NATO Europe and Canada and NATO Total with "
        f"Monte Carlo bands, every other ally in grey, and the target of {target_text}. NATO Europe and Canada "
        f"goes from {pct(eur['start'])} to {pct(eur['end'])} in {p.horizon}{band}."
    )
    caption = (
        f"Projection, not data: paths to {p.horizon} under the scenario {p.name}. Solid lines: the scenario's "
        "path; shaded: 5–95 % of the Monte Carlo draws; dotted: their median; dashed: the target."
    )
    base = p.setup.base
    source = (
        f"a projection by nato3 from NATO's shares of GDP ({base.edition.describe()}) and GDP "
        f"({base.gdp_edition.describe()})"
    )
    if p.montecarlo is not None:
        m = p.montecarlo.params
        source += f"; bands from {m.draws:,} Monte Carlo draws (seed {m.seed})"
    return drawn_chart(lambda path: fan_chart(p, path, CHART_SERIES), "chart-paths-fan", alt, caption, source)


def build(ctx: ReportContext) -> Section:
    from nato3.projection.builtin import describe_builtins
    from nato3.projection.credibility import TOLERANCE_PP
    from nato3.projection.result import METHOD

    p = ctx.projection
    s, base, r = p.setup, p.setup.base, p.setup.resolved
    mid = MID_YEAR if r.base_year < MID_YEAR < p.horizon else None
    allies = _allies(p, mid)
    names = dict(zip(p.summary["iso3"], p.summary["country"], strict=True))
    target_text = threshold(p.target_pct)
    m = p.montecarlo.params if p.montecarlo is not None else None
    scenario = scenario_info(ctx, p)
    reach = reaching(p)
    aggregates = _aggregates(p, mid)
    values = {
        "scenario": scenario,
        "default_scenario": DEFAULT_SCENARIO,
        "alternative": next((b for b in describe_builtins() if b["name"] == ALTERNATIVE), None),
        "target_pct": p.target_pct,
        "target_text": target_text,
        "target_label": r.target_label,
        "base_year": r.base_year,
        "horizon": p.horizon,
        "mid": mid,
        "report_year": ctx.year,
        "shares_edition": base.edition.describe(),
        "shares_label": base.edition.label,
        "gdp_edition": base.gdp_edition.describe(),
        "gdp_label": base.gdp_edition.label,
        "gdp_anchor": base.anchor_year,
        "two_editions": base.edition.label != base.gdp_edition.label,
        "money_unit": s.money_unit,
        "price_base_year": base.gdp_edition.price_base_year,
        "mc": m,
        "quantiles": [round(100 * q) for q in QUANTILES],
        "tolerance_pp": TOLERANCE_PP,
        "allies": allies,
        "aggregates": aggregates,
        "not_projected": [names[c] for c, has in zip(base.iso3, base.has_share, strict=True) if not has],
        "reaching": reach,
        "gaps": gap_by_year(p),
        "verdicts": _verdicts(allies),
        "fell_back": [names.get(c, c) for c in s.compiled.fell_back],
        "announced": _announced(p, names),
        "method": METHOD,
    }
    eur = next(a for a in aggregates if a["iso3"] == EUROPE_CANADA)
    note = f"projection, scenario {p.name}"
    summary = [
        SummaryRow(f"Europe and Canada in {p.horizon}", pct(eur["end"]), note),
    ]
    if eur["p_reach"] is not None:
        summary.append(
            SummaryRow(f"P(Europe and Canada at {target_text} in {p.horizon})", probability(eur["p_reach"]), note)
        )
    sources = sorted({d["table"] for d in p.sources()})
    return Section(
        id=ID,
        title=TITLE,
        values=values,
        charts={"fan": _chart(p, target_text)},
        sources=sources,
        summary=summary,
    )
