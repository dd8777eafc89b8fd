"""The ledger's industry document: production against stated targets. For 155 mm shells: output,
capacity and targets by region (Russia's are all calibres, not comparable one-for-one), company
figures (never added to regions), and a ramp-up PROJECTION at an assumed growth rate (a
percentage a year, as in scenarios) with the years to reach the target. Other items: their rows.

The projection's figures carry the mark ``projection``; the base year's figure is observed and
carries its source's marks instead. Rendered by ``nato3 ledger industry``,
``GET /api/v1/ledger/industry`` and the ledger page.
"""

from __future__ import annotations

from nato3.documents import ledger_common as common
from nato3.documents.model import Column, Document, Table
from nato3.errors import Nato3Error
from nato3.store.sources import sources

TABLE = "defence_production_capacity"
SHELLS = [
    Column("region", "Region", kind="text"),
    Column("scope", "Scope", kind="text", priority=3, description="EU (Commission, ASAP) or Europe (NATO SG)"),
    Column("calibre", "Calibre", kind="text", priority=1),
    Column("year", "Year", kind="year"),
    Column("measure", "Measure", kind="text"),
    Column("quantity_per_year", "Shells a year", "shells a year", kind="integer"),
    Column("monthly_rate", "= 12 × monthly", "shells a month", kind="integer", priority=2),
    Column("range_value", "Range", kind="text", priority=4, description="midpoint or upper bound of a range"),
    Column("caveat", "Caveat", kind="text", display=False),
    *common.SOURCE_COLUMNS,
]
COMPANIES = [
    Column("producer", "Company", kind="text"),
    Column("item", "Item", kind="text", priority=2),
    Column("year", "Year", kind="year"),
    Column("measure", "Measure", kind="text"),
    Column("quantity_per_year", "A year", "units a year", kind="integer"),
    *common.SOURCE_COLUMNS,
]
PRODUCTION = [
    Column("item", "Item", kind="text", priority=2),
    Column("producer", "Producer", kind="text"),
    Column("region", "Region", kind="text", priority=1),
    Column("year", "Year", kind="year"),
    Column("measure", "Measure", kind="text"),
    Column("quantity_per_year", "A year", "units a year", kind="integer"),
    Column("range_value", "Range", kind="text", priority=3),
    *common.SOURCE_COLUMNS,
]
PROJECTION = [
    Column("region", "Region", kind="text"),
    Column("year", "Year", kind="year"),
    Column("measure", "Measure", kind="text"),
    Column("projected", "Shells a year", "shells a year", kind="integer"),
    Column("target", "Target", "shells a year", kind="integer"),
    Column("growth", "Growth, % a year", "% a year", digits=1, priority=1, description="an assumption"),
    Column("is_projection", "Projection", kind="flag", display=False),
]
SUMMARY = [
    Column("region", "Region", kind="text"),
    Column("base_year", "Base year", kind="year"),
    Column("base_measure", "Base", kind="text", priority=2),
    Column("base", "Base figure", "shells a year", kind="integer"),
    Column("growth", "Growth, % a year", "% a year", digits=1),
    Column("target", "Target", "shells a year", kind="integer"),
    Column("target_label", "Target from", kind="text", priority=1),
    Column("years_to_target", "Years", "years", kind="integer", description="to reach the target"),
    Column("reached_in", "Reached in", kind="year"),
    Column("base_source", "Base figure's source", kind="text", display=False),
    Column("base_is_secondary", "Base from a secondary source", kind="flag", display=False),
]
PROJECTED = ("projected", "years_to_target", "reached_in")


def build(
    item: str = "155mm",
    region: str | None = None,
    growth: float | None = None,
    target: float | None = None,
    until: int | None = None,
) -> Document:
    """Production of ``item``; for 155 mm shells also a ramp-up projection of ``region`` (default
    Europe) at ``growth`` % a year (default 10, an assumption) to ``until`` (default 2035) against
    ``target`` (default: the region's latest stated target).

    Raises:
        Nato3Error: naming the parameter: unknown item or region, projection parameters for another
            item, growth outside -50..200, a target that is not positive, until outside the base
            year..2100, or no target given and none stated.
    """
    from nato3.ledger import industry

    if item not in industry.ITEMS:
        raise Nato3Error(f"unknown item {item!r}; allowed: {', '.join(industry.ITEMS)}", parameter="item")
    if item != "155mm":
        projection = (("region", region), ("growth", growth), ("target", target), ("until", until))
        given = [name for name, value in projection if value is not None]
        if given:
            raise Nato3Error(
                f"the ramp-up projection is for 155 mm shells only ({given[0]} needs item 155mm)", given[0]
            )
        return _other(item)
    return _shells(
        region or industry.DEFAULT_REGION,
        industry.DEFAULT_GROWTH if growth is None else growth,
        target,
        industry.DEFAULT_UNTIL if until is None else until,
    )


