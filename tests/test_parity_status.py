"""One figure, one value: the status document equals what every face shows of it.

For years and editions drawn by hypothesis: the library's document, `nato3 status --format json`,
`GET /api/v1/status`, its CSV and the overview page's table hold the same values and marks; the
report's "Where each ally stands" shows the document's values for the default view.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import assert_shows, html_tables, rows
from web_support import client, make_app

YEARS = st.sampled_from([None, 2014, 2019, 2023, 2024, 2025])
EDITIONS = st.sampled_from([None, "2024", "2025"])


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    return client(make_app(tmp_path_factory.mktemp("web")))


def _library(year, edition):
    from nato3.documents import build
    from nato3.errors import Nato3Error
    from nato3.plain import dumps

    try:
        return json.loads(dumps(build("status", year=year, edition=edition).to_dict()))
    except Nato3Error:
        return None


def _query(year, edition):
    return "&".join(f"{k}={v}" for k, v in (("year", year), ("edition", edition)) if v is not None)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=YEARS, edition=EDITIONS)
def test_cli_api_csv_and_page_equal_the_document(cli, api, year, edition):
    expected = _library(year, edition)
    args = [a for k, v in (("--year", year), ("--edition", edition)) if v is not None for a in (k, str(v))]
    code, out, err = cli("status", *args, "--format", "json")
    answer = api.get(f"/api/v1/status?{_query(year, edition)}")
    if expected is None:  # the same refusal everywhere: exit 2 and 422 naming the parameter
        assert code == 2 and "Error (--" in err
        assert answer.status_code == 422 and answer.json()["errors"][0]["parameter"] in ("year", "edition")
        return
    assert json.loads(out) == expected
    assert answer.json() == expected

    csv_rows = list(csv.DictReader(io.StringIO(api.get(f"/api/v1/status?{_query(year, edition)}&format=csv").text)))
    for got, want in zip(csv_rows, rows(expected), strict=True):
        assert got["country"] == want["country"]
        value = want["defence_share_gdp_pct"]
        assert (got["defence_share_gdp_pct"] == "") if value is None else float(got["defence_share_gdp_pct"]) == value
        assert got.get("marks.defence_share_gdp_pct", "") == ";".join(
            (want.get("marks") or {}).get("defence_share_gdp_pct", [])
        )

    if edition is None:
        page = api.get(f"/?{_query(year, None)}", headers={"accept": "text/html"})
        assert page.status_code == 200
        shown = html_tables(page.text)
        for name in expected["tables"]:
            assert_shows(shown[name], expected, name)


def test_report_shows_the_status_document(tmp_path):
    from nato3.report.build import build_report

    result = build_report(tmp_path / "out", formats=("html",))
    expected = _library(None, None)
    assert result.context.year == expected["parameters"]["year"]
    shown = html_tables(result.html.read_text(encoding="utf-8"))
    for name in expected["tables"]:
        assert_shows(shown[name], expected, name)
