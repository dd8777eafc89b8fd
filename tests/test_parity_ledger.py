"""One figure, one value: each ledger document equals what every face shows of it.

For the views' parameters drawn by hypothesis (DMDC periods, ledger by date/host/total and hosts,
NATO editions, 155 mm regions, growth in % a year, targets and end years, drawdown names — good
and bad): the library's document, ``nato3 ledger … --format json``, ``GET /api/v1/ledger/…`` and
every table of its CSV hold the same values and marks, or all three refuse the same input naming
the same parameter. The ledger page (for growth values drawn by hypothesis) and the report's ledger
section show the documents' values, marks included.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import csv_marks, html_tables, library
from web_support import client, make_app

SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BUILTINS = ["announced-2025-2026", "germany-2026", "romania-2025"]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    return client(make_app(tmp_path_factory.mktemp("web")))


def _library(kind: str, params: dict):
    """The document's JSON as the faces serialise it, or the parameter a refusal names."""
    payload, error = library(kind, **params)
    return payload, error.parameter if error else None


def _query(params: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items() if v is not None)


def _flags(params: dict) -> list[str]:
    return [a for k, v in params.items() if v is not None for a in (f"--{k}", str(v))]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(map(str, value))
    return str(value)


def _same_csv(api, url: str, payload: dict) -> None:
    """Every table of the document as CSV: the same rows, values and marks as the JSON."""
    for name, table in payload["tables"].items():
        sep = "&" if "?" in url else "?"
        got = list(csv.DictReader(io.StringIO(api.get(f"{url}{sep}format=csv&table={name}").text)))
        assert len(got) == len(table["rows"]), name
        for row, want in zip(got, table["rows"], strict=True):
            for column in (c["name"] for c in table["columns"]):
                value = want[column]
                if isinstance(value, float) and row[column]:
                    assert float(row[column]) == value, (name, column)
                elif isinstance(value, str):
                    assert row[column].lstrip("'") == value, (name, column)  # a formula-like text gets a '
                else:
                    assert row[column] == _csv_value(value), (name, column, row[column], value)
            for column, codes in csv_marks(table, want).items():
                assert row[f"marks.{column}"] == codes, (name, column)


def _faces_agree(cli, api, kind: str, params: dict, cli_args: list[str], url: str, api_parameter=None) -> dict | None:
    expected, parameter = _library(kind, params)
    code, out, err = cli(*cli_args, "--format", "json")
    answer = api.get(url)
    if expected is None:  # the same refusal everywhere: exit 2, and a 4xx naming the parameter
        assert code == 2, (code, out[:200])
        assert answer.status_code in (404, 422), answer.text[:300]
        assert answer.json()["errors"][0]["parameter"] == (api_parameter or parameter)
        return None
    assert code == 0, err
    assert json.loads(out) == expected
    assert answer.status_code == 200 and answer.json() == expected
    _same_csv(api, url, expected)
    return expected


@SETTINGS
@given(period=st.sampled_from([None, "2025-12", "2026-03", "2024-06"]))
def test_posture(cli, api, period):
    params = {"period": period}
    _faces_agree(
        cli,
        api,
        "ledger_posture",
        params,
        ["ledger", "posture", *_flags(params)],
        "/api/v1/ledger/posture?" + _query(params),
    )


@SETTINGS
@given(
    by=st.sampled_from(["date", "host", "total", "week"]),
    host=st.sampled_from([None, "ROU", "pol", "EUR", "ESP", "XXX"]),
)
def test_events(cli, api, by, host):
    params = {"by": by, "host": host}
    doc = _faces_agree(
        cli,
        api,
        "ledger_events",
        params,
        ["ledger", "events", *_flags(params)],
        "/api/v1/ledger/events?" + _query(params),
    )
    if doc is not None:  # the sums are the counted rows, and only those
        counted = [r for r in doc["tables"]["events"]["rows"] if r["counted"]]
        for group in ("us", "europe", "canada", "mixed"):
            total = sum(r[group] for r in doc["tables"]["totals"]["rows"])
            assert total == sum(r["change_personnel"] for r in counted if r["actor_group"] == group)


@SETTINGS
@given(edition=st.sampled_from([None, "2024", "2025", "1999"]))
def test_forces(cli, api, edition):
    params = {"edition": edition}
    _faces_agree(
        cli,
        api,
        "ledger_forces",
        params,
        ["ledger", "forces", *_flags(params)],
        "/api/v1/ledger/forces?" + _query(params),
    )


def test_commands(cli, api):
    doc = _faces_agree(cli, api, "ledger_commands", {}, ["ledger", "commands"], "/api/v1/ledger/commands")
    overall = [r for r in doc["tables"]["post_share"]["rows"] if r["level"] == "all"]
    assert [(r["europe"], r["posts"]) for r in overall] == [(4, 9), (5, 9)]  # NATO, 6 Feb 2026


