"""NATO's aggregates reproduced from country rows, checked against the rows NATO published.

Reference: the "NATO Europe and Canada" and "NATO Total" rows of NATO's Defence Expenditure of
NATO Countries (2014-2024), June 2024 (bundled as nato_expenditure_ed2024).
"""

from __future__ import annotations

import pytest

from nato3.alliance.aggregates import aggregate, member_rows, nato_aggregates, published_aggregates

YEARS = range(2014, 2025)
RELATIVE = {  # tolerance of the issue: US$ totals, GDP and personnel within 0.01 %
    "defence_exp_musd_current": 1e-4,
    "defence_exp_musd_const": 1e-4,
    "gdp_musd_current": 1e-4,
    "gdp_musd_const": 1e-4,
    "military_personnel_thousands": 1e-4,
}


@pytest.fixture(scope="module")
def computed():
    return nato_aggregates("2024").set_index(["iso3", "year"])


@pytest.fixture(scope="module")
def published():
    return published_aggregates("2024").set_index(["iso3", "year"])


@pytest.mark.parametrize("code", ["NATO_EUR_CAN", "NATO_TOTAL"])
@pytest.mark.parametrize("year", YEARS)
def test_share_of_gdp_matches_nato_within_0_001_pp(computed, published, code, year):
    ours = computed.loc[(code, year), "defence_share_gdp_pct"]
    nato = published.loc[(code, year), "defence_share_gdp_pct"]
    assert abs(ours - nato) < 0.001


@pytest.mark.parametrize("column", list(RELATIVE))
@pytest.mark.parametrize("code", ["NATO_EUR_CAN", "NATO_TOTAL"])
def test_money_gdp_and_personnel_match_nato_within_0_01_percent(computed, published, code, column):
    for year in YEARS:
        ours = computed.loc[(code, year), column]
        nato = published.loc[(code, year), column]
        assert ours == pytest.approx(nato, rel=RELATIVE[column]), (code, year, column)


@pytest.mark.parametrize("code", ["NATO_EUR_CAN", "NATO_TOTAL"])
def test_real_change_and_per_capita_match_nato(computed, published, code):
    for year in range(2015, 2025):  # 2014's change needs 2013, which this edition does not hold
        for column in ("defence_exp_real_change_pct", "gdp_per_capita_kusd_const", "defence_exp_per_capita_usd_const"):
            assert computed.loc[(code, year), column] == pytest.approx(published.loc[(code, year), column], rel=1e-6), (
                code,
                year,
                column,
            )


def test_naive_sum_misses_nato_rules():
    """Summing every row of the table (new allies before accession included) does not give NATO's
    2022 total, which is why the membership rule matters: Finland and Sweden were not yet allies."""
    rows = member_rows("2024")
    naive_2022 = (
        published_aggregates("2024").query("iso3 == 'NATO_TOTAL' and year == 2022")["defence_exp_musd_const"].iloc[0]
    )
    from nato3.store.database import query

    everyone = query(
        "SELECT sum(defence_exp_musd_const) AS s FROM nato_series WHERE edition = '2024' AND year = 2022 "
        "AND iso3 NOT LIKE 'NATO%'"
    )["s"].iloc[0]
    ruled = aggregate(rows).set_index("year").loc[2022, "defence_exp_musd_const"]
    assert ruled == pytest.approx(naive_2022, rel=1e-9)
    assert abs(everyone - naive_2022) / naive_2022 > 1e-3


def test_iceland_counts_in_gdp_but_has_no_spending():
    rows = member_rows("2024")
    isl = rows[rows.iso3 == "ISL"]
    assert isl["gdp_musd_const"].notna().all() and isl["defence_exp_musd_const"].isna().all()
    with_isl = aggregate(rows).set_index("year")
    without = aggregate(rows[rows.iso3 != "ISL"]).set_index("year")
    assert (with_isl["gdp_musd_const"] > without["gdp_musd_const"]).all()


def test_europe_and_canada_grew_18_percent_in_2024(computed):
    """NATO SG Stoltenberg to President Biden, 17 June 2024: "NATO allies are this year increasing
    defence spending by 18%" (report at artifexnews.net/?p=21297). The 18 % is the real change of
    Europe and Canada; the alliance total including the US grew by about 11 %."""
    assert round(computed.loc[("NATO_EUR_CAN", 2024), "defence_exp_real_change_pct"]) == 18


def test_membership_rule_excludes_sweden_before_2024():
    rows = member_rows("2024")
    assert set(rows[rows.iso3 == "SWE"].year) == {2024}
    assert min(rows[rows.iso3 == "MNE"].year) == 2017
    assert min(rows[rows.iso3 == "MKD"].year) == 2020
    assert min(rows[rows.iso3 == "FIN"].year) == 2023


def test_2025_edition_has_no_money_so_published_rows_are_used():
    agg = nato_aggregates("2025")
    assert set(agg["aggregate_method"]) == {"published by NATO"}
    assert agg.query("iso3 == 'NATO_TOTAL' and year == 2024")["defence_share_gdp_pct"].iloc[0] == pytest.approx(
        2.614896246
    )


def test_a_gap_makes_the_total_unknown_not_a_partial_sum():
    """Germany without a 2024 figure (as NATO's 2025 workbook has no 2025e for Germany): NATO
    Total 2024 must be unknown, not the sum of the other allies; other years are unaffected."""
    rows = member_rows("2024")
    gap = rows["iso3"].eq("DEU") & rows["year"].eq(2024)
    rows.loc[gap, ["defence_exp_musd_const", "defence_exp_musd_current"]] = float("nan")
    total = aggregate(rows).set_index("year")
    assert (
        total.loc[2024, ["defence_exp_musd_const", "defence_share_gdp_pct", "defence_exp_real_change_pct"]].isna().all()
    )
    assert total.loc[2024, "gdp_musd_const"] > 0  # GDP is complete
    assert total.loc[2023, "defence_share_gdp_pct"] == pytest.approx(
        published_aggregates("2024").query("iso3 == 'NATO_TOTAL' and year == 2023")["defence_share_gdp_pct"].iloc[0]
    )
