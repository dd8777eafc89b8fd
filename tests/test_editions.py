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


def test_each_figure_keeps_its_own_estimate_marker():
    """Poland 2023 by default: the share comes from the 2025 edition (2023 is an outturn there),
    real change and equipment share from the 2024 edition, where every 2023 figure is an estimate."""
    pol = nato3.status(2023).set_index("iso3").loc["POL"]
    assert pol.is_estimate is False or not pol.is_estimate
    assert {"defence_exp_real_change_pct", "equipment_share_pct"} <= set(pol.estimate_figures)
    assert "defence_share_gdp_pct" not in pol.estimate_figures


def test_press_reports_of_the_2025_table_are_marked_secondary():
    """The bundled 2025e values come from press reports (C1, C2) or a seed file of unknown
    repository (B), not NATO's table itself (SOURCES.md §2); 2014–2024 values (source A) are not."""
    y2025 = nato3.status(2025)
    allies = y2025[(y2025.kind == "ally") & y2025.defence_share_gdp_pct.notna()]
    assert len(allies) == 19 and allies.secondary_source.all()
    assert "press" in y2025.attrs["secondary_note"]
    assert not nato3.status(2024).secondary_source.any()


def test_status_cli_marks_secondary_and_lists_missing(cli):
    code, out, _ = cli("status", "--year", "2025")
    assert code == 0
    assert "4.48 e †" in out
    assert "No share of GDP for 2025 in the 2025 edition as bundled: BGR, DEU" in out
