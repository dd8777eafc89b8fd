"""Read NATO's "Defence Expenditure of NATO Countries" workbook into nato3's tidy table.

Two layouts are known, and neither is read by fixed cell positions:

* 2024 and before: sheets ``TABLE1`` … with the title ("Table 3 : Defence expenditure as a share
  of GDP …") in column B, one year header per table, block titles ("Share of real GDP (%)")
  between the blocks and country names in column C;
* 2025 and 2026 (SOURCES.md §12): sheets ``Table 1`` … ``Table 8b``, ``Table N: <title>`` in A1,
  unit lines, then per block its title and a header row whose first cell is empty and whose
  years run ``2014 … 2024 2025e 2026e``; country rows (a ``*`` after a name is a footnote),
  the aggregate rows ``NATO Europe and Canada`` and ``NATO Total``, and a ``Notes:`` row last.

Tables are found by their number and title, years by their header cells, blocks by their titles.
The title says the definition ("Defence expenditure" = total, "Core defence expenditure" = core);
the constant-price base year is read from the titles and subtitles ("constant 2021 prices") and
must be the same everywhere. Anything unexpected — a changed title or unit, a table on two
sheets, a header with a repeated or out-of-sequence year (``2099e``), a value twice — is one
:class:`WorkbookError` naming the sheet and cell. Plausibility checks follow in
:mod:`nato3.imports.plausible`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nato3.imports.names import iso3_for
from nato3.imports.nato_tables import BASE, COLUMN_ORDER, DEFINING, FOOTNOTE_COLUMN, REQUIRED, TABLES, TableSpec
from nato3.imports.tidy import TidyTable
from nato3.imports.workbook import WorkbookError, number, text

TITLE = re.compile(r"^Table\s*(?P<number>\d+[a-z]?)\s*:\s*(?P<title>.+)$", re.IGNORECASE)
SHEET_NAME = re.compile(r"^table\s*\d+[a-z]?$", re.IGNORECASE)
YEAR = re.compile(r"^(?P<year>(19|20)\d{2})(?P<e>e?)$")
PRICE_BASE = re.compile(r"\b(?P<year>(19|20)\d{2}) prices", re.IGNORECASE)
NOTES = re.compile(r"^notes?\s*:", re.IGNORECASE)
CORE = re.compile(r"\bcore defence expenditure\b", re.IGNORECASE)
NATIONAL_2PCT = re.compile(r"national laws or political agreements", re.IGNORECASE)
MISSING = frozenset({"-", "..", "n.a.", "n/a"})
TITLE_ROWS = 40  # a table's title is in its sheet's first rows
HEADING_ROWS = 15  # the year header follows the title within these rows


@dataclass
class FoundTable:
    """One table located in the workbook: where its title, heading and year header are."""

    spec: TableSpec
    sheet: object
    number: str
    title_cell: object
    header_row: int
    heading: str
    years: dict[int, tuple[int, bool]]  # column → (year, is_estimate)
    definition: str | None = None  # 'core' or 'total' where the title names defence expenditure
    end_row: int | None = None  # the 'Notes:' row, where the table's data ends
    notes: list[str] = field(default_factory=list)  # that row and the lines after it

    @property
    def title_row(self) -> int:
        return self.title_cell.row

    @property
    def first_year_col(self) -> int:
        return min(self.years)


@dataclass
class NatoWorkbook:
    """The parsed workbook: the tidy table and what was detected about the edition."""

    table: TidyTable
    edition: str
    price_base_year: int
    first_year: int
    last_year: int
    estimate_years: list[int]
    definition: str = "total"
    tables: dict[str, str] = field(default_factory=dict)  # spec key → "sheet 'X' (Table N)"
    missing_tables: list[str] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)  # '*' → NATO's footnote text
    cells: dict[tuple[str, int, str], tuple[str, str]] = field(default_factory=dict)  # → (sheet, cell)


def _title_cell(ws):
    for row in ws.iter_rows(max_row=TITLE_ROWS):
        for cell in row:
            if isinstance(cell.value, str) and TITLE.match(text(cell.value)):
                return cell
    return None


def looks_like_nato(wb) -> bool:
    """True if any sheet has a NATO table title such as 'Table 3 : Defence expenditure …'."""
    return any(_title_cell(ws) is not None for ws in wb.worksheets)


def _year(cell) -> tuple[int, bool] | None:
    """(year, is_estimate) of a header cell: 2014, 2014.0, '2019' or '2025e'; else None."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or value is None:
        return None
    m = YEAR.match(text(value))
    return (int(m.group("year")), m.group("e") == "e") if m else None


