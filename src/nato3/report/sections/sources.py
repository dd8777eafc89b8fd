"""Sources: every table's provenance descriptor, rendered — producer, edition, original address,
the intermediary it was copied from, licence, access date, caveats, hash, row count — and its
columns with their units.

The descriptors are read from the database (``_resources``), the same ones ``nato3 sources``
shows, so user-imported tables appear too.
"""

from __future__ import annotations

from typing import Any

from nato3.report.context import ReportContext
from nato3.report.section import Section

ID = "sources"
TITLE = "Sources"
ORDER = 90

# Shown first, in this order, with these labels; any other key follows under its own name.
KEY_LABELS = {
    "producer": "Producer",
    "edition": "Edition",
    "published": "Published",
    "data_cutoff": "Data cut-off",
    "price_base_year": "Price base year",
    "original": "Original",
    "intermediary": "Copied from",
    "licence": "Licence or terms",
    "accessed": "Accessed",
    "caveats": "Caveats",
    "rows": "Rows",
    "bytes": "Bytes",
    "sha256": "SHA-256",
}
HIDDEN = {"name", "title", "path", "format", "encoding", "primaryKey", "kind"}


def label(key: str) -> str:
    return KEY_LABELS.get(key, key.replace("_", " ").capitalize())


def _items(descriptor: dict[str, Any]) -> list[tuple[str, Any]]:
    ordered = [k for k in KEY_LABELS if k in descriptor]
    ordered += [k for k in descriptor if k not in KEY_LABELS and k not in HIDDEN]
    return [(label(k), descriptor[k]) for k in ordered if descriptor[k] not in (None, "", [], {})]


def build(ctx: ReportContext) -> Section:
    tables = [
        {
            "name": name,
            "title": descriptor.get("title", name),
            "kind": descriptor.get("kind", ""),
            "items": _items(descriptor),
            "fields": ctx.fields(name),
            "citation": ctx.citation(name),
        }
        for name, descriptor in ctx.descriptors.items()
    ]
    return Section(id=ID, title=TITLE, values={"tables": tables, "label": label})
