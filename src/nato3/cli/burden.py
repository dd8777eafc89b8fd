"""``nato3 burden``: who pays for NATO (shares, fair-share index, groups) and ``nato3 burden test``:
the Olson–Zeckhauser exploitation test and the joint-product diagnostic over time."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli.common import (
    FORMAT_OPTION,
    YEAR_FROM_OPTION,
    YEAR_TO_OPTION,
    OutputFormat,
    console,
    fmt_number,
    write_csv,
    write_json,
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
    None, "--edition", "-e", help="NATO edition, e.g. 2024. Default: per year, the newest with spending in US$."
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
    group: list[str] = typer.Option(
        None,
        "--group",
        "-g",
        help="Show this group (repeatable): a built-in id (eu, nordic_baltic, eastern_flank, bucharest_nine, "
        "europe, north_america) or NAME=ISO3,ISO3,... Default: every built-in group.",
    ),
    prices: PricesChoice = PRICES_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
    chart: Path = typer.Option(None, "--chart", help="Also draw a chart to this .png, .svg or .pdf file."),
    chart_kind: ChartKind = typer.Option(ChartKind.fair_share, "--chart-kind", help="Which chart --chart draws."),
) -> None:
    """Who pays for NATO in one year: each ally's and group's share of the alliance's defence
    spending and GDP, the fair-share index (spending share ÷ GDP share; above 1 pays more than
    its economic weight), spending per person, share of military personnel (NATO) and real
    change; then the Olson–Zeckhauser test and the joint-product diagnostic for that year.

    Allies count from their accession year. NATO figures come from one edition per year; SIPRI's
    GDP is derived as spending ÷ share of GDP (marked derived).

    Examples:

      nato3 burden                                   # NATO, newest year, every built-in group

      nato3 burden --year 2024 --group "Baltics=EST,LVA,LTU" --format json

      nato3 burden --source sipri --year 1964 --chart scatter.svg --chart-kind scatter
    """
    if ctx.invoked_subcommand is not None:
        return
    from nato3.burden.charts import draw
    from nato3.burden.report import year_report
    from nato3.charts.static import check_chart_path

    if chart is not None:
        check_chart_path(chart)
    report = year_report(year=year, source=source.value, edition=edition, groups=group, prices=prices.value)
    if chart is not None:  # drawn first: a chart that cannot be drawn fails before any output
        written = draw(chart_kind.value, report, chart, edition)
        typer.echo(f"Chart written to {written}", err=True)
    if fmt is OutputFormat.json:
        write_json(report.to_dict())
    elif fmt is OutputFormat.csv:
        write_csv(report.to_frame())
    else:
        _print_year(report)


@app.command("test")
def test(
    from_year: int = YEAR_FROM_OPTION,
    to_year: int = YEAR_TO_OPTION,
    source: SourceChoice = SOURCE_OPTION,
    edition: str = EDITION_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The Olson–Zeckhauser exploitation test and the joint-product diagnostic, year by year.

    Olson–Zeckhauser: Spearman's ρ and Kendall's τ between GDP and burden (spending ÷ GDP), with
    p-values and n, for all allies and without the US, plus the growth variant (GDP share against
    real spending growth). Joint products: Wilcoxon signed-rank test of spending shares against
    GDP and population shares. csv gives the long format (source, iso3, indicator, year).

    Examples:

      nato3 burden test --source sipri --from 1950 --to 2024

      nato3 burden test --format json
    """
    from nato3.burden.analysis import burden_test_tables, burden_tests

    if fmt is OutputFormat.csv:
        write_csv(burden_tests(source.value, from_year, to_year, edition))
        return
    oz, jp = burden_test_tables(source.value, from_year, to_year, edition)
    if fmt is OutputFormat.json:
        write_json(_test_json(oz, jp))
    else:
        _print_test(oz, jp)


def _test_json(oz, jp) -> dict:
    from nato3.cli.common import records

    return {
        "source": oz.attrs["source"],
        "from": int(oz["year"].min()),
        "to": int(oz["year"].max()),
        "editions": sorted(str(e) for e in oz["edition"].unique()),
        "olson_zeckhauser": records(oz),
        "joint_product": records(jp),
        "notes": oz.attrs["notes"],
        "derived": oz.attrs["derived"],
        "sources": oz.attrs["sources"],
    }


def _pct(value) -> str:
    return fmt_number(value, 2)


def _print_year(report) -> None:
    from rich.table import Table

    out = console()
    base = report.price_base if report.prices.value == "constant" else "current prices"
    origin = "NATO edition" if report.source.value == "nato" else "SIPRI release"
    title = f"Who pays for NATO, {report.year} ({origin} {report.edition}, {base})"
    columns = [
        ("spending_share_pct", "Spend. %"),
        ("gdp_share_pct", "GDP %"),
        ("fair_share_index", "Fair sh."),
        ("burden_pct", "% GDP"),
        ("per_capita_usd", "$/head"),
        ("personnel_share_pct", "Pers. %"),
        ("real_change_pct", "Real %"),
    ]
    columns = [c for c in columns if report.allies[c[0]].notna().any()]
    groups = Table(title=title, header_style="bold")
    groups.add_column("Group", ratio=None, min_width=14)
    groups.add_column("n", justify="right")
    for _, header in columns:
        groups.add_column(header, justify="right")
    for row in report.groups.to_dict("records"):
        groups.add_row(row["name"], str(row["n_members"]), *[_cell(row, key) for key, _ in columns])
    groups.caption = "n: allies counted; Fair sh.: spending share ÷ GDP share; $/head: spending per person"
    groups.caption_justify = "left"
    out.print(groups)
    allies = Table(title=f"Allies by share of alliance spending, {report.year}", header_style="bold")
    allies.add_column("#", justify="right")
    allies.add_column("Ally", min_width=12)
    for _, header in columns:
        allies.add_column(header, justify="right")
    for rank, row in enumerate(report.allies.to_dict("records"), start=1):
        allies.add_row(str(rank), row["country"], *[_cell(row, key) for key, _ in columns])
    out.print(allies)
    out.print(_alliance_line(report))
    out.print(_tests_lines(report))
    out.print(_footer(report), style="dim")


