"""The NATO 3.0 ledger API (`/api/v1/ledger/...`) in-process: every endpoint answers with its
ledger document (sources, caveats, † marks), every table as CSV, numbers equal to figures the
sources publish, and 4xx messages naming the parameter.

Published figures: DMDC's March 2026 report gives Poland 382 permanently assigned US personnel and
68,671 over the 30 European allies; NATO's 6 February 2026 text gives all three Joint Force
Commands to Europeans and MARCOM to the US, so Europe holds 5 of the 9 senior posts (4 before).
"""

from __future__ import annotations

import pytest

from documents import by_code, csv_marks, html_tables, rows
from ledger_raw import rows as raw_rows
from web_support import bad, client, csv_rows, get_json, make_app

ENDPOINTS = [
    "/api/v1/ledger/posture",
    "/api/v1/ledger/events",
    "/api/v1/ledger/forces",
    "/api/v1/ledger/commands",
    "/api/v1/ledger/industry",
    "/api/v1/ledger/industry?item=tanks",
    "/api/v1/ledger/drawdowns",
    "/api/v1/ledger/drawdowns/germany-2026",
]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


@pytest.mark.parametrize("url", ENDPOINTS)
def test_documents_with_sources_caveats_and_every_table_as_csv(api, url):
    body = get_json(api, url)
    assert body["sources"] and all(s["table"] and s["title"] and s["producer"] for s in body["sources"])
    assert body["caveats"] and body["kind"].startswith("ledger_")
    if any("secondary" in codes for t in body["tables"].values() for r in t["rows"] for codes in r["marks"].values()):
        assert body["marks"]["secondary"]["symbol"] == "†"
    for name, table in body["tables"].items():
        got = csv_rows(api, url + ("&" if "?" in url else "?") + f"format=csv&table={name}")
        assert len(got) == len(table["rows"]), name
        assert all(r["sources"] for r in got)
        for row, json_row in zip(got, table["rows"], strict=True):  # marks stay in the CSV too
            for column, codes in csv_marks(table, json_row).items():
                assert row[f"marks.{column}"] == codes, (name, column)


def test_posture_is_dmdc_with_its_caveat(api):
    body = get_json(api, "/api/v1/ledger/posture")
    hosts = by_code(body, "hosts")
    assert body["parameters"]["period"] == "2026-03" and hosts["POL"]["us_active_duty_military_total"] == 382
    assert all("rotational forces are NOT included" in h["caveat"] for h in hosts.values())
    assert "rotational" in body["caveats"][0] and "rotational forces excluded" in body["title"]
    assert all(h["services_sum"] == h["us_active_duty_military_total"] for h in hosts.values())
    totals = {t["period_end"]: t for t in rows(body, "europe_totals")}
    assert totals["2026-03"]["us_personnel"] == 68671 and totals["2026-03"]["complete"]
    f22 = next(p for p in rows(body, "timeline") if p["source"].startswith("F22"))
    assert f22["us_personnel"] == 84000 and f22["is_secondary"] and f22["marks"]["us_personnel"] == ["secondary"]
    assert {p["value_kind"] for p in rows(body, "timeline")} == {"level", "change"}
    earlier = get_json(api, "/api/v1/ledger/posture?period=2025-12")
    # The 2026-12 update filled 2025-12's gap (BEL 1,118): the 30 European allies then total 67,928.
    assert earlier["parameters"]["period"] == "2025-12"
    assert by_code(earlier, "hosts")["BEL"]["us_active_duty_military_total"] == 1118
    assert {t["period_end"]: t for t in rows(earlier, "europe_totals")}["2025-12"]["us_personnel"] == 67928


def test_events_ledger_equals_the_raw_rows(api):
    body = get_json(api, "/api/v1/ledger/events?by=total")
    executed = next(r for r in rows(body, "ledger") if r["status_group"] == "executed")
    assert executed["us"] == 600 + 3500 + 20000 - 700  # FP001, FP002, FP029, FP044 (overlaps left out)
    assert rows(body, "totals") == rows(body, "ledger")
    assert len(rows(body, "events")) == len(raw_rows("force_posture_events.csv"))
    events = by_code(body, "events", "event_id")
    assert not events["FP018"]["counted"] and events["FP018"]["row_type"] == "level"  # eFP strength, never added
    assert not events["FP008"]["counted"] and "FP029" in events["FP008"]["reason"]  # inside the +20,000
    assert all(("secondary" in e["marks"].get("event_id", [])) == e["is_secondary"] for e in events.values())
    romania = get_json(api, "/api/v1/ledger/events?by=host&host=rou")
    assert romania["parameters"] == {"by": "host", "host": "ROU"}
    assert all("ROU" in e["host_iso3"].split(";") for e in rows(romania, "events"))
    assert set(";".join(r["event_ids"] for r in rows(romania, "ledger")).split(";")) == {"FP017", "FP039", "FP044"}


def test_forces_and_commands(api):
    forces = get_json(api, "/api/v1/ledger/forces")
    assert any("Personnel is a proxy, not capability" in c for c in forces["caveats"])
    assert [r["year"] for r in rows(forces, "europe_personnel")] == list(range(2014, 2025))
    assert forces["editions"][0]["label"] == "2024" and forces["editions"][0]["why"]
    latest = rows(forces, "latest")[0]
    e = latest["europe_personnel"]
    assert latest["share_europe_pct"] == pytest.approx(100 * e / (e + 68671)) and latest["us_is_lower_bound"]
    commands = get_json(api, "/api/v1/ledger/commands")
    share = {(r["state"], r["level"]): r for r in rows(commands, "post_share")}
    assert (share["now", "all"]["europe"], share["now", "all"]["posts"]) == (4, 9)
    after = next(r for (state, level), r in share.items() if state != "now" and level == "all")
    assert (after["europe"], after["us"], after["posts"]) == (5, 4, 9)
    posts = by_code(commands, "posts", "post")
    assert len(posts) == 9 and any("6 Feb 2026" in n for n in commands["notes"])
    brunssum = posts["Commander JFC Brunssum"]
    assert brunssum["holder_iso3_after"] == "DEU;POL" and brunssum["holder_group_after"] == "europe"


