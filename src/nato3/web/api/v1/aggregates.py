"""``/api/v1/aggregates``: NATO Europe and Canada, and NATO Total, per year of one edition (the
``aggregates`` document)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from nato3.web.documents import respond
from nato3.web.params import FORMAT, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas_document import DocumentResponse

router = APIRouter(tags=["figures"])


@router.get("/aggregates", response_model=DocumentResponse, responses=CSV_CONTENT)
async def aggregates(
    edition: str | None = Query(None, max_length=20, description="NATO edition (2024, 2025, 2026). Default: newest."),
    format: Format = FORMAT,
):
    """NATO's two aggregates for every year of an edition, computed from country rows by NATO's own
    rules (members from their accession year, Iceland's GDP included) where the edition has money
    tables; editions with shares only (2025, 2026) give NATO's published rows. `aggregate_method`
    says which."""
    return await respond("aggregates", format, edition=edition)
