"""``nato3 backtest``: how good the projection's methods and odds were, from past origins.

Renders the backtest document (:mod:`nato3.documents.backtest`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, TABLE_OPTION, WIDE_OPTION, OutputFormat, console, emit


def backtest(
    source: str = typer.Option("sipri", "--source", help="sipri (1949-2024) or nato (each NATO edition apart)."),
    origins: str = typer.Option(None, "--origins", help="Origin years FROM:TO, e.g. 1990:2014. Default: all."),
    horizons: str = typer.Option("1-10", "--horizons", help="Years ahead: 1-10, 5 or 1,3,5."),
    draws: int = typer.Option(10_000, "--draws", "-n", help="Monte Carlo draws per origin (0: no bands or odds)."),
    seed: int = typer.Option(2035, "--seed", "-s", help="Random seed."),
    fit: bool = typer.Option(
        False, "--fit", help="Fit the Monte Carlo settings to these hindcasts and write them for the scenarios."
    ),
    chart: Path = typer.Option(None, "--chart", help="Also write a reliability chart (.png, .svg or .pdf)."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
) -> None:
    """How good are the odds? Hindcasts of the projection's methods from past origins, scored.

    From every origin year, constant share, linear trend and real growth project each ally's
    share of GDP 1-10 years ahead using only the data up to that year, with the projection's own
    Monte Carlo bands, and are compared with what the same edition says happened: error by
    horizon, coverage of the 50/80/95 % bands, Brier score and reliability of "at or above 2 %"
    odds, and the Wales case (2014 to 2024). Every figure is a hindcast.

    --fit fits the Monte Carlo settings (GDP growth sd, correlation, execution sd) to the
    errors, writes them with their provenance to the bundled data (the built-in scenarios use
    them) and reports the 80 % band coverage before and after.

    Tables: backtest_errors, backtest_overall, backtest_reliability, wales, wales_summary,
    fit_values and fit_coverage (with --fit) are printed; backtest_coverage, backtest_brier and
    backtest_coverage_by_ally too with --table. json holds them all; csv one (--table).

    Examples:

      nato3 backtest

      nato3 backtest --source nato --draws 2000 --chart reliability.png

      nato3 backtest --fit
    """
    from nato3.backtest.options import parse_horizons, parse_origins
    from nato3.backtest.run import backtest as run
    from nato3.cli.common import fail
    from nato3.documents.backtest import document

    if seed < 0:
        fail(f"--seed {seed} must be 0 or more")
    if chart is not None:
        from nato3.charts.static import check_chart_path

        check_chart_path(chart)
        if draws == 0:
            fail("--chart needs Monte Carlo draws: use --draws 1 or more")
    doc = document(run(source, parse_origins(origins), parse_horizons(horizons), draws, seed, fit=fit))
    if chart is not None:
        from nato3.documents.backtest import reliability_chart

        reliability_chart(doc, chart)
    emit(doc, fmt, wide, table)
    if chart is not None and fmt is OutputFormat.table:
        console(stderr=True).print(f"Chart written to {chart}", style="dim")
