"""The sources document: where every table came from — producer, edition, definition (NATO
editions: total or core defence expenditure), publication date, data cut-off, original address,
the intermediary it was copied from, licence, access date, sha256 and row count — and, in
detail, every other line of its descriptor and its columns.

Rendered by ``nato3 sources``, ``GET /api/v1/sources``, the Methods & sources page and the
report's Sources; ``nato3.sources()`` returns its first table. Built from the descriptors in the
database (``_resources``), so imported tables appear too.
"""

from __future__ import annotations

import json

from nato3.documents import data_common as common
from nato3.documents.model import Column, Document, Table
from nato3.errors import Nato3Error
from nato3.store.sources import sources

COLUMNS = [
    Column("table", "Table", kind="text"),
    Column("title", "Title", kind="text", priority=5),
    Column("producer", "Producer", kind="text", priority=3),
    Column("kind", "Kind", kind="text", display=False, description="The store's kind of table"),
    Column("edition", "Edition", kind="text", description="The producer's edition (vintage)"),
    Column(
        "definition",
        "Definition",
        kind="text",
        description="NATO editions: total defence expenditure (up to the 2025 edition) or core defence expenditure "
        "(the Hague definition, from the 2026 edition)",
    ),
    Column("published", "Published", kind="text", priority=1),
    Column("cutoff", "Cut-off", kind="text", priority=2, description="The producer's data cut-off date"),
    Column("price_base_year", "Prices", kind="year", priority=2, description="Base year of constant prices"),
    Column("address", "Original", kind="text", priority=6, description="Where the producer publishes it"),
    Column("intermediary", "Copied from", kind="text", priority=7, description="Repository, path and commit"),
    Column("licence", "Licence", kind="text", priority=8),
    Column("accessed", "Accessed", kind="text", priority=4),
    Column("sha256", "SHA-256", kind="text", priority=9),
    Column("rows", "Rows", kind="integer"),
]
DETAIL_COLUMNS = [
    Column("table", "Table", kind="text"),
    Column("key", "Key", kind="text", display=False),
    Column("label", "What", kind="text"),
    Column("value", "Value", kind="text"),
]
FIELD_COLUMNS = [
    Column("table", "Table", kind="text"),
    Column("column", "Column", kind="text"),
    Column("type", "Type", kind="text", priority=1),
    Column("unit", "Unit", kind="text"),
    Column("description", "Meaning", kind="text", priority=2),
]
# Descriptor keys shown in the first table, or not at all (the file's own mechanics).
SHOWN = {"name", "title", "producer", "kind", "edition", "definition", "published", "data_cutoff", "price_base_year"}
SHOWN |= {"licence", "sha256", "rows"}
HIDDEN = {"path", "format", "encoding", "primaryKey", "fields", "harmonised"}
IN_FIRST = {("original", "address"), ("intermediary", "repository"), ("intermediary", "path")}
IN_FIRST |= {("intermediary", "commit"), ("accessed", "date")}
LABELS = {"original": "Original", "intermediary": "Copied from", "accessed": "Accessed", "caveats": "Caveat"}


