"""A projection as one JSON document (``nato3 project --format json``, and the web API).

Top level: ``scenario``, ``target_pct``, ``horizon``, ``is_projection`` and ``method``, the
editions of both inputs, ``allies`` (each with ``iso3``, ``year_reaching_target``, and by year
``share_gdp_pct``, ``gap_musd``, ``spending_musd``, ``gdp_musd``; with Monte Carlo also
``p_reach_by_horizon``, ``p_reach_by`` (at or above the target in that year), ``p_ever_by`` (in
at least one year so far), ``share_quantiles`` and ``expected_gap_musd``),
``aggregates``, ``notes`` and ``sources``. Year keys are strings, as JSON requires.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from nato3.projection.engine import GAP, GDP, SHARE, SPENDING
from nato3.projection.result import METHOD

if TYPE_CHECKING:
    from nato3.projection.result import Projection


def _num(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _by_year(years, values) -> dict[str, float | None]:
    return {str(int(y)): _num(v) for y, v in zip(years, values, strict=True)}


def _series(frame, code_column: str, code: str) -> dict[str, dict]:
    rows = frame[frame[code_column] == code]
    years = rows["year"].tolist()
    return {
        "share_gdp_pct": _by_year(years, rows[SHARE]),
        "gap_musd": _by_year(years, rows[GAP]),
        "spending_musd": _by_year(years, rows[SPENDING]),
        "gdp_musd": _by_year(years, rows[GDP]),
    }


def _mc_fields(p: Projection, row: int) -> dict[str, Any]:
    m = p.montecarlo
    years = m.years
    return {
        "p_reach_by_horizon": _num(m.p_reach_by[row, -1]),
        "p_reach_by": _by_year(years, m.p_reach_by[row]),
        "p_ever_by": _by_year(years, m.p_ever_by[row]),
        "share_quantiles": {
            "p05": _by_year(years, m.quantiles[0.05][row]),
            "p50": _by_year(years, m.quantiles[0.5][row]),
            "p95": _by_year(years, m.quantiles[0.95][row]),
        },
        "expected_gap_musd": _by_year(years, m.expected_gap[row]),
    }


def projection_json(p: Projection) -> dict[str, Any]:
    s, base, r = p.setup, p.setup.base, p.setup.resolved
    cred = p.credibility.set_index("iso3")
    allies = []
    for i, row in enumerate(p.summary.to_dict("records")):
        iso3 = row["iso3"]
        item = {
            "iso3": iso3,
            "country": row["country"],
            "has_nato_figures": bool(base.has_share[i]),
            "base_share_pct": _num(row["base_share_pct"]),
            "base_share_year": _int(row["base_share_year"]),
            "base_is_estimate": row["base_is_estimate"],
            "policy": row["policy"],
            "policy_kind": s.compiled.kinds[i],
            "gdp_growth_pct": row["gdp_growth_pct"],
            "gdp_growth_method": s.growth_notes[i],
            "year_reaching_target": _int(row["year_reaching_target"]),
            **_series(p.allies, "iso3", iso3),
            "credibility": None,
            "fell_back": row["fell_back"],
            "announcement": row["announcement"] if isinstance(row["announcement"], str) else None,
        }
        if iso3 in cred.index:
            c = cred.loc[iso3]
            item["credibility"] = {
                "category": c["category"],
                "largest_shortfall_pp": _num(c["largest_shortfall_pp"]),
                "shortfall_year": _int(c["shortfall_year"]),
                "largest_lead_pp": _num(c["largest_lead_pp"]),
                "reference": c["reference"],
            }
        if iso3 in s.compiled.plan_points:
            item["plan_points"] = {str(y): v for y, v in s.compiled.plan_points[iso3].items()}
        if p.montecarlo is not None and base.has_share[i]:
            item.update(_mc_fields(p, i))
        allies.append(item)
    aggregates = []
    for code in p.aggregates["iso3"].unique():
        name = p.aggregates.loc[p.aggregates["iso3"] == code, "name"].iloc[0]
        item = {"iso3": code, "name": name, **_series(p.aggregates, "iso3", code)}
        if p.montecarlo is not None and code in p.montecarlo.codes:
            item.update(_mc_fields(p, p.montecarlo.codes.index(code)))
        aggregates.append(item)
    doc = {
        "scenario": r.name,
        "description": " ".join(r.scenario.description.split()),
        "file": r.path,
        "is_projection": True,
        "method": METHOD,
        "target": r.target_label,
        "target_pct": r.target_pct,
        "base_year": r.base_year,
        "horizon": r.horizon,
        "years": [int(y) for y in s.compiled.years],
        "editions": {
            "shares": {"edition": base.edition.label, "description": base.edition.describe()},
            "gdp": {"edition": base.gdp_edition.label, "description": base.gdp_edition.describe()},
            "money": s.money_edition,
        },
        "units": {"share_gdp_pct": "% of GDP", "gap_musd": s.money_unit, "spending_musd": s.money_unit},
        "monte_carlo": asdict(p.montecarlo.params) if p.montecarlo is not None else None,
        "allies": allies,
        "aggregates": aggregates,
        "fell_back": list(s.compiled.fell_back),
        "notes": p.notes(),
        "sources": p.sources(),
    }
    if s.compiled.announced_rows is not None:
        doc["announced_rows"] = [row.to_dict() for row in s.compiled.announced_rows]
    return doc
