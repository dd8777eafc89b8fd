"""Scenario checks that match the engine: a scenario is refused or it projects, never a crash, and
`nato3 scenario validate`, `nato3 project`, the web API and saved scenarios agree on which.

Each refused scenario below crashed before: `base_year: 2014` with a ZeroDivisionError in the
mean GDP growth (and a 500 over HTTP, saved or not); `real_growth: {rate: 100}` with shares that
overflow the Monte Carlo histogram (a ValueError); a volatility wide enough to turn GDP negative.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import yaml

from nato3.errors import DataValidationError, Nato3Error
from nato3.projection import engine
from nato3.projection import montecarlo as mc
from nato3.projection.backends import LocalBackend
from nato3.projection.checks import MAX_PATH_SHARE
from nato3.projection.resolve import resolve
from nato3.projection.runner import make_job, project
from nato3.projection.scenario import Scenario
from web_support import AUTH, client, make_app

# (spec, the field at fault, what the message says)
REFUSED = [
    (
        {"base_year": 2014},
        "base_year",
        "base year 2014 leaves one year of GDP in the 2024 edition (2014), and mean GDP growth needs two; "
        "allowed: 2015–2026, or give every ally a growth rate",
    ),
    (
        {"policy": {"DNK": {"real_growth": {"rate": 100}}}},
        "policy.DNK.real_growth.rate",
        # From 3.49 % in 2026 (NATO's 2026 edition), x 2 / 1.0231 a year: 99.5 % in 2031, 195 % in 2032.
        "DNK's share of GDP would reach 195 % by 2032 (real spending +100 % a year, GDP +2.31 % a year): more "
        "than its whole economy",
    ),
    (
        {"horizon": 2050, "gdp_growth": {"default": -20}, "policy": {"default": "hold_spending"}},
        "gdp_growth.default",
        "ALB's share of GDP would reach 119 % by 2044 (spending held while GDP -20.00 % a year)",
    ),
    (
        {"monte_carlo": {"gdp_growth_sd": 12}},
        "monte_carlo.gdp_growth_sd",
        "12 is too wide for LUX's GDP growth of -1.94 % a year: a shock of 10 standard deviations would turn its "
        "GDP negative; at most 9.8",
    ),
]
IDS = [field for _, field, _ in REFUSED]


@pytest.mark.parametrize(("spec", "field", "message"), REFUSED, ids=IDS)
def test_library_refuses_naming_the_field(spec, field, message):
    with pytest.raises(DataValidationError) as err:
        resolve(Scenario.model_validate(spec))
    assert err.value.column == field
    assert message in err.value.problem


@pytest.mark.parametrize(("spec", "field", "message"), REFUSED, ids=IDS)
def test_validate_and_project_print_the_same_line_and_exit_2(cli, tmp_path, spec, field, message):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    outputs = [cli("scenario", "validate", str(path)), cli("project", str(path), "--draws", "0")]
    for code, _, err in outputs:
        assert code == 2
        assert len(err.splitlines()) == 1 and err.startswith(f"Error: {path}, line ")
        assert f", column '{field}': {message}" in err
    assert outputs[0][2] == outputs[1][2]


def test_the_real_growth_overflow_to_2100_is_refused_before_the_monte_carlo(cli, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("horizon: 2100\npolicy: {DNK: {real_growth: {rate: 100}}}\n", encoding="utf-8")
    code, _, err = cli("project", str(path), "--draws", "1000")
    assert code == 2
    assert err.startswith(f"Error: {path}, line 2, column 'policy.DNK.real_growth.rate': DNK's share of GDP")


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    with client(make_app(folder)) as c:
        yield c, folder / "scenarios"


@pytest.mark.parametrize(("spec", "field", "message"), REFUSED, ids=IDS)
def test_api_refuses_runs_and_saves_with_422_naming_the_field(web, spec, field, message):
    api, folder = web
    r = api.post("/api/v1/projections", json={"scenario": spec})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["parameter"] == f"scenario.{field}"
    assert message in r.json()["message"]
    r = api.post("/api/v1/scenarios", json={"name": "bad", "spec": spec}, headers=AUTH)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["parameter"] == f"spec.{field}"
    assert not folder.exists() or not list(folder.glob("*.json"))  # a bad scenario is never stored


def test_a_bad_scenario_saved_before_the_checks_is_a_422_never_a_500(web):
    """Files saved by an older version: running them, or opening them in the builder, says why."""
    api, folder = web
    folder.mkdir(parents=True, exist_ok=True)
    scenario_id = "0123456789abcdef0123456789abcdef"
    item = {"id": scenario_id, "name": "old", "description": "", "created_at": "2025-01-01T00:00:00+00:00"}
    item |= {"size_bytes": 17, "data_editions": ["2025", "2024"], "spec": {"base_year": 2014}}
    (folder / f"{scenario_id}.json").write_text(json.dumps(item), encoding="utf-8")
    try:
        r = api.post("/api/v1/projections", json={"saved": scenario_id})
        assert r.status_code == 422, r.text
        assert r.json()["message"].startswith(
            f"body parameter 'saved': saved scenario {scenario_id} cannot run: spec.base_year: base year 2014"
        )
        page = api.get(f"/scenarios?start={scenario_id}", headers={"accept": "text/html"})
        assert page.status_code == 422
        assert "base year 2014 leaves one year of GDP" in page.text
    finally:
        (folder / f"{scenario_id}.json").unlink()


@pytest.mark.parametrize("edition", ["2024", "2025", "2026"])
def test_every_base_year_the_checks_accept_projects_from_the_observed_shares(edition):
    """Refused or it works: from the second GDP year on, every base year of the edition projects
    every ally from that year's share (never a mix of years); a year in which an ally NATO reports
    on has no share (Germany in 2025 of the 2025 edition) is refused, naming the base year."""
    from nato3.standing.defaults import reporting_allies
    from nato3.store.database import query

    observed = query(
        "SELECT iso3, year, defence_share_gdp_pct AS share FROM nato_series WHERE edition = ? "
        "AND defence_share_gdp_pct IS NOT NULL",
        [edition],
    )
    years = sorted(observed["year"].unique())
    for base_year in years[1:]:
        at_base = observed[(observed["year"] == base_year) & observed["iso3"].isin(reporting_allies())]
        if set(reporting_allies()) - set(at_base["iso3"]):
            with pytest.raises(DataValidationError) as err:
                project(Scenario(edition=edition, base_year=int(base_year)), draws=0)
            assert err.value.column == "base_year" and "every ally starts from the same year" in err.value.problem
            continue
        p = project(Scenario(edition=edition, base_year=int(base_year)), draws=0)
        wide = p.wide("defence_share_gdp_pct")
        assert np.isfinite(wide.to_numpy()).all()
        assert len(at_base) == 31  # every ally but Iceland
        assert set(p.summary["base_share_year"].dropna()) == {base_year}
        for iso3, share in at_base.set_index("iso3")["share"].items():
            assert wide.loc[iso3, int(base_year)] == share, (edition, base_year, iso3)


def test_base_year_2014_projects_when_every_ally_has_a_growth_rate():
    p = project(Scenario(base_year=2014, gdp_growth={"default": 1.5}), draws=200, seed=1)
    assert np.isfinite(p.wide("defence_share_gdp_pct").to_numpy()).all()
    assert p.setup.base.anchor_year == 2014


def test_the_highest_allowed_growth_stays_a_share_of_gdp():
    """Just under the bound the path is accepted and the Monte Carlo runs on it."""
    p = project(Scenario(policy={"DNK": {"real_growth": {"rate": 40}}}), draws=1000, seed=1)
    dnk = p.wide("defence_share_gdp_pct").loc["DNK"]
    assert dnk.max() <= MAX_PATH_SHARE and dnk.iloc[-1] > 20


def test_monte_carlo_guard_for_shares_off_the_histogram():
    """A kernel that skipped validation (shares of 10^20 %) gives top-bin statistics, not a
    ValueError from a negative histogram index; a NaN share is a Nato3Error."""
    setup = engine.prepare(resolve(Scenario.model_validate({"horizon": 2028})))
    params = mc.Params(draws=1000, seed=1, gdp_growth_sd=1.5, correlation=0.5, execution_sd=5.0)
    huge = dataclasses.replace(setup.kernel, P=setup.kernel.P * 1e20)
    (result,) = LocalBackend().run([make_job(dataclasses.replace(setup, kernel=huge), params)], 1000)
    pol = setup.base.index("POL")
    assert (result.quantiles[0.5][pol, 1:] >= (mc.HIST_BINS - 1) * mc.HIST_WIDTH).all()  # the top bin
    assert (result.p_reach_by[pol] == 1).all()
    broken = dataclasses.replace(setup.kernel, P=np.full_like(setup.kernel.P, np.nan))
    with pytest.raises(Nato3Error, match="share of GDP for ALB is not finite"):
        LocalBackend().run([make_job(dataclasses.replace(setup, kernel=broken), params)], 1000)
