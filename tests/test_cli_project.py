"""`nato3 project`, `nato3 scenario` and `nato3 sweep` from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest

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


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_every_builtin_runs_from_the_cli(cli, name):
    code, out, err = cli("project", name, "--draws", "2000")
    assert code == 0, err
    assert f"Paths to 2035: {name} (projection)" in out
    assert "Projection, not data" in out and "NATO edition 2026" in out and "NATO edition 2024" in out
    assert "NATO Europe and Canada" in out and "P(reach)" in out


def test_json_has_the_documented_keys_and_hague_linear_reaches_3_5(cli_json):
    doc = cli_json("project", "hague-linear", "--draws", "3000", "--seed", "1")
    for key in ("scenario", "target_pct", "horizon", "allies", "sources", "is_projection", "method", "notes"):
        assert key in doc
    assert doc["scenario"] == "hague-linear" and doc["target_pct"] == 3.5 and doc["horizon"] == 2035
    assert doc["is_projection"] is True and doc["monte_carlo"]["draws"] == 3000
    with_figures = [a for a in doc["allies"] if a["has_nato_figures"]]
    assert len(doc["allies"]) == 32 and len(with_figures) == 31
    for ally in with_figures:
        assert ally["share_gdp_pct"]["2035"] >= 3.5
        assert ally["year_reaching_target"] is not None
        assert set(ally["gap_musd"]) == {str(y) for y in range(2026, 2036)}  # from the 2026 edition's 2026e
        assert 0 <= ally["p_reach_by_horizon"] <= 1
    iceland = next(a for a in doc["allies"] if a["iso3"] == "ISL")
    assert iceland["share_gdp_pct"]["2035"] is None and iceland["year_reaching_target"] is None
    assert {s["table"] for s in doc["sources"]} >= {"nato_core_defence_ed2026", "nato_expenditure_ed2024"}


def test_current_trend_never_reaches_for_allies_below_target(cli_json):
    doc = cli_json("project", "current-trend", "--draws", "0")
    spain = next(a for a in doc["allies"] if a["iso3"] == "ESP")
    assert spain["year_reaching_target"] is None and spain["credibility"]["category"] == "misses target"
    assert "p_reach_by_horizon" not in spain and doc["monte_carlo"] is None
    poland = next(a for a in doc["allies"] if a["iso3"] == "POL")
    assert poland["year_reaching_target"] == 2026 and poland["gap_musd"]["2035"] < 0  # 4.68 % core in 2026e


def test_announced_plans_json_names_fallbacks_and_unused_rows(cli_json):
    doc = cli_json("project", "announced-plans", "--draws", "0")
    assert "USA" in doc["fell_back"] and "DEU" not in doc["fell_back"]
    germany = next(a for a in doc["allies"] if a["iso3"] == "DEU")
    assert germany["plan_points"]["2029"] == 3.5 and germany["policy_kind"] == "announced"
    unused = [r for r in doc["announced_rows"] if not r["used"]]
    assert any("money only" in r["reason"] for r in unused)
    assert any("national definition" in r["reason"] for r in unused)


def test_csv_is_the_long_format(cli):
    code, out, _ = cli("project", "hague-linear", "--draws", "1000", "--format", "csv", "-c", "POL")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:6] == ["scenario", "iso3", "indicator", "year", "value", "unit"]
    assert {r["iso3"] for r in rows} == {"POL"}
    assert {"defence_share_gdp_pct", "gap_musd", "p_reach_by", "share_p95"} <= {r["indicator"] for r in rows}


def test_chart_is_written(cli, tmp_path):
    path = tmp_path / "fan.png"
    code, _, err = cli("project", "hague-linear", "--draws", "1000", "--chart", str(path))
    assert code == 0, err
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_dask_backend_matches_local(cli_json):
    args = ("project", "current-trend", "--draws", "3000", "--seed", "3", "-c", "DEU")
    local = cli_json(*args)
    dask = cli_json(*args, "--backend", "dask", "--workers", "1")
    assert local["allies"] == dask["allies"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["project", "nope"], "unknown scenario 'nope'"),
        (["project", "hague-linear", "--country", "XYZ"], "unknown country 'XYZ'"),
        (["project", "hague-linear", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --backend dask"),
        (["project", "hague-linear", "--chart", "/nonexistent/x.png"], "does not exist"),
        (["project", "hague-linear", "--chart", "x.gif"], "use a file ending in"),
        (["scenario", "show", "nope"], "unknown scenario 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, args, message):
    code, _, err = cli(*args)
    assert code == 2
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_bad_scenario_file_names_file_line_and_field(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("horizon: 2035\npolicy:\n  default: {linear_to_target: {target: 25}}\n", encoding="utf-8")
    code, _, err = cli("project", str(path))
    assert code == 2
    assert f"{path}, line 3, column 'policy.default.linear_to_target.target'" in err


def test_scenario_list_show_validate_init(cli, cli_json, tmp_path):
    names = {row["name"] for row in cli_json("scenario", "list")}
    assert names == {"current-trend", "hague-linear", "announced-plans"}
    code, out, _ = cli("scenario", "list")
    assert code == 0 and "hague-linear" in out
    shown = cli_json("scenario", "show", "hague-linear")
    assert "linear_to_target" in shown["yaml"] and len(shown["allies"]) == 32
    code, out, _ = cli("scenario", "show", "announced-plans")
    assert code == 0 and "announced" in out

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


def test_project_runs_a_user_file(cli_json, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "target: 3.0\nhorizon: 2030\npolicy:\n  default: {real_growth: {rate: 5}}\nmonte_carlo: {draws: 500}\n",
        encoding="utf-8",
    )
    doc = cli_json("project", str(path))
    assert doc["scenario"] == "mine" and doc["target_pct"] == 3.0 and doc["horizon"] == 2030
    assert doc["monte_carlo"]["draws"] == 500


def test_sweep_table_json_csv(cli, cli_json, tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text(SWEEP, encoding="utf-8")
    doc = cli_json("sweep", str(path))
    rows = doc["rows"]
    assert len(rows) == 3 * 2 * 3 and doc["is_projection"] is True
    # Poland holds its 4.48 % whatever the target: same path, same draws, so the odds fall as the target rises.
    pol = {(r["target"], r["monte_carlo.execution_sd"]): r["p_reach_by_horizon"] for r in rows if r["iso3"] == "POL"}
    for sd in (2, 8):
        assert pol[(3.0, sd)] >= pol[(3.5, sd)] >= pol[(4.0, sd)]
    # hague-linear heads for each target of the grid: Germany ends on it in 2035.
    deu = {r["target"]: r["share_horizon_pct"] for r in rows if r["iso3"] == "DEU"}
    assert deu == {3.0: pytest.approx(3.0), 3.5: pytest.approx(3.5), 4.0: pytest.approx(4.0)}
    code, out, _ = cli("sweep", str(path), "--format", "csv")
    assert code == 0 and out.startswith("point,target,monte_carlo.execution_sd,iso3")
    code, out, _ = cli("sweep", str(path))
    assert code == 0 and "Sweep of hague-linear (projection)" in out
    # labelled and formatted like `nato3 project`, not raw column names and floats
    assert "Share" in out and "Reaches" in out and "P(reach)" in out and "share_horizon_pct" not in out
    assert " 4.00 " in out  # shares with two decimals


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
