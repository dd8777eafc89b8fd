"""Every bundled table carries its provenance, and the provenance matches the file."""

from __future__ import annotations

import csv

import pytest

from nato3.store.resources import bundled_resources, file_sha256

RESOURCES = bundled_resources()
REQUIRED = [
    "name",
    "title",
    "path",
    "producer",
    "edition",
    "published",
    "original",
    "intermediary",
    "licence",
    "accessed",
    "sha256",
    "rows",
    "fields",
]


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_descriptor_is_complete(resource):
    missing = [k for k in REQUIRED if k not in resource.descriptor]
    assert not missing, missing
    assert resource.descriptor["accessed"]["date"]
    for field in resource.fields:
        assert field.description, field.name
        if field.type == "number":
            assert field.unit, f"{resource.name}.{field.name} has no unit"


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
def test_hash_and_row_count_match_the_file(resource):
    assert file_sha256(resource.path) == resource.descriptor["sha256"]
    with open(resource.path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = sum(1 for _ in reader)
    assert rows == resource.descriptor["rows"]
    assert header == [f.name for f in resource.fields]


def test_row_counts_match_sources_md():
    """Row counts stated in the project's SOURCES.md for the shared data."""
    expected = {
        "nato_expenditure_ed2024": 374,
        "nato_share_gdp_ed2025": 396,
        "nato_real_change_ed2025": 396,
        "nato_core_defence_ed2026": 429,
        "sipri_milex_2025_release_partial": 165,
        "sipri_milex": 2432,
        "worldbank_population_gdp": 2080,
        # SOURCES.md sections 5-10, plus the rows of updates_2026-12 (its README's table; corrections replace rows)
        "us_personnel_dmdc": 60 + 68,
        "nato30_context_facts": 24 + 11 + 1,  # + F39, added by nato3 from a stored news report (its descriptor says so)
        "national_defence_plans": 70 + 8,
        "force_posture_events": 47 + 3,
        "nato_command_posts": 39 + 6 - 1,
        "defence_production_capacity": 33 + 4,
    }
    got = {r.name: r.descriptor["rows"] for r in RESOURCES if r.name in expected}
    assert got == expected


def test_all_32_allies_have_accession_dates():
    countries = next(r for r in RESOURCES if r.name == "countries")
    with open(countries.path, encoding="utf-8") as fh:
        allies = [r for r in csv.DictReader(fh) if r["kind"] == "ally"]
    assert len(allies) == 32
    assert all(r["accession_date"] and r["accession_source_url"] for r in allies)
    years = {r["iso3"]: int(r["accession_date"][:4]) for r in allies}
    assert (years["MNE"], years["MKD"], years["FIN"], years["SWE"]) == (2017, 2020, 2023, 2024)
