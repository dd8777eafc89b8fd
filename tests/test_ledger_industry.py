"""Production capacity: the monthly ×12 conversion, Russia's all-calibre caveat, no silent
averaging or summing, and a ramp-up projection checked by hand."""

from __future__ import annotations

import pytest

from nato3.errors import Nato3Error
from nato3.ledger import production, ramp_up, shells_by_region, years_to_target


def test_us_rows_are_twelve_times_the_stated_monthly_rate():
    df = production("155mm")
    monthly = df[df["monthly_rate"].notna()]
    assert set(monthly["producer"]) == {"USA"} and len(monthly) == 6
    # the 2026 target added in the 2026-12 update: 1.2 million a year = 12 x 100,000 a month (Defense Express)
    assert monthly.set_index("year").loc[2026, "quantity_per_year"] == 1_200_000
    assert (monthly["monthly_rate"] * 12 == monthly["quantity_per_year"]).all()


def test_russia_is_all_calibres_and_says_so():
    shells = shells_by_region()
    russia = shells[shells["region"] == "Russia"]
    assert (russia["calibre"] == "all calibres").all()
    assert russia["caveat"].str.contains("not comparable one-for-one").all()
    assert sorted(russia.loc[russia["year"] == 2024, "quantity_per_year"]) == [3_000_000, 4_500_000]  # both kept
    assert not production("155mm").query("region == 'Russia'")["comparable_with_155mm"].any()
    from nato3.documents import build

    assert any("all calibres" in c for c in build("ledger_industry").caveats)


def test_companies_are_never_in_the_region_table():
    shells = shells_by_region()
    assert set(shells["scope"]) == {"Europe", "EU", "USA", "Russia", "USA+Europe"}
    companies = production().query("producer_type == 'company'")
    assert "Rheinmetall" in set(companies["producer"]) and "Lockheed Martin (USA)" in set(companies["producer"])


def test_aggregator_rows_are_marked_secondary():
    df = production()
    assert df["is_secondary"].all()  # every production figure comes from a news report
    daily8 = df[df["source_url"].str.contains("daily8.com")]
    assert (daily8["source_kind"] == "news (aggregator or reproduction)").all()


def test_ramp_up_by_hand():
    run = ramp_up("Europe", growth=10)  # % a year, as in scenarios
    proj = run.frame
    # Base: EU capacity of 1,000,000 a year in Jan 2024; target: 2,000,000 for 2025 (EU and NATO SG).
    assert run.base["quantity_per_year"] == 1_000_000 and run.base["year"] == 2024
    assert run.target == 2_000_000
    # 1.1**7 = 1.949 < 2 <= 1.1**8 = 2.144: eight years, 2032.
    assert (run.years_to_target, run.reached_in) == (8, 2032)
    assert proj.loc[proj["year"] == 2027, "projected"].item() == pytest.approx(1_331_000)
    assert not proj["is_projection"].iloc[0] and proj["is_projection"].iloc[1:].all()
    assert any("assumption" in c for c in run.caveats)
    usa = ramp_up("USA", growth=25, target=1_200_000)
    assert usa.base["quantity_per_year"] == 480_000 and usa.years_to_target == 5  # 1.25**5 = 3.05


def test_years_to_target_edges_and_errors():
    assert years_to_target(2.0, 1.0, 10) == 0
    assert years_to_target(1.0, 2.0, 0.0) is None
    assert years_to_target(1.0, 2.0, 100) == 1
    for growth in (500, -60, float("nan")):
        with pytest.raises(Nato3Error, match="outside -50..200") as err:
            ramp_up(growth=growth)
        assert err.value.parameter == "growth" and "--" not in str(err.value)
    with pytest.raises(
        Nato3Error, match="no 155mm output or capacity figure for 'Asia'; regions with such figures: Europe, USA"
    ) as err:
        ramp_up("Asia")
    assert err.value.parameter == "region"
    with pytest.raises(Nato3Error, match="unknown item 'drones'") as err:
        production("drones")
    assert err.value.parameter == "item"
    with pytest.raises(Nato3Error, match="until 2010 is outside 2024..2100") as err:
        ramp_up(until=2010)
    assert err.value.parameter == "until"
    with pytest.raises(Nato3Error, match="target 0 is not a positive number") as err:
        ramp_up(target=0)
    assert err.value.parameter == "target"


def test_library_messages_name_no_cli_flag():
    """Library errors name the parameter; the CLI adds the flag. None of the ledger's messages says '--'."""
    import re
    from pathlib import Path

    import nato3.ledger

    folder = Path(nato3.ledger.__file__).parent
    for path in folder.glob("*.py"):
        for message in re.findall(r"(?:Nato3Error|ValueError)\(\s*f?\"([^\"]*)\"", path.read_text(encoding="utf-8")):
            assert "--" not in message, (path.name, message)


def test_region_names_are_case_insensitive_and_russia_is_named_honestly():
    """Russia's figures are all-calibre estimates, not 155 mm: the error must not list it as a region
    with 155 mm figures (it used to say 'no figure for Russia; regions with figures: …, Russia')."""
    assert ramp_up("usa", target=1_200_000).base["producer"] == ramp_up("USA", target=1_200_000).base["producer"]
    with pytest.raises(Nato3Error) as err:
        ramp_up("Russia")
    assert "Russia" not in str(err.value).split("regions with such figures:")[1]
