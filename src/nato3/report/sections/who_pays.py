"""Who pays: each group's share of the alliance's defence spending against its share of GDP (the
fair-share index), the United States against Europe and Canada over time, and the
Olson–Zeckhauser test — this year in NATO's data and over seven decades in SIPRI's.

Everything shown is a burden document's (``burden``, ``burden_tests``, ``burden_series``: what
``nato3 burden``, ``nato3 burden test`` and ``nato3 burden series`` print). Shares of the
alliance need spending in US$, which the 2025 edition does not publish: for a report year
without it the section shows the newest year that has it and says so; with ``--edition 2025``
it is left out.
"""

from __future__ import annotations

from typing import Any

from nato3.report.charts import chart, drawn_chart
from nato3.report.context import ReportContext
from nato3.report.format import pct
from nato3.report.section import Chart, Section, SummaryRow

ID = "who_pays"
TITLE = "Who pays"
ORDER = 30


def burden_doc(ctx: ReportContext):
    """The burden document of the report's year, or of the newest earlier year with spending in
    US$; None when the report's edition has none (shares of GDP only)."""
    from nato3.errors import Nato3Error

    try:  # constant prices, as the headline asks for its split (one document, built once)
        return ctx.document("burden", year=ctx.year, edition=ctx.edition, prices="constant")
    except Nato3Error as exc:
        if exc.parameter != "year":
            return None
    try:
        newest = ctx.document("burden", edition=ctx.edition, prices="constant")
    except Nato3Error:
        return None
    return newest if newest.parameters["year"] < ctx.year else None


def _rows(table, **match: Any) -> list[dict[str, Any]]:
    return [r for r in table.records() if all(r[k] == v for k, v in match.items())]


def _tests_chart(tests) -> Chart:
    """Spearman's ρ between GDP and burden every year of a ``burden_tests`` document, significant
    years marked (the document's ``significant`` flag)."""
    from nato3.burden.charts import cited
    from nato3.charts.static import PALETTE, new_figure

    levels = _rows(tests.tables["olson_zeckhauser"], test="levels", sample="all")
    rows = [r for r in levels if r["spearman_rho"] is not None]
    hits = [r for r in rows if r["significant"]]
    summary = _rows(tests.tables["significance"], test="levels", sample="all")[0]
    years, rhos = [r["year"] for r in rows], [r["spearman_rho"] for r in rows]
    hit_years, hit_rhos = [r["year"] for r in hits], [r["spearman_rho"] for r in hits]

    def make():
        fig, ax = new_figure(8.0, 4.2)
        ax.axhline(0, color=PALETTE["grey"], linewidth=1)
        ax.plot(years, rhos, color=PALETTE["united_states"], linewidth=1.5, label="Spearman's ρ")
        ax.scatter(hit_years, hit_rhos, color=PALETTE["target"], s=14, zorder=3, label="p < 0.05")
        ax.set_ylim(-1, 1)
        ax.set_xlabel("Year")
        ax.set_ylabel("ρ (GDP, spending ÷ GDP)")
        ax.set_title("Do larger allies carry a larger burden? Olson–Zeckhauser over time", loc="left")
        ax.legend(loc="upper right")
        return fig

    first, last = tests.parameters["from_year"], tests.parameters["to_year"]
    alt = (
        f"Line chart of Spearman's rank correlation between allies' GDP and their defence burden, {first} to {last}: "
        f"{summary['significant_years']} of {summary['years']} years significant at p < 0.05, the last in "
        f"{summary['last_significant'] or 'none'}; {rows[-1]['year']}: ρ = {rows[-1]['spearman_rho']:.2f}."
    )
    caption = "The Olson–Zeckhauser test each year in SIPRI's data, all allies of the year."
    return chart(make, "chart-who-pays-oz", alt, caption, cited(tests), inputs=(years, rhos, hit_years, hit_rhos))


def build(ctx: ReportContext) -> Section | None:
    from nato3.burden import charts as burden_charts
    from nato3.burden.charts import cited
    from nato3.documents import build as document

    doc = burden_doc(ctx)
    if doc is None:
        return None
    p = doc.parameters
    year = p["year"]
    same = {"source": "nato", "edition": p["edition"], "to_year": year}
    series = document("burden_series", **same)
    nato_tests = document("burden_tests", **same)
    sipri_tests = document("burden_tests", source="sipri")
    groups = {r["group"]: r for r in doc.tables["group_shares"].records()}
    us, europe = groups["united_states"], groups["europe_and_canada"]
    unit = doc.tables["group_shares"].column("spending_musd").unit
    charts = {
        "us_europe": drawn_chart(
            lambda path: burden_charts.draw("us-europe", doc, path, series),
            "chart-who-pays-us-europe",
            f"Stacked area of defence spending of the United States and of Europe and Canada, "
            f"{series.parameters['from_year']}–{year}, in {unit}; the US share in {year} is "
            f"{pct(us['spending_share_pct'], 1)}.",
            "United States against Europe and Canada, defence spending over time.",
            cited(series),
            inputs=(doc, series),
        ),
        "fair_share": drawn_chart(
            lambda path: burden_charts.draw("fair-share", doc, path),
            "chart-who-pays-fair-share",
            f"Bar chart of each ally's fair-share index in {year}: spending share over GDP share; above one, an ally "
            f"pays more than its economic weight. The United States: {us['fair_share_index']:.2f}.",
            "Fair-share index of each ally: share of the alliance's spending ÷ share of its GDP.",
            cited(doc),
            inputs=(doc,),
        ),
        "oz": _tests_chart(sipri_tests),
    }
    values = {
        "doc": doc,
        "year": year,
        "report_year": ctx.year,
        "us": us,
        "europe": europe,
        "nato_tests": nato_tests,
        "sipri_tests": sipri_tests,
        "sipri": _rows(sipri_tests.tables["significance"], test="levels", sample="all")[0],
    }
    summary = [SummaryRow("US fair-share index", f"{us['fair_share_index']:.2f}", f"{year}, edition {p['edition']}")]
    tables = [s.table for d in (doc, series, nato_tests, sipri_tests) for s in d.sources]
    sources = list(dict.fromkeys(tables))
    return Section(id=ID, title=TITLE, values=values, charts=charts, sources=sources, summary=summary)
