"""The observed starting point of a projection: each ally's share of GDP in the base year and its GDP.

Two inputs, each from one NATO edition, kept apart and named in every output:

* **shares** — each ally's share of GDP (``defence_share_gdp_pct``) in the base year of the
  scenario's edition: one year for every ally (:mod:`nato3.projection.resolve` refuses a year in
  which an ally NATO reports on has none), never a mix of years, never filled in from another
  edition. An ally without figures in any edition (Iceland) is not projected.
* **GDP** — NATO's constant-price GDP (``gdp_musd_const``) from the newest edition that publishes
  it (the 2025 edition has shares only, so this is the 2024 edition, at 2015 prices). It gives
  the money scale (spending and the gap in constant US$) and the default growth rates.

Projected spending is a share from the first input applied to GDP projected from the second: a
projection, not a NATO figure, and outputs say so (``edition`` column, method note). A share of
real GDP is close to independent of the price base, which is why the two can be combined for a
projection at all; for the same reason a published share is never recomputed from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nato3.errors import Nato3Error
from nato3.projection.scenario import MeanWindow
from nato3.store.cache import data_cache

if TYPE_CHECKING:
    from nato3.projection.resolve import Resolved
    from nato3.standing.editions import Edition


@dataclass(frozen=True, eq=False)
class BaseData:
    """Observed inputs for one (share edition, GDP edition, base year); arrays are per ally."""

    iso3: tuple[str, ...]
    names: tuple[str, ...]
    edition: Edition
    gdp_edition: Edition
    base_year: int
    share: np.ndarray  # share of GDP in the base year, NaN when none
    share_year: np.ndarray  # its year (the base year), 0 when none
    share_is_estimate: np.ndarray
    gdp_years: np.ndarray  # years with GDP in the GDP edition, up to the anchor year
    gdp: np.ndarray  # (allies, gdp_years), million US$ at the GDP edition's prices
    anchor_year: int  # newest GDP year at or before the base year, the start of projected GDP

    @property
    def has_share(self) -> np.ndarray:
        return ~np.isnan(self.share)

    def gdp_at(self, year: int) -> np.ndarray:
        return self.gdp[:, int(np.searchsorted(self.gdp_years, year))]

    def index(self, iso3: str) -> int:
        return self.iso3.index(iso3)


@data_cache(maxsize=16)
def load_base(edition: str, gdp_edition: str, base_year: int) -> BaseData:
    """Shares in ``base_year`` (``edition``) and GDP (``gdp_edition``) of every ally up to it.

    Raises:
        Nato3Error: an ally has no GDP in ``gdp_edition`` in the anchor year.
    """
    from nato3.alliance.membership import allies
    from nato3.standing.editions import get_edition
    from nato3.store.database import query

    known = allies()
    codes = tuple(known)
    shares = query(
        "SELECT iso3, year, defence_share_gdp_pct AS share, is_estimate FROM nato_series "
        "WHERE edition = ? AND year = ? AND defence_share_gdp_pct IS NOT NULL",
        [edition, base_year],
    )
    start = shares.set_index("iso3").reindex(list(codes))
    gdp = query(
        "SELECT iso3, year, gdp_musd_const AS gdp FROM nato_series "
        "WHERE edition = ? AND year <= ? AND gdp_musd_const IS NOT NULL",
        [gdp_edition, base_year],
    )
    wide = gdp.pivot(index="iso3", columns="year", values="gdp").reindex(list(codes))
    complete = [int(y) for y in wide.columns if wide[y].notna().all()]
    if not complete:
        missing = wide.index[wide.isna().all(axis=1)].tolist()
        raise Nato3Error(f"the {gdp_edition} edition has no GDP up to {base_year} for {', '.join(missing)}")
    anchor = max(complete)
    wide = wide[[y for y in wide.columns if y <= anchor]]
    return BaseData(
        iso3=codes,
        names=tuple(known.values()),
        edition=get_edition(edition),
        gdp_edition=get_edition(gdp_edition),
        base_year=base_year,
        share=start["share"].to_numpy(dtype=float),
        share_year=start["year"].fillna(0).to_numpy(dtype=int),
        share_is_estimate=start["is_estimate"].fillna(False).to_numpy(dtype=bool),
        gdp_years=np.array([int(y) for y in wide.columns]),
        gdp=wide.to_numpy(dtype=float),
        anchor_year=anchor,
    )


def base_for(resolved: Resolved) -> BaseData:
    return load_base(resolved.edition, resolved.gdp_edition, resolved.base_year)


def mean_growth(base: BaseData, i: int, start: int | None = None, stop: int | None = None) -> float:
    """Mean (compound annual) real GDP growth of ally ``i`` in % a year from ``start`` to ``stop``
    (default: the first and the anchor year): (GDP_stop / GDP_start) ** (1 / years) - 1.

    Raises:
        Nato3Error: ``stop`` is not after ``start`` (one year of GDP has no growth).
    """
    years = base.gdp_years
    start = int(years[0]) if start is None else start
    stop = int(years[-1]) if stop is None else stop
    if stop <= start:
        raise Nato3Error(
            f"mean GDP growth needs two years of GDP; the {base.gdp_edition.label} edition has {start}–{stop} "
            f"up to the base year {base.base_year}"
        )
    first, last = base.gdp[i, np.searchsorted(years, start)], base.gdp[i, np.searchsorted(years, stop)]
    return 100.0 * ((last / first) ** (1.0 / (stop - start)) - 1.0)


def growth_rates(resolved: Resolved, base: BaseData) -> tuple[np.ndarray, list[str]]:
    """Each ally's deterministic real GDP growth (% a year) and how it was set."""
    rates, notes = np.empty(len(base.iso3)), []
    source = f"NATO {base.gdp_edition.label} edition constant-price GDP"
    for i, iso3 in enumerate(base.iso3):
        key, value = resolved.growth[iso3]
        where = f" (scenario key {key!r})" if key else ""
        if isinstance(value, float):
            rates[i] = value
            notes.append(f"{value:g} % a year, set in the scenario{where}")
            continue
        window = value if isinstance(value, MeanWindow) else MeanWindow()
        start = window.mean_from or int(base.gdp_years[0])
        stop = window.mean_to or int(base.gdp_years[-1])
        rates[i] = mean_growth(base, i, start, stop)
        notes.append(f"mean compound growth {start}–{stop} of {source}{where}")
    return rates, notes
