"""Rolling-origin hindcasts: forecast from every origin in a window, compare with what happened.

For each origin ``t0`` the methods of :mod:`nato3.backtest.methods` see only the series up to
``t0`` and project 1…H years ahead with the projection kernel. With draws, the engine's own
noise model (:mod:`nato3.projection.montecarlo`: correlated GDP-growth shocks and compounding
budget-execution deviations, one ``SeedSequence`` stream per origin) gives each forecast a
distribution. In that model every draw is the deterministic share times a factor that does not
depend on the path (``Z = X_t · (G_t0/G_t) / (Ĝ_t0/Ĝ_t)``), so one kernel run per origin, with
every ally's path set to 1, yields ``Z``, and each method's draws are its path times ``Z``.

Each forecast is kept with its outcome: the point error, the probability integral transform
(``pit``: the share of draws below the outcome, ties counted half), from which band coverage
follows, and the probability of being at or above each threshold in the target year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from nato3.backtest.history import History
from nato3.backtest.methods import DEFAULT_LOOKBACK, MethodPaths, gdp_growth_factors, kernel_for, method_paths
from nato3.errors import Nato3Error
from nato3.projection import kernel as kn
from nato3.projection import montecarlo as mc
from nato3.projection.montecarlo_stats import count_draws

DEFAULT_HORIZONS = tuple(range(1, 11))
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2035
DEFAULT_THRESHOLDS = (2.0,)
MAX_HORIZON = 50


@dataclass(eq=False)
class Hindcast:
    """Every forecast of one edition's series with its outcome (``forecasts``), and the threshold
    events of allies below a threshold at the origin (``events``)."""

    history: History
    origins: list[int]
    horizons: tuple[int, ...]
    lookback: int
    params: mc.Params | None
    forecasts: pd.DataFrame
    events: pd.DataFrame


def origin_range(history: History) -> tuple[int, int]:
    """First and last usable origin: a forecast needs at least one later year to compare with."""
    return history.first_year, history.last_year - 1


def check_horizons(horizons: Iterable[int]) -> tuple[int, ...]:
    """Sorted distinct horizons. Raises Nato3Error unless each is 1…MAX_HORIZON."""
    out = tuple(sorted({int(h) for h in horizons}))
    if not out or out[0] < 1 or out[-1] > MAX_HORIZON:
        raise Nato3Error(
            f"horizons must be whole years from 1 to {MAX_HORIZON} (e.g. 1-10); got {list(out)}", parameter="horizons"
        )
    return out


def origin_seed(seed: int, origin: int) -> int:
    """The stream of one origin: a 63-bit number from ``SeedSequence((seed, origin))``."""
    state = np.random.SeedSequence((seed, origin)).generate_state(2, np.uint32)
    return (int(state[0]) << 31) ^ int(state[1])


def hindcast(
    history: History,
    origins: Sequence[int] | None = None,
    horizons: Iterable[int] = DEFAULT_HORIZONS,
    params: mc.Params | None = None,
    lookback: int = DEFAULT_LOOKBACK,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    chunk_size: int = mc.DEFAULT_CHUNK,
) -> Hindcast:
    """Hindcasts of ``history`` from each origin (default: every usable one).

    Args:
        params: Monte Carlo settings (draws, seed, volatilities); None or 0 draws: point forecasts only.
        lookback: years of history behind the trend and mean-growth methods.
        thresholds: shares of GDP (%) for the "at or above in year t0 + h" events.

    Raises:
        Nato3Error: an origin outside the series or a bad horizon.
    """
    horizons = check_horizons(horizons)
    first, last = origin_range(history)
    origins = list(range(first, last + 1)) if origins is None else sorted({int(o) for o in origins})
    outside = [o for o in origins if not first <= o <= last]
    if outside:
        raise Nato3Error(
            f"origin {outside[0]} is outside the {history.label}; allowed: {first}–{last}", parameter="origins"
        )
    draws = params.draws if params is not None else 0
    thresholds = tuple(float(t) for t in thresholds)
    parts = [
        _one_origin(history, t0, horizons, params if draws else None, lookback, thresholds, chunk_size)
        for t0 in origins
    ]
    parts = [p for p in parts if p is not None]
    forecasts = _mark(_frame(parts) if parts else _empty(), history)
    events = _events(forecasts, thresholds)
    forecasts = forecasts.drop(columns=[c for c in forecasts if c.startswith(PROB)])
    return Hindcast(history, origins, horizons, lookback, params if draws else None, forecasts, events)


PROB = "_p_at_or_above_"
COLUMNS = ["method", "origin", "iso3", "start_pct", "horizon", "year", "forecast_pct", "outcome_pct", "pit"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object if c in ("method", "iso3") else float) for c in COLUMNS})


def _mark(df: pd.DataFrame, history: History) -> pd.DataFrame:
    df.insert(0, "source", history.source)
    df.insert(1, "edition", history.edition)
    df["is_hindcast"] = True
    return df


def _one_origin(
    history: History, t0: int, horizons, params, lookback: int, thresholds, chunk_size: int
) -> dict[str, np.ndarray] | None:
    """The forecasts from ``t0`` that have an outcome, as columns (None: none has)."""
    H = max(horizons)
    past = history.until(t0)
    paths = method_paths(past, H, lookback)
    growth = gdp_growth_factors(past, lookback)
    kernel = kernel_for(past, paths, H, growth)
    R = kernel.n_allies
    if R == 0:
        return None
    det = kn.evaluate(kernel, kn.deterministic_index(kernel))[0][:R, :, 0]
    rows = np.concatenate([p.rows for p in paths])
    outcome = np.full((R, H + 1), np.nan)
    start = history.column(t0)
    stop = min(start + H, history.column(history.last_year))
    outcome[:, : stop - start + 1] = history.share[rows, start : stop + 1]
    if params is not None:
        pit, above = _draws(past, paths, det, outcome, growth, params, t0, thresholds, chunk_size)
    else:
        pit = np.full(det.shape, np.nan)
        above = {t: (det >= t).astype(float) for t in thresholds}
    method = np.concatenate([[p.method] * len(p.rows) for p in paths])
    # Every (row, horizon) with an outcome, horizon by horizon: the rows of one frame for the origin.
    cells = [(np.flatnonzero(~np.isnan(outcome[:, h])), h) for h in horizons]
    cells = [(rows, h) for rows, h in cells if len(rows)]
    if not cells:
        return None
    row = np.concatenate([rows for rows, _ in cells])
    horizon = np.concatenate([np.full(len(rows), h) for rows, h in cells])
    return {
        "method": method[row],
        "origin": np.full(len(row), t0),
        "iso3": np.array(kernel.iso3)[row],
        "start_pct": det[row, 0],
        "horizon": horizon,
        "year": t0 + horizon,
        "forecast_pct": det[row, horizon],
        "outcome_pct": outcome[row, horizon],
        "pit": pit[row, horizon],
    } | {f"{PROB}{t!r}": above[t][row, horizon] for t in thresholds}


def _frame(parts: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """One frame of every origin's forecasts (:func:`_one_origin`), in origin order."""
    return pd.DataFrame({name: np.concatenate([part[name] for part in parts]) for name in parts[0]})


