"""Editions stay apart: each figure says its edition, missing stays missing, no mixing."""

from __future__ import annotations

import pytest

import nato3
from nato3.errors import Nato3Error
from nato3.standing import editions


def test_both_editions_are_loaded_newest_first():
    labels = [e.label for e in editions.editions()]
    assert labels == ["2025", "2024"]
    assert editions.get_edition("2024").price_base_year == 2015
    assert editions.get_edition("2025").price_base_year == 2021


def test_poland_2024_differs_between_editions():
    """SOURCES.md and NATO's tables: Poland 2024 is 4.12 in the 2024 edition, 3.79 in the 2025 edition."""
    e24 = nato3.status(2024, "2024").set_index("iso3").loc["POL"]
    e25 = nato3.status(2024, "2025").set_index("iso3").loc["POL"]
    assert round(e24.defence_share_gdp_pct, 2) == 4.12 and e24.edition == "2024"
    assert round(e25.defence_share_gdp_pct, 2) == 3.79 and e25.edition == "2025"


def test_default_is_newest_edition_with_the_figure():
    df = nato3.status(2024)
    assert df.attrs["editions"]["defence_share_gdp_pct"] == "2025"
    # the 2025 edition has no equipment shares: they come from the 2024 edition, labelled so
    assert df.attrs["editions"]["equipment_share_pct"] == "2024"


def test_germany_2025_stays_missing():
    df = nato3.status(2025).set_index("iso3")
    assert df.attrs["editions"] == {"defence_share_gdp_pct": "2025"}
    assert df.loc["DEU"].defence_share_gdp_pct != df.loc["DEU"].defence_share_gdp_pct  # NaN


def test_2025_edition_aggregates_are_nato_published_not_mixed():
    df = nato3.status(2024, "2025").set_index("iso3")
    assert df.loc["NATO_TOTAL", "aggregate_method"] == "published by NATO"
    assert df.loc["NATO_TOTAL", "defence_exp_musd_const"] != df.loc["NATO_TOTAL", "defence_exp_musd_const"]


def test_unknown_edition_and_year_are_clear_errors():
    with pytest.raises(Nato3Error, match="unknown edition '2019'; available: 2025, 2024"):
        nato3.status(2024, "2019")
    with pytest.raises(Nato3Error, match="year 2025 is outside the 2024 edition; allowed: 2014–2024"):
        nato3.status(2025, "2024")
    with pytest.raises(Nato3Error, match="year 1990 is outside NATO's data"):
        nato3.status(1990)
