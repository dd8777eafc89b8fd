"""``/api/v1/aggregates``: NATO Europe and Canada, and NATO Total, per year of one edition."""

from __future__ import annotations

from fastapi import APIRouter, Query

from nato3.web import queries
from nato3.web.params import FORMAT, Format, check_nato_edition, nato_edition_labels
from nato3.web.responses import CSV_CONTENT, cached
from nato3.web.schemas import AggregatesResponse

router = APIRouter(tags=["figures"])


def build(edition: str | None) -> AggregatesResponse:
    label = check_nato_edition(edition) or nato_edition_labels()[0]
    dataset = next(e["dataset"] for e in queries.nato_editions() if e["label"] == label)
    return AggregatesResponse(data=queries.aggregates(label), source=queries.sources(dataset), edition=[label])


@router.get("/aggregates", response_model=AggregatesResponse, responses=CSV_CONTENT)
async def aggregates(
    edition: str | None = Query(None, max_length=20, description="NATO edition (2024, 2025). Default: the newest."),
    format: Format = FORMAT,
):
    """NATO's two aggregates for every year of an edition, computed from country rows by NATO's own
    rules (members from their accession year, Iceland's GDP included). Editions without money
    columns (2025) give NATO's published rows; `aggregate_method` says which."""
    return await cached(("aggregates", edition), lambda: build(edition), format, "aggregates")
