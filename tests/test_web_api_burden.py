"""The burden-sharing API (`/api/v1/burden`, `/api/v1/burden/tests`, `/api/v1/burden/series`)
in-process: the burden documents, their CSV, and 4xx messages naming the parameter; the Who pays
page.

Published figures: the US share of NATO's spending in 2024 (63.7 %) and 2014 (72.5 %) is the one
NATO's own aggregate rows imply (NATO Total − NATO Europe and Canada, constant 2015 prices, 2024
edition); with SIPRI's data, 1964 (Olson and Zeckhauser's year) gives ρ = 0.60, p = 0.02, n = 14.
"""

from __future__ import annotations

import math

import pytest

from documents import by_code, rows
from nato3.alliance.aggregates import published_aggregates
from nato3.burden.analysis import burden_test_tables
from web_support import bad, client, csv_rows, get_json, make_app


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with client(make_app(tmp_path_factory.mktemp("web"))) as c:
        yield c


def implied_us_share(year: int) -> float:
    """The US share NATO's published aggregate rows imply: (Total − Europe and Canada) ÷ Total."""
    published = published_aggregates("2024").query("year == @year").set_index("iso3")["defence_exp_musd_const"]
    return 100 * (published["NATO_TOTAL"] - published["NATO_EUR_CAN"]) / published["NATO_TOTAL"]


def test_burden_is_the_cli_document(api, cli_json):
    body = get_json(api, "/api/v1/burden?year=2024&groups=Baltics=EST,LVA,LTU")
    assert body == cli_json("burden", "--year", "2024", "--group", "Baltics=EST,LVA,LTU")
    assert all(s["title"] and s["producer"] for s in body["sources"])
    assert body["sources"][0]["address"].startswith("https://www.nato.int/")


@pytest.mark.parametrize(("year", "published"), [(2024, 63.7), (2014, 72.5)])
def test_us_share_is_the_one_natos_aggregates_imply(api, year, published):
    body = get_json(api, f"/api/v1/burden?year={year}")
    groups = by_code(body, "group_shares", "group")
    us = groups["united_states"]["spending_share_pct"]
    assert round(us, 1) == published
    assert us == pytest.approx(implied_us_share(year), abs=0.01)
    assert us + groups["europe_and_canada"]["spending_share_pct"] == pytest.approx(100, abs=1e-9)
    assert body["parameters"]["edition"] == "2024" and body["parameters"]["source"] == "nato"


def test_default_year_groups_and_allies(api):
    body = get_json(api, "/api/v1/burden")
    allies = rows(body, "ally_shares")
    assert body["parameters"]["year"] == 2024 and len(allies) == 32
    assert allies[0]["iso3"] == "USA"  # largest share first
    assert sum(a["spending_share_pct"] or 0 for a in allies) == pytest.approx(100, abs=1e-9)
    assert set(by_code(body, "group_shares", "group")) >= {"united_states", "europe_and_canada", "eu", "nordic_baltic"}
    custom = get_json(api, "/api/v1/burden?year=2024&groups=Baltics=est,LVA,LTU&groups=eu")
    groups = by_code(custom, "group_shares", "group")
    assert list(groups) == ["united_states", "europe_and_canada", "Baltics", "eu"]
    shares = by_code(custom, "ally_shares")
    baltic = sum(shares[c]["spending_share_pct"] for c in ("EST", "LVA", "LTU"))
    assert groups["Baltics"]["spending_share_pct"] == pytest.approx(baltic, abs=1e-9)
    assert groups["Baltics"]["members"] == ["EST", "LVA", "LTU"] and groups["Baltics"]["n_members"] == 3


def test_sipri_1964_reproduces_olson_zeckhauser(api):
    body = get_json(api, "/api/v1/burden?source=sipri&year=1964")
    oz = by_code(body, "olson_zeckhauser", "comparison")["GDP vs burden, all allies"]
    assert (round(oz["spearman_rho"], 2), round(oz["spearman_p"], 2), oz["n"]) == (0.60, 0.02, 14)
    assert any("Ratio bias" in n for n in body["tables"]["olson_zeckhauser"]["notes"])
    assert body["parameters"]["edition"] == "2025" and body["editions"][0]["price_base_year"] == 2023
    assert {s["table"] for s in body["sources"]} >= {"sipri_milex", "worldbank_population_gdp"}
    assert any(n.startswith("GDP: derived") for n in body["notes"])
    assert len(rows(body, "ally_shares")) == 15  # the allies of 1964, Iceland included


def test_burden_csv_tables(api):
    body = get_json(api, "/api/v1/burden?year=2024")
    groups = csv_rows(api, "/api/v1/burden?year=2024&format=csv")
    assert len(groups) == len(rows(body, "group_shares"))
    assert groups[0]["group"] == "united_states" and groups[0]["members"] == "USA"
    allies = csv_rows(api, "/api/v1/burden?year=2024&format=csv&table=ally_shares")
    usa = next(r for r in allies if r["iso3"] == "USA")
    assert float(usa["spending_share_pct"]) == pytest.approx(63.697, abs=0.001)
    assert "NATO" in usa["sources"] and usa["year"] == "2024" and usa["marks.spending_share_pct"] == "estimate"


