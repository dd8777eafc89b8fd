"""Editions stay apart: each figure says its edition and definition, missing stays missing, no mixing."""

from __future__ import annotations

import pytest

import nato3
from nato3.errors import Nato3Error
from nato3.standing import editions


def test_editions_are_loaded_newest_first_with_their_definition():
    """SOURCES.md: the 2024 edition (2015 prices, cut-off 2024-06-12), the 2025 edition (2021 prices,
    cut-off 2025-06-03) on the old total definition; the 2026 edition (2021 prices, cut-off
    2026-07-03) on the Hague core-defence definition."""
    found = [(e.label, e.definition, e.price_base_year, e.published, e.cutoff) for e in editions.editions()]
    assert found == [
        ("2026", "core", 2021, "2026-07-07", "2026-07-03"),
        ("2025", "total", 2021, "2025-08-28", "2025-06-03"),
        ("2024", "total", 2015, "2024-06-17", "2024-06-12"),
    ]
    assert editions.get_edition("2025").datasets == ("nato_share_gdp_ed2025", "nato_real_change_ed2025")
    assert "core defence expenditure" in editions.get_edition("2026").describe()
    assert editions.get_edition("2025").describe() == "NATO edition 2025 (published 2025-08-28, 2021 prices)"


def test_years_of_each_figure_are_those_with_a_country_value():
    """The years an edition has of a figure (summarised with the editions in one query) are the
    years of its rows with a value: the 2025 edition has a 2025e share of GDP, the 2024 edition
    spending in US$ for 2014-2024 and none in 2025; aggregates' rows do not count."""
    from nato3.store.database import query
    from nato3.store.views import NATO_COLUMNS

    for e in editions.editions():
        for figure in NATO_COLUMNS:
            rows = query(
                f"SELECT DISTINCT year FROM nato_series WHERE edition = ? AND {figure} IS NOT NULL "
                "AND iso3 NOT IN ('NATO_EUR_CAN', 'NATO_TOTAL')",
                [e.label],
            )
            assert editions._years_with(e.label, figure) == set(rows["year"]), (e.label, figure)
    assert 2025 in editions._years_with("2025", "defence_share_gdp_pct")
    assert editions._years_with("2024", "defence_exp_musd_const") == set(range(2014, 2025))


def test_nato_series_rows_carry_their_definition():
    from nato3.store.database import query

    df = query("SELECT DISTINCT edition, definition, cutoff FROM nato_series ORDER BY edition")
    assert df.values.tolist() == [
        ["2024", "total", "2024-06-12"],
        ["2025", "total", "2025-06-03"],
        ["2026", "core", "2026-07-03"],
    ]


def test_2026_edition_in_nato_series():
    """Core share, real change and the category split of edition 2026; aggregates as NATO published them."""
    df = nato3.load("nato_series", edition="2026", year=2026).set_index("iso3")
    pol = df.loc["POL"]
    assert (pol.defence_share_gdp_pct, pol.defence_exp_real_change_pct, pol.equipment_share_pct) == (4.68, 13.39, 55.91)
    assert (pol.personnel_share_pct, pol.infrastructure_share_pct, pol.other_share_pct) == (27.34, 3.99, 12.76)
    assert pol.is_estimate and pol.definition == "core"
    assert (df.loc["NATO_TOTAL"].defence_share_gdp_pct, df.loc["NATO_EUR_CAN"].defence_share_gdp_pct) == (2.86, 2.53)
    assert len(df) == 33 and df.defence_share_gdp_pct.notna().all()


def test_2025_edition_gains_its_real_change():
    df = nato3.load("nato_series", edition="2025", year=2025).set_index("iso3")
    assert round(df.loc["NATO_EUR_CAN"].defence_exp_real_change_pct, 1) == 15.9
    assert round(df.loc["POL"].defence_share_gdp_pct, 2) == 4.48 and df.loc["POL"].definition == "total"
    assert df.loc["DEU"].defence_share_gdp_pct != df.loc["DEU"].defence_share_gdp_pct  # NaN: not published


def test_newest_edition_of_one_definition():
    """Without a definition the core 2026 edition answers 2025; on the old definition, the 2025 edition."""
    assert editions.edition_for("defence_share_gdp_pct", 2025).label == "2026"
    assert editions.edition_for("defence_share_gdp_pct", 2025, definition="total").label == "2025"
    assert editions.edition_for("defence_exp_musd_const", 2024, definition="core") is None


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


def test_no_2025_value_is_a_press_report_any_more():
    """Since 2026-12-03 every 2025e value of the 2025 edition is NATO's own table value (source G,
    SOURCES.md section 2): 30 allies (all but Germany) and both aggregates, none marked secondary."""
    doc = nato3.status(2025, "2025")
    table = allies(doc)
    reported = table[(table.kind == "ally") & table.defence_share_gdp_pct.notna()]
    assert len(reported) == 30 and "DEU" not in reported.index
    assert not any("secondary" in marks.get("defence_share_gdp_pct", ()) for marks in table["marks"])
    aggregates = table.defence_share_gdp_pct
    assert (round(aggregates["NATO_EUR_CAN"], 2), round(aggregates["NATO_TOTAL"], 2)) == (2.27, 2.76)


def test_status_cli_2025_edition_lists_only_germany_missing(cli):
    code, out, _ = cli("status", "--year", "2025", "--edition", "2025", "--wide")
    assert code == 0
    assert "4.48 e" in out and "†" not in out
    assert "No share of GDP for 2025 in the 2025 edition: Germany." in out


def test_estimates_keep_their_mark():
    """Poland 2023: an outturn in the 2025 edition, an estimate in the 2024 edition (2023e)."""
    assert "estimate" not in allies(nato3.status(2023, "2025")).loc["POL", "marks"].get("defence_share_gdp_pct", ())
    assert "estimate" in allies(nato3.status(2023, "2024")).loc["POL", "marks"]["defence_share_gdp_pct"]
