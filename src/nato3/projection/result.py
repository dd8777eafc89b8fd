"""The result of a projection: frames for programs and a summary per ally; the projection
document (:mod:`nato3.documents.projection`) is what every face shows of it.

Every figure in a :class:`Projection` is a projection (or, for the base year NATO published, the
observed starting point) and says so: ``is_projection`` in the long format, the ``projection``
mark in the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from nato3.projection import announced
from nato3.projection.engine import GAP, SHARE, Setup

if TYPE_CHECKING:
    import numpy as np

    from nato3.projection.montecarlo import Result

METHOD = (
    "Projection, not data. Every ally starts from its share of GDP in one base year of the named NATO edition "
    "(by default the year and edition of where each ally stands) and follows the scenario's policy; GDP grows "
    "from NATO's constant-price GDP (the named GDP edition) at the scenario's rates. Spending = share × "
    "projected GDP and gap = (target − share) × projected GDP, in constant US$ of the GDP edition's price base. "
    "Aggregates follow NATO's rules (members from accession; Iceland's GDP included). Monte Carlo adds "
    "correlated GDP growth shocks and budget-execution noise."
)


MC_SUMMARY = (
    "p_reach_by_horizon",
    "p_ever_by_horizon",
    "share_p05_horizon",
    "share_p50_horizon",
    "share_p95_horizon",
    "expected_gap_horizon_musd",
)


@dataclass(eq=False)
class Projection:
    setup: Setup
    allies: pd.DataFrame  # one row per ally × year (wide)
    aggregates: pd.DataFrame  # one row per aggregate × year
    credibility: pd.DataFrame
    montecarlo: Result | None = None
    summary: pd.DataFrame | None = None  # given: the deterministic summary, to which the odds are added

    def __post_init__(self) -> None:
        base = (
            self.summary
            if self.summary is not None
            else deterministic_summary(self.setup, self.allies, self.credibility)
        )
        self.summary = self._with_odds(base)

    @cached_property
    def deterministic_long(self) -> pd.DataFrame:
        """The path's figures in the long format ``scenario × iso3 × indicator × year``, without
        the Monte Carlo (built from :attr:`allies` and :attr:`aggregates` on first use)."""
        from nato3.projection.engine import to_long

        return to_long(self.setup, self.allies, self.aggregates)

    @cached_property
    def long(self) -> pd.DataFrame:
        """Every figure in the long format ``scenario × iso3 × indicator × year``, the Monte Carlo's
        outputs after the deterministic path's (built on first use: the document does not need it)."""
        if self.montecarlo is None:
            return self.deterministic_long
        return pd.concat([self.deterministic_long, mc_long(self.setup, self.montecarlo)], ignore_index=True)

    @property
    def name(self) -> str:
        return self.setup.resolved.name

    @property
    def target_pct(self) -> float:
        return self.setup.resolved.target_pct

    @property
    def horizon(self) -> int:
        return self.setup.resolved.horizon

    def wide(self, indicator: str = SHARE) -> pd.DataFrame:
        """One indicator as iso3 × year (allies and aggregates)."""
        df = self.long[self.long["indicator"] == indicator]
        return df.pivot(index="iso3", columns="year", values="value")

    def _with_odds(self, summary: pd.DataFrame) -> pd.DataFrame:
        """The summary with, after a Monte Carlo run, its odds and band at the horizon per ally
        (missing for allies without figures)."""
        m = self.montecarlo
        if m is None:
            return summary
        import numpy as np

        A, has = len(self.setup.base.iso3), self.setup.base.has_share
        out = summary.copy()
        for name, values in horizon_columns(m).items():  # after the deterministic columns, in this order
            out[name] = np.where(has, values[:A], np.nan)
        return out

    def horizon_odds(self, row: int) -> dict[str, float]:
        """The Monte Carlo figures at the horizon of one row (an ally, or an aggregate after them)."""
        return {name: float(values[row]) for name, values in horizon_columns(self.montecarlo).items()}

    def notes(self) -> list[str]:
        s, base = self.setup, self.setup.base
        out = [
            f"Shares: {base.edition.describe()}; every ally starts from its {s.resolved.base_year} figure.",
            f"GDP: {base.gdp_edition.describe()}, projected from {base.anchor_year}; spending and gaps in "
            f"{s.money_unit}.",
        ]
        if base.edition.label != base.gdp_edition.label:
            out.append(
                f"The {base.edition.label} edition has no GDP levels, so money figures apply its shares to the "
                f"{base.gdp_edition.label} edition's GDP: two separate inputs, never one published figure."
            )
        missing = [c for c, h in zip(base.iso3, base.has_share, strict=True) if not h]
        if missing:
            out.append(f"No NATO defence figures (not projected; GDP counted in aggregates): {', '.join(missing)}.")
        if s.compiled.fell_back:
            out.append(f"No usable announcement, fell back: {', '.join(s.compiled.fell_back)}.")
        return out

    def source_tables(self) -> list[str]:
        """The tables every figure came from (and the fitted Monte Carlo settings, when used)."""
        fitted = self.montecarlo is not None and bool(self.montecarlo.params.fitted)
        return source_tables(self.setup, fitted)


