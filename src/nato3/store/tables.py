"""Read any stored table or view with filters: the one reader behind ``nato3.load``, ``nato3 data
show|export``, the ``table`` document and the API.

Filters are any column name for equality (a list or tuple means "any of"), ``country`` as an
alias of ``iso3``, and ``from_year`` / ``to_year`` for a year range. Values reach SQL only as
``?`` parameters; names are checked against the table's own columns first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nato3.errors import Nato3Error
from nato3.store.database import query

if TYPE_CHECKING:
    import pandas as pd

# The harmonised series every analysis reads, derived from the stored tables (``_resources``) at build.
VIEWS = ("country_groups", "nato_series", "sipri_series")
RANGE_FILTERS = {"from_year": ">=", "to_year": "<="}
ALIASES = {"country": "iso3"}


def names() -> list[str]:
    """Names of the stored tables, then the views, that :func:`read` accepts."""
    stored = query("SELECT name FROM _resources ORDER BY name")["name"].tolist()
    return stored + list(VIEWS)


def columns(table: str) -> list[str]:
    """The columns of ``table`` (checked first).

    Raises:
        Nato3Error: unknown table (parameter ``name``).
    """
    check(table)
    return query(f'SELECT * FROM "{table}" LIMIT 0').columns.tolist()


def check(table: str) -> str:
    known = names()
    if table not in known:
        raise Nato3Error(f"unknown table {table!r}; available: {', '.join(known)}", parameter="name")
    return table


def read(table: str, **filters: Any) -> pd.DataFrame:
    """The rows of ``table`` that pass ``filters``, in stored order (None filters are ignored).

    Raises:
        Nato3Error: unknown table (``name``) or filter column (naming the filter), a year range on
            a table without years, an inverted range (``from_year``).
    """
    have = columns(table)
    where, params = [], []
    low, high = filters.get("from_year"), filters.get("to_year")
    if low is not None and high is not None and int(low) > int(high):
        raise Nato3Error(f"from_year {low} is after to_year {high}; allowed: from_year <= to_year", "from_year")
    for key, value in filters.items():
        if value is None:
            continue
        column = ALIASES.get(key, key)
        if key in RANGE_FILTERS:
            if "year" not in have:
                raise Nato3Error(f"table {table!r} has no year column, so {key} does not apply", parameter=key)
            where.append(f'"year" {RANGE_FILTERS[key]} ?')
            params.append(int(value))
        elif column in have:
            values = list(value) if isinstance(value, (list, tuple, set)) else [value]
            where.append(f'"{column}" IN ({", ".join("?" * len(values))})')
            params.extend(values)
        else:
            allowed = ", ".join([*have, *ALIASES, *RANGE_FILTERS])
            raise Nato3Error(f"table {table!r} has no column {key!r}; filters allowed: {allowed}", parameter=key)
    sql = f'SELECT * FROM "{table}"' + (f" WHERE {' AND '.join(where)}" if where else "")
    return query(sql, params)


def check_years(table: str, rows: pd.DataFrame, **filters: Any) -> None:
    """When ``rows`` (read with ``filters``) is empty because of the year range, say which bound
    lies outside the table's years (those of the other filters), naming ``from_year`` or ``to_year``.

    Raises:
        Nato3Error: ``from_year 3000 is outside the years of nato_series; allowed: 2014–2026``.
    """
    bounds = {k: filters.get(k) for k in RANGE_FILTERS}
    if not rows.empty or all(v is None for v in bounds.values()):
        return
    others = {k: v for k, v in filters.items() if k not in RANGE_FILTERS}
    years = sorted({int(y) for y in read(table, **others)["year"].dropna()})
    if not years:
        return
    for key, value in bounds.items():
        if value is not None and not years[0] <= int(value) <= years[-1]:
            raise Nato3Error(
                f"{key} {value} is outside the years of {table}; allowed: {years[0]}–{years[-1]}", parameter=key
            )
