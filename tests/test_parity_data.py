"""One figure, one value: the documents of the data views equal what every face shows of them.

For countries, years, editions, tables and filters drawn by hypothesis: the library's document,
the CLI's JSON (`nato3 data show|list|revisions|reconcile`, `nato3 sources`), the API's JSON
(`/api/v1/allies`, `/spending`, `/aggregates`, `/pledges`, `/editions`, `/sources`), their CSV and
the tables of the pages (allies, an ally, compare, methods) and of the report (Methods, Sources)
hold the same values and marks, and refuse the same bad input naming the same parameter.

Published figures checked on the way: Poland 2024 4.12 % (2024 edition) → 3.79 % (2025 edition), a
revision; Poland 2025e 4.48 % total (2025 edition) → 4.25 % core (2026 edition), a change of
definition; NATO vs SIPRI for the 341 ally-years both publish (31 allies × 2014–2024).
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import assert_shows, html_tables, library, rows
from web_support import client, make_app

EXAMPLES = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ALLIES = ["POL", "DEU", "GBR", "USA", "EST", "ISL", "SWE", "MKD"]
FLAGS = {
    "iso3": "--country",
    "from_year": "--from",
    "to_year": "--to",
    "name": "NAME",
    "revised_only": "--revised-only",
}
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    return client(make_app(tmp_path_factory.mktemp("web")))


def _args(**params) -> list[str]:
    out = []
    for key, value in params.items():
        if key == "name":
            out.insert(0, value)
            continue
        for v in value if isinstance(value, list) else [value]:
            if v is None or v is False:
                continue
            flag = FLAGS.get(key, "--" + key.replace("_", "-"))
            out += [flag] if v is True else [flag, str(v)]
    return out


def _query(**params) -> str:
    return "&".join(
        f"{key}={v}"
        for key, value in params.items()
        for v in (value if isinstance(value, list) else [value])
        if v is not None
    )


def _cli_equals(cli, command, expected, error, **params):
    """The CLI prints the document's JSON, or refuses as the library does, naming the flag."""
    code, out, err = cli(*command, *_args(**params), "--format", "json")
    if expected is None:
        flag = FLAGS.get(error.parameter, "--" + str(error.parameter).replace("_", "-"))
        assert code == 2 and f"Error ({flag})" in err, err
        return None
    assert code == 0, err
    assert json.loads(out) == expected
    return out


def _api_equals(api, path, expected, error, **params):
    answer = api.get(f"{path}?{_query(**params)}")
    if expected is None:
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["parameter"] == error.parameter
        return
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected


def _csv_equals(text: str, expected: dict, table: str | None, column: str) -> None:
    got = list(csv.DictReader(io.StringIO(text)))
    want = rows(expected, table)
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        value = w[column]
        if value is None:
            assert g[column] == ""
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            assert float(g[column]) == value
        else:
            assert g[column] == str(value)
        marks = (w.get("marks") or {}).get(column, [])
        assert set(filter(None, g.get(f"marks.{column}", "").split(";"))) >= set(marks)


# --- revisions and reconcile (CLI) ---------------------------------------------------------------


@EXAMPLES
@given(
    iso3=st.sampled_from([None, *ALLIES[:4], "XXX"]),
    year=st.sampled_from([None, 2014, 2023, 2024, 2025, 3000]),
    edition=st.sampled_from([None, "2024", "2025", "2026", "2023"]),
    figure=st.sampled_from(["defence_share_gdp_pct", "equipment_share_pct", "defence_exp_musd_const"]),
    order=st.sampled_from(["name", "change"]),
)
def test_revisions_cli_and_csv_equal_the_document(cli, iso3, year, edition, figure, order):
    params = {"iso3": iso3, "year": year, "edition": edition, "figure": figure, "order": order}
    expected, error = library("revisions", **params)
    if _cli_equals(cli, ["data", "revisions"], expected, error, **params) is None:
        return
    code, out, _ = cli("data", "revisions", *_args(**params), "--format", "csv")
    _csv_equals(out, expected, None, "value_to")
    _csv_equals(out, expected, None, "change")
    names = [r["country"] for r in rows(expected)]
    if order == "name":
        assert names == sorted(names, key=lambda n: (n.startswith("NATO"), n))  # by name, never by ISO code


