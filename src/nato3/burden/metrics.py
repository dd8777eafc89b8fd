"""Who pays: each ally's share of the alliance's spending, GDP, population and personnel.

For every ally and year (members only, from their accession year):

* ``spending_share_pct``: the ally's defence spending ÷ the alliance's, in %;
* ``gdp_share_pct``: its GDP ÷ the alliance's GDP (with NATO's data Iceland's GDP counts, as in
  NATO's totals; SIPRI's GDP is derived from spending, so Iceland, with none, adds no GDP there);
* ``fair_share_index``: spending share ÷ GDP share. At constant prices this equals the ally's
  burden (spending ÷ GDP) ÷ the alliance's average burden: above 1 pays more than its economic
  weight, below 1 less;
* ``per_capita_usd``: spending per inhabitant, in US$ of the chosen prices;
* ``personnel_share_pct``: share of the alliance's military personnel (NATO only);
* ``population_share_pct``: share of the alliance's population (a benefit proxy);
* ``burden_pct``: spending as a share of GDP, as the source publishes it;
* ``real_change_pct``: real change of spending on the year before.

Alliance totals follow NATO's rules (:func:`nato3.alliance.aggregates.aggregate`, see
:func:`totals`): an ally counts from its accession year, and a total is unknown, never a partial
sum, when an ally lacks the figure (Iceland, without armed forces, excepted: its GDP counts, as in
NATO's totals). Each column of shares therefore sums to 100 % whenever its total is known.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nato3.alliance.aggregates import ADDITIVE, aggregate
from nato3.burden.choices import Prices, Source

INDICATORS = [
    "spending_share_pct",
    "gdp_share_pct",
    "fair_share_index",
    "per_capita_usd",
    "personnel_share_pct",
    "population_share_pct",
    "burden_pct",
    "real_change_pct",
    "spending_musd",
    "gdp_musd",
]
ALLIANCE = "NATO_TOTAL"


def money_columns(prices: Prices | str) -> tuple[str, str]:
    """The (spending, GDP) columns of the shared shape for ``prices``."""
    suffix = "const" if Prices(prices) is Prices.constant else "current"
    return f"defence_exp_musd_{suffix}", f"gdp_musd_{suffix}"


# Totals that are unknown when an ally counted in them lacks the figure.
COMPLETE = [*ADDITIVE, "population_thousands"]


def totals(rows: pd.DataFrame, members=None) -> pd.DataFrame:
    """Alliance (or group, when ``members`` is given) totals by year, NATO-style.

    Sums of spending, GDP and personnel, the real change and the member count come from
    :func:`~nato3.alliance.aggregates.aggregate`; population is the sum of the rows' own
    population (NATO: derived from GDP ÷ GDP per capita; SIPRI: World Bank).

    A total is missing, never a partial sum, when a member lacks the figure: SIPRI has no share
    of GDP (so no GDP) for the Netherlands before 1956 and Türkiye before 1960, no spending for the
    UK and Canada in 1949.
    Allies without armed forces (``no_forces``: Iceland) are the exception, as in NATO's own
    totals: they add their GDP where known and no spending. Years in which no member of the
    group was an ally are missing too (``n_members`` 0).
    """
    return group_totals(rows, [members])[0]


# group_totals keys each member set's years apart by this much, so one pass aggregates them all.
KEY_STRIDE = 10_000


def group_totals(rows: pd.DataFrame, member_sets: list) -> list[pd.DataFrame]:
    """:func:`totals` of each member set (None: every ally) in one pass, in the order given.

    The rows of each set are stacked with ``year`` shifted by :data:`KEY_STRIDE` times the set's
    position, so the one aggregation by year aggregates each set separately (the shifted years of
    two sets are never consecutive, so no real change spans two sets); the same rows in the same
    order give the same sums as one call per set, about ten times faster for the built-in groups.
    """
    years = pd.Index(sorted(rows["year"].unique()), name="year")
    if len(member_sets) == 1:
        members = member_sets[0]
        stacked = rows if members is None else rows[rows["iso3"].isin(set(members))]
    else:  # one take of every set's rows, in order, rather than a filtered copy per set
        codes = rows["iso3"].tolist()
        taken: list[int] = []
        shift: list[int] = []
        for position, members in enumerate(member_sets):
            wanted = None if members is None else set(members)
            chosen = [i for i, code in enumerate(codes) if wanted is None or code in wanted]
            taken += chosen
            shift += [position * KEY_STRIDE] * len(chosen)
        stacked = rows.take(taken).reset_index(drop=True)
        stacked["year"] = stacked["year"].to_numpy() + np.array(shift, dtype=stacked["year"].dtype)
    keys = pd.Index([y + position * KEY_STRIDE for position in range(len(member_sets)) for y in years], name="year")
    out = _totals(stacked, keys)
    frames = []
    for position in range(len(member_sets)):
        frame = out.iloc[position * len(years) : (position + 1) * len(years)].copy()
        frame.index = years
        frames.append(frame)
    return frames


def _totals(rows: pd.DataFrame, years: pd.Index) -> pd.DataFrame:
    """The body of :func:`totals` for rows whose ``year`` column holds the keys ``years``."""
    if len(rows):
        out = aggregate(rows).set_index("year").reindex(years)
    else:  # no member in any year: every total is missing
        out = pd.DataFrame(float("nan"), index=years, columns=[*ADDITIVE, "defence_exp_real_change_pct"])
        out["is_estimate"] = False
    by_year = rows.groupby("year")
    out["population_thousands"] = by_year["population_thousands"].sum(min_count=1).reindex(years)
    out["n_members"] = by_year["iso3"].nunique().reindex(years).fillna(0).astype(int)
    counted = rows[~rows["no_forces"]]
    lacking = counted[COMPLETE].isna().groupby(counted["year"]).any().reindex(years, fill_value=False)
    out[COMPLETE] = out[COMPLETE].where(~lacking)
    # A real change needs both years' totals, in the same edition (price bases differ).
    spending = out["defence_exp_musd_const"]
    editions = by_year["edition"].first().reindex(years)
    comparable = editions.eq(editions.shift(1)) & pd.Series(years, index=years).diff().eq(1)
    out["defence_exp_real_change_pct"] = out["defence_exp_real_change_pct"].where(
        comparable & spending.notna() & spending.shift(1).notna()
    )
    return out


def missing_figures(rows: pd.DataFrame, year: int) -> dict[str, list[str]]:
    """For each column of :data:`COMPLETE`, the allies (other than those without armed forces)
    that lack the figure in ``year``, as ISO3 codes in row order: why a total is unknown."""
    counted = rows[(rows["year"] == year) & ~rows["no_forces"]]
    return {column: counted.loc[counted[column].isna(), "iso3"].tolist() for column in COMPLETE}


def shares(part: pd.DataFrame, whole: pd.DataFrame, prices: Prices | str) -> pd.DataFrame:
    """The measures of ``part`` (rows or totals, with a ``year`` column) against ``whole`` (totals by year)."""
    spend, gdp = money_columns(prices)
    base = whole.reindex(part["year"].to_numpy())

    def pct(column: str):
        return 100 * part[column].to_numpy() / base[column].to_numpy()

    spending_share, gdp_share = pct(spend), pct(gdp)
    # One frame built at once: adding columns one by one costs more than the arithmetic.
    return pd.DataFrame(
        {
            "spending_share_pct": spending_share,
            "gdp_share_pct": gdp_share,
            "fair_share_index": spending_share / gdp_share,
            # million US$ ÷ thousand people = thousand US$ per person.
            "per_capita_usd": 1000 * part[spend] / part["population_thousands"],
            "personnel_share_pct": pct("military_personnel_thousands"),
            "population_share_pct": pct("population_thousands"),
            "spending_musd": part[spend],
            "gdp_musd": part[gdp],
        },
        index=part.index,
    )


def ally_metrics(
    rows: pd.DataFrame, prices: Prices | str = Prices.constant, whole: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per ally and year with the measures of this module (see its docstring).

    Args:
        rows: from :func:`nato3.burden.rows.ally_rows`.
        prices: ``constant`` (default; the source's price base) or ``current`` US$.
        whole: ``totals(rows)`` when the caller has it already (one computation for every measure).
    """
    whole = totals(rows) if whole is None else whole
    out = rows[["iso3", "country", "year", "edition", "is_estimate"]].copy()
    out = out.join(shares(rows, whole, prices))
    out["burden_pct"] = rows["defence_share_gdp_pct"]
    out["real_change_pct"] = rows["defence_exp_real_change_pct"]
    return out


