"""``/api/v1/pledges``, ``/editions`` and ``/sources``: what the figures are judged against and where they come from."""

from __future__ import annotations

from fastapi import APIRouter

from nato3.web import queries
from nato3.web.params import FORMAT, Format
from nato3.web.responses import CSV_CONTENT, cached
from nato3.web.schemas import EditionsResponse, PledgesResponse, SourcesResponse

router = APIRouter(tags=["reference"])


@router.get("/pledges", response_model=PledgesResponse, responses=CSV_CONTENT)
async def pledges(format: Format = FORMAT):
    """NATO's spending pledges (Wales 2014, The Hague 2025): metric, threshold, deadline, source."""

    def build():
        edition = [str(queries.descriptor("pledges").get("edition"))]
        return PledgesResponse(data=queries.pledges(), source=queries.sources("pledges"), edition=edition)

    return await cached("pledges", build, format, "pledges")


@router.get("/editions", response_model=EditionsResponse, responses=CSV_CONTENT)
async def editions(format: Format = FORMAT):
    """NATO's editions in the database, newest first: price base, years covered, figures published."""

    def build():
        rows = queries.nato_editions()
        return EditionsResponse(
            data=rows, source=queries.sources(*[r["dataset"] for r in rows]), edition=[r["label"] for r in rows]
        )

    return await cached("editions", build, format, "editions")


@router.get("/sources", response_model=SourcesResponse, responses=CSV_CONTENT)
async def sources(format: Format = FORMAT):
    """Every bundled table's provenance: producer, edition, original address, intermediary, licence, hash."""

    def build():
        rows = queries.all_sources()
        editions = sorted({str(r["edition"]) for r in rows if r.get("edition")}, reverse=True)
        return SourcesResponse(data=rows, source=queries.sources(*[r["table"] for r in rows]), edition=editions)

    return await cached("sources", build, format, "sources")
