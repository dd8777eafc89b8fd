"""The NATO 3.0 ledger API (`/api/v1/ledger/...`) in-process: every endpoint with its sources,
caveats and † marks, every table as CSV, numbers equal to the library's (and to figures the
sources publish), and 4xx messages naming the parameter.

Published figures: DMDC's March 2026 report gives Poland 382 permanently assigned US personnel and
68,671 over the 30 European allies; NATO's 6 February 2026 text gives all three Joint Force
Commands to Europeans and MARCOM to the US, so Europe holds 5 of the 9 senior posts (4 before).
"""

from __future__ import annotations

import csv
import io

import pytest

from ledger_raw import rows as raw_rows
from nato3 import ledger as lib
from web_support import bad, client, get_json, make_app

# Endpoint → its list fields (the first is `data`, what the CSV gives by default).
TABLES = {
    "/api/v1/ledger/posture": ["data", "europe_totals", "timeline"],
    "/api/v1/ledger/events": ["data", "totals", "events"],
    "/api/v1/ledger/forces": ["data", "europe_personnel"],
    "/api/v1/ledger/commands": ["data", "share", "timeline"],
    "/api/v1/ledger/industry": ["data", "companies", "projection"],
    "/api/v1/ledger/industry?item=tanks": ["data"],
    "/api/v1/ledger/drawdowns": ["data", "references"],
    "/api/v1/ledger/drawdowns/germany-2026": ["data", "cost_per_soldier", "references"],
}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


def csv_rows(api, url):
    r = api.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), r.text[:300]
    assert "attachment" in r.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(r.text)))


@pytest.mark.parametrize("url", TABLES)
def test_sources_caveats_and_every_table_as_csv(api, url):
    body = get_json(api, url)
    assert body["source"] and all(s["table"] and s["title"] and s["producer"] for s in body["source"])
    assert body["edition"] and body["caveats"] and "†" in body["secondary_note"]
    for table in TABLES[url]:
        query = "format=csv" + ("" if table == "data" else f"&table={table}")
        got = csv_rows(api, url + ("&" if "?" in url else "?") + query)
        assert len(got) == len(body[table]), table
        assert all(r["source_citation"] for r in got)
        for row, json_row in zip(got, body[table], strict=True):
            if "src" in json_row:  # secondary rows stay marked in the CSV too
                assert row["src"] == json_row["src"] == ("†" if json_row["is_secondary"] else "")


def test_posture_is_dmdc_with_its_caveat(api):
    body = get_json(api, "/api/v1/ledger/posture")
    hosts = {h["iso3"]: h for h in body["data"]}
    assert body["period"] == "2026-03" and hosts["POL"]["us_active_duty_military_total"] == 382
    assert all("rotational forces are NOT included" in h["caveat"] and not h["is_secondary"] for h in body["data"])
    assert any("rotational" in c for c in body["caveats"])
    library = lib.posture_summary().set_index("iso3")["us_active_duty_military_total"]
    assert {k: h["us_active_duty_military_total"] for k, h in hosts.items()} == library.to_dict()
    assert all(h["services_sum"] == h["us_active_duty_military_total"] for h in body["data"])
    totals = {t["period_end"]: t for t in body["europe_totals"]}
    assert totals["2026-03"]["us_personnel"] == 68671 and totals["2026-03"]["complete"]
    f22 = next(p for p in body["timeline"] if p["source"].startswith("F22"))
    assert f22["us_personnel"] == 84000 and f22["is_secondary"] and f22["src"] == "†"
    assert {p["value_kind"] for p in body["timeline"]} == {"level", "change"}


