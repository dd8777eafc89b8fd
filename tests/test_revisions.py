"""Revisions between NATO editions: Poland 2024 is 4.12 in the 2024 edition and 3.79 in the 2025
edition (SOURCES.md); estimates become outturns; money in another price base is not compared; and
Poland 2025e 4.48 % (2025 edition, total) → 4.25 % (2026 edition, core) is a change of definition."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from documents import marked, rows
from nato3.errors import Nato3Error
from nato3.standing.revisions import revisions
from nato3.store.resources import bundled_resources
from publishers import FIXTURES, NATO_2023_CSV, NATO_2024, SHA256, sha256

TOOLS = FIXTURES.parents[2] / "tools"


def test_poland_2024_from_the_2024_to_the_2025_edition():
    row = revisions(iso3="POL", year=2024).to_dict("records")[0]
    assert (row["edition_from"], round(row["value_from"], 2)) == ("2024", 4.12)
    assert (row["edition_to"], round(row["value_to"], 2)) == ("2025", 3.79)
    assert round(row["change"], 2) == -0.33 and row["revised"]
    assert row["status"] == "estimate → estimate"  # 2024e in both editions
    assert (row["price_base_from"], row["price_base_to"]) == (2015, 2021)
    assert "price base 2015 → 2021" in row["note"] and row["comparable"]
    assert (row["definition_from"], row["definition_to"], row["definition_change"]) == ("total", "total", False)


def test_poland_2025_is_a_change_of_definition():
    """SOURCES.md section 12: Poland 2025e is 4.48 in the 2025 edition (total defence expenditure)
    and 4.25 in the 2026 edition (core): shown as a new definition, with no change computed."""
    (row,) = revisions(iso3="POL", year=2025).to_dict("records")
    assert (row["edition_from"], round(row["value_from"], 2), row["edition_to"], row["value_to"]) == (
        "2025",
        4.48,
        "2026",
        4.25,
    )
    assert row["definition_change"] and (row["definition_from"], row["definition_to"]) == ("total", "core")
    assert row["change"] is None and not row["comparable"] and row["revised"]
    assert row["note"].startswith("definition changed (total → core defence expenditure)")


def test_2023_estimates_through_three_editions():
    """Poland 2023: 3.90 as the 2023 edition's estimate, 3.26 as the 2024 edition's, 3.27 outturn in 2025,
    then restated on the core definition in 2026."""
    rows = revisions(iso3="POL", year=2023).to_dict("records")
    assert [(r["edition_from"], r["edition_to"], r["status"], r["definition_change"]) for r in rows] == [
        ("2023", "2024", "estimate → estimate", False),
        ("2024", "2025", "estimate → outturn", False),
        ("2025", "2026", "outturn → outturn", True),
    ]
    assert [round(r["value_from"], 2) for r in rows] == [3.90, 3.26, 3.27]


def test_rounding_is_not_a_revision():
    """The 2023 extract has 10 significant digits: the UK's 2014 equipment share is the same number."""
    row = revisions("equipment_share_pct", iso3="GBR", year=2014).to_dict("records")[0]
    assert row["edition_from"] == "2023" and not row["revised"] and abs(row["change"]) < 1e-8


def test_every_revision_pairs_consecutive_editions():
    df = revisions()
    order = {e["edition"]: i for i, e in enumerate(df.attrs["editions"])}
    assert [e["edition"] for e in df.attrs["editions"]] == ["2023", "2024", "2025", "2026"]
    assert [e["definition"] for e in df.attrs["editions"]] == ["total", "total", "total", "core"]
    assert (df["edition_from"].map(order) < df["edition_to"].map(order)).all()
    # every ally-year in both the 2024 and 2025 editions is compared: 31 allies x 11 years
    assert len(df[(df.edition_from == "2024") & (df.edition_to == "2025")]) == 341
    # 2025 → 2026: 31 allies x 11 years, + 2025e for the 30 allies the 2025 edition has; all a new definition
    new_definition = df[(df.edition_from == "2025") & (df.edition_to == "2026")]
    assert len(new_definition) == 341 + 30
    assert new_definition.definition_change.all() and new_definition.change.isna().all()
    assert not df[df.edition_to != "2026"].definition_change.any()
    assert len(df[df.edition_from == "2023"]) == 30 + 9  # 2023e for 30 allies, UK also 2014-2022


