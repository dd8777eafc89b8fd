"""Announced plans: floors, not cuts; odds from the fitted noise; the announcement each row used."""

from __future__ import annotations

import pytest

from nato3.projection.announced import as_floors
from nato3.projection.runner import project


@pytest.mark.parametrize(
    ("points", "b0", "expected", "held"),
    [
        ({2026: 3.0}, 3.22, {2026: 3.22}, [2026]),  # below the current share: a floor, not a cut
        ({2026: 3.0, 2028: 3.1}, 3.22, {2026: 3.22, 2028: 3.22}, [2026, 2028]),
        ({2026: 3.0, 2030: 4.0}, 3.22, {2026: 3.22, 2030: 4.0}, [2026]),
        ({2026: 3.5, 2030: 3.0}, 3.22, {2026: 3.5, 2030: 3.0}, []),  # the plan itself says the share falls
        ({2027: 2.5, 2035: 3.5}, 2.4, {2027: 2.5, 2035: 3.5}, []),
    ],
)
def test_announcements_are_floors_unless_the_plan_says_the_share_falls(points, b0, expected, held):
    assert as_floors(points, b0) == (expected, held)


@pytest.fixture(scope="module")
def announced():
    return project("announced-plans", draws=4_000, seed=2035)


def test_the_uk_keeps_its_share_instead_of_falling_to_the_announced_2_5_percent(announced):
    """From NATO's 2026e (2.56 %, 2026 edition), the UK's announced 2.5 % for 2027 is a floor, not a cut;
    Latvia's own plan falls from 5 % in 2027 to 4.87 % in 2028, and so does its path."""
    share, rows = announced.wide(), announced.summary.set_index("iso3")
    assert rows.loc["GBR", "base_share_pct"] == pytest.approx(2.56) and rows.loc["GBR", "base_share_year"] == 2026
    assert share.loc["GBR", 2027] == pytest.approx(2.56)
    assert "floor" in rows.loc["GBR", "policy"]
    assert share.loc["LVA", 2027] == pytest.approx(5.0) and share.loc["LVA", 2028] == pytest.approx(4.87)


def test_denmark_keeps_its_share_instead_of_falling_to_the_announced_3_percent(announced):
    """Denmark's 2026e is 3.49 % (NATO's 2026 edition, SOURCES.md section 12); its announced 3 % for 2026
    never becomes a cut."""
    share = announced.wide()
    assert announced.summary.set_index("iso3").loc["DNK", "base_share_pct"] == pytest.approx(3.49)
    assert share.loc["DNK", 2026:2035].tolist() == pytest.approx([3.49] * 10)


def test_germanys_odds_come_from_the_noise_not_from_landing_on_the_target(announced):
    row = announced.summary.set_index("iso3").loc["DEU"]
    assert row["year_reaching_target"] == 2029 and announced.wide().loc["DEU", 2035] == pytest.approx(3.5)
    assert row["p_reach_by_horizon"] != 0.5 and 0.2 < row["p_reach_by_horizon"] < 0.6
    assert row["share_p05_horizon"] < 3.0 and row["share_p95_horizon"] > 4.0  # the fitted band, not ±5 %


def test_each_row_names_the_announcement_used_and_its_credibility(announced):
    rows = announced.summary.set_index("iso3")
    assert "2029: 3.5 % (announced 2025-06-24" in rows.loc["DEU", "announcement"]
    assert rows.loc["DEU", "credibility"] == "front-loaded"
    assert rows.loc["FRA", "fell_back"] and not isinstance(rows.loc["FRA", "announcement"], str)  # money only
    from nato3.documents.projection import document

    doc = document(announced, "announced-plans")
    deu = next(a for a in doc.tables["paths_allies"].records() if a["iso3"] == "DEU")
    assert deu["announcement"] == rows.loc["DEU", "announcement"] and deu["credibility"] == "front-loaded"


def test_json_names_no_announcement_as_null(announced):
    from nato3.documents.projection import document
    from nato3.plain import dumps, loads

    doc = loads(dumps(document(announced, "announced-plans").to_dict()))
    fra = next(a for a in doc["tables"]["paths_allies"]["rows"] if a["iso3"] == "FRA")
    assert fra["announcement"] is None and fra["fell_back"] is True
