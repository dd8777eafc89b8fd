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


def allies(doc):
    return doc["allies"].set_index("iso3")


def test_poland_2024_differs_between_editions():
    """SOURCES.md and NATO's tables: Poland 2024 is 4.12 in the 2024 edition, 3.79 in the 2025 edition."""
    e24 = allies(nato3.status(2024, "2024")).loc["POL"]
    e25 = allies(nato3.status(2024, "2025")).loc["POL"]
    assert round(e24.defence_share_gdp_pct, 2) == 4.12 and e24.edition == "2024"
    assert round(e25.defence_share_gdp_pct, 2) == 3.79 and e25.edition == "2025"


def test_one_edition_per_view_and_it_says_why():
    doc = nato3.status(2024)
    assert [e.label for e in doc.editions] == [doc.parameters["edition"]]
    assert doc.editions[0].why.startswith("2024 from the")
    assert set(doc["allies"]["edition"]) == {doc.parameters["edition"]}


def test_germany_2025_stays_missing():
    doc = nato3.status(2025, "2025")
    germany = allies(doc).loc["DEU"]
    assert germany.defence_share_gdp_pct != germany.defence_share_gdp_pct  # NaN: NATO published none
    assert any("Germany" in c for c in doc.caveats)


def test_2025_edition_aggregates_are_nato_published_not_mixed():
    df = allies(nato3.status(2024, "2025"))
    assert df.loc["NATO_TOTAL", "aggregate_method"] == "published by NATO"
    assert df.loc["NATO_TOTAL", "defence_exp_musd_const"] != df.loc["NATO_TOTAL", "defence_exp_musd_const"]


def test_unknown_edition_and_year_are_clear_errors():
    with pytest.raises(Nato3Error, match="unknown edition '2019'; available: ") as error:
        nato3.status(2024, "2019")
    assert error.value.parameter == "edition"
    with pytest.raises(Nato3Error, match="year 2025 is outside the 2024 edition; allowed: 2014–2024") as error:
        nato3.status(2025, "2024")
    assert error.value.parameter == "year"
    with pytest.raises(Nato3Error, match="year 1990 is outside NATO's data"):
        nato3.status(1990)


def test_estimates_keep_their_mark():
    """Poland 2023: an outturn in the 2025 edition, an estimate in the 2024 edition (2023e)."""
    assert "estimate" not in allies(nato3.status(2023, "2025")).loc["POL", "marks"].get("defence_share_gdp_pct", ())
    assert "estimate" in allies(nato3.status(2023, "2024")).loc["POL", "marks"]["defence_share_gdp_pct"]
