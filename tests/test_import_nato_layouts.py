"""NATO's 2025 and 2026 workbook layouts (SOURCES.md §12), built with openpyxl from the bundled
values, import back to exactly those values: the 2025 edition on the total definition, the 2026
edition on the core definition with its published aggregate rows, and the 2026 money tables feed
the money columns of that edition. A changed layout is one error naming sheet and cell."""

from __future__ import annotations

import json

import pytest

import nato3
from documents import rows
from nato3.imports.nato_workbook import parse_nato
from nato3.imports.workbook import WorkbookError, open_workbook
from nato3.store.database import ensure_database
from nato_layouts import bundled, workbook_2025, workbook_2026
from publishers import snapshot


def _parse(path):
    return parse_nato(open_workbook(path), path)


def _values(parsed, column: str) -> dict:
    return {(r["iso3"], r["year"]): r[column] for r in parsed.table.rows if r.get(column) is not None}


def _expected(name: str, column: str) -> dict:
    return {(r["iso3"], r["year"]): r[column] for r in bundled(name) if r[column] is not None}


def test_2025_layout_gives_back_the_bundled_table_3(tmp_path):
    parsed = _parse(workbook_2025(tmp_path / "def-exp-2025-en.xlsx"))
    assert (parsed.edition, parsed.definition, parsed.price_base_year) == ("2025", "total", 2021)
    assert (parsed.first_year, parsed.last_year, parsed.estimate_years) == (2014, 2025, [2024, 2025])
    share = _values(parsed, "defence_share_real_gdp_pct")
    assert share == _expected("nato_share_gdp_ed2025", "defence_share_real_gdp_pct")
    assert _values(parsed, "defence_exp_real_change_pct") == _expected("nato_real_change_ed2025", "real_change_pct")
    assert len(share) == 395 and ("DEU", 2025) not in share  # NATO published no 2025e for Germany
    assert (round(share[("NATO_EUR_CAN", 2025)], 2), round(share[("NATO_TOTAL", 2025)], 2)) == (2.27, 2.76)
    stars = {r["iso3"] for r in parsed.table.rows if r.get("footnote_star")}
    assert stars == {r["iso3"] for r in bundled("nato_real_change_ed2025") if r["footnote_star"]}
    assert parsed.missing_tables == ["1", "2", "5", "6", "7", "8"]


def test_2026_layout_gives_back_the_bundled_core_edition(tmp_path):
    parsed = _parse(workbook_2026(tmp_path / "def-exp-2026-en.xlsx"))
    assert (parsed.edition, parsed.definition, parsed.price_base_year) == ("2026", "core", 2021)
    assert parsed.estimate_years == [2025, 2026]
    for ours, bundled_column in [
        ("defence_share_real_gdp_pct", "core_defence_share_real_gdp_pct"),
        ("defence_exp_real_change_pct", "real_change_pct"),
        ("equipment_share_of_defexp_pct", "equipment_share_pct"),
        ("personnel_share_of_defexp_pct", "personnel_share_pct"),
        ("infrastructure_share_of_defexp_pct", "infrastructure_share_pct"),
        ("other_share_of_defexp_pct", "other_share_pct"),
    ]:
        assert _values(parsed, ours) == _expected("nato_core_defence_ed2026", bundled_column), ours
    share = _values(parsed, "defence_share_real_gdp_pct")
    assert (share[("NATO_TOTAL", 2026)], share[("NATO_EUR_CAN", 2026)], share[("POL", 2025)]) == (2.86, 2.53, 4.25)
    assert {r["iso3"] for r in parsed.table.rows if r.get("footnote_star")} == {"SVN"}
    assert set(parsed.tables) == {"3", "8a", "8b"}  # Table 4 is not read


def test_the_2024_layout_still_reads(tmp_path):
    from publishers import NATO_2024

    parsed = _parse(NATO_2024)
    assert (parsed.edition, parsed.definition, parsed.missing_tables) == ("2024", "total", [])
    assert "footnote_star" not in parsed.table.columns  # its '*' is the national 2 % commitment note


