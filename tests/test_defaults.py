"""The defaults rule chooses each view's year and edition from which allies and aggregates an
edition covers. That coverage comes from one cheap query (nato3.standing.coverage); here it is
checked against the aggregates themselves (nato3.alliance.aggregates, NATO's own rules), on the
bundled data and on data with gaps, zeros and money added where NATO has none."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nato3.alliance.aggregates import AGGREGATES, METHOD_COMPUTED, nato_aggregates
from nato3.alliance.membership import members
from nato3.standing import defaults
from nato3.standing.coverage import FIGURES, GDP, MONEY, SHARE, coverage_of_editions, covered_in
from nato3.store import cache


def reference(edition: str, year: int, figure: str) -> tuple[frozenset[str], frozenset[str]]:
    """Coverage as the aggregates give it: every member's row, and each aggregate's figure as
    nato_aggregates computes it (or NATO published it)."""
    from nato3.store.database import query

    expected = set(members(year)) & defaults.reporting_allies()
    got = query(
        f"SELECT iso3 FROM nato_series WHERE edition = ? AND year = ? AND {figure} IS NOT NULL", [edition, year]
    )
    have = expected & set(got["iso3"])
    agg = nato_aggregates(edition)
    have |= set(agg.loc[(agg["year"] == year) & agg[figure].notna(), "iso3"]) & set(AGGREGATES)
    return frozenset(have), frozenset((expected | set(AGGREGATES)) - have)


# What the scan answers besides coverage, as plain queries.
REPORTING_SQL = (
    "SELECT DISTINCT s.iso3 FROM nato_series s JOIN countries c ON c.iso3 = s.iso3 "
    "WHERE c.kind = 'ally' AND s.defence_share_gdp_pct IS NOT NULL"
)
NO_FORCES_SQL = (
    "SELECT s.iso3 FROM nato_series s JOIN countries c ON c.iso3 = s.iso3 WHERE c.kind = 'ally' "
    "GROUP BY s.iso3 HAVING coalesce(max(s.defence_exp_musd_const), 0) <= 0 "
    "AND coalesce(max(s.defence_share_gdp_pct), 0) <= 0"
)


def check_reporting_and_no_forces():
    """Also: the editions whose aggregates are computed are those nato_aggregates computes."""
    from nato3.store.database import query

    scanned = coverage_of_editions()
    assert scanned.reporting == set(query(REPORTING_SQL)["iso3"])
    assert scanned.no_forces == set(query(NO_FORCES_SQL)["iso3"])
    editions = query("SELECT DISTINCT edition FROM nato_series")["edition"]
    methods = {e: nato_aggregates(e)["aggregate_method"].iloc[0] for e in editions}
    assert scanned.computed == {e for e, method in methods.items() if method == METHOD_COMPUTED}


def all_cases():
    from nato3.store.database import query

    years = query("SELECT edition, min(year) AS first, max(year) AS last FROM nato_series GROUP BY edition")
    for edition, first, last in years.itertuples(index=False):
        for year in range(int(first) - 1, int(last) + 2):
            for figure in FIGURES:
                yield str(edition), year, figure


def test_coverage_equals_the_aggregates_on_the_bundled_data():
    cases = list(all_cases())
    assert len({c[0] for c in cases}) >= 3  # the 2024, 2025 and 2026 editions at least
    for edition, year, figure in cases:
        assert defaults.coverage(edition, year, figure) == reference(edition, year, figure), (edition, year, figure)
    check_reporting_and_no_forces()
    assert coverage_of_editions().no_forces == {"ISL"}  # Iceland has no armed forces
    assert coverage_of_editions().computed == {"2024"}  # the one edition with spending in US$
    assert len(defaults.reporting_allies()) == 31  # every other ally of 2026


def test_the_defaults_rule_on_the_bundled_editions():
    """NATO's 2026 edition covers every ally and both aggregates in 2026e; its 2025 edition lacks
    Germany's 2025e, so its newest complete year is 2024; only the 2024 edition has US$."""
    view = defaults.standing_view()
    assert (view.year, view.edition.label, view.complete) == (2026, "2026", True)
    assert defaults.standing_view(None, "2025").year == 2024
    have, missing = defaults.coverage("2025", 2025)
    assert missing == {"DEU"} and {"NATO_TOTAL", "NATO_EUR_CAN"} <= have
    money = defaults.money_view()
    assert (money.year, money.edition.label, money.complete) == (2024, "2024", True)