@EXAMPLES
@given(
    iso3=st.sampled_from([None, *ALLIES[:5], "XXX"]),
    year=st.sampled_from([None, 2014, 2020, 2024, 1700]),
    edition=st.sampled_from([None, "2024", "2025", "2026", "1999"]),
)
def test_reconcile_cli_and_csv_equal_the_document(cli, iso3, year, edition):
    params = {"iso3": iso3, "year": year, "edition": edition}
    expected, error = library("reconcile", **params)
    if _cli_equals(cli, ["data", "reconcile"], expected, error, **params) is None:
        return
    code, out, _ = cli("data", "reconcile", *_args(**params), "--format", "csv")
    _csv_equals(out, expected, None, "difference_pp")
    _csv_equals(out, expected, None, "nato_share_gdp_pct")


def test_poland_revision_and_definition_change_in_every_face(cli):
    """Issue 12 item 1: one revision (4.12 → 3.79), one change of definition (4.48 total → 4.25 core)."""
    doc, _ = library("revisions", iso3="POL", year=2024)
    revision, restated = rows(doc)
    assert (round(revision["value_from"], 2), round(revision["value_to"], 2)) == (4.12, 3.79)
    assert round(revision["change"], 2) == -0.33 and not revision["definition_change"]
    assert restated["definition_change"] and restated["change"] is None
    doc, _ = library("revisions", iso3="POL", year=2025)
    (row,) = rows(doc)
    assert (round(row["value_from"], 2), row["value_to"]) == (4.48, 4.25)
    assert row["marks"]["value_from"] == ["estimate", "pre_core"] and row["definition_change"]
    code, out, _ = cli("data", "revisions", "--country", "POL", "--year", "2025", "--format", "csv")
    (line,) = list(csv.DictReader(io.StringIO(out)))
    assert (
        line["definition_change"] == "True" and line["change"] == "" and line["marks.value_from"] == "estimate;pre_core"
    )


def test_every_ally_year_both_publish_is_reconciled_once():
    doc, _ = library("reconcile")
    pairs = {(r["iso3"], r["year"]) for r in rows(doc)}
    assert len(rows(doc)) == len(pairs) == 341  # 31 allies (Iceland has no NATO figures) x 2014-2024
    assert all(r["nato_edition"] == "2026" and "nato_core" in r["reasons"] for r in rows(doc))


# --- tables (CLI) ---------------------------------------------------------------------------------


def _stored_tables() -> list[str]:
    from nato3.store.tables import names

    return names()


@EXAMPLES
@given(
    name=st.sampled_from(["nato_series", "sipri_series", "country_groups", "nato_expenditure_ed2024", "pledges"]),
    iso3=st.sampled_from([None, ["POL"], ["DEU", "NATO_TOTAL"], ["XXX"]]),
    from_year=st.sampled_from([None, 2016, 3000]),
    to_year=st.sampled_from([None, 2020, 2024]),
    edition=st.sampled_from([None, "2025"]),
)
def test_data_show_cli_and_csv_equal_the_document(cli, name, iso3, from_year, to_year, edition):
    params = {"name": name, "iso3": iso3, "from_year": from_year, "to_year": to_year, "edition": edition}
    expected, error = library("table", **params)
    if _cli_equals(cli, ["data", "show"], expected, error, **params) is None:
        return
    code, out, _ = cli("data", "show", *_args(**params), "--format", "csv")
    columns = expected["tables"]["rows"]["columns"]
    numbers = [c["name"] for c in columns if c["kind"] == "number"]
    _csv_equals(out, expected, None, numbers[0] if numbers else columns[0]["name"])
    if name in ("nato_series", "sipri_series"):  # the country names the rows are sorted by
        names = [r["country"] for r in rows(expected)]
        assert names == sorted(names, key=lambda n: (n.startswith("NATO"), n))


def test_data_list_and_tables_agree(cli_json):
    doc = cli_json("data", "list")
    assert doc == library("tables")[0]
    assert [r["table"] for r in rows(doc)] == sorted(_stored_tables())


# --- spending, allies, aggregates, reference (API) ------------------------------------------------


@EXAMPLES
@given(
    iso3=st.sampled_from([None, ["POL"], ["POL", "DEU"], ["NATO_TOTAL"], ["XXX"]]),
    from_year=st.sampled_from([None, 1960, 2020, 2100]),
    to_year=st.sampled_from([None, 2014, 2024]),
    source=st.sampled_from([None, ["nato"], ["sipri"], ["nato", "sipri"]]),
    edition=st.sampled_from([None, "2024", "2025", "2026", "1999"]),
)
def test_spending_api_and_csv_equal_the_document(api, iso3, from_year, to_year, source, edition):
    params = {"iso3": iso3, "from_year": from_year, "to_year": to_year, "source": source, "edition": edition}
    expected, error = library("spending", **params)
    _api_equals(api, "/api/v1/spending", expected, error, **params)
    if expected is None:
        return
    _csv_equals(
        api.get(f"/api/v1/spending?{_query(**params)}&format=csv").text, expected, None, "defence_share_gdp_pct"
    )
    got = [(r["source"], r["edition"]) for r in rows(expected)]
    assert got == sorted(got, key=lambda p: (p[0], [-ord(ch) for ch in p[1]]))  # source, newest edition first