def test_events_ledger_equals_the_library_and_the_raw_rows(api):
    body = get_json(api, "/api/v1/ledger/events?by=total")
    expected = lib.ledger(by="total").set_index("status_group")
    for row in body["data"]:
        for actor in ("us", "europe", "canada", "mixed", "total"):
            assert row[actor] == expected.loc[row["status_group"], actor]
    assert body["totals"] == body["data"] and len(body["events"]) == len(raw_rows("force_posture_events.csv"))
    events = {e["event_id"]: e for e in body["events"]}
    assert not events["FP018"]["counted"] and events["FP018"]["row_type"] == "level"  # eFP strength, never added
    assert not events["FP008"]["counted"] and "FP029" in events["FP008"]["reason"]  # inside the +20,000
    assert all(e["src"] == ("†" if e["is_secondary"] else "") for e in body["events"])
    assert any(e["is_secondary"] and e["source_title"] for e in body["events"])
    romania = get_json(api, "/api/v1/ledger/events?by=host&host=rou")
    assert romania["host"] == "ROU" and romania["view"] == "host"
    assert all("ROU" in e["host_iso3"].split(";") for e in romania["events"])
    by_host = lib.ledger(by="host", host="ROU")
    assert [(r["host_iso3"], r["status_group"], r["us"]) for r in romania["data"]] == list(
        by_host[["host_iso3", "status_group", "us"]].itertuples(index=False, name=None)
    )
    by_date = get_json(api, "/api/v1/ledger/events")
    assert by_date["view"] == "date" and all(r["date"] for r in by_date["data"])


def test_forces_commands_and_what_they_count(api):
    forces = get_json(api, "/api/v1/ledger/forces")
    assert "Personnel is a proxy, not capability" in forces["counted"]
    library = lib.force_share()
    assert [r["share_europe_pct"] for r in forces["data"]] == pytest.approx(list(library["share_europe_pct"]))
    assert [r["year"] for r in forces["europe_personnel"]] == list(range(2014, 2025))
    commands = get_json(api, "/api/v1/ledger/commands")
    share = {(r["state"], r["level"]): r for r in commands["share"]}
    assert (share["now", "all"]["europe"], share["now", "all"]["posts"]) == (4, 9)
    after = share["after the agreed 6 Feb 2026 reallocation", "all"]
    assert (after["europe"], after["us"], after["posts"]) == (5, 4, 9)
    assert len(commands["data"]) == 9 and "6 Feb 2026" in commands["decision"]
    brunssum = next(p for p in commands["data"] if p["post"] == "Commander JFC Brunssum")
    assert brunssum["holder_iso3_after"] == "DEU;POL" and brunssum["holder_group_after"] == "europe"


def test_industry_projection_is_marked_and_equals_the_library(api):
    body = get_json(api, "/api/v1/ledger/industry?growth=0.15&target=3000000&until=2030")
    expected = lib.ramp_up("Europe", growth=0.15, target=3_000_000, until=2030)
    assert [r["projected"] for r in body["projection"]] == pytest.approx(list(expected["projected"]))
    assert [r["is_projection"] for r in body["projection"]] == [False] + [True] * (len(body["projection"]) - 1)
    summary = body["projection_summary"]
    assert summary["years_to_target"] == expected.attrs["years_to_target"] and summary["target_label"] == "given"
    assert "not a source figure" in summary["note"] and summary["growth"] == 0.15
    default = get_json(api, "/api/v1/ledger/industry")
    assert default["projection_summary"]["growth"] == 0.10 and default["projection"][-1]["year"] == 2035
    russia = [r for r in default["data"] if r["region"] == "Russia"]
    assert russia and all(r["calibre"] == "all calibres" for r in russia)
    us = [r for r in default["data"] if r["region"] == "USA" and r["monthly_rate"]]
    assert all(r["quantity_per_year"] == 12 * r["monthly_rate"] for r in us)
    assert all(r["producer_type"] == "company" for r in default["companies"])
    tanks = get_json(api, "/api/v1/ledger/industry?item=tanks")
    assert tanks["projection"] == [] and tanks["projection_summary"] is None and tanks["data"]


