"""The library's front door for backtests: :func:`backtest`.

>>> from nato3.backtest import backtest
>>> b = backtest("sipri", draws=10_000)            # doctest: +SKIP
>>> b.errors          # MAE and bias of the share by method and horizon
>>> b.coverage        # how often the 50/80/95 % bands held the outcome
>>> b.brier, b.reliability, b.wales
>>> b.long            # source × edition × method × iso3 × indicator × horizon, every figure a hindcast

The backtest document (:mod:`nato3.documents.backtest`) is what every face shows of it.

Every figure is a **hindcast**: a forecast made as if from a past origin, scored against what the
same edition says happened; ``is_hindcast`` marks it in every frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nato3.backtest import metrics
from nato3.backtest.hindcast import (
    DEFAULT_DRAWS,
    DEFAULT_HORIZONS,
    DEFAULT_SEED,
    DEFAULT_THRESHOLDS,
    Hindcast,
    hindcast,
)
from nato3.backtest.history import History, histories
from nato3.backtest.methods import DEFAULT_LOOKBACK, DESCRIPTIONS
from nato3.errors import Nato3Error
from nato3.projection import montecarlo as mc

# What the built-in scenarios carried before the settings were fitted: the "before" of a fit.
HAND_TYPED = {"gdp_growth_sd": 1.5, "correlation": 0.5, "execution_sd": 5.0}
METHOD_NOTE = (
    "Hindcasts, not forecasts: from each origin, each method sees only the series up to that year and is "
    "scored against the same edition's later figures (revised history, not the figures known at the time). "
    "error = forecast − outcome, in percentage points of GDP. Bands: the projection's Monte Carlo (correlated "
    "GDP-growth shocks and compounding budget-execution deviations) around each method's path; coverage = "
    "share of outcomes inside the central 50/80/95 % of draws. Events: an ally below the threshold at the "
    "origin is at or above it in the target year; Brier = mean (P − outcome)², climatology = always forecasting "
    "the observed frequency."
)


@dataclass(eq=False)
class FitReport:
    """A fit, where it was written, and the 80 % band coverage before, after and out of sample."""

    table: pd.DataFrame
    label: str
    path: Path | None
    coverage: pd.DataFrame  # settings × source × edition × method: coverage_50/80/95
    holdout: str  # which origins were fitted and which scored out of sample

    def summary(self) -> list[str]:
        """One line per setting: the alliance value and the range of the per-ally values."""
        lines = []
        for parameter in HAND_TYPED:
            rows = self.table[self.table["parameter"] == parameter]
            alliance = float(rows.loc[rows["scope"] == "alliance", "value"].iloc[0])
            own = rows[rows["scope"] == "ally"]
            text = f"{parameter} {alliance:g} (alliance)"
            if len(own):
                text += f", per ally for {len(own)} allies {own['value'].min():g}–{own['value'].max():g}"
            lines.append(text)
        before = ", ".join(f"{p} {v:g}" for p, v in HAND_TYPED.items())
        lines.append(f"before = the hand-typed {before} the built-in scenarios carried")
        return lines


@dataclass(eq=False)
class Backtest:
    source: str
    hindcasts: list[Hindcast]
    params: mc.Params | None
    settings: str  # which Monte Carlo settings the bands use
    wales: pd.DataFrame | None
    fit: FitReport | None = None
    window: tuple[int, int] | None = None  # the origins asked for (None: every usable one)
    errors: pd.DataFrame = field(init=False)
    coverage: pd.DataFrame = field(init=False)  # by horizon
    coverage_overall: pd.DataFrame = field(init=False)
    coverage_by_ally: pd.DataFrame = field(init=False)
    brier: pd.DataFrame = field(init=False)  # by horizon
    brier_overall: pd.DataFrame = field(init=False)
    reliability: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        forecasts = pd.concat([h.forecasts for h in self.hindcasts], ignore_index=True)
        events = pd.concat([h.events for h in self.hindcasts], ignore_index=True)
        self.errors = metrics.error_table(forecasts)
        self.coverage = metrics.coverage_table(forecasts)
        self.coverage_overall = metrics.coverage_table(forecasts, by=())
        self.coverage_by_ally = metrics.coverage_table(forecasts, by=("iso3",))
        self.brier = metrics.brier_table(events)
        self.brier_overall = metrics.brier_table(events, by=())
        self.reliability = metrics.reliability_table(events)
        for table in (
            self.errors,
            self.coverage,
            self.coverage_overall,
            self.coverage_by_ally,
            self.brier,
            self.brier_overall,
            self.reliability,
        ):
            table["is_hindcast"] = True

    @property
    def forecasts(self) -> pd.DataFrame:
        return pd.concat([h.forecasts for h in self.hindcasts], ignore_index=True)

    @property
    def events(self) -> pd.DataFrame:
        return pd.concat([h.events for h in self.hindcasts], ignore_index=True)

    @property
    def long(self) -> pd.DataFrame:
        """Scores by horizon in the long format ``source × edition × method × iso3 × indicator ×
        horizon`` (``iso3`` "pooled": over allies and origins), each marked ``is_hindcast``."""
        from nato3.backtest.longform import scores_long

        return scores_long(self)

    def notes(self) -> list[str]:
        out = [METHOD_NOTE]
        for h in self.hindcasts:
            out.append(
                f"{h.history.label}: origins {h.origins[0]}–{h.origins[-1]}, horizons {h.horizons[0]}–"
                f"{h.horizons[-1]}; GDP: {h.history.gdp_note}."
            )
        lookback = self.hindcasts[0].lookback if self.hindcasts else DEFAULT_LOOKBACK
        out += [f"{m}: {d.format(k=lookback)}." for m, d in DESCRIPTIONS.items()]
        out.append(f"Monte Carlo settings: {self.settings}.")
        if self.wales is not None:
            out.append(
                "Wales 2014: NATO's 2024 edition from base year 2014 to 2024, run by the projection engine with the "
                "Monte Carlo settings the scenarios use; GDP held flat (that edition has no GDP before 2014)."
            )
        return out


def params_for(draws: int, seed: int, values: dict[str, float] | None = None) -> mc.Params:
    """Monte Carlo settings: ``values`` (gdp_growth_sd, correlation, execution_sd) if given, else
    the fitted ones the built-in scenarios use."""
    from nato3.projection.scenario import MonteCarlo
    from nato3.projection.uncertainty import settings

    return mc.Params(draws, seed, **settings(MonteCarlo(**(values or {}))))


def _origins_for(history: History, window: tuple[int, int] | None) -> list[int] | None:
    from nato3.backtest.hindcast import origin_range

    if window is None:
        return None
    first, last = origin_range(history)
    return list(range(max(window[0], first), min(window[1], last) + 1))


def check_window(source: str, runs: list[History], window: tuple[int, int] | None) -> None:
    """Raise Nato3Error unless the window lies within the union of the editions' origins."""
    from nato3.backtest.hindcast import origin_range

    if window is None:
        return
    first = min(origin_range(h)[0] for h in runs)
    last = max(origin_range(h)[1] for h in runs)
    if not first <= window[0] <= window[1] <= last:
        raise Nato3Error(
            f"origins {window[0]}:{window[1]} are outside the {source} data; allowed origins: {first}–{last} "
            "(an origin needs a later year to compare with)",
            parameter="origins",
        )