def horizon_columns(m: Result) -> dict[str, np.ndarray]:
    """The Monte Carlo's odds and band at the horizon (:data:`MC_SUMMARY`), one value per row of
    its arrays (allies, then aggregates)."""
    values = (m.p_reach_by, m.p_ever_by, m.quantiles[0.05], m.quantiles[0.5], m.quantiles[0.95], m.expected_gap)
    return {name: array[:, -1] for name, array in zip(MC_SUMMARY, values, strict=True)}


def source_tables(setup: Setup, fitted: bool = False) -> list[str]:
    """Names of the tables behind ``setup`` (and, with ``fitted``, of the fitted Monte Carlo
    settings), for their provenance (:func:`nato3.store.sources.sources`)."""
    from nato3.projection.uncertainty import FITTED_NAME

    tables = [setup.base.edition.dataset, setup.base.gdp_edition.dataset, "countries"]
    if fitted:
        tables.append(FITTED_NAME)
    if setup.compiled.announced_rows is not None:
        tables.append("national_defence_plans")
    if isinstance(setup.resolved.scenario.target, str):
        tables.append("pledges")
    return tables


def deterministic_summary(setup: Setup, allies: pd.DataFrame, credibility: pd.DataFrame) -> pd.DataFrame:
    """One row per ally: its start, policy, path at the horizon, the year it reaches the target,
    gap and credibility (the odds are added per run, :meth:`Projection._with_odds`). Column
    names do not depend on the horizon (``share_horizon_pct``), as in a sweep."""
    s, base = setup, setup.base
    share = allies.pivot(index="iso3", columns="year", values=SHARE).reindex(list(base.iso3))
    gap = allies.pivot(index="iso3", columns="year", values=GAP).reindex(list(base.iso3))
    cred = credibility.set_index("iso3")
    r = setup.resolved
    h = r.horizon
    rows = []
    for i, iso3 in enumerate(base.iso3):
        has = bool(base.has_share[i])
        rows.append(
            {
                "iso3": iso3,
                "country": base.names[i],
                "has_nato_figures": has,
                "base_share_pct": float(base.share[i]) if has else None,
                "base_share_year": int(base.share_year[i]) if has else None,
                "base_is_estimate": bool(base.share_is_estimate[i]) if has else None,
                "policy": s.compiled.labels[i],
                "policy_kind": s.compiled.kinds[i],
                "gdp_growth_pct": float(s.growth[i]),
                "gdp_growth_method": s.growth_notes[i],
                "share_horizon_pct": float(share.loc[iso3, h]) if has else None,
                "year_reaching_target": _reach_year(share.loc[iso3], base, i, r.target_pct) if has else None,
                "gap_horizon_musd": float(gap.loc[iso3, h]) if has else None,
                "credibility": cred.loc[iso3, "category"] if iso3 in cred.index else None,
                "largest_shortfall_pp": cred.loc[iso3, "largest_shortfall_pp"] if iso3 in cred.index else None,
                "shortfall_year": cred.loc[iso3, "shortfall_year"] if iso3 in cred.index else None,
                "fell_back": iso3 in s.compiled.fell_back,
                "announcement": announced.describe_used(s.compiled.announcements[iso3])
                if iso3 in s.compiled.announcements
                else None,
            }
        )
    out = pd.DataFrame(rows)
    for column in ("year_reaching_target", "shortfall_year", "base_share_year"):
        out[column] = out[column].astype("Int64")
    return out


def _reach_year(path: pd.Series, base, i: int, target_pct: float) -> int | None:
    if base.share[i] >= target_pct:
        return int(base.share_year[i])
    reached = path[path >= target_pct]
    return int(reached.index[0]) if len(reached) else None


MC_INDICATORS = {
    "share_p05": "% of GDP",
    "share_p50": "% of GDP",
    "share_p95": "% of GDP",
    "p_reach_by": "probability",
    "p_ever_by": "probability",
    "expected_gap_musd": None,
}


def mc_long(setup: Setup, result: Result) -> pd.DataFrame:
    """Monte Carlo outputs in the long format (allies with figures and NATO's aggregates)."""
    import numpy as np

    from nato3.longformat import SCENARIO_INDEX

    keep = [i for i, code in enumerate(result.codes) if i >= len(setup.base.iso3) or setup.base.has_share[i]]
    values = {
        "share_p05": result.quantiles[0.05],
        "share_p50": result.quantiles[0.5],
        "share_p95": result.quantiles[0.95],
        "p_reach_by": result.p_reach_by,
        "p_ever_by": result.p_ever_by,
        "expected_gap_musd": result.expected_gap,
    }
    frames = []
    years = result.years
    for name, array in values.items():
        frames.append(
            pd.DataFrame(
                {
                    "scenario": setup.resolved.name,
                    "iso3": np.repeat([result.codes[i] for i in keep], len(years)),
                    "indicator": name,
                    "year": np.tile(years, len(keep)),
                    "value": array[keep].ravel(),
                    "unit": MC_INDICATORS[name] or setup.money_unit,
                    "edition": setup.money_edition,
                    "is_projection": True,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[[*SCENARIO_INDEX, "value", "unit", "edition", "is_projection"]]
