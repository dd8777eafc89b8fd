"""The tables of the backtest document: what each holds. Every score is a hindcast and its column
carries the mark ``hindcast``; shares of outcomes and forecast probabilities are kind
``probability`` (0–1, printed as a percentage)."""

from __future__ import annotations

from nato3.documents.model import Column

H = "hindcast"
LABELS = {"constant_share": "Constant share", "linear_trend": "Linear trend", "real_growth": "Real growth"}
POLICIES = {"constant_share": "keeps its 2014 share", "straight_line_to_2pct": "straight line to 2 %"}
SERIES = [
    Column("series", "Series", kind="text"),
    Column("source", "Source", kind="text", display=False),
    Column("edition", "Edition", kind="text", display=False),
    Column("method", "Method", kind="text", display=False),
    Column("method_label", "Method", kind="text"),
]
COVERAGE = [
    Column("coverage_50", "50 % band", kind="probability", mark=H, description="outcomes inside the central 50 %"),
    Column("coverage_80", "80 % band", kind="probability", mark=H, description="outcomes inside the central 80 %"),
    Column("coverage_95", "95 % band", kind="probability", mark=H, description="outcomes inside the central 95 %"),
]
ERRORS = [
    *SERIES,
    Column("horizon", "Years ahead", kind="integer"),
    Column("forecasts", "Forecasts", kind="integer", priority=2),
    Column("origins", "Origins", kind="integer", display=False),
    Column("mae_pp", "MAE, pp", "percentage points of GDP", mark=H, description="mean absolute error of the share"),
    Column("bias_pp", "Bias, pp", "percentage points of GDP", mark=H, description="mean of forecast − outcome"),
    Column("coverage_80", "80 % band", kind="probability", mark=H, description="outcomes inside the central 80 %"),
]
BANDS = [
    *SERIES,
    Column("horizon", "Years ahead", kind="integer"),
    Column("forecasts", "Forecasts", kind="integer", priority=1),
    *COVERAGE,
]
OVERALL = [
    *SERIES,
    Column("forecasts", "Forecasts", kind="integer", priority=1),
    *COVERAGE,
    Column("brier", "Brier", "Brier score (0 best)", digits=3, mark=H, description="of P(at or above 2 %)"),
    Column("brier_climatology", "Climatology", "Brier score (0 best)", digits=3, mark=H, priority=2,
           description="always forecasting the observed frequency"),
]  # fmt: skip
BY_ALLY = [*SERIES, Column("country", "Ally", kind="text"), Column("iso3", "ISO3", kind="text", display=False),
           Column("forecasts", "Forecasts", kind="integer"), *COVERAGE]  # fmt: skip
BRIER = [
    *SERIES,
    Column("threshold_pct", "Threshold", "% of GDP", digits=1),
    Column("horizon", "Years ahead", kind="integer"),
    Column("events", "Events", kind="integer"),
    Column("reached", "Reached", kind="integer"),
    Column("brier", "Brier", "Brier score (0 best)", digits=3, mark=H),
    Column("brier_climatology", "Climatology", "Brier score (0 best)", digits=3, mark=H),
]
RELIABILITY = [
    *SERIES,
    Column("threshold_pct", "Threshold", "% of GDP", digits=1, display=False),
    Column("bin_low", "From", kind="probability"),
    Column("bin_high", "To", kind="probability"),
    Column("events", "Events", kind="integer"),
    Column("mean_probability", "Mean forecast", kind="probability", mark=H),
    Column("observed_frequency", "Observed", kind="probability", mark=H),
]
WALES = [
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("share_2014_pct", "2014", "% of GDP", description="NATO's 2024 edition"),
    Column("p_reach_constant_share", "P, keeps 2014 share", kind="probability", mark=H),
    Column("p_reach_straight_line_to_2pct", "P, straight line to 2 %", kind="probability", mark=H),
    Column("share_2024_pct", "2024", "% of GDP", description="NATO's 2024 edition"),
    Column("reached", "Reached", kind="verdict", description="at or above 2 % in 2024"),
]
WALES_SUMMARY = [
    Column("policy", "Policy", kind="text", display=False),
    Column("policy_label", "Policy", kind="text"),
    Column("allies", "Allies", kind="integer"),
    Column("at_2pct_2014", "At 2 % in 2014", kind="integer"),
    Column("at_2pct_2024", "At 2 % in 2024", kind="integer"),
    Column("expected_at_2pct_2024", "Expected in 2024", "allies", digits=1, mark=H),
    Column("brier", "Brier", "Brier score (0 best)", digits=3, mark=H),
    Column("brier_below_2pct_in_2014", "Brier, below 2 % in 2014", "Brier score (0 best)", digits=3, mark=H,
           priority=1),
]  # fmt: skip
FIT_VALUES = [
    Column("parameter", "Setting", kind="text"),
    Column("scope", "Scope", kind="text"),
    Column("country", "Ally", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("value", "Value", digits=3),
    Column("unit", "Unit", kind="text", priority=2),
    Column("origins", "Origins", kind="integer", priority=1),
    Column("errors", "Errors", kind="integer", priority=1),
]
FIT_COVERAGE = [Column("settings", "Settings", kind="text"), *SERIES, *COVERAGE]
SERIES_INFO = [
    Column("series", "Series", kind="text"),
    Column("source", "Source", kind="text", display=False),
    Column("edition", "Edition", kind="text", display=False),
    Column("first_origin", "From", kind="year"),
    Column("last_origin", "To", kind="year"),
    Column("horizons", "Years ahead", kind="list"),
    Column("lookback_years", "Lookback, years", kind="integer"),
    Column("gdp", "GDP", kind="text"),
]
HORIZON_ROWS = ["series", "method_label", "horizon"]
