"""``nato3 data reconcile``: NATO vs SIPRI share of GDP per ally and year, the gap and its
reasons (the ``reconcile`` document; ``--chart`` draws its table)."""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import COUNTRY_OPTION, FORMAT_OPTION, TABLE_OPTION, WIDE_OPTION, OutputFormat, console, emit


def reconcile(
    iso3: str = COUNTRY_OPTION,
    year: int = typer.Option(None, "--year", "-y", help="Only this year."),
    edition: str = typer.Option(
        None, "--edition", "-e", help="NATO edition to compare. Default: the newest edition with each figure."
    ),
    chart: Path = typer.Option(None, "--chart", help="Also draw a chart to this .png, .svg or .pdf file."),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
) -> None:
    """NATO vs SIPRI: both shares of GDP, the difference (NATO − SIPRI) and the known reasons.

    Reasons come from the data: NATO's core-defence definition (2026 edition), SIPRI's footnote
    marks (pensions †, paramilitary ¶, current spending only ‡, adopted budget §) and country
    footnotes, fiscal vs calendar years, the GDP each uses, NATO's real vs current-price share
    (editions with money columns), estimates.

    Examples:

      nato3 data reconcile --year 2024 --chart nato-vs-sipri-2024.png

      nato3 data reconcile --country GBR --edition 2024
    """
    from nato3.documents import build

    doc = build("reconcile", iso3=iso3, year=year, edition=edition)
    if chart is not None:
        from nato3.reconcile.chart import reconcile_chart, source_line

        nato = [e.label for e in doc.editions if e.publisher == "NATO"]
        sipri = next(e.label for e in doc.editions if e.publisher == "SIPRI")
        rows = doc.tables["reconcile"].frame
        reconcile_chart(rows, chart, source_line(nato, sipri), iso3=doc.parameters["iso3"], year=year)
        console(stderr=True).print(f"Wrote the chart to {chart}")
    emit(doc, fmt, wide, table)
