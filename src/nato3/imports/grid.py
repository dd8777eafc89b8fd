"""A workbook read once, sheet by sheet, into sparse grids holding only the cells that exist.

openpyxl's normal reader builds every sheet in memory, and its read-only reader pads the rows
between two cells; either way one stray note in ``TABLE3!B1048576`` costs time or memory in
proportion to the sheet's nominal size. Here each sheet's XML is streamed once through openpyxl's
own sheet parser (``WorkSheetParser``, the one its read-only mode uses) and only cells with a
value are kept, so cost follows the cells that exist (bounded beforehand by
:mod:`nato3.imports.archive`), never the coordinates they claim.

The parser reads cached values (what Excel last computed). A formula cell without one — a file
last saved by a program that does not compute formulas — would read as an empty cell and
silently erase a figure, so it is refused, naming the sheet and cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


class Blank:
    """A cell that is not in the file: empty value, no font, but a sheet and a coordinate."""

    __slots__ = ("parent", "row", "column")
    value = None
    font = None

    def __init__(self, parent, row: int, column: int):
        self.parent, self.row, self.column = parent, row, column

    @property
    def coordinate(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class Sheet:
    """One worksheet's existing cells (openpyxl read-only cells: value, coordinate, font)."""

    title: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    _by_row: dict[int, list] | None = field(default=None, repr=False)

    def _rows(self) -> dict[int, list]:
        if self._by_row is None:
            rows: dict[int, list] = {}
            for (r, _c), cell in sorted(self.cells.items()):
                rows.setdefault(r, []).append(cell)
            self._by_row = rows
        return self._by_row

    def cell(self, row: int, column: int):
        """The cell at (row, column), or a :class:`Blank` standing in for it."""
        found = self.cells.get((row, column))
        return Blank(self, row, column) if found is None else found

    def value(self, row: int, column: int) -> Any:
        found = self.cells.get((row, column))
        return None if found is None else found.value

    def row(self, row: int) -> list:
        """The existing cells of one row, left to right."""
        return self._rows().get(row, [])

    def iter_rows(self, min_row: int = 1, max_row: int | None = None) -> Iterator[list]:
        """Rows that have cells, top to bottom, each as its existing cells left to right."""
        for r, cells in self._rows().items():
            if r >= min_row and (max_row is None or r <= max_row):
                yield cells

    @property
    def max_row(self) -> int:
        return max(self._rows(), default=0)


@dataclass
class Workbook:
    """The sheets of a workbook with what the importers need besides cells."""

    file: str
    worksheets: list[Sheet]
    properties: Any  # openpyxl's document properties (creation date)
    colours: dict[int, str]  # indexed palette, for SIPRI's blue/red flags

    def __getitem__(self, title: str) -> Sheet:
        for ws in self.worksheets:
            if ws.title == title:
                return ws
        raise KeyError(title)


def _parser(wb, ws):
    """openpyxl's streaming sheet parser, also noting which cells hold a formula."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class FormulaAwareParser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            cell["formula"] = element.find(FORMULA_TAG) is not None
            return cell

    return FormulaAwareParser(
        ws._get_source(),
        ws._shared_strings,
        data_only=True,
        epoch=wb.epoch,
        date_formats=wb._date_formats,
        timedelta_formats=wb._timedelta_formats,
    )


def _read_sheet(wb, ws, file: str) -> Sheet:
    from openpyxl.cell.read_only import ReadOnlyCell

    from nato3.imports.workbook import WorkbookError

    sheet = Sheet(ws.title)
    parser = _parser(wb, ws)
    try:
        for _row, cells in parser.parse():
            for c in cells:
                if c["value"] is None:
                    if c["formula"]:
                        cell = ReadOnlyCell(ws, c["row"], c["column"], None)
                        raise WorkbookError(
                            file,
                            "a formula without a computed value (the file was last saved by a program that does "
                            "not calculate formulas); open it in Excel or LibreOffice, recalculate and save it",
                            ws.title,
                            cell.coordinate,
                        )
                    continue
                sheet.cells[(c["row"], c["column"])] = ReadOnlyCell(
                    ws, c["row"], c["column"], c["value"], c["data_type"], c["style_id"]
                )
    finally:
        parser.source.close()
    return sheet


def read_workbook(path, file: str, colours) -> Workbook:
    """Stream every worksheet of ``path`` (already checked by :mod:`nato3.imports.archive`).

    Raises:
        WorkbookError: a formula cell without a cached value (naming sheet and cell).
    """
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [_read_sheet(wb, ws, file) for ws in wb.worksheets]
        return Workbook(file, sheets, wb.properties, colours(wb))
    finally:
        wb.close()
