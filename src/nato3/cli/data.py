"""``nato3 data``: list, show and export the tables; import, update, revisions and reconcile (own modules).

``list`` and ``show`` print documents (``tables``, ``table``); ``export`` writes the rows exactly as
stored, read by the same reader as ``show`` and ``nato3.load``.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

import typer

from nato3.cli import data_import, data_reconcile, data_revisions
from nato3.cli.common import (
    FORMAT_OPTION,
    TABLE_OPTION,
    WIDE_OPTION,
    YEAR_FROM_OPTION,
    YEAR_TO_OPTION,
    OutputFormat,
    console,
    emit,
    fail,
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


TABLE_ARGUMENT = typer.Argument(..., help="Table or view name, as listed by `nato3 data list`.")
COUNTRIES_OPTION = typer.Option(
    None,
    "--country",
    "-c",
    help="ISO3 code, e.g. POL (repeat or comma-separate; NATO_EUR_CAN, NATO_TOTAL: NATO's aggregate rows).",
)
EDITION_OPTION = typer.Option(None, "--edition", "-e", help="Only this edition (tables with an edition column).")
SHOWN_BY_DEFAULT = 40


@app.command("list")
def list_tables(fmt: OutputFormat = FORMAT_OPTION, wide: bool = WIDE_OPTION) -> None:
    """Every table and view with its title, producer, edition and row count."""
    from nato3.documents import build

    emit(build("tables"), fmt, wide)


@app.command("show")
def show(
    name: str = TABLE_ARGUMENT,
    iso3: list[str] = COUNTRIES_OPTION,
    from_year: int = YEAR_FROM_OPTION,
    to_year: int = YEAR_TO_OPTION,
    edition: str = EDITION_OPTION,
    limit: int = typer.Option(
        None, "--limit", "-n", help=f"Rows to show (0 = all). Default: {SHOWN_BY_DEFAULT} in a table, all in json/csv."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = TABLE_OPTION,
) -> None:
    """Rows of one table or view, optionally for some countries, a range of years and an edition,
    sorted by country name; estimates marked, each column with its unit and meaning.

    Example: nato3 data show nato_series --country POL --from 2020
    """
    from nato3.documents import build

    if limit is None and fmt is OutputFormat.table:
        limit = SHOWN_BY_DEFAULT
    doc = build(
        "table", name=name, iso3=iso3 or None, from_year=from_year, to_year=to_year, edition=edition, limit=limit
    )
    emit(doc, fmt, wide, table)


@app.command("export")
def export(
    name: str = TABLE_ARGUMENT,
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="csv, parquet or xlsx."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (replaced if it exists)."),
    iso3: list[str] = COUNTRIES_OPTION,
    from_year: int = YEAR_FROM_OPTION,
    to_year: int = YEAR_TO_OPTION,
) -> None:
    """Write a table to a file: the values exactly as stored, nothing rounded.

    csv and parquet reproduce every value exactly; xlsx keeps 16 significant digits, the
    precision Excel files are written with. In csv and xlsx, text that a spreadsheet would run
    as a formula (starting with =, +, -, @) gets a leading '.

    Example: nato3 data export sipri_milex --format parquet -o sipri.parquet
    """
    parent = output.expanduser().resolve().parent
    if not parent.is_dir():
        fail(f"cannot write {output}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        fail(f"cannot write {output}: directory {parent} is not writable")
    if output.is_dir():
        fail(f"cannot write {output}: it is a directory; give a file name")
    from nato3.api import load
    from nato3.atomicfile import replacing
    from nato3.csvsafe import safe_frame
    from nato3.documents.data_common import check_codes

    df = load(name, iso3=check_codes(iso3) or None, from_year=from_year, to_year=to_year)
    df.attrs = {}
    with replacing(output, suffix=output.suffix) as tmp:
        if fmt is ExportFormat.csv:
            safe_frame(df).to_csv(tmp, index=False, lineterminator="\n")
        elif fmt is ExportFormat.parquet:
            df.to_parquet(tmp, index=False)
        else:
            safe_frame(df).to_excel(tmp, index=False, sheet_name=name[:31], engine="openpyxl")
    console(stderr=True).print(f"Wrote {len(df)} rows of {name} to {output}")


app.command("import")(data_import.import_workbook)
app.command("update")(data_import.update)
app.command("revisions")(data_revisions.revisions)
app.command("reconcile")(data_reconcile.reconcile)
