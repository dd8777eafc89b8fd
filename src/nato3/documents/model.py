"""The shape of every result nato3 computes: a :class:`Document` of named :class:`Table` s with
their sources, editions, caveats, notes and marks.

Each analysis builds one document (see :mod:`nato3.documents.registry`); the CLI, the API, the
web pages and the report only render it, so a figure has one value and one set of marks
everywhere. The field names here are the vocabulary of every face: a column called
``defence_share_gdp_pct`` is called that in Python, JSON, CSV, the API and the pages.

Marks travel with the figures: a cell's marks are in its row's ``marks`` mapping (column →
mark codes: ``estimate``, ``secondary``), a whole column's in :attr:`Column.mark` (``derived``,
``projection``). :data:`MARKS` says what each code means and how it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from nato3.store.sources import Source

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MARKS", "NUMERIC_KINDS", "Column", "Document", "EditionUse", "Mark", "Source", "Table", "marks_in"]


@dataclass(frozen=True)
class Mark:
    symbol: str
    meaning: str


# Every mark a figure can carry, in the order legends list them.
MARKS: dict[str, Mark] = {
    "estimate": Mark("e", "the publisher's estimate, not an outturn"),
    "secondary": Mark("†", "from a secondary source (a press report or copy of the publisher's table), not the table"),
    "pre_core": Mark("‡", "total defence expenditure, before NATO's core-defence definition (2026 edition)"),
    "projection": Mark("p", "a projection of nato3's scenario engine, not data"),
    "derived": Mark("*", "computed by nato3 from published figures (the notes say how)"),
    "hindcast": Mark("h", "a hindcast: forecast as if from a past year and scored against what happened, not data"),
}

ColumnKind = Literal["text", "number", "integer", "year", "verdict", "list", "flag", "date", "probability"]
NUMERIC_KINDS = ("number", "integer", "year", "probability")  # right-aligned; probability: 0–1, printed as %


@dataclass(frozen=True)
class Column:
    """One column of a table: its name (the field name everywhere), label for people, unit,
    kind (how it is formatted), and how important it is when a terminal is too narrow."""

    name: str
    label: str
    unit: str | None = None
    kind: ColumnKind = "number"
    digits: int = 2
    priority: int = 0  # 0: always shown; higher numbers are left out first on narrow terminals
    mark: str | None = None  # a mark every value of the column carries (derived, projection)
    description: str | None = None  # what it means, or how it was derived
    display: bool = True  # False: for programs only (JSON, CSV); tables for people leave it out

    def to_dict(self) -> dict[str, Any]:
        out = {"name": self.name, "label": self.label, "unit": self.unit, "kind": self.kind}
        if self.kind == "number":
            out["digits"] = self.digits
        if self.mark:
            out["mark"] = self.mark
        if self.description:
            out["description"] = self.description
        return out


def marks_in(row_marks: dict | None, column: Column) -> tuple[str, ...]:
    """The marks of a cell: its row's own (``marks``: column name → codes; None for none) and its
    column's. Every renderer asks this, so a figure carries the same marks everywhere."""
    own = tuple((row_marks or {}).get(column.name, ()))
    return own + ((column.mark,) if column.mark and column.mark not in own else ())


@dataclass
class Table:
    """Named rows with declared columns. ``frame`` holds one column per :class:`Column` and, when
    any cell is marked, a ``marks`` column of mappings (column name → tuple of mark codes).

    ``section_by`` names a column whose change starts a new section in printed tables (allies,
    then aggregates); the rows come already sorted, by value or by name, never by code.
    """

    name: str
    title: str
    columns: list[Column]
    frame: pd.DataFrame
    section_by: str | None = None
    notes: list[str] = field(default_factory=list)
    display: bool = True  # False: for programs and pages that ask for it; printed documents leave it out

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def row_marks(self) -> list[dict | None]:
        """Each row's own marks (column name → codes; None where the table marks no cell); a
        cell's are ``marks_in(table.row_marks()[i], column)``."""
        if "marks" in self.frame.columns:
            return self.frame["marks"].tolist()
        return [None] * len(self.frame)

    def marks_used(self) -> list[str]:
        used = {c.mark for c in self.columns if c.mark}
        if "marks" in self.frame.columns:
            for cell in self.frame["marks"]:
                for codes in (cell or {}).values():
                    used.update(codes)
        return [m for m in MARKS if m in used]

    def records(self) -> list[dict[str, Any]]:
        """Rows as plain Python values (NaN and NA become None), ``marks`` as lists."""
        from nato3.plain import plain_records

        return plain_records(self.frame, [c.name for c in self.columns])


@dataclass(frozen=True)
class EditionUse:
    """Which edition of a publisher's series a document used, for which figures and why."""

    label: str
    publisher: str = "NATO"
    definition: str | None = None  # total / core defence expenditure
    published: str | None = None
    price_base_year: int | None = None
    figures: tuple[str, ...] = ()
    why: str = ""

    def describe(self) -> str:
        parts = [f"published {self.published}"] if self.published else []
        if self.definition:
            parts.append(f"{self.definition} defence expenditure")
        if self.price_base_year:
            parts.append(f"{self.price_base_year} prices")
        extra = f" ({', '.join(parts)})" if parts else ""
        return f"{self.publisher} edition {self.label}{extra}"

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["figures"] = list(self.figures)
        return out


@dataclass
class Document:
    """One analysis's complete answer: what every face renders, never recomputes."""

    kind: str
    title: str
    parameters: dict[str, Any]
    tables: dict[str, Table]
    sources: list[Source] = field(default_factory=list)
    editions: list[EditionUse] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        """``doc["allies"]``: a table's rows as a DataFrame with the sources in ``attrs``."""
        table = self.tables[name]
        df = table.frame.copy()
        df.attrs = {"sources": [s.to_dict() for s in self.sources], "editions": [e.to_dict() for e in self.editions]}
        return df

    @property
    def main(self) -> Table:
        """The first table: what a CSV holds unless another is asked for."""
        return next(iter(self.tables.values()))

    def marks_used(self) -> list[str]:
        used = {m for t in self.tables.values() for m in t.marks_used()}
        return [m for m in MARKS if m in used]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document, identical in ``nato3 … --format json`` and the API."""
        return {
            "kind": self.kind,
            "title": self.title,
            "parameters": self.parameters,
            "tables": {
                name: {
                    "title": t.title,
                    "columns": [c.to_dict() for c in t.columns],
                    "rows": t.records(),
                    **({"notes": t.notes} if t.notes else {}),
                }
                for name, t in self.tables.items()
            },
            "sources": [s.to_dict() for s in self.sources],
            "editions": [e.to_dict() for e in self.editions],
            "marks": {m: {"symbol": MARKS[m].symbol, "meaning": MARKS[m].meaning} for m in self.marks_used()},
            "caveats": self.caveats,
            "notes": self.notes,
        }
