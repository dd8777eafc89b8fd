"""Europe's share of the forces in Europe: European allies' military personnel against US forces
in Europe, over time and under a drawdown.

What is counted, and what is not:

* **Europe**: the 30 European allies' military personnel, NATO Table 7 (all their active
  military personnel, at home or abroad; members counted from their accession year, NATO's rule),
  edition 2024 (the 2025 edition publishes no personnel). Canada is not counted.
* **United States**: US forces in Europe at a dated reference point: EUCOM/DoD totals including
  rotational forces (F22–F24), or DMDC's permanently assigned personnel (a lower bound: rotational
  forces excluded).
* **Share** = Europe ÷ (Europe + US in Europe). Personnel is a proxy for who provides the forces,
  **not** a measure of capability (equipment, readiness, enablers, nuclear forces are not in it).

Where the US reference is dated after NATO's last personnel year, the European figure of that last
year is used and ``europe_year`` says so; no year is filled in or extrapolated.
"""

from __future__ import annotations

import pandas as pd

from nato3.ledger.provenance import with_meta

EDITION = "2024"
COUNTED = (
    "Counted: European allies' military personnel (NATO Table 7, all 30 European allies, at home and abroad) "
    "vs US forces in Europe; share = Europe ÷ (Europe + US in Europe). Personnel is a proxy, not capability."
)


def europe_personnel(edition: str = EDITION) -> pd.DataFrame:
    """European allies' military personnel per year (persons), NATO-style membership, one edition.

    Columns: year, europe_personnel, n_members, n_with_personnel, is_estimate, edition.
    """
    from nato3.alliance.aggregates import aggregate, member_rows
    from nato3.alliance.groups import get_group

    rows = member_rows(edition)
    europe = get_group("europe").members
    agg = aggregate(rows, members=europe)
    counts = rows[rows["iso3"].isin(europe)].groupby("year")["military_personnel_thousands"].count()
    out = pd.DataFrame(
        {
            "year": agg["year"].astype(int),
            "europe_personnel": 1000 * agg["military_personnel_thousands"],
            "n_members": agg["n_members"],
            "n_with_personnel": agg["year"].map(counts).fillna(0).astype(int),
            "is_estimate": agg["is_estimate"],
            "edition": edition,
        }
    ).dropna(subset=["europe_personnel"])
    sources = nato_sources(edition)
    return with_meta(out.reset_index(drop=True), sources, [COUNTED])


def nato_sources(edition: str) -> list[dict]:
    """Provenance of one NATO edition's table."""
    from nato3.ledger.provenance import load_table
    from nato3.standing.editions import get_edition

    return load_table(get_edition(edition).dataset).attrs["sources"]


def share(europe: float, us: float) -> float:
    """Europe's share (%) of Europe + US personnel."""
    return 100 * europe / (europe + us)


def force_share(edition: str = EDITION) -> pd.DataFrame:
    """Europe's share against every dated level of US forces in Europe the data has.

    One row per US reference point (EUCOM/DoD totals F22–F24 and each complete DMDC period), with
    the European personnel of the same year (or NATO's last year, named in ``europe_year``).
    """
    from nato3.ledger.posture import SERIES_DMDC, us_timeline

    eur = europe_personnel(edition).set_index("year")
    timeline = us_timeline()
    levels = timeline[(timeline["value_kind"] == "level") & timeline["complete"]]
    rows = []
    for r in levels.itertuples():
        year = int(str(r.date)[:4])
        europe_year = year if year in eur.index else int(eur.index[eur.index <= year].max())
        e = float(eur.loc[europe_year, "europe_personnel"])
        rows.append(
            {
                "date": r.date,
                "us_series": r.series,
                "us_in_europe": r.us_personnel,
                "us_is_lower_bound": r.series == SERIES_DMDC,
                "europe_personnel": e,
                "europe_year": europe_year,
                "europe_is_estimate": bool(eur.loc[europe_year, "is_estimate"]),
                "share_europe_pct": share(e, r.us_personnel),
                "us_source": r.source,
                "us_source_kind": r.source_kind,
                "is_secondary": r.is_secondary,
            }
        )
    out = pd.DataFrame(rows)
    caveats = [
        COUNTED,
        "DMDC rows exclude rotational forces, so the US figure is a lower bound and Europe's share an upper bound.",
        f"European personnel of NATO's last year ({int(eur.index.max())}) is used for later US reference dates.",
    ]
    return with_meta(out, eur.attrs["sources"] + timeline.attrs["sources"], caveats)


def force_share_long(edition: str = EDITION) -> pd.DataFrame:
    """The European personnel series in nato3's long format (``source × iso3 × indicator × year``)."""
    from nato3.longformat import to_long

    eur = europe_personnel(edition).assign(iso3="group:europe")
    long = to_long(
        eur,
        key={"source": f"nato_ed{edition}"},
        indicators={"europe_personnel": "persons"},
        extra=["edition", "is_estimate"],
    )
    return with_meta(long, eur.attrs["sources"], eur.attrs["caveats"])
