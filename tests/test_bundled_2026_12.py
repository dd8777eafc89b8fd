"""The data bundled on 2026-12-03 holds the figures NATO and SIPRI published (shared/data SOURCES.md
sections 2, 11, 12 and 13): the completed 2025 edition, its real change (a file with decimal
commas, kept unchanged), the 2026 core-defence edition and SIPRI's partial April 2026 release."""

from __future__ import annotations

import pytest

from nato3.errors import DataValidationError
from nato3.store.database import query
from nato3.store.resources import bundled_resources
from nato3.store.validate import read_validated

RESOURCES = {r.name: r for r in bundled_resources()}


def _value(table: str, column: str, iso3: str, year: int) -> float | None:
    df = query(f'SELECT "{column}" AS v FROM "{table}" WHERE iso3 = ? AND year = ?', [iso3, year])
    (value,) = df["v"]
    return None if value != value else value


def test_2025_edition_2025e_is_complete_but_germany():
    """SOURCES.md section 2: every ally but Germany, NATO Europe and Canada 2.27 %, NATO Total 2.76 %."""
    df = query("SELECT iso3, defence_share_real_gdp_pct AS v, source_ref FROM nato_share_gdp_ed2025 WHERE year = 2025")
    values = df.set_index("iso3")["v"]
    assert len(df) == 33 and values.drop("DEU").notna().all() and values.isna().sum() == 1
    assert (round(values["NATO_EUR_CAN"], 2), round(values["NATO_TOTAL"], 2)) == (2.27, 2.76)
    assert round(values["POL"], 2) == 4.48 and set(df["source_ref"]) == {"G"}


def test_no_row_of_the_2025_edition_is_a_press_report():
    d = RESOURCES["nato_share_gdp_ed2025"].descriptor
    refs = set(query("SELECT DISTINCT source_ref FROM nato_share_gdp_ed2025")["source_ref"])
    assert refs <= set(d["primary_source_refs"]) and "secondary_source_note" not in d


def test_real_change_with_decimal_commas_is_read_as_numbers():
    """The file writes '-2,736762182'; NATO Europe and Canada +18.6 % in 2024, +15.9 % in 2025e (section 11)."""
    resource = RESOURCES["nato_real_change_ed2025"]
    assert '"-2,736762182"' in resource.path.read_text(encoding="utf-8")  # kept as the source wrote it
    assert _value("nato_real_change_ed2025", "real_change_pct", "ALB", 2014) == -2.736762182
    assert round(_value("nato_real_change_ed2025", "real_change_pct", "NATO_EUR_CAN", 2024), 1) == 18.6
    assert round(_value("nato_real_change_ed2025", "real_change_pct", "NATO_EUR_CAN", 2025), 1) == 15.9
    assert _value("nato_real_change_ed2025", "real_change_pct", "DEU", 2025) is None


def test_a_decimal_point_in_a_decimal_comma_column_is_refused():
    resource = RESOURCES["nato_real_change_ed2025"]
    text = resource.path.read_text(encoding="utf-8").replace('"-2,736762182"', "-2.736762182", 1)
    with pytest.raises(DataValidationError, match=r"line 2, column 'real_change_pct'.*decimal separator ','"):
        read_validated(resource, {"ALB": "ally"}, text)


@pytest.mark.parametrize(
    "iso3, share_2025, share_2026",
    [
        ("NATO_TOTAL", 2.75, 2.86),
        ("NATO_EUR_CAN", 2.31, 2.53),
        ("USA", 3.17, 3.17),
        ("SVN", 1.57, 1.61),
        ("LTU", None, 5.33),
        ("EST", 3.93, 5.10),
        ("LVA", None, 4.92),
        ("POL", 4.25, 4.68),
        ("GRC", None, 3.65),
        ("DNK", None, 3.49),
    ],
)
def test_2026_edition_headline_figures(iso3, share_2025, share_2026):
    """NATO's 2026 edition as SOURCES.md section 12 quotes it (core defence, % of GDP)."""
    column = "core_defence_share_real_gdp_pct"
    if share_2025 is not None:
        assert _value("nato_core_defence_ed2026", column, iso3, 2025) == share_2025
    assert _value("nato_core_defence_ed2026", column, iso3, 2026) == share_2026


