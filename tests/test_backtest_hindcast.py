"""Rolling-origin hindcasts: the methods' closed forms, no use of the future, seeded streams."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nato3.backtest.hindcast import hindcast
from nato3.backtest.history import nato_history, sipri_history
from nato3.errors import Nato3Error
from nato3.projection import montecarlo as mc

PARAMS = mc.Params(400, 7, 4.0, 0.8, 9.0)


def _sipri_table() -> pd.DataFrame:
    import nato3

    df = nato3.load("sipri_milex", from_year=1995, to_year=2010)
    return df.set_index(["iso3", "year"])


def test_hindcast_from_2000_equals_the_closed_forms():
    """Constant share = b0; trend = b0 + least-squares slope of 1995–2000 × h; real growth =
    b0 · ((S2000/S1995)^(1/5) / (G2000/G1995)^(1/5))^h with SIPRI's constant-US$ spending S and
    the GDP it implies, G = S / share × 100; outcomes are SIPRI's own later shares."""
    table = _sipri_table()
    cast = hindcast(sipri_history(), [2000], range(1, 11), params=None, lookback=5)
    f = cast.forecasts.set_index(["method", "iso3", "horizon"])
    for iso3 in ("DEU", "POL", "USA", "GBR"):
        share = table.loc[iso3, "milex_share_gdp_pct"]
        spend = table.loc[iso3, "milex_musd_const2023"]
        b0 = share[2000]
        slope = np.polyfit(np.arange(1995, 2001), share.loc[1995:2000].to_numpy(), 1)[0]
        rs = (spend[2000] / spend[1995]) ** 0.2
        gdp = spend / share * 100
        rg = (gdp[2000] / gdp[1995]) ** 0.2
        for h in (1, 5, 10):
            assert f.loc[("constant_share", iso3, h), "forecast_pct"] == b0
            assert f.loc[("linear_trend", iso3, h), "forecast_pct"] == pytest.approx(b0 + slope * h, rel=1e-12)
            assert f.loc[("real_growth", iso3, h), "forecast_pct"] == pytest.approx(b0 * (rs / rg) ** h, rel=1e-12)
            assert f.loc[("constant_share", iso3, h), "outcome_pct"] == share[2000 + h]


def test_an_edition_is_never_spliced():
    """NATO's 2025 edition has no GDP: no real-growth hindcast (it would need another edition's GDP)."""
    cast = hindcast(nato_history("2025"), [2020], range(1, 3), params=None, lookback=5)
    assert set(cast.forecasts["method"]) == {"constant_share", "linear_trend"}
    assert set(cast.forecasts["edition"]) == {"2025"}
    outcome = nato_history("2025")
    deu = cast.forecasts.query("method == 'constant_share' and iso3 == 'DEU' and horizon == 2")
    assert deu["outcome_pct"].iloc[0] == outcome.share[outcome.iso3.index("DEU"), outcome.column(2022)]


def _perturb_after(history, origin: int, seed: int):
    rng = np.random.default_rng(seed)
    stop = history.column(origin) + 1

    def change(a):
        if a is None:
            return None
        b = a.copy()
        b[:, stop:] *= rng.uniform(0.3, 3.0, size=b[:, stop:].shape)
        return b

    return replace(history, share=change(history.share), spending=change(history.spending), gdp=change(history.gdp))


@settings(max_examples=12, deadline=None)
@given(origin=st.integers(1955, 2020), seed=st.integers(0, 10_000))
def test_no_origin_uses_data_after_itself(origin, seed):
    """Changing every figure after the origin changes the outcomes, never the forecasts or odds."""
    history = sipri_history()
    changed = _perturb_after(history, origin, seed)
    a = hindcast(history, [origin], range(1, 11), PARAMS, thresholds=(2.0, 3.0))
    b = hindcast(changed, [origin], range(1, 11), PARAMS, thresholds=(2.0, 3.0))
    keep = ["method", "origin", "iso3", "horizon", "start_pct", "forecast_pct"]
    pd.testing.assert_frame_equal(a.forecasts[keep], b.forecasts[keep])
    pd.testing.assert_frame_equal(a.events[[*keep, "probability"]], b.events[[*keep, "probability"]])
    assert not np.allclose(a.forecasts["outcome_pct"], b.forecasts["outcome_pct"])


