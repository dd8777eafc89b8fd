"""Hostile workbooks (issue 13): formulas without computed values, a table on two sheets, a
repeated or mistyped year, implausible figures, a stray cell a million rows down, a ZIP bomb,
too many cells, a DTD. Each is one error naming sheet and cell (or part) — or, for the stray
note, an import of the right values — and memory stays bounded, checked under a resource limit
in a child process (never by timing)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile

import pytest

from nato3.imports.nato_workbook import parse_nato
from nato3.imports.workbook import WorkbookError, open_workbook
from publishers import NATO_2024, edited_workbook


def _parse(path):
    return parse_nato(open_workbook(path), path)


def _formula(wb):
    assert wb["TABLE3"]["C32"].value == "Poland*"
    wb["TABLE3"]["N32"] = "=4.5"  # openpyxl saves formulas without a cached value


def _all_formulas(wb):
    ws = wb["TABLE3"]
    for row in ws.iter_rows(min_row=11, max_row=77, min_col=4, max_col=14):
        for cell in row:
            if isinstance(cell.value, float):
                cell.value = f"={cell.value!r}"


def _second_table_3(wb):
    wb.copy_worksheet(wb["TABLE3"])


def _year(value):
    def edit(wb):
        assert wb["TABLE3"]["N8"].value == "2024e"
        wb["TABLE3"]["N8"] = value

    return edit


def _poland_share(value):
    def edit(wb):
        wb["TABLE3"]["N32"] = value

    return edit


def _breakdown(wb):
    assert wb["TABLE8a"]["C32"].value == "Poland"
    wb["TABLE8a"]["N32"] = wb["TABLE8a"]["N32"].value + 30  # each share below 100 %, together 130 %


CASES = {
    "one formula (=4.5)": (_formula, "TABLE3", "N32", "a formula without a computed value"),
    "Table 3 as formulas": (_all_formulas, "TABLE3", "D11", "a formula without a computed value"),
    "Table 3 on two sheets": (_second_table_3, "TABLE3 Copy", "B4", "Table 3 is on two sheets ('TABLE3' at B4"),
    "2024 header says 2023": (_year("2023e"), "TABLE3", "N8", "year 2023 appears twice in the header (first at M8)"),
    "year typo 2099e": (_year("2099e"), "TABLE3", "N8", "year 2099e does not follow 2023e at M8"),
    "share of GDP 99.5 %": (_poland_share(99.5), "TABLE3", "N32", "share of GDP (%) of POL 2024 is 99.5"),
    "breakdown adds up to 130 %": (_breakdown, "TABLE8a", "N32", "of POL 2024 add up to 130.00 %"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_edit_is_refused_naming_sheet_and_cell(tmp_path, case):
    edit, sheet, cell, message = CASES[case]
    with pytest.raises(WorkbookError) as err:
        _parse(edited_workbook(NATO_2024, tmp_path / "hostile.xlsx", edit))
    assert (err.value.sheet, err.value.cell) == (sheet, cell), str(err.value)
    assert message in str(err.value)


def test_negative_share_is_refused(tmp_path):
    with pytest.raises(WorkbookError, match=r"sheet 'TABLE3', cell N32: share of GDP \(%\) of POL 2024 is -0.5"):
        _parse(edited_workbook(NATO_2024, tmp_path / "hostile.xlsx", _poland_share(-0.5)))


# A child process reads the workbook under an address-space limit of its size at start + 512 MB:
# the old reader needed 6 GB for the far cell and 1.6 GB for the ZIP bomb, so it would fail here.
CHILD = textwrap.dedent(
    """
    import resource, sys
    from nato3.imports.nato_workbook import parse_nato
    from nato3.imports.workbook import WorkbookError, open_workbook

    def vm_size():
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))

    limit = vm_size() + 512 * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        parsed = parse_nato(open_workbook(sys.argv[1]), sys.argv[1])
        print("rows", len(parsed.table.rows))
    except WorkbookError as exc:
        print("refused:", exc)
    """
)


def _bounded(path) -> str:
    run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_a_note_a_million_rows_down_reads_in_bounded_memory(tmp_path):
    """Issue 13: a note in TABLE3!B1048576 made the reader walk (and hold) a million rows."""

    def far(wb):
        wb["TABLE3"]["B1048576"] = "note far below the table"

    path = edited_workbook(NATO_2024, tmp_path / "far.xlsx", far)
    assert _bounded(path).strip() == "rows 374"  # the same table as without the note
    plain = edited_workbook(NATO_2024, tmp_path / "plain.xlsx", lambda wb: None)  # openpyxl's re-save, no note
    assert _parse(path).table.to_csv() == _parse(plain).table.to_csv()


def _with_sheet3(tmp_path, name: str, write_body, lie_about_size: bool = False):
    """A copy of NATO's 2024 workbook whose TABLE3 part is written by ``write_body(fh, original)``."""
    target = tmp_path / name
    with zipfile.ZipFile(NATO_2024) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                with out.open(info.filename, "w") as fh:
                    write_body(fh, data)
            else:
                out.writestr(info, data)
    if lie_about_size:  # the central directory claims the part inflates to 1,000 bytes
        raw = bytearray(target.read_bytes())
        entry = raw.find(b"PK\x01\x02")
        while entry != -1:
            name_len = int.from_bytes(raw[entry + 28 : entry + 30], "little")
            if raw[entry + 46 : entry + 46 + name_len] == b"xl/worksheets/sheet3.xml":
                raw[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")
            entry = raw.find(b"PK\x01\x02", entry + 4)
        target.write_bytes(bytes(raw))
    return target


def _whitespace(fh, original: bytes, megabytes: int = 256):
    head, tail = original.split(b"<sheetData>", 1)
    fh.write(head + b"<sheetData>")
    block = b" " * 2**20
    for _ in range(megabytes):
        fh.write(block)
    fh.write(tail)


def test_a_zip_bomb_is_refused_from_the_directory(tmp_path):
    """256 MB of whitespace compressed to well under 1 MB: refused before any XML is parsed."""
    path = _with_sheet3(tmp_path, "bomb.xlsx", _whitespace)
    assert path.stat().st_size < 2**20
    out = _bounded(path)
    assert out.startswith("refused: bomb.xlsx: sheet 'TABLE3' (xl/worksheets/sheet3.xml): its parts would inflate")
    assert "a ZIP bomb" in out


def test_a_zip_bomb_with_a_lying_directory_is_refused(tmp_path):
    """The directory says 1,000 bytes; inflating stops at the limit or the checksum, never later."""
    path = _with_sheet3(tmp_path, "lying.xlsx", _whitespace, lie_about_size=True)
    out = _bounded(path)
    assert out.startswith("refused: lying.xlsx") and "xl/worksheets/sheet3.xml" in out
    assert "fails its checksum" in out or "inflate to more than" in out


def _many_cells(fh, original: bytes):
    head, tail = original.split(b"<sheetData>", 1)
    fh.write(head + b"<sheetData>")
    for r in range(1, 101):
        fh.write(f'<row r="{r}">'.encode() + b"<c/>" * 16_000 + b"</row>")
    fh.write(b"</sheetData>" + tail.split(b"</sheetData>", 1)[1])


def _wide_row(fh, original: bytes):
    head, tail = original.split(b"<sheetData>", 1)
    fh.write(head + b'<sheetData><row r="7">' + b"<c/>" * 20_000 + b"</row>")
    fh.write(b"</sheetData>" + tail.split(b"</sheetData>", 1)[1])


def _dtd(fh, original: bytes):
    declaration, rest = original.split(b"?>", 1)
    fh.write(declaration + b'?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + rest)


@pytest.mark.parametrize(
    "write, message",
    [
        (_many_cells, "more than 1,500,000 XML elements in the workbook"),
        (_wide_row, "row 7 has more than 16,384 cells"),
        (_dtd, "the part declares a DTD"),
    ],
)
def test_oversized_or_suspicious_xml_is_refused_naming_the_sheet(tmp_path, write, message):
    path = _with_sheet3(tmp_path, "odd.xlsx", write)
    out = _bounded(path)
    assert out.startswith("refused: odd.xlsx: sheet 'TABLE3' (xl/worksheets/sheet3.xml):") and message in out


def test_a_formula_is_refused_by_the_command_and_nothing_changes(cli, fresh_home, tmp_path):
    """Issue 13: one '=4.5' cell used to set Poland 2024 to null with exit 0."""
    from nato3.store.database import ensure_database
    from publishers import snapshot

    path = edited_workbook(NATO_2024, tmp_path / "formula.xlsx", _formula)
    ensure_database()
    before = snapshot(fresh_home)
    code, _, err = cli("data", "import", str(path), "--dry-run")
    assert code == 2 and err.count("\n") == 1
    assert "formula.xlsx, sheet 'TABLE3', cell N32: a formula without a computed value" in err
    assert snapshot(fresh_home) == before