def _other(item: str) -> Document:
    from nato3.ledger import industry

    rows = industry.production(item).sort_values(["producer", "year", "measure"], kind="stable")
    rows["marks"] = common.marks(rows, ["quantity_per_year"], "producer")
    table = Table(
        "production", f"Production: {item}, output, capacity and targets", PRODUCTION, common.select(rows, PRODUCTION)
    )
    return Document(
        kind="ledger_industry",
        title=f"Defence production: {item}",
        parameters=common.parameters(item=item, region=None, growth=None, target=None, until=None),
        tables={"production": table},
        sources=sources(TABLE),
        caveats=common.caveats(
            [common.SECONDARY_NOTE] if common.any_secondary(rows) else [], common.table_caveats(TABLE)
        ),
    )


def _shells(region: str, growth: float, target: float | None, until: int) -> Document:
    from nato3.ledger import industry

    run = industry.ramp_up(region, growth=growth, target=target, until=until)
    shells = industry.shells_by_region()
    shells["marks"] = common.marks(shells, ["quantity_per_year", "monthly_rate"], "region")
    production = industry.production("155mm")
    companies = production[production["producer_type"] == "company"]
    companies = companies.sort_values(["producer", "year", "measure"], kind="stable").reset_index(drop=True)
    companies["marks"] = common.marks(companies, ["quantity_per_year"], "producer")
    projection = run.frame.copy()
    base_marks = {"projected": ("secondary",)} if run.base["is_secondary"] else {}
    projection["marks"] = [
        {"projected": ("projection",)} if p else dict(base_marks) for p in projection["is_projection"]
    ]
    summary = _summary(run)

    reached = (
        f"reached in {run.reached_in} ({run.years_to_target} years)"
        if run.reached_in is not None
        else "never reached at this growth"
    )
    tables = {
        "shells": Table(
            "shells",
            "Artillery shells a year by region (Russia: all calibres, not comparable one-for-one)",
            SHELLS,
            common.select(shells, SHELLS),
        ),
        "companies": Table(
            "companies", "Company figures (never added to regions)", COMPANIES, common.select(companies, COMPANIES)
        ),
        "projection": Table(
            "projection",
            f"PROJECTION: {run.region} at an assumed {run.growth:g} % a year from {run.base['producer']}'s "
            f"{run.base['year']} {run.base['measure']}",
            PROJECTION,
            common.select(projection, PROJECTION),
        ),
        "projection_summary": Table(
            "projection_summary",
            f"Years to reach {run.target:,.0f} a year ({run.target_label}): {reached} (projection)",
            SUMMARY,
            common.select(summary, SUMMARY),
        ),
    }
    return Document(
        kind="ledger_industry",
        title=f"155 mm shells: output and capacity against targets, and a projection for {run.region}",
        parameters=common.parameters(
            item="155mm", region=run.region, growth=run.growth, target=run.target, until=until
        ),
        tables=tables,
        sources=sources(TABLE),
        caveats=common.caveats(
            run.caveats,
            [industry.ALL_CALIBRE_CAVEAT],
            [common.SECONDARY_NOTE] if common.any_secondary(shells, companies) else [],
            common.table_caveats(TABLE),
        ),
    )


def _summary(run):
    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                "region": run.region,
                "base_year": run.base["year"],
                "base_measure": run.base["measure"],
                "base": run.base["quantity_per_year"],
                "growth": run.growth,
                "target": run.target,
                "target_label": run.target_label,
                "years_to_target": run.years_to_target,
                "reached_in": run.reached_in,
                "base_source": run.base["source_title"],
                "base_is_secondary": run.base["is_secondary"],
            }
        ]
    )
    marks = {c: ("projection",) for c in PROJECTED if c in frame.columns}
    if run.base["is_secondary"]:
        marks["base"] = ("secondary",)
    frame["marks"] = [marks]
    frame["years_to_target"] = frame["years_to_target"].astype("Int64")
    frame["reached_in"] = frame["reached_in"].astype("Int64")
    return frame
