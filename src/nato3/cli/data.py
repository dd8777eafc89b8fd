"""``nato3 data``: list, show and export the tables; import, update, revisions and reconcile (own modules)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli import data_import, data_reconcile, data_revisions
from nato3.cli.common import (
    COUNTRY_OPTION,
    FORMAT_OPTION,
    YEAR_FROM_OPTION,
    YEAR_TO_OPTION,
    OutputFormat,
    check_year_option,
    console,
    fail,
    records,
    rich_table,
    write_csv,
    write_json,
)

app = typer.Typer(
    help="The data behind nato3: list, show, export and import its tables, with their provenance.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


TABLE_ARGUMENT = typer.Argument(..., help="Table name, as listed by `nato3 data list`.")


@app.command("list")
def list_tables(fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Every table with its title, producer, edition and row count."""
    from nato3.api import sources

    df = sources()[["table", "title", "producer", "edition", "rows"]]
    if fmt is OutputFormat.json:
        write_json(records(df))
    elif fmt is OutputFormat.csv:
        write_csv(df)
    else:
        out = console()
        out.print(
            rich_table(df, {"table": "Table", "title": "Title", "edition": "Edition", "rows": "Rows"}, title="Tables")
        )
        out.print(
            "Also: nato_series (all NATO editions in one shape) and country_groups. Provenance: `nato3 sources`.",
            style="dim",
        )


def _load(table: str, country: str | None, year_from: int | None, year_to: int | None):
    from nato3.alliance.membership import check_country
    from nato3.api import load

    iso3 = check_country(country) if country else None
    if year_from is not None and year_to is not None and year_from > year_to:
        fail(f"--from {year_from} is after --to {year_to}")
    df = load(table, iso3=iso3, from_year=year_from, to_year=year_to)
    if df.empty and (year_from is not None or year_to is not None):  # a range outside the data: say so
        years = load(table, iso3=iso3)["year"]
        check_year_option("--from", year_from, years, f"the years of {table}")
        check_year_option("--to", year_to, years, f"the years of {table}")
    return df


@app.command("show")
def show(
    table: str = TABLE_ARGUMENT,
    country: str = COUNTRY_OPTION,
    year_from: int = YEAR_FROM_OPTION,
    year_to: int = YEAR_TO_OPTION,
    limit: int = typer.Option(40, "--limit", "-n", help="Rows to show in a table (0 = all)."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Rows of one table, optionally for one country and a range of years.

    Example: nato3 data show nato_expenditure_ed2024 --country POL --from 2020
    """
    df = _load(table, country, year_from, year_to)
    if fmt is OutputFormat.json:
        write_json(records(df))
        return
    if fmt is OutputFormat.csv:
        write_csv(df)
        return
    shown = df if limit == 0 else df.head(limit)
    out = console()
    out.print(rich_table(shown, {c: c for c in df.columns}, title=table))
    note = f"{len(shown)} of {len(df)} rows"
    if len(shown) < len(df):
        note += " (--limit 0 for all, or --format csv)"
    sources = df.attrs.get("sources", [])
    cite = "; ".join(f"{s.get('producer')}, {s.get('title')}" for s in sources)
    out.print(f"{note}. Source: {cite}.", style="dim")


@app.command("export")
def export(
    table: str = TABLE_ARGUMENT,
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="csv, parquet or xlsx."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (replaced if it exists)."),
    country: str = COUNTRY_OPTION,
    year_from: int = YEAR_FROM_OPTION,
    year_to: int = YEAR_TO_OPTION,
) -> None:
    """Write a table to a file: the values exactly as stored, nothing rounded.

    csv and parquet reproduce every value exactly; xlsx keeps 16 significant digits, the
    precision Excel files are written with. In csv, text that a spreadsheet would run as a
    formula (starting with =, +, -, @) gets a leading '.

    Example: nato3 data export sipri_milex --format parquet -o sipri.parquet
    """
    parent = output.expanduser().resolve().parent
    if not parent.is_dir():
        fail(f"cannot write {output}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        fail(f"cannot write {output}: directory {parent} is not writable")
    if output.is_dir():
        fail(f"cannot write {output}: it is a directory; give a file name")
    df = _load(table, country, year_from, year_to)
    from nato3.atomicfile import replacing
    from nato3.csvsafe import safe_frame

    with replacing(output, suffix=output.suffix) as tmp:
        if fmt is ExportFormat.csv:
            safe_frame(df).to_csv(tmp, index=False, lineterminator="\n")
        elif fmt is ExportFormat.parquet:
            df.to_parquet(tmp, index=False)
        else:
            safe_frame(df).to_excel(tmp, index=False, sheet_name=table[:31], engine="openpyxl")
    console(stderr=True).print(f"Wrote {len(df)} rows of {table} to {output}")


app.command("import")(data_import.import_workbook)
app.command("update")(data_import.update)
app.command("revisions")(data_revisions.revisions)
app.command("reconcile")(data_reconcile.reconcile)