def build(name: str | None = None, detail: bool | None = None) -> Document:
    """Every table's provenance (or only ``name``'s: a stored table, or the tables behind a view
    such as ``nato_series``); with ``detail`` (default: when ``name`` is given) every other line
    of the descriptors and their columns too. Sorted by table name.

    Raises:
        Nato3Error: an unknown table (parameter ``name``).
    """
    descriptors = _descriptors(name)
    detail = name is not None if detail is None else bool(detail)
    import pandas as pd

    rows = [_row(t, d) for t, d in sorted(descriptors.items())]
    tables = {"sources": Table("sources", "Sources", COLUMNS, pd.DataFrame(rows, columns=[c.name for c in COLUMNS]))}
    caveats = [note] if (note := common.core_break_note()) else []
    if detail:
        details = [r for t, d in sorted(descriptors.items()) for r in _details(t, d)]
        fields = [
            {"table": t, "column": f["name"], "type": f.get("type", "string"), "unit": f.get("unit"), **_meaning(f)}
            for t, d in sorted(descriptors.items())
            for f in d.get("fields", [])
        ]
        names = [c.name for c in DETAIL_COLUMNS]
        tables["details"] = Table(
            "details", "Provenance in detail", DETAIL_COLUMNS, pd.DataFrame(details, columns=names)
        )
        names = [c.name for c in FIELD_COLUMNS]
        tables["columns"] = Table("columns", "Columns", FIELD_COLUMNS, pd.DataFrame(fields, columns=names))
    return Document(
        kind="sources",
        title="Sources" if name is None else f"Sources: {name}",
        parameters={"name": name, "detail": detail},
        tables=tables,
        sources=[] if name is None else sources(*sorted(descriptors)),  # all: the table is the list
        caveats=caveats,
        notes=[
            "Every bundled table ships with this provenance; an imported table records the file it was read from. "
            "The sha256 is of the stored file, so a copy can be checked byte for byte."
        ],
    )


def _descriptors(name: str | None) -> dict[str, dict]:
    from nato3.store.database import query
    from nato3.store.tables import VIEWS, check

    if name is None:
        df = query("SELECT name, descriptor FROM _resources")
    elif check(name) in VIEWS:
        datasets = {
            "nato_series": "SELECT DISTINCT unnest(string_split(datasets, ';')) AS name FROM nato_series",
            "sipri_series": "SELECT DISTINCT dataset AS name FROM sipri_series",
            "country_groups": "SELECT 'groups' AS name",
        }[name]
        df = query(f"SELECT name, descriptor FROM _resources WHERE name IN ({datasets})")
    else:
        df = query("SELECT name, descriptor FROM _resources WHERE name = ?", [name])
    if name is not None and df.empty:
        raise Nato3Error(f"no stored table behind {name!r}", parameter="name")
    return {n: json.loads(text) for n, text in df.itertuples(index=False)}


def _row(table: str, d: dict) -> dict:
    from nato3.store.views import definition_of

    inter = d.get("intermediary") or {}
    nato = d.get("kind") in ("nato_expenditure", "nato_edition_extract")
    return {
        "table": table,
        "title": d.get("title"),
        "producer": d.get("producer"),
        "kind": d.get("kind"),
        "edition": None if d.get("edition") is None else str(d["edition"]),
        "definition": definition_of(d) if nato else None,
        "published": d.get("published"),
        "cutoff": d.get("data_cutoff"),
        "price_base_year": d.get("price_base_year"),
        "address": (d.get("original") or {}).get("address"),
        "intermediary": " ".join(str(inter[k]) for k in ("repository", "path", "commit") if inter.get(k)) or None,
        "licence": d.get("licence"),
        "accessed": (d.get("accessed") or {}).get("date"),
        "sha256": d.get("sha256"),
        "rows": d.get("rows"),
    }


def _details(table: str, d: dict) -> list[dict]:
    """Every descriptor line not in the first table, one row per value (nested keys flattened)."""
    out = []
    for key, value in d.items():
        if key in SHOWN or key in HIDDEN or value in (None, "", [], {}):
            continue
        label = LABELS.get(key, key.replace("_", " ").capitalize())
        items = value.items() if isinstance(value, dict) else [(None, value)]
        for sub, item in items:
            if item in (None, "", [], {}) or (key, sub) in IN_FIRST:
                continue
            for one in item if isinstance(item, list) else [item]:
                text = one if isinstance(one, str) else json.dumps(one, ensure_ascii=False)
                out.append(
                    {
                        "table": table,
                        "key": key if sub is None else f"{key}.{sub}",
                        "label": label if sub is None else f"{label}: {sub.replace('_', ' ')}",
                        "value": text,
                    }
                )
    return out


def _meaning(field: dict) -> dict:
    return {"description": field.get("description") or None}
