"""The per-ally rows every burden-sharing measure starts from, for NATO's series or SIPRI's.

Both sources come out in one shape, the columns of NATO's own tables (``nato_series``), so the
same alliance rules (:func:`nato3.alliance.aggregates.aggregate`) and the same share arithmetic
apply to both. Only allies count, and each only from its accession year.

* **NATO** (2014-2024): one edition per year, the newest with spending in US$ unless ``edition``
  says which; never two editions in one year. Population is not published by NATO: it is
  *derived* as GDP ÷ GDP per capita (Tables 5 and 6), as NATO's aggregates imply.
* **SIPRI** (1949-2024 in the 2025 release): military expenditure in constant US$ of the
  release's price base, read through the ``sipri_series`` view, so the release in effect (an
  imported workbook supersedes the bundled table) is the one used. SIPRI publishes a share of
  GDP but not the GDP itself, so GDP is *derived* as spending ÷ share of GDP (it recovers the
  GDP SIPRI used); population comes from the World Bank (1960 onwards), and the real change is
  *derived* from consecutive years of constant-price spending.

Every derivation is listed by :func:`derived` and travels with the outputs.

``no_forces`` marks allies the source never gives a positive defence figure for (Iceland, which
has no armed forces): NATO counts their GDP but no spending, and a missing figure of theirs does
not make a total unknown (see :func:`nato3.burden.metrics.totals`).
"""

from __future__ import annotations

import pandas as pd

from nato3.alliance.aggregates import member_rows
from nato3.alliance.membership import MEMBER_IN_YEAR, allies
from nato3.burden.choices import NATO_MONEY, SIPRI_VIEW, Source, as_source, check_years, sipri_release
from nato3.errors import Nato3Error
from nato3.standing import editions as ed
from nato3.store.database import query

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
WORLDBANK_TABLE = "worldbank_population_gdp"


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
    if source is Source.nato:
        from nato3.standing.coverage import coverage_of_editions

        return set(coverage_of_editions().no_forces)
    sql = f"SELECT iso3 FROM {SIPRI_VIEW} GROUP BY iso3 HAVING coalesce(max(milex_musd_const), 0) <= 0"
    return set(query(sql)["iso3"])


def _nato_rows(from_year: int, to_year: int, edition: str | None) -> pd.DataFrame:
    chosen: dict[str, list[int]] = {}
    for year in range(from_year, to_year + 1):
        e = ed.edition_for(NATO_MONEY, year, edition)
        if e is None:  # a gap inside the range (none today); checked ends make this rare
            raise Nato3Error(f"no NATO edition publishes defence spending in US$ for {year}", parameter="year")
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
        "  SELECT *, lag(milex_musd_const) OVER w AS prev_const, lag(year) OVER w AS prev_year"
        f"  FROM {SIPRI_VIEW} WINDOW w AS (PARTITION BY iso3 ORDER BY year)"
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
            "edition": rows["edition"].astype(str),
            "is_estimate": rows["milex_musd_const_sipri_flag"].eq("estimate"),
            "defence_exp_musd_const": rows["milex_musd_const"],
            "defence_exp_musd_current": rows["milex_musd_current"],
            # GDP, derived: spending ÷ SIPRI's share of GDP.
            "gdp_musd_const": rows["milex_musd_const"] / share,
            "gdp_musd_current": rows["milex_musd_current"] / share,
            "gdp_per_capita_kusd_const": float("nan"),  # not used: population comes from the World Bank
            "population_thousands": rows["population_wb"] / 1000,
            "military_personnel_thousands": float("nan"),
            "defence_share_gdp_pct": rows["milex_share_gdp_pct"],
            "defence_exp_real_change_pct": 100 * (rows["milex_musd_const"] / previous - 1),
        }
    )
    return out


def derived(source: Source | str) -> dict[str, str]:
    """Figure → how it was derived, for the quantities ``source`` does not publish."""
    if as_source(source) is Source.nato:
        return {"population": "derived: NATO GDP ÷ NATO GDP per capita (Tables 5 and 6), as NATO's aggregates imply"}
    base = sipri_release().price_base_year
    return {
        "gdp": "derived: SIPRI military expenditure ÷ SIPRI share of GDP (recovers the GDP SIPRI used)",
        "population": "World Bank SP.POP.TOTL (from 1960; missing before)",
        "real_change": f"derived: year-on-year change of SIPRI spending in constant {base} US$",
    }


def price_base(source: Source, editions: list[str]) -> str:
    """The price base of constant-price figures, e.g. "2015 prices" (NATO 2024 edition)."""
    if source is Source.sipri:
        return f"{sipri_release().price_base_year} prices"
    bases = {ed.get_edition(e).price_base_year for e in editions}
    return ", ".join(f"{b} prices" for b in sorted(bases))


def tables(source: Source | str, editions: list[str]) -> list[str]:
    """The store's tables a result rests on (for :func:`nato3.store.sources.sources`)."""
    if as_source(source) is Source.nato:
        names = [ed.get_edition(e).dataset for e in editions]
    else:
        names = [sipri_release().dataset, WORLDBANK_TABLE]
    return names + ["countries", "groups"]


def provenance(source: Source | str, editions: list[str]) -> list[dict]:
    """The tables a long-format result rests on: producer, title, edition, publication date and
    licence, from the store's catalogue (``attrs["sources"]`` of :mod:`nato3.burden.analysis`)."""
    import json

    names = tables(source, editions)
    found = query("SELECT name, descriptor FROM _resources WHERE list_contains(?, name)", [names])
    described = {name: json.loads(text) for name, text in found.itertuples(index=False)}
    keep = ["title", "producer", "edition", "published", "licence"]
    return [{"table": t, **{k: described[t].get(k) for k in keep}} for t in names if t in described]
