"""Bad workbooks get one clear line naming the file (and sheet/cell where there is one), exit
code 2, and the database and imports are byte-for-byte unchanged."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from nato3.store.database import ensure_database
from publishers import NATO_2024, SIPRI_2025, snapshot


def _truncated(tmp_path):
    data = NATO_2024.read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


def _flipped_in_sheet(tmp_path):
    """Flip bytes in the middle of TABLE3's compressed XML: its checksum no longer matches."""
    data = bytearray(NATO_2024.read_bytes())
    with zipfile.ZipFile(NATO_2024) as zf:
        info = zf.getinfo("xl/worksheets/sheet3.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    for i in range(middle, middle + 8):
        data[i] ^= 0xFF
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(data))
    return path


def _flipped_directory(tmp_path):
    data = bytearray(NATO_2024.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    for i in range(end, end + 4):
        data[i] ^= 0xFF
    path = tmp_path / "directory.xlsx"
    path.write_bytes(bytes(data))
    return path


def _encrypted(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with open(NATO_2024, "rb") as fh:
        OOXMLFile(fh).encrypt("secret", out)
    path = tmp_path / "protected.xlsx"
    path.write_bytes(out.getvalue())
    return path


def _legacy_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + "Workbook".encode("utf-16-le"))
    return path


def _csv_renamed(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_text("iso3,year,share\nPOL,2024,4.12\n", encoding="utf-8")
    return path


def _empty(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _no_tables(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["A1"] = "Defence spending"
    wb.active.append(["Poland", 4.12])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    return path


BAD_FILES = {
    "truncated": (_truncated, [], r"truncated\.xlsx: the workbook is truncated or damaged"),
    "flipped bytes in a sheet": (
        _flipped_in_sheet,
        [],
        r"flipped\.xlsx: the workbook is damaged: sheet 'TABLE3' \(xl/worksheets/sheet3\.xml\) fails its checksum",
    ),
    "flipped bytes in the ZIP directory": (
        _flipped_directory,
        [],
        r"directory\.xlsx: the workbook is truncated or damaged",
    ),
    "password-protected": (_encrypted, [], r"protected\.xlsx: the workbook is password-protected"),
    "legacy .xls": (_legacy_xls, [], r"old\.xls: this is an old binary Excel file"),
    "CSV renamed .xlsx": (_csv_renamed, [], r"table\.xlsx: this is a text file \(CSV\?\), not an Excel workbook"),
    "empty": (_empty, [], r"empty\.xlsx: the file is empty"),
    "no expected tables": (_no_tables, [], r"other\.xlsx: is neither NATO's .* sheets: 'Data'"),
    "no expected tables, --as nato": (
        _no_tables,
        ["--as", "nato"],
        r"other\.xlsx: does not look like a NATO workbook: expected a sheet titled like 'Table 3 : Defence",
    ),
    "NATO's workbook --as sipri": (
        lambda tmp: NATO_2024,
        ["--as", "sipri"],
        r"240617-def-exp-2024-TABLES-en\.xlsx: does not look like a SIPRI workbook",
    ),
}


@pytest.fixture
def loaded_home(fresh_home):
    ensure_database()
    return fresh_home


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_workbook_is_one_clear_line_and_changes_nothing(cli, loaded_home, tmp_path, case):
    make, options, message = BAD_FILES[case]
    path = make(tmp_path)
    before = snapshot(loaded_home)
    code, out, err = cli("data", "import", str(path), *options)
    assert code == 2, out
    assert err.count("\n") == 1 and err.startswith("Error: ")
    assert re.search(message, err), err
    assert snapshot(loaded_home) == before


def test_a_bad_cell_is_named_and_changes_nothing(cli, loaded_home, tmp_path):
    from publishers import edited_workbook

    def spoil(wb):
        wb["TABLE8a"]["H30"] = "twelve"

    path = edited_workbook(NATO_2024, tmp_path / "cell.xlsx", spoil)
    before = snapshot(loaded_home)
    code, _, err = cli("data", "import", str(path))
    assert code == 2
    assert "cell.xlsx, sheet 'TABLE8a', cell H30: 'twelve' is not a number" in err
    assert snapshot(loaded_home) == before


def test_a_value_outside_the_schema_is_refused(cli, loaded_home, tmp_path):
    """A negative GDP reads as a number but breaks the schema: refused before any write."""
    from publishers import edited_workbook

    def spoil(wb):
        assert wb["TABLE5"]["C11"].value == "Albania"
        wb["TABLE5"]["D11"] = -13245.9

    path = edited_workbook(NATO_2024, tmp_path / "range.xlsx", spoil)
    before = snapshot(loaded_home)
    code, _, err = cli("data", "import", str(path))
    assert code == 2
    assert "range.xlsx: the table read from it breaks nato3's schema" in err and "below the minimum 0" in err
    assert snapshot(loaded_home) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.xlsx"], "missing.xlsx: no such file"),
        ([str(SIPRI_2025), "--as", "imf"], "unknown --as 'imf'; allowed: nato, sipri"),
        ([str(SIPRI_2025), "--edition", "../x"], "bad --edition '../x'"),
        ([str(SIPRI_2025), "--format", "csv"], "--format csv does not fit an import report"),
    ],
)
def test_bad_arguments(cli, loaded_home, args, message):
    before = snapshot(loaded_home)
    code, _, err = cli("data", "import", *args)
    assert code == 2 and message in err
    assert snapshot(loaded_home) == before
