"""What the projection and scenario pages and routers still read directly, cached per data
generation (:func:`nato3.store.cache.data_cache`: emptied when the data change). Every other
answer of the web app is a document (:mod:`nato3.web.documents`).

Every SQL statement passes values as ``?`` parameters. Functions return plain lists of dicts
(treat them as read-only) and take already-validated arguments.
"""

from __future__ import annotations

import json
from typing import Any

from nato3.plain import plain as jsonable
from nato3.store.cache import data_cache
from nato3.store.database import query

SPENDING_FIGURES = (
    "defence_share_gdp_pct",
    "defence_exp_musd_current",
    "defence_exp_musd_const",
    "defence_exp_real_change_pct",
    "equipment_share_pct",
)


def _records(df) -> list[dict[str, Any]]:
    return [{k: jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]


@data_cache(maxsize=1)
def _descriptors() -> dict[str, dict]:
    df = query("SELECT name, descriptor FROM _resources ORDER BY name")
    return {name: json.loads(text) for name, text in df.itertuples(index=False)}


def source(table: str) -> dict[str, Any]:
    """The provenance of one bundled table, in the shape of :class:`~nato3.web.schemas.Source`."""
    d = _descriptors()[table]
    return {
        "table": table,
        "title": d.get("title"),
        "producer": d.get("producer"),
        "edition": d.get("edition"),
        "published": d.get("published"),
        "licence": d.get("licence"),
        "address": (d.get("original") or {}).get("address"),
    }


def sources(*tables: str) -> list[dict[str, Any]]:
    return [source(t) for t in dict.fromkeys(tables)]


@data_cache(maxsize=1)
def nato_editions() -> list[dict[str, Any]]:
    """NATO editions, newest first, as dicts (label, dataset, published, price base, years, figures)."""
    from nato3.standing.editions import editions

    return [
        {
            "label": e.label,
            "dataset": e.dataset,
            "published": e.published,
            "price_base_year": e.price_base_year,
            "first_year": e.first_year,
            "last_year": e.last_year,
            "figures": sorted(e.figures),
        }
        for e in editions()
    ]


@data_cache(maxsize=1)
def allies() -> list[dict[str, Any]]:
    """Every ally: ISO3, name, region, accession date and year, in order of code."""
    df = query(
        "SELECT iso3, name, region, accession_date, CAST(substr(accession_date, 1, 4) AS INTEGER) AS accession_year "
        "FROM countries WHERE kind = 'ally' ORDER BY iso3"
    )
    return _records(df)


@data_cache(maxsize=1)
def aggregate_codes() -> dict[str, str]:
    from nato3.alliance.aggregates import AGGREGATES

    return dict(AGGREGATES)


@data_cache(maxsize=256)
def spending(
    iso3: tuple[str, ...], year_from: int | None, year_to: int | None, source_ids: tuple[str, ...], edition: str | None
) -> list[dict[str, Any]]:
    """Spending rows of NATO (every edition, or ``edition``) and SIPRI, one per source × edition ×
    country × year. ``iso3`` empty means every ally. Rows without any figure are left out."""
    where, params = [], []
    if iso3:
        where.append(f"iso3 IN ({', '.join('?' * len(iso3))})")
        params.extend(iso3)
    else:
        where.append("iso3 IN (SELECT iso3 FROM countries WHERE kind = 'ally')")
    if year_from is not None:
        where.append("year >= ?")
        params.append(year_from)
    if year_to is not None:
        where.append("year <= ?")
        params.append(year_to)
    selects, all_params = [], []
    if "nato" in source_ids:
        cond = list(where) + (["edition = ?"] if edition else [])
        selects.append(
            "SELECT 'nato' AS source, dataset, edition, price_base_year, iso3, year, is_estimate, "
            f"{', '.join(SPENDING_FIGURES)} FROM nato_series WHERE {' AND '.join(cond)}"
        )
        all_params += params + ([edition] if edition else [])
    if "sipri" in source_ids:
        estimate = " OR ".join(
            f"coalesce({c}_sipri_flag, '') = 'estimate'"
            for c in ("milex_share_gdp_pct", "milex_musd_current", "milex_musd_const")
        )
        cond = list(where) + (["edition = ?"] if edition else [])
        selects.append(
            "SELECT 'sipri' AS source, dataset, edition, price_base_year, iso3, year, "
            f"({estimate}) AS is_estimate, milex_share_gdp_pct AS defence_share_gdp_pct, "
            "milex_musd_current AS defence_exp_musd_current, milex_musd_const AS defence_exp_musd_const, "
            "CAST(NULL AS DOUBLE) AS defence_exp_real_change_pct, CAST(NULL AS DOUBLE) AS equipment_share_pct "
            f"FROM sipri_series WHERE {' AND '.join(cond)}"
        )
        all_params += params + ([edition] if edition else [])
    if not selects:
        return []
    any_figure = " OR ".join(f"{c} IS NOT NULL" for c in SPENDING_FIGURES)
    sql = f"SELECT * FROM ({' UNION ALL '.join(selects)}) WHERE {any_figure} ORDER BY source, edition DESC, iso3, year"
    return _records(query(sql, all_params))


@data_cache(maxsize=8)
def aggregates(edition: str) -> list[dict[str, Any]]:
    """NATO_EUR_CAN and NATO_TOTAL per year of ``edition``, computed the way NATO computes them."""
    from nato3.alliance.aggregates import nato_aggregates

    df = nato_aggregates(edition)
    for column in ("defence_exp_musd_const", "gdp_musd_const", "defence_exp_real_change_pct"):
        if column not in df:
            df[column] = None
    keep = [
        "edition",
        "iso3",
        "country",
        "year",
        "is_estimate",
        "defence_share_gdp_pct",
        "defence_exp_musd_const",
        "gdp_musd_const",
        "defence_exp_real_change_pct",
        "aggregate_method",
    ]
    return _records(df[keep].sort_values(["iso3", "year"]))


@data_cache(maxsize=1)
def pledges() -> list[dict[str, Any]]:
    cols = "pledge_id, name, metric, threshold_pct, deadline_year, agreed_on, summit, source_title, source_url, notes"
    return _records(query(f"SELECT {cols} FROM pledges ORDER BY agreed_on, threshold_pct"))
