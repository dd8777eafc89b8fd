"""`nato3 report` from the command line: writes the file, prints its path and the headline
figures; bad input is one line and exit code 2."""

from __future__ import annotations

import pytest

from report_html import figures, parse


def test_writes_index_html_and_prints_path_and_headline(cli, tmp_path):
    out = tmp_path / "r"
    code, stdout, _ = cli("report", "--out", str(out), "--year", "2024", "--edition", "2024")
    assert code == 0
    html = out / "index.html"
    assert html.is_file() and not (out / "report.pdf").exists()
    assert str(html) in stdout
    assert "NATO Total, % of GDP" in stdout and "2.71 % e" in stdout
    assert "US share of spending" in stdout and "23 of 31" in stdout  # 23 allies at 2 % (NATO, June 2024)
    got = figures(parse(html))
    assert got["pledge-met:wales-2"].text == "23"


def test_default_out_is_report_in_the_current_directory(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = cli("report")
    assert code == 0 and (tmp_path / "report" / "index.html").is_file()
    assert "nato3 report, 2026" in stdout  # the newest year with an alliance total: the 2026 edition's 2026e


def test_open_opens_the_file_in_a_browser(cli, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    code, _, _ = cli("report", "--out", str(tmp_path), "--open")
    assert code == 0 and opened == [(tmp_path / "index.html").resolve().as_uri()]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--year", "1990"], "year 1990 is outside NATO's data; allowed: 2014–2026"),
        (["--edition", "2030"], "unknown edition '2030'"),
        (["--scenario", "baseline"], "unknown scenario 'baseline'; use a YAML file or a built-in scenario"),
        (["--scenario", "nowhere/s.yaml"], "scenario file 'nowhere/s.yaml' not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli, tmp_path, args, message):
    code, _, err = cli("report", "--out", str(tmp_path / "r"), *args)
    assert code == 2
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "r").exists()  # nothing written, not even the directory


def test_bad_scenario_file_names_file_line_and_field_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("horizon: 2035\npolicy:\n  default: {linear_to_target: {target: 25}}\n", encoding="utf-8")
    code, stdout, err = cli("report", "--out", str(tmp_path / "r"), "--scenario", str(path))
    assert code == 2 and not stdout
    assert f"{path}, line 3, column 'policy.default.linear_to_target.target'" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "r").exists()


def test_scenario_option_builds_paths_and_the_summary_names_the_scenario(cli, tmp_path):
    code, stdout, _ = cli("report", "--out", str(tmp_path / "r"), "--scenario", "hague-linear")
    assert code == 0
    assert "Paths to 2035: scenario hague-linear (as asked)" in stdout
    assert "Allies at 3.5 % in 2035" in stdout and "31 of 31" in stdout
    section = parse(tmp_path / "r" / "index.html").find("section", id="paths")
    assert section.find("strong", data_figure="paths-scenario").text == "hague-linear"


def test_default_scenario_is_named_in_the_summary(cli, tmp_path):
    from nato3.report.context import DEFAULT_SCENARIO

    code, stdout, _ = cli("report", "--out", str(tmp_path / "r"))
    assert code == 0 and f"Paths to 2035: scenario {DEFAULT_SCENARIO} (the default" in stdout


def test_out_is_a_file(cli, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, _, err = cli("report", "--out", str(target))
    assert code == 2 and "is a file, not a directory" in err


def test_pdf_without_chromium_is_a_clear_error_before_building(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NATO3_CHROMIUM", str(tmp_path / "no-chromium"))
    code, _, err = cli("report", "--out", str(tmp_path / "r"), "--format", "pdf")
    assert code == 2 and "PDF output needs Chromium" in err and "NATO3_CHROMIUM" in err
    assert not (tmp_path / "r").exists()


def test_bad_format_is_a_usage_error(cli):
    code, _, err = cli("report", "--format", "xml")
    assert code == 2 and "xml" in err


def test_help_lists_the_options(cli):
    code, stdout, _ = cli("report", "--help")
    assert code == 0
    for option in ("--out", "--year", "--edition", "--scenario", "--format", "--open"):
        assert option in stdout
    from nato3.report.context import DEFAULT_SCENARIO, SCENARIO_DRAWS

    flat = " ".join(stdout.split())
    assert f"Default: {DEFAULT_SCENARIO}." in flat and f"{SCENARIO_DRAWS:,} Monte Carlo draws" in flat
    assert "nato3 report --scenario hague-linear" in flat


def test_a_whole_process_ends_at_once_with_the_report_written(cli, tmp_path):
    """``nato3 report`` as a whole process leaves with ``os._exit`` once the report is written and
    its summary printed (skipping Python's teardown): the page is the one an in-process run
    writes, the buffered summary reaches the pipe to its last line, exit code 0."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered, as usual
    args = ["report", "--year", "2024", "--edition", "2024"]
    code, inside, _ = cli(*args, "--out", str(tmp_path / "inside"))
    assert code == 0
    run = subprocess.run([sys.executable, "-m", "nato3", *args, "--out", str(tmp_path / "whole")],
                         capture_output=True, env=env)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode().endswith(f"Report: {tmp_path / 'whole' / 'index.html'}\n")
    assert "23 of 31" in run.stdout.decode() and "23 of 31" in inside
    assert (tmp_path / "whole" / "index.html").read_bytes() == (tmp_path / "inside" / "index.html").read_bytes()
