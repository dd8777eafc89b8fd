"""A document's tables as HTML, for the web pages and the report alike.

Both faces add :data:`TEMPLATES` to their Jinja loader and :func:`install` to their globals,
then ``{% from "document.html" import document_table, document_footer %}``. Each cell carries
its exact value in ``data-value`` (JSON), so a test can check a page against the document
without parsing formatted text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nato3.documents.model import Column, Document, Table, marks_in
from nato3.plain import dumps
from nato3.render import cells
from nato3.render.terminal import footer

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Cell:
    text: str
    value: str  # JSON of the exact value
    column: Column
    marks: tuple[str, ...]

    @property
    def css(self) -> str:
        return {"number": "num", "integer": "num", "year": "num", "probability": "num", "verdict": "mark"}.get(
            self.column.kind, ""
        )


def visible(table: Table) -> list[Column]:
    """Columns for people: those meant for display that hold at least one value."""
    return [c for c in table.columns if c.display and (c.kind == "verdict" or table.frame[c.name].notna().any())]


def rows(table: Table, columns: list[Column] | None = None) -> list[tuple[dict[str, Any], list[Cell]]]:
    """(plain record, cells) per row, for the ``columns`` given (default: :func:`visible`)."""
    columns = columns or visible(table)
    out = []
    for record in table.records():
        line = []
        for c in columns:
            marks = marks_in(record.get("marks"), c)
            line.append(Cell(cells.marked(record[c.name], c, marks), dumps(record[c.name]).decode(), c, marks))
        out.append((record, line))
    return out


def install(env) -> None:
    """Give a Jinja environment what ``document.html`` needs."""
    env.globals.update(doc_visible=visible, doc_rows=rows, doc_footer=footer, doc_legend=cells.legend)


def loader_paths() -> list[str]:
    return [str(TEMPLATES)]


def footer_lines(doc: Document) -> list[str]:
    return footer(doc)
