"""`nato3 ledger` from the command line: every output names its sources and marks secondary rows;
the DMDC caveat appears wherever DMDC numbers do; bad input exits with code 2."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

COMMANDS = ["posture", "events", "forces", "commands", "industry", "drawdown romania-2025"]


@pytest.mark.parametrize("command", COMMANDS)
def test_table_footer_names_sources_and_marks_secondary(cli, command):
    code, out, err = cli("ledger", *command.split())
    assert code == 0, err
    assert "Sources: " in out
    assert "† secondary source" in out
    assert "│ † │" in out or "│ †" in out  # at least one row is visibly marked


@pytest.mark.parametrize("command", COMMANDS)
def test_json_has_sources_and_caveats(cli_json, command):
    data = cli_json("ledger", *command.split())
    assert data["sources"] and all(s.get("producer") for s in data["sources"])
    assert data["caveats"]


def test_posture_caveat_everywhere(cli, cli_json):
    code, out, _ = cli("ledger", "posture")
    assert code == 0 and "rotational forces EXCLUDED" in out and "rotational forces are NOT included" in out
    data = cli_json("ledger", "posture")
    assert all("rotational" in row["caveat"] for row in data["hosts"])
    code, out, _ = cli("ledger", "posture", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 32 and all("rotational forces are NOT included" in r["caveat"] for r in table)
    assert "source" in table[0]  # the CSV names its source on every row


def test_events_csv_marks_secondary_and_counted(cli):
    code, out, _ = cli("ledger", "events", "--format", "csv")
    table = {r["event_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and len(table) == 50  # 47 events + FP048-FP050 (updates_2026-12)
    assert table["FP018"]["counted"] == "False" and table["FP018"]["level_personnel"] == "1430.0"
    assert table["FP044"]["is_secondary"] == "True" and table["FP001"]["is_secondary"] == "False"
    assert table["FP044"]["source_url"].startswith("https://")


def test_events_by_host_json(cli_json):
    data = cli_json("ledger", "events", "--by", "total")
    executed = next(r for r in data["ledger"] if r["status_group"] == "executed")
    assert executed["us"] == 23400


def test_commands_json(cli_json):
    data = cli_json("ledger", "commands")
    after = next(r for r in data["share"] if r["state"].startswith("after") and r["level"] == "all")
    assert (after["europe"], after["posts"]) == (5, 9)


def test_industry_projection_is_marked(cli, cli_json):
    data = cli_json("ledger", "industry", "--growth", "0.2", "--target", "3000000")
    assert data["years_to_target"][0]["years_to_target"] == 7  # 1.2**6 = 2.99 < 3 <= 1.2**7
    assert all(r["is_projection"] for r in data["projection"][1:])
    code, out, _ = cli("ledger", "industry")
    assert code == 0 and "PROJECTION" in out and "not comparable one-for-one" in out
    code, out, _ = cli("ledger", "industry", "--item", "pac3")
    assert code == 0 and "PAC-3" in out


def test_drawdown_list_and_run(cli, cli_json):
    code, out, _ = cli("ledger", "drawdown")
    assert code == 0 and "germany-2026" in out and "romania-2025" in out
    data = cli_json("ledger", "drawdown", "germany-2026")
    assert data["summary"]["us_withdrawn"] == 5000
    assert [r["fact_id"] for r in data["references"]] == ["F16", "F17", "F18", "F19", "F20", "F21"]
    code, out, _ = cli("ledger", "drawdown", "germany-2026")
    assert code == 0 and "Published replacement estimates" in out and "IISS" in out


def test_charts_are_written(cli, tmp_path):
    for command, name in (("events", "events.svg"), ("drawdown romania-2025", "drawdown.png")):
        path = tmp_path / name
        code, _, err = cli("ledger", *command.split(), "--chart", str(path))
        assert code == 0, err
        assert path.stat().st_size > 1000
    assert "Source: nato3 force-posture events" in (tmp_path / "events.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["drawdown", "nope"], "unknown drawdown 'nope'"),
        (["posture", "--chart", "x.gif"], "use a file ending in"),
        (["events", "--host", "XXX"], "no event has host 'XXX'"),
        (["industry", "--growth", "5"], "growth 5.0 is outside"),
        (["posture", "--period", "1999-01"], "no DMDC report for period"),
    ],
)
def test_bad_input_exit_2(cli, args, message):
    code, _, err = cli("ledger", *args)
    assert code == 2 and message in err


def test_bad_scenario_file_exit_2_from_a_real_process(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntitle: t\nwithdrawals:\n  - event: FP002\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "nato3", "ledger", "drawdown", str(path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"Error: {path}, line 4, column 'withdrawals.0.event': "
        "Value error, FP002 is not a withdrawal (change +3500); name an event with a negative change"
    )
    assert "Traceback" not in proc.stderr
