"""The tables document: every stored table and view ``nato3 data show`` and ``nato3.load`` read,
with its title, producer, edition and row count, sorted by name.

Rendered by ``nato3 data list``; ``nato3.tables()`` lists the same names.
"""

from __future__ import annotations

from nato3.documents.model import Column, Document, Table

COLUMNS = [
    Column("table", "Table", kind="text"),
    Column("title", "Title", kind="text", priority=2),
    Column("producer", "Producer", kind="text", priority=3),
    Column("kind", "Kind", kind="text", display=False),
    Column("edition", "Edition", kind="text"),
    Column("rows", "Rows", kind="integer"),
    Column(
        "view",
        "View",
        kind="flag",
        display=False,
        description="Derived by nato3 from stored tables (harmonised), not a publisher's table",
    ),
]
VIEWS = {
    "nato_series": "Every NATO edition in one shape: harmonised columns, one row per edition, country and year",
    "sipri_series": "SIPRI's release in effect, constant-price columns named milex_musd_const",
    "country_groups": "Members of each built-in group of allies, one row per group and ally",
}


def build() -> Document:
    """Every stored table and view, sorted by name."""
    import json

    import pandas as pd

    from nato3.store.database import query
    from nato3.store.tables import VIEWS as NAMES

    rows = []
    for name, text in query("SELECT name, descriptor FROM _resources").itertuples(index=False):
        d = json.loads(text)
        edition = d.get("edition")
        rows.append(
            {
                "table": name,
                "title": d.get("title"),
                "producer": d.get("producer"),
                "kind": d.get("kind"),
                "edition": None if edition is None else str(edition),
                "rows": d.get("rows"),
                "view": False,
            }
        )
    for name in NAMES:
        count = int(query(f'SELECT count(*) AS n FROM "{name}"')["n"].iloc[0])
        editions = _editions(name)
        rows.append(
            {
                "table": name,
                "title": VIEWS[name],
                "producer": "nato3 (a view)",
                "kind": "view",
                "edition": editions,
                "rows": count,
                "view": True,
            }
        )
    frame = pd.DataFrame(rows, columns=[c.name for c in COLUMNS]).sort_values("table", ignore_index=True)
    return Document(
        kind="tables",
        title="Tables",
        parameters={},
        tables={"tables": Table("tables", "Tables", COLUMNS, frame)},
        notes=[
            "nato_series holds every NATO edition side by side (never mixed); sipri_series is SIPRI's release in "
            "effect. Each table's provenance is in the sources document."
        ],
    )


def _editions(view: str) -> str | None:
    from nato3.store.database import query

    if view == "country_groups":
        return None
    labels = query(f'SELECT DISTINCT edition FROM "{view}" ORDER BY edition DESC')["edition"].tolist()
    return ", ".join(str(e) for e in labels)
