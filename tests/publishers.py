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