def test_drawdowns_with_cost_and_references(api):
    listed = get_json(api, "/api/v1/ledger/drawdowns")
    assert [d["name"] for d in listed["data"]] == list(lib.builtin_drawdowns())
    refs = {r["fact_id"]: r for r in listed["references"]}
    assert set(refs) == {"F16", "F17", "F18", "F19", "F20", "F21"}
    assert "IISS" in refs["F16"]["statement"] and "Bruegel" in refs["F19"]["statement"]
    assert all(r["src"] == "†" and r["source_title"] for r in refs.values())
    germany = get_json(api, "/api/v1/ledger/drawdowns/germany-2026")
    result = lib.run_drawdown("germany-2026")
    assert germany["summary"] == pytest.approx(result.summary)
    # By hand from NATO's 2024 rows: Germany's personnel spending ÷ its military personnel.
    deu = next(
        r
        for r in raw_rows("nato_defence_expenditure_2014_2024_ed2024.csv")
        if r["iso3"] == "DEU" and r["year"] == "2024"
    )
    per_soldier = float(deu["personnel_share_of_defexp_pct"]) / 100 * float(deu["defence_exp_musd_current"]) * 1e6
    per_soldier /= float(deu["military_personnel_thousands"]) * 1000
    assert germany["summary"]["backfill_cost_musd_per_year"] == pytest.approx(5000 * per_soldier / 1e6, rel=1e-12)
    assert germany["data"][0]["event_id"] == "FP046" and "file" not in germany["scenario"]
    assert any("Table 8a" in c for c in germany["caveats"])


def test_ledger_bad_parameters(api):
    bad(api, "/api/v1/ledger/events?by=week", "by", "'date'", "'host'", "'total'")
    bad(api, "/api/v1/ledger/events?host=XXX", "host", "allowed:", "ROU", "EUR")
    bad(api, "/api/v1/ledger/events?table=ledger", "table", "'totals'", "'events'")
    bad(api, "/api/v1/ledger/industry?item=shells", "item", "'155mm'", "'tanks'")
    bad(api, "/api/v1/ledger/industry?region=Russia", "region", "allowed: Europe, USA")
    bad(api, "/api/v1/ledger/industry?growth=5", "growth", "2")
    bad(api, "/api/v1/ledger/industry?item=pac3&growth=0.1", "growth", "item=155mm")
    bad(api, "/api/v1/ledger/industry?until=2010", "until", "base year 2024")
    bad(api, "/api/v1/ledger/industry?target=-1", "target", "greater than 0")
    bad(api, "/api/v1/ledger/posture?period=2025-12", "period", "format", "table")
    bad(api, "/api/v1/ledger/drawdowns/poland-2030", "name", "germany-2026", "romania-2025", status=404)
    bad(api, "/api/v1/ledger/drawdowns/Germany_2026", "name", "pattern")


def test_a_drawdown_name_is_never_read_as_a_path(api):
    for name in ("%2Fetc%2Fpasswd", "..%2F..%2Fpyproject.toml", "germany-2026.yaml", "~root"):
        r = api.get(f"/api/v1/ledger/drawdowns/{name}")
        assert r.status_code in (404, 422), (name, r.status_code)
        assert "root:" not in r.text and "[project]" not in r.text


def test_ledger_page(api):
    page = api.get("/ledger").text
    for text in (
        "Rotational forces are not included",
        "Personnel is a proxy, not capability",
        "5 of 9",
        "Projection, not a source figure",
        "IISS",
        "Bruegel",
        'class="secondary"',
        "Source: US Defense Manpower Data Center",
    ):
        assert text in page, text
    assert "reaches the target of 2,000,000" in page and "grown at an assumed 20%" in api.get("/ledger?growth=0.2").text
    html = {"accept": "text/html"}
    r = api.get("/ledger?growth=9", headers=html)
    assert r.status_code == 422 and "growth" in r.text and "<html" in r.text
