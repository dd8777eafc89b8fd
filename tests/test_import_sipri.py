"""SIPRI's own workbook: parsing it reproduces the bundled SIPRI tables exactly, including the
colour flags (blue = estimate, red = uncertain) and footnote marks; problems name the sheet."""

from __future__ import annotations

import csv
import math
from functools import lru_cache

import pytest

from nato3.imports.sipri_workbook import parse_sipri
from nato3.imports.workbook import WorkbookError, open_workbook
from nato3.store.resources import bundled_resources
from nato3.store.validate import parse_cell
from publishers import SHA256, SIPRI_2025, edited_workbook, sha256

RESOURCES = {r.name: r for r in bundled_resources()}


@lru_cache(maxsize=1)
def _parsed():
    return parse_sipri(open_workbook(SIPRI_2025), SIPRI_2025)


def test_fixture_is_the_unchanged_publisher_file():
    assert sha256(SIPRI_2025) == SHA256[SIPRI_2025.name]


@pytest.mark.parametrize("table, name", [("milex", "sipri_milex"), ("notes", "sipri_country_notes")])
def test_reproduces_the_bundled_tables_byte_for_byte(table, name):
    assert getattr(_parsed(), table).to_csv() == RESOURCES[name].path.read_text(encoding="utf-8")


def test_every_value_matches_the_bundled_table():
    resource = RESOURCES["sipri_milex"]
    with open(resource.path, encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    rows = _parsed().milex.rows
    assert len(rows) == len(expected) == 2432
    fields = {f.name: f for f in resource.fields}
    for got, want in zip(rows, expected, strict=True):
        for name, text in want.items():
            assert got.get(name) == parse_cell(text, fields[name]), (want["iso3"], want["year"], name)


def test_shares_are_percentages_rounded_to_12_decimals():
    """SIPRI stores shares as fractions: Poland 2024 is 0.041543938797535616 in the workbook."""
    rows = {(r["iso3"], r["year"]): r for r in _parsed().milex.rows}
    assert rows[("POL", 2024)]["milex_share_gdp_pct"] == round(0.041543938797535616 * 100, 12) == 4.154393879754


def test_detects_edition_and_price_base():
    parsed = _parsed()
    assert (parsed.edition, parsed.price_base_year, parsed.first_year, parsed.last_year) == ("2025", 2023, 1949, 2024)


def test_blue_figures_are_estimates_and_marks_are_kept():
    rows = _parsed().milex.rows
    flags = [r["milex_musd_current_sipri_flag"] for r in rows]
    assert flags.count("estimate") == 272 and "uncertain" not in flags
    lux = {r["year"]: r for r in rows if r["iso3"] == "LUX"}
    assert lux[1990]["milex_musd_const2023_sipri_flag"] == "estimate"
    alb = next(r for r in rows if r["iso3"] == "ALB")
    assert alb["sipri_notes"] == "§¶3"
    notes = {r["iso3"]: r for r in _parsed().notes.rows}
    assert notes["BGR"]["special_notes"] == "† excludes military pensions"
    assert notes["GBR"]["fiscal_year"] == notes["CAN"]["fiscal_year"] == "Apr-Mar"
    assert notes["USA"]["footnotes"].startswith("44: USA: All figures for the USA are for financial year")


def test_red_font_is_an_uncertain_flag(tmp_path):
    from openpyxl.styles import Font

    def paint(wb):
        ws = wb["Share of GDP"]
        poland = next(r for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == "Poland")[0].row
        cell = next(c for c in ws[6] if c.value == 2024)
        ws.cell(poland, cell.column).font = Font(color="FFFF0000")

    painted = edited_workbook(SIPRI_2025, tmp_path / "red.xlsx", paint)
    rows = {(r["iso3"], r["year"]): r for r in parse_sipri(open_workbook(painted), painted).milex.rows}
    assert rows[("POL", 2024)]["milex_share_gdp_pct_sipri_flag"] == "uncertain"
    assert rows[("POL", 2023)]["milex_share_gdp_pct_sipri_flag"] is None


def test_text_in_a_number_cell_names_sheet_and_cell(tmp_path):
    def spoil(wb):
        ws = wb["Current US$"]
        row = next(r for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == "Poland")[0].row
        ws.cell(row, 3).value = "n/a?"
        spoil.cell = ws.cell(row, 3).coordinate

    bad = edited_workbook(SIPRI_2025, tmp_path / "bad.xlsx", spoil)
    with pytest.raises(WorkbookError) as err:
        parse_sipri(open_workbook(bad), bad)
    assert (err.value.sheet, err.value.cell) == ("Current US$", spoil.cell)
    assert "'n/a?' is not a number" in str(err.value)


def test_a_missing_ally_is_named(tmp_path):
    def drop(wb):
        ws = wb["Share of GDP"]
        next(r for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == "Poland")[0].value = "Polonia"

    bad = edited_workbook(SIPRI_2025, tmp_path / "nopol.xlsx", drop)
    with pytest.raises(WorkbookError, match=r"sheet 'Share of GDP': no row for POL"):
        parse_sipri(open_workbook(bad), bad)


def _extended_to_2025(wb):
    """SIPRI's 1949-2025 release in the bundled workbook's layout: each data sheet gains a 2025
    column after 2024, with an empty column inserted before the years (so every year moves one
    column right), and titles reading 1949-2025. Only Germany's 2025 share of GDP is filled: 2.27 %,
    as SIPRI's April 2026 database gives it (bundled sipri_milex_2025_release_partial)."""
    for ws in wb.worksheets:
        header = next((r for r in range(1, 21) if ws.cell(r, 1).value == "Country"), None)
        if header is None:
            continue
        first = next(c for c in range(1, ws.max_column + 1) if isinstance(ws.cell(header, c).value, int))
        ws.insert_cols(first)
        last = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == 2024)
        ws.cell(header, last + 1, 2025)
        if "percentage of gross domestic product" in ws["A1"].value:
            germany = next(r for r in range(header, ws.max_row + 1) if ws.cell(r, 1).value == "Germany")
            ws.cell(germany, last + 1, 0.0227)
        ws["A1"] = ws["A1"].value.replace("1949-2024", "1949-2025")


