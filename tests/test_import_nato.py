"""NATO's own workbook: parsing it reproduces the bundled 2024-edition table exactly, whatever the
cell positions; the price base comes from the titles; problems name the sheet and cell."""

from __future__ import annotations

import csv
import math

import pytest

from nato3.imports.nato_workbook import parse_nato
from nato3.imports.workbook import WorkbookError, open_workbook
from nato3.store.resources import bundled_resources
from nato3.store.validate import parse_cell
from publishers import NATO_2024, SHA256, edited_workbook, sha256

BUNDLED = next(r for r in bundled_resources() if r.name == "nato_expenditure_ed2024")


def _parse(path=NATO_2024):
    return parse_nato(open_workbook(path), path)


def test_fixture_is_the_unchanged_publisher_file():
    assert sha256(NATO_2024) == SHA256[NATO_2024.name]


def test_reproduces_the_bundled_table_byte_for_byte():
    assert _parse().table.to_csv() == BUNDLED.path.read_text(encoding="utf-8")


def _assert_same_values(parsed, rel=0.0):
    """Every row and value of ``parsed`` equals the bundled table's (within ``rel`` for numbers)."""
    with open(BUNDLED.path, encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    assert len(parsed.rows) == len(expected) == 374
    fields = {f.name: f for f in BUNDLED.fields}
    for got, want in zip(parsed.rows, expected, strict=True):
        for name, text in want.items():
            value, wanted = got.get(name), parse_cell(text, fields[name])
            if rel and isinstance(wanted, float):
                assert math.isclose(value, wanted, rel_tol=rel), (want["iso3"], want["year"], name)
            else:
                assert value == wanted, (want["iso3"], want["year"], name)


def test_every_value_matches_the_bundled_table():
    _assert_same_values(_parse().table)


def test_detects_edition_price_base_and_estimates():
    parsed = _parse()
    assert (parsed.edition, parsed.price_base_year) == ("2024", 2015)
    assert (parsed.first_year, parsed.last_year, parsed.estimate_years) == (2014, 2024, [2023, 2024])
    assert parsed.tables["3"] == "sheet 'TABLE3' (Table 3)"


def test_published_figures_as_the_press_reported_them():
    """SOURCES.md: Poland 2024e 4.12 %, Estonia 3.43 %, US 3.38 %, Latvia 3.15 %."""
    rows = {(r["iso3"], r["year"]): r for r in _parse().table.rows}
    for iso3, share in {"POL": 4.12, "EST": 3.43, "USA": 3.38, "LVA": 3.15}.items():
        assert round(rows[(iso3, 2024)]["defence_share_real_gdp_pct"], 2) == share


def test_tables_are_found_by_title_not_position(tmp_path):
    """Sheets renamed and in reverse order, every cell moved 3 rows down and 2 columns right."""
    import openpyxl

    wb = openpyxl.load_workbook(NATO_2024)
    moved = openpyxl.Workbook()
    moved.remove(moved.active)
    for ws in reversed(wb.worksheets):
        target = moved.create_sheet(f"sheet {ws.title[::-1]}")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    target.cell(cell.row + 3, cell.column + 2, cell.value)
    moved.save(tmp_path / "moved.xlsx")
    # openpyxl re-saves numbers with 16 significant digits, hence the tolerance
    _assert_same_values(_parse(tmp_path / "moved.xlsx").table, rel=1e-15)


def _retitle(year):
    def edit(wb):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and "2015 prices" in cell.value:
                        cell.value = cell.value.replace("2015 prices", f"{year} prices")

    return edit


def test_price_base_is_read_from_the_titles(tmp_path):
    parsed = _parse(edited_workbook(NATO_2024, tmp_path / "rebased.xlsx", _retitle(2021)))
    assert parsed.price_base_year == 2021
    assert "defence_exp_musd_const2021" in parsed.table.columns
    assert not any("2015" in c for c in parsed.table.columns)


def test_two_price_bases_are_an_error_naming_the_cells(tmp_path):
    def mixed(wb):
        wb["TABLE2"]["B44"] = "Constant 2021 prices and exchange rates"

    with pytest.raises(
        WorkbookError, match=r"do not agree on one constant-price base year .*2021 prices at sheet 'TABLE2', cell B44"
    ):
        _parse(edited_workbook(NATO_2024, tmp_path / "mixed.xlsx", mixed))


@pytest.mark.parametrize(
    "value, problem",
    [("abc", "'abc' is not a number"), ("#REF!", "Excel error value #REF!")],
)
def test_a_bad_cell_names_sheet_and_cell(tmp_path, value, problem):
    def spoil(wb):
        assert wb["TABLE3"]["C32"].value == "Poland*"
        wb["TABLE3"]["N32"] = value

    with pytest.raises(WorkbookError) as err:
        _parse(edited_workbook(NATO_2024, tmp_path / "bad.xlsx", spoil))
    assert (err.value.sheet, err.value.cell) == ("TABLE3", "N32")
    assert problem in str(err.value)


def test_an_unknown_country_names_its_cell(tmp_path):
    def rename(wb):
        wb["TABLE5"]["C24"] = "Freedonia"

    with pytest.raises(
        WorkbookError, match=r"sheet 'TABLE5', cell C24: row label 'Freedonia' is neither a known country"
    ):
        _parse(edited_workbook(NATO_2024, tmp_path / "freedonia.xlsx", rename))


def test_an_unknown_block_title_names_its_cell(tmp_path):
    def retitle(wb):
        wb["TABLE3"]["B44"] = "Share of nominal GDP (%)"

    with pytest.raises(WorkbookError, match=r"sheet 'TABLE3', cell B44: block title 'Share of nominal GDP \(%\)'"):
        _parse(edited_workbook(NATO_2024, tmp_path / "block.xlsx", retitle))


def test_a_missing_table_is_named(tmp_path):
    def drop(wb):
        del wb["TABLE3"]

    with pytest.raises(WorkbookError, match=r"no sheet holds Table 3 \(share of gdp"):
        _parse(edited_workbook(NATO_2024, tmp_path / "no3.xlsx", drop))
