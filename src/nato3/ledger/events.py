"""The force-posture ledger: US and European changes to forces in Europe, by date and host.

Built from ``force_posture_events`` (one row per announced, planned or executed change). Two kinds
of row must not be added up blindly (the table's descriptor says so in its caveats), and this
module handles both explicitly:

* **Level rows** report a strength, not a change (the eight eFP battlegroups of 28 June 2022, the
  Panzerbrigade 45 rows, Canada 2025). Their ``change_personnel`` is blank; the level the source
  gives is parsed from ``notes`` into ``level_personnel`` for display and is never summed.
* **Overlapping rows** count troops another row already counts: the Romania rows of 2022 and the
  February 2022 US deployments, which the US "+20,000 since February" of 29 June 2022 includes.
  Each is listed in :data:`NOT_ADDED` with the row that counts it and why; it stays in the table
  with ``counted = False``.

Executed changes and announced/planned ones are kept in separate columns: an announcement and its
execution are the same troops, so they are never added together. Rows with several actors that
include the US (NATO battlegroups) cannot be split between the US and Europe without inventing a
split, so they form their own ``mixed`` column. Rows with several hosts keep their combined host
key ("POL;EST;LVA;LTU"; "EUR" = several European hosts, not itemised).
"""

from __future__ import annotations

import re

import pandas as pd

from nato3.ledger.provenance import load_table, mark_sources
from nato3.store.cache import data_cache

TABLE = "force_posture_events"
ACTOR_GROUPS = ("us", "europe", "canada", "mixed")
STATUS_GROUPS = {"executed": "executed", "announced": "announced or planned", "planned": "announced or planned"}

# Rows that report a level rather than a change (the table's descriptor, caveats). Never summed.
LEVEL_ROWS = {
    **{f"FP0{n}": "eFP battlegroup strength reported by NATO on 28 June 2022" for n in range(18, 26)},
    "FP040": "Panzerbrigade 45: formal establishment with a target strength",
    "FP041": "Panzerbrigade 45: strength on site at activation",
    "FP045": "Panzerbrigade 45: planned strength after subordinating the battlegroup",
    "FP043": "Canada in Latvia, 2025: troops deployed",
}
_FEB_JUN_2022 = "the US '+20,000 since February 2022' of 29 June 2022 (FP029) already counts it"
# Rows left out of every sum because another row counts the same troops: row → (counted row, why).
NOT_ADDED = {
    "FP003": ("FP004", "the UK battlegroup in Estonia is one of the four battlegroups in the 4,500 of FP004"),
    "FP008": ("FP029", "February 2022 US deployment: " + _FEB_JUN_2022),
    "FP009": ("FP029", "moved from Germany to Romania (net 0 for Europe); " + _FEB_JUN_2022),
    "FP010": ("FP029", "February 2022 US deployment: " + _FEB_JUN_2022),
    "FP012": (
        "FP017",
        "Romania rows of 2022 overlap: the 3,300 of 5 April 2022 include this battalion",
    ),
    "FP016": ("FP029", "US deployment of April 2022: " + _FEB_JUN_2022),
    "FP027": ("FP029", "Romania rows of 2022 overlap; US forces added since February are in FP029"),
    "FP005": ("FP006", "withdrawal announced in 2020, halted on 4 Feb 2021 and cancelled; no troops moved"),
}
# Multinational rows whose US part may also be inside FP029 (the US share is not given, so not split).
MAY_OVERLAP_US = {"FP014", "FP017"}
_LEVEL_IN_NOTES = re.compile(r"level\s*(?:=|about)\s*([\d,]+)", re.IGNORECASE)


@data_cache(maxsize=1)
def _europe() -> frozenset[str]:
    from nato3.alliance.groups import get_group

    return frozenset(get_group("europe").members)


def actor_group(actor_iso3: str) -> str:
    """'us', 'europe' (all actors European allies), 'canada', or 'mixed' (several allies incl. the US, or NATO)."""
    codes = set(actor_iso3.split(";"))
    if codes == {"USA"}:
        return "us"
    if codes == {"CAN"}:
        return "canada"
    if codes <= _europe():
        return "europe"
    return "mixed"


def _level(notes: str | None) -> float | None:
    match = _LEVEL_IN_NOTES.search(notes if isinstance(notes, str) else "")
    return float(match.group(1).replace(",", "")) if match else None


def _classify(row: pd.Series) -> tuple[str, bool, str]:
    """(row_type, counted, reason) for one event row."""
    eid = row["event_id"]
    if eid in LEVEL_ROWS:
        return "level", False, f"level, not a change: {LEVEL_ROWS[eid]}"
    if pd.isna(row["change_personnel"]):
        return "no figure", False, "the source gives no personnel figure"
    if eid in NOT_ADDED:
        by, why = NOT_ADDED[eid]
        return "change", False, f"not added (see {by}): {why}"
    if eid in MAY_OVERLAP_US:
        return "change", True, "multinational: its US part may also be in FP029 (not split: the source gives no split)"
    return "change", True, ""


CAVEATS = (
    "nato3 adds only counted rows: levels, rows without a figure and overlapping rows are listed, never added.",
    "Executed and announced changes are summed apart: an announcement and its execution are the same troops.",
)


