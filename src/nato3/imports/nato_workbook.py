"""Read NATO's "Defence Expenditure of NATO Countries" workbook into nato3's tidy table.

Tables are found by their titles ("Table 3 : Defence expenditure as a share of GDP …"), the year
header by its cells (``2014`` … ``2024e``) and each block of rows by its block title ("Constant
2015 prices", "Share of real GDP (%)"), never by fixed cell positions, so other editions with
moved rows or sheets load too. The constant-price base year is read from the titles and must
be the same everywhere. Each table's unit is checked against its heading, so a changed unit is
an error, not a silently wrong column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nato3.imports.names import iso3_for
from nato3.imports.nato_tables import BASE, COLUMN_ORDER, TABLES, TableSpec
from nato3.imports.tidy import TidyTable
from nato3.imports.workbook import WorkbookError, number, text

TITLE = re.compile(r"^Table\s*(?P<number>\d+[a-z]?)\s*:\s*(?P<title>.+)$", re.IGNORECASE)
YEAR = re.compile(r"^(?P<year>(19|20)\d{2})(?P<e>e?)$")
PRICE_BASE = re.compile(r"\b(?P<year>(19|20)\d{2}) prices", re.IGNORECASE)
MISSING = frozenset({"-", "..", "n.a.", "n/a"})


@dataclass
class FoundTable:
    """One table located in the workbook: where its title, heading and year header are."""

    spec: TableSpec
    sheet: object
    number: str
    title_row: int
    header_row: int
    heading: str
    years: dict[int, tuple[int, bool]]  # column → (year, is_estimate)
    first_label_column: int = 1


@dataclass
class NatoWorkbook:
    """The parsed workbook: the tidy table and what was detected about the edition."""

    table: TidyTable
    edition: str
    price_base_year: int
    first_year: int
    last_year: int
    estimate_years: list[int]
    tables: dict[str, str] = field(default_factory=dict)  # spec key → "sheet 'X' (Table N)"


def looks_like_nato(wb) -> bool:
    """True if any sheet has a NATO table title such as 'Table 3 : Defence expenditure …'."""
    return any(_title_cell(ws) is not None for ws in wb.worksheets)


def _title_cell(ws):
    for row in ws.iter_rows(max_row=min(ws.max_row, 40)):
        for cell in row:
            if isinstance(cell.value, str) and TITLE.match(text(cell.value)):
                return cell
    return None


def _find_table(ws, file: str) -> FoundTable | None:
    cell = _title_cell(ws)
    if cell is None:
        return None
    match = TITLE.match(text(cell.value))
    title = match.group("title").strip()
    heading, header_row, years = [title], None, {}
    for row in ws.iter_rows(min_row=cell.row + 1, max_row=min(ws.max_row, cell.row + 15)):
        found = {c.column: YEAR.match(text(c.value)) for c in row if c.value is not None}
        found = {col: m for col, m in found.items() if m}
        if len(found) >= 3:
            header_row = row[0].row
            years = {col: (int(m.group("year")), m.group("e") == "e") for col, m in found.items()}
            break
        heading += [text(c.value) for c in row if isinstance(c.value, str) and text(c.value)]
    for spec in TABLES:
        if re.search(spec.title, title, re.IGNORECASE) and re.search(spec.unit, " | ".join(heading[1:]), re.I):
            if header_row is None:
                raise WorkbookError(
                    file, f"no year header row (2014, 2015, …) below the title {title!r}", ws.title, cell.coordinate
                )
            return FoundTable(spec, ws, match.group("number"), cell.row, header_row, " | ".join(heading), years)
    return None  # a table nato3 does not read (Table 4 repeats Tables 2 and 3)


def _price_base(found: list[FoundTable], file: str) -> int:
    seen: dict[int, str] = {}
    for t in found:
        for row in t.sheet.iter_rows(min_row=t.title_row, max_row=t.sheet.max_row):
            for cell in row:
                if isinstance(cell.value, str) and cell.column < min(t.years):
                    for m in PRICE_BASE.finditer(text(cell.value)):
                        seen.setdefault(int(m.group("year")), f"sheet {t.sheet.title!r}, cell {cell.coordinate}")
    if len(seen) != 1:
        where = "; ".join(f"{y} prices at {w}" for y, w in sorted(seen.items())) or "no 'NNNN prices' in any title"
        raise WorkbookError(file, f"the tables do not agree on one constant-price base year ({where})")
    return next(iter(seen))


def _label(row, first_year_col: int) -> tuple[str, object] | None:
    for cell in row:
        if cell.column >= first_year_col:
            break
        if isinstance(cell.value, str) and text(cell.value):
            return text(cell.value), cell
    return None


@dataclass
class _Collected:
    """What the tables give, gathered across tables: values, row order, names, flags, currencies."""

    values: dict[tuple[str, int], dict] = field(default_factory=dict)
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
        """Name, '*' flag (Tables 1-3) and currency (Table 1) from a row label like 'Czechia* (Koruny)'."""
        name = re.sub(r"\s*\(.*?\)\s*$", "", raw)
        self.names.setdefault(iso3, name.rstrip("*").strip())
        if t.spec.flags and name.endswith("*"):
            self.flags.add(iso3)
        m = re.search(r"\((.*?)\)\s*$", raw) if t.spec.currency else None
        if m:
            self.currency.setdefault(iso3, m.group(1).strip())


def _unknown_label(t: FoundTable, raw: str, cell, row, blocks, file: str):
    """A label that is no country: a block title (returns its column), a note (None), or an error."""
    block = next((c for p, c in blocks if p.pattern and p.search(raw)), None)
    if block:
        return block
    if any(c.column in t.years and c.value not in (None, "") for c in row):
        raise WorkbookError(
            file,
            f"row label {raw!r} is neither a known country (reference/publisher_country_names.csv) "
            f"nor a block title of Table {t.number}",
            t.sheet.title,
            cell.coordinate,
        )
    return None


def _read_rows(t: FoundTable, base: int, file: str, got: _Collected) -> None:
    """Read every block of table ``t`` into ``got``."""
    first_year_col = min(t.years)
    blocks = [(re.compile(p, re.IGNORECASE), c.replace(BASE, str(base))) for p, c in t.spec.blocks]
    column = blocks[0][1] if len(blocks) == 1 else None
    pending = None  # a label-only row that is not a known block title (a note, or a title nato3 lacks)
    seen: dict[tuple[str, str], str] = {}
    previous = None
    for row in t.sheet.iter_rows(min_row=t.header_row + 1, max_row=t.sheet.max_row):
        label = _label(row, first_year_col)
        if label is None:
            continue
        raw, cell = label
        if TITLE.match(raw):
            break
        iso3 = iso3_for("nato", raw)
        if iso3 is None:
            block = _unknown_label(t, raw, cell, row, blocks, file)
            column, pending = (block, None) if block else (column, (raw, cell))
            continue
        if pending is not None or column is None:
            title, where = pending or (raw, cell)
            known = ", ".join(repr(p.pattern) for p, _ in blocks)
            raise WorkbookError(
                file,
                f"block title {title!r} of Table {t.number} is not one nato3 knows (expected {known})",
                t.sheet.title,
                where.coordinate,
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
                    got.values.setdefault((iso3, t.years[c.column][0]), {})[column] = value


def parse_nato(wb, path: Path | str) -> NatoWorkbook:
    """Parse a NATO workbook already opened with :func:`nato3.imports.workbook.open_workbook`.

    Raises:
        WorkbookError: a table missing, a year header or block title not found, an unknown row
            label, two price bases, or a cell that is not a number; naming sheet and cell.
    """
    file = Path(path).name
    found = [t for t in (_find_table(ws, file) for ws in wb.worksheets) if t is not None]
    keys = {t.spec.key for t in found}
    missing = [s for s in TABLES if s.key not in keys]
    if missing:
        names = ", ".join(f"Table {s.key} ({s.title.strip('^$')}, {s.unit.strip('^$')})" for s in missing)
        sheets = ", ".join(repr(ws.title) for ws in wb.worksheets)
        raise WorkbookError(
            file, f"not a complete NATO defence-expenditure workbook: no sheet holds {names}; sheets searched: {sheets}"
        )
    base = _price_base(found, file)
    got = _Collected()
    for t in sorted(found, key=lambda t: TABLES.index(t.spec)):
        _read_rows(t, base, file, got)
    years = sorted({y for t in found for y, _ in t.years.values()})
    estimates = sorted({y for t in found for y, e in t.years.values() if e})
    columns = [c.replace(BASE, str(base)) for c in COLUMN_ORDER]
    table = TidyTable(columns)
    for iso3 in got.order:
        for year in years:
            values = got.values.get((iso3, year))
            if not values:
                continue
            row = {
                "iso3": iso3,
                "country": got.names[iso3],
                "year": year,
                "is_estimate": "e" if year in estimates else None,
                "national_2pct_commitment_flag": "*" if iso3 in got.flags else None,
                "national_currency": got.currency.get(iso3),
            }
            row.update(values)
            table.rows.append(row)
    return NatoWorkbook(
        table=table,
        edition=str(years[-1]),
        price_base_year=base,
        first_year=years[0],
        last_year=years[-1],
        estimate_years=estimates,
        tables={t.spec.key: f"sheet {t.sheet.title!r} (Table {t.number})" for t in found},
    )
