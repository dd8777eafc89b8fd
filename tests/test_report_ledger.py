"""The NATO 3.0 ledger section: its tables and headline figures are the ledger documents', with
their caveats and † marks; DMDC and EUCOM/DoD figures are shown side by side, never mixed; and
the published figures hold (68,671 US personnel in the European allies, DMDC March 2026; 4 of 9
senior posts European now, 5 of 9 after the reallocation NATO agreed on 6 February 2026)."""

from __future__ import annotations

import pytest

from documents import html_tables
from nato3.documents import build
from nato3.report import build_report
from report_html import parse


@pytest.fixture(scope="module")
def section(tmp_path_factory):
    result = build_report(out=tmp_path_factory.mktemp("report_ledger"), year=2024, edition="2024")
    html = result.html.read_text(encoding="utf-8")
    start = html.index('id="ledger"')
    return (
        result,
        parse(result.html).find("section", id="ledger"),
        html_tables(html[start : html.index("</section>", start)]),
    )


def _figure(section, key):
    return section.find("data", data_figure=key)


def test_europe_share_of_personnel_is_the_documents_headline_row(section):
    _, html, _ = section
    latest = build("ledger_forces").tables["latest"].records()[0]
    assert latest["date"] == "2026-03" and latest["us_in_europe"] == 68671  # DMDC, the newest official figure
    assert float(_figure(html, "ledger-europe-share-personnel").attrs["value"]) == latest["share_europe_pct"]
    assert float(_figure(html, "ledger-us-in-europe").attrs["value"]) == latest["us_in_europe"]
    assert float(_figure(html, "ledger-europe-personnel").attrs["value"]) == latest["europe_personnel"]
    assert "upper bound" in html.text  # DMDC leaves out rotational forces


def test_senior_posts(section):
    _, html, _ = section
    assert int(_figure(html, "ledger-posts-europe-now").attrs["value"]) == 4
    assert int(_figure(html, "ledger-posts-europe-after").attrs["value"]) == 5


def test_tables_are_the_documents(section):
    from nato3.plain import dumps, loads

    _, _, tables = section
    for kind, params, name in (
        ("ledger_forces", {}, "force_share"),
        ("ledger_commands", {}, "post_share"),
        ("ledger_posture", {}, "europe_totals"),
        ("ledger_events", {"by": "total"}, "totals"),
    ):
        doc = loads(dumps(build(kind, **params).to_dict()))
        shown = tables[name]
        expected = doc["tables"][name]["rows"]
        column_marks = {c["name"]: [c["mark"]] for c in doc["tables"][name]["columns"] if c.get("mark")}
        assert len(shown) == len(expected), name
        for got, want in zip(shown, expected, strict=True):
            assert {k: v for k, v in got.items() if k != "marks"} == {k: want[k] for k in got if k != "marks"}
            marks = {c: want["marks"].get(c, []) + column_marks.get(c, []) for c in got if c != "marks"}
            assert got["marks"] == {c: m for c, m in marks.items() if m}, name
    totals = {r["period_end"]: r for r in tables["europe_totals"]}
    assert totals["2026-03"]["us_personnel"] == 68671


def test_dmdc_total_and_reference_points_are_kept_apart(section):
    _, html, _ = section
    text = html.text
    for value in (84000, 100000, 78000):  # EUCOM/DoD totals (F22-F24) come from secondary sources
        assert f"{value:,} †" in text


def test_caveats_charts_and_sources(section):
    result, html, _ = section
    text = html.text
    for kind in ("ledger_forces", "ledger_commands"):
        for caveat in build(kind).caveats:
            assert caveat in text
    charts = html.find_all("figure")
    assert [f.attrs["id"] for f in charts] == ["chart-ledger-forces", "chart-ledger-commands"]
    for chart in charts:
        assert chart.find("svg").find("title").text and "Source" in chart.find("svg").text
    built = next(s for s in result.sections if s.id == "ledger")
    assert {"us_personnel_dmdc", "nato_command_posts", "force_posture_events"} <= set(built.sources)
    assert result.context.citation("nato_command_posts") in parse(result.html).find("footer").text
    summary = {row.label: row.value for row in built.summary}
    assert summary["Senior NATO posts, Europe"] == "4 of 9 → 5"
