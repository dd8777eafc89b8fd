"""US posture in Europe: permanently assigned US personnel by host (DMDC), the US changes on record
in the events table, and a timeline of US forces in Europe.

DMDC's quarterly location reports count **permanently assigned** active-duty personnel only; since
December 2017 rotational forces are **not** included (Poland shows 382, Romania 135, although
thousands of US troops rotate through them). That caveat travels with the numbers: it is in the
``caveat`` column of every DMDC row and in :data:`DMDC_CAVEAT`, which the posture document
carries. Totals that include rotational forces (EUCOM and DoD statements, facts F22–F24) are
separate reference points, labelled as such, never added to or mixed with DMDC figures.
"""

from __future__ import annotations

import pandas as pd

from nato3.ledger.provenance import is_secondary, load_table, mark_sources
from nato3.store.cache import data_cache

TABLE = "us_personnel_dmdc"
SERVICES = ["us_army", "us_navy", "us_marine_corps", "us_air_force", "us_space_force", "us_coast_guard"]
TOTAL = "us_active_duty_military_total"
DMDC_CAVEAT = (
    "DMDC counts permanently assigned personnel only: rotational forces are NOT included (since December 2017)."
)
REFERENCE_CAVEAT = (
    "EUCOM/DoD totals (facts F22–F24) include rotational forces: they are reference points, never added to or "
    "mixed with DMDC figures."
)
CHANGES_CAVEAT = "US changes beside DMDC are counted event rows of one host (levels and overlaps left out)."
# Facts with totals of US forces in Europe that include rotational forces (nato30_context_facts).
US_REFERENCE_FACTS = ("F22", "F23", "F24")
SERIES_DMDC = "DMDC, permanently assigned (European allies; rotational forces excluded)"
SERIES_REFERENCE = "EUCOM/DoD total incl. rotational (reference point, not DMDC)"
SERIES_CHANGE = "US change on record (events table; a change, not a level)"
SHORT = {SERIES_DMDC: "DMDC", SERIES_REFERENCE: "EUCOM/DoD", SERIES_CHANGE: "event"}


