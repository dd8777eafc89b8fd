"""`nato3 burden` and `nato3 burden test` from the command line: the acceptance checks of the
burden-sharing issue (JSON keys, footers naming sources and editions, errors with exit code 2)."""

from __future__ import annotations

import csv
import io
import math

import pytest
from scipy import stats

from nato3.alliance.aggregates import published_aggregates

GROUP_KEYS = {"group", "spending_share_pct", "gdp_share_pct", "fair_share_index"}


def test_year_json_has_the_documented_keys(cli_json):
    doc = cli_json("burden", "--year", "2024")
    assert {"year", "source", "edition", "groups", "allies", "olson_zeckhauser", "sources"} <= set(doc)
    assert (doc["year"], doc["source"], doc["edition"]) == (2024, "nato", "2024")
    assert all(GROUP_KEYS <= set(g) for g in doc["groups"])
    assert all(GROUP_KEYS - {"group"} | {"iso3", "per_capita_usd"} <= set(a) for a in doc["allies"])
    assert {"spearman_rho", "spearman_p", "kendall_tau", "kendall_p", "n"} <= set(doc["olson_zeckhauser"])
    assert "denominator" in doc["olson_zeckhauser"]["ratio_bias"]
    assert doc["sources"][0]["table"] == "nato_expenditure_ed2024" and doc["sources"][0]["edition"] == "2024"
    assert len(doc["allies"]) == 32
    assert math.isclose(sum(a["spending_share_pct"] or 0 for a in doc["allies"]), 100, abs_tol=1e-9)
    groups = {g["group"]: g for g in doc["groups"]}
    assert math.isclose(
        groups["united_states"]["spending_share_pct"] + groups["europe_and_canada"]["spending_share_pct"],
        100,
        abs_tol=1e-9,
    )
    assert groups["eu"]["members"][:2] == ["BEL", "BGR"]


def test_json_shares_match_nato_published_rows(cli_json):
    doc = cli_json("burden", "--year", "2020", "--edition", "2024")
    published = published_aggregates("2024").query("year == 2020").set_index("iso3")["defence_exp_musd_const"]
    groups = {g["group"]: g for g in doc["groups"]}
    implied = 100 * published["NATO_EUR_CAN"] / published["NATO_TOTAL"]
    assert abs(groups["europe_and_canada"]["spending_share_pct"] - implied) < 0.01


def test_json_statistics_equal_scipy(cli_json):
    doc = cli_json("burden", "--year", "2024")
    pairs = [(a["gdp_musd"], a["burden_pct"]) for a in doc["allies"] if a["burden_pct"] is not None]
    gdp, burden = zip(*pairs, strict=True)
    oz = doc["olson_zeckhauser"]
    assert oz["n"] == len(pairs) == 31
    assert oz["spearman_rho"] == pytest.approx(stats.spearmanr(gdp, burden).statistic, abs=1e-12)
    assert oz["kendall_tau"] == pytest.approx(stats.kendalltau(gdp, burden).statistic, abs=1e-12)
    assert oz["without_usa"]["n"] == 30


def test_user_group_and_sipri(cli_json):
    doc = cli_json("burden", "--source", "sipri", "--year", "1999", "--group", "V4=POL,CZE,HUN,SVK")
    assert (doc["source"], doc["edition"]) == ("sipri", "2025")
    groups = {g["group"]: g for g in doc["groups"]}
    assert list(groups) == ["united_states", "europe_and_canada", "V4"]
    assert groups["V4"]["n_members"] == 3  # Slovakia joined in 2004
    assert "SVK" not in {a["iso3"] for a in doc["allies"]}
    assert {s["table"] for s in doc["sources"]} >= {"sipri_milex", "worldbank_population_gdp"}
    assert doc["derived"]["gdp"].startswith("derived")


def test_builtin_groups_without_members_are_left_out_with_a_note(cli_json):
    doc = cli_json("burden", "--source", "sipri", "--year", "1990")
    assert "eastern_flank" not in {g["group"] for g in doc["groups"]}
    assert any("Eastern flank" in n and "no member was an ally in 1990" in n for n in doc["notes"])


