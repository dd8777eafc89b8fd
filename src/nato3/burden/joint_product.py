"""The joint-product diagnostic: do allies pay in line with what they get from the alliance?

In the joint-product model (Sandler and Forbes 1980, "Burden sharing, strategy, and the design of
NATO", Economic Inquiry 18(3)) defence yields private benefits to the ally besides the public
deterrent, so allies pay roughly in proportion to their benefits and burden shares track benefit
shares. In the pure public-good model a few large allies pay well above their benefit share and
most pay below it.

Per year, each ally's share of alliance spending is paired with a benefit proxy (its share of
alliance GDP, its share of alliance population) and the pairs go to a Wilcoxon signed-rank test.
Both shares sum to 100 %, so the mean difference is about zero by construction; the test asks
whether the differences are symmetric around zero. A small p-value with a negative median
difference is the public-good pattern (most allies below their benefit share, a few far above);
no significant difference is consistent with joint products.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from nato3.burden import ranktests
from nato3.burden.choices import Source
from nato3.longformat import to_long

PROXIES = {"gdp": "gdp_share_pct", "population": "population_share_pct"}
STATISTICS = ["wilcoxon_w", "wilcoxon_p", "median_difference_pp", "n_above", "n"]
INTERPRETATION = (
    "Joint-product diagnostic (Sandler and Forbes 1980): Wilcoxon signed-rank test of each ally's spending "
    "share against its benefit share. A small p with a negative median difference is the public-good pattern "
    "(most allies pay less than their benefit share, a few far more); no significant difference fits joint "
    "products."
)


def signed_rank(spending_share, benefit_share) -> dict[str, float]:
    """Paired Wilcoxon signed-rank test of spending shares against benefit shares.

    Returns the statistic W, its two-sided p-value, the median of (spending − benefit) in
    percentage points, how many allies pay above their benefit share, and n (pairs with both
    values). Fewer than three pairs, or no non-zero difference, give missing statistics.
    """
    x, y = np.asarray(spending_share, dtype=float), np.asarray(benefit_share, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    diff = x[keep] - y[keep]
    out = {
        "wilcoxon_w": np.nan,
        "wilcoxon_p": np.nan,
        "median_difference_pp": float(np.median(diff)) if len(diff) else np.nan,
        "n_above": int((diff > 0).sum()),
        "n": int(len(diff)),
    }
    if len(diff) < 3 or not np.any(diff != 0):
        return out
    exact = ranktests.signed_rank_exact(diff)
    if exact is None:  # zeros or tied differences: scipy's permutation or normal method
        from scipy import stats

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = stats.wilcoxon(x[keep], y[keep])
        exact = float(result.statistic), float(result.pvalue)
    out.update(wilcoxon_w=exact[0], wilcoxon_p=exact[1])
    return out


def joint_product(allies: pd.DataFrame) -> pd.DataFrame:
    """The diagnostic for every year of ``allies`` (from :func:`nato3.burden.metrics.ally_metrics`).

    One row per year × proxy (``gdp``, ``population``) with :data:`STATISTICS`. Population
    shares need population figures (SIPRI source: World Bank, from 1960), so earlier years have
    n = 0 for that proxy.
    """
    from nato3.burden.years import by_year

    rows = []
    for one in by_year(allies, ["spending_share_pct", *PROXIES.values()]):
        for proxy, column in PROXIES.items():
            result = signed_rank(one.columns["spending_share_pct"], one.columns[column])
            rows.append({"year": one.year, "edition": one.edition, "proxy": proxy, **result})
    return pd.DataFrame(rows)


def to_long_format(results: pd.DataFrame, source: Source | str) -> pd.DataFrame:
    """The results in the observed long format: ``iso3`` ``NATO_TOTAL``, indicator ``jp_<proxy>_<statistic>``."""
    wide = results.pivot_table(index=["year", "edition"], columns="proxy", values=STATISTICS, dropna=False)
    wide.columns = [f"jp_{proxy}_{stat}" for stat, proxy in wide.columns]
    wide = wide.reset_index().assign(iso3="NATO_TOTAL")
    unit = {"wilcoxon_w": "statistic", "wilcoxon_p": "p-value", "median_difference_pp": "percentage points"}
    indicators = {c: next((u for s, u in unit.items() if c.endswith(s)), "allies") for c in wide if c.startswith("jp_")}
    return to_long(wide, {"source": Source(source).value}, indicators, extra=["edition"])
