"""`nato3 data list|show|export` and `nato3 sources`, with the round-trip property."""

from __future__ import annotations

import csv
import json
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import rows
from nato3.csvsafe import neutralise
from nato3.store.resources import bundled_resources
from nato3.store.validate import parse_cell

RESOURCES = {r.name: r for r in bundled_resources()}


def test_list_shows_every_bundled_table(cli_json):
    listed = {r["table"]: r for r in rows(cli_json("data", "list"))}
    assert set(listed) == set(RESOURCES) | {"nato_series", "sipri_series", "country_groups"}
    assert listed["nato_expenditure_ed2024"]["rows"] == 374  # SOURCES.md section 1
    assert listed["sipri_milex"]["rows"] == 2432  # SOURCES.md section 3
    assert listed["nato_series"]["view"] and listed["nato_series"]["edition"] == "2026, 2025, 2024"
    assert list(listed) == sorted(listed)  # by name


def test_show_filters_country_and_years(cli_json):
    args = ("nato_expenditure_ed2024", "--country", "pol", "--from", "2020", "--to", "2022")
    shown = rows(cli_json("data", "show", *args))
    assert [r["year"] for r in shown] == [2020, 2021, 2022]
    assert {r["iso3"] for r in shown} == {"POL"}
    assert round(shown[-1]["defence_share_real_gdp_pct"], 2) == 2.23  # NATO's 2024 edition, Table 3


def test_show_table_notes_rows_and_source(cli):
    code, out, _ = cli("data", "show", "sipri_milex", "--country", "USA", "--limit", "5")
    assert code == 0
    assert "5 of 76 rows" in out and "Stockholm International Peace Research Institute" in out


def _expected(resource, path=None):
    """The bundled CSV parsed by its own schema: what any export must give back (an export writes
    decimal points, also for a bundled file with decimal commas)."""
    from dataclasses import replace

    fields = resource.fields if path is None else [replace(f, decimal_char=".") for f in resource.fields]
    with open(path or resource.path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{f.name: parse_cell(r[f.name], f) for f in fields} for r in rows]


def _same(a, b, rel=0.0):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NA
    if rel and isinstance(a, float):
        return math.isclose(a, b, rel_tol=rel)
    return a == b


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(RESOURCES)), fmt=st.sampled_from(["csv", "parquet", "xlsx"]))
def test_export_round_trips_every_value(cli, tmp_path_factory, name, fmt):
    resource = RESOURCES[name]
    out = tmp_path_factory.mktemp("export") / f"{name}.{fmt}"
    code, _, err = cli("data", "export", name, "--format", fmt, "-o", str(out))
    assert code == 0, err
    if fmt == "csv":
        got = _expected(resource, out)
    else:
        frame = pd.read_parquet(out) if fmt == "parquet" else pd.read_excel(out, dtype=object)
        got = [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]
    want = _expected(resource)
    assert len(got) == len(want) == resource.descriptor["rows"]
    for g, w in zip(got, want, strict=True):
        for key, value in w.items():
            expected = neutralise(value) if fmt in ("csv", "xlsx") else value  # formula-like text gets a leading '
            actual = g[key]
            if fmt == "xlsx" and isinstance(expected, int) and actual is not None:
                actual = int(actual)
            # xlsx keeps 16 significant digits (openpyxl writes %.16g); csv and parquet are exact
            assert _same(expected, actual, rel=1e-15 if fmt == "xlsx" else 0.0), (name, key, expected, actual)


def test_sources_json_carries_provenance(cli_json):
    listed = {r["table"]: r for r in rows(cli_json("sources"))}
    ed24 = listed["nato_expenditure_ed2024"]
    assert ed24["producer"] == "NATO Public Diplomacy Division"
    assert "jacobvoss/geopolitical-dashboard" in ed24["intermediary"]
    assert len(ed24["sha256"]) == 64 and ed24["accessed"]
    # The definition of each NATO edition: total up to the 2025 edition, core from the 2026 edition.
    assert (ed24["definition"], listed["nato_core_defence_ed2026"]["definition"]) == ("total", "core")
    assert listed["nato_core_defence_ed2026"]["cutoff"] == "2026-07-03"  # SOURCES.md section 12
    assert listed["sipri_milex"]["definition"] is None


