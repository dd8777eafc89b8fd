"""Open a publisher's Excel workbook safely and read its cells with errors that name the cell.

Publishers' files reach nato3 by hand (``nato3 data import``) or download (``nato3 data update``),
so anything can arrive: a truncated download, a damaged file, a password-protected workbook,
an old ``.xls``, a CSV renamed ``.xlsx``. Each gets one clear :class:`WorkbookError` naming the
file and, where there is one, the sheet and cell — never a traceback from the ZIP or XML layer.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from nato3.errors import Nato3Error

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # OLE compound file: legacy .xls or an encrypted .xlsx
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
EXCEL_ERRORS = {"#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!"}
# Excel's default indexed palette, used when a workbook does not define its own.
_DEFAULT_PALETTE = {8: "000000", 9: "FFFFFF", 10: "FF0000", 11: "00FF00", 12: "0000FF"}


class WorkbookError(Nato3Error):
    """A workbook that cannot be read or does not hold what it should.

    Names the file and, where known, the sheet and cell, e.g.
    ``def-exp.xlsx, sheet 'TABLE3', cell D11: 'abc' is not a number``.
    """

    def __init__(self, file: str, problem: str, sheet: str | None = None, cell: str | None = None):
        self.file, self.problem, self.sheet, self.cell = file, problem, sheet, cell
        where = file
        if sheet is not None:
            where += f", sheet {sheet!r}"
        if cell is not None:
            where += f", cell {cell}"
        super().__init__(f"{where}: {problem}")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:1024].decode("utf-8", errors="replace").lstrip("\ufeff")
    bad = sum(1 for ch in sample if ch == "\ufffd" or not (ch.isprintable() or ch in "\r\n\t"))
    return bool(sample) and bad <= 2


def _sniff(path: Path, data: bytes) -> None:
    """Raise a WorkbookError for files that are clearly not a readable .xlsx."""
    name = path.name
    if not data:
        raise WorkbookError(name, "the file is empty")
    if data.startswith(CFB_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise WorkbookError(
                name,
                "the workbook is password-protected (encrypted); open it in Excel, remove the password "
                "and save it as .xlsx, then import that copy",
            )
        raise WorkbookError(name, "this is an old binary Excel file (.xls); open it in Excel and save it as .xlsx")
    if not data.startswith(ZIP_MAGIC):
        if _looks_like_text(data):
            raise WorkbookError(name, "this is a text file (CSV?), not an Excel workbook; nato3 imports .xlsx files")
        raise WorkbookError(name, "this is not an Excel .xlsx workbook (it does not start with a ZIP signature)")


def _damaged_part(path: Path) -> str | None:
    """The first ZIP member whose CRC check fails, or None (also when the ZIP itself is unreadable:
    openpyxl then reports that)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip()
    except Exception:  # BadZipFile, zlib.error, EOFError…: a damaged container, reported by the caller
        return None


def _sheet_of_part(path: Path, part: str) -> str | None:
    """The sheet name behind a worksheet part such as ``xl/worksheets/sheet3.xml``, if readable."""
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = zf.read("xl/workbook.xml").decode("utf-8")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    except Exception:
        return None
    target = part.removeprefix("xl/")
    rel = re.search(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="/?(?:xl/)?' + re.escape(target) + '"', rels)
    rel = rel or re.search(r'<Relationship[^>]*Target="/?(?:xl/)?' + re.escape(target) + r'"[^>]*Id="([^"]+)"', rels)
    if not rel:
        return None
    sheet = re.search(r'<sheet[^>]*name="([^"]+)"[^>]*r:id="' + re.escape(rel.group(1)) + '"', workbook)
    return sheet.group(1) if sheet else None


def open_workbook(path: Path | str):
    """Open ``path`` with openpyxl (cached values, styles kept for colour flags).

    Raises:
        WorkbookError: missing, empty, encrypted, legacy .xls, text, truncated or damaged file.
    """
    import openpyxl

    path = Path(path).expanduser()
    if not path.is_file():
        raise WorkbookError(path.name, f"no such file: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(path.name, f"cannot read the file ({exc.strerror})") from None
    _sniff(path, data)
    damaged = _damaged_part(path)
    if damaged:
        sheet = _sheet_of_part(path, damaged)
        where = f"sheet {sheet!r} ({damaged})" if sheet else f"part {damaged}"
        raise WorkbookError(path.name, f"the workbook is damaged: {where} fails its checksum")
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except zipfile.BadZipFile as exc:
        raise WorkbookError(path.name, f"the workbook is truncated or damaged (ZIP container: {exc})") from None
    except KeyError as exc:
        raise WorkbookError(path.name, f"the workbook is incomplete: missing part {exc}") from None
    except Exception as exc:  # XML or zlib errors from a damaged part
        raise WorkbookError(path.name, f"the workbook is damaged ({type(exc).__name__}: {exc})") from None


def text(value: Any) -> str:
    """A cell's text, with non-breaking spaces and runs of whitespace collapsed; '' if empty."""
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value).replace("\xa0", " ")).strip()


def palette(wb) -> dict[int, str]:
    """The workbook's indexed colours (index → RRGGBB)."""
    custom = getattr(wb, "_colors", None)
    if custom:
        return {i: str(rgb)[-6:].upper() for i, rgb in enumerate(custom)}
    return dict(_DEFAULT_PALETTE)


def font_rgb(cell, colours: dict[int, str]) -> str | None:
    """The RRGGBB font colour of ``cell``, resolving indexed colours; None if unset or themed."""
    color = cell.font.color if cell.font is not None else None
    if color is None:
        return None
    if color.type == "rgb" and isinstance(color.rgb, str):
        return color.rgb[-6:].upper()
    if color.type == "indexed" and isinstance(color.indexed, int):
        return colours.get(color.indexed)
    return None


def is_blue(rgb: str | None) -> bool:
    if not rgb:
        return False
    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return b >= 0xC0 and r <= 0x40 and g <= 0x80


def is_red(rgb: str | None) -> bool:
    if not rgb:
        return False
    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return r >= 0xC0 and g <= 0x40 and b <= 0x40


def number(cell, file: str, missing: frozenset[str] = frozenset()) -> int | float | None:
    """The numeric value of ``cell``: None when empty or one of the ``missing`` markers.

    Raises:
        WorkbookError: naming the sheet and cell for an Excel error value or any other text.
    """
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        raise WorkbookError(file, f"{value!r} is not a number", cell.parent.title, cell.coordinate)
    if isinstance(value, (int, float)):
        return value
    label = text(value)
    if label == "" or label in missing:
        return None
    if label in EXCEL_ERRORS:
        raise WorkbookError(
            file, f"Excel error value {label} where a number should be", cell.parent.title, cell.coordinate
        )
    raise WorkbookError(file, f"{label[:40]!r} is not a number", cell.parent.title, cell.coordinate)
