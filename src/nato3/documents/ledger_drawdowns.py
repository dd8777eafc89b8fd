"""The ledger's list of built-in drawdowns, each with its headline result (from its own drawdown
document, so the figures are those ``nato3 ledger drawdown NAME`` shows), and the published
estimates of replacing US forces in Europe as references, not reconciled with them.

Rendered by ``nato3 ledger drawdown`` (no name), ``GET /api/v1/ledger/drawdowns`` and the ledger page.
"""

from __future__ import annotations

import pandas as pd

from nato3.documents import ledger_common as common
from nato3.documents.ledger_drawdown import REFERENCES
from nato3.documents.model import Column, Document, Table

DRAWDOWNS = [
    Column("drawdown", "Drawdown", kind="text"),
    Column("title", "Title", kind="text", priority=6),
    Column("description", "Description", kind="text", display=False),
    Column("backfill_by", "Backfill by", kind="text", priority=3),
    Column("backfill_ratio", "Ratio", digits=2, priority=4),
    Column("withdrawals", "Withdrawals", kind="integer", priority=5),
    Column("us_withdrawn", "US withdrawn", "persons", digits=0),
    Column("backfill_personnel", "Backfill", "persons", digits=0, mark="derived"),
    Column("backfill_cost_musd_per_year", "Cost, US$ m a year", "million US$ a year", digits=1, mark="derived"),
    Column("share_europe_before_pct", "Europe % before", "%", digits=2, mark="derived", priority=1),
    Column("share_europe_after_pct", "Europe % after", "%", digits=2, mark="derived", priority=1),
    Column("us_baseline", "US baseline", kind="text", display=False),
    Column("cost_basis", "Cost basis", kind="text", display=False),
]


def build() -> Document:
    """Every built-in drawdown's headline result, and the published replacement estimates."""
    from nato3.documents.registry import build as document
    from nato3.ledger import builtin_drawdowns

    docs = {name: document("ledger_drawdown", drawdown=name) for name in builtin_drawdowns()}
    rows = [doc.tables["summary"].records()[0] | {"drawdown": name, "marks": {}} for name, doc in docs.items()]
    first = next(iter(docs.values()))
    references = first.tables["references"]
    frame = pd.DataFrame(rows).sort_values("drawdown", kind="stable")
    return Document(
        kind="ledger_drawdowns",
        title="Built-in drawdowns: what Europe would need to backfill, and at what cost",
        parameters={},
        tables={
            "drawdowns": Table(
                "drawdowns",
                "Built-in drawdowns (run one for its steps, cost per soldier and caveats)",
                DRAWDOWNS,
                common.select(frame, DRAWDOWNS),
            ),
            "references": Table(
                references.name, references.title, REFERENCES, references.frame.copy(), notes=list(references.notes)
            ),
        },
        sources=list(dict.fromkeys(s for d in docs.values() for s in d.sources)),
        editions=list(dict.fromkeys(e for d in docs.values() for e in d.editions)),
        caveats=common.caveats(*(d.caveats for d in docs.values())),
    )