def backtest(
    source: str = "sipri",
    origins: tuple[int, int] | None = None,
    horizons=DEFAULT_HORIZONS,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    fit: bool = False,
    fit_folder: str | Path | None = None,
    thresholds=DEFAULT_THRESHOLDS,
    lookback: int = DEFAULT_LOOKBACK,
    wales: bool = True,
) -> Backtest:
    """Hindcast every origin of ``source`` ("sipri", or "nato": each NATO edition apart).

    Args:
        origins: (first, last) origin years (default: all); each edition uses those it has.
        draws: Monte Carlo draws per origin (0: point forecasts only, no bands or odds).
        fit: fit the Monte Carlo settings to these hindcasts first, write them (to
            ``fit_folder``, default the bundled data) and use them; report coverage before and after.
        wales: add the Wales case study (NATO's 2024 edition, 2014 → 2024).

    Raises:
        Nato3Error: unknown source, origins outside the data, bad horizons or draws.
    """
    from nato3.backtest.hindcast import check_horizons

    if not 0 <= int(draws) <= 10_000_000:
        raise Nato3Error(f"draws {draws} is outside 0–10,000,000", parameter="draws")
    horizons = check_horizons(horizons)
    runs = histories(source)
    check_window(source, runs, origins)
    report, params = None, (params_for(draws, seed) if draws else None)
    if fit:
        report, fitted_params = _fit(runs, origins, horizons, draws, seed, lookback, thresholds, fit_folder)
        params = fitted_params if draws else None
    casts = [
        hindcast(h, _origins_for(h, origins), horizons, params, lookback, thresholds)
        for h in runs
        if _origins_for(h, origins) != []
    ]
    label = params.fitted if params is not None else "none (no draws: point forecasts only)"
    case = None
    if wales and draws:
        from nato3.backtest.wales import wales_case

        case = wales_case(draws, seed)
    return Backtest(source, casts, params, label, case, report, origins)


