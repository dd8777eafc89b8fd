"""The editions document: NATO's editions in the database, newest first — the definition each
measures (total, or core defence expenditure from the 2026 edition), publication date, data
cut-off, price base, the years and figures it covers, and the tables it is read from.

Rendered by ``GET /api/v1/editions``, the Methods & sources page and the report's Methods.
"""

from __future__ import annotations

from nato3.documents import data_common as common
from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

COLUMNS = [
    Column("label", "Edition", kind="text"),
    Column("definition", "Definition", kind="text", description="total or core defence expenditure"),
    Column("published", "Published", kind="date"),
    Column("cutoff", "Cut-off", kind="date", priority=2, description="NATO's data cut-off date"),
    Column("price_base_year", "Prices", kind="year", priority=1, description="Base year of constant prices"),
    Column("first_year", "From", kind="year"),
    Column("last_year", "To", kind="year"),
    Column("money", "US$", kind="flag", priority=1, description="Has spending in US$ (money tables)"),
    Column("figures", "Figures", kind="list", priority=4, description="Harmonised figures it publishes for allies"),
    Column("dataset", "Table", kind="text", priority=3, description="The table that names the edition"),
    Column("datasets", "Tables", kind="list", display=False, description="Every table it is read from"),
]


def build() -> Document:
    """Every NATO edition in ``nato_series``, newest first."""
    import pandas as pd

    from nato3.documents.defaults import MONEY
    from nato3.standing.editions import editions

    rows = [
        {
            "label": e.label,
            "definition": e.definition,
            "published": e.published,
            "cutoff": e.cutoff,
            "price_base_year": e.price_base_year,
            "first_year": e.first_year,
            "last_year": e.last_year,
            "money": MONEY in e.figures,
            "figures": sorted(e.figures),
            "dataset": e.dataset,
            "datasets": list(e.datasets),
        }
        for e in editions()
    ]
    frame = pd.DataFrame(rows, columns=[c.name for c in COLUMNS])
    return Document(
        kind="editions",
        title="NATO's editions",
        parameters={},
        tables={"editions": Table("editions", "NATO's editions", COLUMNS, frame)},
        sources=sources(*(d for e in editions() for d in e.datasets)),
        editions=[common.nato_use(e, "an edition in the database") for e in editions()],
        caveats=[note] if (note := common.core_break_note()) else [],
        notes=[
            "NATO republishes its whole series every year, revising history and sometimes the price base or the "
            "definition. Editions are kept side by side; a figure always comes from one edition and says which.",
        ],
    )
