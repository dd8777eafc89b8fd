"""Fit the projection's Monte Carlo settings to hindcast errors.

The engine's noise model (:mod:`nato3.projection.montecarlo`) makes the log share of any path
drift by ``√(gdp_growth_sd² + execution_sd²)`` per √year, and GDP by ``gdp_growth_sd``. So:

* ``gdp_growth_sd``: the spread of GDP forecast errors (GDP at its past mean growth,
  ``log(actual / forecast) / √h``) in the GDP the projection uses: the newest NATO edition with
  constant-price GDP. SIPRI publishes no GDP, and the GDP implied by its spending and share
  mixes in its consumer-price deflator (its spread is half as large again), so it is not used.
  NATO's GDP starts in 2014: a few origins per ally, so one value for the alliance.
* ``correlation``: the mean pairwise correlation of allies' standardised GDP errors from the
  same origin and horizon (pairs with at least :data:`MIN_COMMON` in common); one value.
* ``execution_sd``: what the spread of the share's errors (constant-share hindcasts of the
  backtested series, ``log(outcome / forecast) / √h``) leaves after GDP:
  ``√max(share² − gdp², 0)``. Per ally where the series gives errors from at least
  :data:`MIN_ORIGINS` origins (SIPRI: decades), otherwise the alliance's, pooled over all allies.

Spreads are read from the band the goal is about: the 80th percentile of |standardised error|
over 1.2816 (the normal's), i.e. the sd of a normal band centred on the forecast whose 80 %
interval holds 80 % of the errors, a bias of the forecasts widening it. The 50 % and 95 % bands
then show how far the tails are from normal. Errors of every horizon count (each divided by √h).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nato3.backtest.history import History
from nato3.backtest.methods import DEFAULT_LOOKBACK, mean_growth

MIN_ORIGINS = 20
MIN_COMMON = 10
Z90 = 1.2815515655446004  # the standard normal's 90 % quantile
COLUMNS = ["parameter", "scope", "iso3", "value", "unit", "origins", "errors"]
UNITS = {
    "gdp_growth_sd": "percentage points of annual real GDP growth",
    "execution_sd": "% of planned spending a year, compounding",
    "correlation": "correlation between allies' GDP growth shocks in the same year",
    "share_drift_sd": "% of the share a year (√ of the sum of both variances; diagnostic, not a setting)",
}


@dataclass(eq=False)
class Fit:
    """Fitted settings: ``table`` has one row per parameter and ally (``scope`` "ally") or for the
    alliance (``scope`` "alliance", ``iso3`` empty)."""

    history: History  # the series whose share errors were fitted
    gdp: History  # the series whose GDP errors were fitted
    origins: tuple[int, int]
    horizons: tuple[int, ...]
    lookback: int
    table: pd.DataFrame

    def alliance(self, parameter: str) -> float:
        t = self.table
        return float(t.loc[(t["parameter"] == parameter) & (t["scope"] == "alliance"), "value"].iloc[0])

    def by_ally(self, parameter: str) -> dict[str, float]:
        t = self.table[(self.table["parameter"] == parameter) & (self.table["scope"] == "ally")]
        return dict(zip(t["iso3"], t["value"].astype(float), strict=True))


def band_sd(errors) -> float:
    """The sd of a normal band centred on the forecast (error 0) whose 80 % interval holds as many
    errors as it does here: the 80th percentile of |error| over 1.2816."""
    return float(np.quantile(np.abs(np.asarray(errors, float)), 0.8) / Z90)


def gdp_errors(history: History, origins: Iterable[int], horizons: Sequence[int], lookback: int) -> pd.DataFrame:
    """``log(actual / forecast) / √h`` of GDP forecast at its past ``lookback``-year mean growth,
    per origin, ally and horizon (each forecast sees only the series up to its origin)."""
    if history.gdp is None:
        return pd.DataFrame(columns=["origin", "iso3", "horizon", "z"])
    frames = []
    for t0 in origins:
        past = history.until(t0)
        factor = mean_growth(past.gdp, lookback)
        for h in horizons:
            if t0 + h > history.last_year:
                break
            forecast = past.gdp[:, -1] * factor**h
            actual = history.gdp[:, history.column(t0 + h)]
            with np.errstate(invalid="ignore", divide="ignore"):
                z = np.log(actual / forecast) / np.sqrt(h)
            keep = np.isfinite(z)
            frames.append(
                pd.DataFrame({"origin": t0, "iso3": np.array(history.iso3)[keep], "horizon": h, "z": z[keep]})
            )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["origin", "iso3", "horizon", "z"])


def share_errors(forecasts: pd.DataFrame) -> pd.DataFrame:
    """``log(outcome / forecast) / √h`` of the constant-share hindcasts."""
    f = forecasts[forecasts["method"] == "constant_share"]
    z = np.log(f["outcome_pct"].to_numpy() / f["forecast_pct"].to_numpy()) / np.sqrt(f["horizon"].to_numpy())
    return pd.DataFrame(
        {"origin": f["origin"].to_numpy(), "iso3": f["iso3"].to_numpy(), "horizon": f["horizon"], "z": z}
    )


def mean_pairwise_correlation(errors: pd.DataFrame, min_common: int = MIN_COMMON) -> tuple[float, int]:
    """Mean Pearson correlation over ally pairs of their errors from the same origin and horizon,
    and the number of pairs with at least ``min_common`` errors in common."""
    wide = errors.pivot_table(index=["origin", "horizon"], columns="iso3", values="z")
    corr = wide.corr(min_periods=min_common).to_numpy()
    pairs = corr[np.triu_indices(corr.shape[0], 1)]
    pairs = pairs[~np.isnan(pairs)]
    return (float(pairs.mean()) if len(pairs) else float("nan")), len(pairs)


def gdp_history() -> History:
    """The newest NATO edition with constant-price GDP: the GDP the projection grows.

    Raises:
        Nato3Error: no edition has constant-price GDP.
    """
    from nato3.backtest.history import nato_history
    from nato3.errors import Nato3Error
    from nato3.standing.editions import editions

    for e in editions():
        if "gdp_musd_const" in e.figures:
            return nato_history(e.label)
    raise Nato3Error("no NATO edition in the database has constant-price GDP")


def fit(
    history: History,
    origins: Sequence[int] | None = None,
    horizons: Sequence[int] = tuple(range(1, 11)),
    lookback: int = DEFAULT_LOOKBACK,
    gdp: History | None = None,
) -> Fit:
    """Fit ``gdp_growth_sd``, ``correlation`` and ``execution_sd`` to hindcast errors: the share's
    from ``history`` (its ``origins``), GDP's from ``gdp`` (default :func:`gdp_history`, every origin).

    Raises:
        Nato3Error: bad origins or horizons (see :func:`~nato3.backtest.hindcast.hindcast`), or a
            GDP series without GDP.
    """
    from nato3.backtest.hindcast import check_horizons, hindcast, origin_range
    from nato3.errors import Nato3Error

    gdp = gdp or gdp_history()
    if gdp.gdp is None:
        raise Nato3Error(f"the {gdp.label} has no GDP to fit GDP growth to")
    horizons = check_horizons(horizons)
    cast = hindcast(history, origins, horizons, params=None, lookback=lookback)
    shares = share_errors(cast.forecasts)
    if shares.empty:
        raise Nato3Error(f"no hindcast of the {history.label} to fit in that window of origins", parameter="origins")
    first, last = origin_range(gdp)
    gdps = gdp_errors(gdp, range(first, last + 1), horizons, lookback)
    gdp_sd = band_sd(gdps["z"])
    gdp_origins = int(gdps["origin"].nunique())
    rows = [
        {
            "parameter": "gdp_growth_sd",
            "scope": "alliance",
            "iso3": "",
            "value": round(100 * gdp_sd, 3),
            "origins": gdp_origins,
            "errors": len(gdps),
        }
    ]
    rows += _execution("alliance", "", shares["z"], gdp_sd, shares["origin"].nunique())
    for iso3 in history.iso3:
        own = shares[shares["iso3"] == iso3]
        if own["origin"].nunique() >= MIN_ORIGINS:
            rows += _execution("ally", iso3, own["z"], gdp_sd, own["origin"].nunique())
    rho, pairs = mean_pairwise_correlation(gdps)
    rows.append(
        {
            "parameter": "correlation",
            "scope": "alliance",
            "iso3": "",
            "value": round(float(np.clip(rho, 0.0, 1.0)), 3),
            "origins": gdp_origins,
            "errors": pairs,
        }
    )
    table = pd.DataFrame(rows)
    table["unit"] = table["parameter"].map(UNITS)
    return Fit(history, gdp, (cast.origins[0], cast.origins[-1]), horizons, lookback, table[COLUMNS])


def _execution(scope: str, iso3: str, share_z, gdp_sd: float, origins: int) -> list[dict]:
    share_sd = band_sd(share_z)
    execution = float(np.sqrt(max(share_sd**2 - gdp_sd**2, 0.0)))
    base = {"scope": scope, "iso3": iso3, "origins": int(origins), "errors": len(share_z)}
    return [
        base | {"parameter": "execution_sd", "value": round(100 * execution, 3)},
        base | {"parameter": "share_drift_sd", "value": round(100 * share_sd, 3)},
    ]
