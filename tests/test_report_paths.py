"""The Paths to 2035 section and the headline's card about 2035 show the projection document of the
same scenario, draws and seed (read back from the HTML, table by table and sentence by sentence);
hague-linear puts every ally at 3.5 % or more in 2035; the section says it is a projection, from
which editions, and that every ally starts from one year; a scenario is a built-in name or a file,
and a bad file is an error naming the file, the line and the field, before anything is written."""

from __future__ import annotations

import json

import pytest

from documents import assert_shows, by_code, html_tables, rows
from nato3.errors import DataValidationError, Nato3Error
from nato3.report import build_report
from nato3.report.context import DEFAULT_SCENARIO, SCENARIO_DRAWS, ReportContext
from report_html import figures, parse

EUR_CAN, TOTAL = "NATO_EUR_CAN", "NATO_TOTAL"
TABLES = ("paths_allies", "paths_money", "paths_gaps", "paths_verdicts", "paths_announcements")


def _build(tmp_path_factory, name, **kwargs):
    result = build_report(out=tmp_path_factory.mktemp(f"report_paths_{name}"), **kwargs)
    return result, parse(result.html), html_tables(result.html.read_text(encoding="utf-8"))


def library(**params) -> dict:
    from nato3.documents import build
    from nato3.plain import dumps

    return json.loads(dumps(build("projection", **params).to_dict()))


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return _build(tmp_path_factory, "default")


@pytest.fixture(scope="module")
def hague(tmp_path_factory):
    return _build(tmp_path_factory, "hague", scenario="hague-linear")


@pytest.fixture(scope="module")
def expected():
    """What `nato3 project announced-plans --draws 10000 --format json` prints."""
    return library(scenario=DEFAULT_SCENARIO, draws=SCENARIO_DRAWS)


def _value(element, key):
    return element.find("data", data_figure=key).attrs["value"]


def test_default_scenario_is_announced_plans_and_the_text_says_why(default):
    result, root, _ = default
    section = root.find("section", id="paths")
    assert section.find("h2").text == "Paths to 2035"
    assert section.find("strong", data_figure="paths-scenario").text == DEFAULT_SCENARIO == "announced-plans"
    text = section.text
    assert "This is the default scenario: what allies have themselves announced" in text
    assert "hague-linear" in text and "by construction" in text
    ids = [s.id for s in result.sections]
    assert ids.index("paths") == ids.index("who_pays") + 1 and ids.index("backtest") == ids.index("paths") + 1


@pytest.mark.parametrize("table", TABLES)
def test_every_table_shows_the_document(default, expected, table):
    _, _, tables = default
    assert_shows(tables[table], expected, table)


def test_every_ally_starts_from_2026_as_where_each_ally_stands_shows_it(default, expected):
    """One base year: the start of every ally and aggregate is the figure (and mark) of the report's
    "Where each ally stands" (2026 of the 2026 edition), never a mix of years."""
    _, _, tables = default
    status = {r["country"]: r for r in tables["allies"]}
    started = [r for r in tables["paths_allies"] if r["base_share_pct"] is not None]
    assert len(started) == 33  # 31 allies and NATO's two aggregates
    for row in started:
        assert row["base_share_pct"] == status[row["country"]]["defence_share_gdp_pct"], row["country"]
        assert row["marks"]["base_share_pct"] == status[row["country"]]["marks"]["defence_share_gdp_pct"]
    assert {r["base_share_year"] for r in rows(expected, "paths_allies") if r["has_nato_figures"]} == {2026}
    assert by_code(expected, "paths_allies")["DEU"]["year_reaching_target"] == 2029  # the announced 3.5 % of 2029
    assert by_code(expected, "paths_allies")["FRA"]["year_reaching_target"] is None


def test_aggregates_odds_and_money_sentences_equal_the_document(default, expected):
    _, root, _ = default
    section = root.find("section", id="paths")
    allies = by_code(expected, "paths_allies")
    for code in (EUR_CAN, TOTAL):
        assert float(_value(section, f"paths-share-{code}")) == allies[code]["share_horizon_pct"]
        assert float(_value(section, f"paths-p-reach-{code}")) == allies[code]["p_reach_by_horizon"]
    summary = rows(expected, "paths_summary")[0]
    assert float(_value(section, "paths-europe-canada-start")) == summary["europe_canada_musd_start"]
    assert float(_value(section, "paths-europe-canada-horizon")) == summary["europe_canada_musd_horizon"]
    assert _value(section, "paths-outspend-year") == (
        "" if summary["outspend_year"] is None else str(summary["outspend_year"])
    )
    assert float(_value(section, "paths-allies-at-target")) == summary["allies_at_target"]
    gaps = rows(expected, "paths_gaps")[-1]
    assert float(_value(section, "paths-gap-below-end")) == gaps["shortfall_below_target_musd"]
    assert expected["parameters"]["draws"] == SCENARIO_DRAWS and expected["parameters"]["seed"] == 2035


