"""The who-pays section: its figures are the burden document's, the headline's US share is the same
figure, and a year or edition without spending in US$ is handled without a placeholder.

Reference: `nato3 burden` (README): in 2024 the United States paid 63.7 % of the alliance's
spending with 51.1 % of its GDP (fair-share index 1.25), NATO's 2024 edition at 2015 prices.
"""

from __future__ import annotations

import json

import pytest

from documents import assert_shows, html_tables
from nato3.documents import build
from nato3.plain import dumps
from nato3.report import build_report
from report_html import figures, parse


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = build_report(out=tmp_path_factory.mktemp("report_who_pays"), year=2024, edition="2024")
    return result, parse(result.html)


def _value(root, key):
    return float(root.find("section", id="who_pays").find("data", data_figure=key).attrs["value"])


def _section_tables(result, section: str):
    """The document tables of one section of the built page (``data-table`` and ``data-value``)."""
    text = result.html.read_text(encoding="utf-8")
    start = text.index(f'id="{section}"')
    return html_tables(text[start : text.index("</section>", start)])


def _document(kind, **params):
    return json.loads(dumps(build(kind, **params).to_dict()))


def test_us_share_and_fair_share_are_the_documents(built):
    _, root = built
    groups = {r["group"]: r for r in _document("burden", year=2024, edition="2024")["tables"]["group_shares"]["rows"]}
    assert _value(root, "who-pays-us-spending-share") == groups["united_states"]["spending_share_pct"]
    assert _value(root, "who-pays-us-fair-share") == groups["united_states"]["fair_share_index"]
    assert round(_value(root, "who-pays-us-spending-share"), 1) == 63.7
    assert round(_value(root, "who-pays-us-fair-share"), 2) == 1.25


def test_headline_split_is_the_same_figure(built):
    _, root = built
    headline = float(figures(root)["us-share-of-spending"].attrs["value"])
    assert headline == _value(root, "who-pays-us-spending-share")


def test_tables_show_the_documents(built):
    shown = _section_tables(built[0], "who_pays")
    burden = _document("burden", year=2024, edition="2024")
    for table in ("group_shares", "alliance", "joint_product"):
        assert_shows(shown[table], burden, table)
    tests = _document("burden_tests", source="nato", to_year=2024, edition="2024")
    assert_shows(shown["olson_zeckhauser"], tests, "olson_zeckhauser")


def test_group_table_charts_and_tests(built):
    result, root = built
    section = root.find("section", id="who_pays")
    shown = _section_tables(result, "who_pays")
    assert {"United States", "Europe and Canada", "EU members in NATO"} <= {r["name"] for r in shown["group_shares"]}
    assert [f.attrs["id"] for f in section.find_all("figure")] == [
        "chart-who-pays-us-europe",
        "chart-who-pays-fair-share",
        "chart-who-pays-oz",
    ]
    assert "Ratio bias" in section.text and "Olson and Zeckhauser (1966)" in section.text
    years = [r["year"] for r in shown["olson_zeckhauser"]]
    assert min(years) == 2014 and max(years) == 2024  # the test over time, NATO's years
    sipri = _document("burden_tests", source="sipri")["tables"]["significance"]["rows"][0]
    assert (
        int(section.find("data", data_figure="who-pays-oz-significant-years").attrs["value"])
        == (sipri["significant_years"])
    )
    assert sipri["significant_years"] > 0
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