def test_importing_the_2026_workbook_replaces_the_bundled_edition(cli, fresh_home, tmp_path):
    """Same values, now from the user's file; the edition keeps its definition, publication date
    and cut-off (from the bundled descriptor of the same edition: the workbook does not state them)."""
    path = workbook_2026(tmp_path / "def-exp-2026-en.xlsx")
    code, out, err = cli("data", "import", str(path), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    (dataset,) = result["datasets"]
    assert dataset["name"] == "nato_expenditure_ed2026_imported" and dataset["diff"]["same_edition"]
    assert result["detected"]["definition"] == "core"
    assert dataset["diff"]["compared_with"] == "nato_core_defence_ed2026"
    from nato3.standing import editions

    e = editions.get_edition("2026")
    assert (e.dataset, e.definition, e.published, e.cutoff) == (
        "nato_expenditure_ed2026_imported",
        "core",
        "2026-07-07",
        "2026-07-03",
    )
    row = nato3.load("nato_series", edition="2026", iso3="POL", year=2026).iloc[0]
    assert (row.defence_share_gdp_pct, row.equipment_share_pct, row.definition) == (4.68, 55.91, "core")
    (shown,) = rows(json.loads(cli("sources", "--table", "nato_expenditure_ed2026_imported", "--format", "json")[1]))
    assert shown["definition"] == "core" and shown["cutoff"] == "2026-07-03"


def test_2026_money_tables_feed_the_money_columns(fresh_home, tmp_path):
    """SOURCES.md §12 quotes three values of the 2026 money tables; imported, they are that
    edition's money figures (2021 prices), and nothing else is filled in."""
    from nato3.imports import importer

    prepared = importer.prepare(workbook_2026(tmp_path / "def-exp-2026-en.xlsx", money=True))
    importer.run(prepared)
    df = nato3.load("nato_series", edition="2026").set_index(["iso3", "year"])
    assert df.loc[("USA", 2026)].defence_exp_musd_current == 1032849
    assert df.loc[("SWE", 2026)].defence_exp_musd_const == 21538 and df.loc[("SWE", 2026)].price_base_year == 2021
    assert df.defence_exp_musd_current.notna().sum() == 1 and df.defence_exp_musd_const.notna().sum() == 1
    table = nato3.load("nato_expenditure_ed2026_imported").set_index(["iso3", "year"])
    assert table.loc[("SWE", 2024)].defence_exp_mnc_current == 140549
    assert table.loc[("SWE", 2024)].national_currency == "Kronor"


def _retitle(sheet: str, value: str, cell: str = "A1"):
    def edit(wb):
        wb[sheet][cell] = value

    return edit


def _typo_year(wb):
    ws = wb["Table 3"]
    assert ws["N4"].value == "2026e"
    ws["N4"] = "2099e"


def _repeated_year(wb):
    ws = wb["Table 3"]
    assert ws["L4"].value == 2024
    ws["L4"] = 2023


def _second_header_differs(wb):
    ws = wb["Table 3"]
    assert ws["A39"].value == "Annual real change (%)" and ws["A40"].value is None and ws["N40"].value == "2026e"
    ws["N40"] = None  # a block whose header stops at 2025e


def _copy_of_table_3(wb):
    wb.copy_worksheet(wb["Table 3"]).title = "Table 3 (2)"


def _implausible_share(wb):
    ws = wb["Table 3"]
    assert ws["A26"].value == "Poland" and ws["M26"].value == 4.25
    ws["M26"] = 99.5


def _breakdown_150(wb):
    ws = wb["Table 8a"]
    assert ws["A26"].value == "Poland" and ws["L26"].value == 42.9
    ws["L26"] = 92.9


def _formula_without_value(wb):
    wb["Table 3"]["M26"] = "=4.5"


def _unknown_block(wb):
    ws = wb["Table 3"]
    assert ws["A3"].value == "Share of real GDP (%)"
    ws["A3"] = "Share of nominal GDP (%)"


LAYOUT_CHANGES = {
    "unit changed": (
        _retitle("Table 8a", "Percentage of GDP", "A2"),
        "Table 8a",
        "A1",
        "nato3 expects the title",
    ),
    "definitions mixed": (
        _retitle("Table 8b", "Table 8b: Distribution of defence expenditure by main category"),
        "Table 8b",
        "A1",
        "the tables mix definitions: Table 3 is core defence expenditure, Table 8b total",
    ),
    "year typo 2099e": (_typo_year, "Table 3", "N4", "year 2099e does not follow 2025e at M4"),
    "year twice": (_repeated_year, "Table 3", "L4", "year 2023 appears twice in the header (first at K4)"),
    "block header differs": (_second_header_differs, "Table 3", "B40", "this block's year header differs"),
    "table on two sheets": (_copy_of_table_3, "Table 3 (2)", "A1", "Table 3 is on two sheets ('Table 3' at A1"),
    "share of GDP 99.5 %": (_implausible_share, "Table 3", "M26", "share of GDP (%) of POL 2025 is 99.5"),
    "breakdown 150 %": (_breakdown_150, "Table 8a", "L26", "of POL 2024 add up to 150.00 %"),
    "formula without value": (_formula_without_value, "Table 3", "M26", "a formula without a computed value"),
    "unknown block title": (_unknown_block, "Table 3", "A5", "'Albania' comes before any block title nato3 knows"),
}


@pytest.mark.parametrize("case", list(LAYOUT_CHANGES))
def test_a_changed_layout_names_sheet_and_cell(tmp_path, case):
    edit, sheet, cell, message = LAYOUT_CHANGES[case]
    with pytest.raises(WorkbookError) as err:
        _parse(workbook_2026(tmp_path / "def-exp-2026-en.xlsx", edit=edit))
    assert (err.value.sheet, err.value.cell) == (sheet, cell), str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize("case", ["year typo 2099e", "table on two sheets", "formula without value"])
def test_cli_refuses_a_changed_layout_and_writes_nothing(cli, fresh_home, tmp_path, case):
    edit, sheet, cell, _ = LAYOUT_CHANGES[case]
    path = workbook_2026(tmp_path / "def-exp-2026-en.xlsx", edit=edit)
    ensure_database()
    before = snapshot(fresh_home)
    code, _, err = cli("data", "import", str(path))
    assert code == 2 and err.count("\n") == 1
    assert f"def-exp-2026-en.xlsx, sheet {sheet!r}, cell {cell}:" in err
    assert snapshot(fresh_home) == before