def test_seeded_runs_repeat_bit_for_bit_and_do_not_depend_on_chunks():
    history = sipri_history()
    params = replace(PARAMS, draws=3_000)
    one = hindcast(history, [1990, 2010], range(1, 6), params, chunk_size=1_000)
    two = hindcast(history, [1990, 2010], range(1, 6), params, chunk_size=5_000)
    pd.testing.assert_frame_equal(one.forecasts, two.forecasts)
    pd.testing.assert_frame_equal(one.events, two.events)
    other = hindcast(history, [1990, 2010], range(1, 6), replace(params, seed=8))
    assert not np.array_equal(one.forecasts["pit"], other.forecasts["pit"])


def test_without_volatility_the_draws_are_the_forecast():
    """Zero volatility: every draw is the point forecast, so P(at or above) is 0 or 1 and the
    PIT is 0 or 1 unless the outcome equals the forecast."""
    params = mc.Params(1_000, 3, 0.0, 0.5, 0.0)
    cast = hindcast(sipri_history(), [1980], range(1, 4), params)
    f = cast.forecasts
    expected = np.where(
        f["outcome_pct"] > f["forecast_pct"], 1.0, np.where(f["outcome_pct"] < f["forecast_pct"], 0.0, 0.5)
    )
    np.testing.assert_array_equal(f["pit"], expected)
    ev = cast.events
    np.testing.assert_array_equal(ev["probability"], (ev["forecast_pct"] >= 2.0).astype(float))


def test_the_projections_bands_widen_with_the_years_as_the_hindcast_errors_do():
    """Execution deviations compound and GDP surprises move every share: a constant-share path's
    5–95 % band widens year after year (with independent yearly noise it would stay as wide)."""
    from nato3.projection.runner import project

    p = project("current-trend", draws=4_000, seed=1)
    m, i = p.montecarlo, p.setup.base.index("DEU")
    width = m.quantiles[0.95][i] - m.quantiles[0.05][i]
    projected = p.setup.compiled.projected[i]
    assert (np.diff(width[projected]) > 0).all()


def test_bad_origins_and_horizons_name_the_parameter():
    with pytest.raises(Nato3Error, match=r"origin 1930 is outside the SIPRI 2025 edition; allowed: 1949–2023") as err:
        hindcast(sipri_history(), [1930])
    assert err.value.parameter == "origins"
    with pytest.raises(Nato3Error, match=r"horizons must be whole years from 1") as err:
        hindcast(sipri_history(), [2000], [0, 1])
    assert err.value.parameter == "horizons"


def test_every_methods_draws_are_its_path_times_one_noise_factor():
    """The shortcut the hindcast takes: in the engine's noise model a draw of any path is the
    path times a factor Z that does not depend on the path. Evaluating the kernel with every
    method's own rows on the same GDP and execution draws gives exactly that."""
    from nato3.backtest.methods import MethodPaths, gdp_growth_factors, kernel_for, method_paths
    from nato3.projection import kernel as kn

    past = sipri_history().until(1995)
    paths = method_paths(past, 8)
    growth = gdp_growth_factors(past)
    methods = kernel_for(past, paths, 8, growth)
    det = kn.evaluate(methods, kn.deterministic_index(methods))[0][: methods.n_allies, :, 0]
    has = np.flatnonzero(~np.isnan(past.share[:, -1]))
    unit = kernel_for(past, [MethodPaths("noise", has, np.ones((len(has), 9)), False)], 8, growth)
    G, noise, _ = mc.draw(mc.Job(unit, PARAMS, np.zeros((len(has), 9))), 0, 1)
    zrow = np.searchsorted(has, np.concatenate([p.rows for p in paths]))
    G2, noise2 = G[zrow].copy(), noise[zrow].copy()
    Z = kn.evaluate(unit, G, noise)[0]
    shares = kn.evaluate(methods, G2, noise2)[0][: methods.n_allies]
    np.testing.assert_allclose(shares, det[:, :, None] * Z[zrow], rtol=1e-12)
