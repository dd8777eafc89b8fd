"""Who pays: each group's share of the alliance's defence spending against its share of GDP (the
fair-share index), the United States against Europe and Canada over time, and the
Olson–Zeckhauser test — this year in NATO's data and over seven decades in SIPRI's.

Everything comes from :mod:`nato3.burden` (``year_report``, ``burden_test_tables`` and its
charts). Shares of the alliance need spending in US$, which the 2025 edition does not publish:
for a report year without it the section shows the newest year that has it and says so; with
``--edition 2025`` it is left out.
"""

from __future__ import annotations

from typing import Any

from nato3.report.charts import chart, drawn_chart
from nato3.report.context import ReportContext
from nato3.report.format import pct, plain
from nato3.report.section import Chart, Section, SummaryRow

ID = "who_pays"
TITLE = "Who pays"
ORDER = 30

GROUP_COLUMNS = ["spending_share_pct", "gdp_share_pct", "fair_share_index", "per_capita_usd", "personnel_share_pct"]
SIGNIFICANCE = 0.05


def _year(ctx: ReportContext) -> int | None:
    """The report's year, or the newest earlier year with spending in US$; None if the chosen
    edition has none."""
    from nato3.burden.inputs import Source, years_available
    from nato3.errors import Nato3Error

    try:
        years = [y for y in years_available(Source.nato, ctx.edition) if y <= ctx.year]
    except Nato3Error:  # an edition with shares of GDP only
        return None
    return max(years) if years else None


def _tests_chart(sipri: Any) -> Chart:
    """Spearman's ρ between GDP and burden, every year of SIPRI's data, significant years marked."""
    from nato3.charts.static import PALETTE, new_figure

    rows = sipri[(sipri["test"] == "levels") & (sipri["sample"] == "all")].dropna(subset=["spearman_rho"])
    significant = rows[rows["spearman_p"] < SIGNIFICANCE]
    fig, ax = new_figure(8.0, 4.2)
    ax.axhline(0, color=PALETTE["grey"], linewidth=1)
    ax.plot(rows["year"], rows["spearman_rho"], color=PALETTE["united_states"], linewidth=1.5, label="Spearman's ρ")
    ax.scatter(
        significant["year"],
        significant["spearman_rho"],
        color=PALETTE["target"],
        s=14,
        zorder=3,
        label=f"p < {SIGNIFICANCE:g}",
    )
    ax.set_ylim(-1, 1)
    ax.set_xlabel("Year")
    ax.set_ylabel("ρ (GDP, spending ÷ GDP)")
    ax.set_title("Do larger allies carry a larger burden? Olson–Zeckhauser over time", loc="left")
    ax.legend(loc="upper right")
    first, last = int(rows["year"].min()), int(rows["year"].max())
    last_significant = int(significant["year"].max()) if len(significant) else "none"
    alt = (
        f"Line chart of Spearman's rank correlation between allies' GDP and their defence burden, {first} to {last}: "
        f"{len(significant)} of {len(rows)} years significant at p < {SIGNIFICANCE:g}, the last in {last_significant}; "
        f"{last}: ρ = {rows['spearman_rho'].iloc[-1]:.2f}."
    )
    caption = "The Olson–Zeckhauser test each year in SIPRI's data, all allies of the year."
    sources = "SIPRI Military Expenditure Database; GDP derived as SIPRI spending ÷ share of GDP"
    return chart(fig, "chart-who-pays-oz", alt, caption, sources)


def _tests(rows: Any) -> list[dict[str, Any]]:
    """One row per year: the levels test with all allies and without the United States."""
    levels = rows[rows["test"] == "levels"]
    out = []
    for year, group in levels.groupby("year", sort=True):
        by_sample = {r["sample"]: r for r in group.to_dict("records")}
        row: dict[str, Any] = {"year": int(year)}
        for sample, r in by_sample.items():
            p = plain(r["spearman_p"])
            row[sample] = {
                "rho": plain(r["spearman_rho"]),
                "p": p,
                "n": plain(r["n"]),
                "significant": p is not None and p < SIGNIFICANCE,
            }
        out.append(row)
    return out


def _history(sipri: Any) -> dict[str, Any]:
    """How often the levels test (all allies) was significant in SIPRI's years, and when last."""
    rows = sipri[(sipri["test"] == "levels") & (sipri["sample"] == "all")].dropna(subset=["spearman_p"])
    significant = rows[rows["spearman_p"] < SIGNIFICANCE]
    return {
        "first": int(rows["year"].min()),
        "last": int(rows["year"].max()),
        "years": len(rows),
        "significant": len(significant),
        "positive": int((significant["spearman_rho"] > 0).sum()),
        "last_significant": int(significant["year"].max()) if len(significant) else None,
    }


def build(ctx: ReportContext) -> Section | None:
    from nato3.burden import burden_test_tables, year_report
    from nato3.burden import charts as burden_charts
    from nato3.burden.exploitation import HYPOTHESIS, RATIO_BIAS
    from nato3.burden.joint_product import INTERPRETATION

    year = _year(ctx)
    if year is None:
        return None
    report = year_report(year, "nato", ctx.edition)
    groups = report.groups.set_index("group")
    us, europe = groups.loc["united_states"], groups.loc["europe_and_canada"]
    nato_tests, _ = burden_test_tables("nato", to_year=year, edition=ctx.edition)
    sipri_tests, _ = burden_test_tables("sipri")
    tables = sorted({s["table"] for s in report.sources} | {s["table"] for s in sipri_tests.attrs["sources"]})
    charts = {
        "us_europe": drawn_chart(
            lambda path: burden_charts.draw("us-europe", report, path, ctx.edition),
            "chart-who-pays-us-europe",
            f"Stacked area of defence spending of the United States and of Europe and Canada up to {year}, at "
            f"{report.price_base}; the US share in {year} is {pct(us['spending_share_pct'], 1)}.",
            "United States against Europe and Canada, defence spending over time.",
            f"NATO, Defence Expenditure of NATO Countries, {report.price_base}",
        ),
        "fair_share": drawn_chart(
            lambda path: burden_charts.draw("fair-share", report, path),
            "chart-who-pays-fair-share",
            f"Bar chart of each ally's fair-share index in {year}: spending share over GDP share; above one, an ally "
            f"pays more than its economic weight. The United States: {us['fair_share_index']:.2f}.",
            "Fair-share index of each ally: share of the alliance's spending ÷ share of its GDP.",
            f"NATO, Defence Expenditure of NATO Countries, edition {report.edition}",
        ),
        "oz": _tests_chart(sipri_tests),
    }
    values = {
        "year": year,
        "report_year": ctx.year,
        "edition": report.edition,
        "price_base": report.price_base,
        "us": us.to_dict(),
        "europe": europe.to_dict(),
        "groups": report.groups.to_dict("records"),
        "columns": GROUP_COLUMNS,
        "nato_tests": _tests(nato_tests),
        "sipri": _history(sipri_tests),
        "significance": SIGNIFICANCE,
        "joint_product": report.joint_product.to_dict("records"),
        "hypothesis": HYPOTHESIS,
        "ratio_bias": RATIO_BIAS,
        "interpretation": INTERPRETATION,
        "notes": report.notes + [f"{k.capitalize()}: {v}." for k, v in report.derived.items()],
    }
    summary = [
        SummaryRow("US fair-share index", f"{us['fair_share_index']:.2f}", f"{year}, edition {report.edition}"),
    ]
    return Section(id=ID, title=TITLE, values=values, charts=charts, sources=tables, summary=summary)
