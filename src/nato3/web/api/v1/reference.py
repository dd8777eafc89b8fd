"""``/api/v1/pledges``, ``/editions`` and ``/sources``: what the figures are judged against and
where they come from (the ``pledges``, ``editions`` and ``sources`` documents)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from nato3.web.documents import respond
from nato3.web.params import FORMAT, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas_document import DocumentResponse

router = APIRouter(tags=["reference"])


@router.get("/pledges", response_model=DocumentResponse, responses=CSV_CONTENT)
async def pledges(format: Format = FORMAT):
    """NATO's spending pledges (Wales 2014, The Hague 2025): metric, threshold, deadline, the
    definition of defence expenditure they are judged on, and the declaration."""
    return await respond("pledges", format)


@router.get("/editions", response_model=DocumentResponse, responses=CSV_CONTENT)
async def editions(format: Format = FORMAT):
    """NATO's editions in the database, newest first: definition (total, or core defence
    expenditure from the 2026 edition: a break in series), publication date, data cut-off, price
    base, years covered, figures published."""
    return await respond("editions", format)


@router.get("/sources", response_model=DocumentResponse, responses=CSV_CONTENT)
async def sources(
    name: str | None = Query(
        None, max_length=80, description="Only this table, or the tables behind a view (nato_series). Default: all."
    ),
    detail: bool | None = Query(
        None, description="Every line of the descriptors and their columns too. Default: only with `name`."
    ),
    table: Literal["sources", "details", "columns"] | None = Query(
        None, description="Which table the CSV holds. Default: sources."
    ),
    format: Format = FORMAT,
):
    """Every table's provenance: producer, edition, definition (NATO editions), publication date,
    data cut-off, original address, intermediary, licence, access date, hash and row count."""
    return await respond("sources", format, table=table, name=name, detail=detail)
