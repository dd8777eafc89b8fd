"""The burden-sharing API (`/api/v1/burden`, `/api/v1/burden/tests`) in-process: the same document as
`nato3 burden --format json`, CSV, and 4xx messages naming the parameter.

Published figures: the US share of NATO's spending in 2024 (63.7 %) and 2014 (72.5 %) is the one
NATO's own aggregate rows imply (NATO Total − NATO Europe and Canada, constant 2015 prices, 2024
edition); with SIPRI's data, 1964 (Olson and Zeckhauser's year) gives ρ = 0.60, p = 0.02, n = 14.
"""

from __future__ import annotations

import csv
import io
import math

import pytest

from nato3.alliance.aggregates import published_aggregates
from nato3.burden.analysis import burden_test_tables
from web_support import bad, client, get_json, make_app


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


def csv_rows(api, url):
    r = api.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), r.text[:300]
    assert "attachment" in r.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(r.text)))


def implied_us_share(year: int) -> float:
    """The US share NATO's published aggregate rows imply: (Total − Europe and Canada) ÷ Total."""
    rows = published_aggregates("2024").query("year == @year").set_index("iso3")["defence_exp_musd_const"]
    return 100 * (rows["NATO_TOTAL"] - rows["NATO_EUR_CAN"]) / rows["NATO_TOTAL"]


def test_burden_is_the_cli_document(api, cli_json):
    body = get_json(api, "/api/v1/burden?year=2024&group=Baltics=EST,LVA,LTU")
    cli = cli_json("burden", "--year", "2024", "--group", "Baltics=EST,LVA,LTU")
    assert set(body) == set(cli)
    for key in ("year", "source", "edition", "prices", "price_base", "alliance", "groups", "allies"):
        assert body[key] == cli[key], key
    for key in ("olson_zeckhauser", "joint_product", "derived", "notes"):
        assert body[key] == cli[key], key
    assert [s["table"] for s in body["sources"]] == [s["table"] for s in cli["sources"]]
    assert all(s["title"] and s["producer"] and s["edition"] for s in body["sources"])
    assert body["sources"][0]["address"].startswith("https://www.nato.int/")


@pytest.mark.parametrize(("year", "published"), [(2024, 63.7), (2014, 72.5)])
def test_us_share_is_the_one_natos_aggregates_imply(api, year, published):
    body = get_json(api, f"/api/v1/burden?year={year}")
    groups = {g["group"]: g for g in body["groups"]}
    us = groups["united_states"]["spending_share_pct"]
    assert round(us, 1) == published
    assert us == pytest.approx(implied_us_share(year), abs=0.01)
    assert us + groups["europe_and_canada"]["spending_share_pct"] == pytest.approx(100, abs=1e-9)
    assert body["edition"] == "2024" and body["source"] == "nato"


def test_default_year_groups_and_allies(api):
    body = get_json(api, "/api/v1/burden")
    assert body["year"] == 2024 and len(body["allies"]) == 32
    assert body["allies"][0]["iso3"] == "USA"  # largest share first
    assert sum(a["spending_share_pct"] or 0 for a in body["allies"]) == pytest.approx(100, abs=1e-9)
    assert {g["group"] for g in body["groups"]} >= {"united_states", "europe_and_canada", "eu", "nordic_baltic"}
    custom = get_json(api, "/api/v1/burden?year=2024&group=Baltics=est,LVA,LTU&group=eu")
    groups = {g["group"]: g for g in custom["groups"]}
    assert list(groups) == ["united_states", "europe_and_canada", "Baltics", "eu"]
    allies = {a["iso3"]: a for a in custom["allies"]}
    baltic = sum(allies[c]["spending_share_pct"] for c in ("EST", "LVA", "LTU"))
    assert groups["Baltics"]["spending_share_pct"] == pytest.approx(baltic, abs=1e-9)
    assert groups["Baltics"]["members"] == ["EST", "LVA", "LTU"] and groups["Baltics"]["n_members"] == 3


def test_sipri_1964_reproduces_olson_zeckhauser(api):
    body = get_json(api, "/api/v1/burden?source=sipri&year=1964")
    oz = body["olson_zeckhauser"]
    assert (round(oz["spearman_rho"], 2), round(oz["spearman_p"], 2), oz["n"]) == (0.60, 0.02, 14)
    assert "Ratio bias" in oz["ratio_bias"] and body["edition"] == "2025" and body["price_base"] == "2023 prices"
    assert {s["table"] for s in body["sources"]} >= {"sipri_milex", "worldbank_population_gdp"}
    assert "gdp" in body["derived"] and len(body["allies"]) == 15  # the allies of 1964, Iceland included


def test_burden_csv_is_groups_then_allies(api):
    body = get_json(api, "/api/v1/burden?year=2024")
    rows = csv_rows(api, "/api/v1/burden?year=2024&format=csv")
    assert len(rows) == len(body["groups"]) + len(body["allies"])
    assert [r["kind"] for r in rows[: len(body["groups"])]] == ["group"] * len(body["groups"])
    assert rows[0]["id"] == "united_states" and rows[0]["members"] == "USA"
    usa = next(r for r in rows if r["kind"] == "ally" and r["id"] == "USA")
    assert float(usa["spending_share_pct"]) == pytest.approx(63.697, abs=0.001)
    assert "NATO" in usa["source_citation"] and usa["source"] == "nato" and usa["year"] == "2024"


