"""``/api/v1/status``: where each ally stands against NATO's pledges in one year."""

from __future__ import annotations

from fastapi import APIRouter, Query

from nato3.web.documents import respond
from nato3.web.params import FORMAT, YEAR_MAX, YEAR_MIN, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas_document import DocumentResponse

router = APIRouter(tags=["figures"])


@router.get("/status", response_model=DocumentResponse, responses=CSV_CONTENT)
async def status(
    year: int | None = Query(
        None,
        ge=YEAR_MIN,
        le=YEAR_MAX,
        description="Default: the newest year for which NATO's newest edition covers every ally and both aggregates.",
    ),
    edition: str | None = Query(
        None,
        max_length=20,
        description="A NATO edition (2024, 2025, …). Default: the newest edition covering the year for every ally.",
    ),
    format: Format = FORMAT,
):
    """Every ally's share of GDP, real change and equipment share in one year of one NATO edition,
    its rank, the pledges it meets (true), misses (false) or cannot be judged on (null), and NATO's
    two aggregates. The same document as `nato3 status --format json`."""
    return await respond("status", format, year=year, edition=edition)
