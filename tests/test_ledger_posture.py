"""US posture: DMDC personnel by host reproduce the table's own service sums, the rotational-forces
caveat travels with the numbers, and EUCOM/DoD totals stay separate reference points."""

from __future__ import annotations

import re

import pytest

from ledger_raw import europe, rows
from nato3.errors import Nato3Error
from nato3.ledger import europe_totals, posture_summary, us_personnel, us_timeline

DMDC = "us_military_personnel_in_allied_countries_dmdc.csv"
SERVICES = ["us_army", "us_navy", "us_marine_corps", "us_air_force", "us_space_force", "us_coast_guard"]


def test_service_columns_sum_to_dmdc_total_in_raw_file_and_output():
    raw = rows(DMDC)
    assert len(raw) == 128  # 60 bundled before, 68 added from updates_2026-12 (its README's count)
    for r in raw:
        assert sum(int(r[s]) for s in SERVICES) == int(r["us_active_duty_military_total"]), r["iso3"]
    df = us_personnel()
    assert (df["services_sum"] == df["us_active_duty_military_total"]).all()
    by_key = {(r["period_end"], r["iso3"]): int(r["us_active_duty_military_total"]) for r in raw}
    assert {(p, i): int(t) for p, i, t in df[["period_end", "iso3", "us_active_duty_military_total"]].values} == by_key


def test_european_total_matches_the_figure_quoted_in_the_facts_table():
    # F22's note, by the compiler of the facts table: "2026-03 DMDC file ... gives 68,671 for the 30 European allies"
    note = next(r for r in rows("nato30_context_facts.csv") if r["fact_id"] == "F22")["notes"]
    quoted = int(re.search(r"gives ([\d,]+) for the 30 European allies", note).group(1).replace(",", ""))
    totals = europe_totals().set_index("period_end")
    assert totals.loc["2026-03", "us_personnel"] == quoted == 68671
    assert totals.loc["2026-03", "complete"]
    expected_dec = sum(
        int(r["us_active_duty_military_total"])
        for r in rows(DMDC)
        if r["period_end"] == "2025-12" and r["iso3"] in europe()
    )
    assert totals.loc["2025-12", "us_personnel"] == expected_dec
    # updates_2026-12/README.md: 2025-06 67,203 -> 2025-09 67,633 -> 2025-12 67,928 (with gap-fill) -> 2026-03 68,671
    assert totals.loc["2025-12", "complete"] and totals.loc["2025-12", "hosts_missing"] == ""
    assert list(totals["us_personnel"]) == [67203, 67633, 67928, 68671] and totals["complete"].all()


def test_rotational_caveat_on_every_row_and_in_the_document():
    from nato3.documents import build

    df = posture_summary()
    assert set(df["period_end"]) == {"2026-03"}
    assert df["caveat"].str.contains("rotational forces are NOT included").all()
    assert not df["is_secondary"].any()
    doc = build("ledger_posture")
    assert doc.parameters == {"period": "2026-03"}
    assert "rotational forces are NOT included" in doc.caveats[0]
    assert "rotational forces excluded" in doc.title and "rotational forces excluded" in doc.tables["hosts"].title
    assert all("rotational" in r["caveat"] for r in doc.tables["hosts"].records())
    poland = df.set_index("iso3").loc["POL"]
    assert poland["us_active_duty_military_total"] == 382 and poland["previous_total"] == 369


def test_us_changes_beside_dmdc_come_from_counted_events():
    df = posture_summary().set_index("iso3")
    assert df.loc["POL", "us_change_executed"] == 3500 and df.loc["POL", "us_change_executed_events"] == "FP002"
    assert df.loc["ROU", "us_change_executed"] == -700  # FP044; FP009 and FP027 overlap and are not added
    assert df.loc["DEU", "us_change_announced"] == 500 - 5000  # FP007 + FP046; FP005 was cancelled
    assert df.loc["GRL", "host_region"] == "north_america"


def test_timeline_keeps_levels_and_references_apart():
    tl = us_timeline()
    refs = tl[tl["series"].str.startswith("EUCOM")]
    assert sorted(refs["source"].str[:3]) == ["F22", "F23", "F24"]
    assert set(refs["us_personnel"]) == {84000.0, 100000.0, 78000.0}
    assert refs["is_secondary"].all() and (refs["value_kind"] == "level").all()
    dmdc = tl[tl["series"].str.startswith("DMDC")]
    assert list(dmdc["us_personnel"]) == [67203.0, 67633.0, 67928.0, 68671.0] and not dmdc["is_secondary"].any()
    assert dmdc["note"].str.contains("rotational").all()
    changes = tl[tl["value_kind"] == "change"]
    assert set(changes["us_personnel"]) == {600, 3500, 0, 500, 20000, -700, -5000, 5000}  # FP049: +5,000 Poland


def test_unknown_period_is_a_clear_error():
    with pytest.raises(
        Nato3Error, match="no DMDC report for period '2024-01'; available: 2025-06, 2025-09, 2025-12, 2026-03"
    ) as err:
        us_personnel("2024-01")
    assert err.value.parameter == "period"
