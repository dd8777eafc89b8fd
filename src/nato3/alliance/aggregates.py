"""Alliance and group aggregates computed from country rows, the way NATO computes its own.

NATO's "NATO Europe and Canada" and "NATO Total" rows are not naive sums:

* each ally counts only from its accession year (Montenegro 2017, North Macedonia 2020,
  Finland 2023, Sweden 2024);
* GDP and population include allies without defence figures (Iceland), so the share of GDP is
  total spending over the GDP of *all* members;
* the real change compares this year's members with last year's members (accession included).

Following these rules reproduces NATO's published aggregates of the 2024 edition to within
floating-point error (see ``tests/test_aggregates.py``). A member that never reports a column
(Iceland's defence figures) is left out of that column's sum, as NATO does; a member that reports
it in other years but not this one makes the year's total unknown, never a partial sum; a sum with
no values at all is missing, never zero.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from nato3.alliance.membership import MEMBER_IN_YEAR
from nato3.store.cache import data_cache
from nato3.store.database import query

AGGREGATES = {"NATO_EUR_CAN": "NATO Europe and Canada", "NATO_TOTAL": "NATO Total"}
ADDITIVE = [
    "defence_exp_musd_current",
    "defence_exp_musd_const",
    "gdp_musd_current",
    "gdp_musd_const",
    "military_personnel_thousands",
]
METHOD_COMPUTED = "computed from country rows (NATO membership and aggregation rules)"
METHOD_PUBLISHED = "published by NATO"


def member_rows(edition: str) -> pd.DataFrame:
    """Country rows of one edition, only for years in which the country was an ally."""
    return query(
        f"SELECT s.*, c.region FROM nato_series s JOIN countries c ON c.iso3 = s.iso3 "
        f"WHERE s.edition = ? AND {MEMBER_IN_YEAR} ORDER BY s.year, s.iso3",
        [edition],
    )


def aggregate(rows: pd.DataFrame, members: Iterable[str] | None = None) -> pd.DataFrame:
    """Aggregate member rows by year (optionally only ``members``), NATO-style.

    Returns one row per year with the additive columns, population (thousands, derived from GDP
    ÷ GDP per capita), the share of GDP, the real change, per-capita figures, whether any
    member's figure is an estimate, and how many members were counted.
    """
    if members is not None:
        rows = rows[rows["iso3"].isin(set(members))]
    rows = rows.assign(population_thousands=rows["gdp_musd_const"] / rows["gdp_per_capita_kusd_const"])
    by_year = rows.groupby("year", sort=True)
    out = pd.DataFrame({col: _total(rows, by_year, col) for col in ADDITIVE + ["population_thousands"]})
    out["is_estimate"] = by_year["is_estimate"].any()
    out["n_members"] = by_year["iso3"].nunique()
    out["n_with_spending"] = by_year["defence_exp_musd_const"].count()
    out["defence_share_gdp_pct"] = 100 * out["defence_exp_musd_const"] / out["gdp_musd_const"]
    previous = out["defence_exp_musd_const"].shift(1)
    consecutive = pd.Series(out.index, index=out.index).diff() == 1
    out["defence_exp_real_change_pct"] = (100 * (out["defence_exp_musd_const"] / previous - 1)).where(consecutive)
    out["gdp_per_capita_kusd_const"] = out["gdp_musd_const"] / out["population_thousands"]
    out["defence_exp_per_capita_usd_const"] = 1000 * out["defence_exp_musd_const"] / out["population_thousands"]
    return out.reset_index()


def _total(rows: pd.DataFrame, by_year, column: str) -> pd.Series:
    """Yearly sum of ``column``; unknown in a year where a member that reports a positive figure
    in other years has no value (a gap in the data, not a member without forces: Iceland's
    defence figures are absent in NATO's tables and zero in SIPRI's)."""
    total = by_year[column].sum(min_count=1)
    reporters = set(rows.loc[rows[column] > 0, "iso3"])
    gaps = rows.loc[rows["iso3"].isin(reporters) & rows[column].isna(), "year"].unique()
    return total.where(~total.index.isin(gaps))


def nato_aggregates(edition: str) -> pd.DataFrame:
    """NATO_EUR_CAN and NATO_TOTAL for every year of ``edition``, computed from country rows.

    Editions that carry only shares of GDP (no money columns) cannot be aggregated; for those
    the rows NATO published are returned instead. The ``aggregate_method`` column says which.
    Computed once per edition and data generation; callers get a copy.
    """
    return _nato_aggregates(str(edition)).copy()


@data_cache(maxsize=16)
def _nato_aggregates(edition: str) -> pd.DataFrame:
    rows = member_rows(edition)
    if rows["defence_exp_musd_const"].notna().any():
        frames = []
        for code, name in AGGREGATES.items():
            members = None if code == "NATO_TOTAL" else rows.loc[rows["iso3"] != "USA", "iso3"].unique()
            agg = aggregate(rows, members)
            agg.insert(0, "iso3", code)
            agg.insert(1, "country", name)
            frames.append(agg)
        result = pd.concat(frames, ignore_index=True)
        result["aggregate_method"] = METHOD_COMPUTED
    else:
        result = published_aggregates(edition)
        result["aggregate_method"] = METHOD_PUBLISHED
    result.insert(0, "edition", edition)
    return result


def published_aggregates(edition: str) -> pd.DataFrame:
    """The aggregate rows exactly as NATO published them in ``edition``."""
    df = query(
        "SELECT s.*, c.name AS country FROM nato_series s JOIN countries c ON c.iso3 = s.iso3 "
        "WHERE s.edition = ? AND c.kind = 'aggregate' ORDER BY s.iso3 DESC, s.year",
        [edition],
    )
    return df.drop(columns=["edition"])
