"""`nato3 burden`, `nato3 burden test` and `nato3 burden series` from the command line: the burden
documents (tables, sources, editions, marks), terminal output that fits 80 columns and keeps every
column when piped, and errors with exit code 2 naming the flag.

Published figures: NATO's own aggregate rows (2024 edition) imply Europe and Canada's share of the
alliance's spending in 2020; SIPRI's 1955 figures leave the Netherlands' and Türkiye's GDP unknown.
"""

from __future__ import annotations

import csv
import io
import math
import re

import pytest
from scipy import stats

from documents import by_code, marked, rows
from nato3.alliance.aggregates import published_aggregates

GROUP_KEYS = {"group", "spending_share_pct", "gdp_share_pct", "fair_share_index"}


def test_year_json_is_the_burden_document(cli_json):
    doc = cli_json("burden", "--year", "2024")
    assert doc["kind"] == "burden"
    assert list(doc["tables"]) == ["group_shares", "ally_shares", "alliance", "olson_zeckhauser", "joint_product"]
    p = doc["parameters"]
    assert (p["year"], p["source"], p["edition"], p["prices"]) == (2024, "nato", "2024", "constant")
    assert all(GROUP_KEYS <= set(g) for g in rows(doc, "group_shares"))
    allies = rows(doc, "ally_shares")
    assert all(GROUP_KEYS - {"group"} | {"iso3", "per_capita_usd", "defence_share_gdp_pct"} <= set(a) for a in allies)
    oz = by_code(doc, "olson_zeckhauser", "comparison")["GDP vs burden, all allies"]
    assert {"spearman_rho", "spearman_p", "kendall_tau", "kendall_p", "n"} <= set(oz)
    assert any("denominator" in n for n in doc["tables"]["olson_zeckhauser"]["notes"])
    assert doc["sources"][0]["table"] == "nato_expenditure_ed2024" and doc["sources"][0]["edition"] == "2024"
    assert doc["editions"][0]["label"] == "2024" and "newest with spending in US$" in doc["editions"][0]["why"]
    assert len(allies) == 32
    assert math.isclose(sum(a["spending_share_pct"] or 0 for a in allies), 100, abs_tol=1e-9)
    groups = by_code(doc, "group_shares", "group")
    assert math.isclose(
        groups["united_states"]["spending_share_pct"] + groups["europe_and_canada"]["spending_share_pct"],
        100,
        abs_tol=1e-9,
    )
    assert groups["eu"]["members"][:2] == ["BEL", "BGR"]
    assert marked(groups["united_states"], "spending_share_pct", "estimate")  # 2024 is NATO's estimate
    population = next(c for c in doc["tables"]["group_shares"]["columns"] if c["name"] == "population_share_pct")
    assert population["mark"] == "derived" and any(n.startswith("Population: derived") for n in doc["notes"])


def test_allies_are_sorted_by_share_of_spending(cli_json):
    allies = rows(cli_json("burden", "--year", "2024"), "ally_shares")
    shares = [a["spending_share_pct"] for a in allies if a["spending_share_pct"] is not None]
    assert shares == sorted(shares, reverse=True) and allies[0]["iso3"] == "USA" and allies[-1]["iso3"] == "ISL"
    assert [a["rank"] for a in allies[:3]] == [1, 2, 3] and allies[-1]["rank"] is None


def test_shares_of_gdp_come_from_the_money_edition_and_say_so(cli_json):
    """The reproduction of issue 11: NATO Total's and Germany's 2024 share of GDP in the burden view
    are the 2024 edition's (NATO's published 2.71 % and 2.12 %), and a note says the status view
    takes 2024 from the 2026 edition (NATO's newest)."""
    doc = cli_json("burden", "--year", "2024")
    published = published_aggregates("2024").query("year == 2024").set_index("iso3")["defence_share_gdp_pct"]
    total = rows(doc, "alliance")[0]["defence_share_gdp_pct"]
    assert round(total, 2) == round(float(published["NATO_TOTAL"]), 2) == 2.71
    assert round(by_code(doc, "ally_shares")["DEU"]["defence_share_gdp_pct"], 2) == 2.12
    assert any("status" in n and "2026 edition" in n for n in doc["notes"])


def test_json_shares_match_nato_published_rows(cli_json):
    doc = cli_json("burden", "--year", "2020", "--edition", "2024")
    published = published_aggregates("2024").query("year == 2020").set_index("iso3")["defence_exp_musd_const"]
    implied = 100 * published["NATO_EUR_CAN"] / published["NATO_TOTAL"]
    assert abs(by_code(doc, "group_shares", "group")["europe_and_canada"]["spending_share_pct"] - implied) < 0.01


