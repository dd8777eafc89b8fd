"""Paths to 2035: the projection document of the report's scenario — every ally's projected share
of GDP, the year it reaches the target, the Monte Carlo odds, the credible-path verdicts, the
money gap by year, and Europe and Canada's spending against the United States'.

The document is built once per report by the context
(:attr:`~nato3.report.context.ReportContext.projection_doc`): the default scenario or the one
asked for, with a fixed number of draws and the scenario's own seed. This section renders its
tables and draws its fan chart from them; every figure is a projection, not data, and the
section says so, along with the editions it draws on.
"""

from __future__ import annotations

from typing import Any

from nato3.report.charts import drawn_chart
from nato3.report.context import DEFAULT_SCENARIO, ReportContext
from nato3.report.format import pct, threshold
from nato3.report.section import Chart, Section, SummaryRow

ID = "paths"
TITLE = "Paths to 2035"
ORDER = 40

ALTERNATIVE = "hague-linear"  # the built-in the text offers beside the default
CHART_SERIES = ["USA", "NATO_EUR_CAN", "NATO_TOTAL"]  # the fan chart: US blue, Europe and Canada orange
EUROPE_CANADA = "NATO_EUR_CAN"


def _chart(doc, settings: dict[str, Any], europe: dict[str, Any]) -> Chart:
    from nato3.documents.projection import fan_chart

    band = ""
    if europe.get("share_p05_horizon") is not None:
        band = f" (5–95 % of draws: {pct(europe['share_p05_horizon'])} to {pct(europe['share_p95_horizon'])})"
    horizon = settings["horizon"]
    alt = (
        f"Fan chart of defence spending as a share of GDP from {settings['base_year']} to {horizon} under the "
        f"scenario {settings['scenario']}, a projection: the United States, NATO Europe and Canada and NATO Total "
        f"with Monte Carlo bands, every other ally in grey, and the target of {threshold(settings['target_pct'])}. "
        f"NATO Europe and Canada goes from {pct(europe['base_share_pct'])} to {pct(europe['share_horizon_pct'])} "
        f"in {horizon}{band}."
    )
    caption = (
        f"Projection, not data: paths to {horizon} under the scenario {settings['scenario']}. Solid lines: the "
        "scenario's path; shaded: 5–95 % of the Monte Carlo draws; dotted: their median; dashed: the target."
    )
    source = f"a projection by nato3 from NATO's shares of GDP ({doc.editions[0].describe()}) and GDP " + (
        f"({doc.editions[-1].describe()})"
    )
    if settings["draws"]:
        source += f"; bands from {settings['draws']:,} Monte Carlo draws (seed {settings['seed']})"
    draw = lambda path: fan_chart(doc, path, CHART_SERIES)  # noqa: E731
    return drawn_chart(draw, "chart-paths-fan", alt, caption, source, inputs=(doc, CHART_SERIES))


def _alternative() -> dict[str, Any] | None:
    """The built-in offered beside the default, as the scenarios document describes it."""
    from nato3.documents import build

    rows = build("scenarios").tables["scenarios"].records()
    return next((r for r in rows if r["name"] == ALTERNATIVE), None)


def build(ctx: ReportContext) -> Section:
    from nato3.projection.credibility import TOLERANCE_PP
    from nato3.projection.montecarlo import QUANTILES

    doc = ctx.projection_doc
    settings = doc.tables["paths_settings"].records()[0]
    summary = doc.tables["paths_summary"].records()[0]
    rows = doc.tables["paths_allies"].records()
    aggregates = [r for r in rows if r["kind"] == "aggregate"]
    europe = next(r for r in aggregates if r["iso3"] == EUROPE_CANADA)
    values = {
        "doc": doc,
        "settings": settings,
        "summary": summary,
        "aggregates": aggregates,
        "gaps_end": doc.tables["paths_gaps"].records()[-1],
        "is_default": ctx.scenario is None,
        "default_scenario": DEFAULT_SCENARIO,
        "alternative": _alternative(),
        "target_text": threshold(settings["target_pct"]),
        "band": "–".join(str(round(100 * q)) for q in (QUANTILES[0], QUANTILES[-1])) + "\u00a0%",
        "tolerance_pp": TOLERANCE_PP,
    }
    note = f"projection, scenario {settings['scenario']}"
    horizon = settings["horizon"]
    summary_rows = [SummaryRow(f"Europe and Canada in {horizon}", pct(europe["share_horizon_pct"]), note)]
    if europe.get("p_reach_by_horizon") is not None:
        from nato3.report.format import probability

        label = f"P(Europe and Canada at {values['target_text']} in {horizon})"
        summary_rows.append(SummaryRow(label, probability(europe["p_reach_by_horizon"]), note))
    outspend = summary["outspend_year"]
    summary_rows.append(
        SummaryRow("Europe and Canada outspend the US", str(outspend) if outspend else f"not by {horizon}", note)
    )
    return Section(
        id=ID,
        title=TITLE,
        values=values,
        charts={"fan": _chart(doc, settings, europe)},
        sources=[s.table for s in doc.sources],
        summary=summary_rows,
    )
