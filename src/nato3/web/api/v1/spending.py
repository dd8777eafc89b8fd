"""``/api/v1/spending``: defence spending series from every NATO edition and from SIPRI (the
``spending`` document, :mod:`nato3.documents.spending`). The library checks the parameters; an
error names the query field (422)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request

from nato3.web.documents import respond
from nato3.web.errors import ParameterError
from nato3.web.params import FORMAT, YEAR_MAX, YEAR_MIN, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas_document import DocumentResponse

router = APIRouter(tags=["figures"])

SourceId = Literal["nato", "sipri"]


@router.get("/spending", response_model=DocumentResponse, responses=CSV_CONTENT)
async def spending(
    request: Request,
    iso3: list[str] | None = Query(
        None,
        max_length=40,
        description="Ally ISO3 codes, repeated or comma-separated (POL,DEU); NATO_EUR_CAN and NATO_TOTAL "
        "give NATO's published aggregate rows. Default: every ally.",
    ),
    from_year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="First year."),
    to_year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="Last year."),
    source: list[SourceId] | None = Query(None, description="nato, sipri or both (repeat). Default: both."),
    edition: str | None = Query(
        None,
        max_length=20,
        description="Only this edition of the chosen sources (NATO: 2024, 2025, 2026; SIPRI: its release year). "
        "Default: every edition, side by side.",
    ),
    format: Format = FORMAT,
):
    """Defence spending per country and year: share of GDP, current and constant US$, real change
    and equipment share, one row per source × edition × country × year, sorted by source, edition
    (newest first), country name and year.

    NATO revises its whole series each edition (and changed price base from 2015 to 2021, and the
    definition to core defence expenditure in 2026), so editions are kept apart, never mixed;
    SIPRI's scope and GDP differ from NATO's, so its share differs too. Estimates carry the mark
    `estimate`. Rows without any figure are left out. The same document as
    `nato3.document("spending", …)`.
    """
    params = library_params(iso3, from_year, to_year, source, edition, request.app.state.settings.limits.max_countries)
    return await respond("spending", format, **params)


def library_params(
    iso3: list[str] | None,
    from_year: int | None,
    to_year: int | None,
    source: list[str] | None,
    edition: str | None,
    max_countries: int,
) -> dict:
    """The spending document's parameters for the query's (the fast lane, :mod:`nato3.web.fast_lane`,
    uses this too, so both ask for the same document).

    Raises:
        ParameterError: more than ``max_countries`` codes.
    """
    codes = [c for v in iso3 or [] for c in v.split(",") if c.strip()]
    if len(codes) > max_countries:
        raise ParameterError("iso3", f"{len(codes)} codes given; at most {max_countries} allowed")
    return {
        "iso3": tuple(codes) or None,
        "from_year": from_year,
        "to_year": to_year,
        "source": tuple(dict.fromkeys(source)) if source else None,
        "edition": edition,
    }
