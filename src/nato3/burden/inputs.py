"""The per-ally rows every burden-sharing measure starts from, for NATO's series or SIPRI's.

Both sources come out in one shape, the columns of NATO's own tables (``nato_series``), so the
same alliance rules (:func:`nato3.alliance.aggregates.aggregate`) and the same share arithmetic
apply to both. Only allies count, and each only from its accession year.

* **NATO** (2014-2024): one edition per year, the newest with spending in US$ unless ``edition``
  says which; never two editions in one year. Population is not published by NATO: it is
  *derived* as GDP ÷ GDP per capita (Tables 5 and 6), as NATO's aggregates imply.
* **SIPRI** (1949-2024): military expenditure in constant 2023 US$. SIPRI publishes a share of
  GDP but not the GDP itself, so GDP is *derived* as spending ÷ share of GDP (it recovers the
  GDP SIPRI used); population comes from the World Bank (1960 onwards), and the real change is
  *derived* from consecutive years of constant-price spending.

Every derivation is listed in :data:`DERIVED` and travels with the outputs.

``no_forces`` marks allies the source never gives a positive defence figure for (Iceland, which
has no armed forces): NATO counts their GDP but no spending, and a missing figure of theirs does
not make a total unknown (see :func:`nato3.burden.metrics.totals`).
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from nato3.alliance.aggregates import member_rows
from nato3.alliance.membership import MEMBER_IN_YEAR, allies
from nato3.errors import Nato3Error
from nato3.standing import editions as ed
from nato3.store.database import query


class Source(StrEnum):
    nato = "nato"
    sipri = "sipri"


class Prices(StrEnum):
    constant = "constant"
    current = "current"


# The columns of the shared shape (NATO's names) that the measures read.
COLUMNS = [
    "iso3",
    "year",
    "edition",
    "is_estimate",
    "defence_exp_musd_const",
    "defence_exp_musd_current",
    "gdp_musd_const",
    "gdp_musd_current",
    "gdp_per_capita_kusd_const",
    "population_thousands",
    "military_personnel_thousands",
    "defence_share_gdp_pct",
    "defence_exp_real_change_pct",
    "no_forces",
]
SIPRI_TABLE = "sipri_milex"
WORLDBANK_TABLE = "worldbank_population_gdp"
NATO_MONEY = "defence_exp_musd_const"  # the figure an edition needs for shares of the alliance
SIPRI_YEARS = (1949, 2024)

DERIVED = {
    Source.nato: {
        "population": "derived: NATO GDP ÷ NATO GDP per capita (Tables 5 and 6), as NATO's aggregates imply",
    },
    Source.sipri: {
        "gdp": "derived: SIPRI military expenditure ÷ SIPRI share of GDP (recovers the GDP SIPRI used)",
        "population": "World Bank SP.POP.TOTL (from 1960; missing before)",
        "real_change": "derived: year-on-year change of SIPRI spending in constant 2023 US$",
    },
}


def price_base(source: Source, editions: list[str]) -> str:
    """The price base of constant-price figures, e.g. "2015 prices" (NATO 2024 edition)."""
    if source is Source.sipri:
        return "2023 prices"
    bases = {ed.get_edition(e).price_base_year for e in editions}
    return ", ".join(f"{b} prices" for b in sorted(bases))


def sipri_edition() -> str:
    """SIPRI's release label, from its provenance descriptor (e.g. "2025")."""
    import json

    text = query("SELECT descriptor FROM _resources WHERE name = ?", [SIPRI_TABLE])["descriptor"].iloc[0]
    return str(json.loads(text).get("edition"))


