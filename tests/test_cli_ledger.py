"""`nato3 ledger` from the command line: each command prints its ledger document — fitted to an
80-column terminal, plain and unsplit when piped — with the sources, the caveats and † on the
figures of secondary-source rows; JSON and CSV are the document's; bad input exits with code 2
naming the flag."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest

COMMANDS = [
    "posture",
    "events",
    "events --by host",
    "forces",
    "commands",
    "industry",
    "drawdown",
    "drawdown romania-2025",
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def terminal():
    """Run ``nato3`` in a terminal of ``width`` columns (Rich sees a terminal: the table is fitted)."""
    from typer.testing import CliRunner

    from nato3.cli.app import app

    def invoke(*args: str, width: int = 80):
        env = {"COLUMNS": str(width), "LINES": "50", "TTY_COMPATIBLE": "1", "FORCE_COLOR": "1"}
        result = CliRunner().invoke(app, list(args), env=env, terminal_width=width)
        assert result.exit_code == 0, result.output
        return ANSI.sub("", result.stdout)

    return invoke


def _table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "┏┃┡│├└"]


@pytest.mark.parametrize("command", COMMANDS)
def test_fits_80_columns_and_names_sources_and_marks(terminal, command):
    text = terminal("ledger", *command.split())
    lines = _table_lines(text)
    assert lines and max(map(len, lines)) <= 80, max(lines, key=len)
    assert "Source: " in text and "Marks: " in text
    assert any("†" in line for line in lines)  # at least one figure from a secondary source, visibly marked


def test_wide_shows_every_column(terminal):
    narrow, wide = terminal("ledger", "posture"), terminal("ledger", "posture", "--wide")
    assert "Left out to fit the terminal" in narrow and "--wide" in narrow
    assert "Left out" not in wide and "Coast Guard" in wide and "Events (announced)" in wide


def test_piped_output_is_plain_and_never_splits_a_number(cli):
    code, out, _ = cli("ledger", "posture")
    assert code == 0 and "\x1b" not in out and "┃" not in out
    germany = next(line for line in out.splitlines() if line.strip().startswith("Germany"))
    for figure in ("37,009", "36,436", "23,323", "12,606", "-4,500", "FP007;FP046"):  # every column, one line
        assert figure in germany.split(), figure


@pytest.mark.parametrize("command", COMMANDS)
def test_json_is_the_document(cli_json, command):
    from nato3.documents import build
    from nato3.plain import dumps, loads

    args = command.split()
    kind, params = {
        "posture": ("ledger_posture", {}),
        "events": ("ledger_events", {"by": args[-1] if len(args) > 1 else "date"}),
        "forces": ("ledger_forces", {}),
        "commands": ("ledger_commands", {}),
        "industry": ("ledger_industry", {}),
        "drawdown": ("ledger_drawdown", {"drawdown": args[-1]}) if len(args) > 1 else ("ledger_drawdowns", {}),
    }[args[0]]
    data = cli_json("ledger", *args)
    assert data == loads(dumps(build(kind, **params).to_dict()))
    assert data["sources"] and all(s["producer"] for s in data["sources"]) and data["caveats"]


def test_posture_caveat_everywhere(cli, cli_json):
    code, out, _ = cli("ledger", "posture")
    assert code == 0 and "rotational forces excluded" in out and "rotational forces are NOT included" in out
    data = cli_json("ledger", "posture")
    assert "rotational forces are NOT included" in data["caveats"][0]
    assert all("rotational" in row["caveat"] for row in data["tables"]["hosts"]["rows"])
    code, out, _ = cli("ledger", "posture", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 32 and all("rotational forces are NOT included" in r["caveat"] for r in table)
    assert all("US Defense Manpower Data Center" in r["sources"] for r in table)  # every row names its source


def test_events_csv_marks_secondary_and_counted(cli):
    code, out, _ = cli("ledger", "events", "--format", "csv", "--table", "events")
    table = {r["event_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and len(table) == 50  # FP001-FP050
    assert table["FP018"]["counted"] == "False" and float(table["FP018"]["level_personnel"]) == 1430
    assert table["FP044"]["is_secondary"] == "True" and table["FP001"]["is_secondary"] == "False"
    assert table["FP044"]["marks.change_personnel"] == "secondary" and table["FP001"]["marks.change_personnel"] == ""
    assert table["FP044"]["source_url"].startswith("https://")


def test_events_total(cli_json):
    data = cli_json("ledger", "events", "--by", "total")
    executed = next(r for r in data["tables"]["ledger"]["rows"] if r["status_group"] == "executed")
    assert executed["us"] == 600 + 3500 + 20000 - 700  # counted US rows, executed (FP001, FP002, FP029, FP044)


def test_commands_json(cli_json):
    data = cli_json("ledger", "commands")
    share = {(r["state"], r["level"]): r for r in data["tables"]["post_share"]["rows"]}
    assert (share["now", "all"]["europe"], share["now", "all"]["posts"]) == (4, 9)
    after = next(r for (state, level), r in share.items() if state.startswith("after") and level == "all")
    assert (after["europe"], after["posts"]) == (5, 9)


def test_industry_growth_is_a_percentage_and_the_projection_is_marked(cli, cli_json):
    data = cli_json("ledger", "industry", "--growth", "20", "--target", "3000000")
    assert data["parameters"]["growth"] == 20
    summary = data["tables"]["projection_summary"]["rows"][0]
    assert summary["years_to_target"] == 7  # 1.2**6 = 2.99 < 3 <= 1.2**7
    rows = data["tables"]["projection"]["rows"]
    assert rows[1]["projected"] == pytest.approx(1_200_000)  # 1,000,000 (EU capacity 2024) × 1.2
    assert all(r["marks"]["projected"] == ["projection"] for r in rows[1:])
    assert "projection" not in rows[0]["marks"].get("projected", [])  # the base year is observed
    code, out, _ = cli("ledger", "industry")
    assert code == 0 and "PROJECTION" in out and "not comparable one-for-one" in out
    code, out, _ = cli("ledger", "industry", "--item", "pac3")
    assert code == 0 and "Lockheed Martin" in out


def test_drawdown_list_and_run(cli, cli_json):
    code, out, _ = cli("ledger", "drawdown")
    assert code == 0 and "germany-2026" in out and "romania-2025" in out
    data = cli_json("ledger", "drawdown", "germany-2026")
    assert data["tables"]["summary"]["rows"][0]["us_withdrawn"] == 5000
    assert [r["fact_id"] for r in data["tables"]["references"]["rows"]] == ["F16", "F17", "F18", "F19", "F20", "F21"]
    code, out, _ = cli("ledger", "drawdown", "germany-2026")
    assert code == 0 and "Published estimates of replacing US forces" in out and "IISS" in out


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
        (["drawdown", "nope"], "Error (DRAWDOWN): unknown drawdown 'nope'"),
        (["posture", "--chart", "x.gif"], "use a file ending in"),
        (["events", "--host", "XXX"], "Error (--host): no event has host 'XXX'"),
        (["industry", "--growth", "500"], "Error (--growth): growth 500.0 is outside -50..200"),
        (["industry", "--item", "pac3", "--growth", "5"], "Error (--growth): the ramp-up projection is for 155 mm"),
        (["industry", "--until", "2010"], "Error (--until): until 2010 is outside 2024..2100"),
        (["posture", "--period", "1999-01"], "Error (--period): no DMDC report for period"),
        (["posture", "--format", "csv", "--table", "nope"], "Error (--table): unknown table 'nope'"),
        (["forces", "--edition", "2025"], "Error (--edition): the 2025 edition publishes no military personnel"),
    ],
)
def test_bad_input_exit_2(cli, args, message):
    code, _, err = cli("ledger", *args)
    assert code == 2 and message in err, err


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
