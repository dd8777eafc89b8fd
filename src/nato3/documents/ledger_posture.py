"""The ledger's posture document: US personnel permanently assigned in each host (DMDC), DMDC's
totals over the European allies, and US forces in Europe over time (DMDC levels, EUCOM/DoD
reference points and counted changes, never added together).

DMDC leaves out rotational forces: the caveat is the document's first, in every table's title
and on every DMDC row (``caveat``). Rendered by ``nato3 ledger posture``,
``GET /api/v1/ledger/posture``, the ledger page and the report's ledger section.
"""

from __future__ import annotations

from nato3.documents import ledger_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

TABLES = ("us_personnel_dmdc", "nato30_context_facts", "force_posture_events", "countries")

HOSTS = [
    Column("host", "Host", kind="text"),
    Column("iso3", "ISO3", kind="text", display=False),
    Column("host_region", "Region", kind="text", display=False),
    Column("us_active_duty_military_total", "US personnel", "persons", kind="integer"),
    Column("previous_total", "Previous", "persons", kind="integer", priority=1),
    Column("us_army", "Army", "persons", kind="integer", priority=2),
    Column("us_air_force", "Air Force", "persons", kind="integer", priority=2),
    Column("us_navy", "Navy", "persons", kind="integer", priority=3),
    Column("us_marine_corps", "Marines", "persons", kind="integer", priority=3),
    Column("us_space_force", "Space Force", "persons", kind="integer", priority=4),
    Column("us_coast_guard", "Coast Guard", "persons", kind="integer", priority=4),
    Column("us_change_executed", "US change, executed", "persons", kind="integer", priority=1),
    Column("us_change_executed_events", "Events (executed)", kind="text", priority=5),
    Column("us_change_announced", "US change, announced", "persons", kind="integer", priority=1),
    Column("us_change_announced_events", "Events (announced)", kind="text", priority=5),
    Column("services_sum", "Sum of services", "persons", kind="integer", display=False),
    Column("period_end", "DMDC period", kind="text", display=False),
    Column("previous_period", "Previous DMDC period", kind="text", display=False),
    Column("caveat", "Caveat", kind="text", display=False),
]
TOTALS = [
    Column("period_end", "DMDC period", kind="text"),
    Column("us_personnel", "US personnel, European allies", "persons", kind="integer"),
    Column("hosts_read", "Hosts read", kind="integer"),
    Column("hosts_expected", "of", kind="integer"),
    Column("hosts_missing", "Not read", kind="text", priority=1),
    Column("complete", "Complete", kind="flag", display=False),
    Column("caveat", "Caveat", kind="text", display=False),
]
TIMELINE = [
    Column("date", "Date", kind="text"),
    Column("series_short", "Series", kind="text"),
    Column("series", "Series, in full", kind="text", display=False),
    Column("value_kind", "Kind", kind="text"),
    Column("us_personnel", "US personnel", "persons", kind="integer", description="a level, or a change"),
    Column("status", "Status", kind="text", priority=1),
    Column("source", "Source", kind="text", priority=3),
    Column("complete", "All hosts read", kind="flag", display=False),
    Column("note", "Note", kind="text", display=False),
    Column("source_url", "Source address", kind="text", display=False),
    Column("source_kind", "Kind of source", kind="text", display=False),
    Column("is_secondary", "Secondary source", kind="flag", display=False),
]


def build(period: str | None = None) -> Document:
    """US posture in ``period`` (a DMDC report, YYYY-MM; default the newest).

    Raises:
        Nato3Error: unknown ``period`` (naming the parameter and the periods available).
    """
    from nato3.ledger import posture

    hosts = posture.posture_summary(period)
    period = hosts["period_end"].iloc[0]
    hosts["marks"] = common.marks(hosts, [c.name for c in HOSTS if c.kind == "integer"], "host")
    totals = posture.europe_totals()
    totals["marks"] = [{} for _ in range(len(totals))]
    timeline = posture.us_timeline()
    timeline["marks"] = common.marks(timeline, ["us_personnel"], "date")

    excluded = "rotational forces excluded"
    tables = {
        "hosts": Table(
            "hosts",
            f"US active-duty personnel permanently assigned, by host (DMDC {period}; {excluded})",
            HOSTS,
            common.select(hosts, HOSTS),
            notes=[posture.DMDC_CAVEAT],
        ),
        "europe_totals": Table(
            "europe_totals",
            f"DMDC totals over the European allies ({excluded})",
            TOTALS,
            common.select(totals, TOTALS),
        ),
        "timeline": Table(
            "timeline",
            "US forces in Europe over time: levels (DMDC; EUCOM/DoD incl. rotational) and changes, never added",
            TIMELINE,
            common.select(timeline, TIMELINE),
        ),
    }
    previous = hosts["previous_period"].iloc[0]
    notes = [f"Previous: DMDC {previous}, where that report read the host."] if previous else []
    return Document(
        kind="ledger_posture",
        title=f"US posture in Europe, DMDC {period} ({excluded})",
        parameters=common.parameters(period=period),
        tables=tables,
        sources=sources(*TABLES),
        caveats=common.caveats(
            [posture.DMDC_CAVEAT, posture.REFERENCE_CAVEAT, posture.CHANGES_CAVEAT],
            [common.SECONDARY_NOTE] if common.any_secondary(timeline) else [],
            common.table_caveats("us_personnel_dmdc"),
        ),
        notes=notes,
    )