def test_constant_prices_in_another_base_are_not_compared(fresh_home, tmp_path):
    """A 2021-prices edition's money in constant prices is not comparable with the 2015-prices one."""
    from nato3.imports import importer
    from publishers import edited_workbook

    def rebase(wb):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and "2015 prices" in cell.value:
                        cell.value = cell.value.replace("2015 prices", "2021 prices")

    rebased = edited_workbook(NATO_2024, tmp_path / "250901-def-exp-rebased.xlsx", rebase)  # published 2025-09-01
    importer.run(importer.prepare(rebased, edition="2024-r21"))
    (row,) = revisions("defence_exp_musd_const", iso3="POL", year=2020).to_dict("records")
    assert (row["price_base_from"], row["price_base_to"]) == (2015, 2021)
    assert not row["comparable"] and row["change"] is None
    assert row["note"] == "not comparable: 2015 prices vs 2021 prices"
    (current,) = revisions("defence_exp_musd_current", iso3="POL", year=2020).to_dict("records")
    assert current["comparable"] and "current prices" in current["note"]


def test_unknown_figure_is_a_clear_error():
    with pytest.raises(Nato3Error, match="unknown figure 'gdp'; allowed: defence_share_gdp_pct"):
        revisions("gdp")


def _line(out: str, *words: str) -> list[str]:
    """The words of the first printed row holding every one of ``words``."""
    return next(line.split() for line in out.splitlines() if all(w in line.split() for w in words))


def test_cli_shows_the_poland_example(cli):
    code, out, _ = cli("data", "revisions", "--country", "pol", "--year", "2024")
    assert code == 0
    row = _line(out, "Poland", "2024", "4.12")
    assert " ".join(row).count("4.12 e") == 1 and "3.79 e" in " ".join(row) and "-0.33" in row
    assert "Edition: NATO edition 2025 (published 2025-08-28, total defence expenditure, 2021 prices)" in out


def test_cli_names_the_definition_break(cli):
    code, out, _ = cli("data", "revisions", "--country", "POL", "--year", "2025")
    assert code == 0
    row = " ".join(_line(out, "Poland", "2025", "2026"))
    assert "4.48 e ‡" in row and "4.25 e" in row and "definition changed" in row
    text = " ".join(out.split())
    assert "Edition: NATO edition 2026 (published 2026-07-07, core defence expenditure, 2021 prices)" in text
    assert "‡ Edition 2026 measures core defence expenditure where edition 2025 measured total" in text
    assert "(e.g. Poland 2025e: 4.48 (total, edition 2025) → 4.25 (core, edition 2026))" in text


def test_the_document_marks_the_break_and_summarises_each_pair():
    from nato3.documents import build

    doc = build("revisions", year=2024).to_dict()
    poland = [r for r in rows(doc) if r["iso3"] == "POL"]
    assert [(r["edition_from"], r["edition_to"]) for r in poland] == [("2024", "2025"), ("2025", "2026")]
    assert marked(poland[1], "value_from", "pre_core") and not marked(poland[0], "value_from", "pre_core")
    assert marked(poland[0], "value_from", "estimate") and poland[1]["change"] is None
    pairs = rows(doc, "pairs")
    assert [(p["edition_from"], p["edition_to"], p["definition_change"]) for p in pairs] == [
        ("2025", "2026", True),
        ("2024", "2025", False),
    ]
    assert pairs[1]["compared"] == 31 and pairs[0]["median_abs_change"] is None
    # The largest revisions first: Poland's -0.33 among them (NATO's 4.12 → 3.79).
    largest = rows(build("revisions", year=2024, edition="2025", order="change", limit=5).to_dict())
    assert len(largest) == 5 and "POL" in {r["iso3"] for r in largest}
    assert [abs(r["change"]) for r in largest] == sorted((abs(r["change"]) for r in largest), reverse=True)


def test_cli_json_and_revised_only(cli_json):
    result = cli_json("data", "revisions", "--figure", "equipment_share_pct", "--revised-only")
    assert result["parameters"]["figure"] == "equipment_share_pct" and result["parameters"]["revised_only"]
    assert rows(result) and all(r["revised"] for r in rows(result))
    names = [r["country"] for r in rows(result)]
    assert names == sorted(names)  # by name, never by code


def test_the_2023_extract_is_derived_from_the_stored_file():
    """tools/derive_nato_2023_extract.py, run on the fixture, gives the bundled file exactly."""
    assert sha256(NATO_2023_CSV) == SHA256[NATO_2023_CSV.name]
    extract = next(r for r in bundled_resources() if r.name == "nato_share_gdp_ed2023_extract")
    run = subprocess.run([sys.executable, str(TOOLS / "derive_nato_2023_extract.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == extract.path.read_text(encoding="utf-8")
    assert json.loads(extract.descriptor_path.read_text(encoding="utf-8"))["kind"] == "nato_edition_extract"
