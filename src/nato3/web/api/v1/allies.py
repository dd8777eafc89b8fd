"""``/api/v1/allies``: the 32 allies with their accession dates."""

from __future__ import annotations

from fastapi import APIRouter, Path

from nato3.web import queries
from nato3.web.params import FORMAT, Format, check_ally
from nato3.web.responses import CSV_CONTENT, cached
from nato3.web.schemas import AlliesResponse, AllyResponse, ErrorResponse

router = APIRouter(tags=["allies"])

TABLE = "countries"


def _edition() -> list[str]:
    return [str(queries.descriptor(TABLE).get("edition"))]


@router.get("/allies", response_model=AlliesResponse, responses=CSV_CONTENT)
async def list_allies(format: Format = FORMAT):
    """Every ally: ISO3 code, name, region and accession date (NATO counts each from that year)."""

    def build():
        return AlliesResponse(data=queries.allies(), source=queries.sources(TABLE), edition=_edition())

    return await cached("allies", build, format, "allies")


@router.get(
    "/allies/{iso3}",
    response_model=AllyResponse,
    responses={**CSV_CONTENT, 404: {"model": ErrorResponse, "description": "Not an ally."}},
)
async def get_ally(
    iso3: str = Path(description="ISO3 code of an ally, e.g. POL.", min_length=1, max_length=12),
    format: Format = FORMAT,
):
    """One ally. Unknown codes are a 404 listing the allowed codes."""

    def build():
        code = check_ally(iso3, location="path")
        ally = next(a for a in queries.allies() if a["iso3"] == code)
        return AllyResponse(data=ally, source=queries.sources(TABLE), edition=_edition())

    return await cached(("ally", iso3), build, format, f"ally-{iso3[:12]}")
