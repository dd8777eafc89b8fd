"""A document's table as CSV: the table's columns by their names, each marked cell's marks in a
``marks.<column>`` column (the JSON row's ``marks`` and the column's mark, flattened), and the
document's sources.

Text cells that a spreadsheet would run as a formula are neutralised (:mod:`nato3.csvsafe`);
numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io

from nato3.csvsafe import neutralise
from nato3.documents.model import Document, Table, marks_in
from nato3.errors import Nato3Error
from nato3.plain import plain


def pick(doc: Document, table: str | None) -> Table:
    if table is None:
        return doc.main
    if table not in doc.tables:
        raise Nato3Error(f"unknown table {table!r}; this document has: {', '.join(doc.tables)}", parameter="table")
    return doc.tables[table]


def to_csv(doc: Document, table: str | None = None) -> str:
    """CSV text of one table of ``doc`` (default: its first)."""
    t = pick(doc, table)
    names = [c.name for c in t.columns]
    rows = t.records()
    # A cell's marks: its own and its column's (a derived column marks every value it has).
    marks = [{c.name: marks_in(r.get("marks"), c) if r.get(c.name) is not None else () for c in t.columns}
             for r in rows]  # fmt: skip
    marked = [n for n in names if any(m[n] for m in marks)]
    cited = "; ".join(s.cite() for s in doc.sources if s.kind != "reference")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; a CR or LF inside a cell is then quoted
    writer.writerow([*names, *(f"marks.{n}" for n in marked), "sources"])
    for r, m in zip(rows, marks, strict=True):
        values = [_cell(r.get(n)) for n in names]
        writer.writerow([*values, *(";".join(m[n]) for n in marked), neutralise(cited)])
    return buffer.getvalue()


def _cell(value):
    value = plain(value)
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    return neutralise(value)
