"""Read the rows of NATO's tables (found by :mod:`nato3.imports.nato_locate`) into one collection.

Row labels are countries (by NATO's names) or block titles; anything else with values, a country
twice in a block or a figure twice across sheets is a :class:`WorkbookError` naming sheet and cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nato3.imports.names import iso3_for
from nato3.imports.nato_locate import NOTES, TITLE, FoundTable, header_years, year_of
from nato3.imports.nato_tables import BASE
from nato3.imports.workbook import WorkbookError, number, text

MISSING = frozenset({"-", "..", "n.a.", "n/a"})


def _label(row, first_year_col: int) -> tuple[str, object] | None:
    for cell in row:
        if cell.column >= first_year_col:
            break
        if isinstance(cell.value, str) and text(cell.value):
            return text(cell.value), cell
    return None


@dataclass
class Collected:
    """What the tables give, gathered across tables: values, cells, row order, names, flags, currencies."""

    values: dict[tuple[str, int], dict] = field(default_factory=dict)
    cells: dict[tuple[str, int, str], tuple[str, str]] = field(default_factory=dict)  # → (sheet, cell)
    order: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    currency: dict[str, str] = field(default_factory=dict)

    def place(self, iso3: str, after: str | None) -> None:
        """Keep NATO's row order across tables: a country first seen in a later table (Iceland,
        in Table 5) goes right after the country it follows there."""
        if iso3 not in self.order:
            self.order.insert(self.order.index(after) + 1 if after in self.order else len(self.order), iso3)

    def label(self, t: FoundTable, iso3: str, raw: str) -> None:
        """Name, '*' footnote (Tables 1-3) and currency (Table 1) from a row label like 'Czechia* (Koruny)'."""
        name = re.sub(r"\s*\(.*?\)\s*$", "", raw)
        self.names.setdefault(iso3, name.rstrip("*").strip())
        if t.spec.flags and name.endswith("*"):
            self.flags.add(iso3)
        m = re.search(r"\((.*?)\)\s*$", raw) if t.spec.currency else None
        if m:
            self.currency.setdefault(iso3, m.group(1).strip())

    def put(self, iso3: str, year: int, column: str, value, cell, file: str) -> None:
        """Store one value; the same figure twice (a block repeated on another sheet) is an error."""
        first = self.cells.get((iso3, year, column))
        if first is not None:
            raise WorkbookError(
                file,
                f"{column} of {iso3} {year} is given twice (first at sheet {first[0]!r}, cell {first[1]})",
                cell.parent.title,
                cell.coordinate,
            )
        self.values.setdefault((iso3, year), {})[column] = value
        self.cells[(iso3, year, column)] = (cell.parent.title, cell.coordinate)


def _has_values(row, years) -> bool:
    return any(c.column in years and c.value not in (None, "") for c in row)


def read_rows(t: FoundTable, base: int, file: str, got: Collected) -> None:
    """Read every block of table ``t`` into ``got``, from its title to its ``Notes:`` line."""
    blocks = [(re.compile(p, re.IGNORECASE), c.replace(BASE, str(base))) for p, c in t.spec.blocks]
    column = blocks[0][1] if len(blocks) == 1 else None
    known = ", ".join(repr(p.pattern) for p, _ in blocks)
    pending = None  # a label-only row that is not a known block title (a note, or a title nato3 lacks)
    seen: dict[tuple[str, str], str] = {}
    previous, past_header, heading_line = None, False, None
    for row in t.sheet.iter_rows(min_row=t.title_row + 1, max_row=t.end_row):
        years = header_years(row, file)
        if years is not None:
            if years != t.years:
                cell = next(c for c in row if year_of(c) is not None)
                raise WorkbookError(
                    file,
                    f"this block's year header differs from the table's (row {t.header_row})",
                    t.sheet.title,
                    cell.coordinate,
                )
            past_header = True
            continue
        label = _label(row, t.first_year_col)
        if label is None:
            continue  # NATO's own files hold unlabelled rows (#REF! totals in 2024's Table 1): not data
        raw, cell = label
        if TITLE.match(raw) or NOTES.match(raw):
            break
        iso3 = iso3_for("nato", raw)
        if iso3 is None:
            block = next((c for p, c in blocks if p.pattern and p.search(raw)), None)
            if block:
                column, pending = block, None
            elif _has_values(row, t.years):
                raise WorkbookError(
                    file,
                    f"row label {raw!r} is neither a known country (reference/publisher_country_names.csv) "
                    f"nor a block title of Table {t.number}",
                    t.sheet.title,
                    cell.coordinate,
                )
            elif past_header:
                pending = (raw, cell)
            else:
                heading_line = (raw, cell)  # before the year header: the unit line and subtitles
            continue
        if pending is not None:
            title, where = pending
            raise WorkbookError(
                file,
                f"block title {title!r} of Table {t.number} is not one nato3 knows (expected {known})",
                t.sheet.title,
                where.coordinate,
            )
        if column is None:
            above = (
                f"; above the year header: {heading_line[0]!r} at {heading_line[1].coordinate}" if heading_line else ""
            )
            raise WorkbookError(
                file,
                f"{raw!r} comes before any block title nato3 knows (expected {known}){above}",
                t.sheet.title,
                cell.coordinate,
            )
        if (iso3, column) in seen:
            raise WorkbookError(
                file,
                f"{raw!r} appears twice in the same block (first at {seen[(iso3, column)]})",
                t.sheet.title,
                cell.coordinate,
            )
        seen[(iso3, column)] = cell.coordinate
        got.place(iso3, previous)
        previous = iso3
        got.label(t, iso3, raw)
        for c in row:
            if c.column in t.years:
                value = number(c, file, MISSING)
                if value is not None:
                    got.put(iso3, t.years[c.column][0], column, value, c, file)
