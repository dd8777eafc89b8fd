"""The allies of each year as NumPy arrays: the per-year tests (Olson–Zeckhauser, joint products)
run a few hundred small rank tests, and selecting each year's rows from a DataFrame cost more than
the tests themselves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Year:
    """One year's allies: its year, the edition of its first row, and the asked-for columns."""

    year: int
    edition: object
    columns: dict[str, np.ndarray]


def by_year(allies: pd.DataFrame, columns: list[str]) -> Iterator[Year]:
    """Each year of ``allies`` in ascending order, its rows in their order in ``allies`` (as
    ``allies.groupby("year", sort=True)`` gives them); numeric ``columns`` as floats, others as objects."""
    if allies.empty:
        return
    years = allies["year"].to_numpy()
    order = np.argsort(years, kind="stable")
    ordered = years[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    editions = allies["edition"].to_numpy(dtype=object)[order]
    arrays = {
        name: (
            allies[name].to_numpy(dtype=float, na_value=np.nan)
            if pd.api.types.is_numeric_dtype(allies[name])
            else allies[name].to_numpy(dtype=object)
        )[order]
        for name in columns
    }
    for start, end in zip(starts, ends, strict=True):
        yield Year(int(ordered[start]), editions[start], {name: a[start:end] for name, a in arrays.items()})
