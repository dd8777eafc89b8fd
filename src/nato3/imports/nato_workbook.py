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
:mod:`nato3.imports.plausible`. Finding the tables is :mod:`nato3.imports.nato_locate`, reading
their rows :mod:`nato3.imports.nato_rows`; this module puts the two together into one edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nato3.imports.nato_locate import edition_definition, edition_years, found_tables, price_base, star_footnote
from nato3.imports.nato_rows import Collected, read_rows
from nato3.imports.nato_tables import BASE, COLUMN_ORDER, FOOTNOTE_COLUMN, TABLES
from nato3.imports.tidy import TidyTable

NATIONAL_2PCT = re.compile(r"national laws or political agreements", re.IGNORECASE)


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


def parse_nato(wb, path: Path | str) -> NatoWorkbook:
    """Parse a NATO workbook read by :func:`nato3.imports.workbook.open_workbook`.

    Raises:
        WorkbookError: Table 3 missing, a changed title or unit, a table on two sheets, a bad
            year header, an unknown row label or block title, two price bases or definitions,
            a value given twice, or a cell that is not a number; naming sheet and cell.
    """
    from nato3.imports.plausible import check_plausible

    file = Path(path).name
    found = found_tables(wb, file)
    base = price_base(found, file)
    definition = edition_definition(found, file)
    years, estimates = edition_years(found, file)
    got = Collected()
    for t in found:
        read_rows(t, base, file, got)
    check_plausible(got.values, got.cells, file)
    footnotes = star_footnote(found)
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