@EXAMPLES
@given(
    codes=st.sampled_from([["POL", "DEU"], ["EST", "LTU", "LVA"], ["USA"], ["XXX"]]),
    series=st.sampled_from(["nato-2024", "nato-2025", "nato-2026", "sipri"]),
)
def test_compare_page_shows_the_spending_document(api, codes, series):
    page = api.get(f"/compare?{_query(iso3=codes, series=series)}", headers=HTML)
    source, _, edition = series.partition("-")
    params = {
        "iso3": codes,
        "source": source,
        "edition": edition or "2025",
        "from_year": 2000 if source == "sipri" else None,
    }
    expected, error = library("spending", **params)
    if expected is None:
        assert page.status_code == 422 and "unknown code" in page.text
        return
    assert page.status_code == 200
    assert_shows(html_tables(page.text)["shares"], expected, "shares")


@EXAMPLES
@given(iso3=st.sampled_from(ALLIES + ["xyz"]))
def test_ally_api_and_page_equal_the_document(api, iso3):
    expected, error = library("allies", iso3=iso3.upper())
    answer = api.get(f"/api/v1/allies/{iso3}")
    page = api.get(f"/allies/{iso3}", headers=HTML)
    if expected is None:
        assert answer.status_code == page.status_code == 404 and "unknown ally" in page.text
        return
    assert answer.json() == expected
    shown = html_tables(page.text)
    for table in ("series", "status", "burden"):
        if rows(expected, table):
            assert_shows(shown[table], expected, table)
    # The status and burden rows are those of the status and burden documents, not recomputed.
    status, _ = library("status")
    burden, _ = library("burden")
    assert rows(expected, "status") == [r for r in rows(status) if r["iso3"] == iso3.upper()]
    assert rows(expected, "burden") == [r for r in rows(burden, "ally_shares") if r["iso3"] == iso3.upper()]
    _csv_equals(api.get(f"/api/v1/allies/{iso3}?table=series&format=csv").text, expected, "series", "year")


@EXAMPLES
@given(year=st.sampled_from([None, 2014, 2024, 2025]), edition=st.sampled_from([None, "2024", "2026", "1999"]))
def test_allies_api_and_page_equal_the_document(api, year, edition):
    expected, error = library("allies", year=year, edition=edition)
    _api_equals(api, "/api/v1/allies", expected, error, year=year, edition=edition)
    if expected is None or year is not None or edition is not None:
        return
    assert_shows(html_tables(api.get("/allies", headers=HTML).text)["allies"], expected, "allies")


@EXAMPLES
@given(edition=st.sampled_from([None, "2024", "2025", "2026", "latest"]))
def test_aggregates_api_and_csv_equal_the_document(api, edition):
    expected, error = library("aggregates", edition=edition)
    _api_equals(api, "/api/v1/aggregates", expected, error, edition=edition)
    if expected is not None:
        text = api.get(f"/api/v1/aggregates?{_query(edition=edition)}&format=csv").text
        _csv_equals(text, expected, None, "defence_share_gdp_pct")