def alliance_metrics(
    rows: pd.DataFrame, prices: Prices | str = Prices.constant, whole: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The alliance's own totals by year: spending, GDP, burden, real change, members counted
    (``whole``: ``totals(rows)`` when the caller has it already)."""
    spend, gdp = money_columns(prices)
    whole = totals(rows) if whole is None else whole
    out = pd.DataFrame(
        {
            "iso3": ALLIANCE,
            "year": whole.index.astype(int),
            "n_members": whole["n_members"].to_numpy(),
            "spending_musd": whole[spend].to_numpy(),
            "gdp_musd": whole[gdp].to_numpy(),
            "burden_pct": (100 * whole["defence_exp_musd_const"] / whole["gdp_musd_const"]).to_numpy(),
            "real_change_pct": whole["defence_exp_real_change_pct"].to_numpy(),
            "per_capita_usd": (1000 * whole[spend] / whole["population_thousands"]).to_numpy(),
        }
    )
    editions = rows.groupby("year")["edition"].first()
    out["edition"] = out["year"].map(editions)
    return out


def units(source: Source | str, prices: Prices | str, price_base: str) -> dict[str, str]:
    """Indicator → unit, naming the price base of money figures."""
    money = f"US$ ({price_base})" if Prices(prices) is Prices.constant else "US$ (current prices)"
    return {
        "spending_share_pct": "% of alliance spending",
        "gdp_share_pct": "% of alliance GDP",
        "fair_share_index": "ratio (spending share ÷ GDP share)",
        "per_capita_usd": f"{money} per person",
        "personnel_share_pct": "% of alliance military personnel",
        "population_share_pct": "% of alliance population",
        "burden_pct": "% of GDP",
        "real_change_pct": "% on previous year, constant prices",
        "spending_musd": f"million {money}",
        "gdp_musd": f"million {money}",
        "n_members": "allies counted",
    }


def derived_indicators(source: Source | str, kind: str) -> set[str]:
    """Indicators that rest on a derived quantity (see :func:`nato3.burden.rows.derived`).

    ``kind`` is ``"ally"`` or ``"group"`` (groups include the alliance row).
    """
    if Source(source) is Source.sipri:
        return {"gdp_share_pct", "fair_share_index", "per_capita_usd", "gdp_musd", "real_change_pct"} | (
            {"burden_pct"} if kind == "group" else set()
        )
    # NATO: population is derived from GDP ÷ GDP per capita; ally per-capita figures match
    # NATO's published Table 6 (tests check), group ones rest on the derived population.
    return {"population_share_pct"} | ({"per_capita_usd"} if kind == "group" else set())
