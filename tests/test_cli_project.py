"""`nato3 project`, `nato3 scenario` and `nato3 sweep` from the command line: they print their
documents (fitted to 80 columns, every column when piped), JSON and CSV, and refuse bad input in
one line naming the flag."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from documents import by_code, rows
from nato3.projection.builtin import builtin_scenarios

SWEEP = """\
scenario: hague-linear
draws: 2000
seed: 7
grid:
  target: [3.0, 3.5, 4.0]
  monte_carlo.execution_sd: [2, 8]
countries: [POL, DEU, NATO_EUR_CAN]
"""


def _terminal(args: list[str], width: int = 80) -> str:
    """``nato3 …`` in a terminal of ``width`` columns, colours and styles stripped."""
    from typer.testing import CliRunner

    from nato3.cli.app import app

    env = {"TTY_COMPATIBLE": "1", "COLUMNS": str(width), "NO_COLOR": "1"}
    result = CliRunner().invoke(app, args, env=env, terminal_width=width)
    assert result.exit_code == 0, result.stdout
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_every_builtin_runs_from_the_cli(cli, name):
    code, out, err = cli("project", name, "--draws", "2000")
    assert code == 0, err
    assert f"Paths to 2035: {name} (projection)" in out
    assert "Projection, not data" in out and "NATO edition 2026" in out and "NATO edition 2024" in out
    assert "NATO Europe and Canada" in out and "P(reach)" in out
    assert "Europe and Canada against the United States" in out  # the NATO 3.0 question in money


def test_json_is_the_projection_document_and_hague_linear_reaches_3_5(cli_json):
    doc = cli_json("project", "hague-linear", "--draws", "3000", "--seed", "1")
    assert doc["kind"] == "projection" and doc["parameters"]["scenario"] == "hague-linear"
    assert doc["parameters"]["draws"] == 3000 and doc["parameters"]["seed"] == 1
    settings = rows(doc, "paths_settings")[0]
    assert settings["target_pct"] == 3.5 and settings["horizon"] == 2035 and settings["base_year"] == 2026
    allies = [r for r in rows(doc, "paths_allies") if r["kind"] == "ally"]
    with_figures = [a for a in allies if a["has_nato_figures"]]
    assert len(allies) == 32 and len(with_figures) == 31
    for ally in with_figures:  # the pledge read literally: every ally at 3.5 % or more in 2035
        assert ally["share_horizon_pct"] >= 3.5 - 1e-9, ally["iso3"]
        assert ally["year_reaching_target"] is not None and ally["base_share_year"] == 2026
        assert 0 <= ally["p_reach_by_horizon"] <= 1
    paths = [r for r in rows(doc, "paths") if r["kind"] == "ally"]
    assert {r["year"] for r in paths} == set(range(2026, 2036))  # from the 2026 edition's 2026e, for every ally
    iceland = by_code(doc, "paths_allies")["ISL"]
    assert iceland["share_horizon_pct"] is None and iceland["year_reaching_target"] is None
    assert {s["table"] for s in doc["sources"]} >= {"nato_core_defence_ed2026", "nato_expenditure_ed2024"}
    assert doc["marks"]["projection"]["symbol"] == "p"


def test_every_projected_figure_is_marked_and_the_start_is_natos_estimate(cli_json):
    doc = cli_json("project", "current-trend", "--draws", "500")
    poland = by_code(doc, "paths_allies")["POL"]
    assert poland["marks"]["base_share_pct"] == ["estimate"]  # NATO's 2026e, as status marks it
    for column in ("share_horizon_pct", "p_reach_by_horizon", "gap_horizon_musd"):
        assert poland["marks"][column] == ["projection"]
    for row in rows(doc, "paths"):
        if row["year"] > 2026 and row["defence_share_gdp_pct"] is not None:
            assert row["marks"]["defence_share_gdp_pct"] == ["projection"], row
    for row in rows(doc, "paths_money"):
        assert row["marks"]["europe_canada_musd"] == ["projection"]  # GDP after 2024 is projected, 2026 too


def test_current_trend_never_reaches_for_allies_below_target(cli_json):
    doc = cli_json("project", "current-trend", "--draws", "0")
    spain = by_code(doc, "paths_allies")["ESP"]
    assert spain["year_reaching_target"] is None and spain["credibility"] == "misses target"
    assert spain["p_reach_by_horizon"] is None and doc["parameters"]["draws"] == 0
    poland = by_code(doc, "paths_allies")["POL"]
    assert poland["year_reaching_target"] == 2026 and poland["gap_horizon_musd"] < 0  # 4.68 % core in 2026e


def test_announced_plans_json_names_fallbacks_and_unused_rows(cli_json):
    doc = cli_json("project", "announced-plans", "--draws", "0")
    allies = by_code(doc, "paths_allies")
    assert allies["USA"]["fell_back"] and not allies["DEU"]["fell_back"]
    assert allies["DEU"]["policy_kind"] == "announced" and "2029: 3.5 %" in allies["DEU"]["announcement"]
    unused = [r for r in rows(doc, "paths_announcements") if not r["used"]]
    assert any("money only" in r["reason"] for r in unused)
    assert any("national definition" in r["reason"] for r in unused)
    assert any(c.startswith("No usable announcement") and "United States" in c for c in doc["caveats"])


def test_csv_is_one_table(cli):
    code, out, _ = cli("project", "hague-linear", "--draws", "1000", "--format", "csv", "-c", "POL")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["iso3"] for r in table] == ["POL", "NATO_EUR_CAN", "NATO_TOTAL"]  # the ally asked for, aggregates
    assert {"base_share_pct", "share_horizon_pct", "p_reach_by_horizon", "marks.share_horizon_pct"} <= set(table[0])
    code, out, _ = cli("project", "hague-linear", "--draws", "1000", "--format", "csv", "--table", "paths_money")
    money = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["year"]) for r in money] == list(range(2026, 2036))
    assert {"europe_canada_musd", "united_states_musd", "p_outspend"} <= set(money[0])


def test_chart_is_written(cli, tmp_path):
    path = tmp_path / "fan.png"
    code, _, err = cli("project", "hague-linear", "--draws", "1000", "--chart", str(path))
    assert code == 0, err
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_dask_backend_matches_local(cli_json):
    args = ("project", "current-trend", "--draws", "3000", "--seed", "3", "-c", "DEU")
    local = cli_json(*args)
    dask = cli_json(*args, "--backend", "dask", "--workers", "1")
    assert local == dask


def test_terminal_output_fits_80_columns_and_piped_keeps_every_column(cli):
    out = _terminal(["project", "announced-plans", "--draws", "500"])
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "North Macedonia" in out and "Left out to fit the terminal:" in out
    code, piped, _ = cli("project", "announced-plans", "--draws", "500")
    assert code == 0 and "Left out" not in piped and "Announced (used)" in piped and "GDP growth %" in piped
    assert "2,025" not in piped and "2029" in piped  # years printed as years


@pytest.mark.parametrize(
    "args, message",
    [
        (["project", "nope"], "Error (SCENARIO): unknown scenario 'nope'"),
        (["project", "hague-linear", "--country", "XYZ"], "Error (--country): unknown country 'XYZ'"),
        (
            ["project", "hague-linear", "--backend", "local", "--scheduler", "tcp://127.0.0.1:1"],
            "Error (--scheduler): a scheduler address",
        ),
        (["project", "hague-linear", "--draws", "-1"], "Error (--draws): draws -1 is outside 0–100,000,000"),
        (["project", "hague-linear", "--chart", "/nonexistent/x.png"], "does not exist"),
        (["project", "hague-linear", "--chart", "x.gif"], "use a file ending in"),
        (["project", "hague-linear", "--draws", "0", "--table", "nope"], "Error (--table): unknown table 'nope'"),
        (["scenario", "show", "nope"], "unknown scenario 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    code, _, err = cli(*args)
    assert code == 2
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_project_leaves_the_garbage_collector_running_after_success_and_refusal(cli, tmp_path):
    """The command pauses the cyclic collector while it imports and loads (a speed-up): it must
    turn it back on whatever happens, or a long-lived caller would never collect cycles again."""
    import gc

    assert gc.isenabled()
    code, _, _ = cli("project", "hague-linear", "--draws", "0", "--format", "json")
    assert code == 0 and gc.isenabled()
    code, _, _ = cli("project", str(tmp_path / "missing.yaml"))
    assert code == 2 and gc.isenabled()


def test_bad_scenario_file_names_file_line_and_field(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("horizon: 2035\npolicy:\n  default: {linear_to_target: {target: 25}}\n", encoding="utf-8")
    code, _, err = cli("project", str(path))
    assert code == 2
    assert f"{path}, line 3, column 'policy.default.linear_to_target.target'" in err


def test_scenario_list_show_validate_init(cli, cli_json, tmp_path):
    listed = cli_json("scenario", "list")
    assert listed["kind"] == "scenarios"
    assert {row["name"] for row in rows(listed)} == {"current-trend", "hague-linear", "announced-plans"}
    assert all(row["base_year"] == 2026 and row["edition"] == "2026" for row in rows(listed))
    code, out, _ = cli("scenario", "list")
    assert code == 0 and "hague-linear" in out
    shown = cli_json("scenario", "show", "hague-linear")
    assert "linear_to_target" in rows(shown, "scenario_file")[0]["yaml"] and len(rows(shown, "scenario_allies")) == 32
    assert by_code(shown, "scenario_allies")["POL"]["base_share_year"] == 2026
    code, out, _ = cli("scenario", "show", "announced-plans")
    assert code == 0 and "announced" in out and "2,026" not in out and "2026" in out  # a year, not a number

    path = tmp_path / "mine.yaml"
    code, out, _ = cli("scenario", "init", str(path))
    assert code == 0 and path.exists()
    code, out, _ = cli("scenario", "validate", str(path))
    assert code == 0 and out.startswith(f"ok: {path}")
    code, _, err = cli("scenario", "init", str(path))
    assert code == 2 and "already exists" in err
    copy = tmp_path / "copy.yaml"
    assert cli("scenario", "init", str(copy), "--from", "announced-plans")[0] == 0
    assert "announced" in copy.read_text(encoding="utf-8")

    bad = tmp_path / "bad.yaml"
    bad.write_text("target: 3.5\nhorizon: 2035\npolicy:\n  XYZ: constant_share\n", encoding="utf-8")
    code, out, err = cli("scenario", "validate", str(path), str(bad))
    assert code == 2 and f"ok: {path}" in out
    assert f"{bad}, line 4, column 'policy.XYZ': unknown key 'XYZ'" in err


def test_scenario_commands_fit_80_columns():
    for args in (["scenario", "list"], ["scenario", "show", "announced-plans"]):
        table = _terminal(args).split(": each ally from")[-1]  # the file itself is printed as written
        assert max(len(line) for line in table.splitlines()) <= 80, args


def test_project_runs_a_user_file(cli_json, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "target: 3.0\nhorizon: 2030\npolicy:\n  default: {real_growth: {rate: 5}}\nmonte_carlo: {draws: 500}\n",
        encoding="utf-8",
    )
    doc = cli_json("project", str(path))
    settings = rows(doc, "paths_settings")[0]
    assert settings["scenario"] == "mine" and settings["target_pct"] == 3.0 and settings["horizon"] == 2030
    assert doc["parameters"]["draws"] == 500 and settings["file"] == str(path)


def test_sweep_table_json_csv(cli, cli_json, tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text(SWEEP, encoding="utf-8")
    doc = cli_json("sweep", str(path))
    table = rows(doc, "sweep")
    assert doc["kind"] == "sweep" and len(table) == 3 * 2 * 3
    assert all(r["marks"]["share_horizon_pct"] == ["projection"] for r in table)
    # Poland holds its 4.68 % whatever the target: same path, same draws, so the odds fall as the target rises.
    pol = {(r["target"], r["monte_carlo.execution_sd"]): r["p_reach_by_horizon"] for r in table if r["iso3"] == "POL"}
    for sd in (2, 8):
        assert pol[(3.0, sd)] >= pol[(3.5, sd)] >= pol[(4.0, sd)]
    # hague-linear heads for each target of the grid: Germany ends on it in 2035.
    deu = {r["target"]: r["share_horizon_pct"] for r in table if r["iso3"] == "DEU"}
    assert deu == {3.0: pytest.approx(3.0), 3.5: pytest.approx(3.5), 4.0: pytest.approx(4.0)}
    code, out, _ = cli("sweep", str(path), "--format", "csv")
    assert code == 0 and out.startswith("point,target,monte_carlo.execution_sd,country")
    code, out, _ = cli("sweep", str(path))
    assert code == 0 and "Sweep of hague-linear (projection)" in out
    # labelled and formatted like `nato3 project`, not raw column names and floats
    assert "Share" in out and "Reaches" in out and "P(reach)" in out and "share_horizon_pct" not in out
    assert " 4.00 p " in out  # shares with two decimals, marked as projections
    assert max(len(line) for line in _terminal(["sweep", str(path)]).splitlines()) <= 80


def test_sweep_bad_grid_value_names_its_line(cli, tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text("scenario: hague-linear\ndraws: 10\ngrid:\n  target: [3.0, 30]\n", encoding="utf-8")
    code, _, err = cli("sweep", str(path))
    assert code == 2 and f"{path}, line 4, column 'grid.target.1'" in err and "at most 20" in err
    path.write_text("scenario: hague-linear\ngrid: {}\n", encoding="utf-8")
    code, _, err = cli("sweep", str(path))
    assert code == 2 and "grid" in err
    json.dumps(err)


def test_example_sweep_file_is_valid():
    from pathlib import Path

    from nato3.projection.sweep import load_sweep, points

    sweep, path = load_sweep(Path(__file__).resolve().parents[1] / "examples" / "sweep.yaml")
    grid = points(sweep, path)
    assert len(grid) == 9 and {g[1].target_pct for g in grid} == {3.0, 3.5, 4.0}


def test_a_whole_process_ends_at_once_with_every_byte_written(cli, tmp_path):
    """``nato3 project`` as a whole process leaves with ``os._exit`` once its answer is out
    (skipping Python's teardown): the JSON through a pipe and the CSV written to a file are
    complete and the same as an in-process run's, exit code 0; in process it returns normally."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered, as usual
    args = ["project", "hague-linear", "--draws", "1500", "--seed", "3", "--format", "json"]
    code, inside, _ = cli(*args)
    assert code == 0
    run = subprocess.run([sys.executable, "-m", "nato3", *args], capture_output=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode() == inside and json.loads(run.stdout)["parameters"]["draws"] == 1500
    target = tmp_path / "paths.csv"
    csv_args = ["project", "hague-linear", "--draws", "0", "--format", "csv", "--table", "paths_summary"]  # < a buffer
    with target.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "nato3", *csv_args], stdout=out, env=env)
    assert done.returncode == 0
    assert target.read_text(encoding="utf-8") == cli(*csv_args)[1]
    profile = [sys.executable, "-m", "cProfile", "-m", "nato3", *csv_args]
    profiled = subprocess.run(profile, capture_output=True, env=env)
    assert profiled.returncode == 0 and b"function calls" in profiled.stdout  # a profiler still reports at exit