@data_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO3 → (name, region), the region 'europe' only for European allies."""
    from nato3.store.database import query

    df = query("SELECT iso3, region, kind, name FROM countries")
    return {
        r.iso3: (r.name, "europe" if r.region == "europe" and r.kind == "ally" else r.region) for r in df.itertuples()
    }


def periods() -> list[str]:
    """The DMDC report periods in the table (YYYY-MM), oldest first."""
    return sorted(load_table(TABLE)["period_end"].unique())


def us_personnel(period: str | None = None) -> pd.DataFrame:
    """DMDC rows (one per period and host) with ``host``, ``host_region``, ``services_sum`` and the caveat.

    ``services_sum`` is the sum of the six service columns; it equals DMDC's own total on every
    row (a test checks it). Greenland (GRL, part of the Kingdom of Denmark) and Canada are kept but
    are not European allies, so they are outside the European totals. Sorted by period, then by
    total, largest first.

    Raises:
        Nato3Error: ``period`` is not one of the report periods in the table (parameter ``period``).
    """
    from nato3.errors import Nato3Error

    df = load_table(TABLE)
    known = periods()
    if period is not None and period not in known:
        raise Nato3Error(f"no DMDC report for period {period!r}; available: {', '.join(known)}", parameter="period")
    if period is not None:
        df = df[df["period_end"] == period].copy()
    countries = _countries()
    df["host"] = [countries.get(c, (n, None))[0] for c, n in zip(df["iso3"], df["dmdc_country_name"], strict=True)]
    df["host_region"] = df["iso3"].map(lambda c: countries.get(c, (None, None))[1])
    df["services_sum"] = df[SERVICES].sum(axis=1)
    df["source_kind"] = "official"
    df["is_secondary"] = False
    df["caveat"] = DMDC_CAVEAT
    return df.sort_values(["period_end", TOTAL, "host"], ascending=[True, False, True]).reset_index(drop=True)


def europe_totals() -> pd.DataFrame:
    """DMDC total per period over the European allies, with how many of them were read."""
    from nato3.alliance.groups import get_group

    europe = set(get_group("europe").members)
    df = us_personnel()
    rows = []
    for period, part in df.groupby("period_end"):
        hosts = set(part.loc[part["iso3"].isin(europe), "iso3"])
        missing = sorted(europe - hosts)
        rows.append(
            {
                "period_end": period,
                "us_personnel": int(part.loc[part["iso3"].isin(europe), TOTAL].sum()),
                "hosts_read": len(hosts),
                "hosts_expected": len(europe),
                "hosts_missing": ";".join(missing),
                "complete": not missing,
                "caveat": DMDC_CAVEAT,
            }
        )
    return pd.DataFrame(rows)


def posture_summary(period: str | None = None) -> pd.DataFrame:
    """Permanently assigned US personnel by host (newest DMDC period by default), beside the US
    changes on record in the events table for that host.

    Columns: host, services, DMDC total, the previous period and its total where read, the counted
    US changes (executed; announced or planned) with their event ids, and the DMDC caveat. Changes
    are counted rows only (see :mod:`nato3.ledger.events`); rows with several hosts are not
    itemised per host and appear in :func:`us_timeline`.

    Raises:
        Nato3Error: unknown ``period``.
    """
    from nato3.ledger.events import events

    period = period or periods()[-1]
    df = us_personnel(period)
    all_rows = us_personnel()
    earlier = [p for p in periods() if p < period]
    df["previous_period"] = earlier[-1] if earlier else None
    df["previous_total"] = pd.array([pd.NA] * len(df), dtype="Int64")
    if earlier:
        prev = all_rows[all_rows["period_end"] == earlier[-1]].set_index("iso3")[TOTAL]
        df["previous_total"] = df["iso3"].map(prev).astype("Int64")
    ev = events()
    us = ev[(ev["actor_group"] == "us") & ev["counted"] & ~ev["host_iso3"].str.contains(";|EUR")]
    for status, column in (("executed", "us_change_executed"), ("announced or planned", "us_change_announced")):
        part = us[us["status_group"] == status]
        df[column] = df["iso3"].map(part.groupby("host_iso3")["change_personnel"].sum()).astype("Int64")
        df[column + "_events"] = df["iso3"].map(part.groupby("host_iso3")["event_id"].agg(";".join))
    return df


def us_reference_points() -> pd.DataFrame:
    """EUCOM/DoD totals of US forces in Europe (facts F22–F24), which include rotational forces."""
    facts = mark_sources(load_table("nato30_context_facts"))
    ref = facts[facts["fact_id"].isin(US_REFERENCE_FACTS)].copy()
    ref["value"] = pd.to_numeric(ref["value"])
    return ref.sort_values("as_of", kind="stable").reset_index(drop=True)


def us_timeline() -> pd.DataFrame:
    """US forces in Europe over time, as three labelled series that are never added together:

    * DMDC permanently assigned personnel in the European allies, per report period (levels;
      ``complete`` is False where hosts were not read);
    * EUCOM/DoD totals including rotational forces (F22–F24; levels, secondary sources);
    * counted US changes from the events table (changes, not levels; executed and announced).
    """
    return _us_timeline().copy()


@data_cache(maxsize=1)
def _us_timeline() -> pd.DataFrame:
    """The timeline, computed once per data generation (the forces and posture views both read
    it; callers get copies)."""
    from nato3.ledger.events import events

    rows = []
    for r in europe_totals().itertuples():
        note = DMDC_CAVEAT + ("" if r.complete else f" Hosts not read: {r.hosts_missing.replace(';', ', ')}.")
        rows.append(_point(r.period_end, SERIES_DMDC, "level", r.us_personnel, "official", note, "DMDC", r.complete))
    for r in us_reference_points().itertuples():
        label = f"{r.fact_id}: {r.source_title}"
        rows.append(_point(r.as_of, SERIES_REFERENCE, "level", r.value, r.source_kind, r.statement, label, True))
        rows[-1]["source_url"] = r.source_url
    ev = events()
    for r in ev[(ev["actor_group"] == "us") & ev["counted"]].itertuples():
        label = f"{r.event_id} ({r.status}, host {r.host_iso3}): {r.source_title}"
        rows.append(_point(r.date, SERIES_CHANGE, "change", r.change_personnel, r.source_kind, r.unit, label, True))
        rows[-1].update(source_url=r.source_url, status=r.status)
    return pd.DataFrame(rows).sort_values(["date", "series"], kind="stable").reset_index(drop=True)


def _point(date, series, kind, value, source_kind, note, source, complete) -> dict:
    return {
        "date": str(date),
        "series": series,
        "series_short": SHORT[series],
        "value_kind": kind,
        "us_personnel": float(value) if value is not None and not pd.isna(value) else None,
        "complete": bool(complete),
        "note": note,
        "source": source,
        "source_url": None,
        "status": None,
        "source_kind": source_kind,
        "is_secondary": is_secondary(source_kind),
    }
