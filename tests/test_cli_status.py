"""`nato3 status` from the command line: the acceptance checks of the Foundation issue."""

from __future__ import annotations

import pytest

from nato3.alliance.aggregates import published_aggregates


def test_2024_edition_json(cli_json):
    rows = cli_json("status", "--year", "2024", "--edition", "2024")
    allies = [r for r in rows if r["kind"] == "ally"]
    with_figures = [r for r in allies if r["defence_share_gdp_pct"] is not None]
    assert len(allies) == 32 and len(with_figures) == 31
    iceland = next(r for r in rows if r["iso3"] == "ISL")
    assert iceland["defence_share_gdp_pct"] is None and iceland["pledges"]["wales-2"] is None
    poland = next(r for r in rows if r["iso3"] == "POL")
    assert round(poland["defence_share_gdp_pct"], 2) == 4.12
    assert poland["edition"] == "2024" and poland["is_estimate"] is True
    for key in (
        "iso3",
        "country",
        "year",
        "edition",
        "is_estimate",
        "defence_share_gdp_pct",
        "equipment_share_pct",
        "pledges",
    ):
        assert key in poland
    assert set(poland["pledges"]) == {"wales-2", "wales-equipment-20", "hague-core-3.5", "hague-total-5"}


def test_2024_aggregates_equal_nato_published(cli_json):
    rows = {r["iso3"]: r for r in cli_json("status", "--year", "2024", "--edition", "2024")}
    published = published_aggregates("2024").query("year == 2024").set_index("iso3")
    for code in ("NATO_EUR_CAN", "NATO_TOTAL"):
        assert abs(rows[code]["defence_share_gdp_pct"] - published.loc[code, "defence_share_gdp_pct"]) < 0.001
        for col in ("defence_exp_musd_const", "gdp_musd_const"):
            assert rows[code][col] == pytest.approx(published.loc[code, col], rel=1e-4)


def test_2025_uses_2025_edition_and_nulls(cli_json):
    rows = cli_json("status", "--year", "2025", "--edition", "2025")  # the default is now the 2026 edition
    allies = [r for r in rows if r["kind"] == "ally"]
    assert {r["edition"] for r in rows} == {"2025"}
    at_35 = {r["iso3"] for r in allies if r["pledges"]["hague-core-3.5"]}
    shown = {r["iso3"] for r in allies if (r["defence_share_gdp_pct"] or 0) >= 3.5}
    assert at_35 == shown == {"POL", "LTU", "LVA"}
    germany = next(r for r in allies if r["iso3"] == "DEU")
    assert germany["defence_share_gdp_pct"] is None and germany["pledges"]["wales-2"] is None
    # SOURCES.md §2: NATO's 2025e for every ally but Germany (Iceland has no figures)
    assert sum(r["defence_share_gdp_pct"] is not None for r in allies) == 30


def test_field_editions_name_each_figure(cli_json):
    poland = next(r for r in cli_json("status", "--year", "2024") if r["iso3"] == "POL")
    assert poland["field_editions"]["defence_share_gdp_pct"] == "2026"
    assert poland["field_editions"]["equipment_share_pct"] == "2026"  # the 2026 edition publishes Table 8
    assert poland["field_editions"]["defence_exp_musd_const"] == "2024"  # but no money tables


def test_table_has_footer_with_source_and_edition(cli):
    code, out, _ = cli("status", "--year", "2024", "--edition", "2024")
    assert code == 0
    assert "Poland" in out and "4.12 e" in out
    assert "NATO edition 2024 (published 2024-06-17, 2015 prices)" in out
    assert out.index("Poland") < out.index("Spain") < out.index("NATO Total")


def test_csv_has_one_row_per_entity(cli):
    code, out, _ = cli("status", "--year", "2023", "--edition", "2024", "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("iso3,country,kind,year,edition")
    assert len(lines) == 1 + 31 + 2  # Sweden joined in 2024


@pytest.mark.parametrize(
    "args, message",
    [
        (["status", "--year", "1990"], "year 1990 is outside NATO's data; allowed: 2014–2026"),
        (["status", "--edition", "2030"], "unknown edition '2030'"),
        (["data", "show", "nope"], "unknown table 'nope'; available:"),
        (["data", "show", "sipri_milex", "--country", "XYZ"], "unknown country 'XYZ'"),
        (["data", "show", "sipri_milex", "--from", "2020", "--to", "2010"], "--from 2020 is after --to 2010"),
        (["sources", "--table", "nope"], "unknown table 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    code, _, err = cli(*args)
    assert code == 2
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_bad_format_is_a_usage_error(cli):
    code, _, err = cli("status", "--format", "xml")
    assert code == 2 and "xml" in err


def test_unwritable_output_path(cli, tmp_path):
    code, _, err = cli("data", "export", "countries", "--format", "csv", "-o", str(tmp_path / "missing" / "x.csv"))
    assert code == 2 and "does not exist" in err


@pytest.mark.parametrize(
    "args, first_error_line",
    [
        (["status", "--year", "1800"], "Error: year 1800 is outside"),
        (["status", "--format", "xml"], "Error: Invalid value for '--format'"),
        (["status", "--bogus"], "Error: No such option: --bogus"),
    ],
)
def test_main_entry_point_exits_2_without_traceback(args, first_error_line):
    """Through the real entry point, not Typer's test runner: nato3's and Typer's errors alike."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "nato3", *args], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert any(line.startswith(first_error_line) for line in proc.stderr.splitlines()), proc.stderr


def test_version(cli):
    from nato3 import __version__

    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"nato3 {__version__}"
