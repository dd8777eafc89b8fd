"""Group shares: the headline split matches NATO's own aggregate rows, partitions sum to 100 %,
and bad groups get a clear error.

Reference: the "NATO Europe and Canada" and "NATO Total" rows of NATO's Defence Expenditure of
NATO Countries (2014-2024), June 2024, as published (``published_aggregates("2024")``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nato3.alliance.aggregates import published_aggregates
from nato3.alliance.groups import Group
from nato3.alliance.membership import allies
from nato3.burden.groups import default_groups, group_metrics, resolve_groups
from nato3.burden.metrics import alliance_metrics
from nato3.burden.rows import ally_rows
from nato3.errors import Nato3Error

ALLIES = sorted(allies())


@pytest.fixture(scope="module")
def nato_rows():
    return ally_rows("nato", 2014, 2024)


@pytest.fixture(scope="module")
def sipri_rows():
    return ally_rows("sipri", 1949, 2024)


@pytest.mark.parametrize(
    "prices, column", [("constant", "defence_exp_musd_const"), ("current", "defence_exp_musd_current")]
)
def test_us_and_europe_canada_shares_equal_nato_published_aggregates(nato_rows, prices, column):
    """For 2014-2024, the shares computed from country rows equal the ones NATO's own published
    rows imply (Europe and Canada ÷ NATO Total; the US is the rest) within 0.01 pp."""
    ours = group_metrics(nato_rows, resolve_groups(None)[:2], prices).set_index(["group", "year"])
    published = published_aggregates("2024").set_index(["iso3", "year"])[column]
    for year in range(2014, 2025):
        europe_canada = 100 * published[("NATO_EUR_CAN", year)] / published[("NATO_TOTAL", year)]
        assert abs(ours.loc[("europe_and_canada", year), "spending_share_pct"] - europe_canada) < 0.01
        assert abs(ours.loc[("united_states", year), "spending_share_pct"] - (100 - europe_canada)) < 0.01
    # The 2024 headline: the US paid 63.7 % of the alliance's spending (2015 prices).
    if prices == "constant":
        assert round(ours.loc[("united_states", 2024), "spending_share_pct"], 1) == 63.7


@pytest.mark.parametrize("pair", [("united_states", "europe_and_canada"), ("north_america", "europe")])
def test_builtin_partitions_sum_to_100(nato_rows, sipri_rows, pair):
    groups = [g for g in default_groups() if g.group_id in pair]
    for rows in (nato_rows, sipri_rows):
        _assert_partition_sums_to_100(rows, group_metrics(rows, groups))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(labels=st.lists(st.integers(min_value=0, max_value=5), min_size=len(ALLIES), max_size=len(ALLIES)))
def test_random_partitions_sum_to_100(nato_rows, sipri_rows, labels):
    """Any partition of the allies into groups partitions the alliance in every year: the group
    shares (groups without a member that year count as missing) sum to 100 % to 1e-9."""
    members: dict[int, list[str]] = {}
    for iso3, label in zip(ALLIES, labels, strict=True):
        members.setdefault(label, []).append(iso3)
    groups = [Group(f"g{label}", f"g{label}", tuple(codes), "user-defined") for label, codes in members.items()]
    for rows in (nato_rows, sipri_rows):
        metrics = group_metrics(rows, groups)
        _assert_partition_sums_to_100(rows, metrics)
        assert (metrics.groupby("year")["n_members"].sum() == rows.groupby("year")["iso3"].nunique()).all()


def _assert_partition_sums_to_100(rows, metrics):
    """Every year whose alliance total is known sums to 100 %; in the others (SIPRI lacks a figure
    for an ally) every group's share is unknown."""
    whole = alliance_metrics(rows).set_index("year")
    for share, total in (("spending_share_pct", "spending_musd"), ("gdp_share_pct", "gdp_musd")):
        sums = metrics.groupby("year")[share].sum(min_count=1)
        known = whole[total].notna()
        assert known.sum() >= 11
        assert np.allclose(sums[known], 100, rtol=0, atol=1e-9)
        assert sums[~known].isna().all()


def test_group_without_member_that_year_is_missing_not_zero(sipri_rows):
    metrics = group_metrics(sipri_rows, [g for g in default_groups() if g.group_id == "eastern_flank"])
    before = metrics[metrics["year"] < 2004]  # Bulgaria, Estonia, Latvia, Lithuania, Romania, Slovakia: 2004
    assert (before.loc[before["year"] < 1999, "n_members"] == 0).all()
    assert before.loc[before["year"] < 1999, "spending_share_pct"].isna().all()
    assert (before.loc[before["year"] >= 1999, "n_members"] == 2).all()  # Hungary and Poland joined in 1999


@pytest.mark.parametrize(
    "specs, message",
    [
        (["Baltics="], "group 'Baltics' is empty"),
        (["Baltics=EST,XYZ"], "unknown member XYZ"),
        (["nope"], "unknown group 'nope'; allowed: NAME=ISO3,ISO3 or a built-in group:"),
        (["eu=POL,DEU"], "group name 'eu' is a built-in group"),
        (["A=POL", "A=DEU"], "group 'A' is given twice"),
    ],
)
def test_bad_groups_raise_clear_errors(specs, message):
    with pytest.raises(Nato3Error, match=message) as err:
        resolve_groups(specs)
    assert err.value.parameter == "groups"


def test_headline_first_and_user_groups_added():
    chosen = resolve_groups(["eu", "Baltics=est, lva,LTU", "united_states"])
    assert [g.group_id for g in chosen] == ["united_states", "europe_and_canada", "eu", "Baltics"]
    assert chosen[-1].members == ("EST", "LVA", "LTU")
    assert [g.group_id for g in default_groups()][:2] == ["united_states", "europe_and_canada"]
