"""Open a publisher's Excel workbook safely and read its cells with errors that name the cell.

Publishers' files reach nato3 by hand (``nato3 data import``) or download (``nato3 data update``),
so anything can arrive: a truncated download, a damaged file, a password-protected workbook,
an old ``.xls``, a CSV renamed ``.xlsx``, a ZIP bomb, a stray cell a million rows down, formulas
without computed values. Each gets one clear :class:`WorkbookError` naming the file and, where
there is one, the sheet and cell — never a traceback from the ZIP or XML layer, and never memory
in proportion to what the file claims (:mod:`nato3.imports.archive`, :mod:`nato3.imports.grid`).
"""

from __future__ import annotations

import re
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


def _refusal(path: Path, exc) -> WorkbookError:
    """The WorkbookError for a container :func:`nato3.imports.archive.check_archive` refused."""
    import zipfile

    from nato3.imports.archive import sheet_of_part

    if exc.part is None:
        return WorkbookError(path.name, exc.problem)
    with zipfile.ZipFile(path) as zf:
        sheet = sheet_of_part(zf, exc.part)
    where = f"sheet {sheet!r} ({exc.part})" if sheet else f"part {exc.part}"
    if exc.damaged:
        return WorkbookError(path.name, f"the workbook is damaged: {where} {exc.problem}")
    return WorkbookError(path.name, f"{where}: {exc.problem}")


def open_workbook(path: Path | str):
    """Read ``path`` into sparse sheets (:class:`nato3.imports.grid.Workbook`): cached values,
    fonts kept for colour flags, memory bounded whatever the file claims.

    The container is checked first (:mod:`nato3.imports.archive`: size, ZIP bomb, element
    budget, checksums), then each sheet is streamed once.

    Raises:
        WorkbookError: missing, empty, encrypted, legacy .xls, text, truncated, damaged or
            oversized file, or a formula cell without a cached value.
    """
    import zipfile

    from nato3.imports.archive import MAX_FILE_BYTES, ArchiveProblem, check_archive
    from nato3.imports.grid import read_workbook

    path = Path(path).expanduser()
    if not path.is_file():
        raise WorkbookError(path.name, f"no such file: {path}")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise WorkbookError(path.name, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB; not a workbook")
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(path.name, f"cannot read the file ({exc.strerror})") from None
    _sniff(path, data)
    try:
        check_archive(path)
    except ArchiveProblem as exc:
        raise _refusal(path, exc) from None
    except zipfile.BadZipFile as exc:
        raise WorkbookError(path.name, f"the workbook is truncated or damaged (ZIP container: {exc})") from None
    try:
        return read_workbook(path, path.name, palette)
    except WorkbookError:
        raise
    except KeyError as exc:
        raise WorkbookError(path.name, f"the workbook is incomplete: missing part {exc}") from None
    except Exception as exc:  # XML or structure errors from a part that inflated but does not parse
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
