"""``nato3 data import`` and ``nato3 data update``: bring in the publishers' own workbooks.

Both show what would change (new rows, changed values, the largest revisions) and then commit
in one step — or, with ``--dry-run``, change nothing. Progress goes to stderr, results to stdout.
"""

from __future__ import annotations

from pathlib import Path

import typer

from nato3.cli.common import FORMAT_OPTION, OutputFormat, console, fail, fmt_number, write_json

AS_OPTION = typer.Option(None, "--as", help="nato or sipri. Default: recognised from the workbook's titles.")
EDITION_OPTION = typer.Option(
    None, "--edition", "-e", help="Edition label to store it under. Default: read from the workbook (e.g. 2025)."
)
DRY_RUN_OPTION = typer.Option(False, "--dry-run", help="Show what would change; change nothing.")
STEPS = {
    "reading": "Reading the workbook…",
    "comparing": "Comparing with the loaded data…",
    "staging": "Writing the new tables…",
    "validating": "Validating: building a new database…",
    "committing": "Committing…",
    "committed": "Committed.",
}


def _no_csv(fmt: OutputFormat) -> None:
    if fmt is OutputFormat.csv:
        fail("--format csv does not fit an import report; use table or json")


def _progress(quiet: bool):
    err = console(stderr=True)

    def say(step: str) -> None:
        if not quiet:
            err.print(STEPS.get(step, step[:1].upper() + step[1:] + "…"), style="dim")

    return say


def import_workbook(
    file: Path = typer.Argument(..., help="The publisher's .xlsx workbook (NATO or SIPRI)."),
    as_: str = AS_OPTION,
    edition: str = EDITION_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Import NATO's or SIPRI's own workbook: validate it, show the diff, commit it atomically.

    An imported NATO edition replaces a bundled edition with the same label; a new label adds an
    edition. The import is kept in $NATO3_HOME/imports with its provenance (your file's name
    and sha256, the import time, the detected edition and price base).

    Examples:

      nato3 data import 240617-def-exp-2024-TABLES-en.xlsx --dry-run

      nato3 data import def-exp-2025-en.xlsx --as nato --edition 2025
    """
    from nato3.imports import importer

    _no_csv(fmt)
    say = _progress(fmt is not OutputFormat.table)
    prepared = importer.prepare(file, as_=as_, edition=edition, progress=say)
    if fmt is OutputFormat.table:
        print_prepared(prepared)
    if not dry_run:
        importer.run(prepared, progress=say)
    if fmt is OutputFormat.table:
        print_outcome([prepared], dry_run)
    else:
        write_json(prepared.to_json())


def update(
    only: str = typer.Option(None, "--only", help="nato or sipri. Default: both."),
    nato_url: str = typer.Option(None, "--nato-url", help="NATO's page or workbook address (or $NATO3_NATO_URL)."),
    sipri_url: str = typer.Option(None, "--sipri-url", help="SIPRI's page or workbook address (or $NATO3_SIPRI_URL)."),
    dry_run: bool = DRY_RUN_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Download NATO's and SIPRI's newest workbooks and import what is new, in one step.

    Offline (a publisher cannot be reached), it says so in one line, changes nothing and exits
    with code 3, so scripts can tell "try again later" from bad input (code 2).

    Example: nato3 data update --dry-run
    """
    from nato3.imports.update import update as run_update

    _no_csv(fmt)
    say = _progress(fmt is not OutputFormat.table)
    result = run_update(only=only, urls={"nato": nato_url, "sipri": sipri_url}, dry_run=dry_run, progress=say)
    if fmt is not OutputFormat.table:
        write_json(result.to_json())
        return
    out = console()
    for p in result.up_to_date:
        out.print(f"{p.source.file}: {p.kind.upper()} edition {p.datasets[0].edition} is already loaded, unchanged.")
    for p in result.prepared:
        print_prepared(p)
    if result.prepared:
        print_outcome(result.prepared, dry_run)
    else:
        out.print("Everything is up to date; nothing changed.")


def print_prepared(prepared) -> None:
    """What was read and how it differs from the loaded data."""
    out = console()
    det = prepared.detected
    years = det.get("years") or ["?", "?"]
    base = f", {det['price_base_year']} prices" if det.get("price_base_year") else ""
    if det.get("definition"):
        base += f", {det['definition']} defence expenditure"
    from rich.markup import escape

    out.print(
        f"[bold]{escape(prepared.source.file)}[/bold]: {det['publisher']} workbook, "
        f"edition {prepared.datasets[0].edition}"
        f"{base}, {years[0]}–{years[1]}, published {det.get('published') or 'unknown'} "
        f"(sha256 {prepared.source.sha256[:12]}…)"
    )
    for d, x in zip(prepared.datasets, prepared.diffs, strict=True):
        _print_diff(out, d, x)


def _print_diff(out, dataset, x) -> None:
    out.print(f"  {dataset.name}: {x.rows} rows")
    if x.against is None:
        out.print("    nothing of this kind is loaded yet: every row is new")
        return
    relation = "replaces" if x.same_edition else f"new edition; compared with edition {x.against_edition} in"
    out.print(f"    {relation} {x.against}")
    out.print(
        f"    new rows {len(x.new_rows)} · removed rows {len(x.removed_rows)} · "
        f"changed values {len(x.changed)} in {x.changed_rows} rows · unchanged rows {max(x.unchanged_rows, 0)}"
    )
    if x.price_base[0] and x.price_base[1] and x.price_base[0] != x.price_base[1]:
        out.print(
            f"    price base {x.price_base[0]} → {x.price_base[1]}: constant-price money columns are not "
            "comparable and are listed as new/dropped columns, not compared",
            style="yellow",
        )
    if x.new_columns:
        out.print(f"    columns only in the import: {', '.join(x.new_columns)}")
    if x.dropped_columns:
        out.print(f"    columns only in the loaded table: {', '.join(x.dropped_columns)}")
    if x.changed:
        counts = ", ".join(f"{c} {n}" for c, n in list(x.changes_by_column().items())[:6])
        out.print(f"    changed values by column: {counts}")
    largest = x.largest()
    if largest:
        from rich.table import Table

        out.print(f"    Largest revisions of {largest[0].column}:")
        table = Table(header_style="bold")
        for name in [*x.key_names, "loaded", "import", "change"]:
            table.add_column(name, justify="right" if name in ("loaded", "import", "change", "year") else "left")
        for c in largest:
            table.add_row(*[str(k) for k in c.key], fmt_number(c.old, 3), fmt_number(c.new, 3), fmt_number(c.delta, 3))
        out.print(table)


def print_outcome(prepared: list, dry_run: bool) -> None:
    out = console()
    if dry_run:
        out.print("Dry run: nothing was changed.")
        return
    names = ", ".join(d.name for p in prepared for d in p.datasets)
    out.print(f"Imported {names}; the database was rebuilt. See `nato3 sources` for the provenance.")
