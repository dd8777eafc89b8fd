"""``/api/v1/allies``: the allies with their accession and share of GDP, and one ally's page (its
series in every NATO edition and SIPRI's, its status row and its burden row).

Each answers with the ``allies`` document (:mod:`nato3.documents.allies`); an unknown ally in the
path is a 404 naming the codes allowed.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query

from nato3.errors import Nato3Error
from nato3.web.documents import respond
from nato3.web.errors import NotFoundError
from nato3.web.params import FORMAT, YEAR_MAX, YEAR_MIN, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas import ErrorResponse
from nato3.web.schemas_document import DocumentResponse

router = APIRouter(tags=["allies"])

YEAR = Query(
    None, ge=YEAR_MIN, le=YEAR_MAX, description="Year of the share of GDP and rank. Default: the defaults rule."
)
EDITION = Query(None, max_length=20, description="NATO edition of the share of GDP and rank. Default: the rule's.")


@router.get("/allies", response_model=DocumentResponse, responses=CSV_CONTENT)
async def list_allies(year: int | None = YEAR, edition: str | None = EDITION, format: Format = FORMAT):
    """Every ally, sorted by name: ISO3 code, accession date (NATO counts each from that year),
    and its share of GDP and rank in the status view (the status document's figures)."""
    return await respond("allies", format, year=year, edition=edition)


@router.get(
    "/allies/{iso3}",
    response_model=DocumentResponse,
    responses={**CSV_CONTENT, 404: {"model": ErrorResponse, "description": "Not an ally."}},
)
async def get_ally(
    iso3: str = Path(description="ISO3 code of an ally, e.g. POL.", min_length=1, max_length=12),
    year: int | None = YEAR,
    edition: str | None = EDITION,
    table: Literal["ally", "status", "burden", "series"] | None = Query(
        None, description="Which table the CSV holds. Default: ally."
    ),
    format: Format = FORMAT,
):
    """One ally: accession and rank (`ally`), its row of the status document (`status`: share of
    GDP, real change, pledges met), its row of the burden document (`burden`: shares of the
    alliance's spending and GDP), and its share of GDP in every NATO edition and SIPRI's release
    (`series`). Unknown codes are a 404 listing the allowed codes."""
    try:
        return await respond("allies", format, table=table, iso3=iso3.strip().upper(), year=year, edition=edition)
    except Nato3Error as exc:
        if exc.parameter == "iso3":
            raise NotFoundError("iso3", str(exc)) from exc
        raise
