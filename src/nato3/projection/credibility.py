"""Credible-path scoring: each ally's projected path against the straight line to the target.

The Hague declaration asks for "a credible, incremental path". The reference is the linear path
from the ally's latest NATO share ``b0`` (year ``t0``) to the target ``τ`` at the horizon ``T``:
``L_t = b0 + (τ − b0)(t − t0)/(T − t0)``. Comparing the scenario's path ``p_t`` with it:

* **on the path**: within ±0.05 percentage points of the line in every projected year;
* **front-loaded**: never more than 0.05 pp below the line, and above it somewhere;
* **back-loaded**: reaches the target by the horizon but falls more than 0.05 pp below the line;
* **misses target**: below the target at the horizon;
* **at target**: already at or above the target and stays there (**falls below target** if not).

The largest shortfall is ``max(L_t − p_t)`` (against ``τ`` for allies already at target) and
the year it occurs. 0.05 pp is about the rounding of NATO's published two-decimal shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TOLERANCE_PP = 0.05
CATEGORIES = ("at target", "falls below target", "front-loaded", "on the path", "back-loaded", "misses target")


def score(iso3, b0, t0, years, paths, target: float, horizon: int) -> pd.DataFrame:
    """One row per ally with a share: category, largest shortfall (pp) and its year, largest lead.

    Args:
        iso3, b0, t0: per-ally code, latest share and its year (allies with NaN ``b0`` are skipped).
        years: the projection years; ``paths``: ``(allies, years)`` projected shares.
    """
    rows = []
    for i, code in enumerate(iso3):
        if np.isnan(b0[i]):
            continue
        window = (years > t0[i]) & (years <= horizon)
        t, p = years[window], paths[i][window]
        if b0[i] >= target:
            reference = np.full(len(t), target)
        else:
            reference = b0[i] + (target - b0[i]) * (t - t0[i]) / (horizon - t0[i])
        below, above = reference - p, p - reference
        worst = int(np.argmax(below)) if len(t) else 0
        shortfall = float(max(below[worst], 0.0)) if len(t) else 0.0
        lead = float(max(above.max(), 0.0)) if len(t) else 0.0
        final = p[-1] if len(t) else b0[i]
        if b0[i] >= target:
            category = "at target" if shortfall <= TOLERANCE_PP else "falls below target"
        elif final < target - TOLERANCE_PP:
            category = "misses target"
        elif shortfall <= TOLERANCE_PP:
            category = "on the path" if lead <= TOLERANCE_PP else "front-loaded"
        else:
            category = "back-loaded"
        rows.append(
            {
                "iso3": code,
                "category": category,
                "largest_shortfall_pp": round(shortfall, 6),
                "shortfall_year": int(t[worst]) if shortfall > 0 else None,
                "largest_lead_pp": round(lead, 6),
                "reference": f"straight line from {b0[i]:.2f} % ({t0[i]}) to {target:g} % in {horizon}",
            }
        )
    out = pd.DataFrame(
        rows, columns=["iso3", "category", "largest_shortfall_pp", "shortfall_year", "largest_lead_pp", "reference"]
    )
    out["shortfall_year"] = out["shortfall_year"].astype("Int64")
    return out
