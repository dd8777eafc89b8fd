"""What every command shares: the --format option, JSON/CSV writers, Rich tables, error exits.

Rich and pandas are imported inside the functions, so ``nato3 --help`` stays fast.
"""

from __future__ import annotations

import json
import math
import sys
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from nato3.errors import Nato3Error

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(
    OutputFormat.table, "--format", "-f", help="table for people, json or csv for other programs."
)
YEAR_FROM_OPTION = typer.Option(None, "--from", help="First year to include.")
YEAR_TO_OPTION = typer.Option(None, "--to", help="Last year to include.")
COUNTRY_OPTION = typer.Option(None, "--country", "-c", help="ISO3 code of an ally, e.g. POL.")
WIDE_OPTION = typer.Option(
    False, "--wide", help="Show every column even when the terminal is too narrow (tables are fitted by default)."
)
TABLE_OPTION = typer.Option(None, "--table", help="Which of the document's tables a CSV holds (default: the first).")

MARKS = {True: "✔", False: "✗", None: "–"}


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def emit(doc, fmt: OutputFormat = OutputFormat.table, wide: bool = False, table: str | None = None) -> None:
    """Render a document: its tables for people fitted to the terminal (or only ``table``), its JSON
    (as the API serves it) or one table as CSV (default: the first)."""
    if table is not None:  # an unknown table is refused whatever the format
        from nato3.render.csvout import pick

        pick(doc, table)
    if fmt is OutputFormat.json:
        from nato3.plain import dumps

        sys.stdout.write(dumps(doc.to_dict(), indent=True).decode() + "\n")
    elif fmt is OutputFormat.csv:
        from nato3.render.csvout import to_csv

        sys.stdout.write(to_csv(doc, table))
    else:
        from nato3.render.terminal import print_document

        print_document(doc, console(), wide=wide, tables=[table] if table else None)


@contextmanager
def startup_without_gc():
    """Import and build with Python's cyclic garbage collector paused, then freeze what was loaded.

    Importing pandas, NumPy, DuckDB and pydantic creates a few hundred thousand long-lived objects,
    and the collector scanned them 200+ times in a short command (``nato3 burden``: 214 collections,
    ~70 ms of ~0.8 s; ``nato3 project``: 100–120 ms). Paused while they load and the document is
    built, then frozen (``gc.freeze``: later collections skip them), the rest of the run is
    collected as usual, so a long run's memory stays bounded.
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def fail(message: str) -> None:
    """Raise the error the CLI prints as one line with exit code 2."""
    raise Nato3Error(message)


def jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars to plain Python; NaN and NA become None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]


def write_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def write_csv(df: pd.DataFrame) -> None:
    """``df`` as CSV on stdout, text cells that a spreadsheet would run as formulas neutralised."""
    from nato3.csvsafe import safe_frame

    safe_frame(df).to_csv(sys.stdout, index=False, lineterminator="\n")


def fmt_number(value: Any, digits: int = 2, estimate: bool = False) -> str:
    """A number for a table cell; '–' when missing; ' e' marks a NATO estimate."""
    value = jsonable(value)
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text + (" e" if estimate else "")


def rich_table(df: pd.DataFrame, columns: dict[str, str], title: str | None = None, caption: str | None = None):
    """A Rich table of ``df``'s ``columns`` (name → header), numbers right-aligned."""
    from rich.table import Table

    table = Table(title=title, caption=caption, caption_justify="left", header_style="bold")
    for name, header in columns.items():
        numeric = df[name].dtype.kind in "fiu" if name in df else False
        table.add_column(header, justify="right" if numeric else "left", overflow="fold")
    for values in df[list(columns)].to_dict("records"):
        table.add_row(*[_cell(values[name]) for name in columns])
    return table


def _cell(value: Any) -> str:
    value = jsonable(value)
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)
