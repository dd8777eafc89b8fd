"""``nato3 data reconcile``: NATO vs SIPRI share of GDP per ally and year, the gap and its reasons."""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import (
    COUNTRY_OPTION,
    FORMAT_OPTION,
    OutputFormat,
    check_year_option,
    console,
    fmt_number,
    records,
    write_csv,
    write_json,
)


def reconcile(
    country: str = COUNTRY_OPTION,
    year: int = typer.Option(None, "--year", "-y", help="Only this year."),
    edition: str = typer.Option(
        None, "--edition", "-e", help="NATO edition to compare. Default: the newest edition with each figure."
    ),
    chart: Path = typer.Option(None, "--chart", help="Also draw a chart to this .png, .svg or .pdf file."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """NATO vs SIPRI: both shares of GDP, the difference (NATO − SIPRI) and the known reasons.

    Reasons come from the data: SIPRI's footnote marks (pensions †, paramilitary ¶, current
    spending only ‡, adopted budget §) and country footnotes, fiscal vs calendar years, the GDP
    each uses, NATO's real vs current-price share (editions with money columns), estimates.

    Examples:

      nato3 data reconcile --year 2024 --chart nato-vs-sipri-2024.png

      nato3 data reconcile --country GBR --edition 2024
    """
    from nato3.alliance.membership import check_country
    from nato3.reconcile.compare import reconcile as compute

    iso3 = check_country(country) if country else None
    df = compute(iso3=iso3, year=year, edition=edition)
    if df.empty and year is not None:
        check_year_option(
            "--year", year, compute(iso3=iso3, edition=edition)["year"], "the years both NATO and SIPRI publish"
        )
    if chart is not None:
        from nato3.reconcile.chart import reconcile_chart

        reconcile_chart(df, chart, iso3=iso3, year=year)
        console(stderr=True).print(f"Wrote the chart to {chart}")
    if fmt is OutputFormat.json:
        write_json({"sources": df.attrs["sources"], "rows": records(df)})
    elif fmt is OutputFormat.csv:
        write_csv(df)
    else:
        _print(df)


def _print(df) -> None:
    from rich.table import Table

    table = Table(title="NATO vs SIPRI: defence spending as a share of GDP", header_style="bold", title_justify="left")
    for name in ("Ally", "Year", "NATO %", "SIPRI %", "NATO − SIPRI"):
        table.add_column(name, justify="left" if name == "Ally" else "right")
    table.add_column("Reasons", overflow="fold")
    for r in df.to_dict("records"):
        table.add_row(
            r["country"],
            str(r["year"]),
            f"{fmt_number(r['nato_share_gdp_pct'], 2, r['nato_is_estimate'])} ({r['nato_edition']})",
            fmt_number(r["sipri_share_gdp_pct"], 2) + (" e" if r["sipri_flag"] == "estimate" else ""),
            fmt_number(r["difference_pp"], 2),
            r["reasons"].replace(";", ", "),
        )
    out = console()
    out.print(table)
    editions = ", ".join(f"{s['side']} {s['table']} (edition {s['edition']})" for s in df.attrs["sources"])
    out.print(
        f"{len(df)} ally-years with both shares. Sources: {editions}.\n"
        "Reasons: pensions/paramilitary/current_only/budget = SIPRI's definition for the ally (footnote marks); "
        "fiscal_year = NATO counts fiscal years, SIPRI calendar years; gdp = different GDP data; prices = NATO's "
        "real vs current-price share; *_estimate = an estimate; sipri_footnote = see --format json for the text.",
        style="dim",
    )