def _header(row, file: str) -> dict[int, tuple[int, bool]] | None:
    """The year columns of a header row (three or more year cells), checked to run one by one."""
    found = [(c, y) for c in row if (y := _year(c)) is not None]
    if len(found) < 3 or len(found) != sum(1 for c in row if c.value not in (None, "")):
        return None  # a header holds years only (a data row has its label)
    seen: dict[int, object] = {}
    for i, (cell, (year, estimate)) in enumerate(found):
        where = (cell.parent.title, cell.coordinate)
        if year in seen:
            raise WorkbookError(file, f"year {year} appears twice in the header (first at {seen[year]})", *where)
        seen[year] = cell.coordinate
        if i and year != found[i - 1][1][0] + 1:
            before = found[i - 1]
            label = f"{before[1][0]}{'e' if before[1][1] else ''}"
            raise WorkbookError(
                file,
                f"year {year}{'e' if estimate else ''} does not follow {label} at {before[0].coordinate}: "
                "a header's years run one by one (a typo, or a year outside the edition?)",
                *where,
            )
        if i and found[i - 1][1][1] and not estimate:
            raise WorkbookError(file, f"{year} follows an estimate year but is not marked 'e'", *where)
    return {cell.column: year for cell, year in found}


def _spec(number: str) -> TableSpec | None:
    key = number.lower().rstrip("ab") if number.lower() in ("8a", "8b") else number.lower()
    return next((s for s in TABLES if s.key == key), None)


def _find_table(ws, file: str) -> FoundTable | None:
    """The table on ``ws`` (None for a sheet without one, or one nato3 does not read: Table 4).

    Raises:
        WorkbookError: a table nato3 reads whose title or unit is not the expected one, or
            without a year header; a sheet named like a table without a 'Table N:' title.
    """
    cell = _title_cell(ws)
    if cell is None:
        if SHEET_NAME.match(ws.title.strip()) and ws.cells:
            raise WorkbookError(file, f"no 'Table N: title' cell in the first {TITLE_ROWS} rows", ws.title)
        return None
    match = TITLE.match(text(cell.value))
    number, title = match.group("number"), match.group("title").strip()
    spec = _spec(number)
    if spec is None:
        return None  # Table 4 repeats Tables 2 and 3
    heading, header_row, years = [title], None, {}
    for row in ws.iter_rows(min_row=cell.row + 1, max_row=cell.row + HEADING_ROWS):
        found = _header(row, file)
        if found:
            header_row, years = row[0].row, found
            break
        heading += [text(c.value) for c in row if isinstance(c.value, str) and text(c.value)]
    if not re.search(spec.title, title, re.IGNORECASE) or not re.search(spec.unit, " | ".join(heading[1:]), re.I):
        raise WorkbookError(
            file,
            f"Table {number} reads {' | '.join(heading)!r}; nato3 expects the title {spec.title.strip('^$')!r} "
            f"with the unit {spec.unit.strip('^$')!r}: a changed layout nato3 cannot read safely",
            ws.title,
            cell.coordinate,
        )
    if header_row is None:
        raise WorkbookError(
            file, f"no year header row (2014, 2015, …) below the title {title!r}", ws.title, cell.coordinate
        )
    definition = ("core" if CORE.search(title) else "total") if spec.key in DEFINING else None
    return FoundTable(spec, ws, number, cell, header_row, " | ".join(heading), years, definition)


def _collect_notes(t: FoundTable) -> None:
    """Find the table's ``Notes:`` row and keep it and the lines after it (the footnotes)."""
    for row in t.sheet.iter_rows(min_row=t.title_row + 1):
        label = next((text(c.value) for c in row if isinstance(c.value, str) and text(c.value)), "")
        if t.end_row is None and NOTES.match(label):
            t.end_row = row[0].row
        if t.end_row is not None:
            if TITLE.match(label):
                break
            t.notes += [text(c.value) for c in row if isinstance(c.value, str) and text(c.value)]


def _price_base(found: list[FoundTable], file: str) -> int:
    """The one constant-price base year named in the tables' titles and subtitles (not in notes)."""
    seen: dict[int, str] = {}
    for t in found:
        last = t.end_row - 1 if t.end_row else None
        for row in t.sheet.iter_rows(min_row=t.title_row, max_row=last):
            for cell in row:
                if isinstance(cell.value, str) and cell.column < t.first_year_col:
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


def _read_rows(t: FoundTable, base: int, file: str, got: _Collected) -> None:
    """Read every block of table ``t`` into ``got``, from its title to its ``Notes:`` line."""
    blocks = [(re.compile(p, re.IGNORECASE), c.replace(BASE, str(base))) for p, c in t.spec.blocks]
    column = blocks[0][1] if len(blocks) == 1 else None
    known = ", ".join(repr(p.pattern) for p, _ in blocks)
    pending = None  # a label-only row that is not a known block title (a note, or a title nato3 lacks)
    seen: dict[tuple[str, str], str] = {}
    previous, past_header, heading_line = None, False, None
    for row in t.sheet.iter_rows(min_row=t.title_row + 1, max_row=t.end_row):
        years = _header(row, file)
        if years is not None:
            if years != t.years:
                cell = next(c for c in row if _year(c) is not None)
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


