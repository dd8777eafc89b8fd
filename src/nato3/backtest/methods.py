"""Forecasting methods that need no knowledge of the future, as projection-kernel inputs.

From an origin ``t0`` with latest share ``b0``, each method gives a path for ``h = 0 … H`` years
ahead, using only the series up to ``t0`` (:meth:`History.until`):

* ``constant_share``: ``b0`` (what the ``current-trend`` scenario does);
* ``linear_trend``: ``b0 + s·h``, ``s`` the least-squares slope of the share over the past
  ``lookback`` years (``t0 − lookback … t0``, every year present), floored at 0;
* ``real_growth``: real spending grows at its mean compound rate ``r_s`` over the past
  ``lookback`` years and GDP at its own ``r_g``, so the share is ``b0·(1+r_s)^h / (1+r_g)^h``.

The first two are share policies and the third a spending policy of the projection kernel
(:mod:`nato3.projection.kernel`), which computes the paths. Allies without the history a method
needs at an origin get no forecast from it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nato3.backtest.history import History
    from nato3.projection.kernel import Kernel

METHODS = ("constant_share", "linear_trend", "real_growth")
DESCRIPTIONS = {
    "constant_share": "the latest share, held",
    "linear_trend": "the latest share plus the least-squares trend of the past {k} years",
    "real_growth": "real spending and GDP each at their mean compound growth of the past {k} years",
}
DEFAULT_LOOKBACK = 5


@dataclass(frozen=True, eq=False)
class MethodPaths:
    """One method's kernel rows at one origin."""

    method: str
    rows: np.ndarray  # ally indices in the history
    P: np.ndarray  # (rows, H + 1): share path, or spending index × b0 for real_growth
    ratio: bool  # a spending policy: the share moves with GDP


def mean_growth(values: np.ndarray, lookback: int) -> np.ndarray:
    """Mean compound growth factor ``(x_t0 / x_{t0−k}) ** (1/k)`` per row; NaN where either end
    is missing or not positive, or the series is shorter than ``lookback`` + 1 years."""
    if values.shape[1] <= lookback:
        return np.full(values.shape[0], np.nan)
    first, last = values[:, -1 - lookback], values[:, -1]
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = (first > 0) & (last > 0)
        return np.where(ok, (last / np.where(ok, first, 1.0)) ** (1.0 / lookback), np.nan)


def trend_slope(share: np.ndarray, lookback: int) -> np.ndarray:
    """Least-squares slope (pp a year) of each row's last ``lookback`` + 1 shares; NaN if any is
    missing or the series is too short."""
    if share.shape[1] <= lookback:
        return np.full(share.shape[0], np.nan)
    window = share[:, -1 - lookback :]
    x = np.arange(lookback + 1, dtype=float)
    x -= x.mean()
    with np.errstate(invalid="ignore"):
        centred = window - window.mean(axis=1, keepdims=True)
    return (centred * x).sum(axis=1) / (x * x).sum()  # NaN propagates from any missing year


def method_paths(past: History, horizon: int, lookback: int = DEFAULT_LOOKBACK) -> list[MethodPaths]:
    """Every method's rows at origin ``past.last_year``, ``horizon`` years ahead."""
    b0 = past.share[:, -1]
    h = np.arange(horizon + 1, dtype=float)
    has = ~np.isnan(b0)
    out = [MethodPaths("constant_share", np.flatnonzero(has), np.repeat(b0[has, None], horizon + 1, axis=1), False)]
    slope = trend_slope(past.share, lookback)
    rows = np.flatnonzero(has & ~np.isnan(slope))
    out.append(MethodPaths("linear_trend", rows, np.maximum(b0[rows, None] + slope[rows, None] * h, 0.0), False))
    if past.spending is not None:
        spend = mean_growth(past.spending, lookback)
        gdp = mean_growth(past.gdp, lookback)
        rows = np.flatnonzero(has & ~np.isnan(spend) & ~np.isnan(gdp))
        out.append(MethodPaths("real_growth", rows, b0[rows, None] * spend[rows, None] ** h, True))
    return out


def gdp_growth_factors(past: History, lookback: int = DEFAULT_LOOKBACK) -> np.ndarray:
    """Each ally's expected GDP growth factor: its past mean, or 1 (no growth) without GDP data."""
    if past.gdp is None:
        return np.ones(len(past.iso3))
    factors = mean_growth(past.gdp, lookback)
    return np.where(np.isnan(factors), 1.0, factors)


def kernel_for(past: History, paths: list[MethodPaths], horizon: int, growth: np.ndarray) -> Kernel:
    """A projection kernel whose rows are every method's allies at the origin (no aggregates).

    GDP grows from the origin at ``growth`` (per ally); years after the origin are projected.
    No money figure is read from it, so its GDP level is 1 and its target (for gaps) 0.
    """
    from nato3.projection.kernel import Kernel

    rows = np.concatenate([p.rows for p in paths]) if paths else np.zeros(0, dtype=int)
    P = np.concatenate([p.P for p in paths]) if paths else np.zeros((0, horizon + 1))
    ratio = np.concatenate([np.full(len(p.rows), p.ratio) for p in paths]) if paths else np.zeros(0, dtype=bool)
    years = np.arange(past.last_year, past.last_year + horizon + 1)
    n = len(rows)
    return Kernel(
        iso3=tuple(past.iso3[i] for i in rows),
        years=years,
        offset=0,
        onep_mu=np.repeat(growth[rows, None], horizon, axis=1),
        P=P,
        ratio_idx=np.flatnonzero(ratio),
        g0_index=np.zeros(int(ratio.sum()), dtype=int),
        gdp_anchor=np.ones(n),
        members=np.zeros((0, n, horizon + 1), dtype=bool),
        projected=np.repeat((years > past.last_year)[None, :], n, axis=0),
        target=0.0,
    )
