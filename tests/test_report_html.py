"""The HTML report: its headline numbers equal the library's for the same inputs and NATO's
published figures; its structure is complete, accessible and self-contained.

Reference: NATO, Defence Expenditure of NATO Countries (2014-2024), June 2024 (bundled as
nato_expenditure_ed2024): NATO Total 2024e 2.71 % of GDP; 23 allies at or above 2 %.
"""

from __future__ import annotations

import re

import pytest

import nato3
from nato3.alliance.aggregates import nato_aggregates, published_aggregates
from nato3.report import build_report
from nato3.report.format import pct, usd_bn
from report_html import figures, parse

SECTIONS = ["headline", "standing", "who_pays", "paths", "backtest", "ledger", "methods", "sources"]


@pytest.fixture(scope="module")
def report_2024(tmp_path_factory):
    out = tmp_path_factory.mktemp("report_2024")
    result = build_report(out=out, year=2024, edition="2024", built_on="2024-06-17")
    return result, parse(result.html), result.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def status_2024():
    return nato3.status(year=2024, edition="2024")["allies"].set_index("iso3")


def test_headline_shares_of_gdp_equal_the_library(report_2024, status_2024):
    got = figures(report_2024[1])
    for key, code in (("nato-total-share-gdp", "NATO_TOTAL"), ("europe-canada-share-gdp", "NATO_EUR_CAN")):
        expected = status_2024.loc[code, "defence_share_gdp_pct"]
        assert float(got[key].attrs["value"]) == expected
        assert got[key].text == pct(expected)
        assert got[key].attrs["data-edition"] == "2024" and got[key].attrs["data-estimate"] == "true"
        assert status_2024.loc[code, "aggregate_method"].lower() in report_2024[2].lower()


def test_headline_spending_split_equals_the_library(report_2024):
    got = figures(report_2024[1])
    agg = nato_aggregates("2024").query("year == 2024").set_index("iso3")
    current = agg.loc["NATO_TOTAL", "defence_exp_musd_current"]
    assert float(got["nato-total-spending"].attrs["value"]) == current
    assert got["nato-total-spending"].text == usd_bn(current)
    total, europe = agg.loc["NATO_TOTAL", "defence_exp_musd_const"], agg.loc["NATO_EUR_CAN", "defence_exp_musd_const"]
    us = float(got["us-share-of-spending"].attrs["value"])
    eu = float(got["europe-canada-share-of-spending"].attrs["value"])
    assert us == pytest.approx(100 * (total - europe) / total, rel=1e-12)
    assert eu == pytest.approx(100 * europe / total, rel=1e-12)
    assert us + eu == pytest.approx(100)
    assert got["us-share-of-spending"].text == pct(us, 1)


def test_headline_pledge_counts_equal_the_library(report_2024, status_2024):
    got = figures(report_2024[1])
    allies = status_2024[status_2024["kind"] == "ally"]
    for pledge in nato3.standing.pledges.pledges():
        marks = allies[f"meets_{pledge}"]
        assert int(got[f"pledge-met:{pledge}"].attrs["value"]) == int(marks.fillna(False).sum())
        assert int(got[f"pledge-not-met:{pledge}"].attrs["value"]) == int((~marks.fillna(True)).sum())
        assert int(got[f"pledge-unknown:{pledge}"].attrs["value"]) == int(marks.isna().sum())
    core = allies[allies["meets_hague-core-3.5"].fillna(False)].index.tolist()
    assert got["core-pledge-allies"].attrs["value"].split() == core
    assert int(got["core-pledge-count"].attrs["value"]) == len(core)


def test_headline_matches_nato_published_figures(report_2024):
    got = figures(report_2024[1])
    share = float(got["nato-total-share-gdp"].attrs["value"])
    published = published_aggregates("2024").query("year == 2024 and iso3 == 'NATO_TOTAL'")
    assert round(share, 2) == 2.71 == round(float(published["defence_share_gdp_pct"].iloc[0]), 2)
    assert got["nato-total-share-gdp"].text == "2.71\u00a0%"
    assert got["pledge-met:wales-2"].text == "23"
    assert got["core-pledge-allies"].attrs["value"] == "POL"  # 4.12 % in the 2024 edition
    assert got["pledge-unknown:hague-total-5"].text == "31"  # never judged on a zero


def test_sections_in_order_with_headings(report_2024):
    result, root, _ = report_2024
    found = [s.attrs["id"] for s in root.find_all("section")]
    assert found == SECTIONS == [s.id for s in result.sections]
    for section in root.find_all("section"):
        h2 = section.find("h2")
        assert h2.attrs["id"] == section.attrs["aria-labelledby"] and h2.text
    toc = [a.attrs["href"] for a in root.find("nav").find_all("a")]
    assert toc == [f"#{s}" for s in SECTIONS]


