"""``/api/v1/spending``: defence spending series from every NATO edition and from SIPRI."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request

from nato3.web import queries
from nato3.web.params import FORMAT, YEAR_MAX, YEAR_MIN, Format, check_countries, check_spending_edition, check_years
from nato3.web.responses import CSV_CONTENT, cached
from nato3.web.schemas import SpendingResponse

router = APIRouter(tags=["figures"])

SourceId = Literal["nato", "sipri"]


def build(request: Request, iso3, year_from, year_to, source, edition) -> SpendingResponse:
    """Check the parameters, then read the rows. Raises ParameterError naming a bad parameter."""
    codes = check_countries(iso3, request.app.state.settings.limits.max_countries)
    check_years(year_from, year_to)
    source_ids = tuple(dict.fromkeys(source)) if source else ("nato", "sipri")
    edition = check_spending_edition(edition, source_ids)
    rows = queries.spending(codes, year_from, year_to, source_ids, edition)
    datasets = sorted({r["dataset"] for r in rows}) or _datasets(source_ids)
    editions = sorted({r["edition"] for r in rows}, reverse=True)
    return SpendingResponse(data=rows, source=queries.sources(*datasets), edition=editions)


def _datasets(source_ids: tuple[str, ...]) -> list[str]:
    nato = [e["dataset"] for e in queries.nato_editions()] if "nato" in source_ids else []
    return nato + ([queries.sipri_dataset()] if "sipri" in source_ids else [])


@router.get("/spending", response_model=SpendingResponse, responses=CSV_CONTENT)
async def spending(
    request: Request,
    iso3: list[str] | None = Query(
        None,
        max_length=40,
        description="Ally ISO3 codes, repeated or comma-separated (POL,DEU); NATO_EUR_CAN and NATO_TOTAL "
        "give NATO's published aggregate rows. Default: every ally.",
    ),
    year_from: int | None = Query(None, alias="from", ge=YEAR_MIN, le=YEAR_MAX, description="First year."),
    year_to: int | None = Query(None, alias="to", ge=YEAR_MIN, le=YEAR_MAX, description="Last year."),
    source: list[SourceId] | None = Query(None, description="nato, sipri or both (repeat). Default: both."),
    edition: str | None = Query(
        None,
        max_length=20,
        description="Only this edition of the chosen sources (NATO: 2024, 2025; SIPRI: its release year). "
        "Default: every edition, side by side.",
    ),
    format: Format = FORMAT,
):
    """Defence spending per ally and year: share of GDP, current and constant US$, real change and
    equipment share, one row per source × edition × country × year.

    NATO revises its whole series each edition (and changed price base from 2015 to 2021), so
    editions are kept apart, never mixed; SIPRI's scope and GDP differ from NATO's, so its share
    differs too. `is_estimate` keeps NATO's 'e' and SIPRI's estimate mark. Rows without any
    figure are left out.
    """
    key = ("spending", tuple(iso3 or ()), year_from, year_to, tuple(source or ()), edition)
    return await cached(key, lambda: build(request, iso3, year_from, year_to, source, edition), format, "spending")
