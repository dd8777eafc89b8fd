"""Pledges met, checked against counts NATO's Secretary General published."""

from __future__ import annotations

import nato3
from nato3.standing.pledges import get_pledge, pledges


def _meeting(year, pledge, edition):
    df = nato3.status(year=year, edition=edition)
    allies = df[df.kind == "ally"]
    return set(allies.loc[allies[f"meets_{pledge}"].fillna(False).astype(bool), "iso3"])


def test_pledges_are_defined_once_as_data():
    assert list(pledges()) == ["wales-2", "wales-equipment-20", "hague-core-3.5", "hague-total-5"]
    assert get_pledge("hague-core-3.5").threshold_pct == 3.5
    assert get_pledge("hague-core-3.5").deadline_year == 2035


def test_three_allies_met_2_percent_in_2014():
    """Stoltenberg, 17 June 2024 (Reuters): in 2014 only the United States, Greece and Britain met 2 %."""
    assert _meeting(2014, "wales-2", "2024") == {"USA", "GRC", "GBR"}


def test_23_allies_meet_2_percent_in_2024():
    """Stoltenberg, 17 June 2024: "Twenty-three allies are going to spend 2% of GDP or more on
    defence this year" (2024 edition, 2024 estimates)."""
    assert len(_meeting(2024, "wales-2", "2024")) == 23


def test_2025_at_or_above_3_5_percent_are_exactly_those_in_the_data():
    """2025 edition estimates: Poland 4.48, Lithuania 4.00, Latvia 3.73 (Defense Express, Aug 2025)."""
    assert _meeting(2025, "hague-core-3.5", "2025") == {"POL", "LTU", "LVA"}  # the default is now the 2026 edition


def test_total_5_percent_is_unknown_never_false():
    for year, edition in [(2024, "2024"), (2025, None), (2014, "2024")]:
        df = nato3.status(year=year, edition=edition)
        assert df["meets_hague-total-5"].isna().all()


def test_unknown_share_gives_unknown_pledge():
    df = nato3.status(year=2024, edition="2024").set_index("iso3")
    assert df.loc["ISL", ["meets_wales-2", "meets_wales-equipment-20", "meets_hague-core-3.5"]].isna().all()
    assert get_pledge("wales-2").met(None) is None
    assert get_pledge("wales-2").met(2.0) is True and get_pledge("wales-2").met(1.999) is False
