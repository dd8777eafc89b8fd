"""The result of a projection: frames for programs, a summary for people, JSON for the CLI/API.

Every figure in a :class:`Projection` is a projection (or, for a base year that NATO published,
the observed starting point) and says so: ``is_projection`` in the long format, ``is_projection``
and ``method`` in JSON, "projection" in table titles and chart captions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from nato3.projection import announced
from nato3.projection.engine import GAP, SHARE, Setup

if TYPE_CHECKING:
    from nato3.projection.montecarlo import Result

METHOD = (
    "Projection, not data. Each ally starts from its latest share of GDP in the named NATO edition and follows "
    "the scenario's policy; GDP grows from NATO's constant-price GDP (the named GDP edition) at the scenario's "
    "rates. Spending = share × projected GDP and gap = (target − share) × projected GDP, in constant US$ of "
    "the GDP edition's price base. Aggregates follow NATO's rules (members from accession; Iceland's GDP "
    "included). Monte Carlo adds correlated GDP growth shocks and budget-execution noise."
)


@dataclass(eq=False)
class Projection:
    setup: Setup
    allies: pd.DataFrame  # one row per ally × year (wide)
    aggregates: pd.DataFrame  # one row per aggregate × year
    long: pd.DataFrame  # scenario × iso3 × indicator × year
    credibility: pd.DataFrame
    montecarlo: Result | None = None
    summary: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        self.summary = self._summary()

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

    def _mc(self, array: np.ndarray, i: int, year_index: int = -1) -> float | None:
        return None if self.montecarlo is None else float(array[i, year_index])

    def _summary(self) -> pd.DataFrame:
        s, base = self.setup, self.setup.base
        share = self.allies.pivot(index="iso3", columns="year", values=SHARE).reindex(list(base.iso3))
        gap = self.allies.pivot(index="iso3", columns="year", values=GAP).reindex(list(base.iso3))
        cred = self.credibility.set_index("iso3")
        rows = []
        for i, iso3 in enumerate(base.iso3):
            has = bool(base.has_share[i])
            row = {
                "iso3": iso3,
                "country": base.names[i],
                "base_share_pct": float(base.share[i]) if has else None,
                "base_share_year": int(base.share_year[i]) if has else None,
                "base_is_estimate": bool(base.share_is_estimate[i]) if has else None,
                "policy": s.compiled.labels[i],
                "gdp_growth_pct": float(s.growth[i]),
                f"share_{self.horizon}_pct": float(share.loc[iso3, self.horizon]) if has else None,
                "year_reaching_target": self._reach_year(share.loc[iso3], base, i) if has else None,
                f"gap_{self.horizon}_musd": float(gap.loc[iso3, self.horizon]) if has else None,
                "credibility": cred.loc[iso3, "category"] if iso3 in cred.index else None,
                "largest_shortfall_pp": cred.loc[iso3, "largest_shortfall_pp"] if iso3 in cred.index else None,
                "shortfall_year": cred.loc[iso3, "shortfall_year"] if iso3 in cred.index else None,
                "fell_back": iso3 in s.compiled.fell_back,
                "announcement": announced.describe_used(s.compiled.announcements[iso3])
                if iso3 in s.compiled.announcements
                else None,
            }
            if self.montecarlo is not None:
                m = self.montecarlo
                row["p_reach_by_horizon"] = self._mc(m.p_reach_by, i) if has else None
                row["p_ever_by_horizon"] = self._mc(m.p_ever_by, i) if has else None
                for q, label in ((0.05, "p05"), (0.5, "p50"), (0.95, "p95")):
                    row[f"share_{label}_{self.horizon}"] = self._mc(m.quantiles[q], i) if has else None
            rows.append(row)
        return pd.DataFrame(rows)

    def _reach_year(self, path: pd.Series, base, i: int) -> int | None:
        if base.share[i] >= self.target_pct:
            return int(base.share_year[i])
        reached = path[path >= self.target_pct]
        return int(reached.index[0]) if len(reached) else None

    def notes(self) -> list[str]:
        s, base = self.setup, self.setup.base
        out = [
            f"Shares: {base.edition.describe()}; each ally's latest figure up to {s.resolved.base_year}.",
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

    def sources(self) -> list[dict[str, Any]]:
        """Provenance of every table the projection used (and of fitted Monte Carlo settings)."""
        fitted = self.montecarlo is not None and bool(self.montecarlo.params.fitted)
        return sources_for(self.setup, fitted)

    def to_json(self) -> dict[str, Any]:
        """The JSON document of ``nato3 project --format json``."""
        from nato3.projection.jsonout import projection_json

        return projection_json(self)


def sources_for(setup: Setup, fitted: bool = False) -> list[dict[str, Any]]:
    """Provenance (producer, title, edition, address, licence) of the tables behind ``setup`` (and,
    with ``fitted``, of the fitted Monte Carlo settings)."""
    from nato3.projection.uncertainty import FITTED_NAME
    from nato3.store.sources import sources

    tables = [setup.base.edition.dataset, setup.base.gdp_edition.dataset, "countries"]
    if fitted:
        tables.append(FITTED_NAME)
    if setup.compiled.announced_rows is not None:
        tables.append("national_defence_plans")
    if isinstance(setup.resolved.scenario.target, str):
        tables.append("pledges")
    return [s.to_dict() for s in sources(*tables)]
