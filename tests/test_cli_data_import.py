"""`nato3 data import`: the diff, the dry run, the commit, the provenance kept, editions replaced
or added, and the generations on disk."""

from __future__ import annotations

import json

import pytest

import nato3
from documents import rows
from nato3 import paths
from nato3.standing import editions
from nato3.store.database import ensure_database, query
from publishers import NATO_2024, SHA256, SIPRI_2025, patched_cells, snapshot

POLAND = 4.120190989357147  # NATO 2024 edition, Table 3, Poland 2024e


def _poland_edited(tmp_path, value=4.5, name="revised.xlsx"):
    """The 2024 workbook with only Poland's 2024e share of GDP (TABLE3!N32) changed."""
    return patched_cells(NATO_2024, tmp_path / name, "xl/worksheets/sheet3.xml", {"N32": value})


def _import_json(cli, *args):
    code, out, err = cli("data", "import", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_dry_run_shows_the_diff_and_changes_nothing(cli, fresh_home, tmp_path):
    ensure_database()
    before = snapshot(fresh_home)
    code, out, _ = cli("data", "import", str(_poland_edited(tmp_path)), "--dry-run")
    assert code == 0
    assert "replaces nato_expenditure_ed2024" in out
    assert "new rows 0 · removed rows 0 · changed values" in out
    assert "Largest revisions of defence_share_real_gdp_pct" in out and "POL" in out and "4.500" in out
    assert "Dry run: nothing was changed." in out
    assert snapshot(fresh_home) == before


def test_same_workbook_imports_with_an_empty_diff(cli, fresh_home):
    result = _import_json(cli, str(NATO_2024))
    (dataset,) = result["datasets"]
    assert result["committed"] and result["kind"] == "nato" and result["sha256"] == SHA256[NATO_2024.name]
    diff = dataset["diff"]
    assert diff["compared_with"] == "nato_expenditure_ed2024" and diff["same_edition"]
    assert (diff["changed_values"], diff["new_rows"], diff["removed_rows"], diff["unchanged_rows"]) == (0, [], [], 374)
    # the 2024 edition now comes from the import, with identical figures
    assert [e.label for e in editions.editions()] == ["2026", "2025", "2024"]
    assert editions.get_edition("2024").dataset == "nato_expenditure_ed2024_imported"
    pol = nato3.status(2024, "2024")["allies"].set_index("iso3").loc["POL"]
    assert pol.defence_share_gdp_pct == POLAND


def test_import_keeps_provenance(cli, fresh_home):
    _import_json(cli, str(SIPRI_2025))
    shown = json.loads(cli("sources", "--table", "sipri_milex_ed2025_imported", "--format", "json")[1])
    details = {r["key"]: r["value"] for r in rows(shown, "details")}  # the sources document, in detail
    assert details["imported.source_sha256"] == SHA256[SIPRI_2025.name]
    stored = query("SELECT descriptor FROM _resources WHERE name = 'sipri_milex_ed2025_imported'")["descriptor"][0]
    descriptor = json.loads(stored)
    imported = descriptor["imported"]
    assert imported["source_file"] == SIPRI_2025.name
    assert imported["source_sha256"] == SHA256[SIPRI_2025.name]
    assert imported["detected"]["price_base_year"] == 2023 and imported["detected"]["edition"] == "2025"
    assert imported["at"] and imported["by"].startswith("nato3 ")
    assert descriptor["original"]["file"] == SIPRI_2025.name and descriptor["published"] == "2025-04-24"
    # same schema as the bundled table it parallels
    bundled = query("SELECT descriptor FROM _resources WHERE name = 'sipri_milex'")["descriptor"][0]
    assert [f["name"] for f in json.loads(bundled)["fields"]] == [f["name"] for f in descriptor["fields"]]


def test_revised_workbook_replaces_the_edition(cli, fresh_home, tmp_path):
    result = _import_json(cli, str(_poland_edited(tmp_path)))
    diff = result["datasets"][0]["diff"]
    assert diff["changed_values"] == 1 and diff["changes_by_column"] == {"defence_share_real_gdp_pct": 1}
    (largest,) = diff["largest_revisions"]
    assert (largest["iso3"], largest["year"], largest["old"], largest["new"]) == ("POL", 2024, POLAND, 4.5)
    assert nato3.status(2024, "2024")["allies"].set_index("iso3").loc["POL"].defence_share_gdp_pct == 4.5


def test_new_label_adds_an_edition(cli, fresh_home, tmp_path):
    result = _import_json(cli, str(_poland_edited(tmp_path)), "--edition", "2024-rev")
    diff = result["datasets"][0]["diff"]
    assert not diff["same_edition"] and diff["compared_edition"] == "2025"
    labels = [e.label for e in editions.editions()]
    assert set(labels) == {"2026", "2025", "2024-rev", "2024"}
    assert nato3.status(2024, "2024")["allies"].set_index("iso3").loc["POL"].defence_share_gdp_pct == POLAND
    assert nato3.status(2024, "2024-rev")["allies"].set_index("iso3").loc["POL"].defence_share_gdp_pct == 4.5


def test_reimport_replaces_the_import_and_old_generations_go(cli, fresh_home, tmp_path):
    _import_json(cli, str(NATO_2024))
    _import_json(cli, str(SIPRI_2025))
    result = _import_json(cli, str(_poland_edited(tmp_path, 4.4, "second.xlsx")))
    assert result["datasets"][0]["diff"]["compared_with"] == "nato_expenditure_ed2024_imported"
    imports = paths.imports_dir()
    current, previous = (imports / "CURRENT").read_text().split()
    assert sorted(p.name for p in imports.glob("gen-*")) == sorted([current, previous])
    names = sorted(p.name for p in (imports / current).iterdir())
    assert names == sorted(
        f"{n}{suffix}"
        for n in (
            "nato_expenditure_ed2024_imported",
            "sipri_milex_ed2025_imported",
            "sipri_country_notes_ed2025_imported",
        )
        for suffix in (".csv", ".resource.json")
    )
    assert not list(imports.glob(".staging-*"))
    assert nato3.status(2024, "2024")["allies"].set_index("iso3").loc["POL"].defence_share_gdp_pct == 4.4


def test_a_running_import_holds_the_lock(cli, fresh_home):
    import fcntl

    imports = paths.imports_dir()
    imports.mkdir(parents=True)
    with open(imports / ".lock", "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        code, _, err = cli("data", "import", str(NATO_2024))
    assert code == 3 and "another nato3 import is running" in err  # retryable: exit 3, not bad input (2)


def test_a_failed_validation_build_changes_nothing(fresh_home, monkeypatch):
    """The database build of the staged data fails half way: imports and database stay as they were."""
    from nato3.imports import commit, importer

    ensure_database()
    before = snapshot(fresh_home)
    prepared = importer.prepare(NATO_2024)

    def crash(target, resources, on_table=None):
        target.write_bytes(b"half a database")
        raise KeyboardInterrupt

    monkeypatch.setattr(commit, "build_database", crash)
    with pytest.raises(KeyboardInterrupt):
        importer.run(prepared)
    assert snapshot(fresh_home) == before


def test_hand_made_imports_folder_is_carried_into_the_first_generation(cli, fresh_home, tmp_path):
    """Descriptors placed directly in imports/ (before generations existed) keep loading."""
    from nato3.imports import importer

    prepared = importer.prepare(SIPRI_2025)
    imports = paths.imports_dir()
    imports.mkdir(parents=True)
    for d in prepared.datasets:
        (imports / d.csv_name).write_bytes(d.csv_bytes())
        (imports / d.descriptor_name).write_bytes(d.descriptor_bytes())
    assert "sipri_milex_ed2025_imported" in nato3.tables()
    _import_json(cli, str(NATO_2024))
    assert {"sipri_milex_ed2025_imported", "nato_expenditure_ed2024_imported"} <= set(nato3.tables())
    assert not list(imports.glob("*.resource.json"))


def test_a_current_file_naming_a_missing_generation_is_a_clear_error(fresh_home):
    from nato3.errors import DataValidationError
    from nato3.store.resources import imported_resources

    imports = paths.imports_dir()
    imports.mkdir(parents=True)
    (imports / "CURRENT").write_text("gen-gone\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="CURRENT, line 1: names the import generation 'gen-gone'"):
        imported_resources()
