"""Shares of the alliance per ally and year: they sum to 100 %, follow the membership rule, match
NATO's published per-capita figures, and never mix editions.

References: NATO, Defence Expenditure of NATO Countries (2014-2024), June 2024 (bundled as
nato_expenditure_ed2024), Tables 3 and 6; SIPRI Military Expenditure Database, April 2025.
"""

from __future__ import annotations

import numpy as np
import pytest

from nato3.burden.analysis import burden_metrics
from nato3.burden.metrics import alliance_metrics, ally_metrics
from nato3.burden.rows import ally_rows
from nato3.errors import Nato3Error
from nato3.longformat import OBSERVED_INDEX
from nato3.store.database import query

SHARES = ["spending_share_pct", "gdp_share_pct", "personnel_share_pct", "population_share_pct"]


@pytest.fixture(scope="module")
def nato():
    return ally_metrics(ally_rows("nato", 2014, 2024))


@pytest.fixture(scope="module")
def sipri():
    return ally_metrics(ally_rows("sipri", 1949, 2024))


@pytest.mark.parametrize("prices", ["constant", "current"])
def test_nato_shares_sum_to_100_every_year(prices):
    metrics = ally_metrics(ally_rows("nato", 2014, 2024), prices)
    sums = metrics.groupby("year")[SHARES].sum(min_count=1)
    assert len(sums) == 11
    assert np.allclose(sums.to_numpy(), 100, rtol=0, atol=1e-9)


def test_sipri_shares_sum_to_100_every_year_with_a_complete_total(sipri):
    """Where SIPRI lacks a figure for an ally, the alliance total is unknown, not a partial sum:
    no spending for the UK and Canada in 1949 and Türkiye in 1952; no share of GDP (so no
    derived GDP) for the Netherlands before 1956 and Türkiye before 1960; no World Bank population
    before 1960. Every other year sums to 100 %."""
    sums = sipri.groupby("year")[["spending_share_pct", "gdp_share_pct", "population_share_pct"]].sum(min_count=1)
    assert list(sums.index) == list(range(1949, 2025))
    assert set(sums.index[sums["spending_share_pct"].isna()]) == {1949, 1952}
    assert set(sums.index[sums["gdp_share_pct"].isna()]) == set(range(1949, 1960))
    assert set(sums.index[sums["population_share_pct"].isna()]) == set(range(1949, 1960))
    assert np.allclose(sums.dropna(how="all").fillna(100).to_numpy(), 100, rtol=0, atol=1e-9)
    assert sipri["personnel_share_pct"].isna().all()  # SIPRI has no personnel figures
    # Iceland, without armed forces, does not make a total unknown: SIPRI gives it zero from 1988.
    iceland = sipri[sipri["iso3"] == "ISL"]
    assert (iceland.loc[iceland["year"] >= 1988, "spending_share_pct"] == 0).all()


def test_fair_share_index_is_burden_over_alliance_burden(nato):
    """At constant prices, spending share ÷ GDP share = the ally's share of GDP (NATO Table 3)
    ÷ the alliance's share of GDP, except in three cells where NATO's workbook stores exactly
    2.0 % although its own spending ÷ GDP is 1.99 % (Lithuania 2019, France 2020, Slovakia 2024):
    the index uses the money columns, so it keeps the unrounded ratio."""
    alliance = alliance_metrics(ally_rows("nato", 2014, 2024)).set_index("year")["burden_pct"]
    expected = nato["burden_pct"] / nato["year"].map(alliance)
    off = nato[~np.isclose(nato["fair_share_index"], expected, rtol=1e-9, equal_nan=True)]
    assert set(zip(off["iso3"], off["year"], strict=True)) == {("LTU", 2019), ("FRA", 2020), ("SVK", 2024)}
    assert (off["burden_pct"] == 2.0).all()
    assert np.allclose(off["fair_share_index"], expected[off.index], rtol=0.01)
    poland = nato.query("iso3 == 'POL' and year == 2024").iloc[0]
    assert round(poland["burden_pct"], 2) == 4.12 and poland["fair_share_index"] > 1.5


