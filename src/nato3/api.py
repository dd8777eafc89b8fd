"""The library's front door: ``load`` a table, get the ``status`` table, list ``sources``.

Every DataFrame returned carries its provenance in ``df.attrs["sources"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from nato3.documents import Document


def tables() -> list[str]:
    """Names of the tables and views ``load`` accepts (the ``tables`` document lists them with
    their titles and row counts)."""
    from nato3.store.tables import names

    return names()


def provenance(table: str) -> list[dict[str, Any]]:
    """The descriptors (without schema) of the datasets behind ``table`` or view."""
    from nato3.store.sources import descriptors

    return descriptors(table)


def load(table: str, **filters: Any) -> pd.DataFrame:
    """Load a bundled table (or the harmonised ``nato_series`` and ``sipri_series`` views) as a DataFrame,
    the values exactly as stored, in stored order: the same reader as ``nato3 data show|export``.

    Filters: any column name for equality (a list or tuple means "any of"), ``country`` as an
    alias of ``iso3``, and ``from_year`` / ``to_year`` for a year range. Example:
    ``nato3.load("nato_series", iso3="POL", edition="2025", from_year=2020)``.

    Raises:
        Nato3Error: unknown table or filter column, a filter on a table without years, an inverted
            year range or one outside the table's years.
    """
    from nato3.store.tables import check_years, read

    df = read(table, **filters)
    check_years(table, df, **filters)
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
    """One row per bundled or imported table: producer, title, edition, definition (NATO editions),
    publication date, cut-off, address, intermediary, licence, access date, hash and row count —
    the first table of the ``sources`` document (``nato3 sources``)."""
    return document("sources")["sources"]


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