@pytest.mark.parametrize("name", [None, "nato_series", "sipri_milex", "countries"])
def test_sources_cli_api_and_csv_equal_the_document(cli, api, name):
    expected, _ = library("sources", name=name)
    code, out, err = cli("sources", *(["--table", name] if name else []), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == expected
    _api_equals(api, "/api/v1/sources", expected, None, name=name)
    _csv_equals(api.get(f"/api/v1/sources?{_query(name=name)}&format=csv").text, expected, None, "sha256")


@pytest.mark.parametrize("kind", ["pledges", "editions"])
def test_reference_api_equals_the_document(api, kind):
    expected, _ = library(kind)
    _api_equals(api, f"/api/v1/{kind}", expected, None)


def test_methods_page_shows_the_documents(api):
    shown = html_tables(api.get("/methods", headers=HTML).text)
    for kind, table in (("editions", "editions"), ("pledges", "pledges"), ("sources", "sources")):
        assert_shows(shown[table], library(kind)[0], table)


# --- the report -----------------------------------------------------------------------------------


def _section(html: str, section: str) -> str:
    start = html.index(f'id="{section}"')
    return html[start : html.index("</section>", start)]


def test_report_methods_and_sources_show_the_documents(tmp_path):
    """The report's Methods: the editions and pledges documents, and the largest revisions between
    the newest two editions of one definition (2024 → 2025 for 2024: Poland 4.12 → 3.79), naming the
    core-defence break; its Sources: every table of the sources document with its values."""
    from nato3.report.build import build_report

    result = build_report(tmp_path / "out", year=2024, edition="2024", formats=("html",))
    html = result.html.read_text(encoding="utf-8")
    methods = html_tables(_section(html, "methods"))
    assert_shows(methods["editions"], library("editions")[0], "editions")
    assert_shows(methods["pledges"], library("pledges")[0], "pledges")
    largest, _ = library("revisions", year=2024, edition="2025", order="change", limit=5)
    assert_shows(methods["revisions"], largest, "revisions")
    assert "POL" in {r["iso3"] for r in rows(largest)}
    text = " ".join(re.sub(r"<[^>]+>", " ", _section(html, "methods")).split())
    assert "‡ Edition 2026 measures core defence expenditure where edition 2025 measured total" in text
    assert "restates 2014–2024 on it" in text

    from markupsafe import escape

    sources, _ = library("sources", detail=True)
    block = _section(html, "sources")
    for row in rows(sources):
        start = block.index(f'data-table="{row["table"]}"')
        article = block[start : block.index("</article>", start)]
        for column in ("sha256", "rows", "edition", "definition", "cutoff", "licence"):
            if row[column] is not None:
                assert f"<dd>{escape(str(row[column]))}</dd>" in article, (row["table"], column)
        for detail in rows(sources, "details"):
            if detail["table"] == row["table"] and not detail["value"].startswith("http"):
                assert f"<dd>{escape(detail['value'])}</dd>" in article, (row["table"], detail["key"])
    assert "2026 edition is the first on the Hague core-defence definition" in block


# --- terminal: fits 80 columns, plain when piped -------------------------------------------------


def _terminal(args: list[str], width: int) -> str:
    from typer.testing import CliRunner

    from nato3.cli.app import app

    env = {"TTY_COMPATIBLE": "1", "COLUMNS": str(width), "NO_COLOR": "1"}
    result = CliRunner().invoke(app, args, env=env, terminal_width=width)
    assert result.exit_code == 0, result.stdout
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["data", "show", "nato_series", "--country", "POL", "--from", "2020"],
        ["data", "show", "sipri_series", "--country", "USA"],
        ["data", "list"],
        ["data", "revisions", "--country", "POL"],
        ["data", "reconcile", "--year", "2024"],
        ["sources"],
    ],
)
@pytest.mark.parametrize("width", [80, 160])
def test_fits_the_terminal(args, width):
    text = _terminal(args, width)
    table = [line for line in text.splitlines() if line[:1] in "┏┃┡│├└"]
    assert table and max(map(len, table)) <= width, max(table, key=len)


def test_nato_series_is_readable_at_80_columns():
    """Issue 11: `nato3 data show nato_series --country POL --from 2020` was unreadable even at 160."""
    text = _terminal(["data", "show", "nato_series", "--country", "POL", "--from", "2020"], 80)
    rows_ = [line.split("│") for line in text.splitlines() if line.startswith("│")]
    assert [c.strip() for c in rows_[0][1:5]] == ["Poland", "2026", "core", "2020"]
    assert any("4.12 e" in line for line in text.splitlines())  # 2024e, 2024 edition, marked
    assert "Left out to fit the terminal" in text and "--wide" in text
    wide = _terminal(["data", "show", "nato_series", "--country", "POL", "--from", "2020", "--wide"], 80)
    assert "26,839 e" in wide  # spending 2024e, constant 2015 US$ m (2024 edition), shown with --wide


def test_piped_output_is_plain_and_keeps_every_column(cli):
    code, out, _ = cli("data", "show", "nato_series", "--country", "POL", "--from", "2024", "--to", "2024")
    assert code == 0 and "\x1b" not in out and "┃" not in out
    line = next(line for line in out.splitlines() if "4.12 e" in line)  # Poland 2024e, 2024 edition
    assert "total" in line and "26,839 e" in line and "51.13 e" in line  # every column, one line per row