def _fit(runs, origins, horizons, draws, seed, lookback, thresholds, folder) -> tuple[FitReport, mc.Params]:
    """Fit and write the settings; score the bands before (hand-typed) and after, in and out of
    sample. Returns the report and the fitted settings."""
    from nato3.backtest.fit import fit
    from nato3.backtest.fitfile import fit_label, write_fit

    history = runs[0]
    result = fit(history, _origins_for(history, origins), horizons, lookback)
    path = write_fit(result, folder)
    n = draws or DEFAULT_DRAWS
    after = _fitted_params(result, n, seed, f"fitted by this run ({fit_label(result)}), written to {path}")
    before = mc.Params(n, seed, **HAND_TYPED)
    frames = []
    for name, params in (("before (hand-typed)", before), ("after (fitted)", after)):
        for h in runs:
            window = _origins_for(h, origins)
            if window != []:
                cast = hindcast(h, window, horizons, params, lookback, thresholds)
                frames.append(metrics.coverage_table(cast.forecasts, by=()).assign(settings=name))
    # Out of sample: fit to the origins whose outcomes all lie before the split, score the later ones.
    first, last = result.origins
    split = (first + last) // 2
    early = [o for o in range(first, last + 1) if o + max(horizons) <= split]
    holdout = "not enough origins to hold any out (at least 10 whose outcomes precede the later half)"
    if len(early) >= 10:
        part = fit(history, early, horizons, lookback)
        cast = hindcast(history, list(range(split, last + 1)), horizons, _fitted_params(part, n, seed, ""), lookback)
        frames.append(metrics.coverage_table(cast.forecasts, by=()).assign(settings="out of sample"))
        holdout = (
            f"out of sample: fitted to origins {early[0]}–{early[-1]} (outcomes up to {split}) of the "
            f"{history.label}, scored on origins {split}–{last}"
        )
    table = pd.concat(frames, ignore_index=True)
    report = FitReport(result.table, fit_label(result), path, table[["settings", *table.columns[:-1]]], holdout)
    return report, after


def _fitted_params(result, draws: int, seed: int, label: str) -> mc.Params:
    return mc.Params(
        draws,
        seed,
        **{p: result.alliance(p) for p in HAND_TYPED},
        execution_sd_by_ally=result.by_ally("execution_sd"),
        fitted=label,
    )
