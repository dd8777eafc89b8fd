"""The force-posture ledger: level rows are never summed, overlapping rows are never double-counted,
and the ledger's totals reproduce the event rows."""

from __future__ import annotations

import re

import pytest

from ledger_raw import europe as european_allies
from ledger_raw import rows
from nato3.errors import Nato3Error
from nato3.ledger import events, ledger

EVENTS = "force_posture_events.csv"
# The descriptor's caveats: the eight eFP rows of 2022-06-28, the Panzerbrigade 45 rows and Canada 2025.
LEVELS = {f"FP0{n}" for n in range(18, 26)} | {"FP040", "FP041", "FP043", "FP045"}
# Rows another row already counts: the UK battlegroup in the 2017 four (FP004), the cancelled 2020
# withdrawal (FP006), the Romania rows of 2022 and the February-April 2022 US deployments (FP029).
NOT_ADDED = {
    "FP003": "FP004",
    "FP005": "FP006",
    "FP008": "FP029",
    "FP009": "FP029",
    "FP010": "FP029",
    "FP012": "FP017",
    "FP016": "FP029",
    "FP027": "FP029",
}


def _counting(value: str) -> dict[str, dict[str, str]]:
    return {r["event_id"]: r for r in rows(EVENTS) if r["counting"] == value}


def test_the_tables_counting_decisions_are_the_descriptors():
    assert set(_counting("level")) == LEVELS
    assert {k: r["counted_in"] for k, r in _counting("not_added").items()} == NOT_ADDED
    assert {k: r["counted_in"] for k, r in _counting("may_overlap_us").items()} == {"FP014": "FP029", "FP017": "FP029"}
    assert all(
        r["counting_note"] for value in ("level", "not_added", "may_overlap_us") for r in _counting(value).values()
    )


def test_level_rows_are_the_ones_the_descriptor_names_and_are_never_counted():
    df = events().set_index("event_id")
    assert (df.loc[sorted(LEVELS), "row_type"] == "level").all()
    assert not df.loc[sorted(LEVELS), "counted"].any()
    assert df.loc[sorted(LEVELS), "change_personnel"].isna().all()


def test_efp_levels_add_up_to_natos_own_total():
    efp = events().query("date == '2022-06-28'")
    stated = {int(re.search(r"battlegroups: ([\d,]+)", d).group(1).replace(",", "")) for d in efp["description"]}
    assert stated == {9641}
    assert efp["level_personnel"].sum() == 9641


def test_overlapping_rows_the_descriptor_names_are_not_added():
    df = events().set_index("event_id")
    # The table's descriptor (caveats): Romania rows of 2022-02-28, 2022-04-05 and 2022-06-29; the US 20,000
    # includes Feb 2022.
    romania = df[(df["host_iso3"] == "ROU") & df["date"].isin(["2022-02-28", "2022-04-05", "2022-06-29"])]
    assert list(romania.index) == ["FP012", "FP017", "FP027"]
    assert romania["counted"].sum() == 1
    assert df.loc["FP029", "counted"]
    feb = df[(df["actor_group"] == "us") & df["date"].str.startswith("2022-02")]
    assert not feb["counted"].any()
    for eid, by in NOT_ADDED.items():
        assert not df.loc[eid, "counted"] and df.loc[by, "counted"] and by in df.loc[eid, "reason"], eid


def test_only_rows_with_a_figure_are_counted():
    df = events()
    assert df.loc[df["counted"], "change_personnel"].notna().all()
    assert not df.loc[df["change_personnel"].isna(), "counted"].any()


def _expected_from_raw() -> dict[tuple[str, str], int]:
    """Counted sums by (status group, actor group), computed from the raw CSV."""
    europe = set(european_allies())
    out: dict[tuple[str, str], int] = {}
    for r in rows(EVENTS):
        if not r["change_personnel"] or r["event_id"] in LEVELS or r["event_id"] in NOT_ADDED:
            continue
        actors = set(r["actor_iso3"].split(";"))
        group = (
            "us" if actors == {"USA"} else "canada" if actors == {"CAN"} else "europe" if actors <= europe else "mixed"
        )
        status = "executed" if r["status"] == "executed" else "announced or planned"
        out[(status, group)] = out.get((status, group), 0) + int(r["change_personnel"])
    return out


