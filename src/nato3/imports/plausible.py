"""Plausibility checks on a NATO workbook's figures, each failure naming the sheet and cell.

A figure can be a number and still be impossible: a typo turning 2.5 into 99.5 % of GDP, a real
change below −100 %, spending categories adding up to 250 %. The bundled schema catches what is
outside a column's possible range; these checks catch what no NATO table has ever held, before
anything is written. The bounds are deliberately wide (no ally has spent more than about 6 % of
GDP on defence in NATO's series since 2014), so a real figure never trips them.
"""

from __future__ import annotations

from nato3.imports.nato_tables import BREAKDOWN
from nato3.imports.workbook import WorkbookError

# Column → (lowest, highest plausible value, what it is).
BOUNDS = {
    "defence_share_real_gdp_pct": (0.0, 30.0, "share of GDP (%)"),
    "defence_exp_real_change_pct": (-100.0, 500.0, "annual real change (%)"),
    **{c: (0.0, 100.0, "share of defence expenditure (%)") for c in BREAKDOWN},
}
# Equipment, personnel, infrastructure and other must make 100 % (NATO prints 2 decimals).
BREAKDOWN_TOLERANCE = 1.0


def check_plausible(values: dict, cells: dict, file: str) -> None:
    """Refuse implausible figures.

    Args:
        values: (iso3, year) → {column: value}, as read.
        cells: (iso3, year, column) → (sheet, cell) where each value was read.

    Raises:
        WorkbookError: naming the sheet and cell of the first implausible value.
    """
    for (iso3, year), row in values.items():
        for column, (low, high, what) in BOUNDS.items():
            value = row.get(column)
            if value is not None and not low <= value <= high:
                raise WorkbookError(
                    file,
                    f"{what} of {iso3} {year} is {value:g}, outside the plausible {low:g} to {high:g}",
                    *cells[(iso3, year, column)],
                )
        parts = [row.get(c) for c in BREAKDOWN]
        if all(p is not None for p in parts) and abs(sum(parts) - 100) > BREAKDOWN_TOLERANCE:
            where = ", ".join(f"{cells[(iso3, year, c)][0]}!{cells[(iso3, year, c)][1]}" for c in BREAKDOWN)
            raise WorkbookError(
                file,
                f"equipment, personnel, infrastructure and other of {iso3} {year} add up to {sum(parts):.2f} % "
                f"({where}); they should make 100 %",
                *cells[(iso3, year, BREAKDOWN[0])],
            )
