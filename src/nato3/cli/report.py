"""``nato3 report``: write the burden-sharing report as one self-contained HTML file (and a PDF)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli.common import console, startup_without_gc
from nato3.cli.run_options import end_process


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    both = "both"


FORMATS = {ReportFormat.html: ("html",), ReportFormat.pdf: ("html", "pdf"), ReportFormat.both: ("html", "pdf")}


def report(
    out: Path = typer.Option(Path("report"), "--out", "-o", help="Directory to write into (created if missing)."),
    year: int = typer.Option(
        None, "--year", "-y", help="Year to report. Default: the newest year with NATO's alliance total."
    ),
    edition: str = typer.Option(
        None,
        "--edition",
        "-e",
        help="NATO edition to use, e.g. 2024. Default: for each figure, the newest edition that has it.",
    ),
    scenario: str = typer.Option(
        None,
        "--scenario",
        help="Scenario for the paths-to-2035 section: a built-in name (nato3 scenario list) or a scenario "
        "YAML file. Default: announced-plans. Run with 10,000 Monte Carlo draws and the scenario's seed.",
    ),
    fmt: ReportFormat = typer.Option(
        ReportFormat.html,
        "--format",
        "-f",
        help="html writes DIR/index.html; pdf and both also print it to DIR/report.pdf "
        "(needs Playwright and Chromium).",
    ),
    open_report: bool = typer.Option(False, "--open", help="Open the report in the default browser when done."),
) -> None:
    """Build the report: headline figures, where each ally stands, who pays, paths to 2035
    under a scenario, the NATO 3.0 ledger, then methods and sources.

    One self-contained HTML file (charts inline, no network needed), every number computed
    from the bundled data at build time, every figure naming its source and edition;
    projections are marked as projections, not data. Prints the path and the headline figures.

    Examples:

      nato3 report                  # writes report/index.html

      nato3 report --scenario hague-linear

      nato3 report --scenario my-scenario.yaml --format both --out report-mine

      nato3 report --year 2024 --edition 2024 --format both --out report-2024
    """
    from nato3.cli import app

    if app.WHOLE_PROCESS:  # a process of its own: matplotlib's help texts are never shown
        from nato3.charts.static import skip_set_help

        skip_set_help()
    with startup_without_gc():  # the whole build: ~0.5 s of collections over both processes, peak memory unchanged
        from nato3.report import build_report

        result = build_report(out=out, year=year, edition=edition, scenario=scenario, formats=FORMATS[fmt])
    _print_summary(result)
    if open_report:
        import webbrowser

        webbrowser.open(result.html.resolve().as_uri())
    end_process()  # Python's teardown of a report's objects: ~0.15 s of a whole process


def _print_summary(result) -> None:
    from rich.table import Table

    out = console()
    table = Table(title=f"nato3 report, {result.context.year}", header_style="bold")
    table.add_column("Headline")
    table.add_column("Value", justify="right")
    table.add_column("Figure from")
    for row in result.summary:
        table.add_row(*(text.replace("\u00a0", " ") for text in (row.label, row.value, row.note)))
    out.print(table)
    sections = "; ".join(s.title for s in result.sections)
    out.print(f"Sections: {sections}. Built in {result.seconds:.1f} s. e = NATO estimate.", style="dim")
    note = result.context.scenario_note()
    if note:
        out.print(note, style="dim")
    typer.echo(f"Report: {result.html}")  # plain echo: a long path is never wrapped
    if result.pdf is not None:
        typer.echo(f"PDF:    {result.pdf}")
