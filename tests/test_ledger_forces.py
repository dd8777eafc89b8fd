"""Europe's force share and the cost per soldier, checked against NATO's own published aggregate."""

from __future__ import annotations

import pytest

from ledger_raw import rows
from nato3.errors import Nato3Error
from nato3.ledger import cost_per_soldier, europe_personnel, force_share, force_share_long


def test_european_personnel_equals_natos_aggregate_minus_canada():
    nato = {(r["iso3"], r["year"]): r for r in rows("nato_defence_expenditure_2014_2024_ed2024.csv")}
    eur = europe_personnel().set_index("year")
    for year in range(2014, 2025):
        published = float(nato[("NATO_EUR_CAN", str(year))]["military_personnel_thousands"])
        canada = float(nato[("CAN", str(year))]["military_personnel_thousands"])
        assert eur.loc[year, "europe_personnel"] == pytest.approx(1000 * (published - canada), rel=1e-9), year
    assert eur.loc[2024, "n_members"] == 30 and eur.loc[2024, "is_estimate"]


def test_share_against_each_us_reference():
    share = force_share().set_index("date")
    e = europe_personnel().set_index("year").loc[2024, "europe_personnel"]
    assert share.loc["2025-02-27", "share_europe_pct"] == pytest.approx(100 * e / (e + 84000))
    assert share.loc["2025-02-27", "europe_year"] == 2024  # NATO's last personnel year, named
    assert share.loc["2026-03", "us_is_lower_bound"] and not share.loc["2026-03", "is_secondary"]
    assert share.loc["2024", "is_secondary"]
    from nato3.documents import build

    doc = build("ledger_forces")
    assert any("proxy, not capability" in c for c in doc.caveats)
    assert doc.tables["latest"].records()[0]["date"] == "2026-03"  # the newest official US figure: DMDC
    assert set(force_share_long()["iso3"]) == {"group:europe"}


def test_cost_per_soldier_group_is_weighted_and_edition_checked():
    costs = cost_per_soldier(["DEU", "ROU"]).set_index("iso3")
    group = costs.loc["group"]
    expected = (costs.loc["DEU", "personnel_spending_musd"] + costs.loc["ROU", "personnel_spending_musd"]) / (
        costs.loc["DEU", "military_personnel_thousands"] + costs.loc["ROU", "military_personnel_thousands"]
    )
    assert group["cost_per_soldier_usd"] == pytest.approx(1000 * expected)
    assert cost_per_soldier(["ISL", "POL"]).attrs["skipped"] == ["ISL"]
    with pytest.raises(Nato3Error, match="needs edition 2024") as err:
        cost_per_soldier(["POL"], edition="2025")
    assert err.value.parameter == "edition"
    with pytest.raises(Nato3Error, match="publishes no military personnel") as err:
        europe_personnel("2025")
    assert err.value.parameter == "edition"
    with pytest.raises(Nato3Error, match="unknown country 'XXX'"):
        cost_per_soldier(["XXX"])
    with pytest.raises(Nato3Error, match="year 2030 is outside"):
        cost_per_soldier(["POL"], year=2030)
    with pytest.raises(Nato3Error, match="none of ISL has personnel figures"):
        cost_per_soldier(["ISL"])
