"""``nato3 burden``: who pays for NATO (shares, fair-share index, groups); ``nato3 burden test``:
the Olson–Zeckhauser exploitation test and the joint-product diagnostic over time; ``nato3 burden
series``: the United States against Europe and Canada, year by year.

Each prints one document (:mod:`nato3.documents.burden`, ``burden_tests``, ``burden_series``):
the same figures as ``/api/v1/burden…``, the Who pays page and the report.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli.common import (
    FORMAT_OPTION,
    TABLE_OPTION,
    WIDE_OPTION,
    YEAR_FROM_OPTION,
    YEAR_TO_OPTION,
    OutputFormat,
    emit,
    startup_without_gc,
)


class SourceChoice(StrEnum):
    nato = "nato"
    sipri = "sipri"


class PricesChoice(StrEnum):
    constant = "constant"
    current = "current"


class ChartKind(StrEnum):
    fair_share = "fair-share"
    scatter = "scatter"
    us_europe = "us-europe"


SOURCE_OPTION = typer.Option(
    SourceChoice.nato, "--source", "-s", help="nato: NATO's series 2014-2024; sipri: SIPRI's 1949-2024."
)
EDITION_OPTION = typer.Option(
    None,
    "--edition",
    "-e",
    help="NATO edition with spending in US$, e.g. 2024 (SIPRI: its release). Default: the newest with spending "
    "in US$; one edition answers the whole view.",
)
PRICES_OPTION = typer.Option(
    PricesChoice.constant, "--prices", help="constant (the source's price base) or current US$ for money shares."
)

app = typer.Typer(
    help="Who pays for NATO: shares of spending and GDP, fair-share index, groups, and the exploitation tests.",
    invoke_without_command=True,
    rich_markup_mode=None,
)


@app.callback(invoke_without_command=True)
def burden(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", "-y", help="Year to show. Default: the newest with spending in US$."),
    source: SourceChoice = SOURCE_OPTION,
    edition: str = EDITION_OPTION,
    groups: list[str] = typer.Option(
        None,
        "--group",
        "-g",
        help="Show this group (repeatable, at most 8): a built-in id (eu, nordic_baltic, eastern_flank, "
        "bucharest_nine, europe, north_america) or NAME=ISO3,ISO3,... Default: every built-in group.",
    ),
    prices: PricesChoice = PRICES_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
    chart: Path = typer.Option(None, "--chart", help="Also draw a chart to this .png, .svg or .pdf file."),
    chart_kind: ChartKind = typer.Option(ChartKind.fair_share, "--chart-kind", help="Which chart --chart draws."),
) -> None:
    """Who pays for NATO in one year: each ally's and group's share of the alliance's defence
    spending and GDP, the fair-share index (spending share ÷ GDP share; above 1 pays more than
    its economic weight), spending per person, share of military personnel (NATO) and real
    change; the alliance's totals; then the Olson–Zeckhauser test and the joint-product
    diagnostic for that year.

    Allies count from their accession year. NATO's figures, shares of GDP included, come from
    one edition (the newest with spending in US$; the footer says which); SIPRI's GDP is derived
    as spending ÷ share of GDP (marked *). Tables: group_shares, ally_shares, alliance, olson_zeckhauser,
    joint_product (--table picks the CSV's).

    Examples:

      nato3 burden                                   # NATO, newest year, every built-in group

      nato3 burden --year 2024 --group "Baltics=EST,LVA,LTU" --format json

      nato3 burden --source sipri --year 1964 --chart scatter.svg --chart-kind scatter
    """
    if ctx.invoked_subcommand is not None:
        return
    from nato3.documents import build

    if chart is not None:
        from nato3.charts.static import check_chart_path

        check_chart_path(chart)
    with startup_without_gc():
        doc = build(
            "burden", year=year, source=source.value, edition=edition, prices=prices.value, groups=groups or None
        )
    if chart is not None:  # drawn first: a chart that cannot be drawn fails before any output
        from nato3.burden.charts import draw

        series = None
        if chart_kind is ChartKind.us_europe:
            p = doc.parameters
            same = {"source": p["source"], "edition": p["edition"], "prices": p["prices"]}
            series = build("burden_series", to_year=p["year"], **same)
        written = draw(chart_kind.value, doc, chart, series)
        typer.echo(f"Chart written to {written}", err=True)
    emit(doc, fmt, wide, table)


@app.command("test")
def test(
    from_year: int = YEAR_FROM_OPTION,
    to_year: int = YEAR_TO_OPTION,
    source: SourceChoice = SOURCE_OPTION,
    edition: str = EDITION_OPTION,
    prices: PricesChoice = PRICES_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
) -> None:
    """The Olson–Zeckhauser exploitation test and the joint-product diagnostic, year by year.

    Olson–Zeckhauser: Spearman's ρ and Kendall's τ between GDP and burden (spending ÷ GDP), with
    p-values and n, for all allies and without the US, plus the growth variant (GDP share against
    real spending growth); how often each was significant. Joint products: Wilcoxon signed-rank
    test of spending shares against GDP and population shares. Tables: olson_zeckhauser,
    joint_product, significance (--table picks the CSV's).

    Examples:

      nato3 burden test --source sipri --from 1950 --to 2024

      nato3 burden test --format csv --table joint_product
    """
    from nato3.documents import build

    doc = build(
        "burden_tests", source=source.value, from_year=from_year, to_year=to_year, edition=edition, prices=prices.value
    )
    emit(doc, fmt, wide, table)


@app.command("series")
def series(
    from_year: int = YEAR_FROM_OPTION,
    to_year: int = YEAR_TO_OPTION,
    source: SourceChoice = SOURCE_OPTION,
    edition: str = EDITION_OPTION,
    prices: PricesChoice = PRICES_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
) -> None:
    """The United States against Europe and Canada, year by year: each one's share of the
    alliance's defence spending and its spending in US$ (a dash where the total is unknown).

    Examples:

      nato3 burden series

      nato3 burden series --source sipri --from 1949 --format csv
    """
    from nato3.documents import build

    doc = build(
        "burden_series", source=source.value, from_year=from_year, to_year=to_year, edition=edition, prices=prices.value
    )
    emit(doc, fmt, wide)
