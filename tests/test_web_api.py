"""The JSON API in-process (TestClient): every endpoint, its provenance, CSV, and its 4xx messages.

Numbers are checked against figures NATO published (Poland 2024: 4.12 % in the 2024 edition,
3.79 % in the 2025 edition; NATO's own aggregate rows).
"""

from __future__ import annotations

import csv
import io

import pytest

from documents import rows
from nato3.alliance.aggregates import published_aggregates
from web_support import AUTH, bad, client, get_json, make_app

EXPECTED_PATHS = {
    "/health",
    "/api/v1/allies",
    "/api/v1/allies/{iso3}",
    "/api/v1/spending",
    "/api/v1/status",
    "/api/v1/aggregates",
    "/api/v1/pledges",
    "/api/v1/editions",
    "/api/v1/sources",
    "/api/v1/scenarios",
    "/api/v1/scenarios/builtin",
    "/api/v1/scenarios/{scenario_id}",
    "/api/v1/projections",
    "/api/v1/burden",
    "/api/v1/burden/tests",
    "/api/v1/burden/series",
    "/api/v1/ledger/posture",
    "/api/v1/ledger/events",
    "/api/v1/ledger/forces",
    "/api/v1/ledger/commands",
    "/api/v1/ledger/industry",
    "/api/v1/ledger/drawdowns",
    "/api/v1/ledger/drawdowns/{name}",
}
DOCUMENTS = [
    "/api/v1/status?year=2024",
    "/api/v1/allies",
    "/api/v1/allies/POL",
    "/api/v1/spending?iso3=POL",
    "/api/v1/aggregates?edition=2024",
    "/api/v1/pledges",
    "/api/v1/editions",
    "/api/v1/sources",
    "/api/v1/sources?name=nato_series",
    "/api/v1/scenarios/builtin",
]
# Documents that are not figures of a publisher's edition (the sources document is its own list).
NO_EDITIONS = ("/api/v1/pledges", "/api/v1/sources")
TABLES = ["/api/v1/scenarios"]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


def test_openapi_lists_exactly_the_endpoints(api):
    spec = get_json(api, "/openapi.json")
    assert set(spec["paths"]) == EXPECTED_PATHS
    assert spec["openapi"].startswith("3.1")


def test_health(api):
    body = get_json(api, "/health")
    assert body["status"] == "ok" and body["editions"] == ["2026", "2025", "2024"]


@pytest.mark.parametrize("url", DOCUMENTS)
def test_every_document_carries_sources_and_editions(api, url):
    body = get_json(api, url)
    assert body["tables"] and (body["sources"] or url == "/api/v1/sources")
    assert body["editions"] or url.startswith(NO_EDITIONS)
    for src in body["sources"]:
        assert src["table"] and src["title"] and src["producer"]
    for edition in body["editions"]:
        assert edition["label"] and edition["why"]


