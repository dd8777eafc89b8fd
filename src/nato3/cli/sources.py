"""``nato3 sources``: where every table came from, its edition, licence and hash."""

from __future__ import annotations

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat, console, fail, records, write_csv, write_json


def sources(
    fmt: OutputFormat = FORMAT_OPTION,
    table: str = typer.Option(None, "--table", "-t", help="Only this table, with its full descriptor."),
) -> None:
    """The provenance of every table: producer, edition, original address, the intermediary it
    was copied from, licence, access date, sha256 and row count."""
    from nato3.api import provenance, tables
    from nato3.api import sources as all_sources

    if table is not None:
        if table not in tables():
            fail(f"unknown table {table!r}; available: {', '.join(tables())}")
        if fmt is OutputFormat.table:
            import json

            console().print_json(json.dumps(provenance(table), ensure_ascii=False))
        else:
            write_json(provenance(table))
        return
    df = all_sources()
    if fmt is OutputFormat.json:
        write_json(records(df))
    elif fmt is OutputFormat.csv:
        write_csv(df)
    else:
        from rich.table import Table

        out = console()
        t = Table(title="Sources", header_style="bold", show_lines=True)
        for header in ("Table", "Producer and title", "Edition", "Original · copied from", "Licence", "Rows · sha256"):
            t.add_column(header, overflow="fold")
        for r in df.to_dict("records"):
            t.add_row(
                r["table"],
                f"{r['producer']}\n{r['title']}",
                f"{r['edition']}\n{r['published'] or ''}",
                f"{r['original_address']}\n{r['intermediary']}",
                r["licence"],
                f"{r['rows']}\n{(r['sha256'] or '')[:16]}…",
            )
        out.print(t)
