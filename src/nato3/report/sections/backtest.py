"""How good are these projections? The backtest document: the projection's methods hindcast from
every origin of SIPRI's series — error of the share by years ahead, coverage of the 50/80/95 %
bands, the reliability of "at or above 2 %" odds (chart and table) and the Wales case study.

The document is built once per report by the context
(:attr:`~nato3.report.context.ReportContext.backtest_doc`), with fewer Monte Carlo draws per
origin than ``nato3 backtest`` (the document says how many). Every figure is a hindcast.
"""

from __future__ import annotations

from nato3.report.context import ReportContext
from nato3.report.format import probability
from nato3.report.section import Chart, Section, SummaryRow

ID = "backtest"
TITLE = "How good are these projections?"
ORDER = 45
HEADLINE_METHOD = "constant_share"  # the method of current-trend, the one the fitted bands are read from


def _chart(doc) -> Chart:
    from nato3.documents.backtest import reliability_chart
    from nato3.report.charts import drawn_chart

    series = doc.tables["backtest_series"].records()
    which = "; ".join(f"{s['series']}, origins {s['first_origin']}–{s['last_origin']}" for s in series)
    alt = (
        "Reliability chart of hindcast odds: for each method, the forecast probability of an ally below 2 % of GDP "
        "being at or above it some years later, binned, against how often it was; calibrated odds lie on the "
        f"diagonal. {which}."
    )
    caption = (
        "Hindcasts, not forecasts: forecast probability against observed frequency, all years ahead together; "
        "points sized by how many events they hold; dashed: calibrated."
    )
    source = f"hindcasts by nato3 of {which}, {doc.parameters['draws']:,} Monte Carlo draws per origin"
    draw = lambda path: reliability_chart(doc, path)  # noqa: E731
    return drawn_chart(draw, "chart-backtest-reliability", alt, caption, source, inputs=(doc,))


def build(ctx: ReportContext) -> Section:
    from nato3.backtest.metrics import LEVELS
    from nato3.backtest.wales import ORIGIN, THRESHOLD

    doc = ctx.backtest_doc
    overall = doc.tables["backtest_overall"].records()
    headline = next((r for r in overall if r["method"] == HEADLINE_METHOD), None)
    summary = []
    if headline is not None and headline.get("coverage_80") is not None:
        summary.append(
            SummaryRow("80 % band held (hindcast)", probability(headline["coverage_80"]), headline["series"])
        )
    return Section(
        id=ID,
        title=TITLE,
        values={
            "doc": doc,
            "headline": headline,
            "series": doc.tables["backtest_series"].records(),
            "levels": [round(100 * level) for level in LEVELS],
            "wales": {"origin": ORIGIN, "threshold": THRESHOLD},
        },
        charts={"reliability": _chart(doc)} if doc.parameters["draws"] else {},
        sources=[s.table for s in doc.sources],
        summary=summary,
    )
