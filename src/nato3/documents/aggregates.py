"""The aggregates document: NATO Europe and Canada and NATO Total for every year of one edition —
computed from the country rows by NATO's own rules where the edition has money tables, NATO's
published rows where it has shares only (``aggregate_method`` says which).

Rendered by ``GET /api/v1/aggregates``. The analysis is
:func:`nato3.alliance.aggregates.nato_aggregates`, which reproduces NATO's published aggregates.
"""

from __future__ import annotations

from nato3.documents import data_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

COLUMNS = [
    Column("country", "Aggregate", kind="text"),
    Column("iso3", "Code", kind="text", display=False),
    Column("year", "Year", kind="year"),
    Column("defence_share_gdp_pct", "% of GDP", "% of GDP", description="Defence expenditure over real GDP"),
    Column("defence_exp_real_change_pct", "Real change %", "%", digits=1, priority=1),
    Column("defence_exp_musd_const", "Spending, US$ m", "million US$, constant prices", digits=0, priority=2),
    Column("gdp_musd_const", "GDP, US$ m", "million US$, constant prices", digits=0, priority=3),
    Column("is_estimate", "Estimate", kind="flag", display=False),
    Column("aggregate_method", "Method", kind="text", display=False, description="computed … or published by NATO"),
    Column("edition", "Edition", kind="text", display=False),
]


COMPUTED = (
    "Computed the way NATO computes them: members from their accession year, every member's GDP (also Iceland's, "
    "without defence figures), sums that skip missing values and are missing, never zero, when no value is known."
)


def build(edition: str | None = None) -> Document:
    """Both aggregates for every year of ``edition`` (default: NATO's newest), sorted by name and year.

    Raises:
        Nato3Error: an unknown edition (parameter ``edition``).
    """
    from nato3.alliance.aggregates import METHOD_PUBLISHED, nato_aggregates
    from nato3.standing.editions import editions, get_edition

    chosen = get_edition(edition) if edition is not None else editions()[0]
    frame = nato_aggregates(chosen.label)
    for column in COLUMNS:
        if column.name not in frame.columns:
            frame[column.name] = None
    frame = common.sort_key(frame, ["year"]).reset_index(drop=True)
    figures = [c.name for c in COLUMNS if c.kind == "number"]
    frame["marks"] = common.row_marks(frame, figures)
    frame = frame[[c.name for c in COLUMNS] + ["marks"]]
    method = frame["aggregate_method"].dropna()
    why = "as asked" if edition is not None else "NATO's newest edition"
    title = f"NATO's aggregates, {chosen.label} edition"
    return Document(
        kind="aggregates",
        title=title,
        parameters={"edition": chosen.label},
        tables={"aggregates": Table("aggregates", title, COLUMNS, frame)},
        sources=sources(*chosen.datasets, "countries"),
        editions=[common.nato_use(chosen, why, tuple(f for f in figures if frame[f].notna().any()))],
        caveats=[note] if (note := common.core_break_note()) and chosen.definition == "core" else [],
        notes=[
            *([f"NATO Europe and Canada, NATO Total: {method.iloc[0]}."] if len(method) else []),
            *([COMPUTED] if (method != METHOD_PUBLISHED).any() else []),
        ],
    )
