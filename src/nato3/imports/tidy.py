"""A parsed table in the tidy shape nato3 stores (one row per country-year), written as CSV exactly.

The bundled CSVs were written from the publishers' workbooks keeping every stored value: an
integer cell stays an integer (``7900``), a real number is written with Python's shortest
round-trip form (``18788.017032``), a missing value is an empty cell. Writing the same way makes
an import of the same workbook byte-identical to the bundled file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any


def format_value(value: Any) -> str:
    """The CSV text of one value: '' for missing, ``str`` for int and text, ``repr`` for floats."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


@dataclass
class TidyTable:
    """Rows (dicts keyed by ``columns``) in the order they are written."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([format_value(row.get(c)) for c in self.columns])
        return out.getvalue()

    def years(self) -> list[int]:
        return sorted({r["year"] for r in self.rows if "year" in r})
