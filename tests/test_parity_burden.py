"""One figure, one value: the burden documents equal what every face shows of them.

For years, sources, editions, groups and prices drawn by hypothesis: the library's document,
`nato3 burden --format json`, `GET /api/v1/burden`, its CSV and the Who pays page's tables hold the
same values and marks (and refuse the same bad input, naming the parameter); likewise
`burden test` / `/api/v1/burden/tests` and `burden series` / `/api/v1/burden/series`. The report's
"Who pays" shows the document's values.

The reproduction of issue 11: NATO Total's and Germany's 2024 share of GDP (2.71 % and 2.12 % in
NATO's 2024 edition, the one with spending in US$) are one value in `nato3 burden`, `/burden`, the
report's "Who pays" and `/api/v1/burden`.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import assert_shows, by_code, html_tables, library, rows
from web_support import client, make_app

SOURCES = st.sampled_from(["nato", "sipri"])
YEARS = st.sampled_from([None, 1955, 1964, 2014, 2020, 2024, 2025])
EDITIONS = st.sampled_from([None, "2024", "2025"])
GROUPS = st.sampled_from([None, ["eu"], ["Baltics=EST,LVA,LTU", "nordic_baltic"], ["New=SWE"], ["X=ABC"]])
PRICES = st.sampled_from(["constant", "current"])
FLAGS = {"groups": "--group", "from_year": "--from", "to_year": "--to"}
EXAMPLES = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    return client(make_app(tmp_path_factory.mktemp("web")))


def _query(**params) -> str:
    pairs = []
    for key, value in params.items():
        for v in value if isinstance(value, list) else [value]:
            if v is not None:
                pairs.append(f"{key}={v}")
    return "&".join(pairs)


def _args(**params) -> list[str]:
    out = []
    for key, value in params.items():
        for v in value if isinstance(value, list) else [value]:
            if v is not None:
                out += [FLAGS.get(key, f"--{key}"), str(v)]
    return out


def _same_refusal(cli, api, error, command, url):
    code, _, err = cli(*command)
    assert code == 2 and f"Error ({FLAGS.get(error.parameter, '--' + error.parameter)})" in err, err
    answer = api.get(url)
    assert answer.status_code == 422 and answer.json()["errors"][0]["parameter"] == error.parameter


def _same_figures(again, expected):
    """Asking again with the document's own parameters gives the same figures (only the edition's
    "why" may differ: the edition is now asked for)."""
    assert again["parameters"] == expected["parameters"] and again["tables"] == expected["tables"]


def _csv_equals(api, url, expected, table, column):
    got = list(csv.DictReader(io.StringIO(api.get(url).text)))
    want = rows(expected, table)
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        value = w[column]
        assert (g[column] == "") if value is None else float(g[column]) == value
        marks = (w.get("marks") or {}).get(column, [])
        assert set(filter(None, g.get(f"marks.{column}", "").split(";"))) >= set(marks)


@EXAMPLES
@given(source=SOURCES, year=YEARS, edition=EDITIONS, groups=GROUPS, prices=PRICES)
def test_burden_cli_api_csv_and_page_equal_the_document(cli, api, source, year, edition, groups, prices):
    params = {"year": year, "source": source, "edition": edition, "prices": prices, "groups": groups}
    expected, error = library("burden", **params)
    url = f"/api/v1/burden?{_query(**params)}"
    if expected is None:  # the same refusal everywhere: exit 2 naming the flag, 422 naming the field
        _same_refusal(cli, api, error, ["burden", *_args(**params), "--format", "json"], url)
        return
    code, out, err = cli("burden", *_args(**params), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == expected
    assert api.get(url).json() == expected
    _same_figures(library("burden", **expected["parameters"])[0], expected)
    _csv_equals(api, f"{url}&format=csv", expected, "group_shares", "spending_share_pct")
    _csv_equals(api, f"{url}&format=csv&table=ally_shares", expected, "ally_shares", "gdp_share_pct")

    if edition is None and groups is None and prices == "constant":  # what the page's form can ask
        page = api.get(f"/burden?{_query(year=year, source=source)}", headers={"accept": "text/html"})
        assert page.status_code == 200
        shown = html_tables(page.text)
        for table in ("group_shares", "ally_shares", "alliance", "olson_zeckhauser", "joint_product"):
            assert_shows(shown[table], expected, table)
        tests, _ = library("burden_tests", source=source)
        assert_shows(shown["significance"], tests, "significance")


@EXAMPLES
@given(
    source=SOURCES,
    from_year=st.sampled_from([None, 1960, 2016, 2020]),
    to_year=st.sampled_from([None, 1970, 2019, 2024]),
    edition=EDITIONS,
)
def test_tests_and_series_cli_api_and_csv_equal_the_documents(cli, api, source, from_year, to_year, edition):
    params = {"source": source, "from_year": from_year, "to_year": to_year, "edition": edition}
    for kind, command, path, table, column in (
        ("burden_tests", ["burden", "test"], "/api/v1/burden/tests", "olson_zeckhauser", "spearman_rho"),
        ("burden_series", ["burden", "series"], "/api/v1/burden/series", "us_europe", "united_states_share_pct"),
    ):
        expected, error = library(kind, **params)
        url = f"{path}?{_query(**params)}"
        if expected is None:
            _same_refusal(cli, api, error, [*command, *_args(**params), "--format", "json"], url)
            continue
        code, out, err = cli(*command, *_args(**params), "--format", "json")
        assert code == 0, err
        assert json.loads(out) == expected
        assert api.get(url).json() == expected
        _same_figures(library(kind, **expected["parameters"])[0], expected)
        _csv_equals(api, f"{url}&format=csv", expected, table, column)


def _terminal_text(cli, *args) -> str:
    code, out, err = cli(*args)
    assert code == 0, err
    return out


def test_one_value_for_nato_total_and_germany_2024_everywhere(cli, api, tmp_path):
    """Issue 11's reproduction: `nato3 burden`, the API, the Who pays page and the report's Who pays
    show NATO Total's and Germany's 2024 share of GDP from one edition, with one value."""
    from nato3.report.build import build_report

    expected, _ = library("burden", year=2024)
    total = rows(expected, "alliance")[0]["defence_share_gdp_pct"]
    germany = by_code(expected, "ally_shares")["DEU"]["defence_share_gdp_pct"]
    assert expected["parameters"]["edition"] == "2024"
    assert (round(total, 2), round(germany, 2)) == (2.71, 2.12)  # NATO's 2024 edition, Tables 3 and 2
    assert json.loads(_terminal_text(cli, "burden", "--year", "2024", "--format", "json")) == expected
    text = _terminal_text(cli, "burden", "--year", "2024")
    assert next(line for line in text.splitlines() if " Germany " in line).count("2.12 e") == 1
    assert "2.71 e" in next(line for line in text.splitlines() if "NATO, all allies" in line)
    assert api.get("/api/v1/burden?year=2024").json() == expected

    page = html_tables(api.get("/burden?year=2024", headers={"accept": "text/html"}).text)
    assert page["alliance"][0]["defence_share_gdp_pct"] == total
    assert next(r for r in page["ally_shares"] if r["country"] == "Germany")["defence_share_gdp_pct"] == germany

    result = build_report(tmp_path / "out", formats=("html",))
    text = result.html.read_text(encoding="utf-8")
    start = text.index('id="who_pays"')
    report = html_tables(text[start : text.index("</section>", start)])
    for table in ("group_shares", "ally_shares", "alliance", "joint_product"):
        assert_shows(report[table], expected, table)
    assert report["alliance"][0]["defence_share_gdp_pct"] == total
