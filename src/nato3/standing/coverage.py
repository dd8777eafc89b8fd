"""Which allies and aggregates each NATO edition covers in each year: what the defaults rule
(:mod:`nato3.standing.defaults`) needs to choose a view's year and edition.

Choosing needs only whether each figure is known, not the figures themselves, so one query over
every edition answers it, cached per data generation, instead of aggregating every edition the
rule looks at. An aggregate is known as :mod:`nato3.alliance.aggregates` computes it: an edition
with spending in US$ has its aggregates computed from member rows, and a sum is known when some
member has the figure and no member that reports it in another year of the edition lacks it
(NATO's rule: a total is never a partial sum); the share of GDP needs both spending and GDP. An
edition without money has the rows NATO published. ``tests/test_defaults.py`` checks this answer
against the aggregates themselves for every edition, year and figure.
"""

from __future__ import annotations

from nato3.store.cache import data_cache

SHARE = "defence_share_gdp_pct"
MONEY = "defence_exp_musd_const"
GDP = "gdp_musd_const"
FIGURES = (SHARE, MONEY)


def _coverage_sql() -> str:
    """Member rows (each ally from its accession year), whether its ally reports spending or GDP
    in any year of the edition (a missing figure of a reporter makes the total unknown), and the
    two member sets of NATO's aggregates; the aggregate codes are the one parameter."""
    from nato3.alliance.membership import MEMBER_IN_YEAR

    return f"""
WITH m AS (
    SELECT s.edition, s.year, s.iso3, s.{SHARE} AS share, s.{MONEY} AS spend, s.{GDP} AS gdp,
           coalesce(bool_or(s.{MONEY} > 0) OVER (PARTITION BY s.edition, s.iso3), false) AS reports_spend,
           coalesce(bool_or(s.{GDP} > 0) OVER (PARTITION BY s.edition, s.iso3), false) AS reports_gdp
    FROM nato_series s JOIN countries c ON c.iso3 = s.iso3
    WHERE {MEMBER_IN_YEAR}
),
computed_editions AS (SELECT edition FROM m GROUP BY edition HAVING count(spend) > 0),
sets AS (
    SELECT 'NATO_TOTAL' AS code, * FROM m WHERE edition IN (SELECT edition FROM computed_editions)
    UNION ALL
    SELECT 'NATO_EUR_CAN' AS code, * FROM m
    WHERE iso3 <> 'USA' AND edition IN (SELECT edition FROM computed_editions)
),
computed AS (
    SELECT edition, year, code,
           count(spend) > 0 AND count(*) FILTER (WHERE reports_spend AND spend IS NULL) = 0 AS spend_known,
           count(gdp) > 0 AND count(*) FILTER (WHERE reports_gdp AND gdp IS NULL) = 0 AS gdp_known,
           coalesce(sum(spend) <> 0 OR sum(gdp) <> 0, false) AS ratio_known  -- 0 / 0 has no share
    FROM sets GROUP BY edition, year, code
)
SELECT edition, year, iso3 AS code, share IS NOT NULL AS has_share, spend IS NOT NULL AS has_money FROM m
UNION ALL
SELECT edition, year, code, spend_known AND gdp_known AND ratio_known, spend_known FROM computed
UNION ALL
SELECT s.edition, s.year, s.iso3, s.{SHARE} IS NOT NULL, s.{MONEY} IS NOT NULL
FROM nato_series s JOIN countries c ON c.iso3 = s.iso3
WHERE c.kind = 'aggregate' AND list_contains(?, s.iso3)
  AND s.edition NOT IN (SELECT edition FROM computed_editions)
"""


@data_cache(maxsize=1)
def covered() -> dict[tuple[str, int, str], frozenset[str]]:
    """(edition, year, figure) → the members that year (allies from their accession year) and
    aggregates with ``figure`` known, for ``figure`` in :data:`FIGURES`."""
    from nato3.alliance.aggregates import AGGREGATES
    from nato3.store.database import query

    rows = query(_coverage_sql(), [list(AGGREGATES)])
    found: dict[tuple[str, int, str], set[str]] = {}
    for edition, year, code, has_share, has_money in rows.itertuples(index=False):
        for figure, has in ((SHARE, has_share), (MONEY, has_money)):
            if has:
                found.setdefault((str(edition), int(year), figure), set()).add(str(code))
    return {key: frozenset(codes) for key, codes in found.items()}


def covered_in(edition: str, year: int, figure: str) -> frozenset[str]:
    """Members and aggregates with ``figure`` known in ``year`` of ``edition`` (see :func:`covered`).

    Raises:
        ValueError: ``figure`` is not one of :data:`FIGURES` (the defaults rule needs no other).
    """
    if figure not in FIGURES:
        raise ValueError(f"coverage is known for {', '.join(FIGURES)}, not {figure!r}")
    return covered().get((str(edition), int(year), figure), frozenset())
