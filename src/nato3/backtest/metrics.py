"""Scores of forecasts against outcomes: point errors, band coverage, Brier score, reliability.

The functions on arrays are the definitions (each checked against hand-computed cases in the
tests); the table functions apply them by source, edition, method and horizon.

* **error** = forecast − outcome (percentage points of GDP): positive means the forecast was too high;
  **MAE** is its mean absolute value and **bias** its mean.
* **coverage** of the central ``level`` band: the share of outcomes whose PIT (share of draws
  below the outcome) lies in ``[(1 − level)/2, (1 + level)/2]``, i.e. between the band's quantiles.
* **Brier score**: mean of ``(p − o)²`` over events, ``p`` the forecast probability, ``o`` 1 if
  the event happened; 0 is perfect, 0.25 is what always saying 50 % scores.
* **reliability**: events binned by forecast probability (``[0, 0.1), …, [0.9, 1]``); per bin
  the mean forecast and the observed frequency. A calibrated forecast has them equal.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LEVELS = (0.5, 0.8, 0.95)
BINS = 10
GROUP = ["source", "edition", "method"]


def mae(forecast, outcome) -> float:
    return float(np.mean(np.abs(np.asarray(forecast, float) - np.asarray(outcome, float))))


def bias(forecast, outcome) -> float:
    return float(np.mean(np.asarray(forecast, float) - np.asarray(outcome, float)))


def in_band(pit, level: float) -> np.ndarray:
    """True where the outcome lies inside the central ``level`` band (``pit`` in [lo, 1 − lo])."""
    pit = np.asarray(pit, float)
    low = (1.0 - level) / 2.0
    return (pit >= low - 1e-12) & (pit <= 1.0 - low + 1e-12)


def coverage(pit, level: float) -> float:
    """Share of outcomes inside the central ``level`` band."""
    return float(np.mean(in_band(pit, level)))


def brier(probability, happened) -> float:
    p, o = np.asarray(probability, float), np.asarray(happened, float)
    return float(np.mean((p - o) ** 2))


def reliability(probability, happened, bins: int = BINS) -> pd.DataFrame:
    """One row per probability bin with events: its edges, count, mean forecast, observed frequency."""
    p, o = np.asarray(probability, float), np.asarray(happened, float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        inside = index == b
        if inside.any():
            rows.append(
                {
                    "bin_low": b / bins,
                    "bin_high": (b + 1) / bins,
                    "events": int(inside.sum()),
                    "mean_probability": float(p[inside].mean()),
                    "observed_frequency": float(o[inside].mean()),
                }
            )
    return pd.DataFrame(rows, columns=["bin_low", "bin_high", "events", "mean_probability", "observed_frequency"])


def error_table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """MAE and bias of the share (pp) by source, edition, method and horizon."""
    rows = []
    for key, part in forecasts.groupby([*GROUP, "horizon"], sort=True):
        f, o = part["forecast_pct"], part["outcome_pct"]
        rows.append(
            dict(zip([*GROUP, "horizon"], key, strict=True))
            | {"forecasts": len(part), "origins": part["origin"].nunique(), "mae_pp": mae(f, o), "bias_pp": bias(f, o)}
        )
    return pd.DataFrame(rows)


def coverage_table(forecasts: pd.DataFrame, by: tuple[str, ...] = ("horizon",)) -> pd.DataFrame:
    """Empirical coverage of the 50/80/95 % bands by source, edition, method and ``by``
    (``("horizon",)``, ``("iso3",)`` or ``()`` for all horizons together)."""
    with_draws = forecasts[forecasts["pit"].notna()]
    keys = [*GROUP, *by]
    rows = []
    for key, part in with_draws.groupby(keys, sort=True):
        row = dict(zip(keys, key, strict=True)) | {"forecasts": len(part)}
        row |= {f"coverage_{round(level * 100)}": coverage(part["pit"], level) for level in LEVELS}
        rows.append(row)
    columns = [*keys, "forecasts", *(f"coverage_{round(level * 100)}" for level in LEVELS)]
    return pd.DataFrame(rows, columns=columns)


def brier_table(events: pd.DataFrame, by: tuple[str, ...] = ("horizon",)) -> pd.DataFrame:
    """Brier score of "at or above the threshold in year t0 + h" by method, threshold and ``by``
    (``()``: all horizons together), with the climatological reference (always forecasting the
    observed frequency of that group) beside it."""
    keys = [*GROUP, "threshold_pct", *by]
    rows = []
    for key, part in events.groupby(keys, sort=True):
        base = float(part["reached"].mean())
        rows.append(
            dict(zip(keys, key, strict=True))
            | {
                "events": len(part),
                "reached": int(part["reached"].sum()),
                "brier": brier(part["probability"], part["reached"]),
                "brier_climatology": brier(np.full(len(part), base), part["reached"]),
            }
        )
    return pd.DataFrame(rows)


def reliability_table(events: pd.DataFrame, bins: int = BINS) -> pd.DataFrame:
    """Reliability bins by method and threshold, all horizons together."""
    frames = []
    for key, part in events.groupby([*GROUP, "threshold_pct"], sort=True):
        table = reliability(part["probability"], part["reached"], bins)
        labels = dict(zip([*GROUP, "threshold_pct"], key, strict=True))
        frames.append(table.assign(**labels)[[*labels, *table.columns]])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