def years_available(source: Source, edition: str | None = None) -> list[int]:
    """Years with spending in US$ for ``source`` (NATO: in ``edition`` or in any edition).

    Raises:
        Nato3Error: unknown NATO edition, or one without spending in US$ (the 2025 edition
            publishes shares of GDP only).
    """
    if source is Source.sipri:
        return list(range(SIPRI_YEARS[0], SIPRI_YEARS[1] + 1))
    pool = [ed.get_edition(edition)] if edition is not None else list(ed.editions())
    years: set[int] = set()
    for e in pool:
        years |= {y for y in range(e.first_year, e.last_year + 1) if ed.edition_for(NATO_MONEY, y, e.label)}
    if not years:
        raise Nato3Error(
            f"NATO edition {edition} publishes shares of GDP only, no spending or GDP in US$, so shares of "
            f"the alliance cannot be computed from it; editions with them: {', '.join(_money_editions())}"
        )
    return sorted(years)


def check_years(source: Source, from_year: int, to_year: int, edition: str | None = None) -> None:
    """Raise a clear error when the range is inverted or has a year without data.

    Raises:
        Nato3Error: ``from_year`` after ``to_year``, a year outside the source's coverage, an
            edition without spending in US$ (NATO 2025), or ``edition`` given for SIPRI.
    """
    if from_year > to_year:
        raise Nato3Error(f"--from {from_year} is after --to {to_year}")
    if source is Source.sipri and edition is not None and str(edition) != sipri_edition():
        raise Nato3Error(f"--edition applies to NATO's series; SIPRI has one release here ({sipri_edition()})")
    available = years_available(source, None if source is Source.sipri else edition)
    missing = [y for y in (from_year, to_year) if y not in available]
    if missing:
        which = "NATO's data" if edition is None else f"NATO's {edition} edition"
        which = "SIPRI's data" if source is Source.sipri else which
        raise Nato3Error(
            f"no defence spending in US$ for {missing[0]} in {which}; years with it: {available[0]}–{available[-1]}"
        )


def _money_editions() -> list[str]:
    return [e.label for e in ed.editions() if NATO_MONEY in e.figures]


def ally_rows(source: Source | str, from_year: int, to_year: int, edition: str | None = None) -> pd.DataFrame:
    """One row per ally and year (members only, from their accession year), in the shared shape.

    Args:
        source: ``"nato"`` or ``"sipri"``.
        from_year, to_year: the years to include (both inclusive).
        edition: NATO only: use this edition for every year; default: per year, the newest
            edition with spending in US$.

    Returns the :data:`COLUMNS` plus ``country``; ``attrs["editions"]`` lists the editions used.

    Raises:
        Nato3Error: unknown source, a year without data, or an edition without spending in US$.
    """
    source = as_source(source)
    check_years(source, from_year, to_year, edition)
    frame = _nato_rows(from_year, to_year, edition) if source is Source.nato else _sipri_rows(from_year, to_year)
    frame["country"] = frame["iso3"].map(allies())
    frame["no_forces"] = frame["iso3"].isin(no_forces(source))
    frame = frame[[*COLUMNS, "country"]].sort_values(["year", "iso3"], kind="stable").reset_index(drop=True)
    frame.attrs["editions"] = sorted(frame["edition"].unique().tolist())
    return frame


def no_forces(source: Source) -> set[str]:
    """Allies with no positive defence figure in any year or edition of ``source`` (Iceland)."""
    if source is Source.sipri:
        sql = f"SELECT iso3 FROM {SIPRI_TABLE} GROUP BY iso3 HAVING coalesce(max(milex_musd_const2023), 0) <= 0"
    else:
        sql = (
            "SELECT s.iso3 FROM nato_series s JOIN countries c ON c.iso3 = s.iso3 WHERE c.kind = 'ally' "
            "GROUP BY s.iso3 HAVING coalesce(max(s.defence_exp_musd_const), 0) <= 0 "
            "AND coalesce(max(s.defence_share_gdp_pct), 0) <= 0"
        )
    return set(query(sql)["iso3"])


def as_prices(prices: Prices | str) -> Prices:
    """``prices`` as :class:`Prices`; raises Nato3Error naming the allowed values."""
    try:
        return Prices(str(prices).lower())
    except ValueError:
        raise Nato3Error(f"unknown prices {prices!r}; allowed: {', '.join(p.value for p in Prices)}") from None


