"""The Wales case study: from 2014, the engine's odds of each ally reaching 2 % by 2024, against
what NATO's 2024 edition says happened.

At Wales in September 2014 allies below 2 % of GDP agreed to "aim to move towards the 2 %
guideline within a decade". The projection engine (:func:`nato3.projection.runner.project`,
with the Monte Carlo settings in effect) runs from base year 2014 of NATO's 2024 edition to 2024
under two policies that need no knowledge of what came after: every ally keeps its 2014 share
(``current-trend``), and every ally below 2 % moves on a straight line to 2 % in 2024 (the
pledge read literally, as ``hague-linear`` reads the Hague pledge). The outcome is the same
edition's 2024 share: one edition throughout, so revisions to the 2014 figures are in both.
That edition has no GDP before 2014, so projected GDP does not grow (0 % a year); the odds of
a share policy hardly depend on it, and no money figure is shown.

Each policy is run as :func:`~nato3.projection.runner.project` runs it (the scenario's setup, its
deterministic path, the Monte Carlo job on the local backend), without the frames a projection
assembles for its faces (aggregates, long format, credibility, summary): the case reads only each
ally's path and odds in 2024, and the frames were most of its cost. The policies' Monte Carlo
jobs share a seed, so they run together and make their random numbers once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EDITION = "2024"
ORIGIN, YEAR, THRESHOLD = 2014, 2024, 2.0
POLICIES = {
    "constant_share": "constant_share",
    "straight_line_to_2pct": {"linear_to_target": {"target": THRESHOLD, "by": YEAR}},
}


def wales_case(draws: int = 10_000, seed: int = 2035, monte_carlo: dict | None = None) -> pd.DataFrame:
    """One row per ally and policy: 2014 share, P(at or above 2 % in 2024), the 2024 outcome.

    Args:
        monte_carlo: scenario ``monte_carlo`` fields to set (default: the fitted settings).
    """
    resolved = list(scenarios(draws, seed, monte_carlo).values())
    runs = zip(POLICIES, *_run(resolved), strict=True)
    out = pd.concat([_rows(setup, share, m, name) for name, setup, share, m in runs], ignore_index=True)
    outcome = _outcomes()
    out["share_2024_pct"] = out["iso3"].map(outcome)
    out = out[out["share_2024_pct"].notna()].reset_index(drop=True)
    out["reached"] = out["share_2024_pct"] >= THRESHOLD
    out["squared_error"] = (out["p_reach_2024"] - out["reached"].astype(float)) ** 2
    out["edition"] = EDITION
    out["is_hindcast"] = True
    return out


def scenarios(draws: int = 10_000, seed: int = 2035, monte_carlo: dict | None = None) -> dict:
    """Each policy's scenario from 2014 to 2024, checked against the data (name → resolved)."""
    from nato3.projection.resolve import resolve
    from nato3.projection.scenario import Scenario

    out = {}
    for name, policy in POLICIES.items():
        scenario = Scenario.model_validate(
            {
                "name": f"wales-{name}",
                "edition": EDITION,
                "gdp_edition": EDITION,
                "base_year": ORIGIN,
                "horizon": YEAR,
                "target": THRESHOLD,
                "gdp_growth": {"default": 0.0},
                "policy": {"default": policy},
                "monte_carlo": {"draws": draws, "seed": seed, **(monte_carlo or {})},
            }
        )
        out[name] = resolve(scenario)
    return out


def _run(resolved: list) -> tuple[list, list, list]:
    """The setups, deterministic shares ``(rows, years)`` and Monte Carlo results (None: no draws)
    of the policies ``resolved``, as :func:`~nato3.projection.runner.project` computes each; their
    Monte Carlo jobs run together, so the random numbers they share (one seed) are made once."""
    from nato3.projection import engine
    from nato3.projection.backends import LocalBackend
    from nato3.projection.montecarlo import DEFAULT_CHUNK
    from nato3.projection.runner import make_job, mc_params

    setups = [engine.prepare(r) for r in resolved]
    shares = [engine.run_deterministic(setup)[0] for setup in setups]
    params = [mc_params(r) for r in resolved]
    jobs = [make_job(setup, p) for setup, p in zip(setups, params, strict=True) if p.draws]
    results = iter(LocalBackend().run(jobs, DEFAULT_CHUNK) if jobs else [])
    return setups, shares, [next(results) if p.draws else None for p in params]


def _rows(setup, share: np.ndarray, m, policy: str) -> pd.DataFrame:
    base = setup.base
    keep = np.flatnonzero(base.has_share)
    return pd.DataFrame(
        {
            "policy": policy,
            "iso3": [base.iso3[i] for i in keep],
            "country": [base.names[i] for i in keep],
            "share_2014_pct": base.share[keep],
            "path_2024_pct": share[keep, list(setup.compiled.years).index(YEAR)],
            "p_reach_2024": m.p_reach_by[keep, -1] if m is not None else np.nan,
            "share_p05_2024": m.quantiles[0.05][keep, -1] if m is not None else np.nan,
            "share_p95_2024": m.quantiles[0.95][keep, -1] if m is not None else np.nan,
        }
    )


def _outcomes() -> dict[str, float]:
    from nato3.store.database import query

    df = query(
        "SELECT iso3, defence_share_gdp_pct AS share FROM nato_series WHERE edition = ? AND year = ? "
        "AND defence_share_gdp_pct IS NOT NULL AND iso3 NOT LIKE 'NATO\\_%' ESCAPE '\\'",
        [EDITION, YEAR],
    )
    return dict(zip(df["iso3"], df["share"].astype(float), strict=True))


def wales_summary(case: pd.DataFrame) -> pd.DataFrame:
    """Per policy: allies, how many were at 2 % in 2014 and 2024, expected count, Brier scores
    (all allies, and those below 2 % in 2014)."""
    rows = []
    for policy, part in case.groupby("policy", sort=False):
        below = part[part["share_2014_pct"] < THRESHOLD]
        rows.append(
            {
                "policy": policy,
                "allies": len(part),
                "at_2pct_2014": int((part["share_2014_pct"] >= THRESHOLD).sum()),
                "at_2pct_2024": int(part["reached"].sum()),
                "expected_at_2pct_2024": float(part["p_reach_2024"].sum()),
                "brier": float(part["squared_error"].mean()),
                "brier_below_2pct_in_2014": float(below["squared_error"].mean()) if len(below) else np.nan,
            }
        )
    return pd.DataFrame(rows)
