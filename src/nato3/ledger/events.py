"""The force-posture ledger: US and European changes to forces in Europe, by date and host.

Built from ``force_posture_events`` (one row per announced, planned or executed change). Two kinds
of row must not be added up blindly (SOURCES.md, section 8), and this module handles both
explicitly:

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
from functools import lru_cache

import pandas as pd

from nato3.ledger.provenance import load_table, mark_sources, with_meta

TABLE = "force_posture_events"
ACTOR_GROUPS = ("us", "europe", "canada", "mixed")
STATUS_GROUPS = {"executed": "executed", "announced": "announced or planned", "planned": "announced or planned"}

# Rows that report a level rather than a change (SOURCES.md §8). Never summed.
LEVEL_ROWS = {
    **{f"FP0{n}": "eFP battlegroup strength reported by NATO on 28 June 2022" for n in range(18, 26)},
    "FP040": "Panzerbrigade 45: formal establishment with a target strength",
    "FP041": "Panzerbrigade 45: strength on site at activation",
    "FP045": "Panzerbrigade 45: the battlegroup subordinated on 4 Feb 2026, strength on site",
    "FP043": "Canada in Latvia, 2025: troops deployed",
}
_FEB_JUN_2022 = "the US '+20,000 since February 2022' of 29 June 2022 (FP029) already counts it (SOURCES.md §8)"
# Rows left out of every sum because another row counts the same troops: row → (counted row, why).
NOT_ADDED = {
    "FP003": ("FP004", "the UK battlegroup in Estonia is one of the four battlegroups in the 4,500 of FP004"),
    "FP008": ("FP029", "February 2022 US deployment: " + _FEB_JUN_2022),
    "FP009": ("FP029", "moved from Germany to Romania (net 0 for Europe); " + _FEB_JUN_2022),
    "FP010": ("FP029", "February 2022 US deployment: " + _FEB_JUN_2022),
    "FP012": (
        "FP017",
        "Romania rows of 2022 overlap (SOURCES.md §8): the 3,300 of 5 April 2022 include this battalion",
    ),
    "FP016": ("FP029", "US deployment of April 2022: " + _FEB_JUN_2022),
    "FP027": ("FP029", "Romania rows of 2022 overlap (SOURCES.md §8); US forces added since February are in FP029"),
    "FP005": ("FP006", "withdrawal announced in 2020, halted on 4 Feb 2021 and cancelled; no troops moved"),
}
# Multinational rows whose US part may also be inside FP029 (the US share is not given, so not split).
MAY_OVERLAP_US = {"FP014", "FP017"}
_LEVEL_IN_NOTES = re.compile(r"level\s*(?:=|about)\s*([\d,]+)", re.IGNORECASE)


@lru_cache(maxsize=1)
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


def events() -> pd.DataFrame:
    """Every event row, classified.

    Adds ``actor_group``, ``status_group`` (executed / announced or planned), ``row_type`` (change,
    level, no figure), ``level_personnel`` (levels only, for display), ``counted`` and ``reason``
    (why a row is not added, or a caveat), ``source_kind``/``is_secondary``/``src``. Provenance and
    caveats in ``attrs``.
    """
    raw = load_table(TABLE)
    df = mark_sources(raw)
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
    df = df.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    ours = [
        "nato3 adds only counted rows: levels, rows without a figure and overlapping rows are listed, never added.",
        "Executed and announced changes are summed apart: an announcement and its execution are the same troops.",
        f"'mixed' rows have several actors including the US and are not split; {', '.join(sorted(MAY_OVERLAP_US))} "
        "may include US troops also in FP029, so a total across groups can count some troops twice.",
    ]
    return with_meta(df, raw.attrs["sources"], raw.attrs["caveats"] + df.attrs.get("caveats", []) + ours)


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


def ledger(by: str = "date", host: str | None = None) -> pd.DataFrame:
    """Counted personnel changes: US vs European (vs Canadian vs mixed), executed apart from announced.

    Args:
        by: 'date' (one row per date and status group), 'host' (per host key and status group) or
            'total' (per status group).
        host: keep only events whose host list contains this ISO3 code (or 'EUR').

    Only ``counted`` rows enter the sums; levels, rows without a figure and overlapping rows are
    left out (see :func:`events`). Values are persons; ``event_ids`` names the rows summed.

    Raises:
        Nato3Error: unknown ``by`` or a host code that no event has.
    """
    from nato3.errors import Nato3Error

    keys = {"date": ["date", "status_group"], "host": ["host_iso3", "status_group"], "total": ["status_group"]}
    if by not in keys:
        raise Nato3Error(f"unknown ledger view {by!r}; allowed: {', '.join(keys)}")
    df = events()
    if host:
        code = host.strip().upper()
        mask = df["host_iso3"].str.split(";").map(lambda codes: code in codes)
        if not mask.any():
            hosts = sorted({c for h in df["host_iso3"] for c in h.split(";")})
            raise Nato3Error(f"no event has host {host!r}; hosts in the events table: {', '.join(hosts)}")
        df = df[mask]
    counted = df[df["counted"]].copy()
    counted["change_personnel"] = counted["change_personnel"].astype("int64")
    out = _pivot(counted, keys[by])
    return with_meta(out, df.attrs["sources"], df.attrs["caveats"], view=by, host=host)
