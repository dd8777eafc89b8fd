"""``nato3 data revisions``: how each NATO figure changed from one edition to the next."""

from __future__ import annotations

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


def revisions(
    country: str = COUNTRY_OPTION,
    year: int = typer.Option(None, "--year", "-y", help="Only this year."),
    figure: str = typer.Option(
        "defence_share_gdp_pct",
        "--figure",
        help="Harmonised figure, e.g. defence_share_gdp_pct, equipment_share_pct, defence_exp_musd_const.",
    ),
    revised_only: bool = typer.Option(False, "--revised-only", help="Hide pairs whose value did not change."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """How each figure changed between NATO editions: estimate → outturn, revisions, price bases.

    Shares of GDP are ratios and compare across editions; money in constant prices does not when
    the price base changed (2015 prices in the 2024 edition, 2021 prices in the 2025 edition), so
    those pairs show no change and say why.

    Example: nato3 data revisions --country POL --year 2024   # 4.12 (2024 edition) → 3.79 (2025 edition)
    """
    from nato3.alliance.membership import check_country
    from nato3.standing.revisions import revisions as compute

    iso3 = check_country(country) if country else None
    df = compute(figure=figure, iso3=iso3, year=year)
    if df.empty and year is not None:
        check_year_option(
            "--year", year, compute(figure=figure, iso3=iso3)["year"], "the years NATO revised between editions"
        )
    if revised_only:
        df = df[df["revised"]]
    if fmt is OutputFormat.json:
        write_json({"figure": df.attrs["figure"], "editions": df.attrs["editions"], "revisions": records(df)})
    elif fmt is OutputFormat.csv:
        write_csv(df)
    else:
        _print(df)


def _print(df) -> None:
    from rich.table import Table

    label = df.attrs["figure"]["label"]
    table = Table(title=f"Revisions between NATO editions: {label}", header_style="bold", title_justify="left")
    for name, right in [("Ally", False), ("Year", True), ("From", True), ("To", True), ("Change", True)]:
        table.add_column(name, justify="right" if right else "left")
    table.add_column("Status")
    table.add_column("Note", overflow="fold")
    for r in df.to_dict("records"):
        table.add_row(
            r["iso3"],
            str(r["year"]),
            f"{fmt_number(r['value_from'], 2, r['estimate_from'])} ({r['edition_from']})",
            f"{fmt_number(r['value_to'], 2, r['estimate_to'])} ({r['edition_to']})",
            "definition" if r["definition_change"] else fmt_number(r["change"], 2) if r["revised"] else "0",
            r["status"],
            r["note"],
        )
    out = console()
    out.print(table)
    lines = [f"{len(df)} pairs of consecutive editions. (edition) = NATO edition; e = estimate."]
    for e in df.attrs["editions"]:
        base = f", {e['price_base_year']} prices" if e.get("price_base_year") else ""
        what = f", {e['definition']} defence expenditure" if e.get("definition") else ""
        lines.append(f"  Edition {e['edition']}: published {e['published']}{base}{what} — table {e['dataset']}.")
    lines.append(
        "Shares of GDP are ratios and compare across editions; constant-price money does not when the price "
        "base changed, and nothing compares across a change of definition ('definition': total defence "
        "expenditure up to the 2025 edition, core defence expenditure from the 2026 edition). "
        "Source: NATO, Defence Expenditure of NATO Countries."
    )
    out.print("\n".join(lines), style="dim")
