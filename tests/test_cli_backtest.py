"""`nato3 backtest` from the command line: every face shows the library's numbers; bad input is one line."""

from __future__ import annotations

import csv
import io

import pytest

from documents import rows

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
    assert doc["kind"] == "backtest" and doc["parameters"]["source"] == "nato" and doc["parameters"]["draws"] == 300
    assert {s["edition"] for s in rows(doc, "backtest_series")} >= {"2024", "2025"}
    for table in ("backtest_errors", "backtest_coverage", "backtest_brier", "backtest_reliability"):
        assert rows(doc, table), table
    wales = {s["policy"]: s for s in rows(doc, "wales_summary")}
    # NATO's 2024 edition: 3 allies at 2 % in 2014, 23 in 2024 (NATO Secretary General, 17 June 2024)
    assert wales["constant_share"]["at_2pct_2024"] == 23 and wales["constant_share"]["at_2pct_2014"] == 3
    assert {s["table"] for s in doc["sources"]} >= {"nato_expenditure_ed2024", "monte_carlo_fitted"}
    assert doc["marks"]["hindcast"]["symbol"] == "h"
    columns = {c["name"]: c for c in doc["tables"]["backtest_errors"]["columns"]}
    assert columns["mae_pp"]["mark"] == "hindcast" and columns["coverage_80"]["kind"] == "probability"


def test_the_table_shows_the_documents_values(cli, doc):
    code, out, err = cli(*ARGS)
    assert code == 0, err
    assert "Error of the share by years ahead (hindcast)" in out
    assert "Wales 2014" in out and "Hindcasts, not forecasts" in out and "Source:" in out
    first = next(e for e in rows(doc, "backtest_errors") if e["edition"] == "2024" and e["method"] == "constant_share")
    line = next(line for line in out.splitlines() if "NATO 2024 edition" in line and " Constant share " in line)
    assert f"{first['mae_pp']:.2f} h" in line and f"{first['bias_pp']:.2f} h" in line
    over = next(c for c in rows(doc, "backtest_overall") if c["edition"] == "2024" and c["method"] == "constant_share")
    assert f"{over['coverage_80'] * 100:.0f} % h" in out
    pol = next(a for a in rows(doc, "wales") if a["iso3"] == "POL")
    assert f"{pol['p_reach_constant_share'] * 100:.0f} % h" in next(
        line for line in out.splitlines() if "Poland" in line
    )


def test_csv_holds_one_table(cli):
    code, out, _ = cli(*ARGS, "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0])[:10] == [
        "series",
        "source",
        "edition",
        "method",
        "method_label",
        "horizon",
        "forecasts",
        "origins",
        "mae_pp",
        "bias_pp",
    ]
    code, out, _ = cli(*ARGS, "--format", "csv", "--table", "wales")
    wales = list(csv.DictReader(io.StringIO(out)))
    assert len(wales) == 31 and {"p_reach_constant_share", "reached"} <= set(wales[0])


def test_terminal_output_fits_80_columns():
    import re

    from typer.testing import CliRunner

    from nato3.cli.app import app

    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    result = CliRunner().invoke(app, list(ARGS), env=env, terminal_width=80)
    assert result.exit_code == 0
    out = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_chart_is_written(cli, tmp_path):
    path = tmp_path / "reliability.png"
    code, _, err = cli(*ARGS, "--chart", str(path))
    assert code == 0, err
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--origins", "1900:1950"),
            "(--origins): origins 1900:1950 are outside the sipri data; allowed origins: 1949–2023",
        ),
        (("--origins", "2020:2010"), "(--origins): origins '2020:2010' must be FROM:TO"),
        (("--horizons", "0-3"), "(--horizons): horizons must be whole years from 1 to 50"),
        (("--horizons", "soon"), "(--horizons): horizons 'soon' must be years ahead like 1-10"),
        (("--source", "imf"), "(--source): source 'imf' is unknown; allowed: sipri, nato"),
        (("--draws", "-5"), "(--draws): draws -5 is outside 0–10,000,000"),
        (("--chart", "out.txt"), "cannot write chart out.txt"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    code, _, err = cli("backtest", "--draws", "0", *args) if "--draws" not in args else cli("backtest", *args)
    assert code == 2 and message in err and err.count("\n") == 1
