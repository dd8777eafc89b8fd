"""NATO vs SIPRI: both shares of GDP for every ally and year both publish, the gap and its reasons.

NATO's side is, for each ally and year, the newest NATO edition with a share of GDP (or the
edition asked for); SIPRI's side is the SIPRI release in effect, read through the
``sipri_series`` view (the newest release loaded; an imported release wins over the bundled one
of the same edition). Nothing is filled in: an ally-year is in the table
only when both publishers give a share. ``difference_pp`` is NATO minus SIPRI, in percentage
points. Two columns are derived and say so: NATO's share in current prices (its Table 2 defence
spending over Table 5 GDP, same edition, where that edition has money columns) and the gap
between NATO's real and current-price shares.
"""

from __future__ import annotations

import json

import pandas as pd

from nato3.errors import Nato3Error
from nato3.reconcile.reasons import reasons_for
from nato3.store.database import query

NOTES_KIND = "sipri_country_notes"
COLUMNS = [
    "iso3",
    "country",
    "year",
    "nato_share_gdp_pct",
    "nato_edition",
    "nato_is_estimate",
    "nato_definition",
    "sipri_share_gdp_pct",
    "sipri_edition",
    "sipri_flag",
    "difference_pp",
    "nato_share_current_prices_pct",
    "price_base_effect_pp",
    "fiscal_year",
    "sipri_notes",
    "reasons",
    "explanation",
]


def newest(kind: str) -> dict | None:
    """The catalogue row (name, edition, descriptor) of the newest loaded table of ``kind``."""
    df = query("SELECT name, edition, descriptor FROM _resources WHERE kind = ?", [kind])
    rows = [{"name": n, "edition": e, "descriptor": json.loads(d)} for n, e, d in df.itertuples(index=False)]
    if not rows:
        return None
    return max(rows, key=lambda r: (str(r["edition"]), "imported" in r["descriptor"]))


def _sipri_release() -> dict:
    """The SIPRI release in effect (``sipri_series``): table name, edition and publication date."""
    found = query("SELECT name FROM _resources WHERE kind = 'sipri_milex'")
    if found.empty:
        raise Nato3Error("no SIPRI table is loaded; import SIPRI's workbook with `nato3 data import`")
    row = query("SELECT DISTINCT dataset, edition, published FROM sipri_series")
    name, label, published = next(row.itertuples(index=False))
    return {"name": name, "edition": label, "descriptor": {"published": published}}


def _nato(edition: str | None) -> pd.DataFrame:
    """Per ally and year: the share from the newest edition that has it (or from ``edition``)."""
    params: list = []
    only = ""
    if edition is not None:
        only = "AND s.edition = ?"
        params.append(str(edition))
    df = query(
        "SELECT s.iso3, s.year, s.edition, s.published, s.definition, s.is_estimate, s.defence_share_gdp_pct, "
        "100 * s.defence_exp_musd_current / s.gdp_musd_current AS current_share "
        "FROM nato_series s JOIN countries c ON c.iso3 = s.iso3 "
        f"WHERE c.kind = 'ally' AND s.defence_share_gdp_pct IS NOT NULL {only}",
        params,
    )
    if edition is not None and df.empty:
        labels = query("SELECT DISTINCT edition FROM nato_series ORDER BY edition")["edition"].tolist()
        raise Nato3Error(f"unknown edition {edition!r}; available: {', '.join(labels)}", parameter="edition")
    df = df.sort_values(["iso3", "year", "published"], ascending=[True, True, False])
    return df.drop_duplicates(["iso3", "year"], keep="first")


def reconcile(iso3: str | None = None, year: int | None = None, edition: str | None = None) -> pd.DataFrame:
    """The NATO-vs-SIPRI table, by ISO3 and year; ``df.attrs["sources"]`` names both sides' tables
    and editions.

    Raises:
        Nato3Error: unknown edition (parameter ``edition``), a year outside the years both publish
            (``year``), or no SIPRI table loaded.
    """
    out = _compare(iso3, year, edition)
    if out.empty and year is not None:
        years = _compare(iso3, None, edition)["year"]
        if len(years) and not years.min() <= int(year) <= years.max():
            raise Nato3Error(
                f"year {year} is outside the years both NATO and SIPRI publish; allowed: {years.min()}–{years.max()}",
                parameter="year",
            )
    return out


def _compare(iso3: str | None, year: int | None, edition: str | None) -> pd.DataFrame:
    sipri = _sipri_release()
    notes = newest(NOTES_KIND)
    nato = _nato(edition)
    s = query(
        "SELECT iso3, year, milex_share_gdp_pct, milex_share_gdp_pct_sipri_flag AS flag, sipri_notes "
        "FROM sipri_series WHERE milex_share_gdp_pct IS NOT NULL"
    )
    df = nato.merge(s, on=["iso3", "year"], how="inner")
    names = query("SELECT iso3, name FROM countries")
    df = df.merge(names, on="iso3", how="left")
    if notes is not None:
        df = df.merge(query(f'SELECT iso3, fiscal_year, footnotes FROM "{notes["name"]}"'), on="iso3", how="left")
    else:
        df = df.assign(fiscal_year=None, footnotes=None)
    if iso3:
        df = df[df["iso3"] == iso3]
    if year is not None:
        df = df[df["year"] == year]
    out = pd.DataFrame(
        {
            "iso3": df["iso3"],
            "country": df["name"],
            "year": df["year"].astype(int),
            "nato_share_gdp_pct": df["defence_share_gdp_pct"],
            "nato_edition": df["edition"],
            "nato_is_estimate": df["is_estimate"].astype(bool),
            "nato_definition": df["definition"],
            "sipri_share_gdp_pct": df["milex_share_gdp_pct"],
            "sipri_edition": sipri["edition"],
            "sipri_flag": df["flag"],
            "difference_pp": df["defence_share_gdp_pct"] - df["milex_share_gdp_pct"],
            "nato_share_current_prices_pct": df["current_share"],
            "price_base_effect_pp": df["defence_share_gdp_pct"] - df["current_share"],
            "fiscal_year": df["fiscal_year"].fillna("Jan-Dec"),
            "sipri_notes": df["sipri_notes"],
            "footnotes": df["footnotes"],
        }
    ).sort_values(["iso3", "year"], ignore_index=True)
    found = [reasons_for(r) for r in out.to_dict("records")]
    out["reasons"] = [";".join(code for code, _ in f) for f in found]
    out["explanation"] = ["; ".join(text for _, text in f) for f in found]
    out = out[COLUMNS]
    out.attrs["sources"] = _sources(sipri, notes, sorted(set(out["nato_edition"])))
    return out


def _sources(sipri: dict, notes: dict | None, nato_editions: list[str]) -> list[dict]:
    out = []
    for label in nato_editions:
        d = query("SELECT DISTINCT dataset, published FROM nato_series WHERE edition = ?", [label])
        for name, published in d.itertuples(index=False):
            out.append({"side": "NATO", "table": name, "edition": label, "published": published})
    for side, row in (("SIPRI", sipri), ("SIPRI notes", notes)):
        if row is not None:
            out.append(
                {
                    "side": side,
                    "table": row["name"],
                    "edition": row["edition"],
                    "published": row["descriptor"].get("published"),
                }
            )
    return out
