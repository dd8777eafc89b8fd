"""Projections in the web API: ``GET /api/v1/scenarios/builtin`` and ``POST /api/v1/projections``.

The answers are checked against the library (:func:`nato3.projection.project` with the same
scenario, draws and seed gives the same numbers), against the pledge (``hague-linear`` puts every
ally at 3.5 % of GDP or more in 2035), and every bad request is a 4xx naming the field and the limit.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from nato3.projection import Scenario, project
from nato3.projection.builtin import read_scenario
from web_support import AUTH, client, make_app

WEB_ONLY = ("sources", "file", "origin", "document")  # what the API adds to or changes in the CLI's JSON


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


def same_as_library(answer: dict, expected: dict) -> None:
    """The API's document equals the CLI's JSON (the same numbers), apart from what the web adds."""
    expected = json.loads(json.dumps(expected))
    assert {k: v for k, v in answer.items() if k not in WEB_ONLY} == {
        k: v for k, v in expected.items() if k not in WEB_ONLY
    }
    assert [s["table"] for s in answer["sources"]] == [s["table"] for s in expected["sources"]]


def test_builtin_scenarios_are_described(api):
    r = api.get("/api/v1/scenarios/builtin")
    assert r.status_code == 200, r.text
    body = r.json()
    names = [b["name"] for b in body["data"]]
    assert names == ["announced-plans", "current-trend", "hague-linear"]
    hague = body["data"][names.index("hague-linear")]
    assert hague["policy"] == {"default": "linear_to_target"} and hague["target_pct"] == 3.5
    assert hague["edition"] == "2026" and hague["gdp_edition"] == "2024" and hague["horizon"] == 2035
    assert hague["file"] == "nato3/data/scenarios/hague-linear.yaml"  # never a path on the server
    assert body["edition"] == ["2026", "2024"]
    assert {"scenarios/builtin", "nato_core_defence_ed2026", "nato_expenditure_ed2024"} <= {
        s["table"] for s in body["source"]
    }
    csv_rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/scenarios/builtin?format=csv").text)))
    assert [row["name"] for row in csv_rows] == names and "document" not in csv_rows[0]


def test_a_builtin_by_name_equals_the_library(api):
    answer = run(api, {"builtin": "current-trend", "draws": 2000, "seed": 7})
    same_as_library(answer, project("current-trend", draws=2000, seed=7).to_json())
    assert answer["is_projection"] is True and answer["method"].startswith("Projection, not data")
    assert answer["origin"] == {"kind": "builtin", "builtin": "current-trend", "draws": 2000, "seed": 7}
    assert answer["monte_carlo"]["draws"] == 2000
    poland = next(a for a in answer["allies"] if a["iso3"] == "POL")
    assert 0 <= poland["p_reach_by_horizon"] <= 1 and set(poland["share_gdp_pct"]) == {
        str(y) for y in range(2026, 2036)
    }
    assert any("two separate inputs" in n for n in answer["notes"])  # 2025 shares × 2024 GDP, said so


def test_a_scenario_document_equals_the_library(api):
    scenario, _ = read_scenario("announced-plans")
    document = scenario.model_dump(mode="json", exclude_none=True)
    document["policy"]["POL"] = {"plan": {"2030": 5.0}}  # JSON keys are strings; years all the same
    document["horizon"] = 2040
    answer = run(api, {"scenario": document, "draws": 0})
    for_library = {**document, "policy": {**document["policy"], "POL": {"plan": {2030: 5.0}}}}
    same_as_library(answer, project(Scenario.model_validate(for_library), draws=0).to_json())
    assert answer["origin"]["kind"] == "scenario" and answer["file"] is None
    assert "p_reach_by_horizon" not in answer["allies"][0]  # deterministic: no Monte Carlo fields
    poland = next(a for a in answer["allies"] if a["iso3"] == "POL")
    assert poland["share_gdp_pct"]["2030"] == pytest.approx(5.0) and poland["plan_points"] == {"2030": 5.0}
    assert run(api, {"scenario": answer["document"], "draws": 0})["allies"] == answer["allies"]


def test_hague_linear_puts_every_ally_at_the_pledge_in_2035(api):
    answer = run(api, {"builtin": "hague-linear", "draws": 0})
    projected = [a for a in answer["allies"] if a["has_nato_figures"]]
    assert len(projected) == 31  # every ally but Iceland, which publishes no defence figures
    for ally in projected:
        assert ally["share_gdp_pct"]["2035"] >= 3.5 - 1e-9, ally["iso3"]
        assert ally["year_reaching_target"] is not None and ally["year_reaching_target"] <= 2035


def test_csv_is_the_long_format(api):
    r = run(api, {"builtin": "hague-linear", "draws": 1000, "seed": 3}, query="?format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="nato3-projection-hague-linear.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    long = project("hague-linear", draws=1000, seed=3).long
    assert len(rows) == len(long)
    assert list(rows[0])[:8] == ["scenario", "iso3", "indicator", "year", "value", "unit", "edition", "is_projection"]
    # Every value is a projection except an ally's observed starting point, marked False as in the library.
    assert {row["year"] for row in rows if row["is_projection"] == "False"} == {"2026"}  # the 2026 edition's 2026e
    assert sum(row["is_projection"] == "True" for row in rows) == int(long["is_projection"].sum())
    by_key = {(r["iso3"], r["indicator"], int(r["year"])): float(r["value"]) for r in rows if r["value"]}
    for r in long.sample(200, random_state=1).itertuples():
        if r.value == r.value:
            assert by_key[(r.iso3, r.indicator, r.year)] == pytest.approx(r.value, rel=1e-12)
    assert {"p_reach_by", "share_p05", "defence_share_gdp_pct"} <= {row["indicator"] for row in rows}
    assert "NATO Public Diplomacy Division" in rows[0]["source_citation"]


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
        assert run(c, {"builtin": "current-trend", "draws": 100})["monte_carlo"]["draws"] == 100


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
    assert by_id["allies"] == by_document["allies"] and by_id["scenario"] == "Poland at 5 %"
    assert by_id["origin"] == {"kind": "saved", "saved": saved["id"], "draws": 500, "seed": 1}
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
        assert run(c, {"builtin": "current-trend", "draws": 10, "seed": 99})["monte_carlo"]["draws"] == 10


def test_runs_are_cached_by_content():
    from nato3.web import projection_data
    from nato3.web.settings import Limits

    limits = Limits()
    gate = projection_data.slots(limits)
    first = projection_data.check({"horizon": 2031}, limits)
    second = projection_data.check({"horizon": 2031, "target": "hague-core-3.5"}, limits)  # the same scenario
    a = projection_data.run(first, 100, 5, gate, 60)  # the first run also starts a worker process
    assert projection_data.run(second, 100, 5, gate, 60) is a
    assert projection_data.run(second, 100, 6, gate, 60) is not a


def page(api, url, status=200):
    r = api.get(url, headers={"accept": "text/html"})
    assert r.status_code == status, r.text[:500]
    return r.text


def test_the_builder_page_shows_what_the_api_computes(api):
    html = page(api, "/scenarios?start=current-trend&draws=2000&seed=5&series=POL")
    assert "Projection, not data." in html and "two separate inputs" in html
    answer = run(api, {"builtin": "current-trend", "draws": 2000, "seed": 5})
    for iso3 in ("POL", "DEU", "USA"):
        ally = next(a for a in answer["allies"] if a["iso3"] == iso3)
        row = html.split(f'data-iso3="{iso3}"')[1].split("</tr>")[0]
        p = ally["p_reach_by_horizon"]
        expected = "0 %" if p == 0 else ("< 1 %" if p * 100 < 1 else f"{p * 100:.0f} %")
        assert f'<td class="num prob">{expected}</td>' in row, (iso3, row)
    spec = json.loads(html.split('id="paths-chart-spec">')[1].split("</script>")[0])
    names = [trace["name"] for trace in spec["data"]]
    assert names == [
        "published (NATO 2026 ed.)",
        "95th percentile",
        "projection: 5–95 % of draws",
        "projection: median of draws",
        "projection: scenario path",
    ]
    assert spec["data"][-1]["y"] == pytest.approx(
        list(next(a for a in answer["allies"] if a["iso3"] == "POL")["share_gdp_pct"].values()), abs=1e-4
    )


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
    assert "Paths to 2031: hague-linear-edited" in html and same["target_pct"] == 3.0
    assert "P(at target) needs Monte Carlo draws." in html


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
    # volatility has no written-out default: left out, the settings fitted to history apply
    assert document(Form(volatility=1.5), start, "x")["name"] == "x-edited"
    edited = document(Form(policy="hold_spending", overrides=[("POL", "real_growth", 2.0)]), start, "x")
    assert edited["name"] == "x-edited" and start == {"policy": {"default": "constant_share"}}  # start not changed
    assert edited["policy"] == {"default": "hold_spending", "POL": {"real_growth": {"rate": 2.0}}}