def _cell(row: dict, key: str) -> str:
    """A table cell; the spending share carries the source's estimate mark (' e')."""
    digits = 0 if key == "per_capita_usd" else 3 if key == "fair_share_index" else 2
    return fmt_number(row[key], digits, estimate=key == "spending_share_pct" and bool(row.get("is_estimate")))


def _alliance_line(report) -> str:
    a = report.alliance
    unit = f"US$ ({report.price_base})" if report.prices.value == "constant" else "US$ (current prices)"
    return (
        f"Alliance: {a['n_members']} allies, spending {fmt_number(a['spending_musd'], 0)} million {unit}, "
        f"{fmt_number(a['burden_pct'])} % of GDP, real change {fmt_number(a['real_change_pct'], 1)} %."
    )


def _stats(r: dict) -> str:
    return (
        f"ρ = {fmt_number(r['spearman_rho'])} (p {fmt_number(r['spearman_p'], 3)}), "
        f"τ = {fmt_number(r['kendall_tau'])} (p {fmt_number(r['kendall_p'], 3)}), n = {r['n']}"
    )


def _tests_lines(report) -> str:
    from nato3.burden.exploitation import RATIO_BIAS

    oz = {(r["test"], r["sample"]): r for r in report.olson_zeckhauser.to_dict("records")}
    jp = {r["proxy"]: r for r in report.joint_product.to_dict("records")}
    lines = [
        "Olson–Zeckhauser (GDP against burden = spending ÷ GDP; > 0: larger allies carry more):",
        f"  all allies: {_stats(oz[('levels', 'all')])}",
        f"  without the US: {_stats(oz[('levels', 'without_usa')])}",
        f"  growth (GDP share against real spending growth): {_stats(oz[('growth', 'all')])}",
        f"  {RATIO_BIAS}",
        "Joint products (Wilcoxon signed-rank, spending share against benefit share):",
    ]
    for proxy, label in (("gdp", "GDP share"), ("population", "population share")):
        r = jp[proxy]
        lines.append(
            f"  {label}: W = {fmt_number(r['wilcoxon_w'], 1)}, p = {fmt_number(r['wilcoxon_p'], 4)}, median "
            f"difference {fmt_number(r['median_difference_pp'], 3)} pp, {r['n_above']} of {r['n']} allies above"
        )
    return "\n".join(lines)


def _footer(report) -> str:
    lines = ["Sources:"]
    for s in report.sources:
        lines.append(f"  {s['producer']}, {s['title']}: edition {s['edition']} (published {s['published']}).")
    for what, how in report.derived.items():
        lines.append(f"  {_label(what)}: {how}.")
    lines.append(
        "Allies count from their accession year. A total is unknown when an ally lacks the figure, except "
        "Iceland (no armed forces), whose GDP counts as in NATO's totals. e = estimate."
    )
    lines.extend(report.notes)
    return "\n".join(lines)


def _print_test(oz, jp) -> None:
    from rich.table import Table

    wide = {(r["year"], r["test"], r["sample"]): r for r in oz.to_dict("records")}
    jpw = {(r["year"], r["proxy"]): r for r in jp.to_dict("records")}
    table = Table(title=f"Olson–Zeckhauser and joint-product tests ({oz.attrs['source']})", header_style="bold")
    for header in ("Year", "Ed.", "n", "ρ (p)", "τ (p)", "ρ w/o US (p)", "Growth ρ (p)", "W GDP p", "W pop. p"):
        table.add_column(header, justify="right")
    for year in sorted(oz["year"].unique()):
        levels, without = wide[(year, "levels", "all")], wide[(year, "levels", "without_usa")]
        growth = wide[(year, "growth", "all")]
        table.add_row(
            str(year),
            str(levels["edition"]),
            str(levels["n"]),
            _coef(levels, "spearman"),
            _coef(levels, "kendall"),
            _coef(without, "spearman"),
            _coef(growth, "spearman"),
            fmt_number(jpw[(year, "gdp")]["wilcoxon_p"], 4),
            fmt_number(jpw[(year, "population")]["wilcoxon_p"], 4),
        )
    out = console()
    out.print(table)
    lines = [*oz.attrs["notes"], "Sources:"]
    lines += [f"  {s['producer']}, {s['title']}: edition {s['edition']}." for s in oz.attrs["sources"]]
    lines += [f"  {_label(k)}: {v}." for k, v in oz.attrs["derived"].items()]
    out.print("\n".join(lines), style="dim")


def _label(key: str) -> str:
    """``gdp`` → ``GDP``, ``real_change`` → ``Real change``: the keys of the ``derived`` notes."""
    return "GDP" if key == "gdp" else key.replace("_", " ").capitalize()


def _coef(r: dict, test: str) -> str:
    key = "spearman_rho" if test == "spearman" else "kendall_tau"
    return f"{fmt_number(r[key])} ({fmt_number(r[f'{test}_p'], 3)})"
