"""A backtest in the long format.

Long format: ``source × edition × method × iso3 × indicator × horizon`` (:data:`BACKTEST_INDEX`)
with ``value``, ``unit`` and ``is_hindcast`` (always true). Scores pooled over allies and origins
have ``iso3`` "pooled"; the Wales case study adds one row per ally (``method`` = its policy,
``horizon`` 10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
