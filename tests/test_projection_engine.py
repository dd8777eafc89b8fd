"""Deterministic projection: closed forms, NATO's aggregation rules, editions and announced plans."""

from __future__ import annotations

import numpy as np
import pytest

from nato3.projection import engine
from nato3.projection.inputs import load_base, mean_growth
from nato3.projection.path_aggregates import aggregate_frame, groups
from nato3.projection.resolve import resolve
from nato3.projection.runner import project
from nato3.projection.scenario import Scenario


def setup_for(**fields):
    return engine.prepare(resolve(Scenario.model_validate(fields)))


def wide(p, indicator):
    return p.wide(indicator)


BASE_2024 = {"edition": "2024", "base_year": 2024, "horizon": 2035, "target": 3.5}
GROWTH = {"default": 2.0, "POL": 3.0}


def test_linear_path_and_gap_equal_closed_forms():
    p = project(Scenario.model_validate({**BASE_2024, "gdp_growth": GROWTH, "policy": {"default": "linear_to_target"}}))
    share, gap, gdp = wide(p, "defence_share_gdp_pct"), wide(p, "gap_musd"), wide(p, "gdp_musd_const")
    base = load_base("2024", "2024", 2024)
    years = np.arange(2024, 2036)
    for iso3 in ("DEU", "BEL", "ESP", "CAN", "POL"):
        i = base.index(iso3)
        b0, y0 = base.share[i], base.gdp_at(2024)[i]
        g = 3.0 if iso3 == "POL" else 2.0
        expected_gdp = y0 * (1 + g / 100) ** (years - 2024)
        if b0 >= 3.5:
            expected = np.full(len(years), b0)
        else:
            expected = b0 + (3.5 - b0) * (years - 2024) / (2035 - 2024)
        np.testing.assert_allclose(share.loc[iso3, years], expected, rtol=1e-12)
        np.testing.assert_allclose(gdp.loc[iso3, years], expected_gdp, rtol=1e-12)
        np.testing.assert_allclose(gap.loc[iso3, years], (3.5 - expected) * expected_gdp / 100, rtol=1e-9, atol=1e-6)
    assert (share.loc[list(base.iso3[:3]), 2035] >= 3.5).all()


def test_constant_share_real_growth_and_hold_spending_equal_closed_forms():
    policy = {"default": "constant_share", "POL": {"real_growth": {"rate": 4}}, "DEU": "hold_spending"}
    p = project(Scenario.model_validate({**BASE_2024, "gdp_growth": GROWTH, "policy": policy}))
    share, spending = wide(p, "defence_share_gdp_pct"), wide(p, "defence_exp_musd_const")
    base = load_base("2024", "2024", 2024)
    years = np.arange(2024, 2036)
    k = years - 2024
    fra, pol, deu = (base.index(c) for c in ("FRA", "POL", "DEU"))
    np.testing.assert_allclose(share.loc["FRA", years], base.share[fra], rtol=0)
    np.testing.assert_allclose(share.loc["POL", years], base.share[pol] * 1.04**k / 1.03**k, rtol=1e-12)
    np.testing.assert_allclose(share.loc["DEU", years], base.share[deu] / 1.02**k, rtol=1e-12)
    # Real spending: +4 % a year for Poland, constant for Germany.
    s0_pol, s0_deu = (base.share[i] * base.gdp_at(2024)[i] / 100 for i in (pol, deu))
    np.testing.assert_allclose(spending.loc["POL", years], s0_pol * 1.04**k, rtol=1e-12)
    np.testing.assert_allclose(spending.loc["DEU", years], s0_deu, rtol=1e-12)


def test_base_year_aggregates_equal_natos_published_2024_figures():
    """Projected 2024 (= observed base year) aggregates reproduce NATO's own 2024 aggregates."""
    from nato3.alliance.aggregates import published_aggregates

    p = project(Scenario.model_validate({**BASE_2024, "policy": {"default": "constant_share"}}))
    published = published_aggregates("2024").query("year == 2024").set_index("iso3")
    agg = p.aggregates[p.aggregates["year"] == 2024].set_index("iso3")
    for code in ("NATO_EUR_CAN", "NATO_TOTAL"):
        assert agg.loc[code, "defence_share_gdp_pct"] == pytest.approx(
            published.loc[code, "defence_share_gdp_pct"], abs=1e-3
        )
        assert agg.loc[code, "gdp_musd_const"] == pytest.approx(published.loc[code, "gdp_musd_const"], rel=1e-6)
    long = p.long.set_index(["iso3", "indicator", "year"])
    assert not long.loc[("NATO_TOTAL", "defence_share_gdp_pct", 2024), "is_projection"]
    assert long.loc[("NATO_TOTAL", "defence_share_gdp_pct", 2025), "is_projection"]