def test_standing_table_is_the_status_document(report_2024):
    from documents import assert_shows, html_tables
    from nato3.plain import dumps, loads

    expected = loads(dumps(nato3.status(year=2024, edition="2024").to_dict()))
    assert_shows(html_tables(report_2024[2])["allies"], expected, "allies")
    table = report_2024[1].find("table", **{"class": "status"})
    assert "2024 from the 2024 edition" in table.find("caption").text
    poland = next(th for th in table.find_all("th") if th.attrs.get("data-column") == "country" and th.text == "Poland")
    assert poland.attrs["scope"] == "row"
    assert "4.12 e" in report_2024[2]


def test_every_chart_is_inline_svg_with_text_alternative_and_source(report_2024):
    result, root, _ = report_2024
    charts = root.find_all("figure", **{"class": "chart"})
    assert len(charts) == sum(len(s.charts) for s in result.sections) >= 1
    for figure in charts:
        svg = figure.find("svg")
        assert svg.attrs["role"] == "img" and "width" not in svg.attrs and svg.attrs["viewbox"]
        assert svg.find("title").text
        assert "Source: " in figure.find("figcaption").text
        assert "Source" in svg.text  # drawn on the chart too
        assert len(svg.find_all("path")) > 10


def test_ids_are_unique(report_2024):
    ids = re.findall(r'\sid="([^"]+)"', report_2024[2])
    assert len(ids) == len(set(ids))


def test_tables_have_captions_and_header_scopes(report_2024):
    for table in report_2024[1].find_all("table"):
        assert table.find_all("caption"), table.attrs
        assert all(th.attrs.get("scope") in ("col", "row") for th in table.find_all("th"))


def test_self_contained_no_script_no_external_resources(report_2024):
    text = report_2024[2]
    assert "<script" not in text
    assert not re.search(r'<(img|link|script|iframe|source)[^>]+(src|href)="(https?:)?//', text)
    assert not re.search(r"url\((['\"])?https?:", text)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text


def test_footer_names_sources(report_2024):
    result, root, _ = report_2024
    footer = root.find("footer").text
    assert result.context.citation("nato_expenditure_ed2024") in footer
    assert "nato_share_gdp_ed2025" not in result.context.datasets_for("defence_share_gdp_pct")


def test_sources_render_every_descriptor(report_2024):
    root = report_2024[1]
    sources = nato3.sources()
    articles = {a.attrs["data-table"]: a for a in root.find("section", id="sources").find_all("article")}
    assert set(articles) == set(sources["table"])
    for row in sources.to_dict("records"):
        text = articles[row["table"]].text
        assert row["sha256"] in text and str(row["licence"]).split()[0] in text
    used = root.find("section", id="sources").find_all("article")[0].attrs["data-table"]
    assert used in {name for section in report_2024[0].sections for name in section.sources}


def test_methods_read_rules_from_the_data(report_2024):
    text = report_2024[1].find("section", id="methods").text
    for joined in ("Montenegro from 2017", "North Macedonia from 2020", "Finland from 2023", "Sweden from 2024"):
        assert joined in text
    assert "Iceland in 2024" in text
    assert "Poland" in text and "4.12" in text and "3.79" in text  # a revision between editions


def test_default_year_is_the_newest_with_an_alliance_total(tmp_path):
    from nato3.documents.defaults import standing_view

    result = build_report(out=tmp_path)
    view = standing_view()
    assert view.complete and result.context.year == view.year  # the defaults rule, as `nato3 status`
    got = figures(parse(result.html))
    assert got["nato-total-share-gdp"].attrs["data-edition"] == view.edition.label
    assert got["nato-total-spending"].attrs["data-edition"] == "2024"  # the newest edition with money


def test_2025_is_answered_by_the_newest_edition_covering_it(tmp_path):
    """--year 2025 alone: the 2026 edition covers every ally and both aggregates in 2025 (NATO Total
    2.75 %, SOURCES.md section 12), so it answers; money figures come from the 2024 edition and say why."""
    result = build_report(out=tmp_path, year=2025)
    root = parse(result.html)
    got = figures(root)
    assert got["nato-total-share-gdp"].attrs["data-edition"] == "2026"
    assert round(float(got["nato-total-share-gdp"].attrs["value"]), 2) == 2.75
    assert got["us-share-of-spending"].attrs["data-edition"] == "2024"
    assert "the newest with spending in US$" in root.find("section", id="headline").text
    table = nato3.status(2025)["allies"]
    allies = table[table["kind"] == "ally"]
    core = allies[allies["meets_hague-core-3.5"].fillna(False).astype(bool)]["iso3"].tolist()
    assert got["core-pledge-allies"].attrs["value"].split() == core
    assert got["pledge-unknown:wales-2"].text == "0"  # every ally has a 2025 figure in the 2026 edition
