"""The who-pays section: its figures are nato3.burden's, the headline's US share agrees with it,
and a year or edition without spending in US$ is handled without a placeholder.

Reference: `nato3 burden` (README): in 2024 the United States paid 63.7 % of the alliance's
spending with 51.1 % of its GDP (fair-share index 1.25), NATO's 2024 edition at 2015 prices.
"""

from __future__ import annotations

import pytest

from nato3.burden import year_report
from nato3.report import build_report
from report_html import figures, parse


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build_report(out=tmp_path_factory.mktemp("report_who_pays"), year=2024, edition="2024")
    return result, parse(result.html)


def _value(root, key):
    return float(root.find("section", id="who_pays").find("data", data_figure=key).attrs["value"])


def test_us_share_and_fair_share_are_burdens(built):
    _, root = built
    groups = year_report(2024, "nato", "2024").groups.set_index("group")
    assert _value(root, "who-pays-us-spending-share") == groups.loc["united_states", "spending_share_pct"]
    assert _value(root, "who-pays-us-fair-share") == groups.loc["united_states", "fair_share_index"]
    assert round(_value(root, "who-pays-us-spending-share"), 1) == 63.7
    assert round(_value(root, "who-pays-us-fair-share"), 2) == 1.25


def test_headline_split_agrees_with_burden(built):
    _, root = built
    headline = float(figures(root)["us-share-of-spending"].attrs["value"])
    assert headline == pytest.approx(_value(root, "who-pays-us-spending-share"), abs=0.01)


def test_group_table_charts_and_tests(built):
    result, root = built
    section = root.find("section", id="who_pays")
    groups = {tr.attrs["data-group"] for tr in section.find_all("tr") if "data-group" in tr.attrs}
    assert {"united_states", "europe_and_canada", "eu"} <= groups
    assert [f.attrs["id"] for f in section.find_all("figure")] == [
        "chart-who-pays-us-europe",
        "chart-who-pays-fair-share",
        "chart-who-pays-oz",
    ]
    assert "Ratio bias" in section.text and "Olson and Zeckhauser (1966)" in section.text
    years = [int(tr.find("th").text) for tr in section.find("table", **{"class": "oz"}).find("tbody").find_all("tr")]
    assert min(years) == 2014 and max(years) == 2024  # the test over time, NATO's years
    assert int(section.find("data", data_figure="who-pays-oz-significant-years").attrs["value"]) > 0
    built_section = next(s for s in result.sections if s.id == "who_pays")
    assert {"nato_expenditure_ed2024", "sipri_milex"} <= set(built_section.sources)


def test_year_without_spending_in_usd_shows_the_newest_year_that_has_it(tmp_path):
    result = build_report(out=tmp_path, year=2025)
    section = parse(result.html).find("section", id="who_pays")
    assert "they are shown for 2024, not 2025" in section.text


def test_edition_without_spending_in_usd_leaves_the_section_out(tmp_path):
    result = build_report(out=tmp_path, year=2024, edition="2025")
    assert "who_pays" not in [s.id for s in result.sections]
    assert 'id="who_pays"' not in result.html.read_text(encoding="utf-8")