@pytest.mark.parametrize(("source", "first", "last"), [("sipri", 1960, 1970), ("nato", 2016, 2019)])
def test_tests_series_equal_the_library_on_the_same_years(api, source, first, last):
    """The API slices the whole series; each year's test must equal the library's on that range alone."""
    body = get_json(api, f"/api/v1/burden/tests?source={source}&from={first}&to={last}")
    oz, jp = burden_test_tables(source, first, last)
    assert (body["from_year"], body["to_year"], body["source"]) == (first, last, source)
    assert len(body["olson_zeckhauser"]) == len(oz) == 4 * (last - first + 1)
    for got, want in zip(body["olson_zeckhauser"], oz.to_dict("records"), strict=True):
        assert (got["year"], got["test"], got["sample"], got["n"]) == (
            want["year"],
            want["test"],
            want["sample"],
            want["n"],
        )
        for stat in ("spearman_rho", "spearman_p", "kendall_tau", "kendall_p"):
            expected = None if math.isnan(want[stat]) else pytest.approx(want[stat], abs=1e-12)
            assert got[stat] == expected, (got["year"], stat)
    assert len(body["joint_product"]) == len(jp)
    assert any("Ratio bias" in n for n in body["notes"])


def test_tests_default_range_and_csv(api):
    body = get_json(api, "/api/v1/burden/tests")
    assert (body["from_year"], body["to_year"], body["editions"]) == (2014, 2024, ["2024"])
    oz = csv_rows(api, "/api/v1/burden/tests?format=csv")
    jp = csv_rows(api, "/api/v1/burden/tests?format=csv&table=joint_product")
    assert len(oz) == len(body["olson_zeckhauser"]) == 44 and len(jp) == len(body["joint_product"]) == 22
    assert {r["test"] for r in oz} == {"levels", "growth"} and {r["proxy"] for r in jp} == {"gdp", "population"}
    assert all(r["source_citation"] for r in oz)
    sipri = get_json(api, "/api/v1/burden/tests?source=sipri")
    assert (sipri["from_year"], sipri["to_year"]) == (1949, 2024)


def test_burden_bad_parameters(api):
    bad(api, "/api/v1/burden?year=1990", "year", "2014–2024")
    bad(api, "/api/v1/burden?year=2025", "year", "allowed: 2014–2024")
    bad(api, "/api/v1/burden?source=sipri&year=1948", "year", "1949–2024")
    bad(api, "/api/v1/burden?year=twenty", "year", "integer")
    bad(api, "/api/v1/burden?edition=2025", "edition", "shares of GDP only", "allowed: 2024")
    bad(api, "/api/v1/burden?source=sipri&edition=2024", "edition", "allowed: 2025")
    bad(api, "/api/v1/burden?source=imf", "source", "'nato'", "'sipri'")
    bad(api, "/api/v1/burden?group=nordics", "group", "NAME=ISO3,ISO3", "nordic_baltic")
    bad(api, "/api/v1/burden?group=Baltics=EST,XXX", "group", "unknown member XXX", "POL")
    bad(api, "/api/v1/burden?group=Empty=", "group", "empty")
    bad(api, "/api/v1/burden?group=eu=POL", "group", "built-in group")
    bad(api, "/api/v1/burden?" + "&".join(f"group=G{i}=POL" for i in range(9)), "group", "at most 8")
    bad(api, "/api/v1/burden?source=sipri&year=1950&group=Nordics=FIN,SWE", "group", "FIN 2023")
    bad(api, "/api/v1/burden?format=xlsx", "format", "'json'", "'csv'")
    bad(api, "/api/v1/burden?country=POL", "country", "group", "year")


def test_tests_bad_parameters(api):
    bad(api, "/api/v1/burden/tests?from=2020&to=2015", "from", "from <= to")
    bad(api, "/api/v1/burden/tests?from=1990", "from", "2014–2024")
    bad(api, "/api/v1/burden/tests?source=sipri&to=2025", "to", "1949–2024")
    bad(api, "/api/v1/burden/tests?to=abc", "to", "integer")
    bad(api, "/api/v1/burden/tests?table=groups", "table", "'olson_zeckhauser'", "'joint_product'")
    bad(api, "/api/v1/burden/tests?edition=2024", "edition", "from", "source")


def test_pages_show_who_pays(api):
    page = api.get("/burden").text
    assert "Who pays for NATO, 2024" in page and "63.7 %" in page and "Ratio bias" in page
    assert 'id="ally-POL"' in page and 'href="/allies/POL"' in page
    assert "Source: NATO, Defence Expenditure of NATO Countries" in page and "Source: SIPRI" in page
    sipri = api.get("/burden?year=1964&source=sipri").text
    assert "Who pays for NATO, 1964" in sipri and "ρ = 0.60" in sipri
    ally = api.get("/allies/POL").text
    assert 'href="/burden?year=2024#ally-POL"' in ally and "fair-share index" in ally
    html = {"accept": "text/html"}
    r = api.get("/burden?year=1990", headers=html)
    assert r.status_code == 422 and "2014–2024" in r.text and "<html" in r.text
    assert api.get("/burden?source=imf", headers=html).status_code == 422