def test_kernel_aggregates_equal_the_foundation_aggregation():
    s = setup_for(policy={"default": "linear_to_target", "USA": "hold_spending"})
    share, gdp, gap = engine.run_deterministic(s)
    aggregates = aggregate_frame(s, engine.ally_frame(s, share, gdp, gap))
    for row, code in enumerate(s.kernel.codes[-2:], start=len(s.base.iso3)):
        expected = aggregates[aggregates["iso3"] == code]["defence_share_gdp_pct"].to_numpy()
        np.testing.assert_allclose(share[row], expected, rtol=1e-12)
    assert {"group:eu", "group:nordic_baltic", "NATO_EUR_CAN"} <= set(aggregates["iso3"])


@pytest.mark.parametrize(
    "fields",
    [
        {"policy": {"default": "linear_to_target", "USA": "hold_spending"}},
        # allies joining during the path (Montenegro 2017, North Macedonia 2020, Finland 2023, Sweden 2024)
        {"edition": "2024", "base_year": 2015, "horizon": 2030, "policy": {"default": "constant_share"}},
        {
            "edition": "2024",
            "base_year": 2019,
            "horizon": 2040,
            "policy": {"eastern_flank": {"real_growth": {"rate": 3}}},
        },
    ],
)
def test_numpy_aggregates_are_the_foundation_aggregation_bit_for_bit(fields):
    """Every group of the projection, summed in NumPy, equals what alliance.aggregates.aggregate (the
    function tested against NATO's published aggregates) gives for the same projected rows."""
    import pandas as pd

    from nato3.alliance.aggregates import aggregate
    from nato3.alliance.membership import is_member

    s = setup_for(**fields)
    share, gdp, gap = engine.run_deterministic(s)
    allies = engine.ally_frame(s, share, gdp, gap)
    ours = aggregate_frame(s, allies)
    rows = allies.assign(
        is_estimate=False,
        defence_exp_musd_current=np.nan,
        gdp_musd_current=np.nan,
        military_personnel_thousands=np.nan,
        gdp_per_capita_kusd_const=np.nan,
    )
    rows = rows[[is_member(c, y) for c, y in zip(rows["iso3"], rows["year"], strict=True)]]
    joined = {"MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024}
    if s.resolved.base_year == 2015:
        assert all(not rows[(rows["iso3"] == c) & (rows["year"] < y)].shape[0] for c, y in joined.items())
        assert all(rows[(rows["iso3"] == c) & (rows["year"] == y)].shape[0] == 1 for c, y in joined.items())
    for code, (name, members) in groups(s).items():
        expected = aggregate(rows, members)
        got = ours[ours["iso3"] == code].reset_index(drop=True)
        pd.testing.assert_frame_equal(got[list(expected.columns)], expected, check_exact=True)
        flags = rows[rows["iso3"].isin(members)].groupby("year")[["share_projected", "gdp_projected"]].any()
        assert got["share_projected"].tolist() == flags["share_projected"].tolist()
        assert got["gdp_projected"].tolist() == flags["gdp_projected"].tolist()
        assert (got["name"] == name).all()


def test_default_growth_is_mean_compound_growth_of_nato_constant_price_gdp():
    s = setup_for()
    base = s.base
    i = base.index("DEU")
    y = dict(zip(base.gdp_years, base.gdp[i], strict=True))
    assert s.growth[i] == pytest.approx(100 * ((y[2024] / y[2014]) ** (1 / 10) - 1), rel=1e-12)
    assert mean_growth(base, i, 2014, 2022) == pytest.approx(100 * ((y[2022] / y[2014]) ** (1 / 8) - 1), rel=1e-12)
    assert "mean compound growth 2014–2024" in s.growth_notes[i]


def test_2025_edition_starts_from_each_allys_latest_figure_and_names_both_editions():
    p = project("current-trend", draws=0)
    row = p.summary.set_index("iso3")
    # the newest edition is the 2026 one (core defence): Poland 4.68 % in 2026e (SOURCES.md §12)
    assert row.loc["POL", "base_share_pct"] == pytest.approx(4.68) and row.loc["POL", "base_share_year"] == 2026
    assert (row["base_share_year"].dropna() == 2026).all()  # it has a 2026e for every ally, Germany included
    assert row.loc["ISL", "policy"].startswith("no NATO defence figures")
    long = p.long.set_index(["iso3", "indicator", "year"])
    assert long.loc[("POL", "defence_share_gdp_pct", 2026), "edition"] == "2026"
    assert not long.loc[("POL", "defence_share_gdp_pct", 2026), "is_projection"]
    assert long.loc[("DEU", "defence_share_gdp_pct", 2027), "is_projection"]
    assert long.loc[("POL", "gdp_musd_const", 2026), "edition"] == "2024"
    assert long.loc[("POL", "gap_musd", 2030), "edition"] == "2026 shares × 2024 GDP"
    assert list(p.long.columns[:4]) == ["scenario", "iso3", "indicator", "year"]
    assert any("two separate inputs" in note for note in p.notes())


def test_hague_linear_puts_every_ally_at_3_5_in_2035():
    p = project("hague-linear", draws=0)
    shares = p.summary.dropna(subset=["base_share_pct"])
    assert (shares["share_horizon_pct"] >= 3.5).all()
    above = shares[shares["base_share_pct"] >= 3.5]
    assert set(above["iso3"]) == {"POL", "LTU", "LVA", "EST", "GRC"}  # 2026e core at or above 3.5 % (SOURCES.md §12)
    assert (above["share_horizon_pct"] == above["base_share_pct"]).all()


def test_announced_plans_use_latest_announcement_and_never_mix_scopes():
    p = project("announced-plans", draws=0)
    s = p.setup.compiled
    share = wide(p, "defence_share_gdp_pct")
    # NATO's 2026e (2026 edition) is the latest figure: it wins over the 2026 plans (LTU 5.38, EST 5.4)
    assert share.loc["LTU", 2026] == pytest.approx(5.33)
    assert share.loc["EST", 2026] == pytest.approx(5.10)
    assert share.loc["DEU", 2029] == pytest.approx(3.5) and share.loc["DEU", 2035] == pytest.approx(3.5)
    # Slovenia's rows are all a national definition, France and the US gave money only: not used.
    assert {"SVN", "FRA", "USA"} <= set(s.fell_back)
    rows = {(r.iso3, r.announced_on, r.target_year): r for r in s.announced_rows}
    assert not rows[("FRA", "2025-07-13", 2027)].used and "money only" in rows[("FRA", "2025-07-13", 2027)].reason
    assert "national definition" in rows[("SVN", "2025-05-08", 2030)].reason
    assert "5 % total" in rows[("BGR", "2025-06-23", 2035)].reason
    assert "superseded" in rows[("LTU", "2025-01-17", 2026)].reason
    assert not rows[("LTU", "2025-12", 2026)].used and "latest NATO figure" in rows[("LTU", "2025-12", 2026)].reason
    assert "latest NATO figure" in rows[("ALB", "2025-09-17", 2025)].reason
    assert all(r.scope in ("core_nato_definition", "unknown") for r in s.announced_rows if r.used)


def test_credibility_categories():
    policy = {
        "default": "constant_share",
        "DEU": {"plan": {2026: 3.5}},  # everything up front
        "FRA": {"plan": {2034: 2.1, 2035: 3.5}},  # everything at the end
        "ITA": "linear_to_target",
    }
    p = project(Scenario.model_validate({**BASE_2024, "policy": policy}))
    cred = p.credibility.set_index("iso3")
    assert cred.loc["DEU", "category"] == "front-loaded"
    assert cred.loc["FRA", "category"] == "back-loaded"
    assert cred.loc["FRA", "shortfall_year"] == 2034
    assert cred.loc["ITA", "category"] == "on the path"
    assert cred.loc["ESP", "category"] == "misses target"
    assert cred.loc["POL", "category"] == "at target"
    base = load_base("2024", "2024", 2024)
    fra = base.share[base.index("FRA")]
    line_2034 = fra + (3.5 - fra) * 10 / 11
    assert cred.loc["FRA", "largest_shortfall_pp"] == pytest.approx(line_2034 - 2.1, abs=1e-6)
