"""One figure, one value: the backtest document equals what every face shows of it.

For sources, origins, horizons, draws and seeds drawn by hypothesis: the library's document,
`nato3 backtest --format json` and the CSV of each table hold the same values; the report's "How
good are these projections?" shows the document of its own settings (fewer draws, which it says).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import assert_shows, html_tables, rows

SOURCES = st.sampled_from(["sipri", "nato"])
WINDOWS = st.sampled_from([(2014, 2020), (2016, 2022), (2015, 2015)])
HORIZONS = st.sampled_from([(1,), (1, 2, 3), (2, 5)])
DRAWS = st.sampled_from([0, 100, 200])


def library(**params) -> dict:
    from nato3.documents import build
    from nato3.plain import dumps

    return json.loads(dumps(build("backtest", **params).to_dict()))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=SOURCES, window=WINDOWS, horizons=HORIZONS, draws=DRAWS, seed=st.integers(0, 20))
def test_cli_json_and_csv_equal_the_document(cli, source, window, horizons, draws, seed):
    expected = library(source=source, origins=window, horizons=horizons, draws=draws, seed=seed)
    args = ["backtest", "--source", source, "--origins", f"{window[0]}:{window[1]}"]
    args += ["--horizons", ",".join(map(str, horizons)), "--draws", str(draws), "--seed", str(seed)]
    code, out, err = cli(*args, "--format", "json")
    assert code == 0, err
    assert json.loads(out) == expected
    assert all(r["marks"] == {} for r in rows(expected, "backtest_errors"))  # the hindcast mark is the column's
    for name, table in expected["tables"].items():
        code, out, _ = cli(*args, "--format", "csv", "--table", name)
        got = list(csv.DictReader(io.StringIO(out)))
        assert len(got) == len(table["rows"]), name
        numbers = [c["name"] for c in table["columns"] if c["kind"] in ("number", "integer", "probability")]
        for g, want in zip(got, table["rows"], strict=True):
            for column in numbers:
                value = want[column]
                assert (g[column] == "") if value is None else float(g[column]) == pytest.approx(value, rel=1e-15)


def test_the_report_shows_the_backtest_document(tmp_path):
    from nato3.report.build import build_report
    from nato3.report.context import BACKTEST_DRAWS, BACKTEST_SOURCE

    result = build_report(tmp_path / "out", formats=("html",))
    expected = library(source=BACKTEST_SOURCE, draws=BACKTEST_DRAWS)
    shown = html_tables(result.html.read_text(encoding="utf-8"))
    for table in ("backtest_errors", "backtest_overall", "backtest_reliability", "wales_summary", "wales"):
        assert_shows(shown[table], expected, table)
    assert any(f"{BACKTEST_DRAWS:,} Monte Carlo draws per origin" in c for c in expected["caveats"])
    section = next(s for s in result.sections if s.id == "backtest")
    assert section.title == "How good are these projections?" and "chart-backtest-reliability" in {
        c.id for c in section.charts.values()
    }
