"""The deterministic projection: every ally's share of GDP, GDP, spending and gap, year by year,
plus group aggregates by NATO's rules, in the long format ``scenario × iso3 × indicator × year``.

The per-ally paths come from :mod:`nato3.projection.kernel` (one vectorised pass over allies ×
years); the aggregates and groups from :mod:`nato3.projection.path_aggregates`: the figures of
:func:`nato3.alliance.aggregates.aggregate`, the function that reproduces NATO's published
aggregates, fed with the projected spending and GDP.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nato3.projection import kernel as kn
from nato3.projection.inputs import BaseData, base_for, growth_rates
from nato3.projection.policies import Compiled, compile_policies
from nato3.projection.resolve import Resolved

SHARE, GDP, SPENDING, GAP = "defence_share_gdp_pct", "gdp_musd_const", "defence_exp_musd_const", "gap_musd"


@dataclass(eq=False)
class Setup:
    """A scenario made ready to run: its data, compiled policies, growth rates and kernel."""

    resolved: Resolved
    base: BaseData
    compiled: Compiled
    growth: np.ndarray  # % a year per ally
    growth_notes: list[str]
    kernel: kn.Kernel

    @property
    def money_unit(self) -> str:
        return f"million US$ ({self.base.gdp_edition.price_base_year} prices)"

    @property
    def money_edition(self) -> str:
        shares, gdp = self.base.edition.label, self.base.gdp_edition.label
        return shares if shares == gdp else f"{shares} shares × {gdp} GDP"


def prepare(resolved: Resolved) -> Setup:
    """Load the inputs of ``resolved`` and build its kernel."""
    base = base_for(resolved)
    compiled = compile_policies(resolved, base)
    growth, notes = growth_rates(resolved, base)
    return Setup(resolved, base, compiled, growth, notes, build_kernel(resolved, base, compiled, growth))


def build_kernel(resolved: Resolved, base: BaseData, compiled: Compiled, growth: np.ndarray) -> kn.Kernel:
    from nato3.alliance.membership import accession_year

    years = compiled.years
    n_growth = resolved.horizon - base.anchor_year
    joined = np.array([accession_year(c) for c in base.iso3])
    member_total = joined[:, None] <= years[None, :]
    member_eur_can = member_total & (np.array(base.iso3) != "USA")[:, None]
    ratio_idx = np.flatnonzero(compiled.ratio)
    return kn.Kernel(
        iso3=base.iso3,
        years=years,
        offset=resolved.base_year - base.anchor_year,
        onep_mu=np.repeat((1.0 + growth / 100.0)[:, None], n_growth, axis=1),
        P=compiled.P,
        ratio_idx=ratio_idx,
        g0_index=compiled.g0_index[ratio_idx],
        gdp_anchor=base.gdp_at(base.anchor_year).copy(),
        members=np.stack([member_eur_can, member_total]),
        projected=compiled.projected,
        target=resolved.target_pct,
    )


def run_deterministic(setup: Setup) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share, GDP and gap arrays ``(allies + aggregates, years)`` of the deterministic path."""
    share, gdp = kn.evaluate(setup.kernel, kn.deterministic_index(setup.kernel))
    return share[:, :, 0], gdp[:, :, 0], kn.gap(setup.kernel, share, gdp)[:, :, 0]


def ally_frame(setup: Setup, share: np.ndarray, gdp: np.ndarray, gap: np.ndarray) -> pd.DataFrame:
    """One row per ally and year (allies without NATO figures have GDP only)."""
    base, years = setup.base, setup.compiled.years
    A, T = len(base.iso3), len(years)
    has = np.repeat(base.has_share, T)
    df = pd.DataFrame(
        {
            "iso3": np.repeat(base.iso3, T),
            "year": np.tile(years, A),
            SHARE: np.where(has, share[:A].ravel(), np.nan),
            GDP: gdp[:A].ravel(),
            SPENDING: np.where(has, (share[:A] * gdp[:A] / 100.0).ravel(), np.nan),
            GAP: np.where(has, gap[:A].ravel(), np.nan),
        }
    )
    df["share_projected"] = setup.compiled.projected.ravel()
    df["gdp_projected"] = df["year"] > base.anchor_year
    return df


def observe_start(setup: Setup, aggregates: pd.DataFrame) -> pd.DataFrame:
    """NATO Europe and Canada and NATO Total in the base year as ``nato3 status`` shows them: the
    edition's own aggregate (published by NATO, or computed from its country rows by NATO's
    rules), not this projection's sum of the allies' shares weighted by the GDP edition's GDP,
    which differs where the two editions' price bases weigh allies differently. Their gap that
    year follows from that share; ``computed_share_pct`` keeps the projection's own value.

    Only where no member's share is projected in the base year (every ally starts there)."""
    from nato3.alliance.aggregates import AGGREGATES, nato_aggregates

    out = aggregates.copy()
    out["computed_share_pct"] = out[SHARE]
    year = setup.resolved.base_year
    published = nato_aggregates(setup.base.edition.label)
    published = published[(published["year"] == year) & published["iso3"].isin(list(AGGREGATES))]
    for row in published.itertuples():
        share = getattr(row, SHARE)
        at = (out["iso3"] == row.iso3) & (out["year"] == year) & ~out["share_projected"]
        if share != share or not at.any():
            continue
        out.loc[at, SHARE] = float(share)
        out.loc[at, "is_estimate"] = bool(row.is_estimate)
        out.loc[at, "share_observed"] = True
        out.loc[at, GAP] = (setup.resolved.target_pct - float(share)) * out.loc[at, GDP] / 100.0
    return out


def to_long(setup: Setup, allies: pd.DataFrame, aggregates: pd.DataFrame) -> pd.DataFrame:
    """Both frames in the long format ``scenario × iso3 × indicator × year`` with ``unit``,
    ``edition`` (the edition each value came from) and ``is_projection``."""
    from nato3.longformat import SCENARIO_INDEX
    from nato3.longformat import to_long as stack

    money = setup.money_unit
    units = {SHARE: "% of GDP", GDP: money, SPENDING: money, GAP: money}
    editions = {SHARE: setup.base.edition.label, GDP: setup.base.gdp_edition.label}
    frames = []
    for frame, flags in (
        (allies, {SHARE: "share_projected", GDP: "gdp_projected"}),
        (aggregates, {SHARE: "share_projected", GDP: "gdp_projected"}),
    ):
        long = stack(
            frame, {"scenario": setup.resolved.name}, units, index=SCENARIO_INDEX, extra=list(set(flags.values()))
        )
        long["edition"] = long["indicator"].map(editions).fillna(setup.money_edition)
        share_flag, gdp_flag = long[flags[SHARE]].astype(bool), long[flags[GDP]].astype(bool)
        long["is_projection"] = np.where(
            long["indicator"] == SHARE, share_flag, np.where(long["indicator"] == GDP, gdp_flag, share_flag | gdp_flag)
        )
        frames.append(long[[*SCENARIO_INDEX, "value", "unit", "edition", "is_projection"]])
    out = pd.concat(frames, ignore_index=True)
    return out.dropna(subset=["value"]).reset_index(drop=True)
