"""The fixed long-format keys every analysis returns.

Everything nato3 computes can be stacked into one table keyed by a named index, so results of
different analyses, sources and scenarios concatenate and compare without reshaping:

* observed analyses (burden sharing, ledger): ``source × iso3 × indicator × year``;
* projections (paths to 2035, drawdowns):     ``scenario × iso3 × indicator × year``;
* backtests (hindcast scores):                ``source × edition × method × iso3 × indicator × horizon``.

``iso3`` holds an ally's code, NATO's aggregate codes (``NATO_TOTAL``, ``NATO_EUR_CAN``) or a
group id prefixed with ``group:`` (``group:eu``). Each frame also carries ``value`` and ``unit``
and may carry ``edition`` and ``is_estimate``/``is_projection`` flags.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

OBSERVED_INDEX = ["source", "iso3", "indicator", "year"]
SCENARIO_INDEX = ["scenario", "iso3", "indicator", "year"]
BACKTEST_INDEX = ["source", "edition", "method", "iso3", "indicator", "horizon"]
VALUE_COLUMNS = ["value", "unit"]
GROUP_PREFIX = "group:"


def to_long(
    wide: pd.DataFrame,
    key: Mapping[str, str],
    indicators: Mapping[str, str],
    index: Iterable[str] = OBSERVED_INDEX,
    extra: Iterable[str] = (),
) -> pd.DataFrame:
    """Stack ``wide`` (one row per iso3 × year, one column per indicator) into the long format.

    Args:
        wide: must have ``iso3`` and ``year`` columns.
        key: constant key columns, e.g. ``{"source": "nato"}`` or ``{"scenario": "hague-linear"}``.
        indicators: column name → unit, for the columns to stack (their names become ``indicator``).
        index: the long-format key to produce (OBSERVED_INDEX or SCENARIO_INDEX).
        extra: other columns of ``wide`` to carry along (e.g. ``edition``, ``is_estimate``).

    Raises:
        KeyError: a named column is missing from ``wide``.
    """
    import pandas as pd

    extra = list(extra)
    missing = [c for c in ["iso3", "year", *indicators, *extra] if c not in wide.columns]
    if missing:
        raise KeyError(f"columns missing from the wide frame: {missing}")
    long = wide.melt(id_vars=["iso3", "year", *extra], value_vars=list(indicators), var_name="indicator")
    long["unit"] = long["indicator"].map(dict(indicators))
    for column, value in key.items():
        long[column] = value
    index = list(index)
    ordered = index + VALUE_COLUMNS + [c for c in extra if c not in index]
    out = long[ordered].sort_values(index, kind="stable").reset_index(drop=True)
    out["year"] = out["year"].astype(int)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    return out
