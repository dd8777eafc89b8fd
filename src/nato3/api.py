"""The library's front door: ``load`` a table, get the ``status`` table, list ``sources``.

Every DataFrame returned carries its provenance in ``df.attrs["sources"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nato3.errors import Nato3Error

if TYPE_CHECKING:
    import pandas as pd

    from nato3.documents import Document

# Filters every table understands, besides equality on any of its columns.
RANGE_FILTERS = {"from_year": ">=", "to_year": "<="}
ALIASES = {"country": "iso3"}


def tables() -> list[str]:
    """Names of the tables and views ``load`` accepts."""
    from nato3.store.database import query

    names = query("SELECT name FROM _resources ORDER BY name")["name"].tolist()
    return names + ["country_groups", "nato_series", "sipri_series"]


def provenance(table: str) -> list[dict[str, Any]]:
    """The descriptors (without schema) of the datasets behind ``table`` or view."""
    from nato3.store.sources import descriptors

    return descriptors(table)


def load(table: str, **filters: Any) -> pd.DataFrame:
    """Load a bundled table (or the harmonised ``nato_series`` and ``sipri_series`` views) as a DataFrame.

    Filters: any column name for equality (a list or tuple means "any of"), ``country`` as an
    alias of ``iso3``, and ``from_year`` / ``to_year`` for a year range. Example:
    ``nato3.load("nato_series", iso3="POL", edition="2025", from_year=2020)``.

    Raises:
        Nato3Error: unknown table or filter column, or a filter on a table without years.
    """
    from nato3.store.database import query

    known = tables()
    if table not in known:
        raise Nato3Error(f"unknown table {table!r}; available: {', '.join(known)}")
    columns = query(f'SELECT * FROM "{table}" LIMIT 0').columns.tolist()
    where, params = [], []
    for key, value in filters.items():
        if value is None:
            continue
        column = ALIASES.get(key, key)
        if key in RANGE_FILTERS:
            if "year" not in columns:
                raise Nato3Error(f"table {table!r} has no year column, so {key} does not apply")
            where.append(f'"year" {RANGE_FILTERS[key]} ?')
            params.append(int(value))
        elif column in columns:
            values = list(value) if isinstance(value, (list, tuple, set)) else [value]
            where.append(f'"{column}" IN ({", ".join("?" * len(values))})')
            params.extend(values)
        else:
            allowed = ", ".join([*columns, *ALIASES, *RANGE_FILTERS])
            raise Nato3Error(f"table {table!r} has no column {key!r}; filters allowed: {allowed}")
    sql = f'SELECT * FROM "{table}"' + (f" WHERE {' AND '.join(where)}" if where else "")
    df = query(sql, params)
    df.attrs["sources"] = provenance(table)
    return df


def status(year: int | None = None, edition: str | None = None) -> Document:
    """Where each ally stands in ``year`` against the pledges: the status document (the table is
    ``doc["allies"]``, a DataFrame); see :mod:`nato3.documents.status`."""
    return document("status", year=year, edition=edition)


def document(kind: str, **params: Any) -> Document:
    """Any analysis as its document, the one every face renders: ``document("status", year=2024)``.
    ``nato3.documents.kinds()`` lists the kinds."""
    from nato3.documents import build

    return build(kind, **params)


def sources() -> pd.DataFrame:
    """One row per bundled or imported table: producer, title, edition, addresses, licence, hash."""
    import json

    import pandas as pd

    from nato3.store.database import query

    rows = []
    for name, text in query("SELECT name, descriptor FROM _resources ORDER BY kind, name").itertuples(index=False):
        d = json.loads(text)
        original = d.get("original") or {}
        inter = d.get("intermediary") or {}
        rows.append(
            {
                "table": name,
                "title": d.get("title"),
                "producer": d.get("producer"),
                "edition": d.get("edition"),
                "published": d.get("published"),
                "original_address": original.get("address"),
                "intermediary": " ".join(
                    str(x) for x in (inter.get("repository"), inter.get("path"), inter.get("commit")) if x
                ),
                "licence": d.get("licence"),
                "accessed": (d.get("accessed") or {}).get("date"),
                "sha256": d.get("sha256"),
                "rows": d.get("rows"),
            }
        )
    return pd.DataFrame(rows)


def burden_metrics(
    source: str = "nato",
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
    groups: list[str] | None = None,
    prices: str = "constant",
) -> pd.DataFrame:
    """Who pays: shares of alliance spending and GDP, fair-share index, per capita, real change for
    every ally, group (``group:<id>``) and the alliance, in the long format (source × iso3 ×
    indicator × year); see :func:`nato3.burden.analysis.burden_metrics`."""
    from nato3.burden.analysis import burden_metrics as _burden_metrics

    return _burden_metrics(source, from_year, to_year, edition, groups, prices)


def burden_tests(
    source: str = "nato",
    from_year: int | None = None,
    to_year: int | None = None,
    edition: str | None = None,
) -> pd.DataFrame:
    """The Olson–Zeckhauser test and the joint-product diagnostic per year, in the long format;
    see :func:`nato3.burden.analysis.burden_tests`."""
    from nato3.burden.analysis import burden_tests as _burden_tests

    return _burden_tests(source, from_year, to_year, edition)
