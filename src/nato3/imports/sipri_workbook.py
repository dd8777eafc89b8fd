"""Read SIPRI's Military Expenditure Database workbook into nato3's tidy tables.

Sheets are found by their titles in cell A1 ("Military expenditure by country as percentage of
gross domestic product …"), the header row by its ``Country`` cell, and countries by name through
``reference/publisher_country_names.csv``. Font colours carry SIPRI's flags: blue = SIPRI
estimate, red = highly uncertain; they are kept per value. ". ." (written ``...`` in the file)
and ``xxx`` (country did not exist) become empty cells. Shares are stored by SIPRI as fractions
and become percentages: ×100, rounded to 12 decimals to drop binary noise.

Two tables come out: ``sipri_milex`` (one row per ally and year) and ``sipri_country_notes``
(one row per ally: fiscal year, footnote marks and the text of SIPRI's footnotes), the latter
used to explain why NATO and SIPRI differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nato3.imports.names import iso3_for, name_map
from nato3.imports.tidy import TidyTable
from nato3.imports.workbook import WorkbookError, font_rgb, is_blue, is_red, number, text

MISSING = frozenset({"...", ". .", "..", "xxx"})
MARKS = {
    "†": "excludes military pensions",
    "‡": "current spending only (excludes capital spending)",
    "§": "adopted budget, not actual expenditure",
    "¶": "excludes spending on paramilitary forces",
    "‖": "currency changed or redenominated; earlier local-currency figures converted",
}
# Sheet title (cell A1) patterns → role.
SHEETS = {
    "const": r"in constant \((?P<base>\d{4})\) us\$",
    "current": r"in millions of us\$ at current prices",
    "share_gdp": r"as percentage of gross domestic product",
    "per_capita": r"per capita",
    "share_govt": r"as percentage of government spending",
    "lcu": r"in local currency",
    "footnotes": r"^footnotes",
}
REQUIRED = ("const", "current", "share_gdp", "per_capita", "share_govt", "lcu_calendar", "footnotes")
MILEX_COLUMNS = [
    "iso3",
    "sipri_country_name",
    "year",
    "milex_musd_const{base}",
    "milex_musd_const{base}_sipri_flag",
    "milex_musd_current",
    "milex_musd_current_sipri_flag",
    "milex_share_gdp_pct",
    "milex_share_gdp_pct_sipri_flag",
    "milex_per_capita_usd_current",
    "milex_share_govt_spending_pct",
    "milex_lcu_current",
    "lcu_currency",
    "sipri_notes",
    "sipri_status",
]
NOTES_COLUMNS = ["iso3", "sipri_country_name", "fiscal_year", "sipri_notes", "special_notes", "footnotes"]
TITLE_YEARS = re.compile(r"(?P<first>\d{4})\s*[-–]\s*(?P<last>\d{4})")


@dataclass
class Sheet:
    """A located data sheet: its header row and the columns of years, notes and currency."""

    ws: object
    header_row: int
    years: dict[int, int]  # column → year
    columns: dict[str, int] = field(default_factory=dict)  # 'country', 'notes', 'currency', 'fiscal year'
    rows: dict[str, int] = field(default_factory=dict)  # iso3 → row


@dataclass
class SipriWorkbook:
    milex: TidyTable
    notes: TidyTable
    edition: str
    price_base_year: int
    first_year: int
    last_year: int
    sheets: dict[str, str]


def looks_like_sipri(wb) -> bool:
    """True if the workbook has SIPRI's share-of-GDP sheet (title in A1)."""
    return any(re.search(SHEETS["share_gdp"], text(ws.value(1, 1)), re.I) for ws in wb.worksheets)


def _role(ws) -> str | None:
    title = text(ws.value(1, 1)).casefold()
    for role, pattern in SHEETS.items():
        if re.search(pattern, title, re.IGNORECASE):
            if role == "lcu":
                lines = " ".join(text(ws.value(r, 1)) for r in range(1, 5)).casefold()
                return "lcu_financial" if "financial years" in lines else "lcu_calendar"
            return role
    return None


