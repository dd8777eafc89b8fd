"""NATO's aggregates and the built-in groups of a projected path, in NumPy.

The same figures as :func:`nato3.alliance.aggregates.aggregate` (the function that reproduces
NATO's published aggregates) applied to the projected ally rows, bit for bit, without a pandas
groupby per group: each group's years are summed ally by ally in the allies' order with the
compensated (Kahan) sum pandas' groupby uses, a member counts from its accession year, a sum of
no values is missing, and a year in which a member that reports a figure in other years has none
is missing too. The projected rows carry only constant-price spending and GDP, so the columns
the projection leaves empty (current prices, personnel, population and what derives from them)
are missing here as they are there. A test checks every group against that function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from nato3.projection.engine import Setup

SHARE, GDP, SPENDING, GAP = "defence_share_gdp_pct", "gdp_musd_const", "defence_exp_musd_const", "gap_musd"
DERIVED_EMPTY = ("gdp_per_capita_kusd_const", "defence_exp_per_capita_usd_const")


def groups(setup: Setup) -> dict[str, tuple[str, list[str]]]:
    """Code → (name, members) of NATO's two aggregates and every built-in group, in output order."""
    from nato3.alliance.aggregates import AGGREGATES
    from nato3.alliance.groups import builtin_groups
    from nato3.longformat import GROUP_PREFIX

    iso3 = list(setup.base.iso3)
    out = {
        "NATO_EUR_CAN": (AGGREGATES["NATO_EUR_CAN"], [c for c in iso3 if c != "USA"]),
        "NATO_TOTAL": (AGGREGATES["NATO_TOTAL"], iso3),
    }
    out |= {f"{GROUP_PREFIX}{g.group_id}": (g.name, list(g.members)) for g in builtin_groups().values()}
    return out


def aggregate_frame(setup: Setup, allies: pd.DataFrame) -> pd.DataFrame:
    """One row per group and year in which it has members: the columns of
    :func:`~nato3.alliance.aggregates.aggregate`, then ``iso3``, ``name``, whether a member's
    share or GDP is projected that year, the gap to the target and ``share_observed`` (False).

    ``allies`` is :func:`~nato3.projection.engine.ally_frame`'s: every ally of ``setup`` in order,
    each with every projected year.
    """
    import pandas as pd

    from nato3.alliance.membership import accession_year

    iso3, years = list(setup.base.iso3), np.asarray(setup.compiled.years)
    A, T = len(iso3), len(years)

    def by_ally(column: str, dtype) -> np.ndarray:
        return allies[column].to_numpy(dtype=dtype).reshape(A, T)

    spend, gdp = by_ally(SPENDING, float), by_ally(GDP, float)
    share_projected, gdp_projected = by_ally("share_projected", bool), by_ally("gdp_projected", bool)
    member = years[None, :] >= np.array([accession_year(c) for c in iso3])[:, None]
    columns: dict[str, list] = {}
    for code, (name, members) in groups(setup).items():
        counted = member & np.isin(iso3, members)[:, None]
        present = counted.any(axis=0)
        part = _group(years, spend, gdp, counted)
        part |= {
            "iso3": [code] * int(present.sum()),
            "name": [name] * int(present.sum()),
            "share_projected": (share_projected & counted).any(axis=0),
            "gdp_projected": (gdp_projected & counted).any(axis=0),
        }
        part["projected"] = part["share_projected"] | part["gdp_projected"]
        for key, values in part.items():
            columns.setdefault(key, []).append(np.asarray(values)[present] if key not in ("iso3", "name") else values)
    out = pd.DataFrame({key: np.concatenate(parts) for key, parts in columns.items()})
    out[GAP] = (setup.resolved.target_pct - out[SHARE]) * out[GDP] / 100.0
    out["share_observed"] = False
    return out


def _group(years: np.ndarray, spend: np.ndarray, gdp: np.ndarray, counted: np.ndarray) -> dict[str, np.ndarray]:
    """The columns of one group for every year (rows of years without members are dropped later)."""
    T = len(years)
    missing = np.full(T, np.nan)
    spend_total, with_spending = _total(spend, counted)
    gdp_total, _ = _total(gdp, counted)
    previous = np.concatenate([[np.nan], spend_total[:-1]])
    consecutive = np.concatenate([[False], np.diff(years) == 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100 * spend_total / gdp_total
        real_change = np.where(consecutive, 100 * (spend_total / previous - 1), np.nan)
    out: dict[str, np.ndarray] = {"year": years}
    out |= {
        "defence_exp_musd_current": missing,
        SPENDING: spend_total,
        "gdp_musd_current": missing,
        GDP: gdp_total,
        "military_personnel_thousands": missing,
        "population_thousands": missing,
        "is_estimate": np.zeros(T, dtype=bool),
        "n_members": counted.sum(axis=0).astype(np.int64),
        "n_with_spending": with_spending.astype(np.int64),
        SHARE: share,
        "defence_exp_real_change_pct": real_change,
    }
    return out | dict.fromkeys(DERIVED_EMPTY, missing)


def _total(values: np.ndarray, counted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per year, the compensated sum of the counted values ally by ally (NaN skipped; missing when
    there are none, or when an ally that reports a positive figure in a counted year has none in
    another counted year), and how many values were summed."""
    T = values.shape[1]
    total, compensation = np.zeros(T), np.zeros(T)
    seen = np.zeros(T, dtype=np.intp)
    gaps = np.zeros(T, dtype=bool)
    with np.errstate(invalid="ignore"):
        for row, rows_counted in zip(values, counted, strict=True):
            summed = rows_counted & ~np.isnan(row)
            y = row - compensation
            t = total + y
            c = (t - total) - y
            c[np.isnan(c)] = 0.0  # an infinite value: keep the infinity, as pandas does
            compensation = np.where(summed, c, compensation)
            total = np.where(summed, t, total)
            seen += summed
            if (row[rows_counted] > 0).any():
                gaps |= rows_counted & np.isnan(row)
    return np.where((seen > 0) & ~gaps, total, np.nan), seen