@pytest.mark.parametrize("view", ["date", "host", "total"])
def test_ledger_totals_reproduce_the_events(view):
    expected = _expected_from_raw()
    table = ledger(by=view)
    for status in ("executed", "announced or planned"):
        part = table[table["status_group"] == status]
        for group in ("us", "europe", "canada", "mixed"):
            assert part[group].sum() == expected.get((status, group), 0), (view, status, group)
        assert part["total"].sum() == sum(v for (s, _), v in expected.items() if s == status)


def test_counting_that_contradicts_the_figures_is_refused():
    import pandas as pd

    from nato3.errors import DataValidationError
    from nato3.ledger.events import check_counting

    good = {"event_id": "FP900", "change_personnel": 100, "counting": "counted", "counted_in": None}
    check_counting(pd.DataFrame([good]))
    for bad, column in (
        ({"counting": "level"}, "counting"),  # a level with a change
        ({"change_personnel": None}, "counting"),  # counted without a figure
        ({"counting": "not_added", "counted_in": "FP999"}, "counted_in"),  # counted elsewhere, but nowhere
    ):
        with pytest.raises(DataValidationError) as err:
            check_counting(pd.DataFrame([good | bad]))
        assert err.value.column == column and "FP900" in str(err.value)


def test_hand_checked_totals():
    total = ledger(by="total").set_index("status_group")
    # executed US: +600 (2014) +3,500 (2017) +0 (2021) +20,000 (2022) +0 (2025) -700 (2025)
    assert total.loc["executed", "us"] == 600 + 3500 + 20000 - 700
    # executed Europe: UK Estonia 2022 +850, Croatia in Hungary +800, Germany Lithuania +20, Sweden Latvia +550
    assert total.loc["executed", "europe"] == 850 + 800 + 20 + 550
    # announced US: +500 (2021) -5,000 (Germany, May 2026) +0 (cancelled BCT rotation, FP048) +5,000 (Poland, FP049)
    assert total.loc["announced or planned", "us"] == 500 - 5000 + 0 + 5000


def test_host_filter_and_errors():
    rou = ledger(by="host", host="ROU")
    assert set(";".join(rou["event_ids"]).split(";")) == {"FP017", "FP039", "FP044"}
    with pytest.raises(Nato3Error, match="no event has host 'XXX'") as err:
        ledger(host="XXX")
    assert err.value.parameter == "host"
    with pytest.raises(Nato3Error, match="unknown ledger view 'week'") as err:
        ledger(by="week")
    assert err.value.parameter == "by"


def test_secondary_rows_are_marked():
    from nato3.documents import build

    df = events().set_index("event_id")
    official = set(df.index[df["source_kind"] == "official"])
    assert official == {"FP001", "FP004", "FP043", "FP045"}  # FP045 corrected from an official page (2026-12)
    others = df.drop(index=sorted(official))
    assert others["is_secondary"].all() and not df.loc[sorted(official), "is_secondary"].any()
    assert df.loc["FP040", "source_kind"] == "secondary (blog digest)"
    rows = {r["event_id"]: r for r in build("ledger_events").tables["events"].records()}
    for eid, row in rows.items():  # † on the row's id and on each of its figures, secondary rows only
        marked = {c for c, m in row["marks"].items() if "secondary" in m}
        figures = {c for c in ("change_personnel", "level_personnel") if row[c] is not None}
        assert marked == ({"event_id"} | figures if eid not in official else set()), eid


def test_actor_groups():
    df = events().set_index("event_id")
    assert df.loc["FP042", "actor_group"] == "europe"  # DNK;FRA;ISL;NOR;GBR
    assert df.loc["FP004", "actor_group"] == "mixed"  # includes the US
    assert df.loc["FP033", "actor_group"] == "canada"
    assert df.loc["FP013", "actor_group"] == "mixed"  # a NATO decision
