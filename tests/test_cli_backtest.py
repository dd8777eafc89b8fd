"""`nato3 backtest` from the command line: every face shows the library's numbers; bad input is one line."""

from __future__ import annotations

import csv
import io

import pytest

ARGS = ("backtest", "--source", "nato", "--draws", "300", "--seed", "4")


@pytest.fixture(scope="module")
def doc():
    import json

    from typer.testing import CliRunner

    from nato3.cli.app import app

    result = CliRunner().invoke(app, [*ARGS, "--format", "json"], terminal_width=160)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_is_the_backtest_document(doc):
    assert doc["is_hindcast"] is True and doc["source"] == "nato"
    assert {s["edition"] for s in doc["series"]} >= {"2024", "2025"}
    assert doc["errors"] and doc["coverage"] and doc["brier"] and doc["reliability"]
    wales = {s["policy"]: s for s in doc["wales"]["summary"]}
    assert wales["constant_share"]["at_2pct_2024"] == 23 and wales["constant_share"]["at_2pct_2014"] == 3
    assert {s["name"] for s in doc["sources"]} >= {"nato_expenditure_ed2024", "monte_carlo_fitted"}


def test_the_table_shows_the_documents_values(cli, doc):
    code, out, err = cli(*ARGS)
    assert code == 0, err
    assert "NATO 2024 edition: error of the share (pp) and 80 % band coverage" in out
    assert "Wales 2014" in out and "Hindcasts, not forecasts" in out and "Sources:" in out
    first = next(e for e in doc["errors"] if e["edition"] == "2024" and e["method"] == "constant_share")
    assert f"{first['mae_pp']:.2f} ({first['bias_pp']:+.2f})" in out
    over = next(c for c in doc["coverage_overall"] if c["edition"] == "2024" and c["method"] == "constant_share")
    assert f"{over['coverage_80']:.0%}" in out
    pol = next(a for a in doc["wales"]["allies"] if a["iso3"] == "POL" and a["policy"] == "constant_share")
    assert f"{pol['p_reach_2024']:.0%}" in out


def test_csv_is_the_long_format(cli):
    code, out, _ = cli(*ARGS, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "source",
        "edition",
        "method",
        "iso3",
        "indicator",
        "horizon",
        "value",
        "unit",
        "is_hindcast",
    ]
    assert {r["is_hindcast"] for r in rows} == {"True"}
    assert {"mae_pp", "bias_pp", "coverage_80", "brier_at_2pct", "wales_p_reach_2024"} <= {r["indicator"] for r in rows}


def test_chart_is_written(cli, tmp_path):
    path = tmp_path / "reliability.png"
    code, _, err = cli(*ARGS, "--chart", str(path))
    assert code == 0, err
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--origins", "1900:1950"), "--origins 1900:1950 is outside the sipri data; allowed origins: 1949–2023"),
        (("--origins", "2020:2010"), "--origins '2020:2010' must be FROM:TO"),
        (("--horizons", "0-3"), "--horizons must be whole years from 1 to 50"),
        (("--horizons", "soon"), "--horizons 'soon' must be years ahead like 1-10"),
        (("--source", "imf"), "--source 'imf' is unknown; allowed: sipri, nato"),
        (("--draws", "-5"), "--draws -5 is outside 0–10,000,000"),
        (("--chart", "out.txt"), "cannot write chart out.txt"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    code, _, err = cli("backtest", "--draws", "0", *args) if "--draws" not in args else cli("backtest", *args)
    assert code == 2 and message in err and err.count("\n") == 1
