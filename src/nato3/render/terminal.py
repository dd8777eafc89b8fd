"""Print a document in the terminal: its tables fitted to the width, then where it came from.

In a terminal narrower than a table, the columns of lowest importance (highest
:attr:`~nato3.documents.model.Column.priority`) are left out, and a line says which and that
``--wide`` shows them; names are never cut and numbers never split (a table that still does not
fit is printed wider than the terminal rather than wrapped). Piped output is plain: no colours,
a light frame, every column, one line per row.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from nato3.documents.model import NUMERIC_KINDS, Column, Document, Table, marks_in
from nato3.render import cells

if TYPE_CHECKING:
    from rich.console import Console

BORDER = 3  # a column's padding and rule in Rich's default box


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _cell_texts(table: Table, column: Column) -> list[str]:
    values = table.frame[column.name].tolist()
    return [cells.marked(v, column, marks_in(m, column)) for v, m in zip(values, table.row_marks(), strict=True)]


def _unbreakable(label: str) -> str:
    """Keep a number with its unit ("3.5 %") on one header line."""
    return label.replace(" %", "\u00a0%")


def _header_width(label: str) -> int:
    return max(len(word) for word in _unbreakable(label).split(" ")) if label.strip() else 1


def fit(table: Table, width: int | None) -> tuple[list[Column], dict[str, list[str]], list[Column]]:
    """The columns to show within ``width`` (None: all), their cell texts, and those left out."""
    shown = [c for c in table.columns if c.display and table.frame[c.name].notna().any()]
    texts = {c.name: _cell_texts(table, c) for c in shown}
    need = {c.name: max([_header_width(c.label), *map(len, texts[c.name])]) + BORDER for c in shown}
    dropped: list[Column] = []
    if width is not None:
        for column in sorted((c for c in shown if c.priority > 0), key=lambda c: -c.priority):
            if sum(need[c.name] for c in shown) + 1 <= width:
                break
            shown.remove(column)
            dropped.append(column)
    return shown, texts, dropped


def _wrap_text_columns(shown: list[Column], texts: dict[str, list[str]], widths: dict[str, int], width: int) -> set:
    """Narrow the widest text columns (never below their longest word) until the table fits;
    return the names of the columns whose cells now wrap at spaces."""
    excess = sum(w + BORDER for w in widths.values()) + 1 - width
    wrapped = set()
    for c in sorted((c for c in shown if c.kind in ("text", "list")), key=lambda c: -widths[c.name]):
        if excess <= 0:
            break
        floor = max([_header_width(c.label), *(len(w) for t in texts[c.name] for w in t.split(" "))])
        cut = min(excess, widths[c.name] - floor)
        if cut > 0:
            widths[c.name] -= cut
            excess -= cut
            wrapped.add(c.name)
    return wrapped


def render_table(table: Table, out: Console, wide: bool = False) -> list[Column]:
    """Print ``table``; return the columns left out to fit the terminal."""
    from rich import box
    from rich.table import Table as RichTable

    terminal = out.is_terminal and not wide
    shown, texts, dropped = fit(table, out.width if terminal else None)
    grid = RichTable(
        title=table.title,
        header_style="bold" if out.is_terminal else None,
        box=box.HEAVY_HEAD if out.is_terminal else box.SIMPLE,
        title_justify="left",
    )
    full = sum(max([len(c.label), *map(len, texts[c.name])]) + BORDER for c in shown) + 1
    narrow = terminal and full > out.width
    widths = {
        c.name: max([_header_width(c.label) if narrow else len(c.label), *map(len, texts[c.name])]) for c in shown
    }
    wrapped = _wrap_text_columns(shown, texts, widths, out.width) if narrow else set()
    for c in shown:
        numeric = c.kind in NUMERIC_KINDS
        label = textwrap.fill(_unbreakable(c.label), widths[c.name]) if narrow else c.label
        grid.add_column(
            label,
            justify="right" if numeric else ("center" if c.kind == "verdict" else "left"),
            no_wrap=c.name not in wrapped,  # numbers never split; long names wrap at spaces, never cut
            width=widths[c.name],
        )
    section = table.frame[table.section_by].tolist() if table.section_by else None
    for i in range(len(table.frame)):
        if section and i and section[i] != section[i - 1]:
            grid.add_section()
        grid.add_row(*[texts[c.name][i] for c in shown])
    need = sum(w + BORDER for w in widths.values()) + 1
    printer = out
    if not terminal or need > out.width:
        # Never wrap a row: print as wide as the table needs (piped output has no width anyway).
        from rich.console import Console

        printer = Console(
            file=out.file,
            width=max(need, 20),
            highlight=False,
            soft_wrap=False,
            force_terminal=out.is_terminal,
            no_color=not out.is_terminal,
        )
    printer.print(grid)
    for note in table.notes:
        out.print(note, style="dim", soft_wrap=not out.is_terminal)
    return dropped


def footer(doc: Document, dropped: list[Column] | None = None) -> list[str]:
    """Where the figures came from, which editions, what the marks mean, caveats and notes."""
    lines = []
    if dropped:
        names = ", ".join(dict.fromkeys(c.label for c in dropped))
        lines.append(f"Left out to fit the terminal: {names} (--wide shows every column).")
    data = [s for s in doc.sources if s.kind != "reference"]
    for s in data:
        lines.append(f"Source: {s.cite()}.")
    reference = [s.table for s in doc.sources if s.kind == "reference"]
    if reference:
        lines.append(f"Reference tables: {', '.join(reference)} (`nato3 sources` shows every table's provenance).")
    for e in doc.editions:
        lines.append(f"Edition: {e.describe()} — {e.why}." if e.why else f"Edition: {e.describe()}.")
    used = doc.marks_used()
    if used:
        lines.append("Marks: " + cells.legend(used) + ".")
    lines += doc.caveats + doc.notes
    return lines


def print_document(doc: Document, out: Console | None = None, wide: bool = False, tables: list[str] | None = None):
    """Print ``doc``'s tables for people (or only ``tables``) and its footer."""
    out = out or console()
    dropped: list[Column] = []
    for name, table in doc.tables.items():
        if (tables is None and table.display) or (tables is not None and name in tables):
            dropped += render_table(table, out, wide)
    for line in footer(doc, dropped):
        out.print(line, style="dim", soft_wrap=not out.is_terminal, highlight=False)
