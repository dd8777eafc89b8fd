"""The response model of every document endpoint, made from the document's own dataclasses.

``Source``, ``EditionUse`` and ``Column`` are :mod:`nato3.documents.model`'s dataclasses, used
as they are, so the API's schema cannot drift from the documents; a test checks that
:class:`DocumentResponse`'s fields are exactly those of ``Document.to_dict()``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from nato3.documents.model import EditionUse, Source


class ColumnInfo(BaseModel):
    name: str = Field(description="The field name, the same in JSON rows, CSV headers and the library.")
    label: str
    unit: str | None = None
    kind: str = Field(description="text, number, integer, year, verdict (true met / false not / null unknown), …")
    digits: int | None = None
    mark: str | None = Field(None, description="A mark every value of the column carries (derived, projection).")
    description: str | None = None


class TableInfo(BaseModel):
    title: str
    columns: list[ColumnInfo]
    rows: list[dict[str, Any]] = Field(
        description="One object per row, keyed by column name; `marks` maps a column to the marks of its cell."
    )
    notes: list[str] | None = None


class MarkInfo(BaseModel):
    symbol: str
    meaning: str


class DocumentResponse(BaseModel):
    """One analysis, as `nato3 … --format json` prints it."""

    kind: str = Field(description="Which analysis: status, burden, projection, …")
    title: str
    parameters: dict[str, Any] = Field(description="The parameters after defaults were filled in.")
    tables: dict[str, TableInfo]
    sources: list[Source] = Field(description="Every table the figures come from.")
    editions: list[EditionUse] = Field(description="The publishers' editions used, for which figures, and why.")
    marks: dict[str, MarkInfo] = Field(description="What each mark used in the rows means.")
    caveats: list[str]
    notes: list[str]
