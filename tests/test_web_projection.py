"""Projections in the web API: ``GET /api/v1/scenarios/builtin`` and ``POST /api/v1/projections``
answer documents, and the scenario builder renders one.

The answers are checked against the library (the projection document of the same scenario, draws
and seed), against the pledge (``hague-linear`` puts every ally at 3.5 % of GDP or more in 2035),
and every bad request is a 4xx naming the field and the limit.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from documents import assert_shows, by_code, html_tables, rows
from nato3.projection.builtin import read_scenario
from web_support import AUTH, client, make_app


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


def run(api, body, status=200, query=""):
    r = api.post(f"/api/v1/projections{query}", json=body)
    assert r.status_code == status, r.text
    return r.json() if r.headers["content-type"].startswith("application/json") else r


def refused(api, body, field, *texts, status=422, query=""):
    """A 4xx naming ``field`` (the parameter at fault) and each of ``texts``."""
    answer = run(api, body, status, query)
    assert answer["errors"][0]["parameter"] == field, answer
    assert f"'{field}'" in answer["message"], answer["message"]
    for text in texts:
        assert text in answer["message"], (text, answer["message"])
    return answer


def library(**params) -> dict:
    """The projection document of the library, as JSON."""
    from nato3.documents import build
    from nato3.plain import dumps

    return json.loads(dumps(build("projection", **params).to_dict()))


def test_builtin_scenarios_are_a_document(api):
    r = api.get("/api/v1/scenarios/builtin")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "scenarios"
    names = [b["name"] for b in rows(body)]
    assert names == ["announced-plans", "current-trend", "hague-linear"]
    hague = by_code(body, key="name")["hague-linear"]
    assert hague["policy"] == "default: linear_to_target" and hague["target_pct"] == 3.5
    assert hague["edition"] == "2026" and hague["gdp_edition"] == "2024" and hague["horizon"] == 2035
    assert hague["base_year"] == 2026  # one base year for every ally: the year and edition of /api/v1/status
    assert hague["file"] == "nato3/data/scenarios/hague-linear.yaml"  # never a path on the server
    assert json.loads(hague["scenario_json"])["name"] == "hague-linear"
    assert {"nato_core_defence_ed2026", "nato_expenditure_ed2024"} <= {s["table"] for s in body["sources"]}
    csv_rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/scenarios/builtin?format=csv").text)))
    assert [row["name"] for row in csv_rows] == names


def test_a_builtin_by_name_equals_the_library(api):
    answer = run(api, {"builtin": "current-trend", "draws": 2000, "seed": 7})
    assert answer == library(scenario="current-trend", draws=2000, seed=7)
    assert answer["kind"] == "projection" and answer["parameters"]["draws"] == 2000
    poland = by_code(answer, "paths_allies")["POL"]
    assert 0 <= poland["p_reach_by_horizon"] <= 1 and poland["base_share_year"] == 2026
    assert {r["year"] for r in rows(answer, "paths") if r["iso3"] == "POL"} == set(range(2026, 2036))
    assert any("two separate inputs" in n for n in answer["notes"])  # 2026 shares × 2024 GDP, said so


def test_a_scenario_document_equals_the_library(api):
    scenario, _ = read_scenario("announced-plans")
    document = scenario.model_dump(mode="json", exclude_none=True)
    document["policy"]["POL"] = {"plan": {"2030": 5.0}}  # JSON keys are strings; years all the same
    document["horizon"] = 2040
    answer = run(api, {"scenario": document, "draws": 0})
    assert answer == library(scenario=answer["parameters"]["scenario"], draws=0)
    assert answer["parameters"]["scenario"]["policy"]["POL"] == {"plan": {"2030": 5.0}}
    poland = [r for r in rows(answer, "paths") if r["iso3"] == "POL"]
    assert next(r for r in poland if r["year"] == 2030)["defence_share_gdp_pct"] == pytest.approx(5.0)
    assert by_code(answer, "paths_allies")["POL"]["p_reach_by_horizon"] is None  # deterministic: no odds
    again = run(api, {"scenario": answer["parameters"]["scenario"], "draws": 0})
    assert again["tables"]["paths"] == answer["tables"]["paths"]


def test_hague_linear_puts_every_ally_at_the_pledge_in_2035(api):
    answer = run(api, {"builtin": "hague-linear", "draws": 0})
    projected = [a for a in rows(answer, "paths_allies") if a["kind"] == "ally" and a["has_nato_figures"]]
    assert len(projected) == 31  # every ally but Iceland, which publishes no defence figures
    for ally in projected:
        assert ally["share_horizon_pct"] >= 3.5 - 1e-9, ally["iso3"]
        assert ally["year_reaching_target"] is not None and ally["year_reaching_target"] <= 2035


def test_csv_is_one_table_of_the_document(api):
    r = run(api, {"builtin": "hague-linear", "draws": 1000, "seed": 3}, query="?format=csv&table=paths")
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="nato3-projection-paths.csv"' in r.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(r.text)))
    expected = rows(library(scenario="hague-linear", draws=1000, seed=3), "paths")
    assert len(table) == len(expected)
    for got, want in zip(table, expected, strict=True):
        assert (got["iso3"], int(got["year"])) == (want["iso3"], want["year"])
        share = want["defence_share_gdp_pct"]
        assert (got["defence_share_gdp_pct"] == "") if share is None else float(got["defence_share_gdp_pct"]) == share
        assert got["marks.defence_share_gdp_pct"] == ";".join(
            (want.get("marks") or {}).get("defence_share_gdp_pct", [])
        )
    # Every share is a projection except the observed start, marked as NATO marks it (estimate).
    assert {row["year"] for row in table if row["marks.defence_share_gdp_pct"] == "estimate"} == {"2026"}
    assert "NATO Public Diplomacy Division" in table[0]["sources"]
    refused(api, {"builtin": "hague-linear", "draws": 1000, "seed": 3}, "table", "paths_allies", query="?table=x")


def test_limits_are_named(api):
    refused(api, {"builtin": "hague-linear", "draws": 20001}, "draws", "20000")
    refused(api, {"scenario": {"horizon": 2051}}, "scenario.horizon", "2051", "limit of 2050")
    refused(api, {"scenario": {"monte_carlo": {"draws": 50000}}}, "scenario.monte_carlo.draws", "limit of 20000")
    refused(api, {"scenario": {"horizon": 2101}}, "scenario.horizon", "2100")


def test_limits_follow_the_settings(tmp_path):
    with client(make_app(tmp_path, max_draws=100, max_horizon=2040)) as c:
        refused(c, {"builtin": "current-trend"}, "builtin.monte_carlo.draws", "limit of 100 draws")
        refused(c, {"builtin": "current-trend", "draws": 101}, "draws", "limit of 100 draws")
        refused(c, {"scenario": {"horizon": 2041}}, "scenario.horizon", "limit of 2040")
        assert run(c, {"builtin": "current-trend", "draws": 100})["parameters"]["draws"] == 100


def test_bad_scenarios_name_the_field(api):
    refused(api, {"builtin": "nope"}, "builtin", "current-trend")
    refused(api, {}, "scenario", "exactly one of builtin, saved, scenario")
    refused(api, {"builtin": "hague-linear", "scenario": {}}, "scenario", "2 given")
    refused(api, {"scenario": {"polcy": {}}}, "scenario.polcy", "Extra inputs")
    refused(api, {"scenario": {"policy": {"XYZ": "constant_share"}}}, "scenario.policy.XYZ", "unknown key")
    refused(api, {"scenario": {"policy": {"POL": "grow"}}}, "scenario.policy.POL", "unknown policy")
    refused(api, {"scenario": {"target": 25}}, "scenario.target", "at most 20")
    refused(api, {"scenario": {"target": "wales-equipment-20"}}, "scenario.target", "not measured as")
    refused(api, {"scenario": {"edition": "1999"}}, "scenario.edition", "editions that have it")
    refused(api, {"scenario": {"policy": {"POL": {"plan": {"20x0": 3}}}}}, "scenario.policy.POL.plan.20x0.[key]")
    refused(api, {"scenario": {"base_year": 2025, "horizon": 2025}}, "scenario.horizon", "after the base year")
    refused(  # never a mix of starting years: Germany has no 2025e in the 2025 edition
        api,
        {"scenario": {"edition": "2025", "base_year": 2025}},
        "scenario.base_year",
        "no 2025 share of GDP for Germany",
        "years of that edition with every ally: 2014–2024",
    )
    refused(api, {"builtin": "hague-linear", "seed": -1}, "seed")
    refused(api, {"builtin": "hague-linear"}, "format", "json", query="?format=xml")
    refused(api, {"builtin": "hague-linear"}, "draws_", "unknown query parameter", query="?draws_=1")
    refused(api, {"saved": "0" * 32}, "saved", "no saved scenario", status=404)
    refused(api, {"saved": "not-an-id"}, "saved", "pattern")
    r = api.post("/api/v1/projections", content=b"{oops", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["message"]


def test_saved_scenarios_are_projection_scenarios(api, tmp_path):
    document = {"name": "poland-5", "policy": {"default": "constant_share", "POL": {"plan": {"2030": 5}}}}
    r = api.post("/api/v1/scenarios", json={"name": "Poland at 5 %", "spec": document}, headers=AUTH)
    assert r.status_code == 201, r.text
    saved = r.json()["data"]
    assert saved["spec"] == document
    by_id = run(api, {"saved": saved["id"], "draws": 500, "seed": 1})
    by_document = run(api, {"scenario": document, "draws": 500, "seed": 1})
    assert by_id["tables"]["paths"] == by_document["tables"]["paths"] and by_id["parameters"]["name"] == "Poland at 5 %"
    assert by_id == library(scenario=document, draws=500, seed=1, name="Poland at 5 %")
    bad = api.post("/api/v1/scenarios", json={"name": "x", "spec": {"policy": {"XYZ": "hold"}}}, headers=AUTH)
    assert bad.status_code == 422 and "'spec.policy.XYZ'" in bad.json()["message"]


def test_a_scenario_saved_before_projections_lists_but_does_not_run(tmp_path):
    app = make_app(tmp_path)
    legacy = {"id": "a" * 32, "name": "old", "description": "", "created_at": "2026-01-01T00:00:00+00:00"}
    legacy |= {"size_bytes": 9, "data_editions": ["2025", "2024"], "spec": {"POL": 5}}
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / f"{'a' * 32}.json").write_text(json.dumps(legacy))
    with client(app) as c:
        assert [s["id"] for s in c.get("/api/v1/scenarios").json()["data"]] == ["a" * 32]
        assert c.get(f"/api/v1/scenarios/{'a' * 32}").json()["data"]["spec"] == {"POL": 5}
        refused(c, {"saved": "a" * 32}, "saved", "cannot run", "spec.POL")


def test_running_needs_no_token_and_a_full_pool_answers_503_at_once(tmp_path):
    import time

    with client(make_app(tmp_path, max_projections=1, projection_queue=0, retry_after_s=3)) as c:
        busy = c.app.state.projection_slots.submit(time.sleep, 2)  # the only projection worker, taken
        r = c.post("/api/v1/projections", json={"builtin": "current-trend", "draws": 10, "seed": 99})
        assert r.status_code == 503 and r.headers["retry-after"] == "3", r.text
        assert r.json()["message"] == "1 projections are running and 0 waiting, this server's limit; try again in 3 s"
        busy.result(timeout=60)
        assert run(c, {"builtin": "current-trend", "draws": 10, "seed": 99})["parameters"]["draws"] == 10


def test_runs_are_cached_by_content():
    from nato3.web import projection_data
    from nato3.web.settings import Limits

    limits = Limits()
    gate = projection_data.slots(limits)
    first = projection_data.check({"horizon": 2031}, limits)
    second = projection_data.check({"horizon": 2031, "target": "hague-core-3.5"}, limits)  # the same scenario
    given = projection_data.scenario_json(first.scenario)
    a = projection_data.run(first, given, 100, 5, gate, 60)  # the first run also starts a worker process
    assert projection_data.run(second, given, 100, 5, gate, 60) is a
    assert projection_data.run(second, given, 100, 6, gate, 60) is not a
    assert a.kind == "projection" and a.parameters["draws"] == 100


def page(api, url, status=200):
    r = api.get(url, headers={"accept": "text/html"})
    assert r.status_code == status, r.text[:500]
    return r.text


def test_the_builder_page_shows_what_the_api_computes(api):
    html = page(api, "/scenarios?start=current-trend&draws=2000&seed=5&series=POL")
    assert "Projection, not data." in html and "two separate inputs" in html
    document = json.loads(html.split('id="scenario-doc">')[1].split("</script>")[0])
    answer = run(api, {"scenario": document})
    assert answer["parameters"]["draws"] == 2000 and answer["parameters"]["seed"] == 5
    shown = html_tables(html)
    for table in ("paths_allies", "paths_summary", "paths_money"):
        assert_shows(shown[table], answer, table)
    spec = json.loads(html.split('id="paths-chart-spec">')[1].split("</script>")[0])
    names = [trace["name"] for trace in spec["data"]]
    assert names == [
        "published (NATO 2026 ed.)",
        "95th percentile",
        "projection: 5–95 % of draws",
        "projection: median of draws",
        "projection: scenario path",
    ]
    poland = [r for r in rows(answer, "paths") if r["iso3"] == "POL"]
    assert spec["data"][-1]["y"] == [r["defence_share_gdp_pct"] for r in poland]
    assert spec["data"][2]["y"] == [r["share_p05"] for r in poland]
    history = [r for r in rows(answer, "paths_history") if r["iso3"] == "POL"]
    assert spec["data"][0]["y"] == [r["defence_share_gdp_pct"] for r in history]


def test_the_builder_page_builds_the_scenario_from_the_form(api):
    url = (
        "/scenarios?start=hague-linear&target_pct=3&horizon=2031&policy=linear_to_target&by=2030"
        "&ally=DEU&ally_policy=real_growth&ally_value=4&ally=&ally_policy=&ally_value=&draws=0&series=group:eu"
    )
    html = page(api, url)
    document = json.loads(html.split('id="scenario-doc">')[1].split("</script>")[0])
    assert document["name"] == "hague-linear-edited" and document["target"] == 3.0 and document["horizon"] == 2031
    assert document["policy"]["default"] == {"linear_to_target": {"by": 2030, "hold_if_above": True}}
    assert document["policy"]["DEU"] == {"real_growth": {"rate": 4.0}}
    assert document["monte_carlo"]["draws"] == 0
    same = run(api, {"scenario": document})
    assert "Paths to 2031: hague-linear-edited" in html and rows(same, "paths_settings")[0]["target_pct"] == 3.0
    assert_shows(html_tables(html)["paths_allies"], same, "paths_allies")
    assert "P(reach) needs Monte Carlo draws." in html


@pytest.mark.parametrize(
    ("query", "field", "text"),
    [
        ("horizon=2051", "horizon", "2051 is outside 2000 to 2050"),
        ("draws=20001", "draws", "outside 0 to 20000"),
        ("policy=real_growth", "rate", "needs a rate"),
        ("ally=POL", "ally_policy", "row 1 has an ally but no ally_policy"),
        ("ally=POL&ally_policy=hold_spending&ally=POL&ally_policy=announced", "ally", "given twice"),
        ("target=wales-equipment-20", "target", "allowed: wales-2, hague-core-3.5"),
        ("start=" + "b" * 32, "start", "no saved scenario"),
        ("series=XYZ", "series", "unknown series"),
        ("gdp_growth_sd=25", "gdp_growth_sd", "25 is outside 0 to 20"),
        ("correlation=1.5", "correlation", "1.5 is outside 0 to 1"),
        ("by=2024", "scenario.policy.default.linear_to_target.by", "after the base year"),
    ],
)
def test_the_builder_page_names_a_bad_value(api, query, field, text):
    html = page(api, "/scenarios?start=hague-linear&" + query, status=422)
    error = html.split('id="form-error">')[1].split("</p>")[0]
    assert error.startswith(f"{field}: ") and text in error, error
    assert "<form" in html  # the form stays, with what was typed


def test_the_builder_page_escapes_what_it_echoes(api):
    html = page(api, "/scenarios?start=<script>alert(1)</script>", status=422)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_form_names_an_edited_scenario():
    from nato3.web.scenario_form import Form, document

    start = {"policy": {"default": "constant_share"}}
    assert document(Form(draws=0, seed=2035), start, "x")["name"] == "x"  # the defaults, written out
    # gdp_growth_sd has no written-out default: left out, the settings fitted to history apply
    assert document(Form(gdp_growth_sd=1.5), start, "x")["name"] == "x-edited"
    assert document(Form(gdp_growth_sd=1.5, execution_sd=4.0), start, "x")["monte_carlo"] == {
        "gdp_growth_sd": 1.5,
        "execution_sd": 4.0,
    }
    edited = document(Form(policy="hold_spending", overrides=[("POL", "real_growth", 2.0)]), start, "x")
    assert edited["name"] == "x-edited" and start == {"policy": {"default": "constant_share"}}  # start not changed
    assert edited["policy"] == {"default": "hold_spending", "POL": {"real_growth": {"rate": 2.0}}}
