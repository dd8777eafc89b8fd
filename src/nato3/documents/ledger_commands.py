"""The ledger's commands document: who holds NATO's nine senior posts now and after the
reallocation agreed on 6 February 2026, Europe's share of them (in all and by level), holders'
nationality on 1 January of each year, and every tenure on record.

Rendered by ``nato3 ledger commands``, ``GET /api/v1/ledger/commands``, the ledger page and the
report's ledger section (table, headline and chart).
"""

from __future__ import annotations

import pandas as pd

from nato3.documents import ledger_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

TABLES = ("nato_command_posts", "groups")
POSTS = [
    Column("post", "Post", kind="text"),
    Column("command", "Command", kind="text", display=False),
    Column("level", "Level", kind="text", priority=3),
    Column("holder_iso3_now", "Now", kind="text"),
    Column("holder_name_now", "Holder now", kind="text", priority=4),
    Column("holder_group_now", "Group now", kind="text", display=False),
    Column("uncertain_now", "Uncertain", kind="flag", priority=2),
    Column("basis_now", "Basis (now)", kind="text", display=False),
    Column("holder_iso3_after", "After", kind="text"),
    Column("holder_name_after", "Holder after", kind="text", display=False),
    Column("holder_group_after", "Group after", kind="text", display=False),
    Column("basis_after", "Basis (after)", kind="text", priority=5),
    Column("changes_group", "US↔Europe", kind="flag", priority=1, description="the post changes between US and Europe"),
    *[
        Column(f"{c.name}_{state}", f"{c.label} ({state})", kind=c.kind, display=False)
        for state in ("now", "after")
        for c in common.SOURCE_COLUMNS
    ],
]
SHARE = [
    Column("state", "State", kind="text"),
    Column("level", "Level", kind="text"),
    Column("posts", "Posts", kind="integer"),
    Column("europe", "Europe", kind="integer"),
    Column("us", "US", kind="integer"),
    Column("share_europe_pct", "Europe's share %", "%", digits=0, mark="derived"),
]
TENURES = [
    Column("post", "Post", kind="text"),
    Column("level", "Level", kind="text", display=False),
    Column("holder_iso3", "Holder", kind="text"),
    Column("holder_name", "Name", kind="text", priority=2),
    Column("holder_group", "Group", kind="text", display=False),
    Column("from_date", "From", kind="text"),
    Column("to_date", "To", kind="text"),
    Column("status", "Status", kind="text", priority=1),
    Column("uncertain", "Uncertain", kind="flag", priority=1),
    Column("named", "Holder named", kind="flag", display=False),
    *common.SOURCE_COLUMNS,
]


def _order(posts: pd.DataFrame) -> list[str]:
    """Posts by level (strategic, operational, component), then by name."""
    from nato3.ledger.commands import LEVELS

    pairs = posts[["post", "level"]].drop_duplicates()
    return sorted(pairs["post"], key=lambda p: (LEVELS.index(pairs.set_index("post").loc[p, "level"]), p))


def _holders(timeline: pd.DataFrame, order: list[str]) -> tuple[pd.DataFrame, list[Column]]:
    """Posts × dates → the holder's ISO3 code (missing where no tenure with a known start covers it)."""
    dates = list(dict.fromkeys(timeline["date"]))
    wide = timeline.pivot(index="post", columns="date", values="holder_iso3").reindex(order)
    wide.columns = [f"holder_{d.replace('-', '_')}" for d in wide.columns]
    wide = wide.reset_index()
    columns = [Column("post", "Post", kind="text")] + [
        Column(
            f"holder_{d.replace('-', '_')}",
            d[:4] if d.endswith("-01-01") else d,
            kind="text",
            priority=max(0, 2 - i),  # the oldest dates give way first on a narrow terminal
        )
        for i, d in enumerate(dates)
    ]
    wide["marks"] = [{} for _ in range(len(wide))]
    return wide, columns


def build() -> Document:
    """NATO's senior posts now, after the agreed reallocation, over time and in all."""
    from nato3.ledger import commands as analysis

    posts = analysis.command_posts(commands_only=True)
    order = _order(posts)
    rank = {p: i for i, p in enumerate(order)}
    counted = analysis.command_changes()
    changes = counted.sort_values("post", key=lambda s: s.map(rank)).reset_index(drop=True)
    now = common.marks(changes, ["holder_iso3_now"], None, secondary="is_secondary_now")
    changes["marks"] = common.marks(changes, ["holder_iso3_after"], None, secondary="is_secondary_after", extra=now)
    share = analysis.command_share(counted)
    share["marks"] = [{} for _ in range(len(share))]
    holders, holder_columns = _holders(analysis.command_timeline(), order)
    tenures = posts.sort_values("post", key=lambda s: s.map(rank), kind="stable").reset_index(drop=True)
    tenures["marks"] = common.marks(tenures, ["holder_iso3"], "post")

    tables = {
        "posts": Table(
            "posts",
            "Senior NATO posts: now and after the reallocation agreed on 6 Feb 2026",
            POSTS,
            common.select(changes, POSTS),
        ),
        "post_share": Table("post_share", "Europe's share of the senior posts", SHARE, common.select(share, SHARE)),
        "holders": Table(
            "holders",
            "Holder's nationality on 1 January",
            holder_columns,
            common.select(holders, holder_columns),
            notes=[analysis.UNKNOWN_NOTE],
        ),
        "tenures": Table("tenures", "Every tenure on record", TENURES, common.select(tenures, TENURES)),
    }
    return Document(
        kind="ledger_commands",
        title="NATO's senior command posts: who holds them now and after the 6 Feb 2026 reallocation",
        parameters={},
        tables=tables,
        sources=sources(*TABLES),
        caveats=common.caveats(
            analysis.CAVEATS,
            [common.SECONDARY_NOTE] if common.any_secondary(changes, tenures) else [],
            common.table_caveats("nato_command_posts"),
        ),
        notes=[f"Decision: {analysis.DECISION}."],
    )
