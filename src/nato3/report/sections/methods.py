"""Methods: the formulas, the pledges as defined in the data, NATO's aggregation and membership
rules, the editions and how they differ (the core-defence break included), which edition each
figure of this report came from, how the paths to 2035 are projected and how the projections were
backtested, with the limits of both
(briefly; the README has the rest).

The pledges, the editions and the revisions between editions are documents (``pledges``,
``editions``, ``revisions``), rendered as every other face renders them; the accession years and
the allies without defence figures are read from the data at build time.
"""

from __future__ import annotations

from typing import Any

from nato3.report.context import HEADLINE, ReportContext
from nato3.report.section import Section

ID = "methods"
TITLE = "Methods"
ORDER = 80

FIGURE_LABELS = {
    "defence_share_gdp_pct": "Share of GDP",
    "defence_exp_real_change_pct": "Real change",
    "equipment_share_pct": "Equipment share",
    "defence_exp_musd_const": "Spending in constant US$",
    "defence_exp_musd_current": "Spending in current US$",
    "gdp_musd_const": "GDP in constant US$",
}
REVISIONS_SHOWN = 5
README_SECTION = "Paths to 2035"


def _joined(first_year: int) -> list[dict[str, Any]]:
    """Allies that joined after ``first_year`` (counted in aggregates from their accession year)."""
    from nato3.alliance.membership import accession_year, allies

    joined = [{"iso3": c, "name": n, "year": accession_year(c)} for c, n in allies().items()]
    return sorted((j for j in joined if j["year"] > first_year), key=lambda j: (j["year"], j["name"]))


def _without_spending(ctx: ReportContext) -> list[str]:
    """Allies whose GDP counts in the aggregates although NATO gives no defence figure for them."""
    from nato3.alliance.aggregates import member_rows

    chosen = ctx.edition_for("gdp_musd_const")
    if chosen is None:
        return []
    rows = member_rows(chosen.label)
    rows = rows[(rows["year"] == ctx.year) & rows["gdp_musd_const"].notna() & rows["defence_exp_musd_const"].isna()]
    from nato3.alliance.membership import allies

    names = allies()
    return [names.get(code, code) for code in sorted(rows["iso3"])]


def _revisions(ctx: ReportContext) -> dict[str, Any] | None:
    """The largest revisions of the report year's share of GDP between the two newest consecutive
    editions of one definition (the revisions document, never across the 2026 edition's change to
    core defence expenditure, which it names), or None when no two editions publish the year."""
    from nato3.documents import build
    from nato3.errors import Nato3Error

    try:
        every = build("revisions", figure=HEADLINE, year=ctx.year)
    except Nato3Error:  # no two editions publish the year
        return None
    pairs = every.tables["pairs"].records()
    if not pairs:
        return None
    same = next((p for p in pairs if not p["definition_change"]), None)
    largest = (
        build(
            "revisions",
            figure=HEADLINE,
            year=ctx.year,
            edition=same["edition_to"],
            order="change",
            limit=REVISIONS_SHOWN,
        )
        if same
        else None
    )
    return {"pair": same, "doc": largest, "breaks": every.caveats}


def _figure_editions(ctx: ReportContext) -> list[dict[str, str]]:
    out = []
    for figure, label in FIGURE_LABELS.items():
        chosen = ctx.edition_for(figure)
        out.append({"figure": label, "edition": chosen.describe() if chosen else None})
    return out


def _projection(ctx: ReportContext) -> dict[str, Any] | None:
    """The settings the projection method needs to be stated, read from the projection document
    (None without projections)."""
    from nato3.projection import montecarlo
    from nato3.projection.credibility import TOLERANCE_PP

    doc = ctx.projection_doc
    return {
        "settings": doc.tables["paths_settings"].records()[0],
        "editions": doc.editions,
        "readme": README_SECTION,
        "tolerance_pp": TOLERANCE_PP,
        "quantiles": [round(100 * q) for q in montecarlo.QUANTILES],
        "bin_pp": montecarlo.HIST_WIDTH,
        "block": montecarlo.BLOCK,
    }


def _kept_in() -> str:
    """Where stored results (backtests, charts) are kept, as the user would write it."""
    from nato3 import paths
    from nato3.store import disk_cache

    return f"${paths.HOME_ENV}/{disk_cache.FOLDER}"


def _backtest(ctx: ReportContext) -> dict[str, Any] | None:
    """What the backtest section's method needs to be stated, from the backtest document."""
    from nato3.backtest.hindcast import DEFAULT_DRAWS, DEFAULT_THRESHOLDS
    from nato3.standing.editions import editions

    doc = ctx.backtest_doc
    return {
        "kept_in": _kept_in(),
        "series": doc.tables["backtest_series"].records(),
        "parameters": doc.parameters,
        "notes": doc.notes,
        "full_draws": DEFAULT_DRAWS,
        "thresholds": list(DEFAULT_THRESHOLDS),
        "hague": ctx.pledges["hague-core-3.5"].threshold_pct,
        "nato_first_year": min(e.first_year for e in editions()),
    }


def build(ctx: ReportContext) -> Section:
    from nato3.documents import build as document

    editions = document("editions")
    first_year = int(editions.tables["editions"].frame["first_year"].min())
    pledges = document("pledges")
    values = {
        "year": ctx.year,
        "edition": ctx.edition,
        "editions": editions,
        "first_year": first_year,
        "joined": _joined(first_year),
        "without_spending": _without_spending(ctx),
        "pledges": pledges,
        "revisions": _revisions(ctx),
        "figure_editions": _figure_editions(ctx),
        "projection": _projection(ctx),
        "backtest": _backtest(ctx),
        "charts_kept_in": _kept_in(),
    }
    tables = [s.table for doc in (editions, pledges) for s in doc.sources]
    return Section(id=ID, title=TITLE, values=values, sources=[*dict.fromkeys(tables), "countries"])
