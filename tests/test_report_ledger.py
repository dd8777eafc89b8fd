"""The NATO 3.0 ledger section: its figures are nato3.ledger's, with the ledger's caveats and
secondary-source marks; it shows DMDC and EUCOM/DoD figures side by side, never mixed."""

from __future__ import annotations

import pytest

from nato3 import ledger
from nato3.report import build_report
from report_html import parse


@pytest.fixture(scope="module")
def section(tmp_path_factory):
    result = build_report(out=tmp_path_factory.mktemp("report_ledger"), year=2024, edition="2024")
    return result, parse(result.html).find("section", id="ledger")


def _figure(section, key):
    return section.find("data", data_figure=key)


def test_europe_share_of_personnel_is_the_ledgers_dmdc_row(section):
    _, html = section
    shares = ledger.force_share()
    dmdc = shares[~shares["is_secondary"]].iloc[-1]
    assert float(_figure(html, "ledger-europe-share-personnel").attrs["value"]) == dmdc["share_europe_pct"]
    assert float(_figure(html, "ledger-us-in-europe").attrs["value"]) == dmdc["us_in_europe"]
    assert float(_figure(html, "ledger-europe-personnel").attrs["value"]) == dmdc["europe_personnel"]
    assert "upper bound" in html.text  # DMDC leaves out rotational forces


def test_senior_posts_are_the_ledgers(section):
    _, html = section
    share = ledger.command_share().query("level == 'all'")
    assert int(_figure(html, "ledger-posts-europe-now").attrs["value"]) == share["europe"].iloc[0] == 4
    assert int(_figure(html, "ledger-posts-europe-after").attrs["value"]) == share["europe"].iloc[-1] == 5


def test_dmdc_total_and_reference_points_are_kept_apart(section):
    _, html = section
    totals = ledger.europe_totals()
    complete = totals[totals["complete"]].iloc[-1]
    assert float(_figure(html, "ledger-dmdc-us-europe").attrs["value"]) == complete["us_personnel"]
    text = html.text
    for value in ledger.us_reference_points()["value"]:
        assert f"{int(value):,} †" in text  # EUCOM/DoD totals come from secondary sources


def test_caveats_charts_and_sources(section):
    result, html = section
    text = html.text
    for caveat in ledger.force_share().attrs["caveats"] + ledger.command_share().attrs["caveats"]:
        assert caveat in text
    charts = html.find_all("figure")
    assert [f.attrs["id"] for f in charts] == ["chart-ledger-forces", "chart-ledger-commands"]
    for chart in charts:
        assert chart.find("svg").find("title").text and "Source" in chart.find("svg").text
    built = next(s for s in result.sections if s.id == "ledger")
    assert {"us_personnel_dmdc", "nato_command_posts", "force_posture_events"} <= set(built.sources)
    assert result.context.citation("nato_command_posts") in parse(result.html).find("footer").text