@pytest.mark.parametrize("url", DOCUMENTS)
def test_every_document_downloads_as_csv(api, url):
    r = api.get(url + ("&" if "?" in url else "?") + "format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    got = list(csv.DictReader(io.StringIO(r.text)))
    assert len(got) == len(rows(get_json(api, url)))
    assert "sources" in r.text.splitlines()[0].split(",")


@pytest.mark.parametrize("url", TABLES)
def test_every_table_carries_source_and_edition(api, url):
    body = get_json(api, url)
    assert "data" in body and "edition" in body and isinstance(body["source"], list) and body["source"]
    for src in body["source"]:
        assert src["table"] and src["title"] and src["producer"]


@pytest.mark.parametrize("url", TABLES)
def test_every_table_downloads_as_csv(api, url):
    r = api.get(url + ("&" if "?" in url else "?") + "format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert "source_citation" in (rows[0] if rows else r.text.splitlines()[0].split(","))
    assert len(rows) == len(get_json(api, url)["data"] if isinstance(get_json(api, url)["data"], list) else [1])


def test_allies(api):
    body = get_json(api, "/api/v1/allies")
    assert len(rows(body)) == 32
    fin = next(a for a in rows(body) if a["iso3"] == "FIN")
    assert fin["accession_year"] == 2023 and fin["country"] == "Finland"
    assert [a["country"] for a in rows(body)] == sorted(a["country"] for a in rows(body))
    poland = get_json(api, "/api/v1/allies/pol")
    assert rows(poland, "ally")[0]["country"] == "Poland"
    # 2026e (2026 edition): Lithuania 5.33, Estonia 5.10, Latvia 4.92, Poland 4.68 (SOURCES.md section 12).
    assert rows(poland, "status")[0]["defence_share_gdp_pct"] == 4.68 and rows(poland, "ally")[0]["rank"] == 4
    series = {r["year"]: r for r in rows(poland, "series")}
    assert (round(series[2024]["nato_2024"], 2), round(series[2024]["nato_2025"], 2)) == (4.12, 3.79)
    assert series[2025]["nato_2026"] == 4.25 and round(series[2025]["nato_2025"], 2) == 4.48
    bad(api, "/api/v1/allies/XYZ", "iso3", "POL", "USA", status=404)


def test_spending_both_editions_and_sipri(api):
    body = get_json(api, "/api/v1/spending?iso3=POL&from_year=2024&to_year=2024")
    got = {(r["source"], r["edition"]): r for r in rows(body)}
    assert set(got) == {("nato", "2024"), ("nato", "2025"), ("nato", "2026"), ("sipri", "2025")}
    assert round(got["nato", "2024"]["defence_share_gdp_pct"], 2) == 4.12
    assert round(got["nato", "2025"]["defence_share_gdp_pct"], 2) == 3.79
    assert got["nato", "2026"]["defence_share_gdp_pct"] == 3.75  # core defence, restated (SOURCES.md §12)
    assert got["nato", "2024"]["is_estimate"] is True and got["nato", "2024"]["price_base_year"] == 2015
    assert got["sipri", "2025"]["price_base_year"] == 2023
    assert got["nato", "2026"]["definition"] == "core" and got["nato", "2025"]["definition"] == "total"
    assert {s["table"] for s in body["sources"]} >= {
        "nato_expenditure_ed2024",
        "nato_share_gdp_ed2025",
        "nato_core_defence_ed2026",
        "sipri_milex",
    }
    assert [(e["publisher"], e["label"]) for e in body["editions"]] == [
        ("NATO", "2026"),
        ("NATO", "2025"),
        ("NATO", "2024"),
        ("SIPRI", "2025"),
    ]


def test_spending_filters(api):
    both = rows(get_json(api, "/api/v1/spending?iso3=POL,DEU&source=nato&edition=2024"))
    assert {r["iso3"] for r in both} == {"POL", "DEU"} and {r["edition"] for r in both} == {"2024"}
    assert {r["source"] for r in both} == {"nato"} and len(both) == 22
    assert [r["country"] for r in both] == ["Germany"] * 11 + ["Poland"] * 11  # by name, then year
    sipri = rows(get_json(api, "/api/v1/spending?iso3=USA&source=sipri&from_year=1949&to_year=1950"))
    assert [r["year"] for r in sipri] == [1949, 1950] and all(r["source"] == "sipri" for r in sipri)
    repeated = rows(get_json(api, "/api/v1/spending?iso3=POL&iso3=DEU&source=nato&edition=2024"))
    assert repeated == both
    everyone = rows(get_json(api, "/api/v1/spending?source=nato&edition=2025&from_year=2025"))
    # every ally but Germany (SOURCES.md §2: NATO published no 2025e for Germany in that edition)
    assert len(everyone) == 30 and all(r["iso3"] not in ("NATO_TOTAL", "DEU") for r in everyone)
    total = rows(get_json(api, "/api/v1/spending?iso3=NATO_TOTAL&source=nato&edition=2024&to_year=2014"))
    assert len(total) == 1 and total[0]["iso3"] == "NATO_TOTAL"  # NATO's published aggregate row
    assert round(total[0]["defence_share_gdp_pct"], 2) == 2.58


def test_spending_bad_parameters(api):
    bad(api, "/api/v1/spending?iso3=XXX", "iso3", "POL", "NATO_TOTAL")
    bad(api, "/api/v1/spending?iso3=" + ",".join(["POL"] * 41), "iso3", "at most 40")
    bad(api, "/api/v1/spending?from_year=abc", "from_year", "integer")
    bad(api, "/api/v1/spending?from_year=1800", "from_year", "1900")
    bad(api, "/api/v1/spending?from_year=2020&to_year=2010", "from_year", "from_year <= to_year")
    bad(api, "/api/v1/spending?iso3=USA&from_year=2100", "from_year", "allowed: 1949–2026")  # SIPRI from 1949
    bad(api, "/api/v1/spending?source=imf", "source", "'nato'", "'sipri'")
    bad(api, "/api/v1/spending?edition=1999", "edition", "2024", "2025", "2026")
    bad(api, "/api/v1/spending?source=sipri&edition=2024", "edition", "allowed: 2025")
    bad(api, "/api/v1/spending?format=xml", "format", "'json'", "'csv'")
    bad(api, "/api/v1/spending?country=POL", "country", "iso3", "edition", "from_year")


def test_status_matches_nato3_status(api):
    body = get_json(api, "/api/v1/status?year=2024&edition=2024")
    rows = {r["iso3"]: r for r in body["tables"]["allies"]["rows"]}
    assert body["parameters"] == {"year": 2024, "edition": "2024"} and body["editions"][0]["label"] == "2024"
    assert round(rows["POL"]["defence_share_gdp_pct"], 2) == 4.12 and rows["POL"]["rank"] == 1
    assert rows["POL"]["meets_wales-2"] is True and "ISL" not in rows
    assert rows["POL"]["meets_hague-total-5"] is None
    published = published_aggregates("2024").query("year == 2024").set_index("iso3")
    for code in ("NATO_EUR_CAN", "NATO_TOTAL"):
        assert abs(rows[code]["defence_share_gdp_pct"] - published.loc[code, "defence_share_gdp_pct"]) < 0.001
    header = api.get("/api/v1/status?year=2024&edition=2024&format=csv").text.splitlines()[0]
    assert "meets_wales-2" in header and "marks.defence_share_gdp_pct" in header and "sources" in header


def test_status_bad_parameters(api):
    bad(api, "/api/v1/status?year=1990", "year", "2014")
    bad(api, "/api/v1/status?year=2025&edition=2024", "year", "2014–2024")
    bad(api, "/api/v1/status?edition=2023", "edition", "2024", "2025", "2026")
    bad(api, "/api/v1/status?year=twenty", "year", "integer")


def test_aggregates_reproduce_nato(api):
    computed = rows(get_json(api, "/api/v1/aggregates?edition=2024"))
    published = published_aggregates("2024").set_index(["iso3", "year"])
    assert len(computed) == 2 * 11
    for r in computed:
        assert r["aggregate_method"].startswith("computed")
        expected = published.loc[(r["iso3"], r["year"]), "defence_share_gdp_pct"]
        assert r["defence_share_gdp_pct"] == pytest.approx(expected, abs=0.001)
    newest = get_json(api, "/api/v1/aggregates")
    assert newest["parameters"]["edition"] == "2026" and rows(newest)[0]["aggregate_method"] == "published by NATO"
    total = {r["year"]: r for r in rows(newest) if r["iso3"] == "NATO_TOTAL"}
    assert (total[2025]["defence_share_gdp_pct"], total[2026]["defence_share_gdp_pct"]) == (2.75, 2.86)  # §12
    bad(api, "/api/v1/aggregates?edition=latest", "edition", "2024", "2025", "2026")


def test_reference_tables(api):
    pledges = rows(get_json(api, "/api/v1/pledges"))
    assert [p["pledge_id"] for p in pledges] == ["wales-2", "wales-equipment-20", "hague-core-3.5", "hague-total-5"]
    assert [p["definition"] for p in pledges] == [None, None, "core", None]
    editions = rows(get_json(api, "/api/v1/editions"))
    assert [(e["label"], e["price_base_year"], e["definition"]) for e in editions] == [
        ("2026", 2021, "core"),
        ("2025", 2021, "total"),
        ("2024", 2015, "total"),
    ]
    assert [e["money"] for e in editions] == [False, False, True]
    tables = {s["table"] for s in rows(get_json(api, "/api/v1/sources"))}
    assert {"sipri_milex", "nato_expenditure_ed2024", "pledges"} <= tables


def test_scenarios_lifecycle(api):
    spec = {"horizon": 2035, "gdp_growth": {"POL": 3.0}, "description": "α", "policy": {"POL": {"plan": {"2030": 5}}}}
    r = api.post("/api/v1/scenarios", json={"name": "Poland 3 %", "spec": spec}, headers=AUTH)
    assert r.status_code == 201, r.text
    created = r.json()["data"]
    assert created["spec"] == spec and created["data_editions"] == ["2026", "2025", "2024"] and len(created["id"]) == 32
    listed = get_json(api, "/api/v1/scenarios")
    assert created["id"] in [s["id"] for s in listed["data"]] and "spec" not in listed["data"][0]
    assert get_json(api, f"/api/v1/scenarios/{created['id']}")["data"] == created
    assert api.delete(f"/api/v1/scenarios/{created['id']}", headers=AUTH).status_code == 204
    bad(api, f"/api/v1/scenarios/{created['id']}", "scenario_id", "no saved scenario", status=404)
    r = api.delete(f"/api/v1/scenarios/{created['id']}", headers=AUTH)
    assert r.status_code == 404


def test_scenario_bad_bodies(api):
    def post(body, **kw):
        kw = {"json": body, "headers": AUTH} if body is not None else kw
        r = api.post("/api/v1/scenarios", **kw)
        assert r.status_code == 422, r.text
        return r.json()["message"]

    assert "'name'" in post({"spec": {}}) and "required" in post({"spec": {}})
    assert "'spec'" in post({"name": "x", "spec": [1, 2]})
    assert "'extra'" in post({"name": "x", "spec": {}, "extra": 1})
    assert "'name'" in post({"name": "", "spec": {}})
    assert "at most 32768" in post({"name": "x", "spec": {"description": "y" * 33000}})
    # A spec is a projection scenario: the model's checks, this server's limits, the data's.
    assert "'spec.a'" in post({"name": "x", "spec": {"a": 1}}) and "unknown key" in post(
        {"name": "x", "spec": {"a": 1}}
    )
    assert "'spec.horizon'" in post({"name": "x", "spec": {"horizon": 2060}})
    assert "limit of 2050" in post({"name": "x", "spec": {"horizon": 2060}})
    assert "'spec.policy.XYZ'" in post({"name": "x", "spec": {"policy": {"XYZ": "constant_share"}}})
    assert "limit of 20000" in post({"name": "x", "spec": {"monte_carlo": {"draws": 20001}}})
    deep: dict = {}
    node = deep
    for _ in range(20):
        node["a"] = {}
        node = node["a"]
    assert "at most 16" in post({"name": "x", "spec": deep})
    assert "JSON" in post(None, content=b"{not json", headers={**AUTH, "content-type": "application/json"})
    bad(api, "/api/v1/scenarios/not-an-id", "scenario_id", "pattern")


def test_scenario_store_limit(tmp_path):
    with client(make_app(tmp_path, max_scenarios=2)) as c:
        for _ in range(2):
            assert c.post("/api/v1/scenarios", json={"name": "x", "spec": {}}, headers=AUTH).status_code == 201
        r = c.post("/api/v1/scenarios", json={"name": "x", "spec": {}}, headers=AUTH)
        assert r.status_code == 409 and "limit" in r.json()["message"]


def test_errors_are_json_without_traceback(tmp_path):
    app = make_app(tmp_path)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    with client(app) as c:
        r = c.get("/api/v1/boom")
        assert r.status_code == 500
        message = "internal error; the details are in the server's log"
        assert r.json() == {"status": 500, "message": message, "errors": []}
        assert "secret" not in r.text and "Traceback" not in r.text
        r = c.get("/api/v1/nothing-here")
        assert r.status_code == 404 and "/api/v1/nothing-here" in r.json()["message"]


def test_pages_in_process(api):
    urls = ["/", "/?year=2024", "/allies", "/allies/POL", "/compare", "/compare?iso3=POL,DEU&series=sipri", "/methods"]
    for url in urls:
        r = api.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        assert 'src="http' not in r.text and 'href="http://cdn' not in r.text
        assert "Sources" in r.text or url == "/methods"
    page = api.get("/allies/POL").text
    # 2026e (2026 edition): Lithuania 5.33, Estonia 5.10, Latvia 4.92, Poland 4.68 (SOURCES.md section 12).
    assert "4.68" in page and "Ranked <b>4</b>" in page and "sipri_milex" not in page
    html = {"accept": "text/html"}
    r = api.get("/compare?iso3=XXX", headers=html)
    assert r.status_code == 422 and "unknown code" in r.text and "<html" in r.text
    r = api.get("/allies/XXX", headers=html)
    assert r.status_code == 404 and "unknown ally" in r.text
    assert api.get("/?year=1990", headers=html).status_code == 422


def test_assets_are_served_locally(api):
    js = api.get("/static/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000 and "javascript" in js.headers["content-type"]
    assert api.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert api.get("/static/app/nato3.js").status_code == 200
    docs = api.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
