"""The NATO 3.0 ledger: Europe's share of military personnel against US forces in Europe, who
holds NATO's senior posts now and after the agreed reallocation, DMDC's count of US forces in
Europe and the counted changes to US and European forces.

Everything is read from the ledger's documents (``ledger_forces``, ``ledger_commands``,
``ledger_posture``, ``ledger_events``): the tables are theirs, marks included, and the charts are
drawn from them. The section shows the ledger as it stands; it does not depend on the report's
year or edition.
"""

from __future__ import annotations

from typing import Any

from nato3.report.charts import drawn_chart
from nato3.report.context import ReportContext
from nato3.report.format import pct
from nato3.report.section import Section, SummaryRow

ID = "ledger"
TITLE = "The NATO 3.0 ledger"  # CONCEPT's ledger
ORDER = 50
CONCEPT = "NATO 3.0"
KINDS = ("ledger_forces", "ledger_commands", "ledger_posture", "ledger_events")


def documents() -> dict[str, Any]:
    """The section's documents by short name (forces, commands, posture, events by total)."""
    from nato3.documents import build

    return {
        "forces": build("ledger_forces"),
        "commands": build("ledger_commands"),
        "posture": build("ledger_posture"),
        "events": build("ledger_events", by="total"),
    }


def _posts(commands) -> tuple[dict[str, Any], dict[str, Any]]:
    """The post_share rows over all posts: now, and after the agreed reallocation."""
    overall = [r for r in commands.tables["post_share"].records() if r["level"] == "all"]
    return overall[0], overall[-1]


def build(ctx: ReportContext) -> Section:
    from nato3.ledger import charts

    docs = documents()
    latest = docs["forces"].tables["latest"].records()[0]
    now, after = _posts(docs["commands"])
    references = [r for r in docs["posture"].tables["timeline"].records() if r["series_short"] == "EUCOM/DoD"]
    shares = [r["share_europe_pct"] for r in docs["forces"].tables["force_share"].records()]

    def cite(doc) -> str:
        return "; ".join(s.cite() for s in doc.sources if s.kind != "reference")

    force_alt = (
        f"Two panels: European allies' military personnel over time, and Europe's share of personnel against US "
        f"forces in Europe at {len(shares)} reference dates, from {pct(min(shares), 1)} to {pct(max(shares), 1)}."
    )
    command_alt = (
        f"Timeline of who held NATO's {now['posts']} senior posts, US or European: Europe holds {now['europe']} now "
        f"and {after['europe']} after the agreed reallocation."
    )
    chart_list = {
        "forces": drawn_chart(
            lambda path: charts.forces_chart(docs["forces"], path),
            "chart-ledger-forces",
            force_alt,
            "Europe's military personnel and its share against US forces in Europe.",
            cite(docs["forces"]),
            inputs=(docs["forces"],),
        ),
        "commands": drawn_chart(
            lambda path: charts.commands_chart(docs["commands"], path),
            "chart-ledger-commands",
            command_alt,
            "Holders of NATO's senior posts over time; squares: the agreed reallocation.",
            cite(docs["commands"]),
            inputs=(docs["commands"],),
        ),
    }
    summary = [
        SummaryRow(
            "Europe's share of personnel", pct(latest["share_europe_pct"], 1), f"vs US in Europe, {latest['date']}"
        ),
        SummaryRow(
            "Senior NATO posts, Europe",
            f"{now['europe']} of {now['posts']} → {after['europe']}",
            "now → agreed reallocation",
        ),
    ]
    return Section(
        id=ID,
        title=TITLE,
        values={
            "concept": CONCEPT,
            **docs,
            "latest": latest,
            "now": now,
            "after": after,
            "references": references,
        },
        charts=chart_list,
        sources=sorted({s.table for doc in docs.values() for s in doc.sources}),
        summary=summary,
    )