def test_industry_projection_is_marked(api):
    body = get_json(api, "/api/v1/ledger/industry?growth=15&target=3000000&until=2030")
    assert body["parameters"] == {"item": "155mm", "region": "Europe", "growth": 15, "target": 3000000, "until": 2030}
    projection = rows(body, "projection")
    # By hand: EU capacity 1,000,000 a year (2024) grown 15 % a year.
    assert [r["projected"] for r in projection] == pytest.approx([1e6 * 1.15**k for k in range(7)])
    assert [r["marks"].get("projected") for r in projection[1:]] == [["projection"]] * 6
    summary = rows(body, "projection_summary")[0]
    assert summary["target_label"] == "given" and summary["years_to_target"] == 8  # 1.15**7 = 2.66 < 3 <= 3.06
    default = get_json(api, "/api/v1/ledger/industry")
    assert default["parameters"]["growth"] == 10 and rows(default, "projection")[-1]["year"] == 2035
    russia = [r for r in rows(default, "shells") if r["region"] == "Russia"]
    assert russia and all(r["calibre"] == "all calibres" for r in russia)
    us = [r for r in rows(default, "shells") if r["region"] == "USA" and r["monthly_rate"]]
    assert us and all(r["quantity_per_year"] == 12 * r["monthly_rate"] for r in us)
    tanks = get_json(api, "/api/v1/ledger/industry?item=tanks")
    assert list(tanks["tables"]) == ["production"] and rows(tanks)


def test_drawdowns_with_cost_and_references(api):
    from nato3.ledger import builtin_drawdowns

    listed = get_json(api, "/api/v1/ledger/drawdowns")
    assert [d["drawdown"] for d in rows(listed, "drawdowns")] == sorted(builtin_drawdowns())
    refs = by_code(listed, "references", "fact_id")
    assert set(refs) == {"F16", "F17", "F18", "F19", "F20", "F21"}
    assert "IISS" in refs["F16"]["statement"] and "Bruegel" in refs["F19"]["statement"]
    assert all(r["marks"]["fact_id"] == ["secondary"] and r["source_title"] for r in refs.values())
    germany = get_json(api, "/api/v1/ledger/drawdowns/germany-2026")
    # By hand from NATO's 2024 rows: Germany's personnel spending ÷ its military personnel.
    deu = next(
        r
        for r in raw_rows("nato_defence_expenditure_2014_2024_ed2024.csv")
        if r["iso3"] == "DEU" and r["year"] == "2024"
    )
    per_soldier = float(deu["personnel_share_of_defexp_pct"]) / 100 * float(deu["defence_exp_musd_current"]) * 1e6
    per_soldier /= float(deu["military_personnel_thousands"]) * 1000
    summary = rows(germany, "summary")[0]
    assert summary["backfill_cost_musd_per_year"] == pytest.approx(5000 * per_soldier / 1e6, rel=1e-12)
    assert summary["us_in_europe_before"] == 84000 and summary["us_in_europe_after"] == 79000  # F22 baseline
    assert rows(germany, "steps")[0]["event_id"] == "FP046" and germany["parameters"] == {"drawdown": "germany-2026"}
    assert any("Table 8a" in c for c in germany["caveats"])
    listed_germany = by_code(listed, "drawdowns", "drawdown")["germany-2026"]
    assert listed_germany["backfill_cost_musd_per_year"] == summary["backfill_cost_musd_per_year"]


def test_ledger_bad_parameters(api):
    bad(api, "/api/v1/ledger/events?by=week", "by", "'week'", "date, host, total")
    bad(api, "/api/v1/ledger/events?host=XXX", "host", "ROU", "EUR")
    bad(api, "/api/v1/ledger/events?table=nope", "table", "ledger, totals, events")
    bad(api, "/api/v1/ledger/industry?item=shells", "item", "155mm", "tanks")
    bad(api, "/api/v1/ledger/industry?region=Russia", "region", "Europe, USA")
    bad(api, "/api/v1/ledger/industry?growth=500", "growth", "-50..200")
    bad(api, "/api/v1/ledger/industry?item=pac3&growth=10", "growth", "155 mm shells only")
    bad(api, "/api/v1/ledger/industry?until=2010", "until", "2024..2100")
    bad(api, "/api/v1/ledger/industry?target=-1", "target", "not a positive number")
    bad(api, "/api/v1/ledger/posture?period=2024-01", "period", "2025-12, 2026-03")
    bad(api, "/api/v1/ledger/forces?edition=2025", "edition", "editions with personnel: 2024")
    bad(api, "/api/v1/ledger/commands?year=2024", "year", "format", "table")
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
        "Source: US Defense Manpower Data Center",
    ):
        assert text in page, text
    events = html_tables(page)["events"]
    assert sum("secondary" in r["marks"].get("event_id", []) for r in events) > 10  # † on news-sourced rows
    assert (
        "reaches the target of 2,000,000" in page
        and "grown at an assumed 20 % a year" in api.get("/ledger?growth=20").text
    )
    html = {"accept": "text/html"}
    r = api.get("/ledger?growth=900", headers=html)
    assert r.status_code == 422 and "growth" in r.text and "-50..200" in r.text and "<html" in r.text
