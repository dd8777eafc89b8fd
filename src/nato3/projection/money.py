"""The NATO 3.0 question in money: under a scenario, do Europe and Canada come to spend more on
defence than the United States, and when?

Spending is share × GDP in constant US$ of the GDP edition's price base, the projection's own
figures: NATO Europe and Canada is the aggregate by NATO's rules (members from accession), the
United States its own row. Europe and Canada's share of NATO spending is their spending over NATO
Total's. The Monte Carlo counts, per year, the draws in which Europe and Canada spend more than the
United States (``p_outspend``) and those in which they did in that year or an earlier one
(``p_outspend_ever``). The money gap of each year is beside it: what spending at the target would
add, for the groups and for the allies below the target alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from nato3.projection.engine import GAP, SPENDING

if TYPE_CHECKING:
    from nato3.projection.montecarlo import Result
    from nato3.projection.result import Projection

EUROPE_CANADA, TOTAL, US = "NATO_EUR_CAN", "NATO_TOTAL", "USA"


def _by_year(frame: pd.DataFrame, code: str, column: str, years: list[int], missing: Any = np.nan) -> list:
    """``column`` of ``code``'s rows for each of ``years`` (``missing`` where it has no row)."""
    rows = frame[frame["iso3"] == code]
    values = dict(zip(rows["year"].tolist(), rows[column].tolist(), strict=True))
    return [values.get(year, missing) for year in years]


def _projected(p: Projection, years: list[int]) -> np.ndarray:
    """Whether each year's money is projected (NATO Total's flag; years without a row count as projected)."""
    return np.array(_by_year(p.aggregates, TOTAL, "projected", years, missing=True), dtype=bool)


def money_by_year(p: Projection) -> pd.DataFrame:
    """Per year: Europe and Canada's and the United States' spending (million US$, constant
    prices), the difference, Europe and Canada's share of NATO spending (%), the Monte Carlo
    odds that Europe and Canada spend more that year and by then (projected years), and whether the year's money
    figures are projected (``projected``: a share or GDP after the observed start) or computed
    from observed shares and GDP (``False``)."""
    return with_outspend_odds(money_frame(p), p.montecarlo)


def money_frame(p: Projection) -> pd.DataFrame:
    """:func:`money_by_year` on the scenario's path, without the odds (the same for every run)."""
    years = [int(y) for y in p.setup.compiled.years]
    europe = np.array(_by_year(p.aggregates, EUROPE_CANADA, SPENDING, years), dtype=float)
    total = np.array(_by_year(p.aggregates, TOTAL, SPENDING, years), dtype=float)
    us = np.array(_by_year(p.allies, US, SPENDING, years), dtype=float)
    return pd.DataFrame(
        {
            "year": years,
            "europe_canada_musd": europe,
            "united_states_musd": us,
            "europe_canada_minus_us_musd": europe - us,
            "europe_canada_share_of_nato_pct": 100.0 * europe / total,
            "p_outspend": np.nan,
            "p_outspend_ever": np.nan,
            "projected": _projected(p, years),
        }
    )


def with_outspend_odds(frame: pd.DataFrame, m: Result | None) -> pd.DataFrame:
    """A copy of :func:`money_frame`'s ``frame`` with the odds of the Monte Carlo run ``m``."""
    out = frame.copy()
    if m is not None and m.p_outspend is not None:
        projected = out["projected"].to_numpy()
        out["p_outspend"] = np.where(projected, m.p_outspend, np.nan)
        out["p_outspend_ever"] = np.where(projected, m.p_outspend_ever, np.nan)
    return out


def outspend(p: Projection, money: pd.DataFrame | None = None) -> dict[str, Any]:
    """The first year in which Europe and Canada spend more than the United States on the
    scenario's path (None: not by the horizon), the share of draws in which they do that year,
    by the horizon at least once, and in the horizon year; their share of NATO spending at the
    start and at the horizon."""
    money = money_by_year(p) if money is None else money
    ahead = money[money["europe_canada_minus_us_musd"] > 0]
    year = int(ahead["year"].iloc[0]) if len(ahead) else None
    first, last = money.iloc[0], money.iloc[-1]
    at = money.set_index("year")

    def odds(value: float) -> float | None:
        return None if value != value else float(value)

    return {
        "outspend_year": year,
        "p_outspend_in_year": odds(at.loc[year, "p_outspend"]) if year is not None else None,
        "p_outspend_by_horizon": odds(last["p_outspend_ever"]),
        "p_outspend_at_horizon": odds(last["p_outspend"]),
        "europe_canada_musd_start": float(first["europe_canada_musd"]),
        "united_states_musd_start": float(first["united_states_musd"]),
        "europe_canada_musd_horizon": float(last["europe_canada_musd"]),
        "united_states_musd_horizon": float(last["united_states_musd"]),
        "europe_canada_share_of_nato_start_pct": float(first["europe_canada_share_of_nato_pct"]),
        "europe_canada_share_of_nato_horizon_pct": float(last["europe_canada_share_of_nato_pct"]),
    }


def gaps_by_year(p: Projection) -> pd.DataFrame:
    """The money gap each year (million US$, constant prices; negative: above the target): NATO
    Europe and Canada and NATO Total as aggregates (allies above the target offset those below),
    the shortfall of the European allies and Canada below the target alone, the United States,
    and with draws the Monte Carlo mean of Europe and Canada's (projected years)."""
    return with_expected_gap(gaps_frame(p), p.montecarlo, _projected(p, [int(y) for y in p.setup.compiled.years]))


def gaps_frame(p: Projection) -> pd.DataFrame:
    """:func:`gaps_by_year` on the scenario's path, without the Monte Carlo mean (the same for every run)."""
    years = [int(y) for y in p.setup.compiled.years]
    allies = p.allies.dropna(subset=[GAP])
    below = allies[(allies["iso3"] != US) & (allies[GAP] > 0)].groupby("year")[GAP].sum()
    return pd.DataFrame(
        {
            "year": years,
            "gap_europe_canada_musd": np.array(_by_year(p.aggregates, EUROPE_CANADA, GAP, years), dtype=float),
            "shortfall_below_target_musd": below.reindex(years).fillna(0.0).to_numpy(),
            "gap_united_states_musd": np.array(_by_year(p.allies, US, GAP, years), dtype=float),
            "gap_total_musd": np.array(_by_year(p.aggregates, TOTAL, GAP, years), dtype=float),
            "expected_gap_europe_canada_musd": np.full(len(years), np.nan),
        }
    )


def with_expected_gap(frame: pd.DataFrame, m: Result | None, projected: np.ndarray) -> pd.DataFrame:
    """A copy of :func:`gaps_frame`'s ``frame`` with the Monte Carlo mean of Europe and Canada's
    gap in the ``projected`` years of the run ``m``."""
    out = frame.copy()
    if m is not None:
        expected = m.expected_gap[m.codes.index(EUROPE_CANADA)]
        out["expected_gap_europe_canada_musd"] = np.where(projected, expected, np.nan)
    return out
