"""``/api/v1/status``: where each ally stands against NATO's pledges in one year."""

from __future__ import annotations

from fastapi import APIRouter, Query

from nato3.web import queries
from nato3.web.params import FORMAT, YEAR_MAX, YEAR_MIN, Format, check_status_query
from nato3.web.responses import CSV_CONTENT, cached
from nato3.web.schemas import StatusResponse

router = APIRouter(tags=["figures"])


def build(year: int | None, edition: str | None) -> StatusResponse:
    """The status table of ``nato3.status``. Raises ParameterError naming year or edition."""
    check_status_query(year, edition)
    result = queries.status(year, edition)
    editions = sorted(set(result["field_editions"].values()), reverse=True)
    return StatusResponse(
        year=result["year"],
        field_editions=result["field_editions"],
        notes=queries.STATUS_NOTES,
        data=result["data"],
        source=queries.sources(*result["datasets"], "pledges"),
        edition=editions,
    )


@router.get("/status", response_model=StatusResponse, responses=CSV_CONTENT)
async def status(
    year: int | None = Query(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="Default: the newest year NATO has estimated."
    ),
    edition: str | None = Query(
        None,
        max_length=20,
        description="Only this NATO edition (2024, 2025). Default: each figure from the newest edition that has it.",
    ),
    format: Format = FORMAT,
):
    """Every ally's share of GDP, real change and equipment share in one year, its rank, the pledges
    it meets (true), misses (false) or cannot be judged on (null), and NATO's two aggregates.
    The same table as `nato3 status`."""
    return await cached(("status", year, edition), lambda: build(year, edition), format, "status")
