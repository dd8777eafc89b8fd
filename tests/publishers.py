"""Shared helpers for the import tests: the publishers' files and ways to damage or alter them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "publishers"
NATO_2024 = FIXTURES / "240617-def-exp-2024-TABLES-en.xlsx"
SIPRI_2025 = FIXTURES / "SIPRI-Milex-data-1949-2024_2.xlsx"
NATO_2023_CSV = FIXTURES / "230707-def-exp-2023-TABLES-en.csv"
SHA256 = {
    NATO_2024.name: "94f4de63de124dd323cb6729ddf66b66a3e024b9984d21abc6cb5624773b375e",
    SIPRI_2025.name: "8a31c2794c8070230b3b9ef26a3249663f6317a8bc86ba3ec3099c791cdb692f",
    NATO_2023_CSV.name: "4e63119f6de28c0707bc429d74c3bd820c9d6776908a6e0df2eb200649b70a27",
}
POLAND_2024_CELL = ("TABLE3", "N32")  # Table 3, share of real GDP, Poland, 2024e


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def edited_workbook(source: Path, target: Path, edit) -> Path:
    """Copy ``source`` to ``target`` after ``edit(wb)`` changed it (openpyxl keeps values and fonts)."""
    import openpyxl

    wb = openpyxl.load_workbook(source)
    edit(wb)
    wb.save(target)
    return target


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file under ``home`` (database and imports) with its bytes: compare before/after."""
    return {
        str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and p.name != ".lock"
    }


def patched_cells(source: Path, target: Path, part: str, values: dict[str, float]) -> Path:
    """Copy the workbook with the cached values of some cells of one sheet part replaced in its XML,
    leaving every other byte of that part (and every other part) unchanged."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                xml = data.decode("utf-8")
                for ref, value in values.items():
                    xml, n = re.subn(rf'(<c r="{ref}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{value!r}\g<2>", xml)
                    assert n == 1, ref
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return target