def test_sources_for_one_table_is_its_descriptor(cli):
    code, out, _ = cli("sources", "--table", "sipri_milex", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    details = {r["key"]: r["value"] for r in rows(doc, "details")}
    assert details["original.file"] == "SIPRI-Milex-data-1949-2024_2.xlsx"
    assert {r["column"] for r in rows(doc, "columns")} >= {"iso3", "year", "milex_share_gdp_pct"}
    code, out, _ = cli("sources", "--table", "nato_series", "--format", "json")
    assert {r["table"] for r in rows(json.loads(out))} == {
        "nato_expenditure_ed2024",
        "nato_share_gdp_ed2025",
        "nato_real_change_ed2025",
        "nato_core_defence_ed2026",
    }


def test_sources_describe_the_core_defence_break(cli):
    """Issue 12: `nato3 sources` says the 2026 edition is on the core definition and never spliced."""
    code, out, _ = cli("sources")
    assert code == 0
    text = " ".join(out.split())
    assert "2026 edition is the first on the Hague core-defence definition" in text
    assert "restates 2014–2024 on it" in text and "never spliced" in text and "‡" in text


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_sources_other_formats(cli, fmt):
    code, out, _ = cli("sources", "--format", fmt)
    assert code == 0 and "sipri_milex" in out


def test_the_two_formula_like_notes_export_neutralised(cli, tmp_path):
    """force_posture_events has two notes that start like formulas (+2 ships, -700 = …): a
    spreadsheet opening the CSV must show them as text."""
    out = tmp_path / "events.csv"
    code, _, err = cli("data", "export", "force_posture_events", "--format", "csv", "-o", str(out))
    assert code == 0, err
    cells = [c for row in csv.reader(out.open(encoding="utf-8")) for c in row]
    assert "'+2 ships; personnel not given" in cells
    assert any(c.startswith("'-700 = about 700 airborne troops") for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not _number(c))]


def _number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("data", "show", "nato_series", "--from", "99999999999999999999"),
            "Error (--from): from_year 99999999999999999999 is outside the years of nato_series; allowed: 2014–2026",
        ),
        (
            ("data", "show", "sipri_milex", "--to", "1900"),
            "Error (--to): to_year 1900 is outside the years of sipri_milex; allowed: 1949–2024",
        ),
        (
            ("data", "export", "nato_series", "-f", "csv", "-o", "never-written.csv", "--from", "3000"),
            "Error (--from): from_year 3000 is outside the years of nato_series; allowed: 2014–2026",
        ),
        (
            ("data", "revisions", "--year", "3000"),
            "Error (--year): year 3000 is outside the years NATO revised between editions; allowed: 2014–2025",
        ),
        (
            ("data", "reconcile", "--year", "1700"),
            "Error (--year): year 1700 is outside the years both NATO and SIPRI publish; allowed: 2014–2024",
        ),
        (
            ("data", "show", "nato_series", "--from", "2020", "--to", "2010"),
            "Error (--from): from_year 2020 is after to_year 2010; allowed: from_year <= to_year",
        ),
        (
            ("data", "show", "no_such_table"),
            "Error (NAME): unknown table 'no_such_table'; available: countries, defence_production_capacity, "
            "force_posture_events, groups, monte_carlo_fitted, national_defence_plans, nato30_context_facts, "
            "nato_command_posts, nato_core_defence_ed2026, nato_expenditure_ed2024, nato_real_change_ed2025, "
            "nato_share_gdp_ed2023_extract, nato_share_gdp_ed2025, pledges, publisher_country_names, "
            "sipri_country_notes, sipri_milex, sipri_milex_2025_release_partial, us_personnel_dmdc, "
            "worldbank_population_gdp, country_groups, nato_series, sipri_series",
        ),
    ],
)
def test_years_outside_the_data_are_one_line_and_exit_2(cli, args, line):
    """They printed an empty table with exit code 0; the README promises 2. The library names the
    parameter (from_year, year), the CLI the flag that sets it; the years allowed are the data's
    (NATO's 2026 edition runs to 2026; the newest pair of editions compares 2025)."""
    code, out, err = cli(*args)
    assert (code, out, err) == (2, "", line + "\n")
