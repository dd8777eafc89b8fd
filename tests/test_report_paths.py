"""The Paths to 2035 section and the headline's card about 2035: every number equals
nato3.projection.project's for the same scenario, draws and seed (read back from the HTML);
hague-linear puts every ally at 3.5 % or more in 2035; the section says it is a projection and
that its two editions are kept apart; --scenario takes a built-in name or a file, and a bad file
is an error naming the file, the line and the field, before anything is written."""

from __future__ import annotations

import pytest

from nato3.errors import DataValidationError, Nato3Error
from nato3.projection import project
from nato3.report import build_report
from nato3.report.context import DEFAULT_SCENARIO, SCENARIO_DRAWS, ReportContext
from report_html import figures, parse

EUR_CAN, TOTAL = "NATO_EUR_CAN", "NATO_TOTAL"


def _build(tmp_path_factory, name, **kwargs):
    result = build_report(out=tmp_path_factory.mktemp(f"report_paths_{name}"), **kwargs)
    return result, parse(result.html)


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    return _build(tmp_path_factory, "default")


@pytest.fixture(scope="module")
def hague(tmp_path_factory):
    return _build(tmp_path_factory, "hague", scenario="hague-linear")


@pytest.fixture(scope="module")
def expected():
    return project(DEFAULT_SCENARIO, draws=SCENARIO_DRAWS)


def _rows(root):
    table = root.find("section", id="paths").find("table", **{"class": "paths"})
    return {tr.attrs["data-iso3"]: tr for tr in table.find("tbody", **{"class": "allies"}).find_all("tr")}


def _value(element, key):
    return element.find("data", data_figure=key).attrs["value"]


def test_default_scenario_is_announced_plans_and_the_text_says_why(default):
    result, root = default
    section = root.find("section", id="paths")
    assert section.find("h2").text == "Paths to 2035"
    assert section.find("strong", data_figure="paths-scenario").text == DEFAULT_SCENARIO == "announced-plans"
    text = section.text
    assert "This is the default scenario: what allies have themselves announced" in text
    assert "hague-linear" in text and "by construction" in text
    assert [s.id for s in result.sections].index("paths") == [s.id for s in result.sections].index("who_pays") + 1


def test_every_ally_figure_equals_the_projection(default, expected):
    _, root = default
    rows = _rows(root)
    summary = expected.summary.set_index("iso3")
    projected = summary[summary["base_share_pct"].notna()]
    assert set(rows) == set(projected.index) and "ISL" not in rows  # no NATO figures: not projected
    share = expected.wide("defence_share_gdp_pct")
    gap = expected.wide("gap_musd")
    for iso3, tr in rows.items():
        s = projected.loc[iso3]
        assert float(_value(tr, "paths-share-end")) == share.loc[iso3, 2035] == s["share_2035_pct"]
        assert float(_value(tr, "paths-gap-end")) == gap.loc[iso3, 2035]
        assert float(_value(tr, "paths-p-reach")) == s["p_reach_by_horizon"]
        reach = _value(tr, "paths-reach-year")
        assert (int(reach) if reach else None) == (None if s["year_reaching_target"] != s["year_reaching_target"]
                                                   else int(s["year_reaching_target"]))  # fmt: skip
        assert (tr.find("th").text.endswith("*")) == bool(s["fell_back"])
    assert rows["DEU"].find("data", data_figure="paths-reach-year").text == "2029"
    assert rows["POL"].find("data", data_figure="paths-reach-year").text == "already (2026)"  # 4.68 % core, 2026e
    assert rows["FRA"].find("data", data_figure="paths-reach-year").text == "not by 2035"


def test_aggregates_and_odds_equal_the_projection(default, expected):
    _, root = default
    section = root.find("section", id="paths")
    aggregates = expected.aggregates.set_index(["iso3", "year"])
    m = expected.montecarlo
    for code in (EUR_CAN, TOTAL):
        got = section.find("data", data_figure=f"paths-share-{code}")
        assert float(got.attrs["value"]) == aggregates.loc[(code, 2035), "defence_share_gdp_pct"]
        p_reach = section.find("data", data_figure=f"paths-p-reach-{code}")
        assert float(p_reach.attrs["value"]) == m.p_reach_by[m.codes.index(code), -1]
    assert m.params.draws == SCENARIO_DRAWS and m.params.seed == 2035  # the scenario's seed: reproducible