def _found_tables(wb, file: str) -> list[FoundTable]:
    """Every table nato3 reads, each on exactly one sheet."""
    found: dict[str, FoundTable] = {}
    for ws in wb.worksheets:
        t = _find_table(ws, file)
        if t is None:
            continue
        first = found.get(t.number.lower())
        if first is not None:
            raise WorkbookError(
                file,
                f"Table {t.number} is on two sheets ({first.sheet.title!r} at {first.title_cell.coordinate} and here); "
                "which one is NATO's cannot be told",
                ws.title,
                t.title_cell.coordinate,
            )
        _collect_notes(t)
        found[t.number.lower()] = t
    missing = [s for s in TABLES if s.key in REQUIRED and s.key not in {t.spec.key for t in found.values()}]
    if missing:
        names = ", ".join(f"Table {s.key} ({s.title.strip('^$')}, {s.unit.strip('^$')})" for s in missing)
        sheets = ", ".join(repr(ws.title) for ws in wb.worksheets)
        raise WorkbookError(
            file, f"not a NATO defence-expenditure workbook nato3 can read: no sheet holds {names}; sheets: {sheets}"
        )
    return sorted(found.values(), key=lambda t: (TABLES.index(t.spec), t.number))


def _definition(found: list[FoundTable], file: str) -> str:
    """'core' or 'total', as every table that names defence expenditure says."""
    named = [t for t in found if t.definition]
    if len({t.definition for t in named}) > 1:
        odd = next(t for t in named if t.definition != named[0].definition)
        raise WorkbookError(
            file,
            f"the tables mix definitions: Table {named[0].number} is {named[0].definition} defence expenditure, "
            f"Table {odd.number} {odd.definition}",
            odd.sheet.title,
            odd.title_cell.coordinate,
        )
    return named[0].definition if named else "total"


def _edition_years(found: list[FoundTable], file: str) -> tuple[list[int], list[int]]:
    """All years and estimate years; every table must end in the same year (one edition)."""
    last = {t.number: max(y for y, _ in t.years.values()) for t in found}
    reference = found[0]
    for t in found:
        if last[t.number] != last[reference.number]:
            col = max(t.years, key=lambda c: t.years[c][0])
            raise WorkbookError(
                file,
                f"Table {t.number} ends in {last[t.number]} but Table {reference.number} in {last[reference.number]}: "
                "one workbook holds one edition",
                t.sheet.title,
                t.sheet.cell(t.header_row, col).coordinate,
            )
    years = sorted({y for t in found for y, _ in t.years.values()})
    estimates = sorted({y for t in found for y, e in t.years.values() if e})
    return years, estimates


def _footnotes(found: list[FoundTable]) -> dict[str, str]:
    """NATO's footnote for '*' (from the notes of Tables 1-3), if the workbook has one."""
    for t in found:
        if t.spec.flags:
            for line in t.notes:
                if line.startswith("*"):
                    return {"*": line.lstrip("* ").strip()}
    return {}


def parse_nato(wb, path: Path | str) -> NatoWorkbook:
    """Parse a NATO workbook read by :func:`nato3.imports.workbook.open_workbook`.

    Raises:
        WorkbookError: Table 3 missing, a changed title or unit, a table on two sheets, a bad
            year header, an unknown row label or block title, two price bases or definitions,
            a value given twice, or a cell that is not a number; naming sheet and cell.
    """
    from nato3.imports.plausible import check_plausible

    file = Path(path).name
    found = _found_tables(wb, file)
    base = _price_base(found, file)
    definition = _definition(found, file)
    years, estimates = _edition_years(found, file)
    got = _Collected()
    for t in found:
        _read_rows(t, base, file, got)
    check_plausible(got.values, got.cells, file)
    footnotes = _footnotes(found)
    star_column = "national_2pct_commitment_flag"
    columns = [c.replace(BASE, str(base)) for c in COLUMN_ORDER]
    if got.flags and not NATIONAL_2PCT.search(footnotes.get("*", "")):
        star_column = FOOTNOTE_COLUMN  # the '*' marks some other footnote (2025 and 2026 editions)
        columns.append(FOOTNOTE_COLUMN)
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
                star_column: "*" if iso3 in got.flags else None,
                "national_currency": got.currency.get(iso3),
            }
            row.update(values)
            table.rows.append(row)
    keys = {t.spec.key for t in found}
    return NatoWorkbook(
        table=table,
        edition=str(years[-1]),
        price_base_year=base,
        first_year=years[0],
        last_year=years[-1],
        estimate_years=estimates,
        definition=definition,
        tables={t.number: f"sheet {t.sheet.title!r} (Table {t.number})" for t in found},
        missing_tables=[s.key for s in TABLES if s.key not in keys],
        footnotes=footnotes,
        cells=got.cells,
    )
