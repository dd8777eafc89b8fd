"""Europe's share of the forces in Europe: European allies' military personnel against US forces
in Europe, over time and under a drawdown.

What is counted, and what is not:

* **Europe**: the 30 European allies' military personnel, NATO Table 7 (all their active
  military personnel, at home or abroad; members counted from their accession year, NATO's rule),
  from the newest NATO edition that publishes personnel (2024: the 2025 edition publishes none).
  Canada is not counted.
* **United States**: US forces in Europe at a dated reference point: EUCOM/DoD totals including
  rotational forces (F22–F24), or DMDC's permanently assigned personnel (a lower bound: rotational
  forces excluded).
* **Share** = Europe ÷ (Europe + US in Europe). Personnel is a proxy for who provides the forces,
  **not** a measure of capability (equipment, readiness, enablers, nuclear forces are not in it).

Where the US reference is dated after NATO's last personnel year, the European figure of that last
year is used and ``europe_year`` says so; no year is filled in or extrapolated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from nato3.errors import Nato3Error

if TYPE_CHECKING:
    from nato3.standing.editions import Edition

PERSONNEL = "military_personnel_thousands"
COUNTED = (
    "Counted: European allies' military personnel (NATO Table 7, all 30 European allies, at home and abroad) "
    "vs US forces in Europe; share = Europe ÷ (Europe + US in Europe). Personnel is a proxy, not capability."
)
LOWER_BOUND = (
    "DMDC rows exclude rotational forces, so the US figure is a lower bound and Europe's share an upper bound."
)


def personnel_edition(edition: str | None = None) -> Edition:
    """The NATO edition whose personnel figures a view uses: ``edition``, or the newest with them.

    Raises:
        Nato3Error: unknown edition, or one without military personnel (parameter ``edition``).
    """
    from nato3.standing.editions import editions, get_edition

    with_personnel = [e for e in editions() if PERSONNEL in e.figures]
    if edition is None:
        if not with_personnel:
            raise Nato3Error("no NATO edition in the database publishes military personnel", parameter="edition")
        return with_personnel[0]
    chosen = get_edition(edition)
    if PERSONNEL not in chosen.figures:
        allowed = ", ".join(e.label for e in with_personnel)
        raise Nato3Error(
            f"the {chosen.label} edition publishes no military personnel; editions with personnel: {allowed}",
            parameter="edition",
        )
    return chosen


def europe_personnel(edition: str | None = None) -> pd.DataFrame:
    """European allies' military personnel per year (persons), NATO-style membership, one edition.

    Columns: year, europe_personnel, n_members, n_with_personnel, is_estimate, edition.

    Raises:
        Nato3Error: as :func:`personnel_edition`.
    """
    from nato3.alliance.aggregates import aggregate, member_rows
    from nato3.alliance.groups import get_group

    label = personnel_edition(edition).label
    rows = member_rows(label)
    europe = get_group("europe").members
    agg = aggregate(rows, members=europe)
    counts = rows[rows["iso3"].isin(europe)].groupby("year")[PERSONNEL].count()
    out = pd.DataFrame(
        {
            "year": agg["year"].astype(int),
            "europe_personnel": 1000 * agg[PERSONNEL],
            "n_members": agg["n_members"],
            "n_with_personnel": agg["year"].map(counts).fillna(0).astype(int),
            "is_estimate": agg["is_estimate"].astype(bool),
            "edition": label,
        }
    ).dropna(subset=["europe_personnel"])
    return out.reset_index(drop=True)


def share(europe: float, us: float) -> float:
    """Europe's share (%) of Europe + US personnel."""
    return 100 * europe / (europe + us)


def force_share(edition: str | None = None) -> pd.DataFrame:
    """Europe's share against every dated level of US forces in Europe the data has, in date order.

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
    return pd.DataFrame(rows)


def last_year_note(europe: pd.DataFrame) -> str:
    """The note that later US reference dates use European personnel of NATO's last year."""
    return f"European personnel of NATO's last year ({int(europe['year'].max())}) is used for later US reference dates."


def force_share_long(edition: str | None = None) -> pd.DataFrame:
    """The European personnel series in nato3's long format (``source × iso3 × indicator × year``)."""
    from nato3.longformat import to_long

    eur = europe_personnel(edition).assign(iso3="group:europe")
    return to_long(
        eur,
        key={"source": f"nato_ed{eur['edition'].iloc[0]}"},
        indicators={"europe_personnel": "persons"},
        extra=["edition", "is_estimate"],
    )