def _draws(past, paths: list[MethodPaths], det, outcome, growth, params: mc.Params, t0, thresholds, chunk_size):
    """PIT of every outcome and the probability of each threshold, from the draws of ``Z``."""
    has = np.flatnonzero(~np.isnan(past.share[:, -1]))
    H = det.shape[1] - 1
    noise_kernel = kernel_for(past, [MethodPaths("noise", has, np.ones((len(has), H + 1)), False)], H, growth)
    where = {ally: k for k, ally in enumerate(has)}
    zrow = np.array([where[a] for p in paths for a in p.rows])
    run = replace(params, seed=origin_seed(params.seed, t0))
    job = mc.Job(noise_kernel, run, np.zeros((len(has), H + 1)))
    with np.errstate(divide="ignore", invalid="ignore"):
        # a draw is forecast × Z, so draw < x ⇔ Z < x / forecast (a zero forecast: every draw is 0)
        ratio = np.where(det > 0, outcome / det, np.inf)
        limits = {t: np.where(det > 0, t / det, np.inf) for t in thresholds}
    below = np.zeros(det.shape)
    above = {t: np.zeros(det.shape) for t in thresholds}
    for first, count in mc.chunks(run, min(chunk_size, mc.chunk_limit(noise_kernel))):
        ws = mc.workspace(noise_kernel, sum(run.block_size(b) for b in range(first, first + count)))
        G, noise, _ = mc.draw(job, first, count, ws)
        z = kn.evaluate(noise_kernel, G, noise, out=(ws.share, ws.gdp), shares_only=True)[0][zrow]
        below += count_draws(z < ratio[:, :, None]) + 0.5 * count_draws(z == ratio[:, :, None])
        for t, limit in limits.items():
            above[t] += count_draws(z >= limit[:, :, None])
    return below / run.draws, {t: a / run.draws for t, a in above.items()}


def _events(forecasts: pd.DataFrame, thresholds: Sequence[float]) -> pd.DataFrame:
    """Allies below a threshold at the origin: P(at or above it in year t0 + h) and the outcome."""
    keep = [c for c in forecasts if not c.startswith(PROB)]
    frames = []
    for threshold in thresholds:
        below = forecasts[forecasts["start_pct"] < threshold]
        ev = below[keep].copy()
        ev["threshold_pct"] = threshold
        ev["probability"] = below[f"{PROB}{threshold!r}"].to_numpy(dtype=float)
        ev["reached"] = (below["outcome_pct"] >= threshold).to_numpy()
        frames.append(ev)
    return pd.concat(frames, ignore_index=True)