@settings(max_examples=14, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    item=st.sampled_from(["155mm", "155mm", "155mm", "pac3", "tanks"]),
    region=st.sampled_from([None, "Europe", "usa", "Russia"]),
    growth=st.sampled_from([None, 0, 10, 15, -10, 250]),
    target=st.sampled_from([None, 3_000_000]),
    until=st.sampled_from([None, 2030, 2050, 2010]),
)
def test_industry(cli, api, item, region, growth, target, until):
    params = {"item": item, "region": region, "growth": growth, "target": target, "until": until}
    doc = _faces_agree(
        cli,
        api,
        "ledger_industry",
        params,
        ["ledger", "industry", *_flags(params)],
        "/api/v1/ledger/industry?" + _query(params),
    )
    if doc is not None and item == "155mm":  # growth is a percentage, as in scenarios
        rows = doc["tables"]["projection"]["rows"]
        g = doc["parameters"]["growth"]
        assert g == (10 if growth is None else growth)
        for before, after in zip(rows, rows[1:], strict=False):
            assert after["projected"] == pytest.approx(before["projected"] * (1 + g / 100))


@SETTINGS
@given(name=st.sampled_from([*BUILTINS, "poland-2030"]))
def test_drawdown(cli, api, name):
    _faces_agree(
        cli,
        api,
        "ledger_drawdown",
        {"drawdown": name},
        ["ledger", "drawdown", name],
        f"/api/v1/ledger/drawdowns/{name}",
        "name",
    )


def test_drawdowns_list_is_each_drawdowns_own_result(cli, api):
    from nato3.documents import build

    doc = _faces_agree(cli, api, "ledger_drawdowns", {}, ["ledger", "drawdown"], "/api/v1/ledger/drawdowns")
    for row in doc["tables"]["drawdowns"]["rows"]:
        summary = build("ledger_drawdown", drawdown=row["drawdown"]).tables["summary"].records()[0]
        for column in ("us_withdrawn", "backfill_personnel", "backfill_cost_musd_per_year", "share_europe_after_pct"):
            assert row[column] == summary[column]


def _shown_equals(shown: list[dict], payload: dict, name: str) -> None:
    """A page's table shows exactly the document's values and marks (the column's own mark too)."""
    table = payload["tables"][name]
    column_marks = {c["name"]: [c["mark"]] for c in table["columns"] if c.get("mark")}
    assert len(shown) == len(table["rows"]), name
    for got, want in zip(shown, table["rows"], strict=True):
        assert {k: v for k, v in got.items() if k != "marks"} == {k: want[k] for k in got if k != "marks"}, name
        marks = {c: want["marks"].get(c, []) + column_marks.get(c, []) for c in got if c != "marks"}
        assert got["marks"] == {c: m for c, m in marks.items() if m}, name


PAGE = {
    "ledger_posture": ({}, ["hosts", "europe_totals", "timeline"]),
    "ledger_events": ({"by": "host"}, ["ledger", "totals", "events"]),
    "ledger_forces": ({}, ["force_share", "europe_personnel"]),
    "ledger_commands": ({}, ["posts", "post_share", "holders"]),
    "ledger_drawdowns": ({}, ["drawdowns", "references"]),
}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(growth=st.sampled_from([None, 5, 12.5, 30]))
def test_the_ledger_page_shows_the_documents(api, growth):
    page = api.get("/ledger" + (f"?growth={growth}" if growth is not None else ""), headers={"accept": "text/html"})
    assert page.status_code == 200
    tables = html_tables(page.text)
    industry, _ = _library("ledger_industry", {"growth": growth})
    for name in ("shells", "companies", "projection", "projection_summary"):
        _shown_equals(tables[name], industry, name)
    for kind, (params, names) in PAGE.items():
        doc, _ = _library(kind, params)
        for name in names:
            _shown_equals(tables[name], doc, name)


def test_the_report_section_shows_the_documents():
    from nato3.report.context import ReportContext
    from nato3.report.page import environment
    from nato3.report.sections import ledger

    section = ledger.build(ReportContext(year=2024))
    html = (
        environment()
        .get_template(section.template)
        .render(section=section, page={}, charts=section.charts, **section.values)
    )
    tables = html_tables(html)
    for kind, params, name in (
        ("ledger_forces", {}, "force_share"),
        ("ledger_commands", {}, "post_share"),
        ("ledger_posture", {}, "europe_totals"),
        ("ledger_events", {"by": "total"}, "totals"),
    ):
        doc, _ = _library(kind, params)
        _shown_equals(tables[name], doc, name)
    latest, _ = _library("ledger_forces", {})
    share = latest["tables"]["latest"]["rows"][0]["share_europe_pct"]
    assert f'value="{share!r}" data-figure="ledger-europe-share-personnel"' in html
