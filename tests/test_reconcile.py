"""NATO vs SIPRI: every ally-year both publish is reconciled, the difference is NATO − SIPRI, and
the reasons come from the data (SIPRI's marks and footnotes, fiscal years, GDP, prices)."""

from __future__ import annotations

import json

import pytest

from documents import rows
from nato3.errors import Nato3Error
from nato3.reconcile.compare import reconcile
from nato3.reconcile.reasons import fiscal_year_in
from nato3.store.database import query


def test_covers_every_ally_year_both_sources_have():
    df = reconcile()
    both = query(
        "SELECT DISTINCT n.iso3, n.year FROM nato_series n JOIN sipri_milex s ON s.iso3 = n.iso3 AND s.year = n.year "
        "JOIN countries c ON c.iso3 = n.iso3 WHERE c.kind = 'ally' AND n.defence_share_gdp_pct IS NOT NULL "
        "AND s.milex_share_gdp_pct IS NOT NULL"
    )
    assert set(zip(df["iso3"], df["year"], strict=True)) == set(zip(both["iso3"], both["year"], strict=True))
    assert len(df) == len(both) == 31 * 11  # every ally but Iceland (no NATO figures), 2014-2024
    assert not df.duplicated(["iso3", "year"]).any()


def test_values_and_difference_poland_2024():
    (row,) = reconcile(iso3="POL", year=2024).to_dict("records")
    # the newest edition with 2024 is the 2026 one (core defence, 2024 an outturn there): Poland 3.75 %
    assert row["nato_edition"] == "2026" and round(row["nato_share_gdp_pct"], 2) == 3.75 and not row["nato_is_estimate"]
    assert row["sipri_share_gdp_pct"] == 4.154393879754  # SIPRI's 0.041543938797535616, as a percentage
    assert row["difference_pp"] == row["nato_share_gdp_pct"] - row["sipri_share_gdp_pct"]


def test_an_edition_can_be_chosen():
    (row,) = reconcile(iso3="POL", year=2024, edition="2024").to_dict("records")
    assert row["nato_edition"] == "2024" and round(row["nato_share_gdp_pct"], 2) == 4.12
    with pytest.raises(Nato3Error, match="unknown edition '1999'"):
        reconcile(edition="1999")


@pytest.mark.parametrize(
    "iso3, code, text",
    [
        ("BGR", "pensions", "SIPRI excludes military pensions"),
        ("ALB", "paramilitary", "excludes spending on paramilitary forces"),
        ("ALB", "budget", "adopted budget"),
        ("GBR", "fiscal_year", "fiscal year Apr-Mar: NATO's 2022 is the fiscal year with most months in 2022"),
        ("CAN", "fiscal_year", "SIPRI reports calendar years"),
        ("USA", "sipri_footnote", "44: USA: All figures for the USA are for financial year"),
        ("DEU", "gdp", "NATO uses DG ECFIN/OECD GDP"),
    ],
)
def test_reasons_come_from_the_data(iso3, code, text):
    (row,) = reconcile(iso3=iso3, year=2022).to_dict("records")
    assert code in row["reasons"].split(";")
    assert text in row["explanation"]


def test_core_defence_figures_say_so():
    """NATO's 2026 edition measures core defence expenditure: a reason of its own, named on the row;
    the 2024 edition's total figures do not carry it."""
    (core,) = reconcile(iso3="EST", year=2024).to_dict("records")
    assert core["nato_definition"] == "core" and "nato_core" in core["reasons"].split(";")
    assert "core defence expenditure (the Hague definition of its 2026 edition)" in core["explanation"]
    (total,) = reconcile(iso3="EST", year=2024, edition="2024").to_dict("records")
    assert total["nato_definition"] == "total" and "nato_core" not in total["reasons"].split(";")


def test_sweden_counts_calendar_years_since_1996():
    (row,) = reconcile(iso3="SWE", year=2022).to_dict("records")
    assert "fiscal_year" not in row["reasons"]
    assert fiscal_year_in("Till: 1994 Jul-Jun, 1995: Jul-Dec, From 1996: Jan-Dec", 1990) == "Jul-Jun"


def test_nato_real_versus_current_price_share_where_the_edition_has_money():
    """In the 2024 edition the US share of real GDP (3.47 % in 2019) differs from the same share in
    current prices (Table 2 over Table 5); the gap is a reason, and it is derived, not invented."""
    (row,) = reconcile(iso3="USA", year=2019, edition="2024").to_dict("records")
    assert round(row["nato_share_current_prices_pct"], 2) == 3.49
    assert round(row["price_base_effect_pp"], 3) == round(
        row["nato_share_gdp_pct"] - row["nato_share_current_prices_pct"], 3
    )
    assert "prices" in row["reasons"].split(";")
    (newest,) = reconcile(iso3="USA", year=2019).to_dict("records")  # 2025 edition: no money columns
    assert newest["nato_share_current_prices_pct"] != newest["nato_share_current_prices_pct"]  # NaN


def test_cli_table_json_and_chart(cli, tmp_path):
    code, out, _ = cli("data", "reconcile", "--year", "2024")
    assert code == 0 and "Poland" in out and "31 ally-years with both shares" in out
    code, out, _ = cli("data", "reconcile", "--country", "GBR", "--format", "json")
    result = json.loads(out)
    assert len(rows(result)) == 11 and {s["table"] for s in result["sources"]} == {
        "nato_core_defence_ed2026",
        "sipri_milex",
        "sipri_country_notes",
    }
    assert [(e["publisher"], e["label"]) for e in result["editions"]] == [("NATO", "2026"), ("SIPRI", "2025")]
    assert all("fiscal_year" in r["reasons"] for r in rows(result))  # the UK's April–March year
    for args in (["--year", "2024"], ["--country", "POL"]):
        chart = tmp_path / f"chart{args[1]}.png"
        code, _, err = cli("data", "reconcile", *args, "--chart", str(chart), "--format", "csv")
        assert code == 0 and chart.stat().st_size > 10_000 and "Wrote the chart" in err


def test_cli_bad_chart_path(cli, tmp_path):
    code, _, err = cli("data", "reconcile", "--chart", str(tmp_path / "chart.gif"))
    assert code == 2 and "use a file ending in .pdf, .png, .svg" in err


def test_an_imported_sipri_release_is_used(fresh_home):
    from nato3.imports import importer
    from publishers import SIPRI_2025

    importer.run(importer.prepare(SIPRI_2025))
    df = reconcile(iso3="POL", year=2024)
    assert {s["table"] for s in df.attrs["sources"] if s["side"].startswith("SIPRI")} == {
        "sipri_milex_ed2025_imported",
        "sipri_country_notes_ed2025_imported",
    }
