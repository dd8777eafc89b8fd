"""The Wales case study: the engine's odds from 2014 against NATO's 2024 edition."""

from __future__ import annotations

import pytest

from nato3.backtest.wales import wales_case, wales_summary


@pytest.fixture(scope="module")
def case():
    return wales_case(draws=2_000, seed=5)


def test_outcomes_are_natos_published_counts(case):
    """NATO's 2024 edition: 23 allies at or above 2 % in 2024 (Stoltenberg, 17 June 2024), 3 in 2014."""
    summary = wales_summary(case).set_index("policy")
    for policy in ("constant_share", "straight_line_to_2pct"):
        assert summary.loc[policy, "allies"] == 31  # Iceland publishes no defence figures
        assert summary.loc[policy, "at_2pct_2024"] == 23
        assert summary.loc[policy, "at_2pct_2014"] == 3
    row = case[(case["policy"] == "constant_share")].set_index("iso3")
    assert row.loc["POL", "share_2024_pct"] == pytest.approx(4.12, abs=0.005)  # NATO: Poland 2024e 4.12 %
    assert row.loc["EST", "share_2024_pct"] == pytest.approx(3.43, abs=0.005)  # Estonia 3.43 %


def test_the_odds_come_from_the_engine_from_2014(case):
    keep = case[case["policy"] == "constant_share"].set_index("iso3")
    assert keep["path_2024_pct"].equals(keep["share_2014_pct"])  # keeps its 2014 share
    assert keep.loc["USA", "p_reach_2024"] > 0.9  # 3.71 % in 2014
    assert keep.loc["LUX", "p_reach_2024"] < 0.01  # 0.37 % in 2014
    line = case[case["policy"] == "straight_line_to_2pct"].set_index("iso3")
    assert (line.loc[line["share_2014_pct"] < 2, "path_2024_pct"] == 2.0).all()
    assert case["p_reach_2024"].between(0, 1).all() and case["is_hindcast"].all()
    assert set(case["edition"]) == {"2024"}


def test_each_policy_is_what_the_projection_engine_gives(case):
    """The case runs each policy without the projection's frames (nato3.backtest.wales._run):
    every ally's 2024 path, odds and band are, bit for bit, those of ``project()`` on the same
    scenario (what the case computed before it left the frames out)."""
    import numpy as np

    from nato3.backtest.wales import YEAR, scenarios
    from nato3.projection.runner import project

    for name, resolved in scenarios(draws=2_000, seed=5).items():
        p = project(resolved)
        rows = case[case["policy"] == name].set_index("iso3")
        at = [p.setup.base.iso3.index(code) for code in rows.index]
        paths = p.allies[p.allies["year"] == YEAR].set_index("iso3")["defence_share_gdp_pct"]
        assert np.array_equal(rows["path_2024_pct"].to_numpy(), paths.loc[rows.index].to_numpy())
        assert np.array_equal(rows["p_reach_2024"].to_numpy(), p.montecarlo.p_reach_by[at, -1])
        assert np.array_equal(rows["share_p05_2024"].to_numpy(), p.montecarlo.quantiles[0.05][at, -1])
        assert np.array_equal(rows["share_p95_2024"].to_numpy(), p.montecarlo.quantiles[0.95][at, -1])