def test_headline_card_counts_allies_at_target_in_2035(default, expected):
    _, root, _ = default
    card = figures(root)["paths-allies-at-target"]
    summary = rows(expected, "paths_summary")[0]
    at_target = [r for r in rows(expected, "paths_allies") if r["kind"] == "ally" and r["share_horizon_pct"] is not None
                 and r["share_horizon_pct"] >= 3.5]  # fmt: skip
    assert int(card.attrs["value"]) == summary["allies_at_target"] == len(at_target) == 12
    assert card.text == f"{summary['allies_at_target']} of {summary['allies_projected']}"
    assert card.attrs["data-projection"] == "true"
    assert "projection" in root.find("section", id="headline").text.lower()


def test_projection_notes_and_editions(default):
    _, root, _ = default
    section = root.find("section", id="paths")
    text = section.text
    assert section.find("p", data_note="projection").text.startswith("Projection, not data.")
    assert "two separate inputs" in text
    assert "NATO edition 2026" in text and "NATO edition 2024" in text  # shares and GDP, each named
    assert "Europe and Canada against the United States" in [h.text for h in section.find_all("h3")]
    figure = section.find("figure", id="chart-paths-fan")
    assert "Projection, not data" in figure.find("figcaption").text
    assert "10,000 Monte Carlo draws (seed 2035)" in figure.find("figcaption").text
    methods = root.find("section", id="methods")
    headings = [h.text for h in methods.find_all("h3")]
    assert "Projections to 2035" in headings and "How the projections were backtested, and the limits" in headings
    assert "One base year for every ally" in methods.text


def test_hague_linear_puts_every_ally_at_3_5_or_more_in_2035(hague):
    result, root, tables = hague
    shown = [r for r in tables["paths_allies"] if r["base_share_pct"] is not None]
    allies = [r for r in shown if r["country"] not in ("NATO Europe and Canada", "NATO Total")]
    assert len(allies) == 31
    for row in allies:
        assert row["share_horizon_pct"] >= 3.5 - 1e-9, row["iso3"]
        assert row["year_reaching_target"] is not None  # every ally reaches it
    assert figures(root)["paths-allies-at-target"].text == "31 of 31"
    section = root.find("section", id="paths")
    assert section.find("strong", data_figure="paths-scenario").text == "hague-linear"
    assert "This is the default scenario" not in section.text
    assert "Announced plans" not in [h.text for h in section.find_all("h3")]
    assert result.context.scenario_note().startswith("Paths to 2035: scenario hague-linear (as asked)")


def test_a_scenario_file_is_used_and_named(tmp_path):
    path = tmp_path / "steady.yaml"
    path.write_text(
        "name: steady-three\ntarget: 3.0\npolicy:\n  default: constant_share\n  POL: {plan: {2030: 5.0}}\n",
        encoding="utf-8",
    )
    result = build_report(out=tmp_path / "out", scenario=str(path))
    section = parse(result.html).find("section", id="paths")
    assert section.find("strong", data_figure="paths-scenario").text == "steady-three"
    assert str(path) in section.text
    expected = library(scenario=str(path), draws=SCENARIO_DRAWS)
    shown = html_tables(result.html.read_text(encoding="utf-8"))
    assert_shows(shown["paths_allies"], expected, "paths_allies")
    assert by_code(expected, "paths_allies")["POL"]["share_horizon_pct"] == 5.0


def test_edition_option_sets_the_starting_edition():
    context = ReportContext.create(year=2024, edition="2024")
    assert context.resolved_scenario.edition == "2024" and context.resolved_scenario.base_year == 2024
    assert ReportContext.create().resolved_scenario.edition == "2026"
    settings = context.projection_doc.tables["paths_settings"].records()[0]
    assert settings["edition"] == "2024" and settings["base_year"] == 2024


def test_a_scenario_naming_another_edition_than_edition_is_an_error(tmp_path):
    path = tmp_path / "ed.yaml"
    path.write_text("target: 3.5\nedition: 2025\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"ed\.yaml, line 2, column 'edition': .*edition 2024"):
        ReportContext.create(edition="2024", scenario=str(path))


@pytest.mark.parametrize(
    "scenario, message",
    [
        ("baseline", "unknown scenario 'baseline'"),
        ("missing.yaml", "scenario file 'missing.yaml' not found"),
    ],
)
def test_unknown_scenario_writes_nothing(tmp_path, scenario, message):
    with pytest.raises(Nato3Error, match=message):
        build_report(out=tmp_path / "out", scenario=scenario)
    assert not (tmp_path / "out").exists()