@pytest.mark.parametrize(("source", "first", "last"), [("sipri", 1960, 1970), ("nato", 2016, 2019)])
def test_tests_series_equal_the_library_on_the_same_years(api, source, first, last):
    body = get_json(api, f"/api/v1/burden/tests?source={source}&from_year={first}&to_year={last}")
    oz, jp = burden_test_tables(source, first, last)
    p = body["parameters"]
    assert (p["from_year"], p["to_year"], p["source"]) == (first, last, source)
    got_rows = rows(body, "olson_zeckhauser")
    assert len(got_rows) == len(oz) == 4 * (last - first + 1)
    for got, want in zip(got_rows, oz.to_dict("records"), strict=True):
        assert (got["year"], got["test"], got["sample"], got["n"]) == (
            want["year"],
            want["test"],
            want["sample"],
            want["n"],
        )
        for stat in ("spearman_rho", "spearman_p", "kendall_tau", "kendall_p"):
            expected = None if math.isnan(want[stat]) else pytest.approx(want[stat], abs=1e-12)
            assert got[stat] == expected, (got["year"], stat)
    assert len(rows(body, "joint_product")) == len(jp)
    assert any("Ratio bias" in n for n in body["tables"]["olson_zeckhauser"]["notes"])


def test_tests_default_range_and_csv(api):
    body = get_json(api, "/api/v1/burden/tests")
    p = body["parameters"]
    assert (p["from_year"], p["to_year"], p["edition"]) == (2014, 2024, "2024")
    oz = csv_rows(api, "/api/v1/burden/tests?format=csv")
    jp = csv_rows(api, "/api/v1/burden/tests?format=csv&table=joint_product")
    assert len(oz) == len(rows(body, "olson_zeckhauser")) == 44 and len(jp) == len(rows(body, "joint_product")) == 22
    assert {r["test"] for r in oz} == {"levels", "growth"} and {r["proxy"] for r in jp} == {"gdp", "population"}
    assert all(r["sources"] for r in oz)
    sipri = get_json(api, "/api/v1/burden/tests?source=sipri")["parameters"]
    assert (sipri["from_year"], sipri["to_year"]) == (1949, 2024)


def test_series(api, cli_json):
    body = get_json(api, "/api/v1/burden/series?source=sipri&to_year=1960")
    assert body == cli_json("burden", "series", "--source", "sipri", "--to", "1960")
    years = by_code(body, "us_europe", "year")
    assert years[1952]["united_states_share_pct"] is None  # the source lacks an ally's spending that year
    assert any("1949, 1952" in c for c in body["caveats"])
    assert csv_rows(api, "/api/v1/burden/series?format=csv")[-1]["year"] == "2024"


def test_burden_bad_parameters(api):
    bad(api, "/api/v1/burden?year=1990", "year", "2014–2024")
    bad(api, "/api/v1/burden?year=2025", "year", "allowed: 2014–2024")
    bad(api, "/api/v1/burden?source=sipri&year=1948", "year", "1949–2024")
    bad(api, "/api/v1/burden?year=twenty", "year", "integer")
    bad(api, "/api/v1/burden?edition=2025", "edition", "shares of GDP only", "allowed: 2024")
    bad(api, "/api/v1/burden?source=sipri&edition=2024", "edition", "allowed: 2025")
    bad(api, "/api/v1/burden?source=imf", "source", "'nato'", "'sipri'")
    bad(api, "/api/v1/burden?prices=real", "prices", "'constant'", "'current'")
    bad(api, "/api/v1/burden?groups=nordics", "groups", "NAME=ISO3,ISO3", "nordic_baltic")
    bad(api, "/api/v1/burden?groups=Baltics=EST,XXX", "groups", "unknown member XXX", "POL")
    bad(api, "/api/v1/burden?groups=Empty=", "groups", "empty")
    bad(api, "/api/v1/burden?groups=eu=POL", "groups", "built-in group")
    bad(api, "/api/v1/burden?" + "&".join(f"groups=G{i}=POL" for i in range(9)), "groups", "at most 8")
    bad(api, "/api/v1/burden?source=sipri&year=1950&groups=Nordics=FIN,SWE", "groups", "FIN 2023")
    bad(api, "/api/v1/burden?format=xlsx", "format", "'json'", "'csv'")
    bad(api, "/api/v1/burden?table=tests", "table", "'group_shares'", "'ally_shares'")
    bad(api, "/api/v1/burden?country=POL", "country", "groups", "year")


def test_tests_bad_parameters(api):
    bad(api, "/api/v1/burden/tests?from_year=2020&to_year=2015", "from_year", "from_year <= to_year")
    bad(api, "/api/v1/burden/tests?from_year=1990", "from_year", "2014–2024")
    bad(api, "/api/v1/burden/tests?source=sipri&to_year=2025", "to_year", "1949–2024")
    bad(api, "/api/v1/burden/tests?to_year=abc", "to_year", "integer")
    bad(api, "/api/v1/burden/tests?table=groups", "table", "'olson_zeckhauser'", "'joint_product'")
    bad(api, "/api/v1/burden/tests?edition=2025", "edition", "shares of GDP only")
    bad(api, "/api/v1/burden/tests?from=2020", "from", "from_year", "to_year")


def test_pages_show_who_pays(api):
    page = api.get("/burden").text
    assert "Who pays for NATO, 2024" in page and "63.7 %" in page and "Ratio bias" in page
    assert 'id="ally-POL"' in page and 'href="/allies/POL"' in page
    assert "Source: NATO Public Diplomacy Division: Defence Expenditure of NATO Countries" in page
    assert "Source: Stockholm International Peace Research Institute (SIPRI)" in page
    sipri = api.get("/burden?year=1964&source=sipri").text
    assert "Who pays for NATO, 1964" in sipri and "ρ = 0.60" in sipri
    html = {"accept": "text/html"}
    r = api.get("/burden?year=1990", headers=html)
    assert r.status_code == 422 and "2014–2024" in r.text and "<html" in r.text
    assert api.get("/burden?source=imf", headers=html).status_code == 422


def test_ally_page_links_to_its_row_on_who_pays(api):
    ally = api.get("/allies/POL").text
    assert 'href="/burden?year=2024#ally-POL"' in ally and "fair-share index" in ally