def test_per_capita_equals_nato_table_6(nato):
    """Population is derived (GDP ÷ GDP per capita); spending ÷ that population gives back NATO's
    own published defence expenditure per capita."""
    published = query(
        "SELECT iso3, year, defence_exp_per_capita_usd_const AS pc FROM nato_series WHERE edition = '2024' "
        "AND defence_exp_per_capita_usd_const IS NOT NULL"
    )
    merged = nato.merge(published, on=["iso3", "year"])
    assert len(merged) == nato["spending_musd"].notna().sum()
    assert np.allclose(merged["per_capita_usd"], merged["pc"], rtol=1e-9)


def test_sipri_gdp_is_derived_from_the_share_of_gdp():
    rows = ally_rows("sipri", 2000, 2024)
    ratio = 100 * rows["defence_exp_musd_const"] / rows["gdp_musd_const"]
    assert np.allclose(ratio, rows["defence_share_gdp_pct"], rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize(
    "source, iso3, accession",
    [
        ("nato", "SWE", 2024),
        ("nato", "FIN", 2023),
        ("nato", "MKD", 2020),
        ("sipri", "POL", 1999),
        ("sipri", "DEU", 1955),
    ],
)
def test_ally_absent_before_its_accession_year(source, iso3, accession):
    first = 2014 if source == "nato" else 1949
    rows = ally_rows(source, first, 2024)
    years = set(rows.loc[rows["iso3"] == iso3, "year"])
    assert min(years) == accession and accession - 1 not in years
    # SIPRI has figures for these countries before they joined: the rule, not the data, drops them.
    if source == "sipri":
        assert query("SELECT count(*) AS n FROM sipri_milex WHERE iso3 = ? AND year < ?", [iso3, accession])["n"][0]


def test_nato_uses_one_edition_with_money():
    rows = ally_rows("nato", 2014, 2024)
    assert rows.attrs["editions"] == ["2024"]
    with pytest.raises(Nato3Error, match="edition 2025 publishes shares of GDP only") as err:
        ally_rows("nato", 2024, 2024, edition="2025")
    assert err.value.parameter == "edition"
    with pytest.raises(
        Nato3Error, match="no defence spending in US\\$ for 2025 in NATO's data; allowed: 2014–2024"
    ) as err:
        ally_rows("nato", 2025, 2025)
    assert err.value.parameter == "from_year"


def test_long_format_with_groups_and_derived_marks():
    long = burden_metrics("sipri", 2023, 2024, groups=["eu", "Baltics=EST,LVA,LTU"])
    assert list(long.columns[:4]) == OBSERVED_INDEX
    assert {"value", "unit", "edition", "is_estimate", "is_derived"} <= set(long.columns)
    assert not long.duplicated(OBSERVED_INDEX).any()
    keys = set(long["iso3"])
    assert {"group:united_states", "group:europe_and_canada", "group:eu", "group:Baltics", "NATO_TOTAL"} <= keys
    assert set(long["year"]) == {2023, 2024}
    derived = long.set_index(["iso3", "indicator", "year"])["is_derived"]
    assert derived[("POL", "gdp_share_pct", 2024)] and not derived[("POL", "spending_share_pct", 2024)]
    assert "personnel_share_pct" not in set(long["indicator"])
    assert long.attrs["derived"]["gdp"].startswith("derived")
    assert {s["table"] for s in long.attrs["sources"]} >= {"sipri_milex", "worldbank_population_gdp"}


def test_group_real_change_in_the_first_year_uses_the_year_before():
    long = burden_metrics("nato", 2024, 2024, groups=["europe_and_canada"])
    change = long.query("iso3 == 'group:europe_and_canada' and indicator == 'real_change_pct'")["value"].iloc[0]
    assert round(change) == 18  # NATO SG, 17 June 2024: Europe and Canada up 18 % (see test_aggregates)
