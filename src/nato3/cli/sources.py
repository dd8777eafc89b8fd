"""``nato3 sources``: where every table came from, its edition, definition, licence and hash (the
``sources`` document)."""

from __future__ import annotations

import typer

from nato3.cli.common import FORMAT_OPTION, WIDE_OPTION, OutputFormat, emit


def sources(
    name: str = typer.Option(
        None, "--table", "-t", help="Only this table (or the tables behind a view), with its full descriptor."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
    wide: bool = WIDE_OPTION,
    table: str = typer.Option(
        None,
        "--csv-table",
        help="Which of the document's tables a CSV holds (sources, details, columns). Default: sources.",
    ),
) -> None:
    """The provenance of every table: producer, edition, definition (NATO editions: total defence
    expenditure, or core defence expenditure from the 2026 edition — a break in series never
    spliced), publication date, data cut-off, original address, the intermediary it was copied
    from, licence, access date, sha256 and row count."""
    from nato3.documents import build

    emit(build("sources", name=name), fmt, wide, table)
