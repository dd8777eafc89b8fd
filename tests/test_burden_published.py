"""Burden shares checked against figures their producers published.

SIPRI, press release and fact sheet "Trends in world military expenditure, 2024" (28 April 2025),
as reported at https://www.thethinkingconservative.com/global-military-spending-exceeds-2-7-trillion-report
and https://saba.ye/en/news3472467.htm: NATO members spent about $1.5 trillion in 2024; "U.S.
military spending accounted for 66 percent of total NATO expenditure"; "European NATO members spent
$454 billion, making up 30 percent". SIPRI's figures are in current US$, and SIPRI counts Türkiye
in the Middle East, not Europe, so the comparison uses current prices and Europe without Türkiye.

NATO's own aggregates are checked in tests/test_burden_groups.py.
"""

from __future__ import annotations

import pytest

from nato3.alliance.groups import builtin_groups
from nato3.burden.analysis import burden_metrics


@pytest.fixture(scope="module")
def sipri_2024():
    europe = [m for m in builtin_groups()["europe"].members if m != "TUR"]
    long = burden_metrics("sipri", 2024, 2024, groups=[f"sipri_europe={','.join(europe)}"], prices="current")
    return long.set_index(["iso3", "indicator"])["value"]


def test_nato_total_is_1_5_trillion(sipri_2024):
    assert round(sipri_2024[("NATO_TOTAL", "spending_musd")] / 1e6, 1) == 1.5


def test_us_share_is_66_percent(sipri_2024):
    assert round(sipri_2024[("USA", "spending_share_pct")]) == 66
    assert round(sipri_2024[("group:united_states", "spending_share_pct")]) == 66


def test_european_members_454_billion_and_30_percent(sipri_2024):
    assert round(sipri_2024[("group:sipri_europe", "spending_musd")] / 1e3) == 454
    assert round(sipri_2024[("group:sipri_europe", "spending_share_pct")]) == 30


def test_constant_prices_tell_the_same_story():
    """SIPRI published the 2024 US share at current prices (66 %); at its constant 2023 prices the
    share must round to the same published figure (prices move little within one year)."""
    long = burden_metrics("sipri", 2024, 2024, groups=["united_states"]).set_index(["iso3", "indicator"])["value"]
    assert round(long[("USA", "spending_share_pct")]) == 66
