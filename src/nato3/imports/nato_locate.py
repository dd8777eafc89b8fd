"""Where NATO's tables are in its workbook: titles, year headers, notes, price base, definition.

Nothing here reads a figure; :mod:`nato3.imports.nato_rows` reads the rows of the tables found
here and :mod:`nato3.imports.nato_workbook` puts both together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nato3.imports.nato_tables import DEFINING, REQUIRED, TABLES, TableSpec
from nato3.imports.workbook import WorkbookError, text

TITLE = re.compile(r"^Table\s*(?P<number>\d+[a-z]?)\s*:\s*(?P<title>.+)$", re.IGNORECASE)
SHEET_NAME = re.compile(r"^table\s*\d+[a-z]?$", re.IGNORECASE)
YEAR = re.compile(r"^(?P<year>(19|20)\d{2})(?P<e>e?)$")
PRICE_BASE = re.compile(r"\b(?P<year>(19|20)\d{2}) prices", re.IGNORECASE)
NOTES = re.compile(r"^notes?\s*:", re.IGNORECASE)
CORE = re.compile(r"\bcore defence expenditure\b", re.IGNORECASE)
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


def _title_cell(ws):
    for row in ws.iter_rows(max_row=TITLE_ROWS):
        for cell in row:
            if isinstance(cell.value, str) and TITLE.match(text(cell.value)):
                return cell
    return None


def looks_like_nato(wb) -> bool:
    """True if any sheet has a NATO table title such as 'Table 3 : Defence expenditure …'."""
    return any(_title_cell(ws) is not None for ws in wb.worksheets)


def year_of(cell) -> tuple[int, bool] | None:
    """(year, is_estimate) of a header cell: 2014, 2014.0, '2019' or '2025e'; else None."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or value is None:
        return None
    m = YEAR.match(text(value))
    return (int(m.group("year")), m.group("e") == "e") if m else None


def header_years(row, file: str) -> dict[int, tuple[int, bool]] | None:
    """The year columns of a header row (three or more year cells), checked to run one by one."""
    found = [(c, y) for c in row if (y := year_of(c)) is not None]
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
        found = header_years(row, file)
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


def price_base(found: list[FoundTable], file: str) -> int:
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


def found_tables(wb, file: str) -> list[FoundTable]:
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


def edition_definition(found: list[FoundTable], file: str) -> str:
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


def edition_years(found: list[FoundTable], file: str) -> tuple[list[int], list[int]]:
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


def star_footnote(found: list[FoundTable]) -> dict[str, str]:
    """NATO's footnote for '*' (from the notes of Tables 1-3), if the workbook has one."""
    for t in found:
        if t.spec.flags:
            for line in t.notes:
                if line.startswith("*"):
                    return {"*": line.lstrip("* ").strip()}
    return {}
