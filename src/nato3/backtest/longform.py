"""A backtest as the long format and as one JSON document (what `nato3 backtest` prints).

Long format: ``source × edition × method × iso3 × indicator × horizon`` (:data:`BACKTEST_INDEX`)
with ``value``, ``unit`` and ``is_hindcast`` (always true). Scores pooled over allies and origins
have ``iso3`` "pooled"; the Wales case study adds one row per ally (``method`` = its policy,
``horizon`` 10).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import pandas as pd

from nato3.longformat import BACKTEST_INDEX

if TYPE_CHECKING:
    from nato3.backtest.run import Backtest

POOLED = "pooled"
UNITS = {
    "forecasts": "count",
    "mae_pp": "percentage points of GDP",
    "bias_pp": "percentage points of GDP (forecast − outcome)",
    "coverage_50": "share of outcomes inside the band",
    "coverage_80": "share of outcomes inside the band",
    "coverage_95": "share of outcomes inside the band",
    "brier": "Brier score (0 best)",
    "brier_climatology": "Brier score (0 best)",
    "p_reach_2024": "probability",
    "share_2014_pct": "% of GDP",
    "share_2024_pct": "% of GDP",
}


def _melt(frame: pd.DataFrame, indicators: dict[str, str], suffix: str = "") -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[*BACKTEST_INDEX, "value", "unit"])
    keys = [c for c in ("source", "edition", "method", "iso3", "horizon") if c in frame]
    long = frame.melt(id_vars=keys, value_vars=list(indicators), var_name="indicator")
    long["unit"] = long["indicator"].map(indicators)
    long["indicator"] = long["indicator"] + suffix
    if "iso3" not in long:
        long["iso3"] = POOLED
    return long


def scores_long(b: Backtest) -> pd.DataFrame:
    frames = [
        _melt(b.errors, {k: UNITS[k] for k in ("forecasts", "mae_pp", "bias_pp")}),
        _melt(b.coverage, {k: UNITS[k] for k in ("coverage_50", "coverage_80", "coverage_95")}),
    ]
    for threshold, part in b.brier.groupby("threshold_pct") if not b.brier.empty else []:
        frames.append(_melt(part, {k: UNITS[k] for k in ("brier", "brier_climatology")}, f"_at_{threshold:g}pct"))
    if b.wales is not None:
        w = b.wales.rename(columns={"policy": "method"}).assign(source="nato", horizon=10)
        w["reached"] = w["reached"].astype(float)
        frames.append(
            _melt(
                w, {"share_2014_pct": "% of GDP", "p_reach_2024": "probability", "reached": "1 if at or above 2 %"}
            ).assign(indicator=lambda d: "wales_" + d["indicator"])
        )
    out = pd.concat([f for f in frames if len(f)], ignore_index=True)
    out["horizon"] = out["horizon"].astype(int)
    out["value"] = out["value"].astype(float)
    out["is_hindcast"] = True
    return out[[*BACKTEST_INDEX, "value", "unit", "is_hindcast"]]


def records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Rows as plain JSON values (NaN → null)."""
    if frame is None or frame.empty:
        return []
    return json.loads(frame.to_json(orient="records", double_precision=10))


def backtest_json(b: Backtest) -> dict[str, Any]:
    from nato3.backtest.run import METHOD_NOTE
    from nato3.backtest.wales import wales_summary

    params = None
    if b.params is not None:
        params = asdict(b.params)
    doc: dict[str, Any] = {
        "source": b.source,
        "is_hindcast": True,
        "method": METHOD_NOTE,
        "monte_carlo": params,
        "settings": b.settings,
        "series": [
            {
                "label": h.history.label,
                "source": h.history.source,
                "edition": h.history.edition,
                "origins": [h.origins[0], h.origins[-1]] if h.origins else [],
                "horizons": list(h.horizons),
                "lookback_years": h.lookback,
                "gdp": h.history.gdp_note,
            }
            for h in b.hindcasts
        ],
        "errors": records(b.errors),
        "coverage": records(b.coverage),
        "coverage_overall": records(b.coverage_overall),
        "coverage_by_ally": records(b.coverage_by_ally),
        "brier": records(b.brier),
        "brier_overall": records(b.brier_overall),
        "reliability": records(b.reliability),
        "wales": None,
        "fit": None,
        "notes": b.notes(),
        "sources": b.sources(),
    }
    if b.wales is not None:
        doc["wales"] = {"allies": records(b.wales), "summary": records(wales_summary(b.wales))}
    if b.fit is not None:
        doc["fit"] = {
            "label": b.fit.label,
            "written_to": str(b.fit.path) if b.fit.path else None,
            "values": records(b.fit.table),
            "coverage": records(b.fit.coverage),
            "holdout": b.fit.holdout,
        }
    return doc
