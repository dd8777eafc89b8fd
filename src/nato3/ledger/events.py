"""The force-posture ledger: US and European changes to forces in Europe, by date and host.

Built from ``force_posture_events`` (one row per announced, planned or executed change). Two kinds
of row must not be added up blindly, and the table says for each row how it is counted, in its
``counting`` column (with ``counted_in`` and the reason in ``counting_note``; the descriptor
describes them), so the decisions are data reviewed with the rows, not code:

* **Level rows** (``level``) report a strength, not a change (the eight eFP battlegroups of
  28 June 2022, the Panzerbrigade 45 rows, Canada 2025). Their ``change_personnel`` is blank; the
  level the source gives is parsed from ``notes`` into ``level_personnel`` for display and is
  never summed.
* **Overlapping rows** (``not_added``) count troops another row (``counted_in``) already counts:
  the Romania rows of 2022 and the February 2022 US deployments, which the US "+20,000 since
  February" of 29 June 2022 includes. They stay in the table with ``counted = False``.
* Multinational rows whose US part may also be in another row (``may_overlap_us``) are added,
  and a caveat says so; rows without a figure (``no_figure``) are listed only.

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

# How each ``counting`` value enters the ledger: (row type, counted).
COUNTING = {
    "counted": ("change", True),
    "may_overlap_us": ("change", True),
    "not_added": ("change", False),
    "level": ("level", False),
    "no_figure": ("no figure", False),
}
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


def _reason(row: pd.Series) -> str:
    """Why a row is counted as it is, in words (empty for a plain counted row)."""
    note, by = row["counting_note"], row["counted_in"]
    note = "" if pd.isna(note) else note
    return {
        "level": f"level, not a change: {note}",
        "not_added": f"not added (see {by}): {note}",
        "may_overlap_us": note,
        "no_figure": note or "the source gives no personnel figure",
    }.get(row["counting"], note)


def check_counting(df: pd.DataFrame) -> None:
    """The table's counting decisions agree with its figures.

    Raises:
        DataValidationError: a level or no-figure row with a change, a counted row without one, or
            a not-added row whose ``counted_in`` is not a counted row (naming the event and field).
    """
    from nato3.errors import DataValidationError

    counted = set(df.loc[df["counting"].isin(["counted", "may_overlap_us"]), "event_id"])
    for line, r in enumerate(df.to_dict("records"), start=2):
        where = (f"{TABLE} (event {r['event_id']})", line)
        blank = pd.isna(r["change_personnel"])
        if r["counting"] in ("level", "no_figure") and not blank:
            raise DataValidationError(*where, "counting", f"a {r['counting']} row has a change; counted rows have one")
        if r["counting"] in ("counted", "not_added", "may_overlap_us") and blank:
            raise DataValidationError(*where, "counting", f"a {r['counting']} row needs change_personnel")
        if r["counting"] in ("not_added", "may_overlap_us") and r["counted_in"] not in counted:
            raise DataValidationError(*where, "counted_in", f"{r['counted_in']!r} is not a counted event")


CAVEATS = (
    "nato3 adds only counted rows: levels, rows without a figure and overlapping rows are listed, never added.",
    "Executed and announced changes are summed apart: an announcement and its execution are the same troops.",
)


def mixed_caveat() -> str:
    """What the 'mixed' column and the may-overlap rows mean for a total across groups."""
    df = load_table(TABLE)
    overlap = df[df["counting"] == "may_overlap_us"]
    rows = ", ".join(f"{r.event_id} (with {r.counted_in})" for r in overlap.itertuples())
    return (
        "'mixed' rows have several actors including the US and are not split"
        + (f"; {rows} may include US troops counted in that row too" if rows else "")
        + ", so a total across groups can count some troops twice."
    )


def events() -> pd.DataFrame:
    """Every event row, classified, in date order.

    Adds ``actor_group``, ``status_group`` (executed / announced or planned), ``row_type`` (change,
    level, no figure) and ``counted`` (from the table's ``counting``), ``reason`` (why a row is not
    added, or a caveat: from ``counting_note``), ``level_personnel`` (levels only, for display),
    ``source_kind``/``is_secondary``.

    Raises:
        DataValidationError: the table's counting decisions contradict its figures.
    """
    return _events().copy()


@data_cache(maxsize=1)
def _events() -> pd.DataFrame:
    """The classified events, computed once per data generation: the ledger's views ask for them
    six times in a report (callers get copies, so none changes another's)."""
    df = mark_sources(load_table(TABLE))
    check_counting(df)
    df["actor_group"] = df["actor_iso3"].map(actor_group)
    df["status_group"] = df["status"].map(STATUS_GROUPS)
    df["row_type"] = df["counting"].map(lambda c: COUNTING[c][0])
    df["counted"] = df["counting"].map(lambda c: COUNTING[c][1]).astype(bool)
    df["reason"] = [_reason(r) for _, r in df.iterrows()]
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
