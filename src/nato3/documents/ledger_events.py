"""The ledger's events document: counted changes to forces in Europe, US vs European vs Canadian
vs mixed, executed apart from announced (by date, by host or in total), the totals, and every
event row with whether it is counted and why not.

Level rows (strengths, not changes) and rows another row already counts are listed with their
reason and never summed. A sum carries † when any row in it comes from a secondary source.
Rendered by ``nato3 ledger events``, ``GET /api/v1/ledger/events``, the ledger page and the
report's ledger section (the totals).
"""

from __future__ import annotations

from nato3.documents import ledger_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

TABLES = ("force_posture_events", "countries")
GROUPS = [
    Column("us", "US", "persons", kind="integer"),
    Column("europe", "Europe", "persons", kind="integer"),
    Column("canada", "Canada", "persons", kind="integer", priority=1),
    Column("mixed", "Mixed (not split)", "persons", kind="integer", description="several actors including the US"),
    Column(
        "total",
        "Total",
        "persons",
        kind="integer",
        priority=2,
        description="may count some troops twice: see the caveats",
    ),
]
KEYS = {
    "date": [Column("date", "Date", kind="text")],
    "host": [
        Column("host_iso3", "Host", kind="text", description="ISO3 codes; EUR = several European hosts"),
        Column("host", "Host by name", kind="text", display=False),
    ],
    "total": [],
}
STATUS = Column("status_group", "Status", kind="text", description="executed, or announced or planned")
EVENT_IDS = Column("event_ids", "Events", kind="text", priority=3, description="the rows summed")
EVENTS = [
    Column("event_id", "Event", kind="text"),
    Column("date", "Date", kind="text"),
    Column("actor_iso3", "Actor", kind="text", priority=3),
    Column("actor_group", "Group", kind="text", priority=1),
    Column("host_iso3", "Host", kind="text", priority=2, description="EUR = several European hosts"),
    Column("change_personnel", "Change", "persons", kind="integer"),
    Column("level_personnel", "Level", "persons", kind="integer", priority=1, description="a level, never summed"),
    Column("status", "Status", kind="text"),
    Column("status_group", "Status group", kind="text", display=False),
    Column("counted", "Counted", kind="flag"),
    Column("row_type", "Row type", kind="text", display=False, description="change, level or no figure"),
    Column("counting", "Counting", kind="text", display=False, description="the table's decision: see its descriptor"),
    Column("counted_in", "Counted in", kind="text", display=False, description="the row that counts the same troops"),
    Column("reason", "Why not added", kind="text", priority=6),
    Column("unit", "Unit", kind="text", priority=7),
    Column("description", "Description", kind="text", display=False),
    *common.SOURCE_COLUMNS,
]


def _sum_marks(frame) -> list[dict[str, tuple[str, ...]]]:
    """† on each actor group's sum (and the total) that includes a row from a secondary source."""
    out = []
    for groups in frame["secondary_groups"]:
        marked = [g for g in groups.split(";") if g]
        out.append({g: ("secondary",) for g in [*marked, *(["total"] if marked else [])]})
    return out


def build(by: str = "date", host: str | None = None) -> Document:
    """The ledger by ``by`` (date, host or total), for events in ``host`` (an ISO3 code or EUR) or all.

    Raises:
        Nato3Error: unknown ``by`` or a host no event has (naming the parameter).
    """
    from nato3.ledger.events import CAVEATS, check_host, events, host_name, in_host, ledger, mixed_caveat

    table = ledger(by=by, host=host)
    host = check_host(host)
    totals = ledger(by="total", host=host)
    rows = in_host(events(), host)
    table["marks"], totals["marks"] = _sum_marks(table), _sum_marks(totals)
    rows["marks"] = common.marks(rows, ["change_personnel", "level_personnel"], "event_id")

    sums = [*KEYS[by], STATUS, *GROUPS, EVENT_IDS]
    totals_columns = [STATUS, *GROUPS, EVENT_IDS]
    where = f" in {host_name(host)}" if host else ""
    left_out = rows[~rows["counted"]]
    tables = {
        "ledger": Table(
            "ledger", f"Counted changes to forces in Europe{where}, by {by} (persons)", sums, common.select(table, sums)
        ),
        "totals": Table(
            "totals",
            f"Counted changes{where} in total (persons)",
            totals_columns,
            common.select(totals, totals_columns),
        ),
        "events": Table(
            "events",
            f"Force-posture events{where} (levels and overlapping rows are listed, never added)",
            EVENTS,
            common.select(rows, EVENTS),
            notes=[f"{r.event_id}: {r.reason}" for r in left_out.itertuples()],
        ),
    }
    return Document(
        kind="ledger_events",
        title=f"Changes to forces in Europe{where}: US and European, executed and announced",
        parameters=common.parameters(by=by, host=host),
        tables=tables,
        sources=sources(*TABLES),
        caveats=common.caveats(
            CAVEATS,
            [mixed_caveat()],
            [common.SECONDARY_NOTE] if common.any_secondary(rows) else [],
            common.table_caveats("force_posture_events"),
        ),
    )
