"""The document layer: one shape for every analysis, renderers that fit the terminal, CSV that is
safe in a spreadsheet, an API model made from the documents, and caches that follow the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import nato3
from nato3.documents.model import Column, Document, EditionUse, Source, Table

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _print(doc: Document, width: int, terminal: bool, wide: bool = False) -> str:
    import io

    from rich.console import Console

    from nato3.render.terminal import print_document

    buffer = io.StringIO()
    out = Console(file=buffer, width=width, force_terminal=terminal, highlight=False, soft_wrap=False)
    print_document(doc, out, wide=wide)
    return ANSI.sub("", buffer.getvalue())


def _table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "┏┃┡│├└"]


@pytest.fixture(scope="module")
def status_2024():
    return nato3.status(2024, "2024")


def test_response_model_has_exactly_the_documents_fields(status_2024):
    from nato3.web.schemas_document import ColumnInfo, DocumentResponse

    assert set(DocumentResponse.model_fields) == set(status_2024.to_dict())
    for column in status_2024.main.columns:
        assert set(column.to_dict()) <= set(ColumnInfo.model_fields)
    DocumentResponse.model_validate(status_2024.to_dict())  # the API's schema accepts the document


def test_terminal_fits_80_columns_without_cutting_names(status_2024):
    text = _print(status_2024, 80, terminal=True)
    assert all(len(line) <= 80 for line in _table_lines(text)), max(map(len, _table_lines(text)))
    for name in ("North Macedonia", "Netherlands", "NATO Europe and Canada", "Slovak Republic"):
        assert name in text
    assert "Left out to fit the terminal:" in text and "--wide" in text
    assert "4.12 e" in text  # Poland 2024e, NATO's 2024 edition


def test_wide_and_piped_output_show_every_column(status_2024):
    labels = [c.label for c in status_2024.main.columns if c.display]
    for text in (_print(status_2024, 80, terminal=True, wide=True), _print(status_2024, 80, terminal=False)):
        assert "Left out" not in text
        assert all(label in text for label in labels if label != "5 % total")  # 5 %: all unknown, no column
    piped = _print(status_2024, 80, terminal=False)
    assert "\x1b" not in piped and "┃" not in piped  # plain: no colours, a light frame
    poland = next(line for line in piped.splitlines() if "Poland" in line)
    assert "4.12 e" in poland and "26,839 e" in poland  # one line per row: numbers never split


def test_years_print_as_years():
    from nato3.render.cells import text

    assert text(2025, Column("year", "Year", kind="year")) == "2025"
    assert text(1234567.891, Column("x", "X", digits=0)) == "1,234,568"
    assert text(None, Column("x", "X")) == "–"
    assert text(None, Column("m", "M", kind="verdict")) == "–" and text(True, Column("m", "M", kind="verdict")) == "✔"


def _tiny(value: str) -> Document:
    frame = pd.DataFrame({"name": [value], "share": [-1.5]})
    table = Table("t", "T", [Column("name", "Name", kind="text"), Column("share", "Share")], frame)
    return Document("tiny", "Tiny", {}, {"t": table}, sources=[Source("x", "X", "P")])


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x","y")', "+A1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_formulas_but_not_numbers(value):
    import csv
    import io

    from nato3.render.csvout import to_csv

    row = next(csv.DictReader(io.StringIO(to_csv(_tiny(value)))))
    assert row["name"] == "'" + value and row["share"] == "-1.5"


def test_edition_use_describes_itself():
    e = EditionUse("2026", definition="core", published="2026-07-07", price_base_year=2021, why="x")
    assert e.describe() == "NATO edition 2026 (published 2026-07-07, core defence expenditure, 2021 prices)"


def test_an_import_in_the_same_process_reaches_every_analysis(fresh_home, tmp_path):
    """After `data import`, status and projections both start from the imported figures (one cache registry)."""
    from nato3.imports import importer
    from nato3.projection import project
    from nato3.projection.builtin import read_scenario
    from nato3.projection.resolve import resolve
    from publishers import NATO_2024, POLAND_2024_CELL, edited_workbook

    def poland_2024_start() -> float:
        scenario, path = read_scenario("current-trend")
        resolved = resolve(scenario.model_copy(update={"edition": "2024"}), path)
        summary = project(resolved, draws=0).summary.set_index("iso3")
        return float(summary.loc["POL", "base_share_pct"])

    before = nato3.status(2024, "2024")["allies"].set_index("iso3").loc["POL", "defence_share_gdp_pct"]
    assert round(before, 2) == 4.12 and round(poland_2024_start(), 2) == 4.12
    sheet, cell = POLAND_2024_CELL
    edited = edited_workbook(NATO_2024, tmp_path / "edited.xlsx", lambda wb: wb[sheet].__setitem__(cell, 4.5))
    importer.run(importer.prepare(edited, as_="nato", edition="2024"))
    after = nato3.status(2024, "2024")["allies"].set_index("iso3").loc["POL", "defence_share_gdp_pct"]
    assert after == 4.5 and poland_2024_start() == 4.5
