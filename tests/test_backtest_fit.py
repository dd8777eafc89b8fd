"""The Monte Carlo settings fitted to history: how they are derived, bundled and used."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nato3.backtest import metrics
from nato3.backtest.fit import MIN_ORIGINS, Z90, band_sd, fit
from nato3.backtest.fitfile import _csv_bytes, write_fit
from nato3.backtest.hindcast import hindcast
from nato3.backtest.history import sipri_history
from nato3.backtest.run import HAND_TYPED, backtest, params_for
from nato3.errors import DataValidationError
from nato3.projection.builtin import load_scenario
from nato3.projection.runner import mc_params
from nato3.projection.uncertainty import FITTED_DIR, descriptor_path, fitted


@pytest.fixture(scope="module")
def sipri_fit():
    return fit(sipri_history())


def test_band_sd_is_the_80th_percentile_of_the_absolute_error_over_the_normals():
    # |e| = 2, 1, 0, 1, 2 → sorted 0, 1, 1, 2, 2; the 80th percentile (linear) sits at 3.2 → 2
    assert band_sd([-2, -1, 0, 1, 2]) == pytest.approx(2 / Z90)


def test_the_bundled_file_is_what_the_fit_derives_from_the_bundled_data(sipri_fit):
    meta = json.loads(descriptor_path().read_text(encoding="utf-8"))
    data = (FITTED_DIR / meta["path"]).read_bytes()
    assert data == _csv_bytes(sipri_fit)
    import hashlib

    assert meta["sha256"] == hashlib.sha256(data).hexdigest() and meta["rows"] == len(sipri_fit.table)
    assert meta["producer"] == "nato3 (derived)" and meta["kind"] == "derived"
    from nato3.api import provenance

    inputs = {d["name"]: d["sha256"] for d in meta["derived"]["from"]}
    assert inputs == {t: provenance(t)[0]["sha256"] for t in ("sipri_milex", "nato_expenditure_ed2024")}
    assert meta["derived"]["command"].startswith("nato3 backtest --fit --source sipri")


def test_fit_parts_and_scopes(sipri_fit):
    t = sipri_fit.table
    ally = t[t["scope"] == "ally"]
    # per ally only where the series gives errors from enough origins: Montenegro (SIPRI from 2006) does not
    assert (ally["origins"] >= MIN_ORIGINS).all()
    assert "MNE" not in set(ally["iso3"]) and {"USA", "DEU", "POL"} <= set(ally["iso3"])
    assert set(t.loc[t["parameter"].isin(["gdp_growth_sd", "correlation"]), "scope"]) == {"alliance"}
    # execution² + GDP² = the share's drift² (where the share drifts more than GDP)
    gdp = sipri_fit.alliance("gdp_growth_sd")
    drift = ally[ally["parameter"] == "share_drift_sd"].set_index("iso3")["value"]
    execution = ally[ally["parameter"] == "execution_sd"].set_index("iso3")["value"]
    np.testing.assert_allclose(np.sqrt(execution**2 + gdp**2), drift, atol=2e-3)
    assert 0 < sipri_fit.alliance("correlation") <= 1


def test_builtin_scenarios_use_the_fitted_values_and_a_file_may_override_them():
    fitted.cache_clear()
    f = fitted()
    params = mc_params(load_scenario("hague-linear"))
    assert params.gdp_growth_sd == f.gdp_growth_sd and params.correlation == f.correlation
    assert params.execution_sd_by_ally == f.execution_sd_by_ally and "fitted to history" in params.fitted
    from nato3.projection.scenario import Scenario

    scenario = Scenario.model_validate({"monte_carlo": {"execution_sd": 5}})
    own = mc_params(load_scenario(scenario))
    assert own.execution_sd == 5 and own.execution_sd_by_ally == {}
    assert own.gdp_growth_sd == f.gdp_growth_sd and "execution_sd" not in own.fitted


def test_a_changed_fitted_file_is_refused(tmp_path, sipri_fit):
    write_fit(sipri_fit, tmp_path, today="2026-01-01")
    assert fitted(tmp_path).execution_sd == sipri_fit.alliance("execution_sd")
    csv_path = tmp_path / "monte_carlo_fitted.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("alliance", "aliance", 1), encoding="utf-8")
    fitted.cache_clear()
    with pytest.raises(DataValidationError, match="differs from its descriptor"):
        fitted(tmp_path)
    fitted.cache_clear()


def test_fitted_80_percent_bands_hold_80_percent_of_sipri_outcomes():
    """The goal of the fit: the constant-share 80 % band holds 80 % ± 5 of outcomes (it held far
    fewer with the hand-typed settings)."""
    history = sipri_history()
    after = hindcast(history, None, range(1, 11), params_for(2_000, 11))
    before = hindcast(history, None, range(1, 11), params_for(2_000, 11, HAND_TYPED))
    share = "method == 'constant_share'"
    assert metrics.coverage(after.forecasts.query(share)["pit"], 0.8) == pytest.approx(0.8, abs=0.05)
    assert metrics.coverage(before.forecasts.query(share)["pit"], 0.8) < 0.7


def test_backtest_fit_reports_before_after_and_out_of_sample(tmp_path):
    b = backtest("sipri", origins=(1960, 2023), draws=500, seed=3, fit=True, fit_folder=tmp_path, wales=False)
    assert b.fit.path == tmp_path / "monte_carlo_fitted.csv" and fitted(tmp_path).provenance["edition"] == b.fit.label
    settings = set(b.fit.coverage["settings"])
    assert settings == {"before (hand-typed)", "after (fitted)", "out of sample"}
    assert "origins 1960–" in b.fit.label and "out of sample" in b.fit.holdout
    assert "fitted by this run" in b.settings and str(tmp_path) in b.settings
    fitted.cache_clear()
