"""``/api/v1/burden`` and ``/api/v1/burden/tests``: who pays for NATO, and whether the large allies
carry the small ones (Olson–Zeckhauser) or allies pay in line with their benefits (joint products).

Both answer with the JSON document of the matching command (``nato3 burden --format json``,
``nato3 burden test --format json``); see :mod:`nato3.web.schemas_burden`.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from nato3.web import burden_data
from nato3.web.params import FORMAT, YEAR_MAX, YEAR_MIN, Format
from nato3.web.responses import CSV_CONTENT, cached
from nato3.web.schemas_burden import BurdenResponse, BurdenTestsResponse

router = APIRouter(tags=["burden sharing"])

SourceId = Literal["nato", "sipri"]
SOURCE = Query("nato", description="nato: NATO's series 2014-2024 (constant prices); sipri: SIPRI's 1949-2024.")


@router.get("/burden", response_model=BurdenResponse, responses=CSV_CONTENT)
async def burden(
    year: int | None = Query(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="Default: the newest year with spending in US$."
    ),
    source: SourceId = SOURCE,
    edition: str | None = Query(
        None,
        max_length=20,
        description="NATO: an edition with spending in US$ (2024); SIPRI: its release. Default: per year, the "
        "newest edition with spending in US$.",
    ),
    group: list[str] | None = Query(
        None,
        max_length=400,
        description="Show this group (repeat, at most 8): a built-in id (eu, europe, north_america, nordic_baltic, "
        "eastern_flank, bucharest_nine) or NAME=ISO3,ISO3. Default: every built-in group.",
    ),
    format: Format = FORMAT,
):
    """Each ally's and group's share of the alliance's defence spending and GDP in one year, the
    fair-share index (spending share ÷ GDP share), spending per person, share of military
    personnel (NATO), real change, and that year's Olson–Zeckhauser test and joint-product
    diagnostic. Allies count from their accession year; a total is unknown (null), never a partial
    sum, when an ally lacks the figure. CSV: one row per group, then per ally."""
    specs = tuple(group or ())

    def build() -> BurdenResponse:
        return BurdenResponse.model_validate(burden_data.report(year, source, edition, specs))

    return await cached(("burden", year, source, edition, specs), build, format, f"burden-{source}")


@router.get("/burden/tests", response_model=BurdenTestsResponse, responses=CSV_CONTENT)
async def burden_tests(
    year_from: int | None = Query(None, alias="from", ge=YEAR_MIN, le=YEAR_MAX, description="First year."),
    year_to: int | None = Query(None, alias="to", ge=YEAR_MIN, le=YEAR_MAX, description="Last year."),
    source: SourceId = SOURCE,
    table: Literal["olson_zeckhauser", "joint_product"] | None = Query(
        None, description="Which series the CSV holds. Default: olson_zeckhauser."
    ),
    format: Format = FORMAT,
):
    """The Olson–Zeckhauser exploitation test per year (Spearman's ρ and Kendall's τ between GDP and
    burden = spending ÷ GDP, with p-values and n, all allies and without the US, and the growth
    variant) and the joint-product diagnostic (Wilcoxon signed-rank test of spending shares against
    GDP and population shares). The levels test carries a ratio bias towards negative values
    (burden has GDP in its denominator); `notes` says so."""

    def build() -> BurdenTestsResponse:
        return BurdenTestsResponse.model_validate(burden_data.tests(source, year_from, year_to))

    return await cached(("burden-tests", year_from, year_to, source), build, format, f"burden-tests-{source}", table)