def test_2026_edition_covers_31_allies_and_both_aggregates():
    df = query("SELECT iso3, core_defence_share_real_gdp_pct AS v FROM nato_core_defence_ed2026 WHERE year = 2026")
    assert len(df) == 33 and df["v"].notna().all() and "ISL" not in set(df["iso3"])
    assert RESOURCES["nato_core_defence_ed2026"].descriptor["definition"] == "core"


def test_sipri_partial_release_is_context_only():
    """World US$2,887 bn and United States US$954 bn in 2025 (section 13); the SIPRI series itself
    still ends in 2024: the partial release fills no gap."""
    df = query("SELECT iso3, metric, value FROM sipri_milex_2025_release_partial WHERE year = 2025")
    world = df[(df.iso3 == "WLD") & (df.metric == "world_milex_current_usd_bn")]["value"]
    usa = df[(df.iso3 == "USA") & (df.metric == "milex_current_usd_bn")]["value"]
    assert list(world) == [2887] and list(usa) == [954.0]
    assert RESOURCES["sipri_milex_2025_release_partial"].kind != RESOURCES["sipri_milex"].kind
    assert query("SELECT max(year) AS y FROM sipri_milex")["y"][0] == 2024


LEDGER = [
    "us_personnel_dmdc",
    "force_posture_events",
    "nato_command_posts",
    "defence_production_capacity",
    "national_defence_plans",
    "nato30_context_facts",
]


@pytest.mark.parametrize("name", LEDGER)
def test_rows_of_the_2026_12_update_carry_their_source(name):
    """Every row added or corrected from updates_2026-12 has a source address and a quote; the
    descriptor records which rows they are."""
    resource = RESOURCES[name]
    update = resource.descriptor["update_2026_12"]
    df = query(f'SELECT * FROM "{name}"')
    import pandas as pd

    keys = [tuple("" if pd.isna(v) else str(v) for v in row) for row in df[update["key"]].astype(object).values]
    merged = {tuple(k) for k in update["added"] + update["corrected"]}
    rows = df[[k in merged for k in keys]]
    assert len(rows) == len(merged) > 0
    assert rows["source_url"].str.match(r"https?://").all() and rows["source_quote"].str.len().gt(0).all()


def test_fp045_is_corrected_to_executed_on_4_february_2026():
    """The Bundeswehr (official): the Multinational Battlegroup Lithuania was placed under
    Panzerbrigade 45 at Kaunas on 4 Feb 2026 (updates_2026-12/README.md section 2)."""
    row = query("SELECT * FROM force_posture_events WHERE event_id = 'FP045'").iloc[0]
    assert (row.date, row.status, row.source_kind) == ("2026-02-04", "executed", "official")
    assert "bundeswehr.de" in row.source_url and "4. Februar 2026" in row.source_quote
    assert RESOURCES["force_posture_events"].descriptor["update_2026_12"]["corrected"] == [["FP045"]]


def test_marcom_rank_corrected_and_the_chair_is_listed_but_not_a_command():
    from nato3.ledger import command_changes, command_posts

    posts = command_posts()
    marcom = posts[(posts.post == "Commander MARCOM") & (posts.status == "current")]
    assert list(marcom.holder_name) == ["VAdm. Robert Pedre (Royal Navy)"]
    assert "Chair of the NATO Military Committee" in set(posts.post)
    assert len(command_changes()) == 9 and "Chair of the NATO Military Committee" not in set(command_changes().post)


def test_every_dmdc_row_names_where_it_was_read():
    df = query("SELECT period_end, source_url FROM us_personnel_dmdc")
    assert df.source_url.str.contains("corbett-hobbs/congress-ideology").all()
    assert sorted(df.period_end.unique()) == ["2025-06", "2025-09", "2025-12", "2026-03"]