def as_source(source: Source | str) -> Source:
    """``source`` as a :class:`Source`; raises Nato3Error naming the allowed sources."""
    try:
        return Source(str(source).lower())
    except ValueError:
        raise Nato3Error(f"unknown source {source!r}; allowed: {', '.join(s.value for s in Source)}") from None


def _nato_rows(from_year: int, to_year: int, edition: str | None) -> pd.DataFrame:
    chosen: dict[str, list[int]] = {}
    for year in range(from_year, to_year + 1):
        e = ed.edition_for(NATO_MONEY, year, edition)
        if e is None:  # a gap inside the range (none today); checked ends make this rare
            raise Nato3Error(f"no NATO edition publishes defence spending in US$ for {year}")
        chosen.setdefault(e.label, []).append(year)
    frames = []
    for label, years in chosen.items():
        rows = member_rows(label)
        frames.append(rows[rows["year"].isin(years)])
    rows = pd.concat(frames, ignore_index=True)
    # Population (thousands), derived: GDP (million US$) ÷ GDP per capita (thousand US$).
    rows["population_thousands"] = rows["gdp_musd_const"] / rows["gdp_per_capita_kusd_const"]
    rows["is_estimate"] = rows["is_estimate"].fillna(False).astype(bool)
    return rows


def _sipri_rows(from_year: int, to_year: int) -> pd.DataFrame:
    # The lag runs over the whole table, so an ally's real change in its accession year is known.
    rows = query(
        "SELECT s.*, w.population_wb FROM ("
        "  SELECT *, lag(milex_musd_const2023) OVER w AS prev_const, lag(year) OVER w AS prev_year"
        f"  FROM {SIPRI_TABLE} WINDOW w AS (PARTITION BY iso3 ORDER BY year)"
        ") s JOIN countries c ON c.iso3 = s.iso3 "
        f"LEFT JOIN {WORLDBANK_TABLE} w ON w.iso3 = s.iso3 AND w.year = s.year "
        f"WHERE {MEMBER_IN_YEAR} AND s.year BETWEEN ? AND ?",
        [from_year, to_year],
    )
    share = rows["milex_share_gdp_pct"].where(rows["milex_share_gdp_pct"] > 0) / 100
    consecutive = rows["prev_year"] == rows["year"] - 1
    previous = rows["prev_const"].where(consecutive & (rows["prev_const"] > 0))
    out = pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "year": rows["year"].astype(int),
            "edition": sipri_edition(),
            "is_estimate": rows["milex_musd_const2023_sipri_flag"].eq("estimate"),
            "defence_exp_musd_const": rows["milex_musd_const2023"],
            "defence_exp_musd_current": rows["milex_musd_current"],
            # GDP, derived: spending ÷ SIPRI's share of GDP.
            "gdp_musd_const": rows["milex_musd_const2023"] / share,
            "gdp_musd_current": rows["milex_musd_current"] / share,
            "gdp_per_capita_kusd_const": float("nan"),  # not used: population comes from the World Bank
            "population_thousands": rows["population_wb"] / 1000,
            "military_personnel_thousands": float("nan"),
            "defence_share_gdp_pct": rows["milex_share_gdp_pct"],
            "defence_exp_real_change_pct": 100 * (rows["milex_musd_const2023"] / previous - 1),
        }
    )
    return out


def provenance(source: Source | str, editions: list[str]) -> list[dict]:
    """The tables a result rests on: producer, title, edition, publication date and licence."""
    from nato3.api import sources

    source = as_source(source)
    if source is Source.nato:
        tables = [ed.get_edition(e).dataset for e in editions]
    else:
        tables = [SIPRI_TABLE, WORLDBANK_TABLE]
    tables += ["countries", "groups"]
    df = sources().set_index("table")
    keep = ["title", "producer", "edition", "published", "licence"]
    return [{"table": t, **df.loc[t, keep].to_dict()} for t in tables if t in df.index]