def test_json_statistics_equal_scipy(cli_json):
    doc = cli_json("burden", "--year", "2024")
    pairs = [
        (a["gdp_musd"], a["defence_share_gdp_pct"]) for a in rows(doc, "ally_shares") if a["defence_share_gdp_pct"]
    ]
    gdp, burden = zip(*pairs, strict=True)
    oz = by_code(doc, "olson_zeckhauser", "comparison")
    levels = oz["GDP vs burden, all allies"]
    assert levels["n"] == len(pairs) == 31
    assert levels["spearman_rho"] == pytest.approx(stats.spearmanr(gdp, burden).statistic, abs=1e-12)
    assert levels["kendall_tau"] == pytest.approx(stats.kendalltau(gdp, burden).statistic, abs=1e-12)
    assert oz["GDP vs burden, without the US"]["n"] == 30


def test_user_group_and_sipri(cli_json):
    doc = cli_json("burden", "--source", "sipri", "--year", "1999", "--group", "V4=POL,CZE,HUN,SVK")
    assert (doc["parameters"]["source"], doc["parameters"]["edition"]) == ("sipri", "2025")
    assert doc["parameters"]["groups"] == ["united_states", "europe_and_canada", "V4=POL,CZE,HUN,SVK"]
    groups = by_code(doc, "group_shares", "group")
    assert list(groups) == ["united_states", "europe_and_canada", "V4"]
    assert groups["V4"]["n_members"] == 3  # Slovakia joined in 2004
    assert "SVK" not in by_code(doc, "ally_shares")
    assert {s["table"] for s in doc["sources"]} >= {"sipri_milex", "worldbank_population_gdp"}
    assert any(n.startswith("GDP: derived") for n in doc["notes"])
    assert doc["editions"][0]["publisher"] == "SIPRI"


def test_builtin_groups_without_members_are_left_out_with_a_note(cli_json):
    doc = cli_json("burden", "--source", "sipri", "--year", "1990")
    assert "eastern_flank" not in by_code(doc, "group_shares", "group")
    assert any("Eastern flank" in n and "no member was an ally in 1990" in n for n in doc["notes"])


def test_table_has_footer_with_sources_and_editions(cli):
    code, out, _ = cli("burden", "--year", "2024")
    assert code == 0
    assert "Groups' shares of the alliance, 2024" in out and "Allies by share of the alliance's spending" in out
    assert "Europe and Canada" in out and "Poland" in out and "63.70 e" in out
    assert "Defence Expenditure of NATO Countries (2014-2024), all tables, edition 2024" in out
    assert "Edition: NATO edition 2024 (published 2024-06-17, total defence expenditure, 2015 prices)" in out
    assert "Ratio bias" in out and "Olson–Zeckhauser" in out and "Wilcoxon" in out
    assert "Population: derived" in out


def _terminal(cli_args: list[str], width: int = 80) -> str:
    """``nato3 …`` in a terminal of ``width`` columns, colours and styles stripped."""
    from typer.testing import CliRunner

    from nato3.cli.app import app

    env = {"TTY_COMPATIBLE": "1", "COLUMNS": str(width), "NO_COLOR": "1"}
    result = CliRunner().invoke(app, cli_args, env=env, terminal_width=width)
    assert result.exit_code == 0, result.stdout
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["burden", "test", "--source", "sipri"],
        ["burden", "series", "--source", "sipri"],
        ["burden", "--source", "sipri", "--year", "1964", "--prices", "current"],
    ],
)
def test_every_burden_command_fits_80_columns(args):
    assert max(len(line) for line in _terminal(args).splitlines()) <= 80


def test_terminal_output_fits_80_columns_and_names_what_it_left_out():
    out = _terminal(["burden", "--year", "2024"])
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "North Macedonia" in out and "Slovak Republic" in out  # names never cut
    assert "Left out to fit the terminal:" in out and "--wide" in out
    wide = _terminal(["burden", "--year", "2024", "--wide"])
    assert "GDP, US$ m" in wide and "22,334,404 e" in wide  # the US's GDP, every column shown


def test_piped_output_keeps_every_column(cli):
    """`nato3 burden | less`: no terminal, so every column, real change included, one line per row."""
    code, out, _ = cli("burden", "--year", "2024")
    assert code == 0 and "Real change %" in out and "Left out" not in out
    poland = next(line for line in out.splitlines() if " Poland " in line)
    assert "30.1 e" in poland and "4.12 e" in poland and "26,839 e" in poland  # real change, % of GDP, spending


