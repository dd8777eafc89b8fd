"""``/api/v1/burden``, ``/api/v1/burden/tests`` and ``/api/v1/burden/series``: who pays for NATO,
whether the large allies carry the small ones (Olson–Zeckhauser) or allies pay in line with their
benefits (joint products), and the United States against Europe and Canada over time.

Each answers with a document (:mod:`nato3.documents.burden`, ``burden_tests``,
``burden_series``): the same JSON as ``nato3 burden … --format json``. The library checks the
parameters; an error names the query field (422).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from nato3.web.documents import respond
from nato3.web.params import FORMAT, YEAR_MAX, YEAR_MIN, Format
from nato3.web.responses import CSV_CONTENT
from nato3.web.schemas_document import DocumentResponse

router = APIRouter(tags=["burden sharing"])

SourceId = Literal["nato", "sipri"]
PricesId = Literal["constant", "current"]
SOURCE = Query("nato", description="nato: NATO's series 2014-2024; sipri: SIPRI's 1949-2024.")
EDITION = Query(
    None,
    max_length=20,
    description="NATO: an edition with spending in US$ (2024); SIPRI: the release in effect. Default: NATO's "
    "newest edition with spending in US$ (one edition answers the whole document).",
)
PRICES = Query("constant", description="constant (the source's price base) or current US$ for money and shares.")
FROM_YEAR = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="First year. Default: the first with spending in US$.")
TO_YEAR = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="Last year. Default: the newest with spending in US$.")


@router.get("/burden", response_model=DocumentResponse, responses=CSV_CONTENT)
async def burden(
    year: int | None = Query(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="Default: the newest year with spending in US$."
    ),
    source: SourceId = SOURCE,
    edition: str | None = EDITION,
    prices: PricesId = PRICES,
    groups: list[str] | None = Query(
        None,
        max_length=400,
        description="Show this group (repeat, at most 8): a built-in id (eu, europe, north_america, nordic_baltic, "
        "eastern_flank, bucharest_nine) or NAME=ISO3,ISO3. Default: every built-in group.",
    ),
    table: Literal["group_shares", "ally_shares", "alliance", "olson_zeckhauser", "joint_product"] | None = Query(
        None, description="Which table the CSV holds. Default: group_shares."
    ),
    format: Format = FORMAT,
):
    """Each ally's and group's share of the alliance's defence spending and GDP in one year, the
    fair-share index (spending share ÷ GDP share), spending per person, share of military
    personnel (NATO), share of GDP and real change; the alliance's totals; and that year's
    Olson–Zeckhauser test and joint-product diagnostic. Allies count from their accession year; a
    total is unknown (null), never a partial sum, when an ally lacks the figure. The same document
    as `nato3 burden --format json`."""
    chosen = tuple(groups) if groups else None
    return await respond(
        "burden", format, table=table, year=year, source=source, edition=edition, prices=prices, groups=chosen
    )


@router.get("/burden/tests", response_model=DocumentResponse, responses=CSV_CONTENT)
async def burden_tests(
    from_year: int | None = FROM_YEAR,
    to_year: int | None = TO_YEAR,
    source: SourceId = SOURCE,
    edition: str | None = EDITION,
    prices: PricesId = PRICES,
    table: Literal["olson_zeckhauser", "joint_product", "significance"] | None = Query(
        None, description="Which table the CSV holds. Default: olson_zeckhauser."
    ),
    format: Format = FORMAT,
):
    """The Olson–Zeckhauser exploitation test per year (Spearman's ρ and Kendall's τ between GDP and
    burden = spending ÷ GDP, with p-values and n, all allies and without the US, and the growth
    variant), how often it was significant, and the joint-product diagnostic (Wilcoxon signed-rank
    test of spending shares against GDP and population shares). The levels test carries a ratio
    bias towards negative values (burden has GDP in its denominator); the table's notes say so.
    The same document as `nato3 burden test --format json`."""
    return await respond(
        "burden_tests",
        format,
        table=table,
        source=source,
        from_year=from_year,
        to_year=to_year,
        edition=edition,
        prices=prices,
    )


@router.get("/burden/series", response_model=DocumentResponse, responses=CSV_CONTENT)
async def burden_series(
    from_year: int | None = FROM_YEAR,
    to_year: int | None = TO_YEAR,
    source: SourceId = SOURCE,
    edition: str | None = EDITION,
    prices: PricesId = PRICES,
    format: Format = FORMAT,
):
    """The United States against Europe and Canada per year: each one's defence spending and share
    of the alliance's (null where the total is unknown). The same document as
    `nato3 burden series --format json`; the overview's and Who pays' charts are drawn from it."""
    return await respond(
        "burden_series", format, source=source, from_year=from_year, to_year=to_year, edition=edition, prices=prices
    )