def test_coverage_knows_only_the_figures_the_rule_needs():
    with pytest.raises(ValueError, match="equipment_share_pct"):
        covered_in("2024", 2024, "equipment_share_pct")


# Cells of the bundled 2024 (money, computed aggregates) and 2026 (shares, published aggregates)
# editions changed: (edition, ally, year, column, new value). The allies: the United States (in
# NATO Total only), Iceland (no armed forces), late members (Montenegro, Finland, Sweden), others.
CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["2024", "2026"]),
        st.sampled_from(["USA", "ISL", "MNE", "FIN", "SWE", "DEU", "POL"]),
        st.integers(2014, 2026),
        st.sampled_from([SHARE, MONEY, GDP]),
        st.sampled_from([None, 0.0, 1.5]),
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def bundled_rows():
    from nato3.store.database import query

    series = query("SELECT * FROM nato_series WHERE edition IN ('2024', '2026')")
    countries = query("SELECT * FROM countries")
    return series, countries


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=CHANGES)
@example(changes=[("2024", "ISL", 2020, SHARE, 0.0)])  # a zero is no defence figure: still without forces
@example(changes=[("2024", "USA", 2024, MONEY, None)])  # NATO Total unknown, Europe and Canada known
@example(changes=[("2024", "DEU", 2020, GDP, None)])  # no share of GDP for either aggregate
@example(changes=[("2026", "SWE", 2026, MONEY, 1.5)])  # money in the 2026 edition: computed aggregates
def test_coverage_equals_the_aggregates_with_gaps_and_zeros(monkeypatch, bundled_rows, changes):
    series, countries = bundled_rows
    series = series.copy()
    for edition, iso3, year, column, value in changes:
        series.loc[(series["edition"] == edition) & (series["iso3"] == iso3) & (series["year"] == year), column] = value
    con = duckdb.connect()
    con.register("series_frame", series)
    con.register("countries_frame", countries)
    con.execute("CREATE TABLE nato_series AS SELECT * FROM series_frame")
    con.execute("CREATE TABLE countries AS SELECT * FROM countries_frame")

    def query(sql, params=None):
        return con.cursor().execute(sql, params or []).df()

    import nato3.alliance.aggregates
    import nato3.alliance.membership
    import nato3.store.database

    for module in (nato3.store.database, nato3.alliance.aggregates, nato3.alliance.membership):
        monkeypatch.setattr(module, "query", query)
    monkeypatch.setattr(nato3.store.database, "connect", con.cursor)
    cache.clear()
    try:
        for edition in ("2024", "2026"):
            for year in range(2013, 2028):
                for figure in FIGURES:
                    got = defaults.coverage(edition, year, figure)
                    assert got == reference(edition, year, figure), (edition, year, figure)
        check_reporting_and_no_forces()
    finally:
        monkeypatch.undo()
        cache.clear()


def test_status_aggregates_are_the_alliance_rules_or_natos_rows():
    """Where each ally stands shows, for both aggregates, what nato_aggregates gives: computed from
    member rows in the 2024 edition, NATO's published rows in the 2025 and 2026 editions (NATO
    Total 2.86 % and Europe and Canada 2.53 % in 2026e, as NATO published)."""
    from nato3.standing.status import FIGURES, NO_AGGREGATE, standing

    for edition, year in (("2024", 2024), ("2024", 2014), ("2025", 2024), ("2025", 2025), ("2026", 2026)):
        frame = standing(year, edition, defaults.reporting_allies()).set_index("iso3")
        agg = nato_aggregates(edition).set_index(["iso3", "year"])
        for code in AGGREGATES:
            for figure in FIGURES:
                shown = frame.at[code, figure]
                expected = agg.at[(code, year), figure] if figure not in NO_AGGREGATE else float("nan")
                assert shown == expected or (shown != shown and expected != expected), (edition, year, code, figure)
            assert frame.at[code, "aggregate_method"] == agg.at[(code, year), "aggregate_method"]
    latest = standing(2026, "2026", defaults.reporting_allies()).set_index("iso3")["defence_share_gdp_pct"]
    assert (latest["NATO_TOTAL"], latest["NATO_EUR_CAN"]) == (2.86, 2.53)