def _header_year(value) -> int | None:
    """The year of a header cell (1949, 1949.0 or '1949'), else None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return None
    label = text(value)
    return int(label) if re.fullmatch(r"(19|20)\d{2}", label) else None


def _locate(ws, file: str) -> Sheet:
    """The header row (cell A reads 'Country'), its year columns found by their labels wherever
    they are, and the row of each ally.

    Raises:
        WorkbookError: no header, no years, or a year twice in the header (naming the cell).
    """
    for row in ws.iter_rows(max_row=20):
        r = row[0].row
        if text(ws.value(r, 1)).casefold() != "country":
            continue
        years, columns, first = {}, {}, {}
        for c in row:
            year = _header_year(c.value)
            if year is not None:
                if year in first:
                    raise WorkbookError(
                        file,
                        f"year {year} appears twice in the header (first at {first[year]})",
                        ws.title,
                        c.coordinate,
                    )
                years[c.column], first[year] = year, c.coordinate
            elif text(c.value):
                columns[text(c.value).casefold().split(" (")[0]] = c.column
        if not years:
            raise WorkbookError(file, "the 'Country' header row has no years", ws.title, ws.cell(r, 1).coordinate)
        sheet = Sheet(ws, r, years, columns)
        for cells in ws.iter_rows(min_row=r + 1):
            label = ws.value(cells[0].row, 1)
            iso3 = iso3_for("sipri", text(label)) if label else None
            if iso3 and iso3 not in sheet.rows:
                sheet.rows[iso3] = cells[0].row
        return sheet
    raise WorkbookError(file, "no header row starting with 'Country' in the first 20 rows", ws.title, "A1")


def _flag(cell, colours) -> str | None:
    rgb = font_rgb(cell, colours)
    return "estimate" if is_blue(rgb) else "uncertain" if is_red(rgb) else None


def _percent(value):
    return None if value is None else round(value * 100, 12)


def _values(sheet: Sheet, iso3: str, file: str, colours, percent=False, flags=False) -> dict[int, tuple]:
    """year → (value, flag) for one country row."""
    out = {}
    row = sheet.rows[iso3]
    for col, year in sheet.years.items():
        cell = sheet.ws.cell(row, col)
        value = number(cell, file, MISSING)
        out[year] = (_percent(value) if percent else value, _flag(cell, colours) if flags else None)
    return out


def _footnotes(ws) -> dict[str, str]:
    notes = {}
    for row in ws.iter_rows():
        key = text(ws.value(row[0].row, 1))
        body = next((text(c.value) for c in row if c.column > 1 and text(c.value)), "")
        if key and body and (key.isdigit() or key in MARKS):
            notes[key] = body
    return notes


def _country_notes(iso3: str, name: str, fiscal: str, marks: str, footnotes: dict[str, str]) -> dict:
    special = [f"{m} {MARKS[m]}" for m in marks if m in MARKS]
    numbers = re.findall(r"\d+", marks)
    return {
        "iso3": iso3,
        "sipri_country_name": name,
        "fiscal_year": fiscal or "Jan-Dec",
        "sipri_notes": marks or None,
        "special_notes": "; ".join(special) or None,
        "footnotes": " | ".join(f"{n}: {footnotes[n]}" for n in numbers if n in footnotes) or None,
    }


def parse_sipri(wb, path: Path | str) -> SipriWorkbook:
    """Parse a SIPRI Milex workbook opened with :func:`nato3.imports.workbook.open_workbook`.

    Raises:
        WorkbookError: a sheet or header missing, an ally missing from a sheet, or a cell that
            is neither a number nor one of SIPRI's markers; naming sheet and cell.
    """
    file = Path(path).name
    roles = {}
    for ws in wb.worksheets:
        role = _role(ws)
        if role and role not in roles:
            roles[role] = ws
    missing = [r for r in REQUIRED if r not in roles]
    if missing:
        sheets = ", ".join(repr(ws.title) for ws in wb.worksheets)
        raise WorkbookError(
            file,
            f"not a complete SIPRI Milex workbook: no sheet for {', '.join(missing)} "
            f"(found by the title in cell A1); sheets searched: {sheets}",
        )
    base = int(re.search(SHEETS["const"], text(roles["const"].value(1, 1)), re.I).group("base"))
    colours = wb.colours
    sheets = {role: _locate(roles[role], file) for role in REQUIRED if role != "footnotes"}
    if "lcu_financial" in roles:
        sheets["lcu_financial"] = _locate(roles["lcu_financial"], file)
    allies = sorted(set(name_map("sipri").values()))
    for role in ("const", "current", "share_gdp"):
        absent = [a for a in allies if a not in sheets[role].rows]
        if absent:
            raise WorkbookError(
                file,
                f"no row for {', '.join(absent)} (names in reference/publisher_country_names.csv)",
                roles[role].title,
            )
    years = sorted(set(sheets["const"].years.values()))
    footnotes = _footnotes(roles["footnotes"])
    milex = TidyTable([c.format(base=base) for c in MILEX_COLUMNS])
    notes = TidyTable(list(NOTES_COLUMNS))
    for iso3 in allies:
        current, lcu = sheets["current"], sheets["lcu_calendar"]
        name = text(current.ws.cell(current.rows[iso3], 1).value)
        marks = (
            text(current.ws.cell(current.rows[iso3], current.columns["notes"]).value)
            if "notes" in current.columns
            else ""
        )
        currency = ""
        if iso3 in lcu.rows and "currency" in lcu.columns:
            currency = text(lcu.ws.cell(lcu.rows[iso3], lcu.columns["currency"]).value)
        per_sheet = {
            "const": _values(sheets["const"], iso3, file, colours, flags=True),
            "current": _values(current, iso3, file, colours, flags=True),
            "share_gdp": _values(sheets["share_gdp"], iso3, file, colours, percent=True, flags=True),
        }
        for role, percent in (("per_capita", False), ("share_govt", True), ("lcu_calendar", False)):
            per_sheet[role] = _values(sheets[role], iso3, file, colours, percent) if iso3 in sheets[role].rows else {}
        for year in years:
            get = {role: values.get(year, (None, None)) for role, values in per_sheet.items()}
            milex.rows.append(
                {
                    "iso3": iso3,
                    "sipri_country_name": name,
                    "year": year,
                    f"milex_musd_const{base}": get["const"][0],
                    f"milex_musd_const{base}_sipri_flag": get["const"][1],
                    "milex_musd_current": get["current"][0],
                    "milex_musd_current_sipri_flag": get["current"][1],
                    "milex_share_gdp_pct": get["share_gdp"][0],
                    "milex_share_gdp_pct_sipri_flag": get["share_gdp"][1],
                    "milex_per_capita_usd_current": get["per_capita"][0],
                    "milex_share_govt_spending_pct": get["share_govt"][0],
                    "milex_lcu_current": get["lcu_calendar"][0],
                    "lcu_currency": currency or None,
                    "sipri_notes": marks or None,
                    "sipri_status": None,
                }
            )
        fiscal = ""
        fy = sheets.get("lcu_financial")
        if fy is not None and iso3 in fy.rows and "fiscal year" in fy.columns:
            fiscal = text(fy.ws.cell(fy.rows[iso3], fy.columns["fiscal year"]).value)
        notes.rows.append(_country_notes(iso3, name, fiscal, marks, footnotes))
    title_years = TITLE_YEARS.search(text(roles["share_gdp"].value(1, 1)))
    last = int(title_years.group("last")) if title_years else years[-1]
    return SipriWorkbook(
        milex=milex,
        notes=notes,
        edition=str(last + 1),
        price_base_year=base,
        first_year=years[0],
        last_year=years[-1],
        sheets={role: repr(ws.title) for role, ws in roles.items()},
    )
