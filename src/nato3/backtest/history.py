"""The observed series a backtest forecasts from and scores against, one edition at a time.

A hindcast from an origin uses one edition's series and is compared with outcomes from that same
edition: SIPRI's bundled edition (share of GDP 1949–2024, SIPRI's definition), or one NATO
edition (NATO's definition, 2014 onwards). Editions and definitions are never spliced. The
outcomes are the edition's own later years, so this is a pseudo-out-of-sample test: the history
a forecast starts from is the edition's revised history, not the figures known at the time.

Per ally and year each series holds the share of GDP, real (constant-price) spending and real
GDP. NATO publishes constant-price GDP and spending (the 2025 edition: shares only). SIPRI
publishes no GDP: it is taken as SIPRI's constant-US$ spending divided by its share, i.e. GDP in
local currency deflated by SIPRI's consumer-price deflator at 2023 exchange rates, SIPRI's own
figures throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from nato3.errors import Nato3Error
from nato3.store.cache import data_cache

SOURCES = ("sipri", "nato")
SIPRI_TABLE = "sipri_milex"


@dataclass(frozen=True, eq=False)
class History:
    """One edition's series: arrays are ``(allies, years)`` over consecutive ``years``, NaN where
    the edition has no figure."""

    source: str  # "sipri" or "nato"
    edition: str
    label: str  # e.g. "SIPRI 2025 edition"
    tables: tuple[str, ...]  # the database tables behind it (for provenance)
    iso3: tuple[str, ...]
    years: np.ndarray
    share: np.ndarray  # % of GDP
    spending: np.ndarray | None  # constant prices; None when the edition has none
    gdp: np.ndarray | None  # constant prices; None when the edition has none
    gdp_note: str

    @property
    def first_year(self) -> int:
        return int(self.years[0])

    @property
    def last_year(self) -> int:
        return int(self.years[-1])

    def column(self, year: int) -> int:
        return int(year) - self.first_year

    def until(self, year: int) -> History:
        """The series up to ``year``: all a forecast from origin ``year`` may see."""
        stop = self.column(year) + 1

        def cut(a):
            return None if a is None else a[:, :stop].copy()

        return replace(
            self, years=self.years[:stop].copy(), share=cut(self.share), spending=cut(self.spending), gdp=cut(self.gdp)
        )


def _wide(df, column: str, codes: list[str], years: np.ndarray) -> np.ndarray:
    pivot = df.pivot(index="iso3", columns="year", values=column).reindex(index=codes, columns=years)
    return pivot.to_numpy(dtype=float)


@data_cache(maxsize=1)
def sipri_history() -> History:
    """SIPRI's bundled edition: share of GDP, constant 2023 US$ spending and the GDP they imply."""
    from nato3.store.database import query

    df = query(
        f"SELECT iso3, year, milex_share_gdp_pct AS share, milex_musd_const2023 AS spending FROM {SIPRI_TABLE} "
        "WHERE milex_share_gdp_pct > 0 ORDER BY iso3, year"
    )
    edition = query("SELECT edition FROM _resources WHERE name = ?", [SIPRI_TABLE])["edition"].iloc[0]
    codes = sorted(df["iso3"].unique())
    years = np.arange(int(df["year"].min()), int(df["year"].max()) + 1)
    share = _wide(df, "share", codes, years)
    spending = _wide(df, "spending", codes, years)
    return History(
        source="sipri",
        edition=str(edition),
        label=f"SIPRI {edition} edition",
        tables=(SIPRI_TABLE,),
        iso3=tuple(codes),
        years=years,
        share=share,
        spending=spending,
        gdp=spending / share * 100.0,
        gdp_note="GDP implied by SIPRI's own figures (constant-US$ spending ÷ share of GDP)",
    )


@data_cache(maxsize=8)
def nato_history(edition: str) -> History:
    """One NATO edition: share of GDP and, where the edition has them, constant-price spending and GDP.

    Raises:
        Nato3Error: unknown edition.
    """
    from nato3.standing.editions import get_edition
    from nato3.store.database import query

    e = get_edition(edition)
    df = query(
        "SELECT iso3, year, defence_share_gdp_pct AS share, defence_exp_musd_const AS spending, "
        "gdp_musd_const AS gdp FROM nato_series WHERE edition = ? AND iso3 NOT LIKE 'NATO\\_%' ESCAPE '\\' "
        "AND defence_share_gdp_pct > 0 ORDER BY iso3, year",
        [e.label],
    )
    codes = sorted(df["iso3"].unique())
    years = np.arange(int(df["year"].min()), int(df["year"].max()) + 1)
    has_money = df["spending"].notna().any() and df["gdp"].notna().any()
    return History(
        source="nato",
        edition=e.label,
        label=f"NATO {e.label} edition",
        tables=(e.dataset,),
        iso3=tuple(codes),
        years=years,
        share=_wide(df, "share", codes, years),
        spending=_wide(df, "spending", codes, years) if has_money else None,
        gdp=_wide(df, "gdp", codes, years) if has_money else None,
        gdp_note=f"NATO {e.label} edition constant-price GDP"
        if has_money
        else f"the NATO {e.label} edition has no GDP",
    )


def nato_editions() -> list[str]:
    """Labels of the NATO editions with shares of GDP, newest first."""
    from nato3.standing.editions import editions

    return [e.label for e in editions() if "defence_share_gdp_pct" in e.figures]


def histories(source: str) -> list[History]:
    """The series a backtest of ``source`` runs on: SIPRI's edition, or every NATO edition apart.

    Raises:
        Nato3Error: unknown source.
    """
    if source == "sipri":
        return [sipri_history()]
    if source == "nato":
        return [nato_history(label) for label in nato_editions()]
    raise Nato3Error(f"source {source!r} is unknown; allowed: {', '.join(SOURCES)}", parameter="source")