def test_the_1949_2025_release_imports_with_columns_found_by_year(tmp_path):
    path = edited_workbook(SIPRI_2025, tmp_path / "SIPRI-Milex-data-1949-2025_v1.2.xlsx", _extended_to_2025)
    parsed = parse_sipri(open_workbook(path), path)
    assert (parsed.edition, parsed.first_year, parsed.last_year) == ("2026", 1949, 2025)
    rows = {(r["iso3"], r["year"]): r for r in parsed.milex.rows}
    assert rows[("DEU", 2025)]["milex_share_gdp_pct"] == 2.27
    assert rows[("POL", 2025)]["milex_share_gdp_pct"] is None  # left empty: nothing is filled in
    before = {(r["iso3"], r["year"]): r for r in _parsed().milex.rows}
    assert len(rows) == len(before) + 32
    for key, row in before.items():  # every 1949-2024 value and flag as in the bundled release
        for name, value in row.items():  # openpyxl re-saves with 16 digits; shares are rounded to 12 decimals
            got = rows[key][name]
            assert got == value or math.isclose(got, value, rel_tol=1e-15, abs_tol=1e-11), (key, name)


def test_a_year_twice_in_a_sipri_header_names_the_cell(tmp_path):
    def twice(wb):
        ws = wb["Share of GDP"]
        assert ws["BZ6"].value == 2024
        ws["BZ6"] = 2023

    with pytest.raises(WorkbookError, match=r"sheet 'Share of GDP', cell BZ6: year 2023 appears twice in the header"):
        parse_sipri(open_workbook(edited_workbook(SIPRI_2025, tmp_path / "twice.xlsx", twice)), "twice.xlsx")
