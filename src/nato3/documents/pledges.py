"""The pledges document: NATO's spending pledges as nato3 judges them — metric, threshold,
deadline, the definition of defence expenditure they are judged on, and the declaration.

Rendered by ``GET /api/v1/pledges``, the Methods pages and the report's Methods; charts draw
their pledge lines from its rows (the pledges measured on the figure charted).
"""

from __future__ import annotations

from nato3.documents.model import Column, Document, Table
from nato3.store.sources import sources

COLUMNS = [
    Column("name", "Pledge", kind="text"),
    Column("pledge_id", "Id", kind="text", display=False, description="Used in commands, the API and scenarios"),
    Column("short_name", "Short name", kind="text", display=False, description="Label for headers and charts"),
    Column("threshold_pct", "Threshold", "%", digits=1),
    Column("metric", "Measured on", kind="text", priority=2),
    Column("definition", "Definition", kind="text", description="core: judged on NATO's core-defence figures"),
    Column("summit", "Summit", kind="text"),
    Column("agreed_on", "Agreed", kind="date", priority=1),
    Column("deadline_year", "By", kind="year"),
    Column("notes", "How it is judged", kind="text", priority=3),
    Column("text", "What the declaration says", kind="text", display=False),
    Column("source_title", "Declaration", kind="text", display=False),
    Column("source_url", "Address", kind="text", display=False),
]


def build() -> Document:
    """Every pledge, in the order agreed (then by threshold)."""
    from nato3.store.database import query

    frame = query(f"SELECT {', '.join(c.name for c in COLUMNS)} FROM pledges ORDER BY agreed_on, threshold_pct")
    frame["definition"] = frame["definition"].where(frame["definition"].fillna("") != "", None)
    return Document(
        kind="pledges",
        title="NATO's spending pledges",
        parameters={},
        tables={"pledges": Table("pledges", "NATO's spending pledges", COLUMNS, frame)},
        sources=sources("pledges"),
        notes=[
            "A pledge is met when the ally's figure is at or above the threshold, unknown (never a miss on zero) "
            "when no figure is published. A pledge judged on core defence expenditure is judged on NATO's core "
            "figures where an edition has them; a verdict on an older edition's total figures carries ‡.",
        ],
    )