def mixed_caveat() -> str:
    return (
        f"'mixed' rows have several actors including the US and are not split; {', '.join(sorted(MAY_OVERLAP_US))} "
        "may include US troops also in FP029, so a total across groups can count some troops twice."
    )


def events() -> pd.DataFrame:
    """Every event row, classified, in date order.

    Adds ``actor_group``, ``status_group`` (executed / announced or planned), ``row_type`` (change,
    level, no figure), ``level_personnel`` (levels only, for display), ``counted`` and ``reason``
    (why a row is not added, or a caveat), ``source_kind``/``is_secondary``.
    """
    df = mark_sources(load_table(TABLE))
    df["actor_group"] = df["actor_iso3"].map(actor_group)
    df["status_group"] = df["status"].map(STATUS_GROUPS)
    classified = [_classify(r) for _, r in df.iterrows()]
    df["row_type"] = [c[0] for c in classified]
    df["counted"] = [c[1] for c in classified]
    df["reason"] = [c[2] for c in classified]
    df["level_personnel"] = [
        _level(n) if t == "level" else None for n, t in zip(df["notes"], df["row_type"], strict=True)
    ]
    df["level_personnel"] = pd.to_numeric(df["level_personnel"]).astype("Float64")
    df["change_personnel"] = pd.to_numeric(df["change_personnel"]).astype("Int64")
    return df.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def hosts() -> list[str]:
    """Every host code in the events table (EUR = several European hosts, not itemised)."""
    return sorted({c for h in load_table(TABLE)["host_iso3"] for c in h.split(";")})


def check_host(host: str | None) -> str | None:
    """``host`` as an upper-case code that some event has, or None.

    Raises:
        Nato3Error: no event has that host (parameter ``host``).
    """
    from nato3.errors import Nato3Error

    if host is None:
        return None
    code = host.strip().upper()
    if code not in hosts():
        raise Nato3Error(f"no event has host {host!r}; hosts in the events table: {', '.join(hosts())}", "host")
    return code


def host_name(key: str) -> str:
    """A host key by name: "POL;EST" → "Poland, Estonia"; EUR → "several European hosts"."""
    from nato3.alliance.membership import allies

    names = allies()
    return ", ".join("several European hosts" if c == "EUR" else names.get(c, c) for c in key.split(";"))


def in_host(df: pd.DataFrame, host: str | None) -> pd.DataFrame:
    """The rows of ``df`` whose host list contains ``host`` (all rows when None)."""
    if host is None:
        return df
    return df[df["host_iso3"].str.split(";").map(lambda codes: host in codes)]


def _pivot(counted: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum counted changes by ``keys`` × actor group; one column per group plus the total."""
    if counted.empty:
        return pd.DataFrame(columns=[*keys, *ACTOR_GROUPS, "total", "event_ids"])
    sums = counted.pivot_table(
        index=keys, columns="actor_group", values="change_personnel", aggfunc="sum", fill_value=0
    ).reindex(columns=list(ACTOR_GROUPS), fill_value=0)
    sums.columns.name = None
    sums = sums.astype("int64")
    sums["total"] = sums[list(ACTOR_GROUPS)].sum(axis=1)
    ids = counted.groupby(keys)["event_id"].agg(lambda s: ";".join(s))
    return sums.join(ids.rename("event_ids")).reset_index()


VIEWS = {"date": ["date", "status_group"], "host": ["host_iso3", "status_group"], "total": ["status_group"]}


def ledger(by: str = "date", host: str | None = None) -> pd.DataFrame:
    """Counted personnel changes: US vs European (vs Canadian vs mixed), executed apart from announced.

    Args:
        by: 'date' (one row per date and status group), 'host' (per host key and status group) or
            'total' (per status group).
        host: keep only events whose host list contains this ISO3 code (or 'EUR').

    Only ``counted`` rows enter the sums; levels, rows without a figure and overlapping rows are
    left out (see :func:`events`). Values are persons; ``event_ids`` names the rows summed;
    ``secondary_groups`` the actor groups whose sum includes a row from a secondary source. By
    host, rows carry the host's name (``host``) and are sorted by it.

    Raises:
        Nato3Error: unknown ``by`` or a host code that no event has (naming the parameter).
    """
    from nato3.errors import Nato3Error

    if by not in VIEWS:
        raise Nato3Error(f"unknown ledger view {by!r}; allowed: {', '.join(VIEWS)}", parameter="by")
    df = in_host(events(), check_host(host))
    counted = df[df["counted"]].copy()
    counted["change_personnel"] = counted["change_personnel"].astype("int64")
    out = _pivot(counted, VIEWS[by])
    secondary = (
        counted[counted["is_secondary"]].groupby(VIEWS[by])["actor_group"].agg(lambda s: ";".join(sorted(set(s))))
    )
    out = out.merge(secondary.rename("secondary_groups").reset_index(), on=VIEWS[by], how="left")
    out["secondary_groups"] = out["secondary_groups"].fillna("")
    if by == "host":
        out.insert(0, "host", out["host_iso3"].map(host_name))
        out = out.sort_values(["host", "status_group"], kind="stable").reset_index(drop=True)
    return out
