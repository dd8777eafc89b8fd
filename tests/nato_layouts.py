"""Build workbooks in the layout of NATO's 2025 and 2026 workbooks (SOURCES.md §12) from the
bundled values, so the importer can be checked to give back exactly those values.

The layout: sheets ``Table 1`` … ``Table 8b``; A1 ``Table N: <title>``; unit lines; per block its
title and a header row whose first cell is empty and whose years run ``2014 … 2024 2025e 2026e``
(numbers, then 'e'-suffixed text); country rows with NATO's names (a ``*`` after a name marks a
footnote), the aggregate rows, a blank row and a ``Notes:`` row last. Only values nato3 bundles
(or, for the 2026 money tables, the three values SOURCES.md quotes) are written; every other cell
is left empty.
"""

from __future__ import annotations

from pathlib import Path

from nato3.store.resources import bundled_resources
from nato3.store.validate import read_validated

AGGREGATES = ("NATO_EUR_CAN", "NATO_TOTAL")
# The three money values of the 2026 edition SOURCES.md §12 quotes (the money tables were not recovered).
MONEY_2026 = {
    ("1", "Current prices", "SWE", 2024): 140549,  # Sweden 2024, SEK m
    ("2", "Current prices and exchange rates", "USA", 2026): 1032849,  # United States 2026e, US$ m
    ("2", "Constant 2021 prices and exchange rates", "SWE", 2026): 21538,  # Sweden 2026e, US$ m (2021)
}
CURRENCIES = {
    "SWE": "Kronor",
    "USA": "US dollars",
}  # Table 1 labels, as in 2024's 'Sweden   (Kronor)'; others left bare


def bundled(name: str) -> list[dict]:
    """The rows of a bundled table, typed (decimal commas read as numbers)."""
    resource = next(r for r in bundled_resources() if r.name == name)
    columns = read_validated(resource, _countries())
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _countries() -> dict[str, str]:
    import csv

    from nato3 import paths

    with open(paths.REFERENCE_DIR / "countries.csv", encoding="utf-8", newline="") as fh:
        return {r["iso3"]: r["kind"] for r in csv.DictReader(fh)}


def _header(ws, row: int, years: list[int], estimates: set[int]) -> None:
    for i, year in enumerate(years):
        ws.cell(row, 2 + i, f"{year}e" if year in estimates else year)


def add_table(wb, number: str, title: str, units: list[str], blocks: list[tuple[str, dict]], layout: dict) -> None:
    """One sheet 'Table N'. ``blocks``: (block title, {iso3: {year: value}}); rows for ``layout['order']``."""
    ws = wb.create_sheet(f"Table {number}")
    ws["A1"] = f"Table {number}: {title}"
    row = 2
    for line in units:
        ws.cell(row, 1, line)
        row += 1
    for block_title, values in blocks:
        ws.cell(row, 1, block_title)
        _header(ws, row + 1, layout["years"], layout["estimates"])
        row += 2
        for iso3 in layout["order"]:
            if iso3 in AGGREGATES and not layout.get("aggregates", True):
                continue
            ws.cell(row, 1, layout["label"](iso3))
            for i, year in enumerate(layout["years"]):
                value = values.get(iso3, {}).get(year)
                if value is not None:
                    ws.cell(row, 2 + i, value)
            row += 1
        row += 1  # a blank row after each block
    ws.cell(row, 1, f"Notes: Figures for {' and '.join(str(y) for y in sorted(layout['estimates']))} are estimates.")


def _by_country(rows: list[dict], column: str) -> dict:
    out: dict[str, dict] = {}
    for r in rows:
        if r[column] is not None:
            out.setdefault(r["iso3"], {})[r["year"]] = r[column]
    return out


def _layout(rows: list[dict], years: list[int], estimates: set[int], stars: set[str], **extra) -> dict:
    names = {r["iso3"]: r["country"] for r in rows}
    order = sorted((c for c in names if c not in AGGREGATES), key=names.get) + list(AGGREGATES)  # NATO's order
    return {
        "years": years,
        "estimates": estimates,
        "order": order,
        "label": lambda iso3: names[iso3] + ("*" if iso3 in stars else ""),
        **extra,
    }


def workbook_2025(path: Path, edit=None) -> Path:
    """NATO's 2025 edition: Table 3 (share of GDP and real change, full precision, 2021 prices)."""
    import openpyxl

    share, change = bundled("nato_share_gdp_ed2025"), bundled("nato_real_change_ed2025")
    stars = {r["iso3"] for r in change if r["footnote_star"]}
    layout = _layout(share, list(range(2014, 2026)), {2024, 2025}, stars)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    add_table(
        wb,
        "3",
        "Defence expenditure as a share of GDP and annual real change",
        ["Based on 2021 prices"],
        [
            ("Share of real GDP (%)", _by_country(share, "defence_share_real_gdp_pct")),
            ("Annual real change (%)", _by_country(change, "real_change_pct")),
        ],
        layout,
    )
    return _save(wb, path, edit)


def workbook_2026(path: Path, money: bool = False, edit=None) -> Path:
    """NATO's 2026 edition: Tables 3, 8a and 8b on the core definition (2 decimals, 2021 prices);
    with ``money``, Tables 1 and 2 holding the three values SOURCES.md quotes, every other cell empty."""
    import openpyxl

    core = bundled("nato_core_defence_ed2026")
    layout = _layout(core, list(range(2014, 2027)), {2025, 2026}, {"SVN"})
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if money:
        for number, unit, blocks in (
            ("1", "Million national currency", ("Current prices", "Constant 2021 prices")),
            (
                "2",
                "Million US dollars",
                ("Current prices and exchange rates", "Constant 2021 prices and exchange rates"),
            ),
        ):
            values = [
                (b, {iso3: {y: v} for (n, bb, iso3, y), v in MONEY_2026.items() if n == number and bb == b})
                for b in blocks
            ]
            label = layout["label"]
            table_layout = dict(layout, aggregates=number != "1")
            if number == "1":
                table_layout["label"] = lambda iso3, label=label: (
                    f"{label(iso3)} ({CURRENCIES[iso3]})" if iso3 in CURRENCIES else label(iso3)
                )
            add_table(wb, number, "Core defence expenditure", [unit], values, table_layout)
    add_table(
        wb,
        "3",
        "Core defence expenditure as a share of GDP and annual real change",
        ["Based on 2021 prices"],
        [
            ("Share of real GDP (%)", _by_country(core, "core_defence_share_real_gdp_pct")),
            ("Annual real change (%)", _by_country(core, "real_change_pct")),
        ],
        layout,
    )
    wb.create_sheet("Table 4")["A1"] = "Table 4: Core defence expenditure real change 2014-2026e"
    allies_only = dict(layout, aggregates=False)
    for number, blocks in (
        ("8a", (("Equipment (a)", "equipment_share_pct"), ("Personnel (b)", "personnel_share_pct"))),
        ("8b", (("Infrastructure (c)", "infrastructure_share_pct"), ("Other (d)", "other_share_pct"))),
    ):
        add_table(
            wb,
            number,
            "Distribution of core defence expenditure by main category",
            ["Percentage of total core defence expenditure"],
            [(title, _by_country(core, column)) for title, column in blocks],
            allies_only,
        )
    return _save(wb, path, edit)


def _save(wb, path: Path, edit) -> Path:
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path