def test_table_has_footer_with_sources_and_editions(cli):
    code, out, _ = cli("burden", "--year", "2024")
    assert code == 0
    assert "Who pays for NATO, 2024 (NATO edition 2024, 2015 prices)" in out
    assert "Europe and Canada" in out and "Poland" in out and "63.70 e" in out
    assert "Defence Expenditure of NATO Countries (2014-2024), all tables: edition 2024 (published 2024-06-17)" in out
    assert "Ratio bias" in out and "Olson–Zeckhauser" in out and "Wilcoxon" in out
    assert "Population: derived" in out


def test_csv_has_groups_then_allies(cli):
    code, out, _ = cli("burden", "--year", "2023", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["kind"] for r in rows].count("ally") == 31  # Sweden joined in 2024
    assert rows[0]["id"] == "united_states" and rows[0]["n_members"] == "1"
    assert {"source", "edition", "year", "spending_share_pct", "fair_share_index"} <= set(rows[0])


def test_test_command_json_and_csv(cli, cli_json):
    doc = cli_json("burden", "test", "--source", "sipri", "--from", "1960", "--to", "1970")
    assert (doc["from"], doc["to"], doc["editions"]) == (1960, 1970, ["2025"])
    assert len(doc["olson_zeckhauser"]) == 11 * 4 and len(doc["joint_product"]) == 11 * 2
    first = doc["olson_zeckhauser"][0]
    assert {"year", "test", "sample", "spearman_rho", "spearman_p", "kendall_tau", "kendall_p", "n"} <= set(first)
    assert any("Ratio bias" in n for n in doc["notes"])
    code, out, _ = cli("burden", "test", "--from", "2023", "--to", "2024", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "source,iso3,indicator,year,value,unit,edition"


def test_test_command_table(cli):
    code, out, _ = cli("burden", "test", "--from", "2022", "--to", "2024")
    assert code == 0
    assert "Olson–Zeckhauser and joint-product tests (nato)" in out and "2024" in out
    assert "Ratio bias" in out and "Defence Expenditure of NATO Countries" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["burden", "--group", "X=ABC,POL"], "group 'X': unknown member ABC"),
        (["burden", "--group", "X="], "group 'X' is empty"),
        (["burden", "--group", "New=SWE", "--year", "2020"], "group 'New' had no member in the alliance in 2020"),
        (["burden", "--year", "2025"], "no defence spending in US$ for 2025 in NATO's data; years with it: 2014–2024"),
        (["burden", "--year", "2013"], "no defence spending in US$ for 2013"),
        (["burden", "--edition", "2025"], "NATO edition 2025 publishes shares of GDP only"),
        (["burden", "--edition", "1999"], "unknown edition '1999'"),
        (["burden", "--source", "sipri", "--year", "1948"], "years with it: 1949–2024"),
        (["burden", "--source", "sipri", "--edition", "2024"], "--edition applies to NATO's series"),
        (["burden", "--chart", "chart.txt"], "cannot write chart chart.txt"),
        (["burden", "test", "--from", "2020", "--to", "2010"], "--from 2020 is after --to 2010"),
        (["burden", "test", "--from", "2010"], "no defence spending in US$ for 2010"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    code, _, err = cli(*args)
    assert code == 2
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_bad_source_is_a_usage_error(cli):
    code, _, err = cli("burden", "--source", "imf")
    assert code == 2 and "imf" in err


def test_unknown_totals_are_missing_and_explained(cli_json):
    """SIPRI gives no share of GDP for the Netherlands and Türkiye in 1955: GDP shares are unknown,
    spending shares are not, and a note names the allies."""
    doc = cli_json("burden", "--source", "sipri", "--year", "1955")
    us = next(g for g in doc["groups"] if g["group"] == "united_states")
    assert us["gdp_share_pct"] is None and us["fair_share_index"] is None
    assert round(us["spending_share_pct"], 1) == 76.9
    assert any(n.startswith("No GDP figure for NLD, TUR in 1955") for n in doc["notes"])
    assert doc["olson_zeckhauser"]["n"] == 12  # 15 allies less Iceland, the Netherlands and Türkiye
