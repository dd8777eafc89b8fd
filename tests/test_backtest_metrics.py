"""Backtest scores against cases computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from nato3.backtest import metrics


def test_mae_and_bias():
    # errors (forecast − outcome): −1, 0, +2 → MAE (1 + 0 + 2) / 3 = 1, bias (−1 + 0 + 2) / 3 = 1/3
    assert metrics.mae([1, 2, 3], [2, 2, 1]) == pytest.approx(1.0)
    assert metrics.bias([1, 2, 3], [2, 2, 1]) == pytest.approx(1 / 3)


def test_coverage_from_pit():
    pit = [0.05, 0.1, 0.3, 0.5, 0.9, 0.95, 0.99]
    # 80 % band = PIT in [0.1, 0.9]: 0.1, 0.3, 0.5, 0.9 → 4 of 7
    assert metrics.coverage(pit, 0.8) == pytest.approx(4 / 7)
    # 50 % band = [0.25, 0.75]: 0.3, 0.5 → 2 of 7
    assert metrics.coverage(pit, 0.5) == pytest.approx(2 / 7)
    # 95 % band = [0.025, 0.975]: all but 0.99 → 6 of 7
    assert metrics.coverage(pit, 0.95) == pytest.approx(6 / 7)


def test_brier_score():
    # (0.1 − 0)² + (0.8 − 1)² + (0.5 − 1)² + (1 − 0)² = 0.01 + 0.04 + 0.25 + 1 = 1.3, / 4
    assert metrics.brier([0.1, 0.8, 0.5, 1.0], [0, 1, 1, 0]) == pytest.approx(0.325)
    assert metrics.brier([0.5] * 4, [0, 1, 1, 0]) == pytest.approx(0.25)  # always 50 %


def test_reliability_bins():
    table = metrics.reliability([0.05, 0.07, 0.55, 0.58, 0.95, 1.0], [0, 1, 1, 1, 0, 1])
    assert table["bin_low"].tolist() == [0.0, 0.5, 0.9]  # empty bins are left out; 1.0 falls in the last
    assert table["events"].tolist() == [2, 2, 2]
    assert table["mean_probability"].tolist() == pytest.approx([0.06, 0.565, 0.975])
    assert table["observed_frequency"].tolist() == pytest.approx([0.5, 1.0, 0.5])


def _forecasts():
    return pd.DataFrame(
        {
            "source": "sipri",
            "edition": "2025",
            "method": ["constant_share"] * 4 + ["linear_trend"] * 2,
            "origin": [2000, 2001, 2000, 2001, 2000, 2000],
            "iso3": ["BEL", "BEL", "BEL", "BEL", "BEL", "DNK"],
            "start_pct": [1.5, 1.6, 1.5, 1.6, 1.5, 1.4],
            "horizon": [1, 1, 2, 2, 1, 1],
            "forecast_pct": [1.5, 1.6, 1.5, 1.6, 1.5, 1.4],
            "outcome_pct": [1.6, 1.4, 1.4, 2.1, 1.7, 1.4],
            "pit": [0.6, 0.05, 0.3, 0.98, 0.5, 0.5],
        }
    )


def test_tables_group_by_method_and_horizon():
    errors = metrics.error_table(_forecasts()).set_index(["method", "horizon"])
    # constant share, h = 1: errors −0.1 and +0.2 → MAE 0.15, bias 0.05
    assert errors.loc[("constant_share", 1), "mae_pp"] == pytest.approx(0.15)
    assert errors.loc[("constant_share", 1), "bias_pp"] == pytest.approx(0.05)
    # h = 2: +0.1 and −0.5 → MAE 0.3, bias −0.2
    assert errors.loc[("constant_share", 2), "mae_pp"] == pytest.approx(0.3)
    assert errors.loc[("constant_share", 2), "bias_pp"] == pytest.approx(-0.2)
    assert errors.loc[("linear_trend", 1), "forecasts"] == 2
    cover = metrics.coverage_table(_forecasts(), by=()).set_index("method")
    # constant share PITs 0.6, 0.05, 0.3, 0.98: inside [0.1, 0.9] are 0.6 and 0.3, inside [0.025, 0.975] all but 0.98
    assert cover.loc["constant_share", "coverage_80"] == pytest.approx(0.5)
    assert cover.loc["constant_share", "coverage_95"] == pytest.approx(0.75)


def test_brier_table_has_the_climatology_beside_it():
    events = pd.DataFrame(
        {
            "source": "sipri",
            "edition": "2025",
            "method": "constant_share",
            "threshold_pct": 2.0,
            "horizon": 1,
            "probability": [0.2, 0.6, 0.0, 0.9],
            "reached": [False, True, False, True],
        }
    )
    row = metrics.brier_table(events).iloc[0]
    # (0.04 + 0.16 + 0 + 0.01) / 4 = 0.0525; climatology 0.5 for each → 0.25
    assert row["brier"] == pytest.approx(0.0525)
    assert row["brier_climatology"] == pytest.approx(0.25)
    assert row["events"] == 4 and row["reached"] == 2
