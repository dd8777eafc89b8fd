"""The ledger's forces document: Europe's share of military personnel against US forces in
Europe at every dated US figure, the European allies' personnel per year (NATO Table 7), and
the headline row (the newest US figure from an official source).

Personnel is a proxy, not capability; against DMDC (rotational forces excluded) Europe's share is
an upper bound. Rendered by ``nato3 ledger forces``, ``GET /api/v1/ledger/forces``, the ledger
page and the report's ledger section.
"""

from __future__ import annotations

from nato3.documents import ledger_common as common
from nato3.documents.model import Column, Document, EditionUse, Table
from nato3.store.sources import sources

SHARE = [
    Column("date", "US as of", kind="text"),
    Column("us_series", "US series", kind="text", priority=3),
    Column("us_in_europe", "US in Europe", "persons", kind="integer"),
    Column("europe_personnel", "European allies", "persons", digits=0),
    Column("europe_year", "Year", kind="year", priority=1, description="NATO's year of the European figure"),
    Column(
        "share_europe_pct",
        "Europe's share %",
        "%",
        digits=1,
        mark="derived",
        description="Europe ÷ (Europe + US in Europe), personnel",
    ),
    Column(
        "us_is_lower_bound",
        "Lower bound",
        kind="flag",
        priority=2,
        description="the US figure leaves out rotational forces",
    ),
    Column("europe_is_estimate", "NATO estimate", kind="flag", display=False),
    Column("us_source", "US figure's source", kind="text", priority=4),
    Column("us_source_kind", "Kind of source", kind="text", display=False),
    Column("is_secondary", "Secondary source", kind="flag", display=False),
]
EUROPE = [
    Column("year", "Year", kind="year"),
    Column("europe_personnel", "Military personnel", "persons", digits=0),
    Column("n_members", "European allies", kind="integer", description="European members that year"),
    Column("n_with_personnel", "with a figure", kind="integer"),
    Column("is_estimate", "NATO estimate", kind="flag", display=False),
    Column("edition", "NATO edition", kind="text", display=False),
]


def build(edition: str | None = None) -> Document:
    """Europe's share against US forces in Europe, European personnel from NATO ``edition`` (default:
    the newest edition that publishes military personnel).

    Raises:
        Nato3Error: unknown edition or one without personnel (parameter ``edition``).
    """
    from nato3.ledger import forces

    chosen = forces.personnel_edition(edition)
    europe = forces.europe_personnel(chosen.label)
    europe["marks"] = common.flag_marks(europe, "is_estimate", ["europe_personnel"], "estimate")
    share = forces.force_share(chosen.label)
    estimates = common.flag_marks(share, "europe_is_estimate", ["europe_personnel"], "estimate")
    share["marks"] = common.marks(share, ["us_in_europe", "share_europe_pct"], "date", extra=estimates)
    official = share[~share["is_secondary"]]
    latest = (official if len(official) else share).tail(1)

    tables = {
        "force_share": Table(
            "force_share",
            "Europe's share of personnel vs US forces in Europe (a proxy, not capability)",
            SHARE,
            common.select(share, SHARE),
        ),
        "europe_personnel": Table(
            "europe_personnel",
            f"European allies' military personnel (NATO Table 7, {chosen.label} edition)",
            EUROPE,
            common.select(europe, EUROPE),
        ),
        "latest": Table(
            "latest",
            "Headline: the newest US figure from an official source",
            SHARE,
            common.select(latest, SHARE),
        ),
    }
    why = (
        f"{chosen.label}: as asked"
        if edition is not None
        else f"{chosen.label}: the newest NATO edition that publishes military personnel (Table 7)"
    )
    return Document(
        kind="ledger_forces",
        title="Europe's share of the forces in Europe: military personnel, a proxy",
        parameters=common.parameters(edition=chosen.label),
        tables=tables,
        sources=sources(chosen.dataset, "us_personnel_dmdc", "nato30_context_facts", "groups"),
        editions=[
            EditionUse(
                chosen.label,
                definition=getattr(chosen, "definition", None),
                published=chosen.published,
                price_base_year=chosen.price_base_year,
                figures=("military_personnel_thousands",),
                why=why,
            )
        ],
        caveats=common.caveats(
            [forces.COUNTED, forces.LOWER_BOUND, forces.last_year_note(europe)],
            [common.SECONDARY_NOTE] if common.any_secondary(share) else [],
        ),
    )
