"""One figure, one value: the projection document equals what every face shows of it.

For built-in scenarios, draws, seeds and targets drawn by hypothesis: the library's document,
`nato3 project --format json`, `POST /api/v1/projections`, the CSV of each table and the scenario
builder's tables hold the same values and marks. The start is the status document's for the base
year and edition, aggregates included (issue 11's reproduction: NATO Europe and Canada's start was
2.33 % in the report, 2.24 % in current-trend, 2.28 % in hague-linear and "–" in status).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import assert_shows, by_code, html_tables, rows
from web_support import client, make_app

BUILTINS = st.sampled_from(["current-trend", "hague-linear", "announced-plans"])
DRAWS = st.sampled_from([0, 200, 500])
SEEDS = st.integers(0, 50)
TARGETS = st.sampled_from([None, 3.0, 4.0, "wales-2"])
AGGREGATES = ("NATO_EUR_CAN", "NATO_TOTAL")


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


def library(**params) -> dict:
    from nato3.documents import build
    from nato3.plain import dumps

    return json.loads(dumps(build("projection", **params).to_dict()))


def _csv_equals(api, body: dict, expected: dict) -> None:
    """Each table's CSV (the API's) holds the document's values, row by row."""
    for name, table in expected["tables"].items():
        r = api.post(f"/api/v1/projections?format=csv&table={name}", json=body)
        assert r.status_code == 200, r.text
        got = list(csv.DictReader(io.StringIO(r.text)))
        assert len(got) == len(table["rows"]), name
        numbers = [c["name"] for c in table["columns"] if c["kind"] in ("number", "integer", "year", "probability")]
        for g, want in zip(got, table["rows"], strict=True):
            for column in numbers:
                value = want[column]
                assert (g[column] == "") if value is None else float(g[column]) == pytest.approx(value, rel=1e-15), (
                    name,
                    column,
                )


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=BUILTINS, draws=DRAWS, seed=SEEDS)
def test_cli_api_csv_equal_the_document_for_builtins(cli, api, scenario, draws, seed):
    expected = library(scenario=scenario, draws=draws, seed=seed)
    code, out, err = cli("project", scenario, "--draws", str(draws), "--seed", str(seed), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == expected
    body = {"builtin": scenario, "draws": draws, "seed": seed}
    answer = api.post("/api/v1/projections", json=body)
    assert answer.status_code == 200 and answer.json() == expected
    _csv_equals(api, body, expected)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=BUILTINS, draws=DRAWS, seed=SEEDS, target=TARGETS)
def test_a_scenario_with_another_target_is_one_document_everywhere(
    cli, api, tmp_path_factory, scenario, draws, seed, target
):
    from nato3.projection.builtin import read_scenario
    from nato3.projection.scenario import scenario_json

    document = scenario_json(read_scenario(scenario)[0])
    if target is not None:
        document["target"] = target
    expected = library(scenario=document, draws=draws, seed=seed)
    answer = api.post("/api/v1/projections", json={"scenario": document, "draws": draws, "seed": seed})
    assert answer.status_code == 200 and answer.json() == expected
    # the same scenario as a file, from the command line
    path = tmp_path_factory.mktemp("scenario") / f"{scenario}.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    code, out, err = cli("project", str(path), "--draws", str(draws), "--seed", str(seed), "--format", "json")
    assert code == 0, err
    from_file = json.loads(out)
    assert from_file == library(scenario=str(path), draws=draws, seed=seed)
    for name in ("paths_allies", "paths", "paths_money", "paths_summary", "paths_gaps"):
        assert from_file["tables"][name] == expected["tables"][name], name


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=BUILTINS, draws=st.sampled_from([0, 300]), seed=SEEDS)
def test_the_scenario_builder_shows_the_document(api, scenario, draws, seed):
    page = api.get(f"/scenarios?start={scenario}&draws={draws}&seed={seed}", headers={"accept": "text/html"})
    assert page.status_code == 200
    document = json.loads(page.text.split('id="scenario-doc">')[1].split("</script>")[0])
    expected = library(scenario=document, draws=draws, seed=seed)
    shown = html_tables(page.text)
    for table in ("paths_allies", "paths_summary", "paths_money"):
        assert_shows(shown[table], expected, table)


@pytest.mark.parametrize("scenario", ["current-trend", "hague-linear", "announced-plans"])
def test_every_scenario_starts_from_the_status_documents_figures(scenario):
    """Issue 11's reproduction: one start, equal to status's, for every ally and both aggregates
    (NATO's own aggregate where NATO publishes it), marks included."""
    from nato3.documents import build

    doc = library(scenario=scenario, draws=0)
    settings_row = rows(doc, "paths_settings")[0]
    status = build("status").to_dict()
    assert (settings_row["base_year"], settings_row["edition"]) == (
        status["parameters"]["year"],
        status["parameters"]["edition"],
    )
    standing = by_code(status)
    starts = by_code(doc, "paths_allies")
    for iso3, row in standing.items():
        assert starts[iso3]["base_share_pct"] == row["defence_share_gdp_pct"], iso3
        assert starts[iso3]["marks"].get("base_share_pct", []) == row["marks"].get("defence_share_gdp_pct", [])
    for code in AGGREGATES:
        assert standing[code]["aggregate_method"] == "published by NATO"  # the 2026 edition's own rows
        path = [r for r in rows(doc, "paths") if r["iso3"] == code]
        assert path[0]["defence_share_gdp_pct"] == standing[code]["defence_share_gdp_pct"]


def test_an_older_edition_starts_from_its_own_complete_year_and_published_aggregates():
    """The 2025 edition lacks Germany's 2025e, so a projection from it starts every ally in 2024,
    with the aggregates NATO published for 2024 in that edition (as status shows them)."""
    from nato3.alliance.aggregates import published_aggregates
    from nato3.documents import build

    doc = library(scenario={"edition": "2025", "policy": {"default": "constant_share"}}, draws=0)
    assert rows(doc, "paths_settings")[0]["base_year"] == 2024
    status = by_code(build("status", year=2024, edition="2025").to_dict())
    published = published_aggregates("2025").query("year == 2024").set_index("iso3")
    for code in AGGREGATES:
        start = by_code(doc, "paths_allies")[code]["base_share_pct"]
        assert start == status[code]["defence_share_gdp_pct"] == published.loc[code, "defence_share_gdp_pct"]