def test_money_gap_by_year_equals_the_projection(default, expected):
    _, root = default
    table = root.find("section", id="paths").find("table", **{"class": "gap"})
    assert "million US$ (2015 prices)" in table.find("caption").text  # the price base is named
    long = expected.long[expected.long["indicator"] == "gap_musd"]
    rows = {int(tr.attrs["data-year"]): tr for tr in table.find("tbody").find_all("tr")}
    assert sorted(rows) == list(range(2026, 2036))  # from the 2026 edition's 2026e
    for year, tr in rows.items():
        here = long[long["year"] == year].set_index("iso3")["value"]
        assert float(_value(tr, "paths-gap-europe-canada")) == here[EUR_CAN]
        assert float(_value(tr, "paths-gap-total")) == here[TOTAL]
        allies = here[[c for c in here.index if len(c) == 3 and c != "USA"]]
        assert float(_value(tr, "paths-gap-below")) == pytest.approx(allies[allies > 0].sum(), rel=1e-12)


def test_credible_paths_and_fallbacks_are_the_projections(default, expected):
    _, root = default
    section = root.find("section", id="paths")
    counts = expected.credibility["category"].value_counts().to_dict()
    got = {li.attrs["data-verdict"]: int(_value(li, "paths-verdict-count")) for li in section.find_all("li")
           if "data-verdict" in li.attrs}  # fmt: skip
    assert got == counts
    names = expected.summary.set_index("iso3")["country"]
    fell_back = section.find("p", data_figure="paths-fell-back").text
    assert expected.setup.compiled.fell_back and all(names[c] in fell_back for c in expected.setup.compiled.fell_back)
    assert "money only (no share of GDP)" in section.text  # rows not used are shown as such


def test_headline_card_counts_allies_at_target_in_2035(default, expected):
    _, root = default
    card = figures(root)["paths-allies-at-target"]
    share = expected.wide("defence_share_gdp_pct")
    allies = [c for c in expected.summary.dropna(subset=["base_share_pct"])["iso3"]]
    at_target = [c for c in allies if share.loc[c, 2035] >= expected.target_pct]
    assert int(card.attrs["value"]) == len(at_target) == 12  # the projection's count from the 2026e base
    assert card.text == f"{len(at_target)} of {len(allies)}"
    assert card.attrs["data-projection"] == "true"
    assert "projection" in root.find("section", id="headline").text.lower()


def test_projection_and_two_editions_notes(default):
    _, root = default
    section = root.find("section", id="paths")
    text = section.text
    assert section.find("p", data_note="projection").text.startswith("Projection, not data.")
    assert "Two editions, kept apart." in text
    assert "NATO edition 2026" in text and "NATO edition 2024" in text  # shares and GDP, each named
    figure = section.find("figure", id="chart-paths-fan")
    assert "Projection, not data" in figure.find("figcaption").text
    assert "10,000 Monte Carlo draws (seed 2035)" in figure.find("figcaption").text
    methods = root.find("section", id="methods")
    assert "Projections to 2035" in [h.text for h in methods.find_all("h3")]


def test_hague_linear_puts_every_ally_at_3_5_or_more_in_2035(hague):
    result, root = hague
    rows = _rows(root)
    assert len(rows) == 31
    for iso3, tr in rows.items():
        assert float(_value(tr, "paths-share-end")) >= 3.5, iso3
        assert _value(tr, "paths-reach-year")  # every ally reaches it
    assert figures(root)["paths-allies-at-target"].text == "31 of 31"
    section = root.find("section", id="paths")
    assert section.find("strong", data_figure="paths-scenario").text == "hague-linear"
    assert "This is the default scenario" not in section.text
    assert "Announced plans" not in [h.text for h in section.find_all("h3")]
    assert result.context.scenario_note().startswith("Paths to 2035: scenario hague-linear (given with --scenario)")


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
    expected = project(path, draws=SCENARIO_DRAWS)
    rows = _rows(parse(result.html))
    assert float(_value(rows["POL"], "paths-share-end")) == expected.wide().loc["POL", 2035] == 5.0
    assert (
        float(_value(rows["POL"], "paths-p-reach"))
        == expected.summary.set_index("iso3").loc["POL", "p_reach_by_horizon"]
    )


def test_edition_option_sets_the_starting_edition():
    context = ReportContext.create(year=2024, edition="2024")
    assert context.resolved_scenario.edition == "2024" and context.resolved_scenario.base_year == 2024
    assert ReportContext.create().resolved_scenario.edition == "2026"


def test_a_scenario_naming_another_edition_than_edition_is_an_error(tmp_path):
    path = tmp_path / "ed.yaml"
    path.write_text("target: 3.5\nedition: 2025\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"ed\.yaml, line 2, column 'edition': .*--edition 2024"):
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