def test_csv_holds_one_table(cli):
    code, out, _ = cli("burden", "--year", "2023", "--format", "csv")
    assert code == 0
    groups = list(csv.DictReader(io.StringIO(out)))
    assert groups[0]["group"] == "united_states" and groups[0]["n_members"] == "1"
    assert {"year", "edition", "spending_share_pct", "fair_share_index", "sources"} <= set(groups[0])
    assert groups[0]["marks.population_share_pct"] == "estimate;derived"  # 2023 is an estimate; population derived
    code, out, _ = cli("burden", "--year", "2023", "--format", "csv", "--table", "ally_shares")
    allies = list(csv.DictReader(io.StringIO(out)))
    assert len(allies) == 31  # Sweden joined in 2024
    assert allies[0]["country"] == "United States" and allies[0]["year"] == "2023"


def test_test_command_json_and_csv(cli, cli_json):
    doc = cli_json("burden", "test", "--source", "sipri", "--from", "1960", "--to", "1970")
    p = doc["parameters"]
    assert (p["from_year"], p["to_year"], p["edition"], p["source"]) == (1960, 1970, "2025", "sipri")
    assert "from" not in p and "to" not in p
    assert len(rows(doc, "olson_zeckhauser")) == 11 * 4 and len(rows(doc, "joint_product")) == 11 * 2
    first = rows(doc, "olson_zeckhauser")[0]
    assert {"year", "test", "sample", "spearman_rho", "spearman_p", "kendall_tau", "kendall_p", "n"} <= set(first)
    assert any("Ratio bias" in n for n in doc["tables"]["olson_zeckhauser"]["notes"])
    code, out, _ = cli(
        "burden", "test", "--from", "2023", "--to", "2024", "--format", "csv", "--table", "joint_product"
    )
    assert code == 0 and out.splitlines()[0].startswith("year,benefit,proxy,wilcoxon_w")
    assert len(out.splitlines()) == 1 + 2 * 2


def test_test_command_table(cli):
    code, out, _ = cli("burden", "test", "--from", "2022", "--to", "2024")
    assert code == 0
    assert "Do larger allies carry a larger burden? 2022–2024" in out and "2024" in out
    assert "Ratio bias" in out and "Defence Expenditure of NATO Countries" in out


def test_series_command(cli_json):
    doc = cli_json("burden", "series")
    years = rows(doc, "us_europe")
    assert (years[0]["year"], years[-1]["year"]) == (2014, 2024)
    assert round(years[-1]["united_states_share_pct"], 1) == 63.7
    assert all(math.isclose(r["united_states_share_pct"] + r["europe_and_canada_share_pct"], 100) for r in years)


@pytest.mark.parametrize(
    "args, message",
    [
        (["burden", "--group", "X=ABC,POL"], "Error (--group): group 'X': unknown member ABC"),
        (["burden", "--group", "X="], "group 'X' is empty"),
        (["burden", "--group", "New=SWE", "--year", "2020"], "group 'New' had no member in the alliance in 2020"),
        (["burden", "--year", "2025"], "Error (--year): no defence spending in US$ for 2025 in NATO's data"),
        (["burden", "--year", "2025"], "allowed: 2014–2024"),
        (["burden", "--year", "2013"], "no defence spending in US$ for 2013"),
        (["burden", "--edition", "2025"], "Error (--edition): NATO edition 2025 publishes shares of GDP only"),
        (["burden", "--edition", "1999"], "unknown edition '1999'"),
        (["burden", "--source", "sipri", "--year", "1948"], "allowed: 1949–2024"),
        (["burden", "--source", "sipri", "--edition", "2024"], "Error (--edition): SIPRI release '2024'"),
        (["burden", "--chart", "chart.txt"], "cannot write chart chart.txt"),
        (["burden", "--format", "csv", "--table", "nope"], "Error (--table): unknown table 'nope'"),
        (["burden", "test", "--from", "2020", "--to", "2010"], "Error (--from): from_year 2020 is after to_year 2010"),
        (["burden", "test", "--from", "2010"], "Error (--from): no defence spending in US$ for 2010"),
        (["burden", "series", "--to", "2025"], "Error (--to): no defence spending in US$ for 2025"),
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
    spending shares are not, and a caveat names the allies."""
    doc = cli_json("burden", "--source", "sipri", "--year", "1955")
    us = by_code(doc, "group_shares", "group")["united_states"]
    assert us["gdp_share_pct"] is None and us["fair_share_index"] is None
    assert round(us["spending_share_pct"], 1) == 76.9
    assert any(n.startswith("No GDP figure for NLD, TUR in 1955") for n in doc["caveats"])
    levels = by_code(doc, "olson_zeckhauser", "comparison")["GDP vs burden, all allies"]
    assert levels["n"] == 12  # 15 allies less Iceland, the Netherlands and Türkiye
